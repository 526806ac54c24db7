"""Writes of the timesheet module. Keyword-only, atomic, validated with full_clean().

Idempotency and concurrency of approval and payroll runs rest on two things together:
row locks (select_for_update on the overview and the run) serialize competing writers, and
unique constraints (one overview per employee and month, one run per organization and
period, one line per run, employee and key) make a second insert impossible even if a lock
were missed. Line inserts use ON CONFLICT DO NOTHING, so a rerun adds nothing.
"""

import uuid
from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import connection, transaction
from django.db.models import Count, DecimalField, ExpressionWrapper, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Round
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from hrsuite.audit import audit_record
from hrsuite.models import AuditAction, CompanyAccess, Employee, Organization, SalaryType, User
from timesheets import bulk, calendar, pg
from timesheets.flex import ZERO, hourly_rate, money, month_figures, participants
from timesheets.models import (
    Activity,
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

CHUNK = 2000
MAX_CHAIN_MONTHS = 24
APPROVE_RIGHT = "approve_monthlyoverview"


# --- Settings, activities, pay types ------------------------------------------------------


def timesheet_settings_get(*, organization: Organization) -> TimesheetSettings:
    """The organization's settings row, created with defaults on first use."""
    found = TimesheetSettings.objects.filter(organization=organization).first()
    if found is None:
        found, _created = TimesheetSettings.objects.get_or_create(
            organization=organization, defaults={"flex_start": calendar.month_start(organization.today())}
        )
    return found


@transaction.atomic
def timesheet_settings_update(
    *,
    organization: Organization,
    enabled: bool,
    normal_hours_per_day: Decimal,
    flex_enabled: bool,
    annual_hours_divisor: Decimal,
    flex_start: date,
) -> TimesheetSettings:
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    organization.timesheets_enabled = enabled
    organization.normal_hours_per_day = normal_hours_per_day
    organization.full_clean()
    organization.save(update_fields=["timesheets_enabled", "normal_hours_per_day"])
    settings = timesheet_settings_get(organization=organization)
    settings.flex_enabled = flex_enabled
    settings.annual_hours_divisor = annual_hours_divisor
    settings.flex_start = flex_start
    settings.full_clean()
    settings.save()
    return settings


def _save_named(instance, **fields):
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    return instance


@transaction.atomic
def activity_create(*, organization: Organization, **fields) -> Activity:
    return _save_named(Activity(organization=organization), **fields)


@transaction.atomic
def activity_update(*, activity: Activity, **fields) -> Activity:
    return _save_named(activity, **fields)


@transaction.atomic
def pay_type_create(*, organization: Organization, **fields) -> PayType:
    return _save_named(PayType(organization=organization), **fields)


@transaction.atomic
def pay_type_update(*, pay_type: PayType, **fields) -> PayType:
    return _save_named(pay_type, **fields)


# --- Time entries -------------------------------------------------------------------------


def _refuse_if_locked(*, employee: Employee, day: date) -> None:
    locked = (
        MonthlyOverview.objects.select_for_update()
        .filter(employee=employee, month=calendar.month_start(day), status=OverviewStatus.APPROVED)
        .exists()
    )
    if locked:
        raise ValidationError(
            _("%(month)s is approved and locked. Reopen the monthly overview to change its hours.")
            % {"month": date_format(day, "YEAR_MONTH_FORMAT")}
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


# --- Monthly overviews --------------------------------------------------------------------


def _months_to_compute(
    *, organization: Organization, settings: TimesheetSettings, month: date, employee_ids: list | None
) -> list[date]:
    """Earlier months still open (or never computed) since the balance started, then `month`.

    Approved months are frozen: their stored closing balance is the next month's opening,
    so the chain never goes back past the last approved month of everyone concerned."""
    start = max(calendar.month_start(settings.flex_start), _months_back(month, MAX_CHAIN_MONTHS))
    if month <= start:
        return [month]
    earlier = MonthlyOverview.objects.filter(organization=organization, month__gte=start, month__lt=month)
    if employee_ids is not None:
        earlier = earlier.filter(employee_id__in=employee_ids)
        first_employed = Employee.objects.filter(id__in=employee_ids).order_by("employment_start").first()
        if first_employed is not None:
            start = max(start, calendar.month_start(first_employed.employment_start))
    state = {
        row["month"]: row["open"]
        for row in earlier.values("month").annotate(open=Count("id", filter=Q(status=OverviewStatus.OPEN))).order_by()
    }
    months = [m for m in calendar.months_between(start, calendar.previous_month(month)) if state.get(m, 1) > 0]
    return [*months, month]


def _months_back(month: date, count: int) -> date:
    for _index in range(count):
        month = calendar.previous_month(month)
    return month


def overviews_compute(
    *,
    organization: Organization,
    month: date,
    today: date | None = None,
    employee_ids: list | None = None,
    chunk_size: int = CHUNK,
) -> int:
    """(Re)compute the open monthly overviews of the month, set-based and chunked.

    On PostgreSQL the whole organization's month is one INSERT ... SELECT (timesheets/pg.py).
    Otherwise, and for a list of employees:
    Per month: one aggregate over the month's entries (GROUP BY employee, no entry is ever
    loaded) and one query for last month's closing balances; per chunk of employees: one
    locked read of existing overviews, one bulk insert and one bulk update. The number of
    queries grows with chunks (and open earlier months), never with employees. Returns how
    many overviews were written."""
    today = today or organization.today()
    settings = timesheet_settings_get(organization=organization)
    month = calendar.month_start(month)
    written = 0
    chain = _months_to_compute(organization=organization, settings=settings, month=month, employee_ids=employee_ids)
    for each in chain:
        if employee_ids is None and pg.available():
            with transaction.atomic():
                written += pg.month_upsert(organization=organization, settings=settings, month=each, today=today)
            continue
        employees = participants(organization=organization, month=each)
        if employee_ids is not None:
            employees = employees.filter(id__in=employee_ids)
        employees = list(employees)
        if not employees:
            continue
        figures = month_figures(
            organization=organization,
            settings=settings,
            month=each,
            employees=employees,
            today=today,
            whole_organization=employee_ids is None,
        )
        previous = MonthlyOverview.objects.filter(organization=organization, month=calendar.previous_month(each))
        if employee_ids is not None:
            previous = previous.filter(employee_id__in=employee_ids)
        openings = dict(previous.values_list("employee_id", "closing_balance"))
        with transaction.atomic():  # one commit per month, not per chunk
            for index in range(0, len(employees), chunk_size):
                written += _write_chunk(
                    organization=organization,
                    month=each,
                    employees=employees[index : index + chunk_size],
                    figures=figures,
                    openings=openings,
                )
    return written


OVERVIEW_FIELDS = [
    "id",
    "organization",
    "employee",
    "month",
    "status",
    "opening_balance",
    "logged_hours",
    "normal_hours",
    "change",
    "overtime_hours",
    "payout_hours",
    "closing_balance",
    "computed_at",
]


def _write_chunk(*, organization: Organization, month: date, employees: list, figures: dict, openings: dict) -> int:
    """Upsert one chunk's overviews in one statement. An approved overview is frozen: the
    update applies only where the stored row is still open (and waits for a row lock an
    approval holds, then sees it approved and leaves it)."""
    now = timezone.now()
    rows = []
    for employee in employees:
        figure = figures[employee.id]
        opening = openings.get(employee.id, ZERO)
        rows.append(
            (
                uuid.uuid4(),
                organization.id,
                employee.id,
                month,
                OverviewStatus.OPEN,
                opening,
                figure.logged,
                figure.normal,
                figure.change,
                figure.overtime,
                ZERO,
                opening + figure.change,
                now,
            )
        )
    M = MonthlyOverview
    updated = ["opening_balance", "logged_hours", "normal_hours", "change", "overtime_hours", "computed_at"]
    update = {name: bulk.excluded(M, name) for name in updated}
    update["closing_balance"] = (
        f"{bulk.excluded(M, 'opening_balance')} + {bulk.excluded(M, 'change')} - {bulk.column(M, 'payout_hours')}"
    )
    return bulk.insert_rows(
        M,
        OVERVIEW_FIELDS,
        rows,
        conflict=["employee", "month"],
        update=update,
        where=f"{bulk.column(M, 'status')} = '{OverviewStatus.OPEN}'",
    )


def overview_refresh(*, employee: Employee, month: date, today: date | None = None) -> MonthlyOverview | None:
    """The employee's overview of the month, recomputed if open (None if they do not take part)."""
    overviews_compute(organization=employee.organization, month=month, today=today, employee_ids=[employee.id])
    return (
        MonthlyOverview.objects.filter(employee=employee, month=calendar.month_start(month))
        .select_related("employee", "approved_by")
        .first()
    )


@transaction.atomic
def overview_set_payout(*, overview: MonthlyOverview, hours: Decimal) -> MonthlyOverview:
    overview = MonthlyOverview.objects.select_for_update().get(pk=overview.pk)
    if overview.is_approved:
        raise ValidationError(_("The month is approved: reopen it to change the hours to pay out."))
    overview.payout_hours = hours
    overview.closing_balance = overview.opening_balance + overview.change - hours
    overview.full_clean()
    overview.save(update_fields=["payout_hours", "closing_balance"])
    return overview


@transaction.atomic
def overviews_approve(
    *, organization: Organization, overview_ids: list, actor: User | None, today: date | None = None
) -> int:
    """Approve open overviews: recompute them, freeze their balances, lock their entries and
    add their overtime and flex lines to the next open payroll run. Approving an approved
    month changes nothing. Returns how many were approved now.

    The rows are locked first (select_for_update): of two concurrent approvals the second
    waits, then finds them approved and does nothing."""
    today = today or organization.today()
    pending = defaultdict(list)
    for month, employee_id in MonthlyOverview.objects.filter(
        organization=organization, id__in=overview_ids, status=OverviewStatus.OPEN
    ).values_list("month", "employee_id"):
        pending[month].append(employee_id)
    for month, employee_ids in sorted(pending.items()):
        if month > calendar.month_start(today):
            raise ValidationError(_("A month that has not started cannot be approved."))
        overviews_compute(organization=organization, month=month, today=today, employee_ids=employee_ids)
    settings = timesheet_settings_get(organization=organization)
    now = timezone.now()
    approved = []
    ids = list(overview_ids)
    for start in range(0, len(ids), CHUNK):
        mine = list(
            MonthlyOverview.objects.select_for_update()
            .filter(organization=organization, id__in=ids[start : start + CHUNK], status=OverviewStatus.OPEN)
            .order_by("id")
            .values_list("id", flat=True)
        )
        if not mine:
            continue
        salary = Subquery(Employee.objects.filter(pk=OuterRef("employee_id")).values("annual_salary")[:1])
        MonthlyOverview.objects.filter(id__in=mine).update(
            status=OverviewStatus.APPROVED,
            approved_at=now,
            approved_by=actor,
            closing_balance=F("opening_balance") + F("change") - F("payout_hours"),
            hourly_rate=Round(
                ExpressionWrapper(salary / settings.annual_hours_divisor, output_field=DecimalField()), 2
            ),
        )
        approved.extend(_line_sources(MonthlyOverview.objects.filter(id__in=mine)))
    _overview_lines_create(organization=organization, settings=settings, overviews=approved)
    return len(approved)


def _line_sources(overviews) -> list:
    """What line building needs of each overview, as plain rows (no model instances)."""
    return list(
        overviews.annotate(annual_salary=F("employee__annual_salary"))
        .order_by("id")
        .values_list("id", "employee_id", "month", "payout_hours", "annual_salary", named=True)
    )


def overview_approve(*, overview: MonthlyOverview, actor: User | None, today: date | None = None) -> MonthlyOverview:
    overviews_approve(organization=overview.organization, overview_ids=[overview.id], actor=actor, today=today)
    return MonthlyOverview.objects.get(pk=overview.pk)


@transaction.atomic
def overview_reopen(*, overview: MonthlyOverview, actor: User, request=None) -> MonthlyOverview:
    """Reopen an approved month (HR only, audited). Its lines leave a run that is still open;
    lines already paid in a closed run stay, and a new approval pays only the difference."""
    overview = MonthlyOverview.objects.select_for_update().select_related("employee").get(pk=overview.pk)
    if not overview.is_approved:
        raise ValidationError(_("The month is not approved."))
    reversible = PayrollLine.objects.filter(overview=overview, run__status=RunStatus.OPEN)
    reversed_lines = [
        {"run": str(run), "kind": kind, "amount": str(amount)}
        for run, kind, amount in reversible.values_list("run__period", "kind", "amount")
    ]
    reversible.delete()
    approved_by, approved_at = overview.approved_by_id, overview.approved_at
    overview.status = OverviewStatus.OPEN
    overview.approved_at = None
    overview.approved_by = None
    overview.save(update_fields=["status", "approved_at", "approved_by"])
    audit_record(
        action=AuditAction.MONTH_REOPENED,
        actor=actor,
        request=request,
        organization=overview.organization,
        subject=overview,
        month=overview.month.isoformat(),
        approved_by=str(approved_by or ""),
        approved_at=approved_at.isoformat() if approved_at else "",
        reversed_lines=reversed_lines,
    )
    return overview


# --- Payroll runs -------------------------------------------------------------------------


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


def _overview_lines_create(*, organization: Organization, settings: TimesheetSettings, overviews: list) -> int:
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
                wanted = [("flex", None, overview.payout_hours, money(overview.payout_hours * rate))]
                for pay_type_id, hours in overtime[overview.employee_id].items():
                    pay_type = pay_types[pay_type_id]
                    wanted.append((pay_type_id, pay_type, hours, money(hours * rate * pay_type.percentage / 100)))
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
                            money(rate),
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
    approved = _line_sources(
        MonthlyOverview.objects.filter(organization=organization, month=period, status=OverviewStatus.APPROVED)
    )
    if approved:
        settings = timesheet_settings_get(organization=organization)
        _overview_lines_create(organization=organization, settings=settings, overviews=approved)
    return run


def _salary_lines_insert(*, organization: Organization, run: PayrollRun) -> int:
    """The fixed salary of everyone monthly-paid in the period (prorated by calendar days)."""
    period = run.period
    employees = (
        Employee.objects.filter(
            organization=organization, salary_type=SalaryType.MONTHLY, employment_start__lte=calendar.month_end(period)
        )
        .filter(Q(employment_end__isnull=True) | Q(employment_end__gte=period))
        .values_list("id", "employment_start", "employment_end", "annual_salary", "employment_percentage", named=True)
    )
    rows = []
    end = calendar.month_end(period)
    for employee in employees:
        monthly = employee.annual_salary / 12 * employee.employment_percentage / 100
        amount = money(monthly * _salary_fraction(employee, period, end))
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


# --- The payroll-period job ---------------------------------------------------------------


def approvers_for(*, organization: Organization) -> list[User]:
    accesses = CompanyAccess.objects.filter(
        organization=organization,
        rights__codename=APPROVE_RIGHT,
        rights__content_type__app_label="timesheets",
        user__is_active=True,
    ).select_related("user")
    return [access.user for access in accesses]


def approvers_notify(*, organization: Organization, period: date) -> int:
    """Tell each approver how many overviews of the period wait. Returns mails sent."""
    waiting = MonthlyOverview.objects.filter(
        organization=organization, month=period, status=OverviewStatus.OPEN
    ).count()
    if not waiting:
        return 0
    path = reverse("timesheets:months", kwargs={"org_id": organization.id}) + f"?month={period:%Y-%m}&status=open"
    sent = 0
    for user in approvers_for(organization=organization):
        with override(user.language or organization.language):
            month = date_format(period, "YEAR_MONTH_FORMAT")
            send_mail(
                subject=_("%(count)s monthly overviews for %(month)s wait for approval")
                % {"count": waiting, "month": month},
                message=_(
                    "%(organization)s: %(count)s monthly overviews for %(month)s are not approved yet.\n"
                    "Approve them so their overtime and flex hours reach the payroll run:\n%(path)s"
                )
                % {"organization": organization.name, "count": waiting, "month": month, "path": path},
                from_email=django_settings.DEFAULT_FROM_EMAIL,
                recipient_list=[user.email],
            )
        sent += 1
    return sent


def payroll_period_process(*, organization: Organization, period: date, today: date | None = None) -> dict:
    """Close a period for one organization: compute every overview and build the run from
    what is approved (one transaction, one commit), then tell approvers what waits. Safe to
    run again or concurrently."""
    period = calendar.month_start(period)
    with transaction.atomic():
        if pg.available():
            # The job is idempotent: should the server crash right after the commit, losing it
            # only means the next run redoes it. So the commit need not wait for the WAL flush.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        computed = overviews_compute(organization=organization, month=period, today=today)
        run = payroll_run_build(organization=organization, period=period)
    mailed = approvers_notify(organization=organization, period=period)
    return {"organization": str(organization.id), "computed": computed, "mailed": mailed, "run": str(run.id)}
