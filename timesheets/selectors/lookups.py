"""One object of the organization by its id, or 404 when it is missing or another
organization's (internal to timesheets' screens)."""

from django.core.exceptions import ValidationError
from django.http import Http404

from hrsuite.models import Employee, Organization
from timesheets.models import (
    Activity,
    PayrollRun,
    PayType,
    TimeEntry,
)


def _scoped(queryset, organization: Organization, object_id):
    try:
        return queryset.get(organization=organization, id=object_id)
    except (queryset.model.DoesNotExist, ValueError, ValidationError) as missing:
        raise Http404 from missing


def activity_for(organization: Organization, activity_id) -> Activity:
    return _scoped(Activity.objects.all(), organization, activity_id)


def pay_type_for(organization: Organization, pay_type_id) -> PayType:
    return _scoped(PayType.objects.all(), organization, pay_type_id)


def run_for(organization: Organization, run_id) -> PayrollRun:
    return _scoped(PayrollRun.objects.all(), organization, run_id)


def entry_for(organization: Organization, employee: Employee, entry_id) -> TimeEntry:
    return _scoped(TimeEntry.objects.filter(employee=employee).select_related("employee"), organization, entry_id)
