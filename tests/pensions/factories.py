"""Test data for the pension fund: employers in the fund, rates, reports."""

from datetime import date
from decimal import Decimal

from pensions.checks import RawRow
from pensions.models import Invoice, InvoiceKind, Payment, PremiumRate
from pensions.services.members import salary_report_receive
from tests.factories import EmployeeFactory, OrganizationFactory

PERIOD = date(2025, 3, 1)


def fund_employer(**fields):
    return OrganizationFactory(modules={"pensions": True}, **fields)


def rate(organization, *, valid_from=date(2020, 1, 1), employer="12.000", member="2.000"):
    return PremiumRate.objects.create(
        office=organization.office, valid_from=valid_from, employer_rate=Decimal(employer), member_rate=Decimal(member)
    )


def members(organization, count, *, birth_date=date(1980, 5, 1), **fields):
    return [EmployeeFactory(organization=organization, birth_date=birth_date, **fields) for _ in range(count)]


def rows(employees, salaries, positions=None):
    positions = positions or ["100"] * len(employees)
    return [
        RawRow(row_number=n, employee_number=e.number, pensionable_salary=str(s), position_percentage=str(p))
        for n, (e, s, p) in enumerate(zip(employees, salaries, positions, strict=True), start=2)
    ]


def receive(organization, report_rows, *, period=PERIOD, actor=None, source="form"):
    return salary_report_receive(organization=organization, period=period, source=source, rows=report_rows, actor=actor)


def invoice(employer, number: str, *, due: date, total: str, paid: str = "0", kind=InvoiceKind.PREMIUM):
    """An invoice due on `due` of `total`, with a payment of `paid` matched to it."""
    amount = Decimal(total)
    issued = Invoice.objects.create(
        organization=employer,
        kind=kind,
        number=number,
        reference=f"ref-{number}",
        period=None,
        year=due.year,
        employer_amount=amount,
        member_amount=Decimal("0"),
        total=amount,
        due_date=due,
    )
    if Decimal(paid):
        Payment.objects.create(
            organization=employer, invoice=issued, reference=issued.reference, amount=Decimal(paid), paid_on=due
        )
    return issued
