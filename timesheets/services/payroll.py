"""Payroll runs: build a draft (fixed salaries, hourly pay, the lines of approved overviews),
rebuild it as the data changes, publish it, close it; and the pay arithmetic of their lines.
Amounts are Decimal, rounded once per line (round_money)."""

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Case, Exists, F, OuterRef, Q, Sum, UUIDField, Value, When
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hrsuite.audit import audit_record
from hrsuite.models import AuditAction, Employee, Organization, SalaryTerm, SalaryType, User
from hrsuite.money import percentage_of, round_money
from hrsuite.salary_terms import Timeline
from timesheets import bulk, calendar, pg
from timesheets.flex import NO_TERMS, ZERO, hourly_rate, timelines_for_month
from timesheets.models import (
    NOT_PAY_KINDS,
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
from timesheets.services.netpay import deduction_lines_write
from timesheets.services.settings import timesheet_settings_get

CHUNK = 2000
MAX_CHAIN_MONTHS = 24


def _open_run(*, organization: Organization, period: date) -> PayrollRun:
    """The run of the period, or the first later one still a draft (locked): a published or
    closed run never takes new lines."""
    for _index in range(MAX_CHAIN_MONTHS):
        run, _created = PayrollRun.objects.get_or_create(organization=organization, period=period)
        run = PayrollRun.objects.select_for_update().get(pk=run.pk)
        if run.is_draft:
            return run
        period = calendar.next_month(period)
    raise ValidationError(_("No draft payroll run within two years."))


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


def overview_lines_create(
    *, organization: Organization, settings: TimesheetSettings, overviews, deductions: bool = True
) -> int:
    """Overtime supplements and flex pay-out/deduction lines of approved overviews (a
    queryset of the organization's).

    Each line is the difference between what the overview should pay and what its earlier
    lines (in runs already closed) paid, so approving again never pays twice. The run's
    deductions follow the new pay unless the caller (a whole build) writes them itself.
    Set-based: per month, one read of the overviews with the salary pricing them, one
    aggregate of their overtime hours, one of their earlier lines and one insert, filtered by
    subqueries, never by a list of ids; queries do not grow with the number of overviews."""
    pay_types = {p.id: p for p in PayType.objects.filter(organization=organization)}
    created = 0
    for month in overviews.order_by("month").values_list("month", flat=True).distinct():
        of_month = overviews.filter(month=month)
        sources = [
            LineSource(*row)
            for row in of_month.annotate(annual_salary=rate_salary(OuterRef("employee_id"), month))
            .order_by("id")
            .values_list("id", "employee_id", "month", "payout_hours", "annual_salary")
        ]
        if not sources:
            continue
        overtime = defaultdict(dict)
        for employee_id, pay_type_id, hours in (
            TimeEntry.objects.filter(
                organization=organization,
                employee_id__in=of_month.values("employee_id"),
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
            PayrollLine.objects.filter(overview_id__in=of_month.values("pk"))
            .values("overview_id", "kind", "pay_type_id")
            .annotate(total_hours=Sum("hours"), total=Sum("amount"))
            .order_by()
            .values_list("overview_id", "kind", "pay_type_id", "total_hours", "total")
        ):
            slot = paid[(overview_id, "flex" if kind != LineKind.OVERTIME else pay_type_id)]
            slot[0] += hours or ZERO
            slot[1] += amount
        lines = _overview_lines(sources=sources, overtime=overtime, paid=paid, pay_types=pay_types, settings=settings)
        if not lines:
            continue
        run = _open_run(organization=organization, period=month)
        rows = [(line_id, run.id, *rest) for line_id, *rest in lines]
        # one statement however many lines on PostgreSQL (SQLite bounds the parameters)
        batch_size = len(rows) if connection.vendor == "postgresql" else 1000
        created += bulk.insert_rows(
            PayrollLine, LINE_FIELDS, rows, conflict=["run", "employee", "key"], batch_size=batch_size
        )
        if deductions:
            deduction_lines_write(run=run)  # the new pay changes tax, pension and holiday pay
    return created


def _overview_lines(*, sources: list, overtime: dict, paid: dict, pay_types: dict, settings) -> list[tuple]:
    """The missing differences of each overview's flex and overtime lines, as rows in
    LINE_FIELDS order without the run."""
    lines = []
    for overview in sources:
        rate = hourly_rate(overview.annual_salary, settings)
        wanted = [("flex", None, overview.payout_hours, round_money(overview.payout_hours * rate))]
        for pay_type_id, hours in overtime[overview.employee_id].items():
            pay_type = pay_types[pay_type_id]
            wanted.append((pay_type_id, pay_type, hours, round_money(percentage_of(hours * rate, pay_type.percentage))))
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
            pay_type_id = pay_type.id if pay_type else None
            lines.append(
                (
                    uuid.uuid4(),
                    overview.employee_id,
                    overview.id,
                    pay_type_id,
                    kind,
                    key,
                    description,
                    hours,
                    round_money(rate),
                    percentage,
                    amount,
                )
            )
    return lines


# The lines a build computes from the data (everything else is added by approvals, or by
# net pay's deductions): fixed salaries, hourly pay and the overtime supplements of hourly pay.
COMPUTED_KINDS = (LineKind.SALARY, LineKind.HOURLY, LineKind.OVERTIME)
COMPUTED_FIELDS = ["kind", "description", "hours", "rate", "percentage", "amount", "pay_type"]


@dataclass(frozen=True)
class RunUpdate:
    """What a build did: how many lines it added, changed or removed, and the run's total
    before and after."""

    run: PayrollRun
    changed: int
    total_before: Decimal
    total_after: Decimal

    @property
    def message(self) -> str:
        if not self.changed and self.total_before == self.total_after:
            return _("Nothing changed.")
        return ngettext(
            "%(count)s line changed, total %(before)s → %(after)s.",
            "%(count)s lines changed, total %(before)s → %(after)s.",
            self.changed,
        ) % {
            "count": number_format(self.changed, force_grouping=True),
            "before": number_format(self.total_before, decimal_pos=2, force_grouping=True),
            "after": number_format(self.total_after, decimal_pos=2, force_grouping=True),
        }


def _run_total(run: PayrollRun) -> Decimal:
    """The run's gross pay: deductions and the holiday-pay accrual are not pay."""
    return run.lines.exclude(kind__in=NOT_PAY_KINDS).aggregate(total=Sum("amount"))["total"] or ZERO


def payroll_run_build(*, organization: Organization, period: date, actor: User | None = None) -> PayrollRun:
    """Build or rebuild the period's draft run (payroll_run_update) and return it."""
    return payroll_run_update(organization=organization, period=period, actor=actor).run


@transaction.atomic
def payroll_run_update(*, organization: Organization, period: date, actor: User | None = None) -> RunUpdate:
    """Build the period's run as a draft, or bring a draft up to date: every computed line
    (fixed salaries, hourly pay and its overtime supplements) is recomputed from the salary
    terms and hours as they are now, and stale ones are removed; approved months that have
    no line yet get theirs. Lines of approved months are never repriced: they were priced
    at approval and only an (audited) reopening changes them. A published or closed run is
    refused: it no longer follows the data. Idempotent: a second build changes nothing."""
    period = calendar.month_start(period)
    run, _created = PayrollRun.objects.get_or_create(organization=organization, period=period)
    run = PayrollRun.objects.select_for_update().select_related("organization").get(pk=run.pk)
    if not run.is_draft:
        raise ValidationError(
            _("The payroll run is %(status)s: it no longer changes; corrections go to a later run.")
            % {"status": run.get_status_display().lower()}
        )
    before = _run_total(run)
    if pg.available():  # computed in the database, never sent to Python
        changed, unpriced_salaries = pg.salary_lines_write(run=run)
        hourly_changed, unpaid = pg.hourly_lines_write(run=run)
        changed += hourly_changed
    else:
        salaries = _salaries(run=run)
        hourly, unpaid = hourly_pay(organization=organization, period=period)
        changed = _computed_lines_write(run=run, wanted=computed_lines(salaries=salaries, hourly=hourly))
        unpriced_salaries = [row[0] for row in salaries if row[3]]
    notices = run_notices(run=run, unpriced_salaries=unpriced_salaries, unpaid=unpaid)
    unpriced = MonthlyOverview.objects.filter(
        organization=organization, month=period, status=OverviewStatus.APPROVED
    ).exclude(Exists(PayrollLine.objects.filter(overview=OuterRef("pk"))))
    if unpriced.exists():
        settings = timesheet_settings_get(organization=organization)
        changed += overview_lines_create(
            organization=organization, settings=settings, overviews=unpriced, deductions=False
        )
    deduction_lines_write(run=run)  # they follow the pay; the report counts pay lines
    # The job (actor None) keeps the last person who built it: four-eyes compares with them.
    run.built_at, run.notices = timezone.now(), notices
    run.built_by = actor or run.built_by
    run.save(update_fields=["built_at", "built_by", "notices"])
    return RunUpdate(run=run, changed=changed, total_before=before, total_after=_run_total(run))


def _computed_lines_write(*, run: PayrollRun, wanted: dict) -> int:
    """Make the run's computed lines exactly `wanted` ({(employee id, key):
    values in COMPUTED_FIELDS order}): insert the new, update the changed, delete the stale.
    Returns how many lines were touched."""
    existing = {}
    for row in run.lines.filter(overview__isnull=True, kind__in=COMPUTED_KINDS).values_list(
        "id", "employee_id", "key", "kind", "description", "hours", "rate", "percentage", "amount", "pay_type_id"
    ):
        existing[(row[1], row[2])] = (row[0], row[3:])
    stale = [line_id for key, (line_id, _values) in existing.items() if key not in wanted]
    rows = []
    for (employee_id, key), values in wanted.items():
        found = existing.get((employee_id, key))
        if found is not None and found[1] == values:
            continue
        kind, description, hours, rate, percentage, amount, pay_type_id = values
        line_id = found[0] if found else uuid.uuid4()
        rows.append(
            (line_id, run.id, employee_id, None, pay_type_id, kind, key, description, hours, rate, percentage, amount)
        )
    for start in range(0, len(stale), CHUNK):
        PayrollLine.objects.filter(id__in=stale[start : start + CHUNK]).delete()
    L = PayrollLine
    update = {name: bulk.excluded(L, name) for name in COMPUTED_FIELDS}
    bulk.insert_rows(L, LINE_FIELDS, rows, conflict=["run", "employee", "key"], update=update)
    return len(stale) + len(rows)


def computed_lines(*, salaries: list[tuple], hourly: list[tuple]) -> dict:
    """The run's computed lines as the data stands ({(employee id, key): values in
    COMPUTED_FIELDS order}): the fixed `salaries` (_salaries' rows) and the `hourly` pay with
    its supplements (hourly_pay's lines). pg.salary_lines_write and pg.hourly_lines_write
    write the same in the database."""
    wanted: dict = {}
    for employee_id, percentage, amount, _unpriced in salaries:
        wanted[(employee_id, LineKind.SALARY.value)] = (LineKind.SALARY.value, "", None, None, percentage, amount, None)
    for employee_id, key, values in hourly:
        wanted[(employee_id, key)] = values
    return wanted


def run_notices(*, run: PayrollRun, unpriced_salaries: list, unpaid: list) -> list[dict]:
    """The employees the run cannot pay in full, by name: under a monthly term without an
    annual salary, with hours under an hourly term without a wage, employed without terms."""
    organization = run.organization
    notices = [{"employee_id": str(employee_id), "code": "no_salary"} for employee_id in unpriced_salaries]
    notices.extend({"employee_id": str(employee_id), "code": "no_wage"} for employee_id in unpaid)
    notices.extend(
        {"employee_id": str(employee_id), "code": "no_terms"}
        for employee_id in _employed_without_terms(organization=organization, period=run.period)
    )
    names = {
        row[0]: (row[1], f"{row[2]}, {row[3]}")
        for row in Employee.objects.filter(id__in=[n["employee_id"] for n in notices]).values_list(
            "id", "number", "last_name", "first_name"
        )
    }
    for notice in notices:
        number, name = names.get(uuid.UUID(notice["employee_id"]), ("", ""))
        notice.update(number=number, name=name)
    notices.sort(key=lambda notice: (notice["name"], notice["code"]))
    return notices


def _salaries(*, run: PayrollRun) -> list[tuple]:
    """(employee id, percentage, amount, unpriced) of everyone under a monthly term in the
    period (timesheets/salary.py: month_salary). pg.salary_lines_write does the same in SQL."""
    organization, period = run.organization, run.period
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
        if salary is not None:
            rows.append((employee.id, salary.percentage, salary.amount, salary.unpriced))
    return rows


def _employed_without_terms(*, organization: Organization, period: date) -> list:
    """Employees employed in the period with no salary term on any day of it: unpaid."""
    end = calendar.month_end(period)
    return list(
        Employee.objects.filter(organization=organization)
        .employed_between(period, end)
        .exclude(Exists(SalaryTerm.objects.filter(employee=OuterRef("pk"), valid_from__lte=end)))
        .values_list("id", flat=True)
    )


def hourly_pay(*, organization: Organization, period: date) -> tuple[list, list]:
    """Hourly pay of the period (timesheets/salary.py): ([(employee id, key, values in
    COMPUTED_FIELDS order)], [ids of employees with hours on days under an hourly term
    without a wage]).

    Queries do not grow with employees: one for the terms of everyone with an hourly term
    by the period's end, one aggregate of their hours per employee and pay type, and, for
    the few whose month has more than one term, one aggregate per day. On PostgreSQL a
    whole build takes pg.hourly_lines_write instead, which computes the same in SQL."""
    end = calendar.month_end(period)
    hourly_ids = SalaryTerm.objects.filter(
        employee__organization=organization, salary_type=SalaryType.HOURLY, valid_from__lte=end
    ).values("employee_id")
    employees = {
        row.id: row
        for row in Employee.objects.filter(organization=organization, id__in=hourly_ids)
        .employed_between(period, end)
        .values_list("id", "employment_start", "employment_end", named=True)
    }
    if not employees:
        return [], []
    terms: dict = defaultdict(list)
    for term in SalaryTerm.objects.filter(employee_id__in=hourly_ids, valid_from__lte=end).order_by(
        "employee_id", "valid_from"
    ):
        terms[term.employee_id].append(term)
    spans = {}
    for employee_id, employee in employees.items():
        first, last = max(period, employee.employment_start), min(end, employee.employment_end or end)
        spans[employee_id] = list(Timeline(terms[employee_id]).spans(first, last))
    hourly_spans = {
        employee_id: [span for span in found if span.term.salary_type == SalaryType.HOURLY]
        for employee_id, found in spans.items()
    }
    # One hourly term over the whole month: its hours need no day-by-day look.
    simple = {
        employee_id
        for employee_id, found in spans.items()
        if len(found) == 1 and hourly_spans[employee_id] and (found[0].first, found[0].last) == (period, end)
    }
    mixed = [employee_id for employee_id, found in hourly_spans.items() if found and employee_id not in simple]
    entries = TimeEntry.objects.filter(organization=organization, date__gte=period, date__lte=end).filter(
        Q(activity__generates_hours=True) | Q(pay_type__kind=PayTypeKind.OVERTIME)
    )
    # (employee id, wage or None, pay type id of an overtime entry or None) -> hours
    hours: dict = defaultdict(lambda: ZERO)

    def add(employee_id, term, overtime_id, amount):
        hours[(employee_id, term.hourly_wage, overtime_id)] += amount

    overtime_kind = Case(
        When(pay_type__kind=PayTypeKind.OVERTIME, then=F("pay_type_id")), default=Value(None), output_field=UUIDField()
    )
    for employee_id, overtime_id, total in (
        entries.filter(employee_id__in=hourly_ids)
        .annotate(overtime_id=overtime_kind)
        .values("employee_id", "overtime_id")
        .annotate(total=Sum("hours"))
        .order_by()
        .values_list("employee_id", "overtime_id", "total")
    ):
        if employee_id in simple:
            add(employee_id, spans[employee_id][0].term, overtime_id, total)
    if mixed:
        for employee_id, day, overtime_id, total in (
            entries.filter(employee_id__in=mixed)
            .annotate(overtime_id=overtime_kind)
            .values("employee_id", "date", "overtime_id")
            .annotate(total=Sum("hours"))
            .order_by()
            .values_list("employee_id", "date", "overtime_id", "total")
        ):
            for span in hourly_spans[employee_id]:
                if span.first <= day <= span.last:
                    add(employee_id, span.term, overtime_id, total)
    pay_types = {p.id: p for p in PayType.objects.filter(organization=organization, kind=PayTypeKind.OVERTIME)}
    lines, unpaid = [], set()
    for (employee_id, wage, overtime_id), total in sorted(hours.items(), key=lambda item: str(item[0])):
        if wage is None:
            unpaid.add(employee_id)
            continue
        if overtime_id is None:
            values = (LineKind.HOURLY.value, "", total, wage, None, round_money(total * wage), None)
            lines.append((employee_id, f"hourly:{wage}", values))
        else:
            pay_type = pay_types[overtime_id]
            amount = round_money(percentage_of(total * wage, pay_type.percentage))
            values = (LineKind.OVERTIME.value, pay_type.name, total, wage, pay_type.percentage, amount, overtime_id)
            lines.append((employee_id, f"overtime:hourly:{overtime_id}:{wage}", values))
    return lines, sorted(unpaid, key=str)


@transaction.atomic
def payroll_run_publish(*, run: PayrollRun, pay_date: date | None, actor: User | None, request=None) -> PayrollRun:
    """Publish a draft run with its pay date: from now on its employees see their payslips,
    and the run no longer follows the data (audited). With four-eyes publishing on, the
    publisher must be someone other than the person who last built it."""
    run = PayrollRun.objects.select_for_update().select_related("organization").get(pk=run.pk)
    if not run.is_draft:
        raise ValidationError(_("Only a draft payroll run can be published."))
    if pay_date is None:
        raise ValidationError({"pay_date": _("Enter the pay date.")})
    if pay_date < run.period:
        raise ValidationError({"pay_date": _("The pay date cannot lie before the period starts.")})
    settings = timesheet_settings_get(organization=run.organization)
    if settings.four_eyes_publish and run.built_by_id is not None and run.built_by_id == getattr(actor, "id", None):
        raise ValidationError(
            _("Four-eyes publishing is on: someone other than the person who built the run must publish it.")
        )
    employees = run_head_count(run=run)
    if not employees:
        raise ValidationError(_("The payroll run has no lines: there is nothing to publish."))
    run.status, run.pay_date = RunStatus.PUBLISHED, pay_date
    run.published_at, run.published_by = timezone.now(), actor
    run.full_clean()
    run.save(update_fields=["status", "pay_date", "published_at", "published_by"])
    audit_record(
        action=AuditAction.RUN_PUBLISHED,
        actor=actor,
        request=request,
        organization=run.organization,
        subject=run,
        period=run.period.isoformat(),
        pay_date=pay_date.isoformat(),
        employees=employees,
        total=str(_run_total(run)),
        built_by=str(run.built_by_id or ""),
    )
    return run


def run_head_count(*, run: PayrollRun) -> int:
    """How many employees the run pays (one query)."""
    return run.lines.values("employee_id").distinct().count()


@transaction.atomic
def payroll_run_close(*, run: PayrollRun, actor: User) -> PayrollRun:
    run = PayrollRun.objects.select_for_update().get(pk=run.pk)
    if run.is_closed:
        raise ValidationError(_("The payroll run is already closed."))
    if not run.is_published:
        raise ValidationError(_("Publish the payroll run before closing it."))
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
