"""Rights in one place: granting, changing and revoking a user's company permission.

Every write is atomic and leaves an audit event with the rights before and after. Nobody
grants a right they do not hold in that organization themselves: the actor's own rights come
from the access layer, exactly as for their pages. `actor=None` is the system itself (demo
data, fixtures): it is audited without an actor and skips the own-rights check. Apps add
preconditions of their own with `register_rights_check`; every grant and change meets them.
"""

from collections.abc import Callable, Iterable

from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hrsuite.access import rights_for
from hrsuite.audit import audit_record
from hrsuite.models import AuditAction, CompanyAccess, Organization, User


class RightsBeyondOwn(ValidationError):
    """The actor tried to hand out rights they do not hold. Nothing was changed."""

    def __init__(self, permissions: list[Permission]):
        self.rights = sorted(right_name(p) for p in permissions)
        labels = sorted(right_label(p) for p in permissions)
        super().__init__(
            _("You cannot grant rights you do not hold yourself: %(rights)s.") % {"rights": "; ".join(labels)},
            code="beyond_own_rights",
        )


def right_name(permission: Permission) -> str:
    return f"{permission.content_type.app_label}.{permission.codename}"


# Django stores the names of its default rights in English ("Can add insurance"); they are
# shown from the action and the model's translated name instead.
DEFAULT_RIGHT_LABELS = {
    "add": gettext_lazy("Can add %(name)s"),
    "change": gettext_lazy("Can change %(name)s"),
    "view": gettext_lazy("Can view %(name)s"),
}


def right_label(permission: Permission) -> str:
    """A right as an administrator reads it, in the active language."""
    action, _sep, model_name = permission.codename.partition("_")
    model = permission.content_type.model_class()
    if action in DEFAULT_RIGHT_LABELS and model is not None and model._meta.model_name == model_name:
        return DEFAULT_RIGHT_LABELS[action] % {"name": model._meta.verbose_name}
    # Custom rights are declared with names marked for translation.
    return _(permission.name)


def permissions_named(rights: Iterable[str]) -> list[Permission]:
    rights = set(rights)
    condition = Q(pk__in=[])
    for right in rights:
        app_label, codename = right.split(".", 1)
        condition |= Q(content_type__app_label=app_label, codename=codename)
    found = list(Permission.objects.filter(condition).select_related("content_type"))
    if len(found) != len(rights):
        missing = rights - {right_name(p) for p in found}
        raise ValueError(f"Unknown rights: {sorted(missing)}")
    return found


# A domain app may put preconditions on a set of rights (the claims portal: minimum rights,
# statistics only with every person group): check(rights=...) returns the messages of what
# is wrong, empty when the set may be saved. Registered from the app's AppConfig.ready().
RightsCheck = Callable[..., list[str]]
RIGHTS_CHECKS: list[RightsCheck] = []


def register_rights_check(check: RightsCheck) -> None:
    RIGHTS_CHECKS.append(check)


def _refuse_unless_allowed(rights: set[str]) -> None:
    errors = [message for check in RIGHTS_CHECKS for message in check(rights=rights)]
    if errors:
        raise ValidationError(errors, code="rights_precondition")


def _current_rights(access: CompanyAccess) -> set[str]:
    return {right_name(p) for p in access.rights.select_related("content_type")}


def _rights_write(*, access: CompanyAccess, rights: Iterable[str], actor: User | None, request) -> CompanyAccess:
    permissions = permissions_named(rights)
    after = {right_name(p) for p in permissions}
    before = _current_rights(access)
    if actor is not None:
        # Rights the person already holds may stay or go; only additions need the actor's own.
        beyond = (after - before) - rights_for(actor, access.organization)
        if beyond:
            raise RightsBeyondOwn([p for p in permissions if right_name(p) in beyond])
    if after == before:
        return access
    _refuse_unless_allowed(after)
    access.rights.set(permissions)
    _audit(AuditAction.RIGHTS_CHANGED, access=access, actor=actor, request=request, before=before, after=after)
    return access


def _audit(action: str, *, access: CompanyAccess, actor: User | None, request, before: set, after: set) -> None:
    audit_record(
        action=action,
        actor=actor,
        request=request,
        organization=access.organization,
        subject=access.user,
        before=sorted(before),
        after=sorted(after),
    )


@transaction.atomic
def company_access_grant(
    *, user: User, organization: Organization, rights: Iterable[str], actor: User | None = None, request=None
) -> CompanyAccess:
    """Give the user access to the organization with exactly these rights ("app.codename")."""
    access, _created = CompanyAccess.objects.get_or_create(user=user, organization=organization)
    access = CompanyAccess.objects.select_for_update().select_related("organization", "user").get(pk=access.pk)
    return _rights_write(access=access, rights=rights, actor=actor, request=request)


@transaction.atomic
def company_access_change(
    *, access: CompanyAccess, rights: Iterable[str], actor: User | None, request=None
) -> CompanyAccess:
    """Set the rights of an existing company permission to exactly these."""
    access = CompanyAccess.objects.select_for_update().select_related("organization", "user").get(pk=access.pk)
    return _rights_write(access=access, rights=rights, actor=actor, request=request)


@transaction.atomic
def company_access_revoke(*, access: CompanyAccess, actor: User | None, request=None) -> None:
    """Remove the company permission; its history (who had which rights when) is kept."""
    if actor is not None and access.user_id == actor.pk:
        raise ValidationError(_("You cannot remove your own access."))
    access = CompanyAccess.objects.select_for_update().select_related("organization", "user").get(pk=access.pk)
    _audit(
        AuditAction.ACCESS_REVOKED,
        access=access,
        actor=actor,
        request=request,
        before=_current_rights(access),
        after=set(),
    )
    access.delete()
