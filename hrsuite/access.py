"""Who may reach what: the one place every view asks.

An organization the user cannot reach answers 404, exactly like one that does not exist, so
nothing about other tenants leaks. A reachable organization without the needed right answers
403. Rights are Django permissions ("app_label.codename"): provider staff hold theirs on
their user and reach every organization of their office; everyone else holds them per
company permission (CompanyAccess).
"""

import uuid
from collections.abc import Callable
from functools import wraps

from django.contrib.auth.models import Permission
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone

from hrsuite.models import Employee, Organization, User
from hrsuite.modules import module_is_on, with_switches


def organizations_for(user: User) -> QuerySet[Organization]:
    if not user.is_authenticated or not user.is_active:
        return Organization.objects.none()
    if user.is_superuser:
        return Organization.objects.all()
    reachable = Q(accesses__user=user)
    if user.office_id:
        reachable |= Q(office_id=user.office_id)
    return Organization.objects.filter(reachable).distinct()


def uuid_or_404(value) -> uuid.UUID:
    """The value as a UUID; a malformed id answers 404 like a missing object."""
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError as malformed:
        raise Http404 from malformed


def organization_for(user: User, organization_id) -> Organization:
    try:
        return with_switches(organizations_for(user).select_related("office")).get(id=uuid_or_404(organization_id))
    except Organization.DoesNotExist as missing:
        raise Http404 from missing


def rights_for(user: User, organization: Organization) -> frozenset[str]:
    if user.is_superuser or (user.office_id and user.office_id == organization.office_id):
        return frozenset(user.get_all_permissions())
    rows = Permission.objects.filter(companyaccess__user=user, companyaccess__organization=organization).values_list(
        "content_type__app_label", "codename"
    )
    return frozenset(f"{app}.{codename}" for app, codename in rows)


def require(request: HttpRequest, right: str) -> None:
    if right not in request.rights:
        raise PermissionDenied


def org_view(right: str | None = None, *, module: str | None = None) -> Callable:
    """Resolve the URL's organization through the access layer, then demand a right.

    With `module`, the module must be on for the organization: off answers 404 before any
    right is asked, for every method and for htmx partials alike, as if the page did not
    exist. Sets request.organization and request.rights, activates the organization's time
    zone, and passes `organization` to the view instead of the raw id.
    """

    def decorate(view):
        @wraps(view)
        def wrapper(request, org_id, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            organization = organization_for(request.user, org_id)
            if module is not None and not module_is_on(organization, module):
                raise Http404
            request.organization = organization
            request.rights = rights_for(request.user, organization)
            if right is not None:
                require(request, right)
            request.session["last_organization"] = str(organization.id)
            timezone.activate(organization.tz)
            return view(request, *args, organization=organization, **kwargs)

        wrapper.module = module  # read by hrsuite/checks.py and the module-off tests
        return wrapper

    return decorate


def employee_for(organization: Organization, employee_id) -> Employee:
    try:
        return Employee.objects.select_related("department", "organization").get(
            organization=organization, id=uuid_or_404(employee_id)
        )
    except Employee.DoesNotExist as missing:
        raise Http404 from missing


# --- Object-level rules -------------------------------------------------------------------
# A domain app may narrow what a user sees inside an organization beyond rights per screen
# (claims by line, personal-injury cases by job function level). It registers, per model, a
# rule returning a Q of the objects the user may see; every scoped read applies all rules of
# the model, in the database, so a list costs the same queries with or without rules and an
# object a rule hides answers 404 like one that does not exist.

ObjectRule = Callable[..., Q]  # rule(*, user, rights, organization) -> Q
OBJECT_RULES: dict[type, list[ObjectRule]] = {}


def register_object_rule(model: type, rule: ObjectRule) -> None:
    """Called from an app's AppConfig.ready()."""
    OBJECT_RULES.setdefault(model, []).append(rule)


def visible(queryset: QuerySet, *, user: User, rights: frozenset[str], organization: Organization) -> QuerySet:
    """The queryset (already limited to the organization) narrowed by every object rule of
    its model."""
    for rule in OBJECT_RULES.get(queryset.model, []):
        queryset = queryset.filter(rule(user=user, rights=rights, organization=organization))
    return queryset


def object_for(request: HttpRequest, queryset: QuerySet, object_id):
    """One object of the request's organization that the object rules let the user see;
    404 otherwise. `queryset` must already be limited to request.organization."""
    scoped = visible(queryset, user=request.user, rights=request.rights, organization=request.organization)
    try:
        return scoped.get(id=uuid_or_404(object_id))
    except queryset.model.DoesNotExist as missing:
        raise Http404 from missing
