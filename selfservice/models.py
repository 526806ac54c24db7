"""Self-service products, the derived Start/Plus/Pro tier, invitations and personal data.

The product catalog is data (rows loaded by a data migration), not code branches: a feature
carries its tier, and its requirements name the supporting products it needs. The tier of an
organization is derived from the features it has on (see selfservice/tiers.py) and every
change of it is kept as a TierChange row with who and when.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hrsuite.models import PERSONAL_DETAIL_FIELDS, Employee, Organization, PublicModel

# What an employee may ask to change: the contact and payment details the core keeps.
CHANGEABLE = PERSONAL_DETAIL_FIELDS
# Changes HR double-checks before approving: paying salary into a new account is the
# classic fraud after a stolen login ("unusual" flags on the decision page).
SENSITIVE_CHANGES = ("bank_account", "bic")


class Tier(models.IntegerChoices):
    """Ordered: the tier of a selection is the highest tier among its features."""

    START = 1, _("Start")
    PLUS = 2, _("Plus")
    PRO = 3, _("Pro")


class ProductKind(models.TextChoices):
    BASE = "base", _("Base product")
    FEATURE = "feature", _("HR feature")
    SUPPORTING = "supporting", _("Supporting product")


class Product(PublicModel):
    """One row of the catalog. Names are English source strings, translated when shown."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.CharField(_("description"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=ProductKind.choices)
    tier = models.PositiveSmallIntegerField(_("tier"), choices=Tier.choices, null=True, blank=True)
    included = models.BooleanField(
        _("always included"), default=False, help_text=_("Part of every tier; cannot be switched off.")
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("self-service product")
        verbose_name_plural = _("self-service products")
        ordering = ["kind", "tier", "order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="feature", tier__isnull=False) | (~Q(kind="feature") & Q(tier__isnull=True)),
                name="product_tier_only_on_features",
            )
        ]
        permissions = [
            ("manage_products", _("Manage self-service products of client organizations")),
            ("view_selfservice_email", _("View self-service e-mail address")),
            ("view_personal_details", _("View employees' address, phone, bank account and emergency contact")),
            ("invite_employees", _("Invite employees to self-service")),
            ("review_change_requests", _("Approve or reject personal-data change requests")),
        ]

    def __str__(self):
        return self.name


class Requirement(models.Model):
    """A feature needs one of these supporting products (e.g. a dossier: Lite or Extended)."""

    feature = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="requirements", limit_choices_to={"kind": "feature"}
    )
    any_of = models.ManyToManyField(Product, related_name="required_by", limit_choices_to={"kind": "supporting"})

    class Meta:
        verbose_name = _("feature requirement")
        verbose_name_plural = _("feature requirements")

    def __str__(self):
        return f"{self.feature}: {' / '.join(str(p) for p in self.any_of.all())}"


class Addendum(PublicModel):
    """The client's signed addendum: without it Self-service cannot be activated."""

    organization = models.OneToOneField(Organization, on_delete=models.PROTECT, related_name="selfservice_addendum")
    signed_on = models.DateField(_("signed on"))
    signed_by = models.CharField(_("signed by"), max_length=200, help_text=_("Name of the client's signatory."))
    confirmation_reference = models.CharField(
        _("confirmation reference"), max_length=100, help_text=_("Ticket or reference of the confirmation.")
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("self-service addendum")
        verbose_name_plural = _("self-service addenda")

    def __str__(self):
        return f"{self.organization}: {self.confirmation_reference}"


class Subscription(PublicModel):
    """Self-service of one organization: its derived tier and when it was last activated.
    Whether it is active is the core's module switch (key "selfservice"), like every module."""

    organization = models.OneToOneField(Organization, on_delete=models.PROTECT, related_name="selfservice")
    activated_at = models.DateTimeField(_("activated"), null=True, blank=True)
    tier = models.PositiveSmallIntegerField(_("tier"), choices=Tier.choices, null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("self-service subscription")
        verbose_name_plural = _("self-service subscriptions")

    def __str__(self):
        return f"{self.organization}: {self.get_tier_display() or '-'}"


class OrganizationProduct(models.Model):
    """A catalog product switched on (or, later, off again) for an organization."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="selfservice_products")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="+")
    enabled = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organization product")
        verbose_name_plural = _("organization products")
        constraints = [models.UniqueConstraint(fields=["organization", "product"], name="organization_product_unique")]

    def __str__(self):
        return f"{self.organization}: {self.product} ({'on' if self.enabled else 'off'})"


class TierChange(models.Model):
    """Every change of an organization's tier, with who, when and the features that made it."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="selfservice_tier_changes")
    at = models.DateTimeField(_("when"), default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    from_tier = models.PositiveSmallIntegerField(_("from"), choices=Tier.choices, null=True, blank=True)
    to_tier = models.PositiveSmallIntegerField(_("to"), choices=Tier.choices, null=True, blank=True)
    features = models.JSONField(_("features"), default=list, blank=True)

    class Meta:
        verbose_name = _("tier change")
        verbose_name_plural = _("tier changes")
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.organization}: {self.from_tier} -> {self.to_tier}"


class Invitation(PublicModel):
    """An invitation to self-service. The link is one-time: accepting it closes it."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="selfservice_invitations")
    email = models.EmailField(_("sent to"))
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    invited_at = models.DateTimeField(_("invited"), default=timezone.now)
    sent_at = models.DateTimeField(_("e-mail sent"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("registered"), null=True, blank=True)
    registered_email = models.EmailField(_("registered e-mail address"), blank=True)

    class Meta:
        verbose_name = _("self-service invitation")
        verbose_name_plural = _("self-service invitations")
        ordering = ["-invited_at"]

    def __str__(self):
        return f"{self.employee} ({self.invited_at:%Y-%m-%d})"


class ChangeRequest(PublicModel):
    """A change of personal data the employee asked for; HR approves or rejects it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="selfservice_change_requests")
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    changes = models.JSONField(_("requested values"), default=dict)
    previous = models.JSONField(_("values before"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("personal-data change request")
        verbose_name_plural = _("personal-data change requests")
        ordering = ["-submitted_at"]
        indexes = [models.Index(fields=["status", "submitted_at"], name="changerequest_status_idx")]

    def __str__(self):
        return f"{self.employee}: {', '.join(self.changes)}"

    def rows(self) -> list[dict]:
        """Field label, value before and requested value, in the form's order."""
        previous = self.previous or {}
        current = getattr(self, "current_values", {}) or {}
        return [
            {
                "name": name,
                "label": Employee._meta.get_field(name).verbose_name,
                "old": previous.get(name, current.get(name, "")),
                "new": self.changes[name],
                "sensitive": name in SENSITIVE_CHANGES,
            }
            for name in CHANGEABLE
            if name in self.changes
        ]
