"""Where the claims portal meets the core: the module's key, the screens' decorator, and the
functions claims/apps.py registers with the core's hooks (object rule, login check, hand-over)."""

from functools import wraps

from django.db.models import Q
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.utils.translation import gettext as _

from claims import selectors, services
from claims.models import AbsenceWithoutCover, Claim
from claims.rights import API_USER, MODULE, PORTAL_USER
from hrsuite.access import org_view, require
from hrsuite.lifecycle import Refusal
from hrsuite.models import CompanyAccess, Organization, User
from hrsuite.modules import organizations_with


def claims_view(right: str | None = None):
    """The core's org_view for the claims module (off answers 404, for every method and
    partial alike), plus the portal's "user" right, which every screen needs before any other."""

    def decorate(view):
        @org_view(right, module=MODULE)
        @wraps(view)
        def wrapper(request, *args, organization, **kwargs):
            require(request, PORTAL_USER)
            return view(request, *args, organization=organization, **kwargs)

        return wrapper

    return decorate


def claim_rule(*, user: User, rights: frozenset[str], organization: Organization) -> Q:
    """The object rule of claims: what decides is the rights the user holds here."""
    return selectors.visibility(rights)


def claims_login_check(user: User) -> Refusal | None:
    """Only users who hold the portal's "user" right in an organization with the claims
    portal on are judged: they need "API user" there."""
    rows = CompanyAccess.objects.filter(
        user=user, organization__in=organizations_with(MODULE), rights__content_type__app_label="claims"
    ).values_list("organization_id", "rights__codename")
    held: dict = {}
    for organization_id, codename in rows:
        held.setdefault(organization_id, set()).add(f"claims.{codename}")
    refused = next((pk for pk, rights in held.items() if PORTAL_USER in rights and API_USER not in rights), None)
    if refused is None:
        return None
    return Refusal(
        "no_api_user",
        _(
            "Your account does not have the right “API user”, which every user needs to log in to the "
            "claims portal. Ask your customer administrator."
        ),
        Organization.objects.get(pk=refused),
    )


def owns_claims(user: User) -> bool:
    """Whether deactivating the user needs a successor for the claims portal."""
    return Claim.objects.filter(handler=user).exists() or AbsenceWithoutCover.objects.filter(responsible=user).exists()


@receiver(pre_delete, sender=User, dispatch_uid="claims_user_never_deleted")
def _refuse_deleting_a_user_who_logged_in(sender, instance: User, **kwargs):
    # The database refuses too (a trigger on PostgreSQL, see the migration); this guard gives
    # the same answer on every database and before any related row is touched.
    refusal = services.user_delete_refusal(instance)
    if refusal:
        raise services.UserNeverDeleted(refusal)
