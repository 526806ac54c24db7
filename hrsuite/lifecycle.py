"""A user's life in the core: invite, accept, deactivate (with a handover), reactivate.

Each step is an audited, atomic service. Nothing here deletes a user: a login that has been
used keeps its history; closing it is deactivation. Domain apps join in through
`register_handover`: an app that lets users own things (claims, open cases) says whether a
user owns anything that needs a successor and moves it when the user is deactivated, in
the same transaction.

A closed login is refused at the login form with a message saying why, never the
wrong-password message, and the attempt is an audit event. ModelBackend would reject an
inactive user before the form can tell them apart from a wrong password, so LoginBackend
lets a correct password of an inactive user through authenticate() only; LoginForm
(forms.py) then refuses it. get_user() still refuses inactive users, so a deactivated
user's open sessions end at their next request. Wrong passwords still reach axes as
failures, so the lockout counts exactly as before. Apps add reasons of their own with
`register_login_check`.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from hrsuite import grants
from hrsuite.access import rights_for
from hrsuite.audit import audit_record
from hrsuite.mail import Mail, composer, mail_on_commit, site_url
from hrsuite.models import AuditAction, AuditEvent, CompanyAccess, Employee, Organization, User

DEACTIVATE_RIGHT = "hrsuite.deactivate_user"


# --- Invite and accept ----------------------------------------------------------------------


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """One-time: the token hashes the password, so it expires once a password is chosen.
    Its own salt keeps invitation and password-reset links apart."""

    key_salt = "hrsuite.lifecycle.InvitationTokenGenerator"


invitation_tokens = InvitationTokenGenerator()


@transaction.atomic
def member_invite(
    *, organization: Organization, email: str, full_name: str, rights: list[str], actor: User, request=None
) -> CompanyAccess:
    """Give a person access to the organization; a new person gets a one-time link by e-mail
    to choose a password. Rights beyond the actor's own are refused and nothing is created."""
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if created:
        user = User(email=email.strip().lower(), full_name=full_name.strip())
        user.set_unusable_password()
        user.full_clean()
        user.save()
    access = grants.company_access_grant(
        user=user, organization=organization, rights=rights, actor=actor, request=request
    )
    if created:
        audit_record(
            action=AuditAction.USER_INVITED, actor=actor, request=request, organization=organization, subject=user
        )
        mail_on_commit(invitation_mail, user_id=user.pk, organization_id=organization.pk)
    return access


@composer
def invitation_mail(*, user_id: str, organization_id: str) -> Mail | None:
    user = User.objects.filter(pk=user_id, is_active=True).first()
    organization = Organization.objects.filter(pk=organization_id).first()
    if user is None or organization is None or user.has_usable_password():
        return None  # accepted meanwhile, or gone: nothing to send
    link = site_url(
        reverse(
            "invitation_accept",
            kwargs={"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": invitation_tokens.make_token(user)},
        )
    )
    with translation.override(user.language or organization.language):
        context = {"user": user, "organization": organization, "link": link}
        return Mail(
            to=[user.email],
            subject=_("You have been given access to %(organization)s in HR Suite")
            % {"organization": organization.name},
            body=render_to_string("registration/invitation_email.txt", context),
        )


@transaction.atomic
def invitation_accept(*, user: User, password: str, request=None) -> User:
    """The invited person chooses their password through the one-time link."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.has_usable_password() or not user.is_active:
        raise ValidationError(_("This invitation has already been used."))
    try:
        validate_password(password, user)
    except ValidationError as weak:
        raise ValidationError({"new_password1": weak.messages}) from weak
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(action=AuditAction.INVITATION_ACCEPTED, actor=user, request=request, subject=user)
    return user


# --- Deactivate with a handover, reactivate -------------------------------------------------


@dataclass(frozen=True)
class Handover:
    """What a domain app hands over when a user is deactivated.

    successor_required(user) says whether the user owns anything of the app that needs a
    successor; hand_over(from_user=, to_user=) moves it all and returns how many things
    moved. It runs inside the deactivation's transaction: raising ValidationError refuses
    the deactivation and nothing changes.
    """

    key: str
    label: str
    successor_required: Callable[[User], bool]
    hand_over: Callable[..., int]


HANDOVERS: dict[str, Handover] = {}


def register_handover(handover: Handover) -> None:
    """Called from an app's AppConfig.ready()."""
    HANDOVERS[handover.key] = handover


def handovers_required(*, user: User) -> list[Handover]:
    return [handover for handover in HANDOVERS.values() if handover.successor_required(user)]


def successor_candidates(*, organization: Organization, user: User) -> QuerySet[User]:
    """Active people who reach the organization and could take over the user's things."""
    reach = Q(company_accesses__organization=organization) | Q(office_id=organization.office_id)
    return (
        User.objects.filter(pk__in=User.objects.filter(reach, is_active=True).values("pk"))
        .exclude(pk=user.pk)
        .order_by("full_name")
    )


def _refuse_unless_managed_by(*, user: User, actor: User, organization: Organization) -> None:
    if user.pk == actor.pk:
        raise ValidationError(_("You cannot deactivate or reactivate yourself."))
    if user.is_superuser or user.office_id is not None:
        raise ValidationError(_("Provider staff are managed by their office."))
    # The login is one for every organization the person reaches: the actor must be able to
    # manage users in each of them.
    elsewhere = [
        access.organization.name
        for access in CompanyAccess.objects.filter(user=user)
        .exclude(organization=organization)
        .select_related("organization__office")
        .order_by("organization__name")
        if DEACTIVATE_RIGHT not in rights_for(actor, access.organization)
    ]
    if elsewhere:
        raise ValidationError(
            _("%(name)s also works for %(organizations)s, where you cannot manage users.")
            % {"name": user, "organizations": ", ".join(elsewhere)}
        )


@transaction.atomic
def user_deactivate(
    *, user: User, actor: User, organization: Organization, successor: User | None = None, request=None
) -> User:
    """Close the login. A domain that needs a successor gets one, and what the user owned
    moves to the successor in the same transaction. Nothing is deleted."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.is_active:
        raise ValidationError(_("%(name)s is already deactivated.") % {"name": user})
    _refuse_unless_managed_by(user=user, actor=actor, organization=organization)
    required = handovers_required(user=user)
    if required and successor is None:
        raise ValidationError(
            {
                "successor": _("Name a successor: %(name)s still has %(things)s.")
                % {"name": user, "things": ", ".join(str(handover.label) for handover in required)}
            }
        )
    if (
        successor is not None
        and not successor_candidates(organization=organization, user=user).filter(pk=successor.pk).exists()
    ):
        raise ValidationError({"successor": _("Choose an active user of this organization as successor.")})
    user.is_active = False
    user.save(update_fields=["is_active"])
    handed_over = {handover.key: handover.hand_over(from_user=user, to_user=successor) for handover in required}
    audit_record(
        action=AuditAction.USER_DEACTIVATED,
        actor=actor,
        request=request,
        organization=organization,
        subject=user,
        successor=str(successor.pk) if successor else None,
        handed_over=handed_over,
    )
    mail_on_commit(deactivated_mail, user_id=user.pk, organization_id=organization.pk)
    return user


@composer
def deactivated_mail(*, user_id: str, organization_id: str) -> Mail | None:
    """Tells the person their account was closed; nothing when it was reopened meanwhile."""
    user = User.objects.filter(pk=user_id, is_active=False).first()
    organization = Organization.objects.filter(pk=organization_id).first()
    if user is None or organization is None:
        return None
    with translation.override(user.language or organization.language):
        context = {"user": user, "organization": organization, "link": site_url(reverse("login"))}
        return Mail(
            to=[user.email],
            subject=_("Your HR Suite account was deactivated"),
            body=render_to_string("registration/deactivated_email.txt", context),
        )


@transaction.atomic
def user_reactivate(*, user: User, actor: User, organization: Organization, request=None) -> User:
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_active:
        raise ValidationError(_("%(name)s is already active.") % {"name": user})
    _refuse_unless_managed_by(user=user, actor=actor, organization=organization)
    user.is_active = True
    user.save(update_fields=["is_active"])
    audit_record(
        action=AuditAction.USER_REACTIVATED, actor=actor, request=request, organization=organization, subject=user
    )
    return user


# --- Logins that rest on an ended employment -----------------------------------------------


def _employment_only(today) -> Q:
    """Logins that exist only because of an employment that ended before `today`: staff and
    people with a company permission keep theirs."""
    return Q(
        employee__employment_end__lt=today,
        office__isnull=True,
        company_accesses__isnull=True,
        is_superuser=False,
    )


def ended_employee_logins_deactivate() -> int:
    """Close the self-service login of everyone whose employment ended before their
    organization's today; each closing is an audit event."""
    closed = 0
    for organization in Organization.objects.only("id", "time_zone"):
        with transaction.atomic():
            users = list(
                User.objects.select_for_update(of=("self",))
                .filter(_employment_only(organization.today()), is_active=True, employee__organization=organization)
                .only("id", "full_name", "email")
            )
            User.objects.filter(pk__in=[user.pk for user in users]).update(is_active=False)
            AuditEvent.objects.bulk_create(
                AuditEvent(
                    action=AuditAction.USER_DEACTIVATED,
                    organization_id=organization.id,
                    subject=str(user)[:200],
                    subject_id=str(user.pk),
                    detail={"reason": "employment_ended"},
                )
                for user in users
            )
        closed += len(users)
    return closed


def employment_ended_for(user: User) -> Employee | None:
    """The user's employment when it ended and their login rests on it alone, else None."""
    employee = Employee.objects.filter(user=user).select_related("organization").first()
    if employee is None or employee.employment_end is None:
        return None
    if User.objects.filter(_employment_only(employee.organization.today()), pk=user.pk).exists():
        return employee
    return None


@dataclass(frozen=True)
class Refusal:
    reason: str  # recorded in the audit event
    message: str  # shown at the login form
    organization: Organization | None = None  # whose audit log shows the attempt


# A domain app may refuse logins for its own reasons (the claims portal: no API-user right):
# check(user) -> Refusal or None, registered from its AppConfig.ready().
LoginCheck = Callable[[User], Refusal | None]
LOGIN_CHECKS: list[LoginCheck] = []


def register_login_check(check: LoginCheck) -> None:
    LOGIN_CHECKS.append(check)


def _core_login_check(user: User) -> Refusal | None:
    ended = employment_ended_for(user)
    if ended is not None:
        message = _("Your employment has ended, so this login is closed. Contact your employer if you need anything.")
        return Refusal("employment_ended", message, ended.organization)
    if not user.is_active:
        message = _("This account has been deactivated. Ask your administrator if you need access again.")
        return Refusal("deactivated", message)
    return None


def login_refusal(*, user: User, request=None) -> str | None:
    """Why this user may not log in (their password was right), recorded as an audit event;
    None when they may."""
    refusal = next(filter(None, (check(user) for check in [_core_login_check, *LOGIN_CHECKS])), None)
    if refusal is None:
        return None
    audit_record(
        action=AuditAction.LOGIN_REFUSED,
        actor=None,
        request=request,
        organization=refusal.organization,
        subject=user,
        reason=refusal.reason,
    )
    return refusal.message


class LoginBackend(ModelBackend):
    """ModelBackend that lets the login form see a closed account with a correct password,
    so it can say why it is refused. Sessions and permissions still need an active user."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if username is None or password is None:
            return None
        try:
            user = User._default_manager.get_by_natural_key(username)
        except User.DoesNotExist:
            User().set_password(password)  # same time as for a real user: no user enumeration
            return None
        return user if user.check_password(password) else None
