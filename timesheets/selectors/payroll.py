"""The PUBLIC payroll API of the timesheet module: what other apps read of payroll runs.

Other apps (self-service's My page, the pension fund) import from this module only:
`from timesheets.selectors.payroll import payslips_for_employee`. The package
`timesheets.selectors` re-exports nothing; its other modules serve timesheets' own screens
and may change without notice. Everything here takes the tenant (organization or
employee) explicitly and returns Decimal amounts.

- runs_for(organization): the organization's payroll runs with total and head count;
  published_runs_for(organization): its published and closed runs only
- payslips_for_employee(employee), payslip_detail(employee, payslip_id): payslips with
  gross, deductions, net pay and year-to-date figures
- year_to_date(employee, run): the year's gross, tax, pension, net and holiday-pay basis
- salary_history_for_employee(employee): gross pay per payroll month
- annual_statements_for_employee(employee): gross pay per calendar year

What an employee (or another app) reads comes from PUBLISHED and CLOSED runs only
(models.VISIBLE_RUN_STATUSES): a draft run is HR's work in progress and changes with the
data until it is published.
- flex_summary_for_employee(employee): current flex balance and recent months
- pensionable_salary_for(organization, period_start, period_end): pensionable salary
  paid per employee in a period
"""

import uuid
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet, Sum

from hrsuite.models import Employee, Organization
from hrsuite.salary_terms import term_on
from timesheets import calendar
from timesheets.flex import ZERO, participation_problem
from timesheets.models import (
    DEDUCTION_KINDS,
    INFORMATION_KINDS,
    NOT_PAY_KINDS,
    VISIBLE_RUN_STATUSES,
    LineKind,
    MonthlyOverview,
    PayrollLine,
    PayrollRun,
    RunStatus,
)
from timesheets.selectors.overviews import month_view
from timesheets.selectors.settings import module_on, settings_for

# Gross pay is every line that is pay; net pay adds the (negative) deductions; information
# lines (the holiday pay accrued) are neither.
PAY = ~Q(kind__in=NOT_PAY_KINDS)
NET = ~Q(kind__in=INFORMATION_KINDS)


def _prefixed(condition: Q, prefix: str) -> Q:
    return Q(*[(f"{prefix}{name}", value) for name, value in condition.children], _negated=condition.negated)


def runs_for(*, organization: Organization) -> QuerySet[PayrollRun]:
    """The organization's runs, newest first, with their gross and net pay and head count."""
    return (
        PayrollRun.objects.filter(organization=organization)
        .annotate(
            total=Sum("lines__amount", filter=_prefixed(PAY, "lines__")),
            net=Sum("lines__amount", filter=_prefixed(NET, "lines__")),
            employees=Count("lines__employee", distinct=True),
        )
        .order_by("-period")
    )


def published_runs_for(*, organization: Organization) -> QuerySet[PayrollRun]:
    """runs_for, published and closed runs only: what other apps (the pension fund) may read."""
    return runs_for(organization=organization).filter(status__in=VISIBLE_RUN_STATUSES)


def payslips_for_employee(*, employee: Employee) -> QuerySet[PayrollRun]:
    """The employee's payslips, newest first: one per published or closed payroll run
    holding a line for them, annotated with `gross` and `net`. A payslip's id is its run's id."""
    own = Q(lines__employee=employee)
    return (
        PayrollRun.objects.filter(
            organization_id=employee.organization_id, lines__employee=employee, status__in=VISIBLE_RUN_STATUSES
        )
        .annotate(
            gross=Sum("lines__amount", filter=own & _prefixed(PAY, "lines__")),
            net=Sum("lines__amount", filter=own & _prefixed(NET, "lines__")),
        )
        .order_by("-period")
    )


def year_to_date(*, employee: Employee, run: PayrollRun) -> dict[str, Decimal]:
    """The employee's totals over the published and closed runs of the run's calendar year
    up to and including it (the run itself counts even as a draft, for HR's preview): gross,
    tax, pension, net, holiday_basis, holiday_pay. One query."""

    def total(condition: Q, field: str = "amount") -> Sum:
        return Sum(field, filter=condition, default=ZERO)

    return (
        PayrollLine.objects.filter(
            employee=employee,
            run__organization_id=employee.organization_id,
            run__period__gte=run.period.replace(month=1),
            run__period__lte=run.period,
        )
        .filter(Q(run__status__in=VISIBLE_RUN_STATUSES) | Q(run=run))
        .aggregate(
            gross=total(PAY),
            tax=total(Q(kind=LineKind.TAX)),
            pension=total(Q(kind=LineKind.PENSION)),
            net=total(NET),
            holiday_basis=total(Q(kind=LineKind.HOLIDAY_ACCRUAL), "basis"),
            holiday_pay=total(Q(kind=LineKind.HOLIDAY_ACCRUAL)),
        )
    )


def payslip_detail(*, employee: Employee, payslip_id, include_drafts: bool = False) -> dict | None:
    """The payslip of one published or closed run for the employee, None if there is none:
    run, employee, term, `lines` (pay), `deductions`, `information`, gross, deducted
    (negative), net and `ytd` (year_to_date). include_drafts is for HR's own screens only."""
    runs = PayrollRun.objects.select_related("organization").filter(organization_id=employee.organization_id)
    if not include_drafts:
        runs = runs.filter(status__in=VISIBLE_RUN_STATUSES)
    try:
        run = runs.get(id=payslip_id)
    except (PayrollRun.DoesNotExist, ValueError, TypeError, ValidationError):
        return None
    lines = list(run.lines.filter(employee=employee).select_related("pay_type").order_by("kind", "description"))
    if not lines:
        return None
    pay = [line for line in lines if line.kind not in NOT_PAY_KINDS]
    deductions = sorted((line for line in lines if line.kind in DEDUCTION_KINDS), key=lambda line: line.kind)
    gross = sum((line.amount for line in pay), ZERO)
    deducted = sum((line.amount for line in deductions), ZERO)
    return {
        "run": run,
        "employee": employee,
        # the salary terms as of the pay month's last day
        "term": term_on(employee=employee, day=calendar.month_end(run.period)),
        "period_end": calendar.month_end(run.period),
        "lines": pay,
        "deductions": deductions,
        "information": [line for line in lines if line.kind in INFORMATION_KINDS],
        "gross": gross,
        "deducted": deducted,
        "net": gross + deducted,
        "ytd": year_to_date(employee=employee, run=run),
    }


def salary_history_for_employee(*, employee: Employee, paid_only: bool = False) -> list[dict]:
    """Gross pay per payroll period of published and closed runs, oldest first:
    [{"month": date, "gross": Decimal}]. paid_only keeps closed (paid) runs only."""
    lines = PayrollLine.objects.filter(
        employee=employee, run__organization_id=employee.organization_id, run__status__in=VISIBLE_RUN_STATUSES
    )
    if paid_only:
        lines = lines.filter(run__status=RunStatus.CLOSED)
    rows = lines.filter(PAY).values("run__period").annotate(gross=Sum("amount")).order_by("run__period")
    return [{"month": row["run__period"], "gross": row["gross"]} for row in rows]


def annual_statements_for_employee(*, employee: Employee) -> list[dict]:
    """Gross pay per calendar year from published and closed runs, with its months, newest year first:
    [{"year": int, "gross": Decimal, "months": [{"month": date, "gross": Decimal}, ...]}]."""
    years: dict[int, dict] = {}
    for row in salary_history_for_employee(employee=employee):
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
    today = organization.today()
    term = term_on(employee=employee, day=today)
    reason = participation_problem(employee, settings if module_on(organization) else None, term=term)
    recent = list(MonthlyOverview.objects.filter(employee=employee).order_by("-month")[:months])
    if reason is not None:
        return {"participates": False, "reason": reason, "balance": None, "months": recent}
    view = month_view(employee=employee, month=today, settings=settings, today=today)
    return {"participates": True, "reason": None, "balance": view.closing, "months": recent}


# Pensionable pay: the fixed salary and hourly pay at the base wage; overtime supplements and
# flex lines are variable pay.
PENSIONABLE_KINDS = (LineKind.SALARY, LineKind.HOURLY)


def pensionable_salary_for(
    *, organization: Organization, period_start: date, period_end: date
) -> dict[uuid.UUID, Decimal]:
    """The pensionable salary paid to each employee in the period: {employee id: Decimal}.

    Counts the fixed-salary lines (LineKind.SALARY: the monthly salary of the salary terms
    in force on each day, see timesheets/salary.py) of PUBLISHED and CLOSED runs whose pay month
    overlaps the period, i.e. whose period (first of the month) lies between the month of
    period_start and period_end, both inclusive. Overtime supplements and flex pay-outs or
    deductions are variable pay and do not count; draft runs are preliminary and do not
    count. Employees without such a line (hourly paid, or not employed) are absent.
    One query."""
    rows = (
        PayrollLine.objects.filter(
            run__organization=organization,
            run__status__in=VISIBLE_RUN_STATUSES,
            run__period__gte=calendar.month_start(period_start),
            run__period__lte=period_end,
            kind__in=PENSIONABLE_KINDS,
        )
        .values("employee_id")
        .annotate(total=Sum("amount"))
        .order_by()
        .values_list("employee_id", "total")
    )
    return dict(rows)
