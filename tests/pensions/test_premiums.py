"""Premiums, invoices, payments and the annual settlement, on worked examples with exact
Decimal results."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from hrsuite.contributions import pension_member_rate
from pensions.models import AnnualSettlement, Invoice, InvoiceKind, InvoiceLine, SalaryReport
from pensions.selectors.premiums import account_balance, invoices_for, payment_status
from pensions.services.period import period_run
from pensions.services.premiums import (
    annual_settlement_run,
    payment_register,
    premium_budget,
    premium_invoice_create,
)
from tests.factories import OrganizationFactory, UserFactory
from tests.pensions.factories import PERIOD, fund_employer, members, rate, receive, rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def employer():
    organization = fund_employer()
    rate(organization, employer="12.000", member="2.000")
    return organization


def test_the_premium_of_a_period_worked_example(employer):
    # 50,000.00 at 12 % + 2 % = 6,000.00 + 1,000.00; 41,666.67 -> 5,000.0004 -> 5,000.00 and
    # 833.3334 -> 833.33; a part-timer's 12,345.55 -> 1,481.466 -> 1,481.47 and 246.911 -> 246.91.
    staff = members(employer, 3)
    report = receive(employer, rows(staff, ["50000.00", "41666.67", "12345.55"], ["100", "100", "40"])).report
    invoice = premium_invoice_create(report=report)
    lines = {
        line.employee_id: (line.employer_amount, line.member_amount)
        for line in InvoiceLine.objects.filter(invoice=invoice)
    }
    assert lines == {
        staff[0].id: (Decimal("6000.00"), Decimal("1000.00")),
        staff[1].id: (Decimal("5000.00"), Decimal("833.33")),
        staff[2].id: (Decimal("1481.47"), Decimal("246.91")),
    }
    assert (invoice.employer_amount, invoice.member_amount, invoice.total) == (
        Decimal("12481.47"),
        Decimal("2080.24"),
        Decimal("14561.71"),
    )
    assert invoice.reference.isdigit() and len(invoice.reference) == 15
    # Once per period, whatever reruns.
    assert premium_invoice_create(report=report) == invoice
    assert Invoice.objects.count() == 1


def test_a_rate_from_a_later_date_applies_from_that_period(employer):
    rate(employer, valid_from=date(2025, 3, 1), employer="13.500", member="2.500")
    staff = members(employer, 1)
    march = premium_invoice_create(report=receive(employer, rows(staff, ["40000"])).report)
    assert (march.employer_amount, march.member_amount) == (Decimal("5400.00"), Decimal("1000.00"))
    assert pension_member_rate(organization=employer, day=date(2025, 2, 28)) == Decimal("2.000")
    assert pension_member_rate(organization=employer, day=date(2025, 3, 1)) == Decimal("2.500")


def test_the_member_rate_is_only_supplied_for_employers_in_the_fund(employer):
    outside = OrganizationFactory(office=employer.office)
    assert pension_member_rate(organization=outside, day=date(2025, 3, 1)) is None


def test_no_rate_no_premium():
    employer = fund_employer()
    report = receive(employer, rows(members(employer, 1), ["40000"])).report
    with pytest.raises(ValidationError):
        premium_invoice_create(report=report)
    assert not Invoice.objects.exists()


def test_payments_are_matched_by_reference_partial_over_and_under(employer):
    staff = members(employer, 1)
    invoice = premium_invoice_create(report=receive(employer, rows(staff, ["10000"])).report)  # 1,400.00
    actor = UserFactory()
    payment_register(
        organization=employer, reference=invoice.reference, amount=Decimal("400.00"), paid_on=PERIOD, actor=actor
    )
    assert payment_status(invoices_for(organization=employer).get()) == "partial"
    payment_register(
        organization=employer, reference=invoice.reference, amount=Decimal("1000.00"), paid_on=PERIOD, actor=actor
    )
    assert payment_status(invoices_for(organization=employer).get()) == "paid"
    payment_register(
        organization=employer, reference=invoice.reference, amount=Decimal("0.50"), paid_on=PERIOD, actor=actor
    )
    assert payment_status(invoices_for(organization=employer).get()) == "overpaid"
    stray = payment_register(
        organization=employer, reference="999", amount=Decimal("5.00"), paid_on=PERIOD, actor=actor
    )
    assert stray.invoice is None
    assert account_balance(organization=employer) == {
        "charged": Decimal("1400.00"),
        "paid": Decimal("1405.50"),
        "balance": Decimal("-5.50"),
    }


def test_another_employers_reference_does_not_match(employer):
    invoice = premium_invoice_create(report=receive(employer, rows(members(employer, 1), ["10000"])).report)
    other = fund_employer(office=employer.office)
    payment = payment_register(
        organization=other, reference=invoice.reference, amount=Decimal("1.00"), paid_on=PERIOD, actor=UserFactory()
    )
    assert payment.invoice is None


def test_the_annual_settlement_of_a_year_without_corrections_is_zero_and_a_rerun_issues_nothing(employer):
    staff = members(employer, 2)
    for month in (1, 2, 3):
        report = receive(employer, rows(staff, ["41666.67", "12345.55"]), period=date(2025, month, 1)).report
        premium_invoice_create(report=report)
    settlement = annual_settlement_run(organization=employer, year=2025)
    assert settlement.difference == Decimal("0.00") and settlement.invoice is None
    assert (
        settlement.recomputed
        == settlement.invoiced
        == Decimal("3") * (Decimal("5000.00") + Decimal("833.33") + Decimal("1481.47") + Decimal("246.91"))
    )
    assert annual_settlement_run(organization=employer, year=2025) == settlement
    assert AnnualSettlement.objects.count() == 1 and Invoice.objects.count() == 3


def test_a_correction_after_invoicing_is_settled_by_invoice_or_credit_note(employer):
    staff = members(employer, 1)
    premium_invoice_create(report=receive(employer, rows(staff, ["40000"])).report)  # 5,600.00
    receive(employer, rows(staff, ["45000"]))  # corrected: 6,300.00, accepted
    up = annual_settlement_run(organization=employer, year=2025)
    assert up.difference == Decimal("700.00")
    assert (up.invoice.kind, up.invoice.employer_amount, up.invoice.member_amount) == (
        InvoiceKind.SETTLEMENT,
        Decimal("600.00"),
        Decimal("100.00"),
    )
    assert annual_settlement_run(organization=employer, year=2025) == up
    receive(employer, rows(staff, ["35000"]))  # corrected again: 4,900.00
    down = annual_settlement_run(organization=employer, year=2025)
    assert (down.difference, down.invoice.kind, down.invoice.total) == (
        Decimal("-1400.00"),
        InvoiceKind.CREDIT_NOTE,
        Decimal("-1400.00"),
    )


def test_the_premium_budget_grows_current_salaries_with_the_expected_g(employer):
    staff = members(employer, 2)
    receive(employer, rows(staff, ["50000.00", "25000.00"]))
    budget = premium_budget(organization=employer, year=2026, current_g=Decimal("124028"), expected_g=Decimal("130160"))
    # 75,000 x 12 = 900,000; x 130,160 / 124,028 = 944,496.40; 12 % = 113,339.57, 2 % = 18,889.93.
    assert budget.annual_salary == Decimal("900000.00")
    assert budget.expected_salary == Decimal("944496.40")
    assert (budget.employer_amount, budget.member_amount, budget.total) == (
        Decimal("113339.57"),
        Decimal("18889.93"),
        Decimal("132229.50"),
    )


def test_the_period_job_builds_the_report_from_payroll_and_invoices_it_once(employer):
    from timesheets.models import LineKind, PayrollLine, PayrollRun, RunStatus

    staff = members(employer, 2)
    run = PayrollRun.objects.create(organization=employer, period=PERIOD, status=RunStatus.CLOSED)
    for employee in staff:
        PayrollLine.objects.create(
            run=run, employee=employee, kind=LineKind.SALARY, key="s", description="s", amount=Decimal("50000.00")
        )
    assert period_run(period=PERIOD) == {"memberships": 0, "reports": 1, "premiums": 1, "payouts": 0}
    assert period_run(period=PERIOD) == {"memberships": 0, "reports": 0, "premiums": 0, "payouts": 0}
    assert SalaryReport.objects.count() == 1
    assert Invoice.objects.get().total == Decimal("14000.00")


@pytest.mark.parametrize("size", [5, 50])
def test_invoicing_costs_the_same_queries_for_5_and_50_members(size, django_assert_num_queries):
    employer = fund_employer()
    rate(employer)
    report = receive(employer, rows(members(employer, size), ["30000"] * size)).report
    # savepoint; lock the employer; the period's invoice (none); the rate; the report's lines;
    # full_clean: organization and report exist, the one-per-period constraint (3 with its
    # savepoint pair); insert the invoice, its history row, the lines in one statement; release.
    with django_assert_num_queries(14):
        premium_invoice_create(report=report)
    assert InvoiceLine.objects.count() == size
