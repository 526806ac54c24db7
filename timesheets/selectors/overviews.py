"""Monthly overviews: balances, one employee's month day by day, and the HR month list
(internal to timesheets' screens)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Exists, FilteredRelation, OuterRef, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from hrsuite.models import Employee, Organization, employed_between_q, employee_search_q
from hrsuite.money import round_money
from hrsuite.salary_terms import terms_for_period
from timesheets import calendar
from timesheets.flex import (
    NO_TERMS,
    ZERO,
    Day,
    days_of,
    hourly_rate,
    month_figures,
    participation_problem,
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
        return self.closing_after(self.payout)

    def closing_after(self, payout: Decimal) -> Decimal:
        """The closing balance of the open month with `payout` hours paid out (+) or deducted (-)."""
        return self.opening + self.change - payout


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


def _criteria_q(*, status: str, department_id, search: str, overview: str, employee: str) -> Q:
    """The month list's filters, reaching the overview through `overview` and the employee
    through `employee` (the list starts at the overview, its counts at the employee)."""
    condition = Q()
    if status in (OverviewStatus.OPEN, OverviewStatus.APPROVED):
        condition &= Q(**{f"{overview}status": status})
    if department_id:
        condition &= Q(**{f"{employee}department_id": department_id})
    return condition & employee_search_q(search, prefix=employee)


def overviews_for(
    *, organization: Organization, month: date, status: str = "", department_id=None, search: str = ""
) -> QuerySet[MonthlyOverview]:
    """The month's overviews in name order. The employee's organization is filtered as well
    (the same rows): PostgreSQL then walks the employee name index in order and probes each
    employee's overview, so a page reads its 50 rows, not the whole month sorted."""
    overviews = MonthlyOverview.objects.filter(
        organization=organization, month=month, employee__organization=organization
    ).select_related("employee", "employee__department", "approved_by")
    overviews = overviews.filter(
        _criteria_q(status=status, department_id=department_id, search=search, overview="", employee="employee__")
    )
    return overviews.order_by("employee__last_name", "employee__first_name", "employee__number")


def month_totals(
    *, organization: Organization, month: date, status: str = "", department_id=None, search: str = ""
) -> dict:
    """The month list's figures in ONE aggregate over the organization's employees, each
    joined to their overview of the month: the month's counts and sums, `matching` (the
    overviews the filters keep: the pager's count) and `without` (employees of the month
    without an overview: the non-participants' count)."""
    employed = employed_between_q(month, calendar.month_end(month))
    matching = _criteria_q(
        status=status, department_id=department_id, search=search, overview="this_month__", employee=""
    )
    return (
        Employee.objects.filter(organization=organization)
        .annotate(this_month=FilteredRelation("monthly_overviews", condition=Q(monthly_overviews__month=month)))
        .aggregate(
            count=Count("this_month"),
            approved=Count("this_month", filter=Q(this_month__status=OverviewStatus.APPROVED)),
            open=Count("this_month", filter=Q(this_month__status=OverviewStatus.OPEN)),
            closing=Sum("this_month__closing_balance"),
            payout=Sum("this_month__payout_hours"),
            matching=Count("this_month", filter=matching),
            without=Count("pk", filter=employed & Q(this_month__isnull=True)),
        )
    )


def non_participants(*, organization: Organization, settings: TimesheetSettings, month: date, limit: int) -> list[dict]:
    """The first `limit` employees of the month (name order) without an overview, each with
    the reason they have no flex balance (two queries: the employees and their terms).
    One who takes part is only waiting for the month to be calculated, and is told so."""
    end = calendar.month_end(month)
    employees = list(
        Employee.objects.filter(organization=organization)
        .employed_between(month, end)
        .exclude(Exists(MonthlyOverview.objects.filter(employee=OuterRef("pk"), month=month)))
        .only("number", "first_name", "last_name", "employment_start", "employment_end")  # what the list shows
        .order_by("last_name", "first_name", "number")[:limit]
    )
    # By id alone (they are the organization's): the salary term index, no join to employees.
    timelines = terms_for_period(start=month, end=end, employee_ids=[e.id for e in employees])
    settings = settings if module_on(organization) else None
    found = []
    for employee in employees:
        employee.organization = organization  # normal time reads it: no query per row
        # The reason as of the employment's last day in the month.
        term = timelines.get(employee.id, NO_TERMS).on(min(end, employee.employment_end or end))
        reason = participation_problem(employee, settings, term=term) or _(
            "Takes part: the month is not calculated for them yet."
        )
        found.append({"employee": employee, "reason": reason})
    return found
