"""Member data: memberships that follow the employment, and salary reports arriving from
payroll, a file or a form, checked, accepted (warnings with a reason) and corrected."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from hrsuite.imports import ImportFileError, iter_records
from hrsuite.models import Employee, Organization, User
from hrsuite.salary_terms import terms_for_period
from pensions.bulk import insert_rows
from pensions.checks import CheckedReport, Line, RawRow, report_check
from pensions.models import (
    Membership,
    ReportFinding,
    ReportSource,
    ReportStatus,
    SalaryReport,
    SalaryReportLine,
)
from pensions.periods import month_end, month_start
from pensions.selectors.members import fund_settings_for, payroll_runs_usable
from timesheets.selectors.payroll import pensionable_salary_for

FILE_COLUMNS = ["employee_number", "pensionable_salary", "position_percentage", "start", "end", "change"]
REQUIRED_FILE_COLUMNS = FILE_COLUMNS[:3]
MAX_REPORT_ROWS = 60000
LINE_BATCH = 5000


# --- Memberships ------------------------------------------------------------------------------


def memberships_sync(*, organization: Organization, actor: User | None = None) -> int:
    """Every employee of the organization without a membership becomes a member from the
    employment's start (until its end, if it has one). Set-based: one read, one insert."""
    missing = Employee.objects.filter(organization=organization).exclude(
        Exists(Membership.objects.filter(employee=OuterRef("pk")))
    )
    new = [
        Membership(organization=organization, employee_id=pk, start=start, end=end)
        for pk, start, end in missing.values_list("id", "employment_start", "employment_end")
    ]
    bulk_create_with_history(new, Membership, batch_size=LINE_BATCH, default_user=actor)
    return len(new)


def membership_end(*, employee: Employee, end_date: date, actor: User | None = None) -> int:
    """The employment ended: its open memberships (or ones running past the end) end with it."""
    ended = 0
    for membership in Membership.objects.filter(employee=employee, start__lte=end_date).exclude(end__lte=end_date):
        membership.end = end_date
        membership._history_user = actor
        membership.full_clean()
        membership.save(update_fields=["end"])
        ended += 1
    return ended


# --- Salary reports ---------------------------------------------------------------------------


class ReportRefused(ValidationError):
    """The report has rows with errors: nothing was saved. `checked` lists every finding."""

    def __init__(self, checked: CheckedReport):
        self.checked = checked
        super().__init__(
            _("The report has %(count)s error(s); nothing was saved. Correct the rows and send it again.")
            % {"count": len(checked.errors)}
        )


@dataclass
class Received:
    report: SalaryReport
    created: bool  # False: the same data was already received; nothing changed
    checked: CheckedReport


def salary_report_receive(
    *,
    organization: Organization,
    period: date,
    source: str,
    rows,
    actor: User | None,
    file_name: str = "",
) -> Received:
    """Check a report's rows and take it in, all or nothing.

    Any error row: ReportRefused, nothing saved. The same data as the report already received
    for the period (whatever the source, whatever the order): that report, unchanged. Otherwise
    a new report, accepted at once without warnings, else awaiting an acknowledgement; a
    report awaiting one that a newer report overtakes is replaced without ever being in force."""
    period = month_start(period)
    with transaction.atomic():
        # One report at a time per employer: two arrivals of one file would both be new.
        Organization.objects.select_for_update().filter(pk=organization.pk).first()
        settings = fund_settings_for(office=organization.office)
        checked = report_check(organization=organization, period=period, rows=rows, settings=settings)
        if checked.errors:
            raise ReportRefused(checked)
        if not checked.lines:
            raise ValidationError(_("The report holds no members."))
        fingerprint = checked.fingerprint(organization=organization, period=period)
        current = (
            SalaryReport.objects.filter(
                organization=organization, period=period, status__in=[ReportStatus.PENDING, ReportStatus.ACCEPTED]
            )
            .order_by("-received_at")
            .first()
        )
        if current is not None and current.fingerprint == fingerprint:
            return Received(current, False, checked)
        now = timezone.now()
        for pending in SalaryReport.objects.filter(
            organization=organization, period=period, status=ReportStatus.PENDING
        ):
            pending.status, pending.replaced_at, pending._history_user = ReportStatus.REPLACED, now, actor
            pending.save(update_fields=["status", "replaced_at"])
        report = SalaryReport(
            organization=organization,
            period=period,
            source=source,
            status=ReportStatus.PENDING,
            file_name=file_name[:200],
            fingerprint=fingerprint,
            line_count=len(checked.lines),
            salary_total=checked.salary_total,
            received_at=now,
            received_by=actor,
        )
        report._history_user = actor
        report.full_clean()
        report.save()
        insert_rows(
            SalaryReportLine,
            ["report", *Line.FIELDS],
            ((report.pk, *(getattr(line, name) for name in Line.FIELDS)) for line in checked.lines),
        )
        ReportFinding.objects.bulk_create(
            [
                ReportFinding(
                    report=report, row_number=f.row_number, field=f.field, code=f.code, message=f.message[:300]
                )
                for f in checked.warnings
            ],
            batch_size=LINE_BATCH,
        )
        if not checked.warnings:
            _accept(report=report, actor=actor, reason="")
        return Received(report, True, checked)


def salary_report_accept(*, report: SalaryReport, actor: User, reason: str) -> SalaryReport:
    """Acknowledge a report's warnings with a reason; it comes into force and replaces the
    report accepted for the period before it (which stays, as replaced, in the history)."""
    with transaction.atomic():
        report = SalaryReport.objects.select_for_update().get(pk=report.pk)
        if report.status != ReportStatus.PENDING:
            raise ValidationError(_("Only a report awaiting acknowledgement can be accepted."))
        reason = reason.strip()
        if not reason:
            raise ValidationError({"reason": _("Give the reason the warnings are acceptable.")})
        return _accept(report=report, actor=actor, reason=reason)


def _accept(*, report: SalaryReport, actor: User | None, reason: str) -> SalaryReport:
    now = timezone.now()
    earlier = SalaryReport.objects.filter(
        organization_id=report.organization_id, period=report.period, status=ReportStatus.ACCEPTED
    ).first()
    if earlier is not None:
        earlier.status, earlier.replaced_at, earlier._history_user = ReportStatus.REPLACED, now, actor
        earlier.save(update_fields=["status", "replaced_at"])
        report.replaces = earlier
    report.status = ReportStatus.ACCEPTED
    report.accepted_at = now
    report.acknowledged_by = actor if reason else None
    report.acknowledgement = reason
    report._history_user = actor
    report.save(update_fields=["status", "accepted_at", "acknowledged_by", "acknowledgement", "replaces"])
    return report


def file_rows(*, file_name: str, content: bytes):
    """A report file's rows (CSV or XLSX through the core's safe reading), lazily, numbered
    as the spreadsheet shows them (row 1 is the header)."""
    records = iter_records(
        file_name=file_name,
        content=content,
        required=REQUIRED_FILE_COLUMNS,
        known=FILE_COLUMNS,
        max_rows=MAX_REPORT_ROWS,
    )
    for row_number, record in enumerate(records, start=2):
        yield RawRow(
            row_number=row_number,
            employee_number=record.get("employee_number", ""),
            pensionable_salary=record.get("pensionable_salary", ""),
            position_percentage=record.get("position_percentage", ""),
            start=record.get("start", ""),
            end=record.get("end", ""),
            change=record.get("change", ""),
        )


def salary_report_from_file(
    *, organization: Organization, period: date, file_name: str, content: bytes, actor: User
) -> Received:
    """An uploaded CSV/XLSX report. A file that cannot be read at all: ValidationError."""
    try:
        return salary_report_receive(
            organization=organization,
            period=period,
            source=ReportSource.FILE,
            rows=file_rows(file_name=file_name, content=content),
            actor=actor,
            file_name=file_name,
        )
    except ImportFileError as unreadable:
        raise ValidationError({"file": str(unreadable)}) from unreadable


def payroll_rows(*, organization: Organization, period: date) -> list[RawRow]:
    """The report a payroll month makes: each employee paid a pensionable salary in it, with
    that salary exactly as payroll paid it, the position percentage of the salary terms in
    force at the month's end, and the employment's start and (if within the month) end."""
    period, last = month_start(period), month_end(period)
    paid = pensionable_salary_for(organization=organization, period_start=period, period_end=last)
    timelines = terms_for_period(organization=organization, start=period, end=last)
    employees = Employee.objects.filter(organization=organization, id__in=list(paid)).order_by("number")
    rows = []
    for row_number, (pk, number, start, end) in enumerate(
        employees.values_list("id", "number", "employment_start", "employment_end"), start=1
    ):
        timeline = timelines.get(pk)
        term = timeline.on(last) if timeline else None
        rows.append(
            RawRow(
                row_number=row_number,
                employee_number=number,
                pensionable_salary=paid[pk],
                position_percentage=term.employment_percentage if term else None,
                start=start,
                end=end if end is not None and end <= last else None,
            )
        )
    return rows


def salary_report_from_payroll(*, organization: Organization, run_id, actor: User | None) -> Received:
    """One click: the report of a paid payroll run's month, no retyping."""
    run = payroll_runs_usable(organization=organization).filter(id=run_id).first()
    if run is None:
        raise ValidationError({"run": _("Choose a paid payroll run of this employer.")})
    return salary_report_receive(
        organization=organization,
        period=run.period,
        source=ReportSource.PAYROLL,
        rows=payroll_rows(organization=organization, period=run.period),
        actor=actor,
    )


def fund_settings_save(*, office, actor: User, salary_jump_percent, min_age: int, max_age: int):
    """The fund's check limits; the next reports are checked against them."""
    from pensions.models import FundSettings

    settings = FundSettings.objects.filter(office=office).first() or FundSettings(office=office)
    settings.salary_jump_percent, settings.min_age, settings.max_age = salary_jump_percent, min_age, max_age
    settings._history_user = actor
    settings.full_clean()
    settings.save()
    return settings
