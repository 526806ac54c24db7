"""Payroll runs: build (fixed salaries plus the lines of approved overviews), close, and the
pay arithmetic of their lines. Amounts are Decimal, rounded once per line (round_money)."""

import uuid
from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from hrsuite.models import Employee, Organization, User
from hrsuite.money import percentage_of, round_money
from timesheets import bulk, calendar, pg
from timesheets.flex import NO_TERMS, ZERO, hourly_rate, timelines_for_month
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
from timesheets.salary import month_salary, rate_salary
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
    # An approved month's lines are built once, by its approval, and then frozen: a rebuild
    # after a raise (or a new divisor or percentage) must not reprice them. Only approved
    # months without any line (lines lost with a deleted run) are built here; reopening,
    # an audited act, is the way to change an approved month.
    approved = line_sources(
        MonthlyOverview.objects.filter(organization=organization, month=period, status=OverviewStatus.APPROVED).exclude(
            Exists(PayrollLine.objects.filter(overview=OuterRef("pk")))
        )
    )
    if approved:
        settings = timesheet_settings_get(organization=organization)
        overview_lines_create(organization=organization, settings=settings, overviews=approved)
    return run


def _salary_lines_insert(*, organization: Organization, run: PayrollRun) -> int:
    """The fixed salary of everyone under a monthly term in the period, from the terms in
    force on each day (timesheets/salary.py: prorated by working days under each term, and
    by calendar days for a part-month employment). pg.salary_lines_insert does the same."""
    period = run.period
    employees = (
        Employee.objects.filter(organization=organization)
        .employed_between(period, calendar.month_end(period))
        .values_list("id", "employment_start", "employment_end", named=True)
    )
    timelines = timelines_for_month(organization=organization, month=period)
    working = calendar.working_days(period, organization.country)
    rows = []
    for employee in employees:
        salary = month_salary(
            timeline=timelines.get(employee.id, NO_TERMS),
            period=period,
            working=working,
            employment_start=employee.employment_start,
            employment_end=employee.employment_end,
        )
        if salary is None:
            continue
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
                salary.percentage,
                salary.amount,
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


class LineSource(NamedTuple):
    """What line building needs of an overview, with the annual salary its lines are priced
    at (timesheets/salary.py: the latest monthly term in force by the month's last day)."""

    id: uuid.UUID
    employee_id: uuid.UUID
    month: date
    payout_hours: Decimal
    annual_salary: Decimal


def line_sources(overviews) -> list[LineSource]:
    """Plain rows, no model instances: one query for the months, one per month."""
    sources = []
    for month in overviews.order_by("month").values_list("month", flat=True).distinct():
        rows = (
            overviews.filter(month=month)
            .annotate(annual_salary=rate_salary(OuterRef("employee_id"), month))
            .order_by("id")
            .values_list("id", "employee_id", "month", "payout_hours", "annual_salary")
        )
        sources.extend(LineSource(*row) for row in rows)
    return sources
