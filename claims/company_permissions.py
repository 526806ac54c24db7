"""Provider side of the claims portal: a location administrator of an office gives a customer
user access to several of the office's companies in one step, and internal staff search
customers (every office's with the cross-location right, else their own office's).

Changing a user's companies is always a two-step act: the first submission only shows, per
company, the rights the user will hold there (a new company gets the rights chosen in the
form, a kept one keeps its own, a removed one loses access); nothing is saved until the
administrator confirms. Every write goes through hrsuite.grants, so nobody hands out rights
they do not hold and the portal's preconditions (minimum rights, statistics) hold.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from claims.rights import CROSS_LOCATION_SEARCH, LOCATION_ADMINISTRATOR
from hrsuite import grants
from hrsuite.access import uuid_or_404
from hrsuite.models import CompanyAccess, Organization, User


def is_location_administrator(user: User) -> bool:
    return user.is_active and user.office_id is not None and user.has_perm(LOCATION_ADMINISTRATOR)


def customers_search(*, user: User, term: str) -> QuerySet[Organization]:
    """Customers (organizations) by name or organization number: of every office for staff
    with the cross-location right, of their own office for other staff."""
    customers = Organization.objects.select_related("office").order_by("name")
    if not (user.is_superuser or user.has_perm(CROSS_LOCATION_SEARCH)):
        customers = customers.filter(office_id=user.office_id)
    term = term.strip()
    if term:
        customers = customers.filter(Q(name__icontains=term) | Q(org_number__icontains=term))
    return customers


def office_customers(*, administrator: User) -> QuerySet[Organization]:
    return Organization.objects.filter(office_id=administrator.office_id).order_by("name")


def customer_user_for(*, administrator: User, user_id) -> User:
    """A customer user with a company permission in one of the administrator's office's
    companies; anyone else answers 404."""
    user = (
        User.objects.filter(
            pk=uuid_or_404(user_id),
            office__isnull=True,
            is_superuser=False,
            company_accesses__organization__office_id=administrator.office_id,
        )
        .distinct()
        .first()
    )
    if user is None:
        raise Http404
    return user


@dataclass(frozen=True)
class CompanyChange:
    organization: Organization
    action: str  # "add", "keep" or "remove"
    rights: list[str]  # what the user holds there afterwards ("app.codename")


def company_changes(
    *, administrator: User, user: User, organizations: list[Organization], rights_for_new: list[str]
) -> list[CompanyChange]:
    """What confirming would do, company by company, within the administrator's office."""
    current = {
        access.organization_id: access
        for access in CompanyAccess.objects.filter(user=user, organization__office_id=administrator.office_id)
        .select_related("organization")
        .prefetch_related("rights__content_type")
    }
    chosen = {organization.pk: organization for organization in organizations}
    changes = []
    for organization in sorted({*chosen.values(), *(a.organization for a in current.values())}, key=str):
        access = current.get(organization.pk)
        if organization.pk in chosen and access is None:
            changes.append(CompanyChange(organization, "add", sorted(rights_for_new)))
        elif organization.pk in chosen:
            changes.append(
                CompanyChange(organization, "keep", sorted(grants.right_name(p) for p in access.rights.all()))
            )
        else:
            changes.append(CompanyChange(organization, "remove", []))
    return changes


@transaction.atomic
def company_permissions_set(
    *, administrator: User, user: User, organizations: list[Organization], rights_for_new: list[str], request=None
) -> list[CompanyChange]:
    """Apply the reviewed change all or nothing: new companies with the chosen rights, removed
    ones revoked. A user keeps at least one company."""
    if not is_location_administrator(administrator):
        raise ValidationError(_("Only a location administrator of the office sets company permissions."))
    if any(organization.office_id != administrator.office_id for organization in organizations):
        raise ValidationError({"organizations": _("Choose companies of your office.")})
    if not organizations:
        raise ValidationError({"organizations": _("Keep at least one company.")})
    changes = company_changes(
        administrator=administrator, user=user, organizations=organizations, rights_for_new=rights_for_new
    )
    for change in changes:
        if change.action == "add":
            grants.company_access_grant(
                user=user, organization=change.organization, rights=change.rights, actor=administrator, request=request
            )
        elif change.action == "remove":
            access = CompanyAccess.objects.get(user=user, organization=change.organization)
            grants.company_access_revoke(access=access, actor=administrator, request=request)
    return changes
