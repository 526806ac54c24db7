"""Reads of self-service data, always scoped to the organization or employee passed in."""

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery

from hrsuite.models import Employee, Organization
from hrsuite.modules import module_is_on
from selfservice.models import (
    SENSITIVE_CHANGES,
    Addendum,
    ChangeRequest,
    Invitation,
    OrganizationProduct,
    Product,
    ProductKind,
    Requirement,
    Subscription,
    TierChange,
)

BASE_PRODUCT = "self_service"
MODULE = "selfservice"  # the key of this app's module (selfservice/apps.py)


def catalog() -> list[Product]:
    """Every product with its requirements, ready for the tier engine."""
    return list(
        Product.objects.prefetch_related(
            Prefetch("requirements", queryset=Requirement.objects.prefetch_related("any_of"))
        ).order_by("kind", "tier", "order")
    )


def addendum_for(*, organization: Organization) -> Addendum | None:
    return Addendum.objects.filter(organization=organization).select_related("recorded_by").first()


def subscription_for(*, organization: Organization) -> Subscription | None:
    return Subscription.objects.filter(organization=organization).first()


def switched_on_codes(*, organization: Organization) -> set[str]:
    """Codes of the features and supporting products ticked for the organization."""
    return set(
        OrganizationProduct.objects.filter(organization=organization, enabled=True).values_list(
            "product__code", flat=True
        )
    )


def is_active(*, organization: Organization) -> bool:
    return module_is_on(organization, MODULE)


def enabled_features(*, organization: Organization) -> frozenset[str]:
    """My page's feature gate (hrsuite/me.py): nothing unless Self-service is active; then
    the base product, the always-included features and the ticked products."""
    if not is_active(organization=organization):
        return frozenset()
    included = Product.objects.filter(kind=ProductKind.FEATURE, included=True).values_list("code", flat=True)
    return frozenset({BASE_PRODUCT, *included, *switched_on_codes(organization=organization)})


def tier_history(*, organization: Organization) -> QuerySet[TierChange]:
    return TierChange.objects.filter(organization=organization).select_related("changed_by")


def change_requests_for(*, organization: Organization, status: str = ChangeRequest.Status.PENDING):
    requests = ChangeRequest.objects.filter(employee__organization=organization).select_related(
        "employee", "employee__department", "decided_by"
    )
    if status:
        requests = requests.filter(status=status)
    return requests.order_by("submitted_at") if status == ChangeRequest.Status.PENDING else requests


def pending_fields(*, employee: Employee, exclude=None) -> dict[str, ChangeRequest]:
    """Each field with a request still waiting for HR, and that request."""
    pending = ChangeRequest.objects.filter(employee=employee, status=ChangeRequest.Status.PENDING)
    if exclude is not None:
        pending = pending.exclude(pk=exclude.pk)
    return {name: request for request in pending for name in request.changes}


def unusual(*, change_request: ChangeRequest) -> list[str]:
    """What HR should double-check before approving: a new bank account (salary paid to a
    fraudster after a stolen login), a new account together with new contact details (the
    employee could not be warned), a request from an employment that has ended."""
    from django.utils.translation import gettext as _

    changed = set(change_request.changes)
    employee = change_request.employee
    flags = []
    if changed & set(SENSITIVE_CHANGES):
        flags.append(
            _("The bank account changes. Confirm it with the employee in person or by phone before approving.")
        )
        if changed & {"phone", "private_email"}:
            flags.append(_("The phone number or private e-mail changes at the same time as the bank account."))
    if employee.employment_end and employee.employment_end < employee.organization.today():
        flags.append(_("The employment has ended."))
    return flags


def change_requests_of(*, employee: Employee) -> QuerySet[ChangeRequest]:
    return ChangeRequest.objects.filter(employee=employee).select_related("decided_by")


def latest_invitation(*, employee: Employee) -> Invitation | None:
    return Invitation.objects.filter(employee=employee).select_related("invited_by").first()


def employees_with_selfservice_status(*, organization: Organization) -> QuerySet[Employee]:
    """Current employees with their login and their latest invitation's date and acceptance."""
    latest = Invitation.objects.filter(employee=OuterRef("pk")).order_by("-invited_at")
    return (
        Employee.objects.filter(organization=organization)
        .employed_on(organization.today())
        .select_related("department", "user")
        .annotate(
            invited_at=Subquery(latest.values("invited_at")[:1]),
            accepted_at=Subquery(latest.values("accepted_at")[:1]),
        )
    )


def selfservice_email(*, employee: Employee) -> str:
    """The address the employee registered with (their login), if they have registered."""
    registered = (
        Invitation.objects.filter(employee=employee, accepted_at__isnull=False)
        .order_by("-accepted_at")
        .values_list("registered_email", flat=True)
        .first()
    )
    if registered:
        return registered
    return employee.user.email if employee.user_id else ""


def inbox(*, user, organizations: QuerySet[Organization]) -> list:
    """Change requests to decide and invitations not accepted yet (sent within the link's
    lifetime), for every organization at once: one query."""
    from datetime import timedelta

    from django.urls import reverse
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from hrsuite.inbox import InboxItem, count_of, counts, holding

    pending = ChangeRequest.objects.filter(status=ChangeRequest.Status.PENDING)
    open_invitations = Invitation.objects.filter(
        accepted_at__isnull=True,
        employee__user__isnull=True,
        invited_at__gte=timezone.now() - timedelta(days=7),
    )
    rows = counts(
        organizations,
        requests=count_of(
            pending.filter(
                employee__organization__in=holding(user, "selfservice.review_change_requests", organizations)
            ),
            organization_field="employee__organization",
        ),
        invitations=count_of(
            open_invitations.filter(
                employee__organization__in=holding(user, "selfservice.invite_employees", organizations)
            ),
            organization_field="employee__organization",
        ),
    )
    items = []
    for row in rows:
        items.append(
            InboxItem(
                row["pk"],
                _("Change requests to decide"),
                row["requests"],
                reverse("selfservice:change_requests", args=[row["pk"]]),
            )
        )
        items.append(
            InboxItem(
                row["pk"],
                _("Invitations not accepted yet"),
                row["invitations"],
                reverse("selfservice:invitations", args=[row["pk"]]),
            )
        )
    return items
