"""Monthly overviews: compute (set-based, chunked), hours to pay out, approve, reopen.

Approving hands the approved months to the payroll module, which adds their lines to the
next open run (see timesheets/services/__init__.py on locks and idempotency)."""

import uuid
from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count, DecimalField, ExpressionWrapper, F, OuterRef, Q, Subquery
from django.db.models.functions import Round
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from hrsuite.audit import audit_record
from hrsuite.models import AuditAction, Employee, Organization, User
from hrsuite.money import round_hours
from timesheets import bulk, calendar, pg
from timesheets.flex import ZERO, month_figures, participants
from timesheets.models import MonthlyOverview, OverviewStatus, PayrollLine, RunStatus, TimesheetSettings
from timesheets.salary import rate_salary
from timesheets.services.payroll import CHUNK, MAX_CHAIN_MONTHS, overview_lines_create
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


def _hours_text(hours: Decimal) -> str:
    return number_format(round_hours(hours), decimal_pos=2, use_l10n=True)


def negative_balance_problem(overview: MonthlyOverview) -> str | None:
    """Paying out more hours than the balance holds leaves it negative: say by how much. A
    deduction (negative hours) or a balance already negative without a pay-out needs no
    confirmation."""
    if overview.payout_hours <= 0 or overview.closing_balance >= 0:
        return None
    return _(
        "Paying out %(hours)s h is more than the balance holds (%(balance)s h): the balance would be "
        "%(closing)s h. Tick “confirm negative balance” to go ahead."
    ) % {
        "hours": _hours_text(overview.payout_hours),
        "balance": _hours_text(overview.opening_balance + overview.change),
        "closing": _hours_text(overview.closing_balance),
    }


@transaction.atomic
def overview_set_payout(
    *, overview: MonthlyOverview, hours: Decimal, confirm_negative_balance: bool = False
) -> MonthlyOverview:
    overview = MonthlyOverview.objects.select_for_update().get(pk=overview.pk)
    if overview.is_approved:
        raise ValidationError(_("The month is approved: reopen it to change the hours to pay out."))
    overview.payout_hours = hours
    overview.closing_balance = overview.opening_balance + overview.change - hours
    overview.full_clean()
    problem = negative_balance_problem(overview)
    if problem and not confirm_negative_balance:
        raise ValidationError({"confirm_negative_balance": problem})
    overview.save(update_fields=["payout_hours", "closing_balance"])
    return overview


@transaction.atomic
def overview_submit(
    *,
    employee: Employee,
    month: date,
    payout_hours: Decimal,
    approve: bool,
    confirm_negative_balance: bool = False,
    actor: User | None,
    today: date | None = None,
) -> MonthlyOverview:
    """What the approver submits on the month's page, as ONE transaction under the
    overview's row lock: recompute the month, set the hours to pay out (refusing to leave a
    negative balance unless confirmed) and, when asked, approve with exactly those hours.

    Of two concurrent submits the second waits for the lock (the recompute's upsert takes
    it), then finds the month approved and is refused with what was frozen: it can never
    freeze, nor be told it froze, another submit's pay-out."""
    today = today or employee.organization.today()
    month = calendar.month_start(month)
    overviews_compute(organization=employee.organization, month=month, today=today, employee_ids=[employee.id])
    overview = MonthlyOverview.objects.select_for_update().filter(employee=employee, month=month).first()
    if overview is None:
        raise ValidationError(_("This employee has no flex balance."))
    if overview.is_approved:
        raise ValidationError(
            _("The month was already approved, with %(hours)s h paid out (+) or deducted (-). Nothing changed.")
            % {"hours": _hours_text(overview.payout_hours)}
        )
    overview = overview_set_payout(
        overview=overview, hours=payout_hours, confirm_negative_balance=confirm_negative_balance
    )
    if approve:
        _approve(
            organization=employee.organization,
            overviews=MonthlyOverview.objects.filter(pk=overview.pk),
            actor=actor,
            today=today,
            confirmed=confirm_negative_balance,
        )
    return MonthlyOverview.objects.select_related("employee", "approved_by").get(pk=overview.pk)


def _refuse_unless_approvable(*, pending, today: date, confirmed: bool) -> None:
    """The approval rules, for every path (one month, a ticked list, a whole month):

    - a month can be approved only after it has ended, in the organization's time zone;
    - months are approved in order: not while an earlier month of the same employee is open
      (its balance would otherwise be frozen into a later month's opening and lost);
    - a pay-out that leaves the balance negative needs an explicit confirmation.
    Set-based: two queries whatever the number of overviews."""
    current = calendar.month_start(today)
    late = pending.filter(month__gte=current).order_by("month").values_list("month", flat=True).first()
    if late is not None:
        raise _not_ended(late)
    earlier = MonthlyOverview.objects.filter(
        employee_id=OuterRef("employee_id"), month__lt=OuterRef("month"), status=OverviewStatus.OPEN
    ).exclude(pk__in=pending.values("pk"))
    blocked = list(
        pending.annotate(
            earlier=Subquery(earlier.order_by("month").values("month")[:1]),
        )
        .filter(earlier__isnull=False)
        .select_related("employee")
        .order_by("employee__last_name", "employee__first_name")[:BLOCKED_SHOWN]
    )
    if blocked:
        names = ", ".join(
            _("%(name)s (%(month)s)")
            % {"name": overview.employee.full_name, "month": date_format(overview.earlier, "YEAR_MONTH_FORMAT")}
            for overview in blocked
        )
        raise ValidationError(
            _("Months are approved in order. Approve the earlier open month first: %(names)s.") % {"names": names}
        )
    if not confirmed:
        negative = list(
            pending.filter(payout_hours__gt=0, closing_balance__lt=0).select_related("employee")[:BLOCKED_SHOWN]
        )
        if negative:
            raise ValidationError(
                _(
                    "Paying out more hours than the balance holds needs a confirmation on the employee's "
                    "month: %(names)s."
                )
                % {"names": ", ".join(o.employee.full_name for o in negative)}
            )


BLOCKED_SHOWN = 5


def _not_ended(month: date) -> ValidationError:
    return ValidationError(
        _("%(month)s has not ended yet: a month can be approved from the first day of the next month (%(day)s).")
        % {
            "month": date_format(month, "YEAR_MONTH_FORMAT"),
            "day": date_format(calendar.next_month(month), "SHORT_DATE_FORMAT"),
        }
    )


@transaction.atomic
def overviews_approve(
    *,
    organization: Organization,
    overview_ids: list,
    actor: User | None,
    today: date | None = None,
    confirm_negative_balance: bool = False,
) -> int:
    """Approve open overviews: recompute them, freeze their balances, lock their entries and
    add their overtime and flex lines to the next open payroll run. Approving an approved
    month changes nothing. Returns how many were approved now. Refused, as a whole, when an
    approval rule is broken (_refuse_unless_approvable).

    The rows are locked first (select_for_update): of two concurrent approvals the second
    waits, then finds them approved and does nothing."""
    today = today or organization.today()
    overviews = MonthlyOverview.objects.filter(organization=organization, id__in=list(overview_ids))
    pending = defaultdict(list)
    for month, employee_id in overviews.filter(status=OverviewStatus.OPEN).values_list("month", "employee_id"):
        pending[month].append(employee_id)
    for month, employee_ids in sorted(pending.items()):
        if month >= calendar.month_start(today):
            break  # refused in _approve, with the month named
        overviews_compute(organization=organization, month=month, today=today, employee_ids=employee_ids)
    return _approve(
        organization=organization, overviews=overviews, actor=actor, today=today, confirmed=confirm_negative_balance
    )


@transaction.atomic
def month_overviews_approve(
    *,
    organization: Organization,
    month: date,
    actor: User | None,
    today: date | None = None,
    confirm_negative_balance: bool = False,
) -> int:
    """Approve every open overview of the month ("Approve all open months" on the month
    list), with the rules and locks of overviews_approve but set-based: the month is
    recomputed for the whole organization (the PostgreSQL fast path) and every statement
    filters by organization, month and status, never by a list of ids, so the number of
    queries does not grow with the organization. Returns how many were approved now; a
    second call approves nothing."""
    today = today or organization.today()
    month = calendar.month_start(month)
    if month >= calendar.month_start(today):
        raise _not_ended(month)
    if pg.available():
        pg.whole_organization_transaction(durable=True)  # an approval is not redone by a rerun
    overviews_compute(organization=organization, month=month, today=today)
    return _approve(
        organization=organization,
        overviews=MonthlyOverview.objects.filter(organization=organization, month=month),
        actor=actor,
        today=today,
        confirmed=confirm_negative_balance,
    )


def _approve(*, organization: Organization, overviews, actor: User | None, today: date | None, confirmed: bool) -> int:
    """Approve the open ones of `overviews` (a queryset of the organization's overviews,
    already recomputed): lock them, check the rules, freeze them, write their lines. A
    fixed number of queries per month concerned, whatever the number of overviews."""
    today = today or organization.today()
    open_ones = overviews.filter(status=OverviewStatus.OPEN)
    _lock(open_ones)
    _refuse_unless_approvable(pending=open_ones, today=today, confirmed=confirmed)
    settings = timesheet_settings_get(organization=organization)
    now = timezone.now()
    approved = 0
    for month in open_ones.order_by("month").values_list("month", flat=True).distinct():
        salary = rate_salary(OuterRef("employee_id"), month)  # timesheets/salary.py
        approved += open_ones.filter(month=month).update(
            status=OverviewStatus.APPROVED,
            approved_at=now,
            approved_by=actor,
            closing_balance=F("opening_balance") + F("change") - F("payout_hours"),
            hourly_rate=Round(
                ExpressionWrapper(salary / settings.annual_hours_divisor, output_field=DecimalField()), 2
            ),
        )
    if approved:
        # the rows this call approved: their approval time is this call's own
        overview_lines_create(
            organization=organization,
            settings=settings,
            overviews=overviews.filter(status=OverviewStatus.APPROVED, approved_at=now),
        )
    return approved


def _lock(overviews) -> None:
    """Row-lock the overviews in id order (the order every approval takes, so two never
    deadlock) without sending their ids back: one statement."""
    sql, params = overviews.select_for_update().order_by("pk").values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({sql}) AS locked", params)


def overview_approve(
    *, overview: MonthlyOverview, actor: User | None, today: date | None = None, confirm_negative_balance: bool = False
) -> MonthlyOverview:
    overviews_approve(
        organization=overview.organization,
        overview_ids=[overview.id],
        actor=actor,
        today=today,
        confirm_negative_balance=confirm_negative_balance,
    )
    return MonthlyOverview.objects.get(pk=overview.pk)


@transaction.atomic
def overview_reopen(*, overview: MonthlyOverview, actor: User, request=None) -> MonthlyOverview:
    """Reopen an approved month (HR only, audited). Its lines leave a run that is still a
    draft; lines of a published or closed run stay, and a new approval pays only the
    difference."""
    overview = MonthlyOverview.objects.select_for_update().select_related("employee").get(pk=overview.pk)
    if not overview.is_approved:
        raise ValidationError(_("The month is not approved."))
    # Months are reopened in reverse order, as they are approved in order: a later approved
    # month opened with this month's closing balance, which reopening may change.
    later = (
        MonthlyOverview.objects.filter(
            employee=overview.employee, month__gt=overview.month, status=OverviewStatus.APPROVED
        )
        .order_by("-month")
        .values_list("month", flat=True)
        .first()
    )
    if later is not None:
        raise ValidationError(
            _("%(later)s is approved and opened with this month's balance: reopen %(later)s first.")
            % {"later": date_format(later, "YEAR_MONTH_FORMAT")}
        )
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
