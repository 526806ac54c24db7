"""What waits for a user: the inbox on the home pages and the counts in the sidebar.

Each module contributes through its `inbox` hook (hrsuite/modules.py), so the core never
names an app: `inbox(user=..., organizations=...)` gets the organizations where the module
is on and the user may work, as a queryset (a subquery, not a list), and returns
InboxItems for all of them from ONE query of its own selectors. A hook checks its own
right with `holding(user, right, organizations)`, which is one more subquery, not a query.
"""

import zoneinfo
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any

from django.contrib.auth.models import Permission
from django.db.models import Case, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from hrsuite import modules
from hrsuite.models import TIME_ZONE_CHOICES, Organization, User


@dataclass(frozen=True)
class InboxItem:
    organization_id: object
    label: str
    count: int
    url: str
    warning: bool = False  # something unusual or late: shown as a warning
    # Some of another item's count again (a warning about them): the sidebar counts them once.
    counted_elsewhere: bool = False


def holding(user: User, right: str, organizations: QuerySet[Organization]) -> QuerySet[Organization]:
    """The organizations among these where the user holds the right (the meaning of
    access.rights_for: provider staff by their own rights, members by their access)."""
    if user.is_superuser:
        return organizations
    app_label, codename = right.split(".", 1)
    staff_holds = user.is_active and user.has_perm(right)
    member = Q(
        accesses__user=user,
        accesses__rights__in=Permission.objects.filter(content_type__app_label=app_label, codename=codename),
    )
    condition = (Q(office_id=user.office_id) if staff_holds and user.office_id else Q(pk__in=[])) | (
        ~Q(office_id=user.office_id) & member if user.office_id else member
    )
    return organizations.filter(pk__in=Organization.objects.filter(condition).values("pk"))


def items_for(*, user: User, organizations: QuerySet[Organization]) -> list[InboxItem]:
    """Every module's items, in registration order; a module that is off contributes none."""
    items = []
    for module in modules.all_modules():
        if module.inbox is None:
            continue
        scope = modules.organizations_with(module.key, organizations) if module.switchable else organizations
        items.extend(item for item in module.inbox(user=user, organizations=scope) if item.count)
    return items


def by_organization(items: list[InboxItem]) -> dict:
    grouped = defaultdict(list)
    for item in items:
        grouped[item.organization_id].append(item)
    return grouped


def counts_by_path(items: list[InboxItem], organization: Organization) -> dict[str, int]:
    """The sidebar's counts: per URL path (without a query) in this organization."""
    counts = defaultdict(int)
    for item in items:
        if item.organization_id == organization.pk and not item.counted_elsewhere:
            counts[item.url.split("?", 1)[0]] += item.count
    return counts


def count_of(queryset: QuerySet, *, organization_field: str = "organization") -> Coalesce:
    """The number of rows of queryset per outer organization, as an expression for
    `counts(...)`: several counts of one app then cost one query."""
    from django.db.models import Count, IntegerField, OuterRef, Subquery

    counted = (
        queryset.filter(**{organization_field: OuterRef("pk")})
        .order_by()
        .values(organization_field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def counts(organizations: QuerySet[Organization], **expressions) -> list[dict]:
    """One query: each organization's id with the counts named by the keywords."""
    return list(organizations.order_by().values("pk", **expressions))


def core_inbox(*, user: User, organizations: QuerySet[Organization]) -> list[InboxItem]:
    """The core's own: uploaded employee files this user has not imported yet."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from hrsuite.models import EmployeeImport

    waiting = EmployeeImport.objects.filter(status=EmployeeImport.Status.PREVIEWED, uploaded_by=user)
    rows = counts(holding(user, "hrsuite.import_employees", organizations), imports=count_of(waiting))
    return [
        InboxItem(
            row["pk"], _("Uploaded files not imported yet"), row["imports"], reverse("import_upload", args=[row["pk"]])
        )
        for row in rows
    ]


def inbox_for_request(request) -> list[InboxItem]:
    """The items of the request's organization, asked once per request (the sidebar and
    the overview share them)."""
    cached = getattr(request, "_inbox_items", None)
    if cached is None:
        organization = request.organization
        cached = items_for(user=request.user, organizations=Organization.objects.filter(pk=organization.pk))
        request._inbox_items = cached
    return cached


@lru_cache(maxsize=2)
def _zones_by_offset(hour: datetime) -> dict[timedelta, list[str]]:
    """The time zones grouped by their UTC offset during this hour (offsets change on the
    hour, at daylight saving time), read once an hour: asking every zone costs ~40 ms."""
    zones = defaultdict(list)
    for name, _label in TIME_ZONE_CHOICES:
        zones[hour.astimezone(zoneinfo.ZoneInfo(name)).utcoffset()].append(name)
    return zones


def local_values(value_of: Callable[[date], Any]) -> list[tuple[Any, list[str]]]:
    """value_of(today) for today's date in every time zone, as (value, time zones) groups,
    largest first: one group on most days, two or three around midnight and month ends."""
    now = timezone.now().astimezone(UTC)
    zones_by_value = defaultdict(list)
    for offset, zones in _zones_by_offset(now.replace(minute=0, second=0, microsecond=0)).items():
        zones_by_value[value_of((now + offset).date())].extend(zones)
    return sorted(zones_by_value.items(), key=lambda group: len(group[1]), reverse=True)


def per_local_date(groups: list[tuple[Any, list[str]]], *, time_zone_field: str) -> Any:
    """The value of each organization's time zone among local_values' groups, as one SQL
    expression for a query over many organizations: the largest group is the default and
    the others are listed."""
    default = Value(groups[0][0])
    if len(groups) == 1:
        return default
    return Case(
        *(When(**{f"{time_zone_field}__in": zones}, then=Value(value)) for value, zones in groups[1:]),
        default=default,
    )
