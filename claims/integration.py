"""Every point where the claims portal meets the core, in one module.

Today these call the core's current API (navigation, employee tabs, org_view and the
Organization.claims_enabled switch); when the core's module registry, rights service,
object-rule hook and user lifecycle arrive, only this module changes.
"""

from functools import wraps

from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from claims import selectors, services
from claims.rights import API_USER, PORTAL_USER, validate_claims_rights
from hrsuite.access import org_view, require
from hrsuite.employee_tabs import EmployeeTab, register_tab
from hrsuite.models import CompanyAccess, Organization, User
from hrsuite.navigation import NavItem, register

MODULE_FLAG = "claims_enabled"


def claims_module_on(organization: Organization) -> bool:
    return getattr(organization, MODULE_FLAG)


def claims_view(right: str | None = None):
    """The core's org_view, plus: the claims portal must be on for the organization (404
    otherwise, for every method and partial alike) and the user needs the portal's "user"
    right before any other."""

    def decorate(view):
        @org_view(right)
        @wraps(view)
        def wrapper(request, *args, organization, **kwargs):
            if not claims_module_on(organization):
                raise Http404
            require(request, PORTAL_USER)
            return view(request, *args, organization=organization, **kwargs)

        return wrapper

    return decorate


def register_module() -> None:
    register(
        NavItem(
            gettext_lazy("Claims"),
            "claims:claim_list",
            PORTAL_USER,
            module_flag=MODULE_FLAG,
            order=40,
            # Not the employee tab: that page belongs to Employees.
            current_for=(
                "claims:claim_*",
                "claims:policy_*",
                "claims:absence_*",
                "claims:allowance_*",
                "claims:statistics*",
                "claims:claims_settings",
                "claims:safety_desk",
            ),
        )
    )
    register_tab(
        EmployeeTab(
            "claims", gettext_lazy("Claims"), "claims:employee_claims", PORTAL_USER, module_flag=MODULE_FLAG, order=50
        )
    )


# The object-level rule the core's access layer will call: which claims a user sees.
claim_visibility_rule = selectors.visibility

# The precondition hook the core's rights service will call before saving a user's rights.
rights_preconditions = validate_claims_rights

# What the core's deactivation will call with the successor named in the same step.
successor_hand_over = services.claims_hand_over


def seed_demo_organization(*, organization: Organization, rng) -> None:
    """The module's demo data (today picked up by seed_demo from claims/demo.py)."""
    from claims import demo

    demo.seed_organization(organization=organization, rng=rng)


def claims_login_refusal(user: User) -> str | None:
    """Why a portal user may not log in, or None. Only users who hold the portal's "user"
    right in an organization with the claims portal are judged: they need "API user" there."""
    rows = CompanyAccess.objects.filter(
        user=user, organization__claims_enabled=True, rights__content_type__app_label="claims"
    ).values_list("rights__codename", flat=True)
    held = {f"claims.{codename}" for codename in rows}
    if PORTAL_USER in held and API_USER not in held:
        return _(
            "Your account does not have the right \u201cAPI user\u201d, which every user needs to log in to the "
            "claims portal. Ask your customer administrator."
        )
    return None


@receiver(pre_delete, sender=User, dispatch_uid="claims_user_never_deleted")
def _refuse_deleting_a_user_who_logged_in(sender, instance: User, **kwargs):
    # The database refuses too (a trigger on PostgreSQL, see the migration); this guard gives
    # the same answer on every database and before any related row is touched.
    refusal = services.user_delete_refusal(instance)
    if refusal:
        raise services.UserNeverDeleted(refusal)
