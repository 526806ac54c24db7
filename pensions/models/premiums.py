"""Premium rates, premiums, invoices, payments and the annual settlement.

Rates are dated data (in force from valid_from until the next row of the same fund). A
period's premium is computed once, from the report accepted for it; a later correction of
that report is settled in the annual settlement, which recomputes the year from the reports
in force and invoices (or credits) the difference, so a year without corrections settles at
zero and a rerun issues nothing new.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hrsuite.models import Employee, Office, Organization, PublicModel
from hrsuite.validation import validate_date_in_range

from .members import SalaryReport

__all__ = ["AnnualSettlement", "Invoice", "InvoiceKind", "InvoiceLine", "Payment", "PremiumRate"]

PERCENT = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


class PremiumRate(PublicModel):
    """The fund's premium rates from a date: the employer's share and the member's contribution,
    each a percentage of the pensionable salary."""

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="pension_premium_rates")
    valid_from = models.DateField(_("valid from"), validators=[validate_date_in_range])
    employer_rate = models.DecimalField(_("employer share (%)"), max_digits=6, decimal_places=3, validators=PERCENT)
    member_rate = models.DecimalField(_("member contribution (%)"), max_digits=6, decimal_places=3, validators=PERCENT)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("premium rate")
        verbose_name_plural = _("premium rates")
        ordering = ["-valid_from"]
        constraints = [models.UniqueConstraint(fields=["office", "valid_from"], name="pension_rate_unique_from")]

    def __str__(self):
        return f"{self.valid_from}: {self.employer_rate} % + {self.member_rate} %"


class InvoiceKind(models.TextChoices):
    PREMIUM = "premium", _("Premium invoice")
    SETTLEMENT = "settlement", _("Settlement invoice")
    CREDIT_NOTE = "credit_note", _("Credit note")


class Invoice(PublicModel):
    """A premium invoice for one period, or a settlement invoice / credit note for one year.
    Amounts are positive on invoices and negative on credit notes."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="pension_invoices")
    kind = models.CharField(_("kind"), max_length=12, choices=InvoiceKind.choices)
    number = models.CharField(_("invoice number"), max_length=20, unique=True)
    # The payment reference the employer quotes; payments are matched by it.
    reference = models.CharField(_("payment reference"), max_length=25, unique=True)
    period = models.DateField(_("period"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    report = models.ForeignKey(SalaryReport, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    employer_amount = models.DecimalField(_("employer share"), max_digits=16, decimal_places=2)
    member_amount = models.DecimalField(_("member contribution"), max_digits=16, decimal_places=2)
    total = models.DecimalField(_("total"), max_digits=16, decimal_places=2)
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    due_date = models.DateField(_("due"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["-issued_at", "-number"]
        constraints = [
            # One premium invoice per employer and period, whatever reruns.
            models.UniqueConstraint(
                fields=["organization", "period"], condition=Q(kind="premium"), name="pension_invoice_one_per_period"
            )
        ]

    def __str__(self):
        return self.number


class InvoiceLine(models.Model):
    """One member's premium on an invoice."""

    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="+")
    pensionable_salary = models.DecimalField(_("pensionable salary"), max_digits=14, decimal_places=2)
    employer_amount = models.DecimalField(_("employer share"), max_digits=14, decimal_places=2)
    member_amount = models.DecimalField(_("member contribution"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"{self.invoice} {self.employee_id}"


class Payment(PublicModel):
    """Money received from an employer. Matched to the invoice whose reference it quotes;
    an unknown reference stays unmatched until staff match it by hand."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="pension_payments")
    invoice = models.ForeignKey(
        Invoice, on_delete=models.PROTECT, null=True, blank=True, related_name="payments", verbose_name=_("invoice")
    )
    reference = models.CharField(_("payment reference"), max_length=25)
    amount = models.DecimalField(
        _("amount"), max_digits=16, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    paid_on = models.DateField(_("paid on"), validators=[validate_date_in_range])
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    registered_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-paid_on", "-registered_at"]

    def __str__(self):
        return f"{self.reference} {self.amount}"


class AnnualSettlement(PublicModel):
    """A year recomputed from final data against what its invoices charged."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="pension_settlements")
    year = models.PositiveSmallIntegerField(_("year"))
    recomputed = models.DecimalField(_("premium from final data"), max_digits=16, decimal_places=2)
    invoiced = models.DecimalField(_("invoiced before"), max_digits=16, decimal_places=2)
    difference = models.DecimalField(_("difference"), max_digits=16, decimal_places=2)
    invoice = models.OneToOneField(Invoice, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    settled_at = models.DateTimeField(default=timezone.now)
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("annual settlement")
        verbose_name_plural = _("annual settlements")
        ordering = ["-year", "-settled_at"]

    def __str__(self):
        return f"{self.organization} {self.year}"
