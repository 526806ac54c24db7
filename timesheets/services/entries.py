"""Time entries: the cells of the week view, for HR and for the employee's own week."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from hrsuite.models import Employee, User
from timesheets import calendar
from timesheets.models import Activity, MonthlyOverview, OverviewStatus, PayType, TimeEntry

LOCKED = "locked"  # the code of the refusal, so a screen can word it for its reader


def _refuse_if_locked(*, employee: Employee, day: date) -> None:
    locked = (
        MonthlyOverview.objects.select_for_update()
        .filter(employee=employee, month=calendar.month_start(day), status=OverviewStatus.APPROVED)
        .exists()
    )
    if locked:
        raise ValidationError(
            _("%(month)s is approved and locked. Reopen the monthly overview to change its hours.")
            % {"month": date_format(day, "YEAR_MONTH_FORMAT")},
            code=LOCKED,
        )


@transaction.atomic
def time_entry_set(
    *,
    employee: Employee,
    day: date,
    activity: Activity,
    pay_type: PayType | None = None,
    hours: Decimal | None,
    comment: str | None = None,
    actor: User | None = None,
) -> TimeEntry | None:
    """Set one cell of the week view: the hours of a day on an activity (and pay type).
    Empty or zero hours remove the entry. Used by HR and by the employee's self-service."""
    organization = employee.organization
    if activity.organization_id != organization.id or (pay_type and pay_type.organization_id != organization.id):
        raise ValidationError(_("Choose an activity and pay type of this organization."))
    _refuse_if_locked(employee=employee, day=day)
    entry = (
        TimeEntry.objects.select_for_update()
        .filter(employee=employee, date=day, activity=activity, pay_type=pay_type)
        .first()
    )
    if not hours:
        if entry is not None:
            entry.delete()
        return None
    if day < employee.employment_start:
        raise ValidationError(
            _("The employment starts on %(date)s: no hours can be logged before that day.")
            % {"date": date_format(employee.employment_start, "SHORT_DATE_FORMAT")}
        )
    if employee.employment_end is not None and day > employee.employment_end:
        raise ValidationError(
            _("The employment ended on %(date)s: no hours can be logged after that day.")
            % {"date": date_format(employee.employment_end, "SHORT_DATE_FORMAT")}
        )
    if entry is None:
        if not activity.active or (pay_type and not pay_type.active):
            raise ValidationError(_("This activity or pay type is no longer in use."))
        entry = TimeEntry(organization=organization, employee=employee, date=day, activity=activity, pay_type=pay_type)
        entry.created_by = actor
    entry.hours = hours
    if comment is not None:
        entry.comment = comment
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def time_entry_delete(*, entry: TimeEntry) -> None:
    _refuse_if_locked(employee=entry.employee, day=entry.date)
    entry.delete()
