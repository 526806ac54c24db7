"""Pay codes of the accountant export: one code per payroll line kind (README, "Exports").

Every LineKind has a code (a test checks it): a new kind needs one here before its lines can
be exported. Codes below 9000 are pay, 9000 and up deductions and accruals.
"""

from typing import NamedTuple

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from timesheets.models import LineKind


class PayCode(NamedTuple):
    code: str
    name: str | Promise


PAY_CODES: dict[str, PayCode] = {
    LineKind.SALARY: PayCode("1000", _("Fixed salary")),
    LineKind.HOURLY: PayCode("1010", _("Hourly pay")),
    LineKind.OVERTIME: PayCode("1100", _("Overtime supplement")),
    LineKind.FLEX_PAYOUT: PayCode("1200", _("Flex hours paid out")),
    LineKind.FLEX_DEDUCTION: PayCode("1210", _("Flex hours deducted")),
    LineKind.TAX: PayCode("9000", _("Tax withholding")),
    LineKind.PENSION: PayCode("9100", _("Pension member contribution")),
    LineKind.HOLIDAY_ACCRUAL: PayCode("9500", _("Holiday pay accrued")),
}
