"""The PostgreSQL fast path of the deduction lines (timesheets/pg.py: DEDUCTION_UPSERT)
writes what the portable path of services/netpay.py writes, row for row."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection

from tests.factories import EmployeeFactory
from timesheets import pg
from timesheets.models import LineKind, PayrollLine, PayrollRun, TaxCard
from timesheets.services.netpay import deduction_lines_write
from timesheets.services.payroll import payroll_run_build

AUGUST = datetime.date(2025, 8, 1)


def lines(run):
    return {
        (line.employee_id, line.key): (line.kind, line.description, line.percentage, line.basis, line.amount)
        for line in PayrollLine.objects.filter(run=run)
    }


def pay(run, employee, kind, amount, key=None):
    PayrollLine.objects.create(
        run=run, employee=employee, kind=kind, key=key or kind.value, description=kind.label, amount=Decimal(amount)
    )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="compares the PostgreSQL fast path with the portable one")
@pytest.mark.postgres
def test_the_postgresql_deduction_lines_are_the_portable_ones(flex, monkeypatch):
    organization = flex.organization
    people = [flex.employee] + [
        EmployeeFactory(organization=organization, annual_salary=Decimal(salary))
        for salary in ("623457.13", "480000.07", "555555.55", "600000", "600000", "600000")
    ]
    none_paid = EmployeeFactory(organization=organization, salary_term=None)

    def scenario(enabled):
        monkeypatch.setattr(pg, "ENABLED", enabled)
        flex.settings.tax_flat_rate = Decimal("50")
        flex.settings.pension_member_rate = Decimal("2.35")
        flex.settings.holiday_pay_rate = Decimal("12.5")
        flex.settings.save()
        TaxCard.objects.create(organization=organization, employee=people[0], year=2025, percentage=Decimal("31.5"))
        TaxCard.objects.create(
            organization=organization, employee=people[1], year=2025, percentage=Decimal("37.25"), table_number="7100"
        )
        TaxCard.objects.create(organization=organization, employee=people[2], year=2024, percentage=Decimal("10"))
        run = payroll_run_build(organization=organization, period=AUGUST)
        pay(run, people[3], LineKind.HOURLY, "333.33", key="hourly:250.00")
        pay(run, people[3], LineKind.OVERTIME, "166.67", key="overtime:x")
        # more deducted than paid: pension on the salary, no tax, holiday pay on the negative gross
        pay(run, people[4], LineKind.FLEX_DEDUCTION, "-60000.04")
        # gross exactly 0: pension only
        pay(run, people[5], LineKind.FLEX_DEDUCTION, "-50000.00")
        # only a negative figure, nothing pensionable: holiday pay of -100.04 x 12.5 % = -12.505 -> -12.51
        pay(run, none_paid, LineKind.FLEX_DEDUCTION, "-100.04")
        first = deduction_lines_write(run=run)
        written = lines(run)
        again = deduction_lines_write(run=run)  # nothing changed: nothing written
        ids = dict(PayrollLine.objects.filter(run=run).values_list("key", "id").filter(employee=people[0]))
        # A change: the card with a table goes, the pension rate goes to 0, one loses all pay.
        TaxCard.objects.filter(employee=people[1]).delete()
        flex.settings.pension_member_rate = Decimal("0")
        flex.settings.save()
        PayrollLine.objects.filter(run=run, employee=people[6], kind=LineKind.SALARY).delete()
        changed = deduction_lines_write(run=run)
        rewritten = lines(run)
        kept = dict(PayrollLine.objects.filter(run=run).values_list("key", "id").filter(employee=people[0]))
        assert all(kept[key] == ids[key] for key in kept)  # a changed line keeps its id
        PayrollLine.objects.all().delete()
        PayrollRun.objects.all().delete()
        TaxCard.objects.all().delete()
        return first, written, again, changed, rewritten

    fast = scenario(True)
    portable = scenario(False)
    assert fast == portable
    first, written, again, changed, rewritten = fast
    assert again == 0 and first > 0 and changed > 0
    assert written[(people[4].id, LineKind.PENSION.value)][4] < 0
    assert (people[4].id, LineKind.TAX.value) not in written
    assert written[(none_paid.id, LineKind.HOLIDAY_ACCRUAL.value)][4] == Decimal("-12.51")
    assert {key for employee, key in written if employee == people[5].id} == {"salary", "flex_deduction", "pension"}
    assert "7100" in written[(people[1].id, LineKind.TAX.value)][1]
    # stale lines removed: no pension any more, nothing for the one without pay
    assert not [key for key in rewritten if key[1] == LineKind.PENSION.value]
    assert not [key for key in rewritten if key[0] == people[6].id]
    assert rewritten[(people[1].id, LineKind.TAX.value)][2] == Decimal("50")


@pytest.mark.parametrize("enabled", [True, False])
def test_the_tax_line_reads_in_the_organizations_language_whoever_builds_it(flex, monkeypatch, enabled):
    from django.utils import translation

    monkeypatch.setattr(pg, "ENABLED", enabled)
    TaxCard.objects.create(
        organization=flex.organization, employee=flex.employee, year=2025, percentage=Decimal("30"), table_number="7100"
    )
    with translation.override("en"):  # a job, or an English-speaking HR admin
        run = payroll_run_build(organization=flex.organization, period=AUGUST)
    tax = PayrollLine.objects.get(run=run, employee=flex.employee, kind=LineKind.TAX)
    assert tax.description == "Skattekort 2025, tabell 7100 (tabellen beregnes ikke)"
