"""The employee logs their own hours on My page, in the grid HR uses."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import EmployeeFactory, switch
from tests.selfservice.factories import switch_on
from tests.timesheets.factories import ActivityFactory, TimeEntryFactory, TimesheetSettingsFactory
from timesheets.models import MonthlyOverview, OverviewStatus, TimeEntry

WEEK = reverse("timesheets:my_week")
CELL = reverse("timesheets:my_week_cell")


@pytest.fixture
def me(client, organization, employee_user):
    switch(organization, "timesheets")
    TimesheetSettingsFactory(organization=organization)
    switch_on(organization)
    client.force_login(employee_user)
    return client


def cell(activity, day: datetime.date) -> str:
    return f"cell|{activity.id}|-|{day.isoformat()}"


def test_the_employee_logs_a_cell_with_htmx_and_the_week_without_javascript(me, organization, employee):
    project = ActivityFactory(organization=organization, name="Project work")
    monday = datetime.date(2026, 11, 16)
    name = cell(project, monday)
    response = me.post(CELL, {"cell": name, name: "7,5"}, headers={"HX-Request": "true"})
    # The out-of-band totals travel in <template>s: after a <td> the parser is inside a table row.
    assert (
        response.status_code == 200
        and '<template><tfoot id="week-totals" hx-swap-oob="true">' in response.content.decode()
    )
    assert TimeEntry.objects.get(employee=employee, date=monday).hours == Decimal("7.5")

    tuesday = cell(project, monday + datetime.timedelta(days=1))
    me.post(WEEK, {"week": monday.isoformat(), tuesday: "8"})
    assert TimeEntry.objects.get(employee=employee, date=monday + datetime.timedelta(days=1)).hours == Decimal("8")
    page = me.get(f"{WEEK}?week={monday.isoformat()}").content.decode()
    assert "Project work" in page and reverse("me") in page  # My page's menu around it


def test_an_approved_month_is_locked_for_the_employee_too(me, organization, employee):
    entry = TimeEntryFactory(employee=employee, date=datetime.date(2025, 8, 11))
    MonthlyOverview.objects.create(
        organization=organization, employee=employee, month=datetime.date(2025, 8, 1), status=OverviewStatus.APPROVED
    )
    name = cell(entry.activity, entry.date)
    response = me.post(CELL, {"cell": name, name: "2"}, headers={"HX-Request": "true"})
    assert response.status_code == 422 and "locked" in response.content.decode()
    # Worded for the employee, who cannot reopen a month.
    assert "Ask HR" in response.content.decode() and "Reopen" not in response.content.decode()
    me.post(reverse("timesheets:my_entry_delete", args=[entry.id]))
    entry.refresh_from_db()
    assert entry.hours == Decimal("8")


def test_only_entries_of_open_months_offer_a_remove_button(me, organization, employee):
    """A week across a month end: the approved month's entry shows no Remove button (the
    removal would be refused), the open month's entry does."""
    locked = TimeEntryFactory(employee=employee, date=datetime.date(2025, 7, 30))
    open_one = TimeEntryFactory(employee=employee, date=datetime.date(2025, 8, 1))
    MonthlyOverview.objects.create(
        organization=organization, employee=employee, month=datetime.date(2025, 7, 1), status=OverviewStatus.APPROVED
    )
    page = me.get(f"{WEEK}?week=2025-07-28").content.decode()  # Monday 28 July to Sunday 3 August
    assert "30.07.2025" in page or "30/07/2025" in page  # the locked entry is listed
    assert reverse("timesheets:my_entry_delete", args=[open_one.id]) in page
    assert reverse("timesheets:my_entry_delete", args=[locked.id]) not in page


def test_another_employees_entry_is_out_of_reach(me, organization):
    theirs = TimeEntryFactory(employee=EmployeeFactory(organization=organization))
    assert me.post(reverse("timesheets:my_entry_delete", args=[theirs.id])).status_code == 404
    assert TimeEntry.objects.filter(pk=theirs.pk).exists()


def test_without_the_timesheet_module_the_week_is_unreachable(me, organization):
    switch(organization, "timesheets", False)
    assert me.get(WEEK).status_code == 404
