"""Time entries, the flex balance per month, and the payroll runs built from approved months.

Hours and money are Decimal. A month is stored as the date of its first day.
"""

import re
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from hrsuite.models import Employee, Organization, PublicModel
from hrsuite.validation import validate_date_in_range

HOURS = {"max_digits": 7, "decimal_places": 2}
MONEY = {"max_digits": 14, "decimal_places": 2}
PERCENT = {"max_digits": 5, "decimal_places": 2}
PERCENT_RANGE = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


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
    four_eyes_publish = models.BooleanField(
        _("four-eyes publishing"),
        default=False,
        help_text=_("A payroll run must be published by someone other than the person who last built it."),
    )
    # Net pay (timesheets/services/netpay.py). Statutory tax tables are not computed: the
    # employee's tax card percentage is applied, or this flat rate where no card is known.
    tax_flat_rate = models.DecimalField(
        _("tax withholding without a tax card (%)"),
        **PERCENT,
        default=Decimal("50"),
        validators=PERCENT_RANGE,
        help_text=_(
            "Withheld from taxable gross pay of employees without a tax card for the year "
            "(Norway: 50 % when no tax card is available)."
        ),
    )
    pension_member_rate = models.DecimalField(
        _("pension member contribution (%)"),
        **PERCENT,
        default=Decimal("0"),
        validators=PERCENT_RANGE,
        help_text=_("Deducted from the fixed salary, unless the pension fund supplies the rate."),
    )
    holiday_pay_rate = models.DecimalField(
        _("holiday pay accrual (%)"),
        **PERCENT,
        default=Decimal("10.2"),
        validators=PERCENT_RANGE,
        help_text=_("Accrued on gross pay, e.g. 10.2 % or 12 %; recorded on the payslip, not paid."),
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
        percentage = f"{self.percentage.normalize():f}"
        # “Overtime 50 %” already says its rate: “Overtime 50 % (50 %)” would say it twice.
        if self.kind == PayTypeKind.OVERTIME and not re.search(rf"(?<![\d.,]){re.escape(percentage)}\s*%", self.name):
            return f"{self.name} ({percentage} %)"
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
    """draft -> published -> closed. A draft follows the data (every build recomputes it) and
    only HR sees it; a published run is what employees are told they are paid (its pay date
    set, it changes no more); a closed run is paid and final."""

    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Closed (paid)")


# What employees (and other apps, e.g. the pension fund) may read of payroll runs.
VISIBLE_RUN_STATUSES = (RunStatus.PUBLISHED, RunStatus.CLOSED)


class PayrollRun(PublicModel):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="payroll_runs")
    period = models.DateField(_("period"))
    status = models.CharField(_("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.DRAFT)
    created_at = models.DateTimeField(default=timezone.now)
    built_at = models.DateTimeField(_("last built"), null=True, blank=True)
    # Who last built the run (None: the payroll-period job); four-eyes publishing compares it.
    built_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )
    pay_date = models.DateField(_("pay date"), null=True, blank=True, validators=[validate_date_in_range])
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Employees the last build could not pay in full: [{"employee_id", "name", "code"}]
    # (codes in timesheets.selectors.runs.NOTICE_TEXTS).
    notices = models.JSONField(default=list, blank=True)
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
    def is_draft(self) -> bool:
        return self.status == RunStatus.DRAFT

    @property
    def is_published(self) -> bool:
        return self.status == RunStatus.PUBLISHED

    @property
    def is_closed(self) -> bool:
        return self.status == RunStatus.CLOSED


class PeriodJob(PublicModel):
    """The payroll-period job's record of one organization's period: when it was last
    processed (the daily check re-enqueues a period that never was) and when approvers were
    told what waits (once per period, however often the job runs)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+", db_index=False)
    period = models.DateField(_("period"))
    processed_at = models.DateTimeField(null=True, blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("payroll period job")
        verbose_name_plural = _("payroll period jobs")
        constraints = [models.UniqueConstraint(fields=["organization", "period"], name="period_job_unique_period")]

    def __str__(self):
        return f"{self.organization} {self.period:%Y-%m}"


class LineKind(models.TextChoices):
    SALARY = "salary", _("Fixed salary")
    HOURLY = "hourly", _("Hourly pay")
    OVERTIME = "overtime", _("Overtime supplement")
    FLEX_PAYOUT = "flex_payout", _("Flex hours paid out")
    FLEX_DEDUCTION = "flex_deduction", _("Flex hours deducted")
    TAX = "tax", _("Tax withholding")
    PENSION = "pension", _("Pension member contribution")
    HOLIDAY_ACCRUAL = "holiday_accrual", _("Holiday pay accrued")


# Deductions are stored as negative amounts (gross + deductions = net pay); information
# lines record a figure (the holiday pay accrued) that is not paid this month. Every other
# kind is pay and counts in gross.
DEDUCTION_KINDS = (LineKind.TAX, LineKind.PENSION)
INFORMATION_KINDS = (LineKind.HOLIDAY_ACCRUAL,)
NOT_PAY_KINDS = DEDUCTION_KINDS + INFORMATION_KINDS


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
    # What a percentage line is taken of: taxable gross, pensionable salary, holiday-pay basis.
    basis = models.DecimalField(_("basis"), **MONEY, null=True, blank=True)
    amount = models.DecimalField(_("amount"), **MONEY)

    class Meta:
        verbose_name = _("payroll line")
        verbose_name_plural = _("payroll lines")
        ordering = ["employee__last_name", "employee__first_name", "kind"]
        constraints = [models.UniqueConstraint(fields=["run", "employee", "key"], name="payroll_line_unique_key")]
        indexes = [models.Index(fields=["employee", "run"], name="payroll_line_employee_idx")]

    def __str__(self):
        return f"{self.employee} {self.description} {self.amount}"


TABLE_NUMBER = RegexValidator(r"^[0-9]{4}$", _("Enter the table number as four digits, e.g. 7100."))


class TaxCardKind(models.TextChoices):
    """What a card is follows from it: a Norwegian table card has a table number, a
    percentage card ("prosenttrekk", and every Dutch card) has none."""

    PERCENTAGE = "percentage", _("Percentage deduction (prosenttrekk)")
    TABLE = "table", _("Table deduction (tabelltrekk)")


class TaxCard(PublicModel):
    """An employee's tax deduction card for one calendar year, as the tax office issued it.

    Payroll withholds `percentage` of taxable gross pay. In Norway the card is either a
    percentage deduction ("prosenttrekk") or a table number; the table number is recorded
    for reference only: statutory tax tables are not computed, the percentage is applied.
    In the Netherlands the card is a percentage as well."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="tax_cards")
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="tax_cards", db_index=False)
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(1900), MaxValueValidator(2200)])
    percentage = models.DecimalField(
        _("withholding percentage"),
        **PERCENT,
        validators=PERCENT_RANGE,
        help_text=_("Applied to taxable gross pay (gross pay less the pension member contribution)."),
    )
    table_number = models.CharField(
        _("tax table number"),
        max_length=4,
        blank=True,
        validators=[TABLE_NUMBER],
        help_text=_("Norway: recorded for reference only; the table itself is not computed."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tax card")
        verbose_name_plural = _("tax cards")
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["employee", "year"], name="tax_card_unique_year")]

    def __str__(self):
        return f"{self.employee} {self.year}"

    @property
    def kind(self) -> TaxCardKind:
        return TaxCardKind.TABLE if self.table_number else TaxCardKind.PERCENTAGE

    def clean(self):
        if self.employee_id and self.organization_id and self.employee.organization_id != self.organization_id:
            raise ValidationError({"employee": _("The employee belongs to another organization.")})
