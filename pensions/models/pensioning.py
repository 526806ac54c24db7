"""Pensioning: the G table, scheme rules, retirement cases and monthly payouts.

G (the national insurance basic amount) is one national table, regulated each 1 May. Schemes
belong to a fund (an office); their rules are dated rows, so a rule change applies from its
date and an award already made keeps the inputs it was calculated from (RetirementCase.inputs,
a snapshot the shown calculation is repeated from). A payout line pays one pensioner one
month: unique (case, month), so no rerun, arrear or second run ever pays a month twice.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hrsuite.models import Employee, Office, Organization, PublicModel
from hrsuite.validation import validate_date_in_range

__all__ = [
    "BasicAmount",
    "CaseStatus",
    "PayoutLine",
    "PayoutRun",
    "PayoutRunStatus",
    "PensionScheme",
    "RetirementCase",
    "RetirementReason",
    "SchemeDivisor",
    "SchemeKind",
    "SchemeRule",
]

MONEY = {"max_digits": 14, "decimal_places": 2}
POSITIVE = [MinValueValidator(Decimal("0.01"))]
PERCENT = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]
G_MULTIPLE = {"max_digits": 5, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}


class BasicAmount(PublicModel):
    """The G in force from valid_from (always a 1 May) until the next row."""

    valid_from = models.DateField(_("valid from"), unique=True, validators=[validate_date_in_range])
    amount = models.DecimalField(_("G (NOK)"), **MONEY, validators=POSITIVE)
    source = models.CharField(_("source"), max_length=200, blank=True, help_text=_("e.g. the regulation it was set by"))
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("G value")
        verbose_name_plural = _("G values")
        ordering = ["-valid_from"]

    def __str__(self):
        return f"G {self.valid_from}: {self.amount}"

    def clean(self):
        if self.valid_from and (self.valid_from.month, self.valid_from.day) != (5, 1):
            raise ValidationError({"valid_from": _("G is regulated each 1 May: the date must be a 1 May.")})


class SchemeKind(models.TextChoices):
    GROSS = "gross", _("Gross scheme")
    ACCRUAL = "accrual", _("Accrual scheme")


class PensionScheme(PublicModel):
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="pension_schemes")
    code = models.SlugField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=10, choices=SchemeKind.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pension scheme")
        verbose_name_plural = _("pension schemes")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["office", "code"], name="pension_scheme_unique_code")]

    def __str__(self):
        return self.name


class SchemeRule(PublicModel):
    """A scheme's parameters from a date. A gross rule fills the gross fields, an accrual
    rule the accrual fields (clean() demands the ones of the scheme's kind)."""

    scheme = models.ForeignKey(PensionScheme, on_delete=models.PROTECT, related_name="rules")
    valid_from = models.DateField(_("valid from"), validators=[validate_date_in_range])
    source = models.CharField(_("source"), max_length=200, blank=True)
    gross_rate = models.DecimalField(
        _("pension rate on salary (%)"), max_digits=5, decimal_places=2, null=True, blank=True, validators=PERCENT
    )
    salary_cap_g = models.DecimalField(_("salary cap (G)"), **G_MULTIPLE, null=True, blank=True)
    full_service_years = models.PositiveSmallIntegerField(
        _("years for a full pension"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    accrual_rate = models.DecimalField(
        _("accrual rate on income (%)"), max_digits=5, decimal_places=2, null=True, blank=True, validators=PERCENT
    )
    accrual_cap_g = models.DecimalField(_("accrual up to (G)"), **G_MULTIPLE, null=True, blank=True)
    supplement_rate = models.DecimalField(
        _("supplement rate on income (%)"), max_digits=5, decimal_places=2, null=True, blank=True, validators=PERCENT
    )
    supplement_floor_g = models.DecimalField(_("supplement from (G)"), **G_MULTIPLE, null=True, blank=True)
    supplement_cap_g = models.DecimalField(_("supplement up to (G)"), **G_MULTIPLE, null=True, blank=True)
    history = HistoricalRecords()

    GROSS_FIELDS = ("gross_rate", "salary_cap_g", "full_service_years")
    ACCRUAL_FIELDS = ("accrual_rate", "accrual_cap_g", "supplement_rate", "supplement_floor_g", "supplement_cap_g")

    class Meta:
        verbose_name = _("scheme rule")
        verbose_name_plural = _("scheme rules")
        ordering = ["scheme", "-valid_from"]
        constraints = [models.UniqueConstraint(fields=["scheme", "valid_from"], name="pension_rule_unique_from")]

    def __str__(self):
        return f"{self.scheme} {self.valid_from}"

    def clean(self):
        if not self.scheme_id:
            return
        needed = self.GROSS_FIELDS if self.scheme.kind == SchemeKind.GROSS else self.ACCRUAL_FIELDS
        missing = {name: _("Required for this kind of scheme.") for name in needed if getattr(self, name) is None}
        if missing:
            raise ValidationError(missing)
        if self.scheme.kind == SchemeKind.ACCRUAL and self.supplement_floor_g > self.supplement_cap_g:
            raise ValidationError({"supplement_floor_g": _("The supplement must start below its cap.")})


class SchemeDivisor(models.Model):
    """The divisor of a birth year in an accrual scheme: yearly pension = accrued sum / it."""

    scheme = models.ForeignKey(PensionScheme, on_delete=models.PROTECT, related_name="divisors")
    birth_year = models.PositiveSmallIntegerField(
        _("birth year"), validators=[MinValueValidator(1900), MaxValueValidator(2200)]
    )
    divisor = models.DecimalField(
        _("divisor"), max_digits=6, decimal_places=3, validators=[MinValueValidator(Decimal("0.001"))]
    )
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("divisor")
        verbose_name_plural = _("divisors")
        ordering = ["scheme", "birth_year"]
        constraints = [models.UniqueConstraint(fields=["scheme", "birth_year"], name="pension_divisor_unique_year")]

    def __str__(self):
        return f"{self.scheme} {self.birth_year}: {self.divisor}"


class RetirementReason(models.TextChoices):
    AGE = "age", _("Retirement age")
    EARLY = "early", _("Early retirement")
    DISABILITY = "disability", _("Disability")
    OTHER = "other", _("Other")


class CaseStatus(models.TextChoices):
    NOTIFIED = "notified", _("Notified")
    CALCULATED = "calculated", _("Calculated")
    APPROVED = "approved", _("Approved")


class RetirementCase(PublicModel):
    """An employer's notice that a member retires, and the fund's case for it: the
    calculation's inputs (a snapshot), its result, and who approved the award when."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="retirement_cases")
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="retirement_cases")
    scheme = models.ForeignKey(PensionScheme, on_delete=models.PROTECT, related_name="cases", verbose_name=_("scheme"))
    retirement_date = models.DateField(_("retirement date"), validators=[validate_date_in_range])
    reason = models.CharField(_("reason"), max_length=12, choices=RetirementReason.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=CaseStatus.choices, default=CaseStatus.NOTIFIED)
    notified_at = models.DateTimeField(_("notified"), default=timezone.now)
    notified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # What the member data lacks (texts), as the last check found it; empty when complete.
    missing = models.JSONField(default=list, blank=True)
    inputs = models.JSONField(default=dict, blank=True)
    yearly_pension = models.DecimalField(_("yearly pension"), **MONEY, null=True, blank=True)
    monthly_pension = models.DecimalField(_("monthly payout"), **MONEY, null=True, blank=True)
    calculated_at = models.DateTimeField(_("calculated"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    payout_from = models.DateField(_("payouts from"), null=True, blank=True)  # a month's first day
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("retirement case")
        verbose_name_plural = _("retirement cases")
        ordering = ["-notified_at"]
        constraints = [
            models.UniqueConstraint(fields=["employee", "scheme"], name="pension_case_one_per_scheme"),
        ]
        indexes = [models.Index(fields=["organization", "status"], name="pension_case_status_idx")]
        permissions = [("approve_retirementcase", _("Can approve pension awards"))]

    def __str__(self):
        return f"{self.employee} {self.retirement_date}"

    @property
    def approved(self) -> bool:
        return self.status == CaseStatus.APPROVED


class PayoutRunStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class PayoutRun(PublicModel):
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="pension_payout_runs")
    period = models.DateField(_("period"), validators=[validate_date_in_range])
    status = models.CharField(_("status"), max_length=10, choices=PayoutRunStatus.choices, default=PayoutRunStatus.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pension payout run")
        verbose_name_plural = _("pension payout runs")
        ordering = ["-period"]
        constraints = [models.UniqueConstraint(fields=["organization", "period"], name="pension_payout_run_unique")]
        permissions = [("close_payoutrun", _("Can close pension payout runs"))]

    def __str__(self):
        return f"{self.organization} {self.period:%Y-%m}"

    @property
    def is_open(self) -> bool:
        return self.status == PayoutRunStatus.OPEN


class PayoutLine(PublicModel):
    """One month's pension of one pensioner, paid in a run (a late award's arrears are lines
    of earlier months in the run that first pays them)."""

    run = models.ForeignKey(PayoutRun, on_delete=models.PROTECT, related_name="lines")
    case = models.ForeignKey(RetirementCase, on_delete=models.PROTECT, related_name="payouts")
    month = models.DateField(_("month"))
    amount = models.DecimalField(_("amount"), **MONEY)

    class Meta:
        verbose_name = _("payout line")
        verbose_name_plural = _("payout lines")
        ordering = ["case", "month"]
        constraints = [models.UniqueConstraint(fields=["case", "month"], name="pension_payout_once_per_month")]
        indexes = [models.Index(fields=["run", "case"], name="pension_payout_run_idx")]

    def __str__(self):
        return f"{self.case} {self.month:%Y-%m}"
