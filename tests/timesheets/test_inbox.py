"""The timesheet module's inbox items: months to approve by each organization's own month,
and last month's employee months with working days without hours (also a filter and a badge
on the month list)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from hrsuite import roles
from hrsuite.grants import company_access_grant
from hrsuite.inbox import counts_by_path, items_for
from hrsuite.models import Organization
from tests.factories import EmployeeFactory, OrganizationFactory
from tests.timesheets.factories import TimesheetSettingsFactory
from timesheets import calendar
from timesheets.models import MonthlyOverview, OverviewStatus
from timesheets.services.entries import time_entry_set

AUGUST = datetime.date(2025, 8, 1)
SEPTEMBER = datetime.date(2025, 9, 1)


def _now(monkeypatch, moment: datetime.datetime):
    monkeypatch.setattr(timezone, "now", lambda: moment)


def _items(user, organization, label: str, *, asked_with=()) -> list[int]:
    """The counts of the organization's items so labelled, asked for it and asked_with at once."""
    scope = Organization.objects.filter(pk__in=[organization.pk, *(other.pk for other in asked_with)])
    items = items_for(user=user, organizations=scope)
    return [item.count for item in items if label in str(item.label) and item.organization_id == organization.pk]


def _open_month(employee, month):
    return MonthlyOverview.objects.create(organization=employee.organization, employee=employee, month=month)


def _log_working_days(employee, activity, month, *, except_on=(), absent_on=(), absence=None):
    """8 hours on every working day of the month in the employment, none on except_on and
    on the absence activity on absent_on."""
    for day in calendar.working_days(month, employee.organization.country):
        if day >= employee.employment_start and day not in except_on:
            chosen = absence if day in absent_on else activity
            time_entry_set(employee=employee, day=day, activity=chosen, pay_type=None, hours=Decimal("8"))


@pytest.fixture
def september_10(monkeypatch):
    _now(monkeypatch, datetime.datetime(2025, 9, 10, 12, tzinfo=datetime.UTC))


def test_months_to_approve_follow_the_organization_s_own_month(flex, owner, monkeypatch):
    """At 23:30 UTC on 30 September it is already October in Oslo (UTC+2), not yet in New York:
    Oslo's September is a past month to approve, New York's is still running."""
    new_york = OrganizationFactory(time_zone="America/New_York", modules={"timesheets": True})
    TimesheetSettingsFactory(organization=new_york)
    company_access_grant(user=owner, organization=new_york, rights=roles.HR_ADMIN)
    _open_month(flex.employee, SEPTEMBER)
    _open_month(EmployeeFactory(organization=new_york), SEPTEMBER)
    _now(monkeypatch, datetime.datetime(2025, 9, 30, 23, 30, tzinfo=datetime.UTC))

    label = "Employee months to approve"
    assert _items(owner, flex.organization, label, asked_with=[new_york]) == [1]
    assert _items(owner, new_york, label, asked_with=[flex.organization]) == []
    _now(monkeypatch, datetime.datetime(2025, 10, 1, 12, tzinfo=datetime.UTC))  # October there too
    assert _items(owner, new_york, label, asked_with=[flex.organization]) == [1]


def test_last_month_s_months_with_working_days_without_hours_are_flagged(flex, owner, september_10):
    flex.start_on(AUGUST)
    gap = datetime.date(2025, 8, 14)
    _log_working_days(flex.employee, flex.work, AUGUST, except_on={gap})
    _open_month(flex.employee, AUGUST)
    # Every working day logged, one of them as an absence that generates no hours: not flagged.
    complete = EmployeeFactory(organization=flex.organization, employment_start=datetime.date(2020, 1, 1))
    _log_working_days(complete, flex.work, AUGUST, absent_on={gap}, absence=flex.time_off)
    _open_month(complete, AUGUST)
    # Started on 20 August and logged every working day since: not flagged either.
    starter = EmployeeFactory(organization=flex.organization, employment_start=datetime.date(2025, 8, 20))
    _log_working_days(starter, flex.work, AUGUST)
    _open_month(starter, AUGUST)

    assert _items(owner, flex.organization, "Employee months to approve") == [3]
    assert _items(owner, flex.organization, "working days without hours") == [1]
    # The sidebar counts the flagged month once, as one of the months to approve.
    items = items_for(user=owner, organizations=Organization.objects.filter(pk=flex.organization.pk))
    months = reverse("timesheets:months", args=[flex.organization.id])
    assert counts_by_path(items, flex.organization)[months] == 3


def test_an_approved_month_or_one_before_the_flex_start_is_not_flagged(flex, owner, september_10):
    flex.start_on(SEPTEMBER)
    _open_month(flex.employee, AUGUST)  # nothing logged, but August does not count for flex
    other = EmployeeFactory(organization=flex.organization, employment_start=datetime.date(2020, 1, 1))
    MonthlyOverview.objects.create(
        organization=flex.organization, employee=other, month=AUGUST, status=OverviewStatus.APPROVED
    )
    assert _items(owner, flex.organization, "working days without hours") == []


def test_the_month_list_marks_and_filters_months_with_working_days_without_hours(flex, owner_client, september_10):
    flex.start_on(AUGUST)
    _open_month(flex.employee, AUGUST)  # nothing logged at all
    complete = EmployeeFactory(
        organization=flex.organization, last_name="Complete", employment_start=datetime.date(2020, 1, 1)
    )
    _log_working_days(complete, flex.work, AUGUST)
    _open_month(complete, AUGUST)
    url = reverse("timesheets:months", args=[flex.organization.id])

    page = owner_client.get(url, {"month": "2025-08"}).content.decode()
    assert page.count("21 working days without hours") == 1 and "Complete" in page
    filtered = owner_client.get(url, {"month": "2025-08", "status": "unlogged"}).content.decode()
    assert "Nordmann" in filtered and "Complete" not in filtered
