"""Payroll runs: build (fixed salaries plus the lines of approved overviews), close, and the
pay arithmetic of their lines. Amounts are Decimal, rounded once per line (round_money)."""

import uuid
from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from hrsuite.models import Employee, Organization, SalaryType, User
from hrsuite.money import percentage_of, round_money
from timesheets import bulk, calendar, pg
from timesheets.flex import ZERO, hourly_rate
from timesheets.models import (
    LineKind,
    MonthlyOverview,
    OverviewStatus,
    PayrollLine,
    PayrollRun,
    PayType,
    PayTypeKind,
    RunStatus,
    TimeEntry,
    TimesheetSettings,
)
from timesheets.services.settings import timesheet_settings_get

CHUNK = 2000
MAX_CHAIN_MONTHS = 24


def _open_run(*, organization: Organization, period: date) -> PayrollRun:
    """The run of the period, or the first later one that is not closed (locked)."""
    for _index in range(MAX_CHAIN_MONTHS):
        run, _created = PayrollRun.objects.get_or_create(organization=organization, period=period)
        run = PayrollRun.objects.select_for_update().get(pk=run.pk)
        if run.is_open:
            return run
        period = calendar.next_month(period)
    raise ValidationError(_("No open payroll run within two years."))


LINE_FIELDS = [
    "id",
    "run",
    "employee",
    "overview",
    "pay_type",
    "kind",
    "key",
    "description",
    "hours",
    "rate",
    "percentage",
    "amount",
]


def overview_lines_create(*, organization: Organization, settings: TimesheetSettings, overviews: list) -> int:
    """Overtime supplements and flex pay-out/deduction lines of approved overviews.

    Each line is the difference between what the overview should pay and what its earlier
    lines (in runs already closed) paid, so approving again never pays twice."""
    pay_types = {p.id: p for p in PayType.objects.filter(organization=organization)}
    created = 0
    by_month = defaultdict(list)
    for overview in overviews:
        by_month[overview.month].append(overview)
    for month, month_overviews in sorted(by_month.items()):
        run = None
        for index in range(0, len(month_overviews), CHUNK):
            chunk = month_overviews[index : index + CHUNK]
            overtime = defaultdict(dict)
            for employee_id, pay_type_id, hours in (
                TimeEntry.objects.filter(
                    organization=organization,
                    employee_id__in=[o.employee_id for o in chunk],
                    date__gte=month,
                    date__lte=calendar.month_end(month),
                    pay_type__kind=PayTypeKind.OVERTIME,
                )
                .values("employee_id", "pay_type_id")
                .annotate(hours=Sum("hours"))
                .order_by()
                .values_list("employee_id", "pay_type_id", "hours")
            ):
                overtime[employee_id][pay_type_id] = hours
            paid = defaultdict(lambda: [ZERO, ZERO])
            for overview_id, kind, pay_type_id, hours, amount in (
                PayrollLine.objects.filter(overview_id__in=[o.id for o in chunk])
                .values("overview_id", "kind", "pay_type_id")
                .annotate(total_hours=Sum("hours"), total=Sum("amount"))
                .order_by()
                .values_list("overview_id", "kind", "pay_type_id", "total_hours", "total")
            ):
                slot = paid[(overview_id, "flex" if kind != LineKind.OVERTIME else pay_type_id)]
                slot[0] += hours or ZERO
                slot[1] += amount
            lines = []
            for overview in chunk:
                rate = hourly_rate(overview.annual_salary, settings)
                wanted = [("flex", None, overview.payout_hours, round_money(overview.payout_hours * rate))]
                for pay_type_id, hours in overtime[overview.employee_id].items():
                    pay_type = pay_types[pay_type_id]
                    wanted.append(
                        (pay_type_id, pay_type, hours, round_money(percentage_of(hours * rate, pay_type.percentage)))
                    )
                for slot, pay_type, hours, amount in wanted:
                    done_hours, done_amount = paid[(overview.id, slot)]
                    if hours == done_hours and amount == done_amount:
                        continue
                    hours, amount = hours - done_hours, amount - done_amount
                    if pay_type is not None:
                        kind, percentage, description = LineKind.OVERTIME, pay_type.percentage, pay_type.name
                    else:
                        kind = LineKind.FLEX_PAYOUT if hours > 0 else LineKind.FLEX_DEDUCTION
                        percentage, description = None, ""
                    key = f"{kind}:{overview.id}:{pay_type.id if pay_type else ''}"
                    lines.append(
                        [
                            uuid.uuid4(),
                            None,
                            overview.employee_id,
                            overview.id,
                            pay_type.id if pay_type else None,
                            kind,
                            key,
                            description,
                            hours,
                            round_money(rate),
                            percentage,
                            amount,
                        ]
                    )
            if not lines:
                continue
            run = run or _open_run(organization=organization, period=month)
            for line in lines:
                line[1] = run.id
            created += bulk.insert_rows(
                PayrollLine, LINE_FIELDS, [tuple(line) for line in lines], conflict=["run", "employee", "key"]
            )
    return created


def _salary_fraction(employee: Employee, period: date, end: date) -> Decimal:
    """Share of the month the employment covers (calendar days); 1 for a whole month."""
    if employee.employment_start <= period and (employee.employment_end is None or employee.employment_end >= end):
        return Decimal(1)
    first = max(period, employee.employment_start)
    last = min(end, employee.employment_end or end)
    days = (last - first).days + 1
    total = (end - period).days + 1
    return Decimal(1) if days >= total else Decimal(max(days, 0)) / Decimal(total)


@transaction.atomic
def payroll_run_build(*, organization: Organization, period: date) -> PayrollRun:
    """Build (or complete) the period's run: fixed salaries of everyone monthly-paid in the
    period, plus the lines of approved overviews that are not yet paid. Idempotent."""
    period = calendar.month_start(period)
    run, _created = PayrollRun.objects.get_or_create(organization=organization, period=period)
    run = PayrollRun.objects.select_for_update().get(pk=run.pk)
    if not run.is_open:
        return run
    if pg.available():
        pg.salary_lines_insert(run=run)
    else:
        _salary_lines_insert(organization=organization, run=run)
    approved = line_sources(
        MonthlyOverview.objects.filter(organization=organization, month=period, status=OverviewStatus.APPROVED)
    )
    if approved:
        settings = timesheet_settings_get(organization=organization)
        overview_lines_create(organization=organization, settings=settings, overviews=approved)
    return run


def _salary_lines_insert(*, organization: Organization, run: PayrollRun) -> int:
    """The fixed salary of everyone monthly-paid in the period (prorated by calendar days)."""
    period = run.period
    employees = (
        Employee.objects.filter(organization=organization, salary_type=SalaryType.MONTHLY)
        .employed_between(period, calendar.month_end(period))
        .values_list("id", "employment_start", "employment_end", "annual_salary", "employment_percentage", named=True)
    )
    rows = []
    end = calendar.month_end(period)
    for employee in employees:
        monthly = percentage_of(employee.annual_salary / 12, employee.employment_percentage)
        amount = round_money(monthly * _salary_fraction(employee, period, end))
        rows.append(
            (
                uuid.uuid4(),
                run.id,
                employee.id,
                None,
                None,
                LineKind.SALARY,
                LineKind.SALARY.value,
                "",
                None,
                None,
                employee.employment_percentage,
                amount,
            )
        )
    return bulk.insert_rows(PayrollLine, LINE_FIELDS, rows, conflict=["run", "employee", "key"])


@transaction.atomic
def payroll_run_close(*, run: PayrollRun, actor: User) -> PayrollRun:
    run = PayrollRun.objects.select_for_update().get(pk=run.pk)
    if not run.is_open:
        raise ValidationError(_("The payroll run is already closed."))
    run.status = RunStatus.CLOSED
    run.closed_at = timezone.now()
    run.closed_by = actor
    run.save(update_fields=["status", "closed_at", "closed_by"])
    return run


def line_sources(overviews) -> list:
    """What line building needs of each overview, as plain rows (no model instances)."""
    return list(
        overviews.annotate(annual_salary=F("employee__annual_salary"))
        .order_by("id")
        .values_list("id", "employee_id", "month", "payout_hours", "annual_salary", named=True)
    )
