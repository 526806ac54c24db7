"""The organization's timesheet settings, activities and pay types (internal to timesheets)."""

from django.db.models import QuerySet

from hrsuite.models import Organization
from hrsuite.modules import module_is_on
from timesheets import calendar
from timesheets.models import (
    Activity,
    PayType,
    TimesheetSettings,
)

MODULE = "timesheets"  # the key of this app's module (timesheets/apps.py)


def module_on(organization: Organization) -> bool:
    return module_is_on(organization, MODULE)


def settings_for(*, organization: Organization) -> TimesheetSettings:
    """The stored settings, or unsaved defaults (balance counted from this month)."""
    found = TimesheetSettings.objects.filter(organization=organization).first()
    return found or TimesheetSettings(organization=organization, flex_start=calendar.month_start(organization.today()))


def activities_for(*, organization: Organization, active_only: bool = False) -> QuerySet[Activity]:
    activities = Activity.objects.filter(organization=organization)
    return activities.filter(active=True) if active_only else activities


def pay_types_for(*, organization: Organization, active_only: bool = False) -> QuerySet[PayType]:
    pay_types = PayType.objects.filter(organization=organization)
    return pay_types.filter(active=True) if active_only else pay_types
