"""Reads of the timesheet module, always scoped by the organization or employee passed in.

The self-service page (another app) reads payslips, salary history and the flex balance
only through the *_for_employee functions and payslip_detail here."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.http import Http404

from hrsuite.models import Employee, Organization
from timesheets import calendar
from timesheets.flex import ZERO, Day, days_of, hourly_rate, money, month_figures, participation_problem
from timesheets.models import (
    Activity,
    LineKind,
    MonthlyOverview,
    OverviewStatus,
    PayrollLine,
    PayrollRun,
    PayType,
    RunStatus,
    TimeEntry,
    TimesheetSettings,
)


def settings_for(*, organization: Organization) -> TimesheetSettings:
    """The stored settings, or unsaved defaults (balance counted from this month)."""
    found = TimesheetSettings.objects.filter(organization=organization).first()
    return found or TimesheetSettings(organization=organization, flex_start=calendar.month_start(organization.today()))


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


def activities_for(*, organization: Organization, active_only: bool = False) -> QuerySet[Activity]:
    activities = Activity.objects.filter(organization=organization)
    return activities.filter(active=True) if active_only else activities


def pay_types_for(*, organization: Organization, active_only: bool = False) -> QuerySet[PayType]:
    pay_types = PayType.objects.filter(organization=organization)
    return pay_types.filter(active=True) if active_only else pay_types


# --- Week view ----------------------------------------------------------------------------


@dataclass
class WeekRow:
    activity: Activity
    pay_type: PayType | None
    cells: list  # (date, TimeEntry | None) per day

    @property
    def total(self) -> Decimal:
        return sum((entry.hours for _day, entry in self.cells if entry), ZERO)

    @property
    def key(self) -> str:
        return f"{self.activity.id}-{self.pay_type.id if self.pay_type else 0}"


def week_rows(*, employee: Employee, days: list[date], extra: tuple | None = None) -> list[WeekRow]:
    """One row per (activity, pay type) with entries in the week (one query), plus `extra`."""
    entries = list(
        TimeEntry.objects.filter(employee=employee, date__gte=days[0], date__lte=days[-1]).select_related(
            "activity", "pay_type"
        )
    )
    rows: dict[tuple, dict] = {}
    heads: dict[tuple, tuple] = {}
    for entry in entries:
        key = (entry.activity_id, entry.pay_type_id)
        heads[key] = (entry.activity, entry.pay_type)
        rows.setdefault(key, {})[entry.date] = entry
    if extra is not None and (extra[0].id, extra[1].id if extra[1] else None) not in heads:
        heads[(extra[0].id, extra[1].id if extra[1] else None)] = extra
    ordered = sorted(heads.items(), key=lambda item: (item[1][0].name, item[1][1].name if item[1][1] else ""))
    return [
        WeekRow(activity=activity, pay_type=pay_type, cells=[(day, rows.get(key, {}).get(day)) for day in days])
        for key, (activity, pay_type) in ordered
    ]


def week_entries(*, employee: Employee, first: date, last: date) -> QuerySet[TimeEntry]:
    return (
        TimeEntry.objects.filter(employee=employee, date__gte=first, date__lte=last)
        .select_related("activity", "pay_type", "created_by")
        .order_by("date", "activity__name")
    )


def rate_for(*, employee: Employee, settings: TimesheetSettings) -> Decimal:
    return money(hourly_rate(employee.annual_salary, settings))


def overview_lines(*, overview: MonthlyOverview) -> QuerySet[PayrollLine]:
    return overview.payroll_lines.select_related("run", "pay_type").order_by("run__period", "kind")


# --- Balances -----------------------------------------------------------------------------


def balance_before(*, employee: Employee, month: date, settings: TimesheetSettings, today: date) -> Decimal:
    """The balance the month opens with, computed in memory from the last approved month
    (whose stored closing balance is final) through the open months in between."""
    month = calendar.month_start(month)
    last_approved = (
        MonthlyOverview.objects.filter(employee=employee, month__lt=month, status=OverviewStatus.APPROVED)
        .order_by("-month")
        .only("month", "closing_balance")
        .first()
    )
    balance = last_approved.closing_balance if last_approved else ZERO
    first = calendar.next_month(last_approved.month) if last_approved else calendar.month_start(settings.flex_start)
    first = max(first, calendar.month_start(employee.employment_start))
    months = calendar.months_between(first, calendar.previous_month(month)) if first < month else []
    if not months:
        return balance
    payouts = dict(
        MonthlyOverview.objects.filter(employee=employee, month__in=months).values_list("month", "payout_hours")
    )
    for each in months:
        figures = month_figures(
            organization=employee.organization, settings=settings, month=each, employees=[employee], today=today
        )
        balance += figures[employee.id].change - payouts.get(each, ZERO)
    return balance


@dataclass
class MonthView:
    month: date
    days: list[Day]
    opening: Decimal
    overview: MonthlyOverview | None

    @property
    def logged(self) -> Decimal:
        return sum((d.logged for d in self.days if d.counted), ZERO)

    @property
    def not_generating(self) -> Decimal:
        return sum((d.not_generating for d in self.days), ZERO)

    @property
    def normal(self) -> Decimal:
        return sum((d.normal for d in self.days), ZERO)

    @property
    def overtime(self) -> Decimal:
        return sum((d.overtime for d in self.days), ZERO)

    @property
    def change(self) -> Decimal:
        return sum((d.flex for d in self.days), ZERO)

    @property
    def payout(self) -> Decimal:
        return self.overview.payout_hours if self.overview else ZERO

    @property
    def closing(self) -> Decimal:
        if self.overview is not None and self.overview.is_approved:
            return self.overview.closing_balance
        return self.opening + self.change - self.payout


def month_view(
    *, employee: Employee, month: date, settings: TimesheetSettings, today: date, language: str = "en"
) -> MonthView:
    """Every day of the month with logged, normal and flex hours, and the balances."""
    month = calendar.month_start(month)
    overview = MonthlyOverview.objects.filter(employee=employee, month=month).select_related("approved_by").first()
    if overview is not None and overview.is_approved:
        opening = overview.opening_balance
    else:
        opening = balance_before(employee=employee, month=month, settings=settings, today=today)
    days = days_of(
        employee=employee,
        settings=settings,
        first=month,
        last=calendar.month_end(month),
        today=today,
        language=language,
    )
    return MonthView(month=month, days=days, opening=opening, overview=overview)


# --- HR month list ------------------------------------------------------------------------


class OverviewFilter:
    OPEN = "open"
    APPROVED = "approved"


def overviews_for(
    *, organization: Organization, month: date, status: str = "", department_id=None, search: str = ""
) -> QuerySet[MonthlyOverview]:
    overviews = MonthlyOverview.objects.filter(organization=organization, month=month).select_related(
        "employee", "employee__department", "approved_by"
    )
    if status in (OverviewStatus.OPEN, OverviewStatus.APPROVED):
        overviews = overviews.filter(status=status)
    if department_id:
        overviews = overviews.filter(employee__department_id=department_id)
    for term in search.split():
        overviews = overviews.filter(
            Q(employee__first_name__icontains=term)
            | Q(employee__last_name__icontains=term)
            | Q(employee__number__iexact=term)
        )
    return overviews.order_by("employee__last_name", "employee__first_name", "employee__number")


def overview_totals(*, organization: Organization, month: date) -> dict:
    return MonthlyOverview.objects.filter(organization=organization, month=month).aggregate(
        count=Count("id"),
        approved=Count("id", filter=Q(status=OverviewStatus.APPROVED)),
        open=Count("id", filter=Q(status=OverviewStatus.OPEN)),
        closing=Sum("closing_balance"),
        payout=Sum("payout_hours"),
    )


def non_participants(*, organization: Organization, settings: TimesheetSettings, month: date) -> list[dict]:
    """Employees of the month without a flex balance, each with the reason."""
    employees = (
        Employee.objects.filter(organization=organization, employment_start__lte=calendar.month_end(month))
        .filter(Q(employment_end__isnull=True) | Q(employment_end__gte=month))
        .exclude(
            Exists(MonthlyOverview.objects.filter(employee=OuterRef("pk"), month=month)),
        )
        .select_related("organization")
        .order_by("last_name", "first_name")
    )
    return [
        {"employee": employee, "reason": reason}
        for employee in employees
        if (reason := participation_problem(employee, settings if organization.timesheets_enabled else None))
        is not None
    ]


# --- Payroll runs and payslips ------------------------------------------------------------


def runs_for(*, organization: Organization) -> QuerySet[PayrollRun]:
    return PayrollRun.objects.filter(organization=organization).annotate(
        total=Sum("lines__amount"),
        employees=Count("lines__employee", distinct=True),
    )


def run_summary(*, run: PayrollRun) -> dict:
    totals = {row["kind"]: row["total"] for row in run.lines.values("kind").annotate(total=Sum("amount")).order_by()}
    return {
        "by_kind": [(kind, label, totals.get(kind, ZERO)) for kind, label in LineKind.choices],
        "total": sum(totals.values(), ZERO),
    }


def run_employees(*, run: PayrollRun) -> QuerySet:
    """One row per employee of the run with their amounts per kind and gross."""
    return (
        run.lines.values("employee_id", "employee__number", "employee__first_name", "employee__last_name")
        .annotate(
            salary=Sum("amount", filter=Q(kind=LineKind.SALARY)),
            overtime=Sum("amount", filter=Q(kind=LineKind.OVERTIME)),
            flex=Sum("amount", filter=Q(kind__in=[LineKind.FLEX_PAYOUT, LineKind.FLEX_DEDUCTION])),
            gross=Sum("amount"),
        )
        .order_by("employee__last_name", "employee__first_name", "employee__number")
    )


def run_lines(*, run: PayrollRun) -> QuerySet[PayrollLine]:
    return run.lines.select_related("employee", "pay_type").order_by(
        "employee__last_name", "employee__first_name", "employee__number", "kind"
    )


def payslips_for_employee(*, employee: Employee) -> QuerySet[PayrollRun]:
    """The employee's payslips, newest first: one per payroll run holding a line for them,
    annotated with `gross`. A payslip's id is its run's id."""
    return (
        PayrollRun.objects.filter(organization_id=employee.organization_id, lines__employee=employee)
        .annotate(gross=Sum("lines__amount", filter=Q(lines__employee=employee)))
        .order_by("-period")
    )


def payslip_detail(*, employee: Employee, payslip_id) -> dict | None:
    """The payslip of one run for the employee: run, lines, gross. None if there is none."""
    try:
        run = PayrollRun.objects.get(organization_id=employee.organization_id, id=payslip_id)
    except (PayrollRun.DoesNotExist, ValueError, TypeError, ValidationError):
        return None
    lines = list(run.lines.filter(employee=employee).select_related("pay_type").order_by("kind", "description"))
    if not lines:
        return None
    return {
        "run": run,
        "employee": employee,
        "lines": lines,
        "gross": sum((line.amount for line in lines), ZERO),
    }


def salary_history_for_employee(*, employee: Employee, paid_only: bool = False) -> list[dict]:
    """Gross pay per payroll period, oldest first: [{"month": date, "gross": Decimal}].
    paid_only leaves out runs that are still open (preliminary)."""
    lines = PayrollLine.objects.filter(employee=employee, run__organization_id=employee.organization_id)
    if paid_only:
        lines = lines.filter(run__status=RunStatus.CLOSED)
    rows = lines.values("run__period").annotate(gross=Sum("amount")).order_by("run__period")
    return [{"month": row["run__period"], "gross": row["gross"]} for row in rows]


def annual_statements_for_employee(*, employee: Employee) -> list[dict]:
    """Gross pay per calendar year from paid (closed) runs, with its months, newest year first:
    [{"year": int, "gross": Decimal, "months": [{"month": date, "gross": Decimal}, ...]}]."""
    years: dict[int, dict] = {}
    for row in salary_history_for_employee(employee=employee, paid_only=True):
        year = years.setdefault(row["month"].year, {"year": row["month"].year, "gross": ZERO, "months": []})
        year["gross"] += row["gross"]
        year["months"].append(row)
    return sorted(years.values(), key=lambda year: year["year"], reverse=True)


def flex_summary_for_employee(*, employee: Employee, months: int = 6) -> dict:
    """The current flex balance and the most recent months (newest first).

    {"participates", "reason", "balance", "months": [MonthlyOverview ...]}; the balance runs
    through today and includes hours already logged for days ahead."""
    organization = employee.organization
    settings = settings_for(organization=organization)
    reason = participation_problem(employee, settings if organization.timesheets_enabled else None)
    recent = list(MonthlyOverview.objects.filter(employee=employee).order_by("-month")[:months])
    if reason is not None:
        return {"participates": False, "reason": reason, "balance": None, "months": recent}
    today = organization.today()
    view = month_view(employee=employee, month=today, settings=settings, today=today)
    return {"participates": True, "reason": None, "balance": view.closing, "months": recent}
