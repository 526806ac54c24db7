"""Member data: memberships and the employers' salary reports (the customer and member data process).

A membership follows the employment (from its start, ended with it). Each period an employer
sends a salary report: one line per member with the pensionable salary paid in the period,
the position percentage, the membership's start/end and a free-text change note. Reports are
immutable once received; a correction is a new report that replaces the earlier one on
acceptance, so "which report was in force on date X" has one answer (`replaced_at`).
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from hrsuite.models import Employee, Office, Organization, PublicModel
from hrsuite.validation import validate_date_in_range

__all__ = [
    "FundSettings",
    "Membership",
    "ReportFinding",
    "ReportSource",
    "ReportStatus",
    "SalaryReport",
    "SalaryReportLine",
    "Severity",
]


class FundSettings(PublicModel):
    """The quality-check limits of one fund (an office). Without a row the defaults apply."""

    office = models.OneToOneField(Office, on_delete=models.CASCADE, related_name="pension_fund_settings")
    salary_jump_percent = models.DecimalField(
        _("salary jump threshold (%)"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("30.00"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("1000"))],
        help_text=_("A member's pensionable salary changing more than this against the previous report warns."),
    )
    min_age = models.PositiveSmallIntegerField(_("lowest member age"), default=16, validators=[MaxValueValidator(100)])
    max_age = models.PositiveSmallIntegerField(_("highest member age"), default=75, validators=[MaxValueValidator(120)])
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("fund settings")
        verbose_name_plural = _("fund settings")

    def __str__(self):
        return str(self.office)

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.min_age is not None and self.max_age is not None and self.min_age >= self.max_age:
            raise ValidationError({"max_age": _("The highest age must be above the lowest.")})


class Membership(PublicModel):
    """An employee's membership of the fund, from the employment's start to its end."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="pension_memberships")
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="pension_memberships")
    start = models.DateField(_("member from"), validators=[validate_date_in_range])
    end = models.DateField(_("member until"), null=True, blank=True, validators=[validate_date_in_range])
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["employee__last_name", "employee__first_name", "start"]
        constraints = [
            models.UniqueConstraint(fields=["employee", "start"], name="pension_membership_unique_start"),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")), name="pension_membership_end_after_start"
            ),
        ]
        indexes = [models.Index(fields=["organization", "employee"], name="pension_membership_org_idx")]

    def __str__(self):
        return f"{self.employee} {self.start}"


class ReportSource(models.TextChoices):
    PAYROLL = "payroll", _("Payroll run")
    FILE = "file", _("File")
    FORM = "form", pgettext_lazy("report source", "Form")


class ReportStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting acknowledgement")
    ACCEPTED = "accepted", _("Accepted")
    REPLACED = "replaced", _("Replaced by a correction")


class SalaryReport(PublicModel):
    """One employer's salary report for one period (a month, stored as its first day)."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="pension_reports")
    period = models.DateField(_("period"), validators=[validate_date_in_range])
    source = models.CharField(_("source"), max_length=10, choices=ReportSource.choices)
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices)
    file_name = models.CharField(_("file"), max_length=200, blank=True)
    # sha256 of the report's lines in a canonical form: the same data twice is one report.
    fingerprint = models.CharField(max_length=64)
    line_count = models.PositiveIntegerField(_("members"), default=0)
    salary_total = models.DecimalField(_("pensionable salary"), max_digits=16, decimal_places=2, default=0)
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    acknowledgement = models.TextField(_("reason for accepting the warnings"), blank=True)
    replaces = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaced_by", verbose_name=_("replaces")
    )
    replaced_at = models.DateTimeField(_("replaced"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("salary report")
        verbose_name_plural = _("salary reports")
        ordering = ["-period", "-received_at"]
        indexes = [models.Index(fields=["organization", "period", "status"], name="pension_report_period_idx")]
        constraints = [
            # At most one report in force per employer and period.
            models.UniqueConstraint(
                fields=["organization", "period"],
                condition=Q(status="accepted"),
                name="pension_report_one_accepted",
            ),
        ]
        permissions = [("accept_salaryreport", _("Can accept salary reports with warnings"))]

    def __str__(self):
        return f"{self.organization} {self.period:%Y-%m}"

    @property
    def in_force(self) -> bool:
        return self.status == ReportStatus.ACCEPTED


class SalaryReportLine(models.Model):
    """One member's line of a report. Immutable: a correction is a new report."""

    report = models.ForeignKey(SalaryReport, on_delete=models.CASCADE, related_name="lines")
    row_number = models.PositiveIntegerField()
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="+")
    pensionable_salary = models.DecimalField(_("pensionable salary"), max_digits=12, decimal_places=2)
    position_percentage = models.DecimalField(_("position percentage"), max_digits=5, decimal_places=2)
    start = models.DateField(_("member from"), null=True, blank=True)
    end = models.DateField(_("member until"), null=True, blank=True)
    change = models.CharField(_("change"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("salary report line")
        verbose_name_plural = _("salary report lines")
        ordering = ["row_number"]
        constraints = [models.UniqueConstraint(fields=["report", "employee"], name="pension_line_unique_member")]

    def __str__(self):
        return f"{self.report} {self.employee_id}"


class Severity(models.TextChoices):
    ERROR = "error", _("Error")
    WARNING = "warning", _("Warning")


class ReportFinding(models.Model):
    """A warning a received report carries until acknowledged (errors are never stored: a
    report with an error is refused whole)."""

    report = models.ForeignKey(SalaryReport, on_delete=models.CASCADE, related_name="findings")
    row_number = models.PositiveIntegerField(null=True, blank=True)
    field = models.CharField(max_length=40, blank=True)
    code = models.CharField(max_length=40)
    message = models.CharField(max_length=300)

    class Meta:
        ordering = ["row_number", "id"]

    def __str__(self):
        return self.message
