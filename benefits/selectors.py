"""Reads of benefits, always scoped to an organization or employee passed in explicitly.

Other apps (the self-service page) read benefits only through employee_current_benefits().
"""

from datetime import date

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from benefits.kinds import KINDS, Kind
from benefits.models import BenefitBase, InsuranceLink, LinkBase, OtherBenefitLink
from hrsuite.history import field_changes
from hrsuite.models import Employee, Organization
from hrsuite.modules import module_is_on

MODULE = "benefits"  # the key of this app's module (benefits/apps.py)

HISTORY_LIMIT = 500  # newest link changes shown on a benefit's history page


def _covering(prefix: str, day: date) -> Q:
    return Q(**{f"{prefix}valid_from__lte": day}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": day})
    )


def benefits_for(*, kind: Kind, organization: Organization, day: date) -> QuerySet[BenefitBase]:
    """The organization's benefits of a kind, each with how many employees it covers on day."""
    return kind.model.objects.filter(organization=organization).annotate(
        covered_count=Count("links", filter=_covering("links__", day))
    )


def benefit_for(*, kind: Kind, organization: Organization, benefit_id) -> BenefitBase:
    try:
        return kind.model.objects.select_related("organization").get(organization=organization, id=benefit_id)
    except kind.model.DoesNotExist as missing:
        raise Http404 from missing


def link_for(*, kind: Kind, organization: Organization, link_id) -> LinkBase:
    try:
        return kind.link_model.objects.select_related("benefit", "employee").get(organization=organization, id=link_id)
    except kind.link_model.DoesNotExist as missing:
        raise Http404 from missing


def benefit_links(
    *, benefit: BenefitBase, day: date, include_ended: bool = False, search: str = ""
) -> QuerySet[LinkBase]:
    """Links of a benefit running on day or later (or every link, with include_ended), of the
    employees matching search (name or number, as the employee list searches)."""
    links = benefit.links.select_related("employee__department").order_by(
        "employee__last_name", "employee__first_name", "-valid_from"
    )
    if search:
        links = links.filter(
            employee__in=Employee.objects.filter(organization_id=benefit.organization_id).search(search)
        )
    if not include_ended:
        links = links.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
    return links


def covered_on(*, benefit: BenefitBase, day: date) -> QuerySet[LinkBase]:
    """Who was covered by the benefit on day: the insurer's list."""
    return (
        benefit.links.covering(day)
        .select_related("employee__department")
        .order_by("employee__last_name", "employee__first_name", "employee__number")
    )


def link_candidates(
    *, benefit: BenefitBase, day: date, search: str = "", exclude_ids=(), limit: int = 20
) -> QuerySet[Employee]:
    """Employees still employed on day and not yet covered from day on, matching search."""
    employees = (
        Employee.objects.filter(organization_id=benefit.organization_id)
        .employed_between(day, None)
        .search(search)
        .exclude(id__in=benefit.links.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day)).values("employee_id"))
        .exclude(id__in=list(exclude_ids))
        .select_related("department")
    )
    return employees[:limit]


def employee_links(*, employee: Employee, kind: Kind, day: date, include_ended: bool = False) -> QuerySet[LinkBase]:
    links = kind.link_model.objects.filter(employee=employee).select_related("benefit").order_by("-valid_from")
    if not include_ended:
        links = links.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
    return links


def linkable_benefits(*, kind: Kind, organization: Organization, day: date) -> QuerySet[BenefitBase]:
    """Benefits still running on day or starting later: what an employee can be linked to."""
    return kind.model.objects.filter(organization=organization).filter(Q(end_date__isnull=True) | Q(end_date__gte=day))


def _history_entries(records, kind: Kind) -> list[dict]:
    """One line per change of a link: who linked, ended or cancelled it, and when."""
    entries = []
    for record in records:
        if record.history_type == "+":
            action = "linked"
        elif record.history_type == "-":
            action = "cancelled"
        elif record.valid_to is not None:
            action = "ended"
        else:
            action = "changed"
        entries.append({"record": record, "action": action, "kind": kind})
    return entries


def benefit_history(*, benefit: BenefitBase, kind: Kind) -> dict:
    """Who was covered when (every link, ended ones too) and who changed what."""
    link_records = (
        kind.link_model.history.filter(benefit_id=benefit.id)
        .select_related("history_user", "employee")
        .order_by("-history_date")
    )
    benefit_records = benefit.history.select_related("history_user").order_by("-history_date")
    return {
        "periods": benefit_links(benefit=benefit, day=date.min, include_ended=True),
        "link_changes": _history_entries(link_records[:HISTORY_LIMIT], kind),
        "benefit_changes": field_changes(list(benefit_records)),
    }


def employee_benefit_history(*, employee: Employee) -> list[dict]:
    """Every link change of the employee, both kinds, newest first."""
    entries = []
    for kind in KINDS.values():
        records = (
            kind.link_model.history.filter(employee_id=employee.id)
            .select_related("history_user", "benefit")
            .order_by("-history_date")
        )
        entries.extend(_history_entries(records, kind))
    entries.sort(key=lambda e: e["record"].history_date, reverse=True)
    return entries


def employee_current_benefits(*, employee: Employee) -> dict:
    """What the employee has today, for their self-service page: insurances (with helpline,
    coverage and terms) and other benefits. Empty when the module is off."""
    organization = employee.organization
    if not module_is_on(organization, MODULE):
        return {"insurances": [], "other_benefits": []}
    today = organization.today()
    return {
        key: list(
            link_model.objects.covering(today)
            .filter(employee=employee)
            .select_related("benefit")
            .order_by("benefit__name")
        )
        for key, link_model in (("insurances", InsuranceLink), ("other_benefits", OtherBenefitLink))
    }


def inbox(*, user, organizations: QuerySet[Organization]) -> list:
    """Insurances that end within ENDING_SOON_DAYS (renew or let go), for all the
    organizations at once: one query."""
    from datetime import timedelta

    from django.urls import reverse
    from django.utils.translation import gettext as _

    from benefits.models import ENDING_SOON_DAYS, Insurance
    from hrsuite.inbox import InboxItem, count_of, counts, holding, local_values, per_local_date

    # Each organization's own today, in its time zone.
    today = per_local_date(local_values(lambda day: day), time_zone_field="organization__time_zone")
    last = per_local_date(
        local_values(lambda day: day + timedelta(days=ENDING_SOON_DAYS)), time_zone_field="organization__time_zone"
    )
    ending = Insurance.objects.filter(end_date__gte=today, end_date__lte=last)
    rows = counts(
        organizations,
        ending=count_of(ending.filter(organization__in=holding(user, "benefits.change_insurance", organizations))),
    )
    return [
        InboxItem(
            row["pk"], _("Insurances ending within 30 days"), row["ending"], reverse("benefits:index", args=[row["pk"]])
        )
        for row in rows
    ]
