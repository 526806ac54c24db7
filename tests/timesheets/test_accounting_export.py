"""The accountant export: one line per employee and pay code, fixed columns, spreadsheet-safe."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from timesheets.models import LineKind, PayrollLine, TaxCard
from timesheets.paycodes import PAY_CODES
from timesheets.services.netpay import deduction_lines_write
from timesheets.services.payroll import payroll_run_build
from timesheets.views.exports import ACCOUNTING_HEADER

AUGUST = datetime.date(2025, 8, 1)
# the page's own reads (login, organization, rights, modules), the run, the rows: none per employee
QUERIES = 9


def test_every_line_kind_has_a_pay_code_and_codes_are_unique():
    assert set(PAY_CODES) == set(LineKind.values)
    assert len({code.code for code in PAY_CODES.values()}) == len(PAY_CODES)


@pytest.fixture
def run(flex):
    flex.settings.pension_member_rate = Decimal("2")
    flex.settings.save()
    TaxCard.objects.create(organization=flex.organization, employee=flex.employee, year=2025, percentage=Decimal("30"))
    run = payroll_run_build(organization=flex.organization, period=AUGUST)
    # two overtime lines of different pay types: one line for the pay code
    for index, (hours, amount) in enumerate([("4", "800.00"), ("2", "800.00")]):
        PayrollLine.objects.create(
            run=run,
            employee=flex.employee,
            kind=LineKind.OVERTIME,
            key=f"overtime-{index}",
            description="Overtime",
            hours=Decimal(hours),
            amount=Decimal(amount),
        )
    deduction_lines_write(run=run)
    return run


def rows_of(response):
    text = response.content.decode("utf-8-sig")
    return text.splitlines()[0], list(csv.DictReader(io.StringIO(text)))


def test_one_line_per_employee_and_pay_code_in_fixed_columns(owner_client, flex, run):
    response = owner_client.get(
        reverse("timesheets:run_accounting_csv", kwargs={"org_id": flex.organization.id, "run_id": run.id})
    )
    assert response["Content-Disposition"] == 'attachment; filename="accounting-2025-08.csv"'
    header, rows = rows_of(response)
    assert header == ",".join(ACCOUNTING_HEADER)
    assert header == "period,employee_number,employee_name,pay_code,pay_code_name,hours,basis,amount,currency"
    # gross 65,000.00 + 1,600.00 = 66,600.00; pension 1,300.00; tax (66,600.00 - 1,300.00) x 30 %
    # = 19,590.00; holiday pay 66,600.00 x 10.2 % = 6,793.20
    assert [(row["pay_code"], row["hours"], row["basis"], row["amount"]) for row in rows] == [
        ("1000", "", "", "65000.00"),
        ("1100", "6.00", "", "1600.00"),
        ("9000", "", "65300.00", "-19590.00"),
        ("9100", "", "65000.00", "-1300.00"),
        ("9500", "", "66600.00", "6793.20"),
    ]
    assert {(row["period"], row["employee_number"], row["employee_name"], row["currency"]) for row in rows} == {
        ("2025-08", flex.employee.number, "Nordmann, Kari", "NOK")
    }
    assert rows[2]["pay_code_name"] == "Tax withholding"


def test_the_accountant_export_neutralises_formulas(owner_client, flex, run):
    flex.employee.last_name = "=cmd|' /C calc'!A0"
    flex.employee.number = "+4711"
    flex.employee.save()
    response = owner_client.get(
        reverse("timesheets:run_accounting_csv", kwargs={"org_id": flex.organization.id, "run_id": run.id})
    )
    _header, rows = rows_of(response)
    assert {row["employee_name"] for row in rows} == {"'=cmd|' /C calc'!A0, Kari"}
    assert {row["employee_number"] for row in rows} == {"'+4711"}
    assert rows[2]["amount"] == "-19590.00"  # a negative amount stays a number


def test_the_run_csv_has_the_deductions_with_their_basis(owner_client, flex, run):
    response = owner_client.get(
        reverse("timesheets:run_csv", kwargs={"org_id": flex.organization.id, "run_id": run.id})
    )
    _header, rows = rows_of(response)
    tax = next(row for row in rows if row["kind"] == LineKind.TAX)
    assert (tax["basis"], tax["percentage"], tax["amount"]) == ("65300.00", "30.00", "-19590.00")


@pytest.mark.parametrize("count", [2, 12])
def test_the_accountant_export_takes_the_same_queries_for_any_number_of_employees(
    owner_client, flex, count, django_assert_num_queries
):
    from tests.factories import EmployeeFactory

    for _index in range(count):
        EmployeeFactory(organization=flex.organization, annual_salary=Decimal("600000"))
    run = payroll_run_build(organization=flex.organization, period=AUGUST)
    url = reverse("timesheets:run_accounting_csv", kwargs={"org_id": flex.organization.id, "run_id": run.id})
    owner_client.get(url)
    with django_assert_num_queries(QUERIES):
        response = owner_client.get(url)
    assert len(rows_of(response)[1]) == 3 * (count + 1)
