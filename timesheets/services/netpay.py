"""Net pay: the deductions and the holiday-pay accrual of a payroll run, per employee.

For each employee with pay in the run (all amounts Decimal, each line rounded once with
hrsuite.money.round_money, half up):

- pension member contribution = pensionable salary (fixed salary and hourly pay, as the pension
  fund counts them: selectors.payroll.PENSIONABLE_KINDS) x the rate the pension fund
  supplies (hrsuite.contributions.pension_member_rate), or the organization's own rate;
- taxable gross = gross pay - the pension member contribution;
  tax withholding = taxable gross x the percentage of the employee's tax card for the
  run's year, or the organization's flat rate where no card is known. Statutory tax tables
  are NOT computed: a Norwegian card's table number is recorded, its percentage applied;
- holiday-pay basis = gross pay; the accrual at the organization's rate is recorded as an
  information line (it is paid out in the holiday month, not now);
- net pay = gross pay - deductions. Deduction lines hold negative amounts, so the sum of a
  payslip's pay and deduction lines is its net pay.

On PostgreSQL the whole computation is one statement that inserts the new lines, updates the
changed and deletes the stale (timesheets/pg.py: DEDUCTION_UPSERT): at 10,000 employees the
rows never reach Python. Elsewhere (SQLite), set-based: one aggregate query
over the run's pay lines, one read of its deduction lines,
one upsert of the lines that changed (their ids stay) and one delete of lines no longer
due, however many employees the run holds (on SQLite the upsert goes in batches of 1,000).
"""

import uuid
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import DecimalField, OuterRef, Q, Subquery, Sum
from django.utils.translation import gettext as _
from django.utils.translation import override

from hrsuite.contributions import pension_member_rate
from hrsuite.models import Organization
from hrsuite.modules import with_switches
from hrsuite.money import percentage_of, round_money
from timesheets import bulk, calendar, pg
from timesheets.models import NOT_PAY_KINDS, LineKind, PayrollLine, PayrollRun, TaxCard
from timesheets.selectors.payroll import PENSIONABLE_KINDS
from timesheets.services.settings import timesheet_settings_get

ZERO = Decimal("0")
FIELDS = ["id", "run", "employee", "kind", "key", "description", "percentage", "basis", "amount"]


def _amount_sum(condition: Q) -> Sum:
    return Sum("amount", filter=condition, default=ZERO)


@transaction.atomic
def deduction_lines_write(*, run: PayrollRun) -> int:
    """(Re)write the tax, pension and holiday-pay lines of every employee in a draft run from
    its pay lines as they are now. A published or closed run never changes. Returns lines written."""
    run = PayrollRun.objects.select_for_update().get(pk=run.pk)
    if not run.is_draft:
        return 0
    # with its module switches in the same query: the pension fund's rate provider asks
    # whether the fund's module is on for the organization
    organization = with_switches(Organization.objects.filter(pk=run.organization_id)).get()
    settings = timesheet_settings_get(organization=organization)
    pension_rate = pension_member_rate(organization=organization, day=calendar.month_end(run.period))
    if pension_rate is None:
        pension_rate = settings.pension_member_rate
    if pg.available():
        params = _sql_params(run.period.year, pension_rate, settings, organization.language)
        return pg.deduction_upsert(run=run, params=params)
    card = TaxCard.objects.filter(employee_id=OuterRef("employee_id"), year=run.period.year)
    figures = (
        PayrollLine.objects.filter(run=run)
        .values("employee_id")
        .annotate(
            gross=_amount_sum(~Q(kind__in=NOT_PAY_KINDS)),
            pensionable=_amount_sum(Q(kind__in=PENSIONABLE_KINDS)),
            card_percentage=Subquery(card.values("percentage")[:1], output_field=DecimalField()),
            card_table=Subquery(card.values("table_number")[:1]),
        )
        .order_by()
        .values_list("employee_id", "gross", "pensionable", "card_percentage", "card_table")
    )
    existing = {
        (employee_id, kind): (line_id, values)
        for line_id, employee_id, kind, *values in PayrollLine.objects.filter(run=run, kind__in=NOT_PAY_KINDS)
        .order_by()
        .values_list("id", "employee_id", "kind", "description", "percentage", "basis", "amount")
    }
    year = run.period.year
    descriptions = {}  # one translated text per kind of card, not one per employee
    rows = []
    for employee_id, gross, pensionable, card_percentage, card_table in figures:
        card_key = (card_percentage is not None, card_table)
        if card_key not in descriptions:
            descriptions[card_key] = _tax_description(year, *card_key, language=organization.language)
        for kind, *values in employee_lines(
            gross=gross,
            pensionable=pensionable,
            pension_rate=pension_rate,
            tax_percentage=settings.tax_flat_rate if card_percentage is None else card_percentage,
            holiday_rate=settings.holiday_pay_rate,
            tax_description=descriptions[card_key],
        ):
            line_id, stored = existing.pop((employee_id, kind), (None, None))
            if stored != values:  # unchanged lines are not written again
                rows.append((line_id or uuid.uuid4(), run.id, employee_id, kind, kind.value, *values))
    if existing:  # lines no longer due (a card or rate of 0, no pay any more)
        PayrollLine.objects.filter(id__in=[line_id for line_id, _values in existing.values()]).delete()
    # One statement on PostgreSQL (insert_rows sends batch_size x 10 rows per statement there).
    batch_size = max(len(rows), 1) if connection.vendor == "postgresql" else 1000
    update = {name: bulk.excluded(PayrollLine, name) for name in ("description", "percentage", "basis", "amount")}
    return bulk.insert_rows(
        PayrollLine, FIELDS, rows, conflict=["run", "employee", "key"], update=update, batch_size=batch_size
    )


def employee_lines(
    *,
    gross: Decimal,
    pensionable: Decimal,
    pension_rate: Decimal,
    tax_percentage: Decimal,
    holiday_rate: Decimal,
    tax_description: str = "",
) -> list[tuple]:
    """The lines (kind, description, percentage, basis, amount) of one employee's month.
    Nothing is withheld from a month without positive pay."""
    lines = []
    pension = ZERO
    if pensionable > 0 and pension_rate > 0:
        pension = round_money(percentage_of(pensionable, pension_rate))
        lines.append((LineKind.PENSION, "", pension_rate, round_money(pensionable), -pension))
    taxable = gross - pension
    if taxable > 0:
        tax = round_money(percentage_of(taxable, tax_percentage))
        lines.append((LineKind.TAX, tax_description, tax_percentage, round_money(taxable), -tax))
    if gross != 0 and holiday_rate > 0:
        lines.append(
            (
                LineKind.HOLIDAY_ACCRUAL,
                "",
                holiday_rate,
                round_money(gross),
                round_money(percentage_of(gross, holiday_rate)),
            )
        )
    return lines


def _sql_params(year: int, pension_rate: Decimal, settings, language: str) -> dict:
    """The rates, kinds and translated descriptions pg.DEDUCTION_UPSERT needs: the same texts
    as _tax_description, the table number spliced in by SQL around a marker."""
    marker = "\x00"
    before, after = _tax_description(year, True, marker, language=language).split(marker)
    return {
        "not_pay": [kind.value for kind in NOT_PAY_KINDS],
        "pensionable": [kind.value for kind in PENSIONABLE_KINDS],
        "pension_kind": LineKind.PENSION.value,
        "tax_kind": LineKind.TAX.value,
        "holiday_kind": LineKind.HOLIDAY_ACCRUAL.value,
        "pension_rate": pension_rate,
        "flat_rate": settings.tax_flat_rate,
        "holiday_rate": settings.holiday_pay_rate,
        "no_card": _tax_description(year, False, None, language=language),
        "card": _tax_description(year, True, "", language=language),
        "table_before": before,
        "table_after": after,
    }


def _tax_description(year: int, has_card: bool, table: str | None, *, language: str) -> str:
    """The tax line's text, stored with the line in the organization's language: a payslip
    reads the same for everyone and ever after, whoever built the run in which language."""
    with override(language):
        if not has_card:
            return _("No tax card for %(year)s: flat rate") % {"year": year}
        if table:
            return _("Tax card %(year)s, table %(table)s (table not computed)") % {"year": year, "table": table}
        return _("Tax card %(year)s") % {"year": year}
