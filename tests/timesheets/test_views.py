import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from hrsuite.models import SalaryType
from tests.factories import EmployeeFactory, switch
from tests.timesheets.factories import TimeEntryFactory
from timesheets.models import Activity, LineKind, MonthlyOverview, PayrollLine, PayType, TimeEntry
from timesheets.services.overviews import overview_approve, overview_refresh, overviews_approve, overviews_compute
from timesheets.services.payroll import payroll_run_build

AUGUST = datetime.date(2025, 8, 1)
ELEVENTH = datetime.date(2025, 8, 11)


@pytest.fixture
def client(owner_client, flex):
    return owner_client


def url(name, flex, **kwargs):
    return reverse(f"timesheets:{name}", kwargs={"org_id": flex.organization.id, **kwargs})


def test_settings_switch_the_module_and_set_normal_time_and_divisor(client, flex):
    response = client.post(
        url("settings", flex),
        {
            "enabled": "on",
            "normal_hours_per_day": "7.5",
            "flex_enabled": "on",
            "annual_hours_divisor": "1950",
            "flex_start": "2025-08-01",
            "tax_flat_rate": "50",
            "pension_member_rate": "0",
            "holiday_pay_rate": "10.2",
        },
    )
    assert response.status_code == 302
    flex.organization.refresh_from_db()
    flex.settings.refresh_from_db()
    assert flex.organization.normal_hours_per_day == Decimal("7.5")
    assert flex.settings.flex_start == AUGUST


def test_module_off_answers_404_but_its_settings_screen_still_switches_it_on(client, flex):
    switch(flex.organization, "timesheets", False)
    assert client.get(url("months", flex)).status_code == 404
    assert client.get(url("settings", flex)).status_code == 200


def test_activities_and_pay_types_are_created_with_unique_names(client, flex):
    client.post(url("activity_create", flex), {"activity-name": "Internal", "activity-generates_hours": "on"})
    assert Activity.objects.filter(organization=flex.organization, name="Internal").exists()
    response = client.post(url("activity_create", flex), {"activity-name": "internal"})
    assert "already in use" in response.content.decode()
    client.post(
        url("pay_type_create", flex),
        {"pay-type": "", "pay_type-name": "OT 100", "pay_type-kind": "overtime", "pay_type-percentage": "100"},
    )
    assert PayType.objects.get(name="OT 100").percentage == Decimal("100")
    response = client.post(url("pay_type_create", flex), {"pay_type-name": "OT", "pay_type-kind": "overtime"})
    assert "needs a percentage" in response.content.decode()


def test_week_view_marks_holidays_and_saves_a_cell_with_htmx(client, flex):
    flex.log(ELEVENTH, 8)
    week = url("week", flex, employee_id=flex.employee.id)
    page = client.get(week, {"week": "2025-05-12"}).content.decode()
    assert "Constitution Day" in page or "Grunnlovsdag" in page
    name = f"cell|{flex.work.id}|-|2025-08-12"
    response = client.post(
        url("week_cell", flex, employee_id=flex.employee.id),
        {"cell": name, name: "7,5"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'hx-swap-oob="true"' in body and "<td" in body
    assert TimeEntry.objects.get(employee=flex.employee, date=datetime.date(2025, 8, 12)).hours == Decimal("7.5")


def test_week_grid_posts_without_javascript(client, flex):
    week = url("week", flex, employee_id=flex.employee.id)
    response = client.post(
        week,
        {
            "week": "2025-08-11",
            "new_activity": str(flex.work.id),
            "new|2025-08-11": "9",
            "new|2025-08-12": "",
            "new_pay_type": "",
        },
    )
    assert response.status_code == 302
    assert TimeEntry.objects.get(employee=flex.employee).hours == Decimal("9")
    response = client.post(
        week,
        {
            "week": "2025-08-11",
            "action": "entry",
            "entry-date": "2025-08-13",
            "entry-activity": str(flex.time_off.id),
            "entry-hours": "2",
            "entry-comment": "Dentist",
        },
    )
    assert response.status_code == 302
    assert TimeEntry.objects.get(activity=flex.time_off).comment == "Dentist"


def test_an_edit_in_an_approved_month_is_refused_with_a_clear_message(client, flex):
    flex.start_on(AUGUST)
    flex.log(ELEVENTH, 8)
    overview = overview_refresh(employee=flex.employee, month=AUGUST, today=datetime.date(2025, 9, 2))
    overview_approve(overview=overview, actor=None, today=datetime.date(2025, 9, 2))
    name = f"cell|{flex.work.id}|-|2025-08-11"
    response = client.post(
        url("week_cell", flex, employee_id=flex.employee.id), {"cell": name, name: "10"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 422
    assert "approved and locked" in response.content.decode()
    response = client.post(
        url("week", flex, employee_id=flex.employee.id), {"week": "2025-08-11", name: "10"}, follow=True
    )
    assert "approved and locked" in response.content.decode()
    assert TimeEntry.objects.get(employee=flex.employee).hours == Decimal("8")


def test_overview_page_payout_approve_and_reopen(client, flex):
    flex.start_on(AUGUST)
    flex.log(ELEVENTH, 12)
    overview_url = url("overview", flex, employee_id=flex.employee.id, year=2025, month=8)
    page = client.get(overview_url).content.decode()
    assert "Opening balance" in page
    client.post(
        url("overview_approve", flex, employee_id=flex.employee.id, year=2025, month=8),
        {"payout_hours": "4", "action": "approve", "confirm": "1", "confirm_negative_balance": "on"},
    )
    overview = MonthlyOverview.objects.get(employee=flex.employee, month=AUGUST)
    assert overview.is_approved and overview.payout_hours == Decimal("4")
    assert PayrollLine.objects.get(overview=overview).amount == Decimal("1600.00")
    client.post(url("overview_reopen", flex, employee_id=flex.employee.id, year=2025, month=8))
    overview.refresh_from_db()
    assert not overview.is_approved and not PayrollLine.objects.filter(overview=overview).exists()


def test_approving_a_month_asks_first_naming_the_employee_and_the_month(client, flex):
    flex.start_on(AUGUST)
    flex.log(ELEVENTH, 12)
    response = client.post(
        url("overview_approve", flex, employee_id=flex.employee.id, year=2025, month=8),
        {"payout_hours": "4", "action": "approve"},
    )
    assert response.status_code == 200
    assert f"Approve August 2025 for {flex.employee.full_name}?" in response.content.decode()
    assert not MonthlyOverview.objects.filter(employee=flex.employee, month=AUGUST, approved_at__isnull=False).exists()


def test_hourly_paid_employee_is_shown_why(client, flex):
    hourly = EmployeeFactory(organization=flex.organization, salary_type=SalaryType.HOURLY, last_name="Timelønn")
    page = client.get(url("overview", flex, employee_id=hourly.id, year=2025, month=8)).content.decode()
    assert "Paid by the hour: no flex balance is kept" in page
    overviews_compute(organization=flex.organization, month=AUGUST, today=datetime.date(2025, 9, 1))
    page = client.get(url("months", flex), {"month": "2025-08"}).content.decode()
    assert "Timelønn" in page and "Paid by the hour: no flex balance is kept" in page


def test_bulk_approve_and_run_with_csv_and_payslip(client, flex):
    flex.start_on(AUGUST)
    others = [EmployeeFactory(organization=flex.organization, annual_salary=Decimal("780000")) for _ in range(3)]
    for person in [flex.employee, *others]:
        TimeEntryFactory(employee=person, activity=flex.work, date=ELEVENTH, hours=Decimal("10"))
    overviews_compute(organization=flex.organization, month=AUGUST, today=datetime.date(2025, 9, 1))
    ids = list(MonthlyOverview.objects.filter(month=AUGUST).values_list("id", flat=True))
    assert len(ids) == 4
    response = client.post(url("months_approve", flex), {"month": "2025-08", "overview": [str(i) for i in ids[:3]]})
    assert response.status_code == 302
    assert MonthlyOverview.objects.filter(month=AUGUST, status="approved").count() == 3
    response = client.post(url("run_build", flex), {"period": "2025-08"})
    run = flex.organization.payroll_runs.get()
    assert run.lines.filter(kind=LineKind.SALARY).count() == 4
    csv = client.get(url("run_csv", flex, run_id=run.id)).content.decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("period,employee_number")
    assert "65000.00" in csv
    page = client.get(url("payslip", flex, run_id=run.id, employee_id=flex.employee.id)).content.decode()
    assert "Gross pay" in page
    client.post(url("run_publish", flex, run_id=run.id), {"pay_date": "2025-09-25", "confirmed": "on"})
    client.post(url("run_close", flex, run_id=run.id))
    run.refresh_from_db()
    assert run.is_closed


def _employees(flex, count):
    flex.start_on(AUGUST)
    for index in range(count):
        person = EmployeeFactory(organization=flex.organization, annual_salary=Decimal("600000"))
        TimeEntryFactory(employee=person, activity=flex.work, date=ELEVENTH, hours=Decimal(8 + index % 3))
    overviews_compute(organization=flex.organization, month=AUGUST, today=datetime.date(2025, 9, 1))
    overviews_approve(
        organization=flex.organization,
        overview_ids=list(MonthlyOverview.objects.values_list("id", flat=True)[: count // 2]),
        actor=None,
        today=datetime.date(2025, 9, 1),
    )
    return payroll_run_build(organization=flex.organization, period=AUGUST)


@pytest.mark.parametrize("count", [5, 50])
def test_list_pages_use_a_constant_number_of_queries(client, flex, count, django_assert_max_num_queries):
    run = _employees(flex, count)
    pages = [
        url("months", flex) + "?month=2025-08",
        url("months", flex) + "?month=2025-08&status=open",
        url("runs", flex),
        url("run_detail", flex, run_id=run.id),
        url("run_csv", flex, run_id=run.id),
        url("activities", flex),
        url("settings", flex),
    ]
    for page in pages:
        with django_assert_max_num_queries(16):
            assert client.get(page).status_code == 200, page
    with django_assert_max_num_queries(12):
        assert client.get(url("months", flex) + "?month=2025-08", headers={"HX-Request": "true"}).status_code == 200


def test_the_payroll_csv_neutralises_formulas_and_keeps_negative_amounts_numbers(client, flex):
    import csv
    import io

    flex.employee.first_name = '=HYPERLINK("http://evil.example","pay")'
    flex.employee.last_name = "@Nordmann"
    flex.employee.save()
    run = payroll_run_build(organization=flex.organization, period=AUGUST)
    PayrollLine.objects.create(
        run=run,
        employee=flex.employee,
        kind=LineKind.FLEX_DEDUCTION,
        key="test-deduction",
        description="-Correction",
        hours=Decimal("-2.50"),
        rate=Decimal("400.00"),
        amount=Decimal("-1000.00"),
    )
    response = client.get(url("run_csv", flex, run_id=run.id))
    assert response["Content-Disposition"] == 'attachment; filename="payroll-2025-08.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert {row["first_name"] for row in rows} == {'\'=HYPERLINK("http://evil.example","pay")'}
    assert {row["last_name"] for row in rows} == {"'@Nordmann"}
    deduction = next(row for row in rows if row["kind"] == LineKind.FLEX_DEDUCTION)
    assert (deduction["description"], deduction["hours"], deduction["amount"]) == ("'-Correction", "-2.50", "-1000.00")
    salary = next(row for row in rows if row["kind"] == LineKind.SALARY)
    assert (salary["amount"], salary["hours"], salary["percentage"]) == ("65000.00", "", "100.00")


@pytest.mark.parametrize("typed", ["nan", "NaN", "sNaN", "inf", "-Infinity", "7..5"])
def test_a_cell_that_is_not_a_finite_number_is_refused_with_a_message(client, flex, typed):
    name = f"cell|{flex.work.id}|-|2025-08-12"
    response = client.post(
        url("week_cell", flex, employee_id=flex.employee.id),
        {"cell": name, name: typed},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422  # the cell re-rendered with its error, nothing saved
    assert "Enter hours as a number, e.g. 7.5." in response.content.decode()
    assert not TimeEntry.objects.exists()


def test_the_run_list_shows_the_newest_first_and_pages_after_two_years(client, flex):
    from timesheets.models import PayrollRun
    from timesheets.views.runs import RUNS_PAGE_SIZE

    periods = [datetime.date(2023 + index // 12, index % 12 + 1, 1) for index in range(RUNS_PAGE_SIZE + 2)]
    PayrollRun.objects.bulk_create(PayrollRun(organization=flex.organization, period=period) for period in periods)
    first = client.get(url("runs", flex)).content.decode()
    # newest first: February 2025 on the first page, above January; the oldest on the second
    assert first.index("February 2025") < first.index("January 2025")
    assert "January 2023" not in first and "Page 1 of 2" in first
    second = client.get(url("runs", flex) + "?page=2", headers={"HX-Request": "true"}).content.decode()
    assert "January 2023" in second and "February 2023" in second and "<html" not in second
