"""Insurances and other benefits, defined once on the organization and linked to employees.

A link has a period: valid_from and valid_to (inclusive; empty while it runs). Removing an
employee ends the link instead of erasing it, so "who was covered on date D" stays answerable.
"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from hrsuite.dates import short_date
from hrsuite.models import Employee, Organization, PublicModel

ENDING_SOON_DAYS = 30


class BenefitStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("benefit", "Starts later")
    ACTIVE = "active", _("Active")
    ENDING = "ending", _("Ending soon")
    ENDED = "ended", pgettext_lazy("benefit", "Ended")


class BenefitBase(PublicModel):
    """What insurances and other benefits share: an organization, a name and a period."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True, help_text=_("Leave empty if open-ended."))

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date cannot be before the start date.")})

    def runs_on(self, day: date) -> bool:
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)

    def status_on(self, day: date) -> str:
        if self.start_date > day:
            return BenefitStatus.PLANNED
        if self.end_date is not None and self.end_date < day:
            return BenefitStatus.ENDED
        if self.end_date is not None and (self.end_date - day).days <= ENDING_SOON_DAYS:
            return BenefitStatus.ENDING
        return BenefitStatus.ACTIVE


class Insurance(BenefitBase):
    contact_person = models.CharField(_("contact person"), max_length=200, blank=True)
    agreement_number = models.CharField(_("agreement number"), max_length=60, blank=True)
    deductible = models.DecimalField(
        _("deductible"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("In the organization's currency."),
    )
    coverage = models.TextField(_("coverage"), blank=True)
    helpline = models.CharField(_("helpline"), max_length=120, blank=True)
    terms_url = models.URLField(_("terms or documentation"), blank=True)
    # The end date the "ends within 30 days" reminder went out for: a rerun sends nothing,
    # a later change of the end date earns a new reminder.
    end_reminder_sent_for = models.DateField(null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["end_reminder_sent_for"])

    class Meta(BenefitBase.Meta):
        verbose_name = _("insurance")
        verbose_name_plural = _("insurances")
        indexes = [models.Index(fields=["organization", "name"], name="insurance_org_name_idx")]


class OtherBenefit(BenefitBase):
    class Kind(models.TextChoices):
        PHONE = "phone", _("Phone subscription")
        BROADBAND = "broadband", _("Broadband")
        GYM = "gym", _("Gym and training")
        OTHER = "other", _("Other perk")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.OTHER)
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    monthly_cost = models.DecimalField(
        _("monthly cost"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("What the employer pays per employee and month."),
    )
    taxable = models.BooleanField(_("taxable benefit"), default=False)
    history = HistoricalRecords()

    class Meta(BenefitBase.Meta):
        verbose_name = _("other benefit")
        verbose_name_plural = _("other benefits")
        indexes = [models.Index(fields=["organization", "name"], name="otherbenefit_org_name_idx")]


class LinkQuerySet(models.QuerySet):
    def covering(self, day: date):
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day), valid_from__lte=day)


class LinkBase(PublicModel):
    """An employee covered by a benefit from valid_from to valid_to (inclusive)."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="+", verbose_name=_("employee"))
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("to"), null=True, blank=True)

    objects = LinkQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-valid_from"]

    def __str__(self):
        return f"{self.benefit}: {self.employee.full_name}"

    @property
    def is_open(self) -> bool:
        return self.valid_to is None

    def covers(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or self.valid_to >= day)

    def clean(self):
        """The link must lie inside both the benefit's period and the employment."""
        if self.valid_from is None:
            return
        errors = []
        if self.valid_to is not None and self.valid_to < self.valid_from:
            errors.append(_("The link cannot end before it starts."))
        errors += self.benefit_problems(self.benefit, self.valid_from)
        errors += self.employment_problems(self.employee, self.valid_from)
        if errors:
            raise ValidationError({"valid_from": errors})

    @staticmethod
    def benefit_problems(benefit, start: date) -> list[str]:
        """Why no link to benefit can start on start: the same for every employee."""
        problems = []
        if start < benefit.start_date:
            problems.append(
                _("%(benefit)s starts on %(date)s; the link cannot start before that.")
                % {"benefit": benefit.name, "date": short_date(benefit.start_date)}
            )
        if benefit.end_date is not None and start > benefit.end_date:
            problems.append(
                _("%(benefit)s ended on %(date)s; the link cannot start after that.")
                % {"benefit": benefit.name, "date": short_date(benefit.end_date)}
            )
        return problems

    @staticmethod
    def employment_problems(employee, start: date) -> list[str]:
        """Why this employee cannot be covered from start (a future starter, a leaver)."""
        problems = []
        if start < employee.employment_start:
            problems.append(
                _("%(name)s is employed from %(date)s; the link cannot start before that.")
                % {"name": employee.full_name, "date": short_date(employee.employment_start)}
            )
        if employee.employment_end is not None and start > employee.employment_end:
            problems.append(
                _("The employment of %(name)s ended on %(date)s; the link cannot start after that.")
                % {"name": employee.full_name, "date": short_date(employee.employment_end)}
            )
        return problems


def _link_meta(prefix: str, benefit_field: str):
    """Indexes and constraints shared by both link tables, named per table."""
    return {
        "indexes": [
            models.Index(fields=["organization", benefit_field, "valid_from"], name=f"{prefix}_org_benefit_idx"),
            models.Index(fields=["employee", "valid_from"], name=f"{prefix}_employee_idx"),
            models.Index(fields=[benefit_field, "valid_to"], name=f"{prefix}_benefit_to_idx"),
        ],
        "constraints": [
            # One running link per employee and benefit: linking twice is idempotent.
            models.UniqueConstraint(
                fields=[benefit_field, "employee"], condition=Q(valid_to__isnull=True), name=f"{prefix}_one_open"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")), name=f"{prefix}_period"
            ),
        ],
    }


class InsuranceLink(LinkBase):
    benefit = models.ForeignKey(Insurance, on_delete=models.PROTECT, related_name="links", verbose_name=_("insurance"))
    history = HistoricalRecords()

    class Meta(LinkBase.Meta):
        verbose_name = _("insured employee")
        verbose_name_plural = _("insured employees")
        indexes = _link_meta("inslink", "benefit")["indexes"]
        constraints = _link_meta("inslink", "benefit")["constraints"]


class OtherBenefitLink(LinkBase):
    benefit = models.ForeignKey(
        OtherBenefit, on_delete=models.PROTECT, related_name="links", verbose_name=_("other benefit")
    )
    history = HistoricalRecords()

    class Meta(LinkBase.Meta):
        verbose_name = _("employee with benefit")
        verbose_name_plural = _("employees with benefit")
        indexes = _link_meta("benlink", "benefit")["indexes"]
        constraints = _link_meta("benlink", "benefit")["constraints"]
