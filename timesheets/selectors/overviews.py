"""Monthly overviews: balances, one employee's month day by day, and the HR month list
(internal to timesheets' screens)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum

from hrsuite.models import Employee, Organization, employee_search_q
from hrsuite.money import round_money
from timesheets import calendar
from timesheets.flex import (
    NO_TERMS,
    ZERO,
    Day,
    days_of,
    hourly_rate,
    month_figures,
    participation_problem,
    timelines_for_month,
)
from timesheets.models import (
    MonthlyOverview,
    OverviewStatus,
    PayrollLine,
    TimesheetSettings,
)
from timesheets.salary import rate_terms
from timesheets.selectors.settings import module_on


def rate_for(*, employee: Employee, month: date, settings: TimesheetSettings) -> Decimal:
    """The hourly rate the month's overtime and flex lines are priced at (one query)."""
    salary = rate_terms(month).filter(employee=employee).values_list("annual_salary", flat=True).first()
    return round_money(hourly_rate(salary or ZERO, settings))


def earlier_open_month(*, employee: Employee, month: date) -> date | None:
    """The first month before `month` whose overview is still open: months are approved in
    order, so `month` waits for it (timesheets/services/overviews.py)."""
    return (
        MonthlyOverview.objects.filter(employee=employee, month__lt=month, status=OverviewStatus.OPEN)
        .order_by("month")
        .values_list("month", flat=True)
        .first()
    )


def overview_lines(*, overview: MonthlyOverview) -> QuerySet[PayrollLine]:
    return overview.payroll_lines.select_related("run", "pay_type").order_by("run__period", "kind")


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
    overviews = overviews.filter(employee_search_q(search, prefix="employee__"))
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
    end = calendar.month_end(month)
    timelines = timelines_for_month(organization=organization, month=month)
    employees = (
        Employee.objects.filter(organization=organization)
        .employed_between(month, end)
        .exclude(
            Exists(MonthlyOverview.objects.filter(employee=OuterRef("pk"), month=month)),
        )
        .select_related("organization")
        .order_by("last_name", "first_name")
    )
    settings = settings if module_on(organization) else None
    found = []
    for employee in employees:
        # The reason as of the employment's last day in the month.
        term = timelines.get(employee.id, NO_TERMS).on(min(end, employee.employment_end or end))
        reason = participation_problem(employee, settings, term=term)
        if reason is not None:
            found.append({"employee": employee, "reason": reason})
    return found
