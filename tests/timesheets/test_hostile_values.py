"""Hours that are not finite numbers, dates near year 1 or 9999 and years too large for a date:
a clear message or 404, never a 500, and nothing stored."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import switch
from tests.selfservice.factories import switch_on
from tests.timesheets.factories import ActivityFactory, TimesheetSettingsFactory
from timesheets.models import PayrollRun, TimeEntry

NOT_FINITE = ["NaN", "sNaN", "-NaN", "Infinity", "-Infinity", "inf"]
EDGE_DATES = ["0001-01-01", "9999-12-31", "0001-01-03", "9999-12-27"]
MONDAY = datetime.date(2026, 11, 16)


@pytest.fixture
def activity(organization):
    switch(organization, "timesheets")
    TimesheetSettingsFactory(organization=organization)
    switch_on(organization)
    return ActivityFactory(organization=organization, name="Project work")


@pytest.fixture
def screens(owner_client, client, employee_user, organization, employee):
    """HR's week of the employee, and the employee's own week: (client, week URL, cell URL)."""
    client.force_login(employee_user)
    kwargs = {"org_id": organization.id, "employee_id": employee.id}
    return {
        "hr": (owner_client, reverse("timesheets:week", kwargs=kwargs), reverse("timesheets:week_cell", kwargs=kwargs)),
        "own": (client, reverse("timesheets:my_week"), reverse("timesheets:my_week_cell")),
    }


def cell(activity, day) -> str:
    return f"cell|{activity.id}|-|{day}"


@pytest.mark.parametrize("screen", ["hr", "own"])
@pytest.mark.parametrize("hours", NOT_FINITE)
def test_hours_that_are_not_finite_are_refused_in_the_cell_and_the_grid(screens, activity, screen, hours):
    client, week, cell_url = screens[screen]
    name = cell(activity, MONDAY.isoformat())
    response = client.post(cell_url, {"cell": name, name: hours}, headers={"HX-Request": "true"})
    assert response.status_code == 422 and "Enter hours as a number" in response.content.decode()
    response = client.post(week, {"week": MONDAY.isoformat(), name: hours}, follow=True)
    assert response.status_code == 200 and "Enter hours as a number" in response.content.decode()
    assert not TimeEntry.objects.exists()


@pytest.mark.parametrize("screen", ["hr", "own"])
@pytest.mark.parametrize("day", EDGE_DATES)
def test_week_dates_outside_the_range_show_this_week_or_404(screens, activity, screen, day):
    client, week, cell_url = screens[screen]
    assert client.get(f"{week}?week={day}").status_code == 200
    name = cell(activity, day)
    assert client.post(cell_url, {"cell": name, name: "8"}, headers={"HX-Request": "true"}).status_code == 404
    assert not TimeEntry.objects.exists()


@pytest.mark.parametrize("screen", ["hr", "own"])
@pytest.mark.parametrize("day", EDGE_DATES)
def test_the_entry_form_stores_no_entry_outside_the_range(screens, activity, screen, day):
    client, week, _ = screens[screen]
    data = {"action": "entry", "week": MONDAY.isoformat(), "entry-date": day, "entry-activity": activity.id}
    response = client.post(week, {**data, "entry-hours": "8", "entry-comment": "edge"})
    assert response.status_code == 400 and "Enter a date between 1900 and 2200." in response.content.decode()
    assert not TimeEntry.objects.exists()


@pytest.mark.parametrize("month", ["0001-01", "9999-12", "99999999999999999999-01", "2026-13"])
def test_month_filters_and_run_build_refuse_months_outside_the_range(owner_client, organization, activity, month):
    kwargs = {"org_id": organization.id}
    assert owner_client.get(reverse("timesheets:months", kwargs=kwargs) + f"?month={month}").status_code == 200
    response = owner_client.post(reverse("timesheets:run_build", kwargs=kwargs), {"period": month}, follow=True)
    assert response.status_code == 200 and "Choose a period (month)." in response.content.decode()
    assert not PayrollRun.objects.exists()


@pytest.mark.parametrize(
    ("year", "month"), [(1, 1), (9999, 12), (1899, 12), (2201, 1), (2026, 0), (2026, 13), (99999999999999999999, 1)]
)
def test_month_urls_outside_the_range_answer_404(owner_client, organization, employee, activity, year, month):
    base = f"/orgs/{organization.id}/timesheets/employees/{employee.id}/months/{year}/{month}/"
    for path, method in [(base, "get"), (base + "approve/", "post"), (base + "reopen/", "post")]:
        assert getattr(owner_client, method)(path).status_code == 404, path


def test_the_month_url_still_reads_a_real_month(owner_client, organization, employee, activity):
    url = reverse(
        "timesheets:overview", kwargs={"org_id": organization.id, "employee_id": employee.id, "year": 2026, "month": 3}
    )
    assert url.endswith("/months/2026/3/") and owner_client.get(url).status_code == 200


def test_the_employee_form_also_refuses_hours_that_are_not_finite(screens, activity):
    client, week, _ = screens["own"]
    data = {"action": "entry", "week": MONDAY.isoformat(), "entry-date": MONDAY.isoformat()}
    response = client.post(week, {**data, "entry-activity": activity.id, "entry-hours": "NaN"})
    assert response.status_code == 400
    assert not TimeEntry.objects.exists()
    assert Client().get(week).status_code == 302  # still behind the login
