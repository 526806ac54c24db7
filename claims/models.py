"""The claims portal: an organization's insurance claims by line, its policies, daily-allowance
statements, absences without cover, and the portal's rights.

Every claims right is a Django permission on Claim (default add/change/view permissions are
switched off on every model here, so the rights an administrator ticks are exactly the
portal's list). Personal-injury cases are visible per job function level; the level is the
employee's at filing and stays with the case.
"""

import os
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from hrsuite.dates import short_date
from hrsuite.models import Employee, JobFunctionLevel, Organization, PublicModel

MONEY = {"max_digits": 14, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}


class ClaimLine(models.TextChoices):
    ACCIDENT_OCCUPATIONAL = "accident_occupational", _("Occupational accident")
    ACCIDENT_NON_OCCUPATIONAL = "accident_non_occupational", _("Non-occupational accident")
    SICKNESS = "sickness", _("Sickness")
    MOTOR = "motor", _("Motor vehicle")
    PROPERTY = "property", _("Property")
    LIABILITY = "liability", _("Liability")
    CONSTRUCTION = "construction", _("Construction")
    GENERAL = "general", _("General")
    BUILDING = "building", _("Building")


PERSONAL_INJURY_LINES = frozenset(
    {ClaimLine.ACCIDENT_OCCUPATIONAL, ClaimLine.ACCIDENT_NON_OCCUPATIONAL, ClaimLine.SICKNESS}
)


class ClaimStatus(models.TextChoices):
    REPORTED = "reported", _("Reported")
    IN_REVIEW = "in_review", _("In review")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    CLOSED = "closed", pgettext_lazy("claim", "Closed")


# The workflow, in one place: from each status, the statuses a claim may move to.
TRANSITIONS: dict[str, frozenset[str]] = {
    ClaimStatus.REPORTED: frozenset({ClaimStatus.IN_REVIEW, ClaimStatus.REJECTED}),
    ClaimStatus.IN_REVIEW: frozenset({ClaimStatus.ACCEPTED, ClaimStatus.REJECTED}),
    ClaimStatus.ACCEPTED: frozenset({ClaimStatus.CLOSED}),
    ClaimStatus.REJECTED: frozenset({ClaimStatus.CLOSED, ClaimStatus.IN_REVIEW}),
    ClaimStatus.CLOSED: frozenset(),
}
OPEN_STATUSES = frozenset(set(ClaimStatus) - {ClaimStatus.CLOSED})


def level_right(level: str) -> str:
    return f"claims.personal_injury_{level}"


LINE_RIGHTS: dict[str, str] = {
    ClaimLine.MOTOR: "claims.motor_claims",
    ClaimLine.PROPERTY: "claims.property_claims",
    ClaimLine.LIABILITY: "claims.liability_claims",
    ClaimLine.CONSTRUCTION: "claims.construction_claims",
    ClaimLine.GENERAL: "claims.general_claims",
    ClaimLine.BUILDING: "claims.building_claims",
}

# The portal's rights, in the order the vendor lists them.
RIGHTS = [
    ("customer_administrator", _("Customer administrator (company data, users, company permissions, all claims)")),
    ("portal_user", _("User (needed for any access to the claims portal)")),
    ("api_user", _("API user (needed to log in to the claims portal)")),
    # One right per job function level: a personal-injury case is visible with its level's.
    ("personal_injury_staff", _("Personal-injury cases: staff")),
    ("personal_injury_skilled", _("Personal-injury cases: skilled workers")),
    ("personal_injury_middle_management", _("Personal-injury cases: middle management")),
    ("personal_injury_senior_management", _("Personal-injury cases: senior management")),
    ("personal_injury_trainee", _("Personal-injury cases: trainees and apprentices")),
    ("daily_allowance", _("Daily-allowance statements")),
    ("absences_without_cover", _("Absences without insurance cover")),
    ("motor_claims", _("Motor vehicle claims")),
    ("property_claims", _("Property claims")),
    ("liability_claims", _("Liability claims")),
    ("construction_claims", _("Construction claims")),
    ("general_claims", _("General claims")),
    ("building_claims", _("Building claims")),
    ("view_policies", _("View policies")),
    ("statistics", _("Statistics")),
    ("health_management_templates", _("Workplace health management templates")),
    ("employee_master_data_admin", _("Employee master data administrator (import)")),
    ("safety_officer_desk", _("Safety officer desk")),
    # Provider staff only: receives the quarterly list of the office's inactive internal users.
    ("location_administrator", _("Location administrator (provider office)")),
    # Provider staff only: finds the customers of every office, not only their own.
    ("cross_location_customer_search", _("Cross-location customer search (provider staff)")),
]


class PrivateStorage(FileSystemStorage):
    """Claim documents live outside the web root and outside MEDIA_ROOT: nothing serves them
    but the access-checked download view. The location is read at use, so tests can move it."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return getattr(settings, "CLAIMS_DOCUMENT_ROOT", None) or os.path.join(settings.BASE_DIR, "private", "claims")

    @property
    def location(self):
        return os.path.abspath(self.base_location)


private_storage = PrivateStorage()


class Policy(PublicModel):
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    line = models.CharField(_("line"), max_length=32, choices=ClaimLine.choices)
    insurer = models.CharField(_("insurer"), max_length=200)
    policy_number = models.CharField(_("policy number"), max_length=60)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    cover = models.TextField(_("cover"), blank=True)
    premium = models.DecimalField(_("annual premium"), **MONEY, help_text=_("In the organization's currency."))
    waiting_period_days = models.PositiveSmallIntegerField(
        _("waiting period (days)"), default=0, validators=[MaxValueValidator(730)]
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("policy")
        verbose_name_plural = _("policies")
        ordering = ["line", "insurer", "policy_number"]
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=["organization", "policy_number"], name="claims_policy_unique_number")
        ]
        indexes = [models.Index(fields=["organization", "line"], name="claims_policy_org_line_idx")]

    def __str__(self):
        return f"{self.insurer} {self.policy_number}"

    def clean(self):
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The policy cannot end before it starts.")})


class Claim(PublicModel):
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    line = models.CharField(_("line"), max_length=32, choices=ClaimLine.choices)
    policy = models.ForeignKey(
        Policy, on_delete=models.PROTECT, null=True, blank=True, related_name="claims", verbose_name=_("policy")
    )
    claim_number = models.CharField(
        _("insurer's claim number"), max_length=60, blank=True, help_text=_("Matches the insurer's statements.")
    )
    title = models.CharField(_("summary"), max_length=200)
    employee = models.ForeignKey(
        Employee, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("employee")
    )
    # The employee's level when the case was filed: it decides who sees the case, even if the
    # employee is promoted later.
    job_function_level = models.CharField(
        _("job function level"), max_length=24, choices=JobFunctionLevel.choices, blank=True
    )
    status = models.CharField(_("status"), max_length=16, choices=ClaimStatus.choices, default=ClaimStatus.REPORTED)
    occurred_on = models.DateField(_("date of loss"))
    reported_on = models.DateField(_("reported on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True, editable=False)
    # Days from report to closing, kept at closing so statistics average a plain integer.
    duration_days = models.PositiveIntegerField(null=True, blank=True, editable=False)
    place = models.CharField(_("place"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    estimated_amount = models.DecimalField(_("estimated amount"), **MONEY, default=Decimal("0"))
    paid_amount = models.DecimalField(_("paid amount"), **MONEY, default=Decimal("0"))
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("handler")
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        ordering = ["-reported_on", "-created_at"]
        default_permissions = ()
        permissions = RIGHTS
        indexes = [
            models.Index(fields=["organization", "line", "status"], name="claims_claim_org_line_idx"),
            models.Index(fields=["organization", "-reported_on", "-created_at"], name="claims_claim_org_reported_idx"),
            models.Index(fields=["organization", "status"], name="claims_claim_org_status_idx"),
            models.Index(fields=["handler"], name="claims_claim_handler_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "claim_number"],
                condition=~models.Q(claim_number=""),
                name="claims_claim_unique_number",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def is_personal_injury(self) -> bool:
        return self.line in PERSONAL_INJURY_LINES

    @property
    def allowed_statuses(self) -> list[str]:
        return [status for status in ClaimStatus if status in TRANSITIONS[self.status]]

    def clean(self):
        errors = {}
        if self.line in PERSONAL_INJURY_LINES and not self.employee_id:
            errors["employee"] = _("A personal-injury case names the injured or sick employee.")
        if self.employee_id and self.organization_id and self.employee.organization_id != self.organization_id:
            errors["employee"] = _("Choose an employee of this organization.")
        if self.policy_id and self.organization_id:
            if self.policy.organization_id != self.organization_id:
                errors["policy"] = _("Choose a policy of this organization.")
            elif self.policy.line != self.line:
                errors["policy"] = _("Choose a policy of the claim's line.")
        if self.occurred_on and self.reported_on and self.reported_on < self.occurred_on:
            errors["reported_on"] = _("A claim cannot be reported before the loss occurred.")
        if errors:
            raise ValidationError(errors)


class ActivityKind(models.TextChoices):
    NOTE = "note", _("Note")
    ACTIVITY = "activity", _("Activity")
    STATUS = "status", _("Status change")
    SAFETY_DESK = "safety_desk", _("Safety officer desk")


class ClaimActivity(PublicModel):
    """Notes, activities and status changes of a claim, append-only."""

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="activities")
    kind = models.CharField(_("kind"), max_length=16, choices=ActivityKind.choices, default=ActivityKind.NOTE)
    text = models.TextField(_("text"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    # The person the entry is addressed to (the safety officer for a safety-desk entry).
    addressed_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    from_status = models.CharField(max_length=16, choices=ClaimStatus.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=ClaimStatus.choices, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("claim activity")
        verbose_name_plural = _("claim activities")
        ordering = ["-at"]
        default_permissions = ()
        indexes = [models.Index(fields=["kind", "addressed_to", "-at"], name="claims_activity_desk_idx")]

    def __str__(self):
        return self.text[:80]


def claim_document_path(instance: "ClaimDocument", filename: str) -> str:
    # The stored name is random: a guessed path leads nowhere, and the original name is kept
    # on the row for the download.
    extension = os.path.splitext(filename)[1].lower()
    return f"{instance.claim.organization_id}/{instance.claim_id}/{uuid.uuid4().hex}{extension}"


class PrivateUpload(PublicModel):
    """A file kept in private storage with what the download needs: its original name and
    the content type read from its bytes. Subclasses declare `file` with their upload path."""

    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True


class ClaimDocument(PrivateUpload):
    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="documents")
    file = models.FileField(storage=private_storage, upload_to=claim_document_path, max_length=300)

    class Meta:
        verbose_name = _("claim document")
        verbose_name_plural = _("claim documents")
        ordering = ["-uploaded_at"]
        default_permissions = ()

    def __str__(self):
        return self.original_name


class DailyAllowanceStatement(PublicModel):
    """One month of daily allowance the insurer paid on a personal-injury case."""

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="allowance_statements")
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    days = models.DecimalField(_("days"), max_digits=5, decimal_places=2, validators=[MinValueValidator(Decimal("0"))])
    daily_rate = models.DecimalField(_("daily rate"), **MONEY)
    amount = models.DecimalField(_("amount"), **MONEY)
    imported_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("daily-allowance statement")
        verbose_name_plural = _("daily-allowance statements")
        ordering = ["claim", "-month"]
        default_permissions = ()
        constraints = [models.UniqueConstraint(fields=["claim", "month"], name="claims_allowance_unique_month")]


class AbsenceWithoutCover(PublicModel):
    """An inability to work inside the sickness waiting period, when no insurance pays yet."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="+", verbose_name=_("employee"))
    policy = models.ForeignKey(
        Policy, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("policy")
    )
    first_day = models.DateField(_("first day of absence"))
    waiting_period_days = models.PositiveSmallIntegerField(
        _("waiting period (days)"), validators=[MinValueValidator(1), MaxValueValidator(730)]
    )
    # Stored, not computed in queries: the nightly flagging is one indexed filter on any database.
    waiting_period_ends_on = models.DateField(editable=False)
    description = models.TextField(_("description"), blank=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("responsible user")
    )
    flagged_at = models.DateTimeField(null=True, blank=True, editable=False)
    converted_to = models.OneToOneField(
        Claim, on_delete=models.PROTECT, null=True, blank=True, related_name="converted_from", editable=False
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("absence without cover")
        verbose_name_plural = _("absences without cover")
        ordering = ["-first_day"]
        default_permissions = ()
        indexes = [
            models.Index(fields=["organization", "-first_day"], name="claims_absence_org_day_idx"),
            models.Index(fields=["waiting_period_ends_on", "flagged_at"], name="claims_absence_due_idx"),
        ]

    def __str__(self):
        return f"{self.employee} {short_date(self.first_day)}"

    @cached_property
    def waiting_period_reached(self) -> bool:
        return self.waiting_period_ends_on <= self.organization.today()


class ClaimsSettings(models.Model):
    """The organization's claims-portal master data: the safety officer desk."""

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, primary_key=True, related_name="claims_settings"
    )
    safety_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("safety officer"),
        help_text=_("Receives an activity entry for every occupational accident claim."),
    )
    hide_injured_name = models.BooleanField(_("hide the injured person's name from the safety officer"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("claims settings")
        verbose_name_plural = _("claims settings")
        default_permissions = ()

    def __str__(self):
        return str(self.organization)


class InactiveUserNotice(models.Model):
    """The quarter's inactive-user e-mail went to this recipient: a rerun sends nothing."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    quarter = models.CharField(max_length=7)  # "2026-Q4"
    sent_at = models.DateTimeField(default=timezone.now)
    # Whose inactive users the e-mail lists ({"organizations": [id], "offices": [id]}), so the
    # mail job composes it by id alone; mailed_at marks it sent (a rerun sends nothing).
    report = models.JSONField(default=dict)
    mailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=["recipient", "quarter"], name="claims_inactive_notice_once_per_quarter")
        ]

    def __str__(self):
        return f"{self.recipient} {self.quarter}"


class TermsAcceptance(models.Model):
    """A user accepted a version of the portal's terms of use (claims/terms.py)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.CharField(_("version"), max_length=20)
    accepted_at = models.DateTimeField(_("accepted at"), default=timezone.now)

    class Meta:
        verbose_name = _("terms of use acceptance")
        verbose_name_plural = _("terms of use acceptances")
        default_permissions = ()
        constraints = [models.UniqueConstraint(fields=["user", "version"], name="claims_terms_accepted_once")]

    def __str__(self):
        return f"{self.user} {self.version}"


def health_template_path(instance: "HealthTemplate", filename: str) -> str:
    extension = os.path.splitext(filename)[1].lower()
    return f"{instance.organization_id}/health-templates/{uuid.uuid4().hex}{extension}"


class HealthTemplate(PrivateUpload):
    """A workplace health management template the organization keeps for its managers, stored
    like claim documents: outside the web root, served only by the access-checked view."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    file = models.FileField(storage=private_storage, upload_to=health_template_path, max_length=300)

    class Meta:
        verbose_name = _("health management template")
        verbose_name_plural = _("health management templates")
        ordering = ["name", "-uploaded_at"]
        default_permissions = ()

    def __str__(self):
        return self.name
