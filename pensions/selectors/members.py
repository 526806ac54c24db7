"""Member data reads: fund settings, memberships, reports (also "as of" a moment), payroll runs."""

from datetime import date, datetime

from django.db.models import Q, QuerySet

from hrsuite.models import Employee, Office, Organization
from pensions.models import FundSettings, Membership, ReportStatus, SalaryReport, SalaryReportLine
from pensions.periods import month_end, month_start
from timesheets.selectors.payroll import published_runs_for


def fund_settings_for(*, office: Office) -> FundSettings:
    """The fund's settings; unsaved defaults when it has none yet."""
    return FundSettings.objects.filter(office=office).first() or FundSettings(office=office)


def payroll_runs_usable(*, organization: Organization) -> QuerySet:
    """The payroll runs a report may be built from: published (or closed) ones; a draft
    still follows the data until HR publishes it."""
    return published_runs_for(organization=organization)


def memberships_for(*, organization: Organization) -> QuerySet[Membership]:
    return Membership.objects.filter(organization=organization).select_related("employee")


def members_on(*, organization: Organization, day: date) -> QuerySet[Membership]:
    return memberships_for(organization=organization).filter(Q(end__isnull=True) | Q(end__gte=day), start__lte=day)


def reports_for(*, organization: Organization) -> QuerySet[SalaryReport]:
    return SalaryReport.objects.filter(organization=organization).select_related("received_by", "acknowledged_by")


def report_in_force(*, organization: Organization, period: date) -> SalaryReport | None:
    return (
        reports_for(organization=organization).filter(period=month_start(period), status=ReportStatus.ACCEPTED).first()
    )


def report_as_of(*, organization: Organization, period: date, moment: datetime) -> SalaryReport | None:
    """The report that was in force for the period at that moment (None before any)."""
    return (
        reports_for(organization=organization)
        .filter(period=month_start(period), accepted_at__lte=moment)
        .filter(Q(replaced_at__isnull=True) | Q(replaced_at__gt=moment))
        .first()
    )


def report_lines(*, report: SalaryReport) -> QuerySet[SalaryReportLine]:
    return report.lines.select_related("employee").order_by("row_number")


def member_salary_lines(*, employee: Employee) -> QuerySet[SalaryReportLine]:
    """The member's lines in the reports in force, oldest period first (pensioning reads
    the salary and position history from here)."""
    return (
        SalaryReportLine.objects.filter(employee=employee, report__status=ReportStatus.ACCEPTED)
        .select_related("report")
        .order_by("report__period")
    )


def period_bounds(period: date) -> tuple[date, date]:
    return month_start(period), month_end(period)
