"""Monthly overviews: compute (set-based, chunked), hours to pay out, approve, reopen.

Approving hands the approved months to the payroll module, which adds their lines to the
next open run (see timesheets/services/__init__.py on locks and idempotency)."""

import uuid
from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, DecimalField, ExpressionWrapper, F, OuterRef, Q
from django.db.models.functions import Round
from django.utils import timezone
from django.utils.translation import gettext as _

from hrsuite.audit import audit_record
from hrsuite.models import AuditAction, Employee, Organization, User
from timesheets import bulk, calendar, pg
from timesheets.flex import ZERO, month_figures, participants
from timesheets.models import MonthlyOverview, OverviewStatus, PayrollLine, RunStatus, TimesheetSettings
from timesheets.salary import rate_salary
from timesheets.services.payroll import CHUNK, MAX_CHAIN_MONTHS, line_sources, overview_lines_create
from timesheets.services.settings import timesheet_settings_get


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
        employees = participants(organization=organization, month=each, employee_ids=employee_ids)
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
        for month in MonthlyOverview.objects.filter(id__in=mine).values_list("month", flat=True).distinct():
            salary = rate_salary(OuterRef("employee_id"), month)  # timesheets/salary.py
            MonthlyOverview.objects.filter(id__in=mine, month=month).update(
                status=OverviewStatus.APPROVED,
                approved_at=now,
                approved_by=actor,
                closing_balance=F("opening_balance") + F("change") - F("payout_hours"),
                hourly_rate=Round(
                    ExpressionWrapper(salary / settings.annual_hours_divisor, output_field=DecimalField()), 2
                ),
            )
        approved.extend(line_sources(MonthlyOverview.objects.filter(id__in=mine)))
    overview_lines_create(organization=organization, settings=settings, overviews=approved)
    return len(approved)


def overview_approve(*, overview: MonthlyOverview, actor: User | None, today: date | None = None) -> MonthlyOverview:
    overviews_approve(organization=overview.organization, overview_ids=[overview.id], actor=actor, today=today)
    return MonthlyOverview.objects.get(pk=overview.pk)


@transaction.atomic
def overview_reopen(*, overview: MonthlyOverview, actor: User, request=None) -> MonthlyOverview:
    """Reopen an approved month (HR only, audited). Its lines leave a run that is still a
    draft; lines of a published or closed run stay, and a new approval pays only the
    difference."""
    overview = MonthlyOverview.objects.select_for_update().select_related("employee").get(pk=overview.pk)
    if not overview.is_approved:
        raise ValidationError(_("The month is not approved."))
    reversible = PayrollLine.objects.filter(overview=overview, run__status=RunStatus.DRAFT)
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
