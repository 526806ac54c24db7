"""The flex-balance arithmetic, set-based: one SQL aggregate per chunk of employees and month.

Per working day up to today: flex = hours on hour-generating activities - normal time, so an
unlogged working day draws its full normal time. Hours on activities that do not generate
hours count zero. After today only days with entries count (their normal time is drawn,
their hours are added); unlogged future days never touch the balance. Weekends and public
holidays have normal time 0.

Per employee and month this reduces to:
    change = sum(generating hours) - normal x (working days up to today + logged working days after today)
which one GROUP BY employee query delivers, without ever loading a time entry.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from hrsuite.models import Employee, Organization, SalaryType
from timesheets import calendar
from timesheets.models import Activity, PayType, PayTypeKind, TimeEntry, TimesheetSettings

ZERO = Decimal("0")


def hourly_rate(annual_salary: Decimal, settings: TimesheetSettings) -> Decimal:
    """Unrounded; money lines round once, at the end."""
    return Decimal(annual_salary) / settings.annual_hours_divisor


def normal_hours_of(employee: Employee, organization: Organization) -> Decimal:
    if employee.normal_hours_per_day is not None:
        return employee.normal_hours_per_day
    return organization.normal_hours_per_day


def participation_problem(employee: Employee, settings: TimesheetSettings | None) -> str | None:
    """Why the employee has no flex balance, or None when they take part."""
    if settings is None or not settings.flex_enabled:
        return _("The flex-time balance is switched off for the organization.")
    if employee.salary_type != SalaryType.MONTHLY:
        return _("Paid by the hour: only employees with a fixed monthly salary have a flex balance.")
    if normal_hours_of(employee, employee.organization) <= 0:
        return _("No normal time per day: hours cannot be measured against a normal time.")
    return None


def participants(*, organization: Organization, month: date):
    """Monthly-salaried employees employed on some day of the month, as light rows."""
    return (
        Employee.objects.filter(organization=organization, salary_type=SalaryType.MONTHLY)
        .employed_between(month, calendar.month_end(month))
        .order_by("id")
        .values_list("id", "employment_start", "employment_end", "normal_hours_per_day", named=True)
    )


@dataclass
class Figures:
    logged: Decimal = ZERO  # hours on hour-generating activities
    normal: Decimal = ZERO
    overtime: Decimal = ZERO  # hours on overtime pay types (paid as a supplement only)

    @property
    def change(self) -> Decimal:
        return self.logged - self.normal


def month_figures(
    *,
    organization: Organization,
    settings: TimesheetSettings,
    month: date,
    employees: list[Employee],
    today: date,
    whole_organization: bool = False,
) -> dict:
    """Figures per employee id for one month: ONE aggregate query for the whole list.

    With whole_organization the query aggregates the organization's month without a list
    of ids (one pass over the month's rows, however many employees)."""
    month = calendar.month_start(month)
    end = calendar.month_end(month)
    first_counted = max(month, settings.flex_start)
    working = calendar.working_days(month, organization.country)
    ahead = [day for day in working if day > today and day >= first_counted]
    # The organization's few activity and pay-type ids instead of joins: the aggregate then
    # reads the entries alone.
    generating = list(
        Activity.objects.filter(organization=organization, generates_hours=True).values_list("id", flat=True)
    )
    overtime = list(
        PayType.objects.filter(organization=organization, kind=PayTypeKind.OVERTIME).values_list("id", flat=True)
    )
    aggregates = {
        "logged": Sum("hours", filter=Q(activity_id__in=generating)),
        "overtime": Sum("hours", filter=Q(pay_type_id__in=overtime)),
    }
    if ahead:
        aggregates["days_ahead"] = Count("date", distinct=True, filter=Q(date__in=ahead))
    rows = (
        TimeEntry.objects.filter(organization=organization, date__gte=first_counted, date__lte=end)
        .filter(Q() if whole_organization else Q(employee_id__in=[e.id for e in employees]))
        .values("employee_id")
        .annotate(**aggregates)
        .order_by()
    )
    by_employee = {row["employee_id"]: row for row in rows}
    figures = {}
    for employee in employees:
        row = by_employee.get(employee.id, {})
        first = max(first_counted, employee.employment_start)
        last = min(end, today, employee.employment_end or end)
        days = calendar.count_between(working, first, last) + (row.get("days_ahead") or 0)
        figures[employee.id] = Figures(
            logged=row.get("logged") or ZERO,
            normal=normal_hours_of(employee, organization) * days,
            overtime=row.get("overtime") or ZERO,
        )
    return figures


@dataclass
class Day:
    date: date
    holiday: str | None
    working: bool
    counted: bool
    normal: Decimal
    logged: Decimal
    not_generating: Decimal
    overtime: Decimal

    @property
    def flex(self) -> Decimal:
        return self.logged - self.normal if self.counted else ZERO

    @property
    def weekend(self) -> bool:
        return self.date.weekday() >= 5


def days_of(
    *,
    employee: Employee,
    settings: TimesheetSettings,
    first: date,
    last: date,
    today: date,
    language: str = "en",
) -> list[Day]:
    """Day by day, for the week view and the monthly overview (one query)."""
    organization = employee.organization
    totals = {}
    for entry in (
        TimeEntry.objects.filter(employee=employee, date__gte=first, date__lte=last)
        .values("date", "hours", "activity__generates_hours", "pay_type__kind")
        .order_by()
    ):
        day = totals.setdefault(entry["date"], [ZERO, ZERO, ZERO, False])
        day[0 if entry["activity__generates_hours"] else 1] += entry["hours"]
        if entry["pay_type__kind"] == PayTypeKind.OVERTIME:
            day[2] += entry["hours"]
        day[3] = True
    normal = normal_hours_of(employee, organization)
    days = []
    for day in (first + timedelta(days=i) for i in range((last - first).days + 1)):
        logged, not_generating, overtime, has_entries = totals.get(day, [ZERO, ZERO, ZERO, False])
        holiday = calendar.holiday_name(day, organization.country, language)
        working = day.weekday() < 5 and holiday is None
        employed = employee.employment_start <= day and (
            employee.employment_end is None or day <= employee.employment_end
        )
        counted = day >= settings.flex_start and (day <= today or has_entries)
        days.append(
            Day(
                date=day,
                holiday=holiday,
                working=working,
                counted=counted,
                normal=normal if working and counted and employed else ZERO,
                logged=logged,
                not_generating=not_generating,
                overtime=overtime,
            )
        )
    return days
