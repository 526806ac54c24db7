"""Writes of self-service data. Keyword-only, atomic, validated with full_clean()."""

from collections.abc import Iterable
from datetime import date

from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hrsuite.audit import audit_record
from hrsuite.mail import mail_on_commit
from hrsuite.models import AuditAction, Employee, Organization, User
from hrsuite.modules import module_is_on
from hrsuite.services import module_switch, personal_details_changes, personal_details_set
from selfservice import selectors
from selfservice.models import (
    CHANGEABLE,
    Addendum,
    ChangeRequest,
    Invitation,
    OrganizationProduct,
    Product,
    ProductKind,
    Subscription,
    TierChange,
)
from selfservice.selectors import MODULE
from selfservice.tiers import Missing, missing_requirements, tier_for

# The history's reason for an approved request (English, translated where it is shown).
CHANGE_REASON = gettext_noop("Self-service change request approved")
INVITATION_SALT = "selfservice.invitation"
INVITATION_MAX_AGE = 7 * 24 * 3600  # seconds a link stays valid


class MissingRequirements(ValidationError):
    """Features were ticked without the supporting products they need. Nothing was saved."""

    def __init__(self, missing: list[Missing]):
        self.missing = missing
        super().__init__(
            [
                _("%(feature)s needs %(products)s.")
                % {
                    "feature": _(item.feature.name),
                    "products": _(" or ").join(_(product.name) for product in item.any_of),
                }
                for item in missing
            ]
        )


# --- Addendum, activation and products -----------------------------------------------------


@transaction.atomic
def addendum_record(
    *, organization: Organization, signed_on: date, signed_by: str, confirmation_reference: str, actor: User
) -> Addendum:
    addendum = Addendum.objects.filter(organization=organization).first() or Addendum(organization=organization)
    addendum.signed_on = signed_on
    addendum.signed_by = signed_by.strip()
    addendum.confirmation_reference = confirmation_reference.strip()
    addendum.recorded_by = actor
    addendum.recorded_at = timezone.now()
    if signed_on > organization.today():
        raise ValidationError({"signed_on": _("The addendum cannot be signed in the future.")})
    addendum.full_clean()
    addendum._history_user = actor
    addendum.save()
    return addendum


def _locked_subscription(organization: Organization) -> Subscription:
    Subscription.objects.get_or_create(organization=organization)
    return Subscription.objects.select_for_update().get(organization=organization)


def _record_tier(subscription: Subscription, tier, actor: User | None, features: Iterable[str]) -> None:
    if subscription.tier == tier:
        return
    TierChange.objects.create(
        organization=subscription.organization,
        changed_by=actor,
        from_tier=subscription.tier,
        to_tier=tier,
        features=sorted(features),
    )
    subscription.tier = tier


def _ticked_features(organization: Organization) -> list[Product]:
    return list(
        Product.objects.filter(
            kind=ProductKind.FEATURE,
            id__in=OrganizationProduct.objects.filter(organization=organization, enabled=True).values("product_id"),
        )
    )


def addendum_required(organization: Organization) -> None:
    """Self-service's precondition for being switched on (hrsuite.services.module_switch)."""
    if not Addendum.objects.filter(organization=organization).exists():
        raise ValidationError(
            _("Self-service can only be activated once the client's signed addendum has been recorded.")
        )


def selfservice_switched(*, organization: Organization, enabled: bool, actor: User | None) -> None:
    """Runs inside the core's module switch: the tier follows the switch, with its history.
    Switching off keeps the ticked products for a later reactivation."""
    subscription = _locked_subscription(organization)
    if enabled:
        features = _ticked_features(organization)
        _record_tier(subscription, tier_for(features), actor, [f.code for f in features])
        subscription.activated_at = timezone.now()
    else:
        _record_tier(subscription, None, actor, [])
    subscription.full_clean()
    subscription._history_user = actor
    subscription.save()


@transaction.atomic
def selfservice_activate(*, organization: Organization, actor: User) -> Subscription:
    """Switch Self-service on. Refused, changing nothing, until the addendum is recorded."""
    module_switch(organization=organization, key=MODULE, enabled=True, actor=actor)
    return _locked_subscription(organization)


@transaction.atomic
def selfservice_deactivate(*, organization: Organization, actor: User) -> Subscription:
    """Switch Self-service off. The ticked products are kept for a later reactivation."""
    module_switch(organization=organization, key=MODULE, enabled=False, actor=actor)
    return _locked_subscription(organization)


def selection_preview(*, codes: Iterable[str], products: list[Product]) -> dict:
    """Tier and missing requirements of a selection of product codes, without saving."""
    codes = set(codes)
    selected = [p for p in products if p.code in codes and p.kind != ProductKind.BASE and not p.included]
    features = [p for p in selected if p.kind == ProductKind.FEATURE]
    return {"tier": tier_for(features), "missing": missing_requirements(selected), "selected": selected}


@transaction.atomic
def products_save(*, organization: Organization, codes: Iterable[str], actor: User) -> Subscription:
    """Switch on exactly the given features and supporting products; derive the tier.

    Refused (MissingRequirements, nothing saved) when a feature lacks a supporting product.
    """
    subscription = _locked_subscription(organization)
    if not module_is_on(organization, MODULE):
        raise ValidationError(_("Activate Self-service before choosing its features."))
    preview = selection_preview(codes=codes, products=selectors.catalog())
    if preview["missing"]:
        raise MissingRequirements(preview["missing"])
    wanted = {product.id: product for product in preview["selected"]}
    rows = {row.product_id: row for row in OrganizationProduct.objects.filter(organization=organization)}
    for product_id in wanted.keys() - rows.keys():
        row = OrganizationProduct(organization=organization, product_id=product_id, enabled=True)
        row._history_user = actor
        row.save()
    for product_id, row in rows.items():
        if row.enabled != (product_id in wanted):
            row.enabled = product_id in wanted
            row._history_user = actor
            row.save(update_fields=["enabled"])
    feature_codes = [p.code for p in preview["selected"] if p.kind == ProductKind.FEATURE]
    _record_tier(subscription, preview["tier"], actor, feature_codes)
    subscription._history_user = actor
    subscription.save()
    return subscription


# --- Invitations ----------------------------------------------------------------------------


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps(str(invitation.id), salt=INVITATION_SALT, compress=True)


def invitation_from_token(token: str) -> Invitation | None:
    """The open invitation a link names, or None when it is forged, expired, used or replaced."""
    try:
        invitation_id = signing.loads(token, salt=INVITATION_SALT, max_age=INVITATION_MAX_AGE)
    except signing.BadSignature:
        return None
    invitation = (
        Invitation.objects.filter(id=invitation_id, accepted_at__isnull=True)
        .select_related("employee", "employee__organization")
        .first()
    )
    if invitation is None or invitation.employee.user_id is not None:
        return None
    employee = invitation.employee
    if employee.employment_end is not None and employee.employment_end < employee.organization.today():
        return None  # the employment ended after the invitation was sent
    newest = selectors.latest_invitation(employee=invitation.employee)
    return invitation if newest.id == invitation.id else None


@transaction.atomic
def invitation_create(*, employee: Employee, actor: User, email: str = "") -> Invitation:
    """Invite the employee; the e-mail with the one-time link is sent after commit."""
    from selfservice.mails import invitation as invitation_mail

    if employee.user_id is not None:
        raise ValidationError(_("%(name)s already has a self-service login.") % {"name": employee.full_name})
    email = (email or employee.email).strip().lower()
    if not email:
        raise ValidationError(_("%(name)s has no e-mail address to invite.") % {"name": employee.full_name})
    invitation = Invitation(employee=employee, email=email, invited_by=actor)
    invitation.full_clean()
    invitation.save()
    audit_record(action=AuditAction.USER_INVITED, actor=actor, organization=employee.organization, subject=employee)
    mail_on_commit(invitation_mail, invitation_id=invitation.id)
    return invitation


@transaction.atomic
def invitations_create(*, employees: Iterable[Employee], actor: User) -> tuple[list[Invitation], list[str]]:
    """Invite several employees; those who cannot be invited are named, the rest invited."""
    invited, skipped = [], []
    for employee in employees:
        try:
            invited.append(invitation_create(employee=employee, actor=actor))
        except ValidationError as refused:
            skipped.extend(refused.messages)
    return invited, skipped


@transaction.atomic
def invitation_accept(*, invitation: Invitation, email: str, password: str) -> User:
    """Create the employee's login with the e-mail they register with, and close the link."""
    invitation = Invitation.objects.select_for_update().select_related("employee").get(pk=invitation.pk)
    employee = Employee.objects.select_for_update().get(pk=invitation.employee_id)
    if invitation.accepted_at is not None or employee.user_id is not None:
        raise ValidationError(_("This invitation has already been used."))
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("This e-mail address is already in use. Choose another one.")})
    user = User(email=email, full_name=employee.full_name)
    try:
        validate_password(password, user)
    except ValidationError as weak:
        raise ValidationError({"password1": weak.messages}) from weak
    user.set_password(password)
    user.full_clean()
    user.save()
    employee.user = user
    employee.save(update_fields=["user"])
    invitation.accepted_at = timezone.now()
    invitation.registered_email = email
    invitation.save(update_fields=["accepted_at", "registered_email"])
    audit_record(
        action=AuditAction.INVITATION_ACCEPTED, actor=user, organization=invitation.employee.organization, subject=user
    )
    return user


# --- Personal data change requests ----------------------------------------------------------


@transaction.atomic
def change_request_submit(*, employee: Employee, values: dict) -> ChangeRequest:
    """Ask for the values that differ from the current details, checked exactly like HR's
    form. Refused: nothing changed, or a field that already has a request waiting for HR."""
    # Locked, so two submits at once cannot both pass the one-pending-per-field check.
    employee = Employee.objects.select_for_update().get(pk=employee.pk)
    values = {name: values[name] for name in CHANGEABLE if name in values}
    changes = personal_details_changes(employee=employee, values=values)
    if not changes:
        raise ValidationError(_("You have not changed anything."))
    waiting = selectors.pending_fields(employee=employee)
    clashes = {
        name: _("You already asked to change this on %(date)s; withdraw that request or wait for HR's decision.")
        % {"date": date_format(timezone.localtime(waiting[name].submitted_at), "SHORT_DATE_FORMAT")}
        for name in changes
        if name in waiting
    }
    if clashes:
        raise ValidationError(clashes)
    change_request = ChangeRequest(employee=employee, changes=changes)
    change_request.full_clean()
    change_request.save()
    return change_request


def _lock_for_decision(change_request: ChangeRequest, outcome: str) -> tuple[ChangeRequest, bool]:
    """Lock the request. Returns it and whether it already has this outcome (then a rerun
    changes nothing); any other earlier decision is refused."""
    change_request = ChangeRequest.objects.select_for_update().select_related("employee").get(pk=change_request.pk)
    if change_request.status == outcome:
        return change_request, True
    if change_request.status != ChangeRequest.Status.PENDING:
        raise ValidationError(
            _("This request was already decided: %(status)s.") % {"status": change_request.get_status_display()}
        )
    return change_request, False


@transaction.atomic
def change_request_approve(*, change_request: ChangeRequest, actor: User) -> ChangeRequest:
    """Apply the requested values with history. Approving twice applies once."""
    change_request, done = _lock_for_decision(change_request, ChangeRequest.Status.APPROVED)
    if done:
        return change_request
    # Checked again as it is written: the rules or the record may have changed meanwhile.
    change_request.previous = personal_details_set(
        employee=change_request.employee,
        values=change_request.changes,
        actor=actor,
        reason=CHANGE_REASON,
    )
    return _decide(change_request, ChangeRequest.Status.APPROVED, actor, "")


@transaction.atomic
def change_request_reject(*, change_request: ChangeRequest, actor: User, note: str = "") -> ChangeRequest:
    change_request, done = _lock_for_decision(change_request, ChangeRequest.Status.REJECTED)
    return change_request if done else _decide(change_request, ChangeRequest.Status.REJECTED, actor, note)


@transaction.atomic
def change_request_withdraw(*, change_request: ChangeRequest, actor: User) -> ChangeRequest:
    change_request = ChangeRequest.objects.select_for_update().get(pk=change_request.pk)
    if change_request.status != ChangeRequest.Status.PENDING:
        raise ValidationError(_("Only a request that is still waiting can be withdrawn."))
    return _decide(change_request, ChangeRequest.Status.WITHDRAWN, actor, "")


def _decide(change_request: ChangeRequest, status: str, actor: User, note: str) -> ChangeRequest:
    change_request.status = status
    change_request.decided_by = actor
    change_request.decided_at = timezone.now()
    change_request.decision_note = note.strip()
    change_request.full_clean()
    change_request._history_user = actor
    change_request.save()
    return change_request
