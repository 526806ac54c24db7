"""An approved month is frozen: its figures, its rate and its overtime and flex lines stay as
approved whatever changes later (a raise, a new divisor, a pay type's percentage); only an
audited reopen changes them."""

import datetime
from decimal import Decimal

import pytest

from hrsuite.models import SalaryType
from hrsuite.salary_terms import salary_term_set
from tests.timesheets.test_seed_august import AFTER_AUGUST, AUGUST, approve_august, log_august
from timesheets.models import LineKind, MonthlyOverview, PayrollLine
from timesheets.services.overviews import OVERVIEW_FIELDS, overview_reopen
from timesheets.services.period import payroll_period_process

D = Decimal
# Every figure of the overview, and when and at what rate it was approved.
FIELDS = [
    *(name for name in OVERVIEW_FIELDS if name not in {"id", "organization", "employee", "month", "computed_at"}),
    "hourly_rate",
    "approved_at",
]


def frozen(overview):
    row = MonthlyOverview.objects.filter(pk=overview.pk).values(*FIELDS).get()
    lines = set(PayrollLine.objects.filter(overview=overview).values_list("id", "kind", "hours", "rate", "amount"))
    return row, lines


def raise_from(flex, day, annual):
    salary_term_set(
        employee=flex.employee,
        valid_from=day,
        salary_type=SalaryType.MONTHLY,
        annual_salary=D(annual),
        hourly_wage=None,
        employment_percentage=D("100"),
        normal_hours_per_day=None,
        actor=None,
    )


@pytest.mark.parametrize("raise_day", [datetime.date(2025, 8, 20), datetime.date(2025, 8, 1)])
def test_the_issue_s_reproduction_a_raise_then_the_job_again_leaves_the_approved_month(flex, raise_day):
    """Approved August: 4 h overtime at 400 (800) and 4 h paid out (1,600). A raise to
    975,000 (rate 500) in force by 31 August, then the payroll-period job for August again:
    before, a 0.00 h line worth +200 (and +400 on the pay-out) joined the approved month."""
    log_august(flex)
    overview = approve_august(flex, payout=D("4"))
    payroll_period_process(organization=flex.organization, period=AUGUST, today=AFTER_AUGUST)
    before = frozen(overview)
    assert {(kind, amount) for _id, kind, _hours, _rate, amount in before[1]} == {
        (LineKind.OVERTIME, D("800.00")),
        (LineKind.FLEX_PAYOUT, D("1600.00")),
    }

    raise_from(flex, raise_day, "975000")
    flex.settings.annual_hours_divisor = D("1800")
    flex.settings.save()
    flex.overtime50.percentage = D("100")
    flex.overtime50.save()
    payroll_period_process(organization=flex.organization, period=AUGUST, today=AFTER_AUGUST)
    payroll_period_process(organization=flex.organization, period=AUGUST, today=datetime.date(2025, 10, 3))
    assert frozen(overview) == before


def test_only_an_audited_reopen_reprices_the_month(flex, owner):
    log_august(flex)
    overview = approve_august(flex)
    raise_from(flex, datetime.date(2025, 8, 20), "975000")
    overview_reopen(overview=overview, actor=owner)
    overview = approve_august(flex)
    line = PayrollLine.objects.get(overview=overview, kind=LineKind.OVERTIME)
    assert (overview.hourly_rate, line.amount) == (D("500.00"), D("1000.00"))  # 4 h x 500 x 50 %
