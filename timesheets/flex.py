"""The flex-balance arithmetic, set-based: one SQL aggregate per chunk of employees and month.

Per working day up to today: flex = hours on hour-generating activities - normal time, so an
unlogged working day draws its full normal time. Hours on activities that do not generate
hours count zero. Hours on an overtime pay type are recorded BESIDE the activity's hours
(the seed: 12 h on the activity and, in addition, 4 h on "Overtime 50 %"): they only earn
the percentage supplement and never count as logged hours or change the balance.
After today only days with entries count (their normal time is drawn, their hours are
added); unlogged future days never touch the balance. Weekends and public
holidays have normal time 0.

Normal time of a working day comes from the salary term in force that day
(SalaryTerm.normal_hours): its own normal hours per day when it sets them, else the
organization's normal hours x its employment percentage / 100, rounded to the hundredth.
A day under an hourly term has none (hourly-paid employees have no flex balance), nor has a
day before the first term.
Per employee and month this reduces to:
    change = sum(generating hours) - sum over terms of daily normal x (working days under the
             term up to today + logged working days under it after today)
which one GROUP BY employee query (plus one for the month's terms and one for the few logged
days ahead) delivers, without ever loading a time entry.
"""

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from hrsuite.models import Employee, Organization, SalaryTerm, SalaryType
from hrsuite.salary_terms import Span, Timeline, terms_for_period
from timesheets import calendar
from timesheets.models import Activity, PayType, PayTypeKind, TimeEntry, TimesheetSettings

ZERO = Decimal("0")


NO_TERMS = Timeline([])


def daily_normal(term: SalaryTerm, organization: Organization) -> Decimal:
    """Normal hours of one working day under the term (0 under an hourly term)."""
    if term.salary_type != SalaryType.MONTHLY:
        return ZERO
    return term.normal_hours(organization)


def monthly_spans(timeline: Timeline, first: date, last: date) -> list[Span]:
    return [span for span in timeline.spans(first, last) if span.term.salary_type == SalaryType.MONTHLY]


# Up to this many employees are looked up by id; more read the organization's terms whole
# (a long IN list costs more to send and plan than the rows it saves).
FEW_EMPLOYEES = 500


def timelines_for_month(*, organization: Organization, month: date, employee_ids=None) -> dict:
    """The employees' (or all of the organization's) terms in force on some day of the
    month: one query."""
    few = employee_ids is not None and len(employee_ids) <= FEW_EMPLOYEES
    return terms_for_period(
        organization=organization,
        start=month,
        end=calendar.month_end(month),
        employee_ids=employee_ids if few else None,
    )


def normal_between(
    *, timeline: Timeline, organization: Organization, working: tuple, first: date, last: date, extra: list[date]
) -> Decimal:
    """Normal time of the working days first..last plus the extra days (logged days ahead)."""
    total = ZERO
    for span in monthly_spans(timeline, first, last):
        total += daily_normal(span.term, organization) * calendar.count_between(working, span.first, span.last)
    for day in extra:
        term = timeline.on(day)
        if term is not None:
            total += daily_normal(term, organization)
    return total


def hourly_rate(annual_salary: Decimal, settings: TimesheetSettings) -> Decimal:
    """Unrounded; money lines round once, at the end."""
    return Decimal(annual_salary) / settings.annual_hours_divisor


def participation_problem(
    employee: Employee, settings: TimesheetSettings | None, *, term: SalaryTerm | None
) -> str | None:
    """Why the employee has no flex balance under the term (the one in force on the day
    asked about), as one sentence that says so, or None when they take part."""
    if settings is None or not settings.flex_enabled:
        return _("Flex time is switched off for the organization: no flex balance is kept.")
    if term is None:
        return _("No salary term in force: a flex balance is kept once the employee's salary is entered.")
    if term.salary_type != SalaryType.MONTHLY:
        return _("Paid by the hour: no flex balance is kept, the hours are paid as logged.")
    if daily_normal(term, employee.organization) <= 0:
        return _(
            "No normal time per day: no flex balance is kept, as hours have no normal time to be measured against."
        )
    return None


@dataclass(frozen=True)
class Participant:
    id: uuid.UUID
    employment_start: date
    employment_end: date | None
    timeline: Timeline


def participants(*, organization: Organization, month: date, employee_ids: list | None = None) -> list[Participant]:
    """Employees employed on some day of the month under a monthly term then, with their
    terms (two queries, however many employees)."""
    end = calendar.month_end(month)
    employees = Employee.objects.filter(organization=organization).employed_between(month, end)
    if employee_ids is not None:
        employees = employees.filter(id__in=employee_ids)
    timelines = timelines_for_month(organization=organization, month=month, employee_ids=employee_ids)
    found = []
    for row in employees.order_by("id").values_list("id", "employment_start", "employment_end", named=True):
        timeline = timelines.get(row.id, NO_TERMS)
        if monthly_spans(timeline, max(month, row.employment_start), min(end, row.employment_end or end)):
            found.append(Participant(row.id, row.employment_start, row.employment_end, timeline))
    return found


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
    employees: list,
    today: date,
    whole_organization: bool = False,
) -> dict:
    """Figures per employee id for one month: ONE aggregate query for the whole list, one
    for the logged days ahead of today, and one for the terms unless the employees are
    participants (who carry theirs).

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
        # Overtime pay-type hours lie beside the activity's hours: never logged (module docstring).
        "logged": Sum("hours", filter=Q(activity_id__in=generating) & ~Q(pay_type_id__in=overtime)),
        "overtime": Sum("hours", filter=Q(pay_type_id__in=overtime)),
    }
    mine = Q() if whole_organization else Q(employee_id__in=[e.id for e in employees])
    rows = (
        TimeEntry.objects.filter(organization=organization, date__gte=first_counted, date__lte=end)
        .filter(mine)
        .values("employee_id")
        .annotate(**aggregates)
        .order_by()
    )
    by_employee = {row["employee_id"]: row for row in rows}
    logged_ahead = defaultdict(list)
    if ahead:
        for employee_id, day in (
            TimeEntry.objects.filter(mine, organization=organization, date__in=ahead)
            .values_list("employee_id", "date")
            .distinct()
        ):
            logged_ahead[employee_id].append(day)
    timelines = None
    if any(not isinstance(employee, Participant) for employee in employees):
        timelines = timelines_for_month(organization=organization, month=month, employee_ids=[e.id for e in employees])
    figures = {}
    for employee in employees:
        row = by_employee.get(employee.id, {})
        timeline = employee.timeline if timelines is None else timelines.get(employee.id, NO_TERMS)
        figures[employee.id] = Figures(
            logged=row.get("logged") or ZERO,
            normal=normal_between(
                timeline=timeline,
                organization=organization,
                working=working,
                first=max(first_counted, employee.employment_start),
                last=min(end, today, employee.employment_end or end),
                extra=logged_ahead[employee.id],
            ),
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
    """Day by day, for the week view and the monthly overview (two queries: entries, terms)."""
    organization = employee.organization
    totals = {}
    for entry in (
        TimeEntry.objects.filter(employee=employee, date__gte=first, date__lte=last)
        .values("date", "hours", "activity__generates_hours", "pay_type__kind")
        .order_by()
    ):
        day = totals.setdefault(entry["date"], [ZERO, ZERO, ZERO, False])
        if entry["pay_type__kind"] == PayTypeKind.OVERTIME:
            day[2] += entry["hours"]  # beside the activity's hours: supplement only
        else:
            day[0 if entry["activity__generates_hours"] else 1] += entry["hours"]
        day[3] = True
    timeline = terms_for_period(start=first, end=last, employee_ids=[employee.id]).get(employee.id, NO_TERMS)
    days = []
    for day in (first + timedelta(days=i) for i in range((last - first).days + 1)):
        logged, not_generating, overtime, has_entries = totals.get(day, [ZERO, ZERO, ZERO, False])
        holiday = calendar.holiday_name(day, organization.country, language)
        working = day.weekday() < 5 and holiday is None
        employed = employee.employment_start <= day and (
            employee.employment_end is None or day <= employee.employment_end
        )
        counted = day >= settings.flex_start and (day <= today or has_entries)
        term = timeline.on(day)
        normal = daily_normal(term, organization) if term is not None else ZERO
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
