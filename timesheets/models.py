"""Time entries, the flex balance per month, and the payroll runs built from approved months.

Hours and money are Decimal. A month is stored as the date of its first day.
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

from hrsuite.models import Employee, Organization, PublicModel

HOURS = {"max_digits": 7, "decimal_places": 2}
MONEY = {"max_digits": 14, "decimal_places": 2}


class TimesheetSettings(PublicModel):
    """Per-organization details of the timesheet module. The on/off switch itself is the
    core's module switch (hrsuite/modules.py, key "timesheets"), like every module's."""

    organization = models.OneToOneField(Organization, on_delete=models.CASCADE, related_name="timesheet_settings")
    flex_enabled = models.BooleanField(
        _("flex-time balance"),
        default=True,
        help_text=_("Hours over or under normal time build up a balance for monthly-salaried employees."),
    )
    annual_hours_divisor = models.DecimalField(
        _("annual hours (hourly rate divisor)"),
        max_digits=6,
        decimal_places=1,
        default=Decimal("1950"),
        validators=[MinValueValidator(Decimal("1"))],
        help_text=_("Hourly rate = annual salary / this number."),
    )
    flex_start = models.DateField(
        _("balance counted from"),
        help_text=_("Working days before this date never draw from the balance."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("timesheet settings")
        verbose_name_plural = _("timesheet settings")

    def __str__(self):
        return str(self.organization)


class Activity(PublicModel):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="activities")
    name = models.CharField(_("name"), max_length=120)
    generates_hours = models.BooleanField(
        _("generates hours"),
        default=True,
        help_text=_("Untick for e.g. 'Flex time off': hours are recorded for information and do not count."),
    )
    active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="activity_unique_name")]

    def __str__(self):
        return self.name


class PayTypeKind(models.TextChoices):
    ORDINARY = "ordinary", _("Ordinary")
    OVERTIME = "overtime", _("Overtime supplement")


class PayType(PublicModel):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="pay_types")
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=10, choices=PayTypeKind.choices, default=PayTypeKind.OVERTIME)
    percentage = models.DecimalField(
        _("supplement (%)"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("500"))],
        help_text=_(
            "Overtime pays hours x hourly rate x this percentage. Its hours are logged in addition to the "
            "activity's hours and never count in the flex balance."
        ),
    )
    active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pay type")
        verbose_name_plural = _("pay types")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="pay_type_unique_name")]

    def __str__(self):
        if self.kind == PayTypeKind.OVERTIME:
            return f"{self.name} ({self.percentage.normalize():f} %)"
        return self.name


class TimeEntry(PublicModel):
    """Hours of one employee on one day and activity, optionally on a pay type."""

    # Both lookups are served by the composite indexes below (fewer indexes: faster inserts).
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="time_entries", db_index=False
    )
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="time_entries", db_index=False)
    date = models.DateField(_("date"))
    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="entries", verbose_name=_("activity"))
    pay_type = models.ForeignKey(
        PayType, on_delete=models.PROTECT, null=True, blank=True, related_name="entries", verbose_name=_("pay type")
    )
    hours = models.DecimalField(
        _("hours"), **HOURS, validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("24"))]
    )
    comment = models.CharField(_("comment"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("time entry")
        verbose_name_plural = _("time entries")
        ordering = ["date", "activity__name"]
        constraints = [
            # One cell of the week view per (day, activity, pay type).
            models.UniqueConstraint(
                fields=["employee", "date", "activity"],
                condition=Q(pay_type__isnull=True),
                name="time_entry_unique_cell",
            ),
            models.UniqueConstraint(
                fields=["employee", "date", "activity", "pay_type"],
                condition=Q(pay_type__isnull=False),
                name="time_entry_unique_cell_pay_type",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "date"], name="time_entry_org_date_idx"),
            models.Index(fields=["employee", "date"], name="time_entry_employee_date_idx"),
        ]

    def __str__(self):
        return f"{self.employee} {self.date} {self.activity} {self.hours}"


class OverviewStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("status", "Open")
    APPROVED = "approved", _("Approved")


class MonthlyOverview(PublicModel):
    """The flex balance of one employee for one month.

    Open months are recomputed from their entries; an approved month is frozen, and its
    closing balance is what the next month opens with (no later month rescans it).
    closing = opening + change - payout_hours (paying out lowers the balance, a deduction
    with negative hours raises it).
    """

    # Served by the unique (employee, month) and the (organization, month, status) indexes.
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="monthly_overviews", db_index=False
    )
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="monthly_overviews", db_index=False)
    month = models.DateField(_("month"))
    status = models.CharField(_("status"), max_length=10, choices=OverviewStatus.choices, default=OverviewStatus.OPEN)
    opening_balance = models.DecimalField(_("opening balance"), **HOURS, default=Decimal("0"))
    logged_hours = models.DecimalField(_("logged hours"), **HOURS, default=Decimal("0"))
    normal_hours = models.DecimalField(_("normal hours"), **HOURS, default=Decimal("0"))
    change = models.DecimalField(_("change"), **HOURS, default=Decimal("0"))
    overtime_hours = models.DecimalField(_("overtime hours"), **HOURS, default=Decimal("0"))
    payout_hours = models.DecimalField(
        _("hours to pay out (+) or deduct (-)"),
        **HOURS,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("-744")), MaxValueValidator(Decimal("744"))],
    )
    closing_balance = models.DecimalField(_("closing balance"), **HOURS, default=Decimal("0"))
    hourly_rate = models.DecimalField(_("hourly rate"), **MONEY, null=True, blank=True)
    computed_at = models.DateTimeField(default=timezone.now)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    # No index: never searched by approver (users are deactivated, not deleted).
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("monthly overview")
        verbose_name_plural = _("monthly overviews")
        ordering = ["month"]
        constraints = [models.UniqueConstraint(fields=["employee", "month"], name="monthly_overview_unique_month")]
        indexes = [models.Index(fields=["organization", "month", "status"], name="overview_org_month_idx")]
        permissions = [("approve_monthlyoverview", _("Can approve and reopen monthly overviews"))]

    def __str__(self):
        return f"{self.employee} {self.month:%Y-%m}"

    @property
    def is_approved(self) -> bool:
        return self.status == OverviewStatus.APPROVED


class RunStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("status", "Open")
    CLOSED = "closed", _("Closed (paid)")


class PayrollRun(PublicModel):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="payroll_runs")
    period = models.DateField(_("period"))
    status = models.CharField(_("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("payroll run")
        verbose_name_plural = _("payroll runs")
        ordering = ["-period"]
        constraints = [models.UniqueConstraint(fields=["organization", "period"], name="payroll_run_unique_period")]
        permissions = [("close_payrollrun", _("Can close payroll runs"))]

    def __str__(self):
        return f"{self.organization} {self.period:%Y-%m}"

    @property
    def is_open(self) -> bool:
        return self.status == RunStatus.OPEN


class LineKind(models.TextChoices):
    SALARY = "salary", _("Fixed salary")
    OVERTIME = "overtime", _("Overtime supplement")
    FLEX_PAYOUT = "flex_payout", _("Flex hours paid out")
    FLEX_DEDUCTION = "flex_deduction", _("Flex hours deducted")


class PayrollLine(PublicModel):
    """One amount on one employee's payslip. `key` makes a line unique in its run, so
    building or approving again can never add a second one."""

    # Served by the unique (run, employee, key) and the (employee, run) indexes.
    run = models.ForeignKey(PayrollRun, on_delete=models.CASCADE, related_name="lines", db_index=False)
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="payroll_lines", db_index=False)
    overview = models.ForeignKey(
        MonthlyOverview, on_delete=models.PROTECT, null=True, blank=True, related_name="payroll_lines"
    )
    # No index: never searched by pay type (pay types are deactivated, not deleted).
    pay_type = models.ForeignKey(
        PayType, on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )
    kind = models.CharField(_("kind"), max_length=16, choices=LineKind.choices)
    key = models.CharField(max_length=100)
    description = models.CharField(_("description"), max_length=200)
    hours = models.DecimalField(_("hours"), **HOURS, null=True, blank=True)
    rate = models.DecimalField(_("rate"), **MONEY, null=True, blank=True)
    percentage = models.DecimalField(_("percentage"), max_digits=6, decimal_places=2, null=True, blank=True)
    amount = models.DecimalField(_("amount"), **MONEY)

    class Meta:
        verbose_name = _("payroll line")
        verbose_name_plural = _("payroll lines")
        ordering = ["employee__last_name", "employee__first_name", "kind"]
        constraints = [models.UniqueConstraint(fields=["run", "employee", "key"], name="payroll_line_unique_key")]
        indexes = [models.Index(fields=["employee", "run"], name="payroll_line_employee_idx")]

    def __str__(self):
        return f"{self.employee} {self.description} {self.amount}"
