"""Net pay: tax withholding, pension member contribution and holiday-pay accrual per run,
with worked examples in exact Decimals.

The `flex` employee earns 780,000 a year: a fixed salary of 65,000.00 a month.
"""

import datetime
from decimal import Decimal

import pytest

from hrsuite import contributions
from tests.factories import EmployeeFactory
from tests.timesheets.runs import closed, published
from timesheets import pg
from timesheets.models import LineKind, PayrollLine, TaxCard
from timesheets.selectors.payroll import payslip_detail, payslips_for_employee, runs_for, year_to_date
from timesheets.selectors.runs import run_employees, run_summary
from timesheets.services.netpay import deduction_lines_write, employee_lines
from timesheets.services.overviews import overview_approve, overview_refresh
from timesheets.services.payroll import payroll_run_build

JULY = datetime.date(2025, 7, 1)
AUGUST = datetime.date(2025, 8, 1)


@pytest.fixture
def rates(flex):
    flex.settings.tax_flat_rate = Decimal("50")
    flex.settings.pension_member_rate = Decimal("2")
    flex.settings.holiday_pay_rate = Decimal("10.2")
    flex.settings.save()
    return flex


def card(employee, percentage, table="", year=2025):
    return TaxCard.objects.create(
        organization=employee.organization,
        employee=employee,
        year=year,
        percentage=Decimal(percentage),
        table_number=table,
    )


def amounts(run, employee):
    return {line.kind: line.amount for line in PayrollLine.objects.filter(run=run, employee=employee)}


def test_worked_example_with_a_tax_card(rates):
    card(rates.employee, "31.5", "7100")
    run = payroll_run_build(organization=rates.organization, period=AUGUST)
    # pension 65,000.00 x 2 % = 1,300.00; taxable 63,700.00 x 31.5 % = 20,065.50;
    # holiday pay 65,000.00 x 10.2 % = 6,630.00 (recorded, not paid)
    assert amounts(run, rates.employee) == {
        LineKind.SALARY: Decimal("65000.00"),
        LineKind.PENSION: Decimal("-1300.00"),
        LineKind.TAX: Decimal("-20065.50"),
        LineKind.HOLIDAY_ACCRUAL: Decimal("6630.00"),
    }
    tax = PayrollLine.objects.get(run=run, kind=LineKind.TAX)
    assert (tax.basis, tax.percentage) == (Decimal("63700.00"), Decimal("31.50"))
    assert "7100" in tax.description
    holiday = PayrollLine.objects.get(run=run, kind=LineKind.HOLIDAY_ACCRUAL)
    assert holiday.basis == Decimal("65000.00")
    assert payslip_detail(employee=rates.employee, payslip_id=run.id) is None  # a draft: HR only
    detail = payslip_detail(employee=rates.employee, payslip_id=run.id, include_drafts=True)
    assert (detail["gross"], detail["deducted"], detail["net"]) == (
        Decimal("65000.00"),
        Decimal("-21365.50"),
        Decimal("43634.50"),
    )
    assert [line.kind for line in detail["lines"]] == [LineKind.SALARY]
    assert [line.kind for line in detail["information"]] == [LineKind.HOLIDAY_ACCRUAL]


def test_without_a_tax_card_the_organizations_flat_rate_is_withheld(rates):
    card(rates.employee, "31.5", year=2024)  # last year's card does not count
    run = payroll_run_build(organization=rates.organization, period=AUGUST)
    # taxable 63,700.00 x 50 % = 31,850.00; net 65,000.00 - 1,300.00 - 31,850.00
    assert amounts(run, rates.employee)[LineKind.TAX] == Decimal("-31850.00")
    assert payslip_detail(employee=rates.employee, payslip_id=run.id, include_drafts=True)["net"] == Decimal("31850.00")
    # in the organization's language (Norwegian here)
    assert (
        PayrollLine.objects.get(run=run, kind=LineKind.TAX).description
        == "Ingen skattekort for 2025: fast prosenttrekk"
    )


def test_overtime_is_taxed_and_accrues_holiday_pay_but_is_not_pensionable(rates):
    card(rates.employee, "31.5")
    rates.start_on(AUGUST)
    rates.log(datetime.date(2025, 8, 11), 12)
    rates.log(datetime.date(2025, 8, 11), 4, pay_type=rates.overtime50)
    overview = overview_refresh(employee=rates.employee, month=AUGUST, today=datetime.date(2025, 9, 1))
    payroll_run_build(organization=rates.organization, period=AUGUST)
    overview_approve(overview=overview, actor=None, today=datetime.date(2025, 9, 1))
    run = rates.organization.payroll_runs.get()
    # gross 65,000.00 + 800.00 overtime = 65,800.00; pension on the salary only: 1,300.00;
    # tax (65,800.00 - 1,300.00) x 31.5 % = 20,317.50; holiday pay 65,800.00 x 10.2 % = 6,711.60
    lines = amounts(run, rates.employee)
    assert lines[LineKind.OVERTIME] == Decimal("800.00")
    assert (lines[LineKind.PENSION], lines[LineKind.TAX], lines[LineKind.HOLIDAY_ACCRUAL]) == (
        Decimal("-1300.00"),
        Decimal("-20317.50"),
        Decimal("6711.60"),
    )
    assert payslip_detail(employee=rates.employee, payslip_id=run.id, include_drafts=True)["net"] == Decimal("44182.50")


def test_the_pension_funds_rate_wins_over_the_organizations(rates):
    def provider(*, organization, day):
        return Decimal("3.5") if organization == rates.organization and day == datetime.date(2025, 8, 31) else None

    contributions.register_pension_rate(provider)
    try:
        run = payroll_run_build(organization=rates.organization, period=AUGUST)
    finally:
        contributions.PENSION_RATE_PROVIDERS.remove(provider)
    # 65,000.00 x 3.5 % = 2,275.00; tax (65,000.00 - 2,275.00) x 50 % = 31,362.50
    assert amounts(run, rates.employee)[LineKind.PENSION] == Decimal("-2275.00")
    assert amounts(run, rates.employee)[LineKind.TAX] == Decimal("-31362.50")


def test_rounding_is_half_up_once_per_line():
    lines = employee_lines(
        gross=Decimal("0.01"),
        pensionable=Decimal("0.01"),
        pension_rate=Decimal("0"),
        tax_percentage=Decimal("50"),
        holiday_rate=Decimal("50"),
    )
    assert [(kind, amount) for kind, _d, _p, _b, amount in lines] == [
        (LineKind.TAX, Decimal("-0.01")),
        (LineKind.HOLIDAY_ACCRUAL, Decimal("0.01")),
    ]
    # 12,345.67 x 12 % = 1,481.4804 -> 1,481.48; nothing withheld from a month without pay
    assert employee_lines(
        gross=Decimal("12345.67"),
        pensionable=Decimal("0"),
        pension_rate=Decimal("2"),
        tax_percentage=Decimal("0"),
        holiday_rate=Decimal("12"),
    )[1][4] == Decimal("1481.48")
    assert (
        employee_lines(
            gross=Decimal("-400.00"),
            pensionable=Decimal("0"),
            pension_rate=Decimal("2"),
            tax_percentage=Decimal("30"),
            holiday_rate=Decimal("0"),
        )
        == []
    )


def test_rebuilding_rewrites_the_deductions_and_a_closed_run_never_changes(rates):
    run = payroll_run_build(organization=rates.organization, period=AUGUST)
    assert amounts(run, rates.employee)[LineKind.TAX] == Decimal("-31850.00")
    tax_card = card(rates.employee, "30")
    payroll_run_build(organization=rates.organization, period=AUGUST)
    # taxable 63,700.00 x 30 % = 19,110.00, and still one line of each kind
    assert amounts(run, rates.employee)[LineKind.TAX] == Decimal("-19110.00")
    assert PayrollLine.objects.filter(run=run).count() == 4
    rates.settings.holiday_pay_rate = Decimal("0")
    rates.settings.save()
    payroll_run_build(organization=rates.organization, period=AUGUST)
    assert LineKind.HOLIDAY_ACCRUAL not in amounts(run, rates.employee)  # no longer due
    closed(run)
    tax_card.percentage = Decimal("10")
    tax_card.save()
    assert deduction_lines_write(run=run) == 0
    assert amounts(run, rates.employee)[LineKind.TAX] == Decimal("-19110.00")


def test_year_to_date_adds_the_earlier_runs_of_the_year(rates):
    card(rates.employee, "31.5")
    card(rates.employee, "40", year=2024)
    december = payroll_run_build(organization=rates.organization, period=datetime.date(2024, 12, 1))
    closed(december)
    july = payroll_run_build(organization=rates.organization, period=JULY)
    closed(july)
    august = payroll_run_build(organization=rates.organization, period=AUGUST)
    assert year_to_date(employee=rates.employee, run=august) == {
        "gross": Decimal("130000.00"),
        "tax": Decimal("-40131.00"),
        "pension": Decimal("-2600.00"),
        "net": Decimal("87269.00"),
        "holiday_basis": Decimal("130000.00"),
        "holiday_pay": Decimal("13260.00"),
    }
    assert year_to_date(employee=rates.employee, run=july)["gross"] == Decimal("65000.00")


def test_gross_and_net_in_lists_leave_out_deductions_and_accruals(rates):
    card(rates.employee, "31.5")
    run = payroll_run_build(organization=rates.organization, period=AUGUST)
    listed = runs_for(organization=rates.organization).get()
    assert (listed.total, listed.net) == (Decimal("65000.00"), Decimal("43634.50"))
    assert not payslips_for_employee(employee=rates.employee).exists()  # a draft is HR's only
    published(run)
    slip = payslips_for_employee(employee=rates.employee).get()
    assert (slip.gross, slip.net) == (Decimal("65000.00"), Decimal("43634.50"))
    summary = run_summary(run=run)
    assert (summary["total"], summary["deducted"], summary["net"]) == (
        Decimal("65000.00"),
        Decimal("-21365.50"),
        Decimal("43634.50"),
    )
    row = run_employees(run=run).get()
    assert (row["gross"], row["deducted"], row["net"]) == (
        Decimal("65000.00"),
        Decimal("-21365.50"),
        Decimal("43634.50"),
    )


@pytest.mark.parametrize("extra", [1, 6])
def test_deductions_take_the_same_queries_for_any_number_of_employees(rates, extra, django_assert_num_queries):
    for _index in range(extra):
        employee = EmployeeFactory(organization=rates.organization, annual_salary=Decimal("600000"))
        card(employee, "25")
    run = payroll_run_build(organization=rates.organization, period=AUGUST)
    assert deduction_lines_write(run=run) == 0  # nothing changed: nothing written
    rates.settings.holiday_pay_rate = Decimal("12")
    rates.settings.save()
    ids = set(PayrollLine.objects.values_list("id", flat=True))
    # savepoint, lock the run, its organization with its module switches (the pension
    # fund's rate), settings, then on PostgreSQL one statement that computes and upserts
    # every line; portably the aggregate with the tax cards, the run's deduction lines and
    # one upsert; release
    with django_assert_num_queries(6 if pg.available() else 8):
        written = deduction_lines_write(run=run)
    assert written == extra + 1  # the holiday-pay lines, updated in place
    assert set(PayrollLine.objects.values_list("id", flat=True)) == ids
    # 65,000.00 x 12 % = 7,800.00
    assert amounts(run, rates.employee)[LineKind.HOLIDAY_ACCRUAL] == Decimal("7800.00")


def _tax_cards_url(flex):
    from django.urls import reverse

    return reverse("timesheets:tax_cards", kwargs={"org_id": flex.organization.id, "employee_id": flex.employee.id})


def test_hr_records_a_tax_card_and_a_second_save_replaces_it(owner_client, rates):
    url = _tax_cards_url(rates)
    page = owner_client.get(url).content.decode()
    assert "Statutory tax tables are not computed" in page and "flat rate of 50.00 %" in page
    response = owner_client.post(url, {"year": "2025", "percentage": "31.5", "table_number": "7100"})
    assert response.status_code == 302
    owner_client.post(url, {"year": "2025", "percentage": "33", "table_number": "7101"})
    card = TaxCard.objects.get(employee=rates.employee)
    assert (card.year, card.percentage, card.table_number) == (2025, Decimal("33.00"), "7101")
    page = owner_client.get(url).content.decode()
    assert "7101" in page and "Table deduction (tabelltrekk)" in page  # what the card is, from its table number


@pytest.mark.parametrize(
    ("data", "field_text"),
    [
        ({"year": "2025", "percentage": "101"}, "less than or equal to 100"),
        ({"year": "2025", "percentage": "-1"}, "greater than or equal to 0"),
        ({"year": "2025", "percentage": "30", "table_number": "71A"}, "four digits"),
        ({"year": "99999", "percentage": "30"}, "less than or equal to 2200"),
        ({"year": "2025", "percentage": ""}, "required"),
    ],
)
def test_a_bad_tax_card_is_refused_with_the_reason_and_nothing_saved(owner_client, rates, data, field_text):
    response = owner_client.post(_tax_cards_url(rates), data)
    assert response.status_code == 400
    assert field_text in response.content.decode()
    assert not TaxCard.objects.exists()


def test_table_numbers_are_norwegian_only(rates):
    from django.core.exceptions import ValidationError

    from timesheets.services.tax_cards import tax_card_set

    rates.organization.country = "NL"
    rates.organization.save()
    with pytest.raises(ValidationError):
        tax_card_set(employee=rates.employee, year=2025, percentage=Decimal("36.97"), table_number="7100")
    card = tax_card_set(employee=rates.employee, year=2025, percentage=Decimal("36.97"))
    run = payroll_run_build(organization=rates.organization, period=AUGUST)
    # (65,000.00 - 1,300.00) x 36.97 % = 23,549.89
    assert card.table_number == "" and amounts(run, rates.employee)[LineKind.TAX] == Decimal("-23549.89")


def test_settings_set_the_net_pay_rates(owner_client, rates):
    from django.urls import reverse

    response = owner_client.post(
        reverse("timesheets:settings", kwargs={"org_id": rates.organization.id}),
        {
            "enabled": "on",
            "normal_hours_per_day": "8",
            "flex_enabled": "on",
            "annual_hours_divisor": "1950",
            "flex_start": "2025-01-01",
            "tax_flat_rate": "48",
            "pension_member_rate": "2.5",
            "holiday_pay_rate": "12",
        },
    )
    assert response.status_code == 302
    rates.settings.refresh_from_db()
    assert (rates.settings.tax_flat_rate, rates.settings.pension_member_rate, rates.settings.holiday_pay_rate) == (
        Decimal("48.00"),
        Decimal("2.50"),
        Decimal("12.00"),
    )
