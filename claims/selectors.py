"""Reads of the claims portal. Visibility is one queryset filter, never a check per claim."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import reduce
from operator import or_

from django.contrib.auth.models import Permission
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.http import Http404

from claims.models import (
    LINE_RIGHTS,
    OPEN_STATUSES,
    PERSONAL_INJURY_LINES,
    AbsenceWithoutCover,
    ActivityKind,
    Claim,
    ClaimActivity,
    ClaimDocument,
    ClaimLine,
    ClaimsSettings,
    ClaimStatus,
    DailyAllowanceStatement,
    HealthTemplate,
    Policy,
)
from claims.rights import LEVEL_RIGHTS, PORTAL_USER, levels_for, lines_for, visible_lines
from hrsuite.access import organizations_for, uuid_or_404, visible
from hrsuite.grants import right_label, right_name
from hrsuite.inbox import holding
from hrsuite.models import CompanyAccess, JobFunctionLevel, Organization, User, employee_search_q


def visibility(rights: frozenset[str] | set[str]) -> Q:
    """The claims a holder of these rights sees: claims of their lines, and personal-injury
    cases whose employee's level (captured at filing) is ticked."""
    if PORTAL_USER not in rights:
        return Q(pk__in=[])
    return Q(line__in=lines_for(rights)) | Q(line__in=PERSONAL_INJURY_LINES, job_function_level__in=levels_for(rights))


def visibility_across(*, user: User, organizations: QuerySet[Organization]) -> Q:
    """visibility() in many organizations at once (the inbox): each right of the rule is read
    where the user holds it, as a subquery (hrsuite.inbox.holding, the meaning of
    access.rights_for), so a count per organization matches claims_visible_to() there."""

    def held(right: str) -> Q:
        return Q(organization__in=holding(user, right, organizations))

    lines = [Q(line=line) & held(right) for line, right in LINE_RIGHTS.items()]
    levels = [
        Q(line__in=PERSONAL_INJURY_LINES, job_function_level=level) & held(right)
        for level, right in LEVEL_RIGHTS.items()
    ]
    return held(PORTAL_USER) & reduce(or_, [*lines, *levels])


def claims_visible_to(*, user: User, organization: Organization, rights: frozenset[str] | set[str]) -> QuerySet[Claim]:
    """The organization's claims narrowed by the core's object rules (claims/apps.py registers
    `visibility`), so every read of claims meets the same rule."""
    claims = Claim.objects.filter(organization=organization).select_related("employee", "handler", "policy")
    return visible(claims, user=user, rights=frozenset(rights), organization=organization)


OPEN = "open"  # the status filter's choice for every status but closed


@dataclass(frozen=True)
class ClaimFilters:
    line: str = ""
    status: str = ""
    date_from: date | None = None
    date_to: date | None = None
    search: str = ""
    handler: User | None = None


def claims_list(
    *, user: User, organization: Organization, rights: frozenset[str] | set[str], filters: ClaimFilters
) -> QuerySet[Claim]:
    claims = claims_visible_to(user=user, organization=organization, rights=rights)
    if filters.line:
        claims = claims.filter(line=filters.line)
    if filters.status == OPEN:
        claims = claims.filter(status__in=OPEN_STATUSES)
    elif filters.status:
        claims = claims.filter(status=filters.status)
    if filters.handler:
        claims = claims.filter(handler=filters.handler)
    if filters.date_from:
        claims = claims.filter(reported_on__gte=filters.date_from)
    if filters.date_to:
        claims = claims.filter(reported_on__lte=filters.date_to)
    if filters.search:
        term = filters.search.strip()
        # The employee through the core's one person search ("kari nord" finds Kari Nordmann).
        claims = claims.filter(
            Q(title__icontains=term) | Q(claim_number__icontains=term) | employee_search_q(term, prefix="employee__")
        )
    return claims


def claim_for(*, user: User, organization: Organization, rights: frozenset[str] | set[str], claim_id) -> Claim:
    """One claim the user may see; a hidden claim answers 404 exactly like a missing one."""
    try:
        return claims_visible_to(user=user, organization=organization, rights=rights).get(id=uuid_or_404(claim_id))
    except Claim.DoesNotExist as missing:
        raise Http404 from missing


def claim_activities(*, claim: Claim) -> QuerySet[ClaimActivity]:
    return claim.activities.select_related("author", "addressed_to")


def claim_history(*, claim: Claim):
    return claim.history.select_related("history_user", "handler").order_by("-history_date")


def policies_visible_to(*, organization: Organization, rights: frozenset[str] | set[str]) -> QuerySet[Policy]:
    """Policies of the user's claim lines; a user with no line at all sees every policy."""
    policies = Policy.objects.filter(organization=organization)
    lines = visible_lines(rights)
    return policies.filter(line__in=lines) if lines else policies


def document_for(*, claim: Claim, document_id) -> ClaimDocument:
    try:
        return claim.documents.get(id=uuid_or_404(document_id))
    except ClaimDocument.DoesNotExist as missing:
        raise Http404 from missing


def absences_for(*, organization: Organization, due: bool = False) -> QuerySet[AbsenceWithoutCover]:
    """The organization's absences; `due`: only those whose waiting period is reached and
    that still wait to be converted."""
    absences = AbsenceWithoutCover.objects.filter(organization=organization)
    if due:
        absences = waiting_period_reached(absences, day=organization.today())
    return absences.select_related("employee", "responsible", "policy", "converted_to")


def waiting_period_reached(absences: QuerySet[AbsenceWithoutCover], *, day: date) -> QuerySet[AbsenceWithoutCover]:
    """The absences whose waiting period is reached on day and that are not converted yet."""
    return absences.filter(waiting_period_ends_on__lte=day, converted_to__isnull=True)


def absence_for(*, organization: Organization, absence_id) -> AbsenceWithoutCover:
    try:
        return absences_for(organization=organization).get(id=uuid_or_404(absence_id))
    except AbsenceWithoutCover.DoesNotExist as missing:
        raise Http404 from missing


def allowance_statements(*, claims: QuerySet[Claim]) -> QuerySet[DailyAllowanceStatement]:
    """The statements of these (already visible) claims, per case and month."""
    return (
        DailyAllowanceStatement.objects.filter(claim__in=claims)
        .select_related("claim", "claim__employee")
        .order_by("claim__title", "claim_id", "-month")
    )


def safety_desk_entries(*, organization: Organization, user: User) -> QuerySet[ClaimActivity]:
    return ClaimActivity.objects.filter(
        claim__organization=organization, kind=ActivityKind.SAFETY_DESK, addressed_to=user
    ).order_by("-at")


def claims_settings_for(*, organization: Organization) -> ClaimsSettings:
    return ClaimsSettings.objects.select_related("safety_officer").get_or_create(organization=organization)[0]


@dataclass(frozen=True)
class Statistics:
    per_line_month: list[dict]
    per_line: list[dict]
    open_count: int
    closed_count: int
    average_days: Decimal | None


def claim_statistics(*, claims: QuerySet[Claim]) -> Statistics:
    """Claims per line and month, open vs closed and the average duration of closed claims, over
    the claims given (the caller passes what the user may see)."""
    per_line_month = list(
        claims.annotate(month=TruncMonth("reported_on"))
        .values("month", "line")
        .annotate(count=Count("id"))
        .order_by("month", "line")
    )
    per_line = [
        {**row, "label": ClaimLine(row["line"]).label}
        for row in claims.values("line").annotate(count=Count("id")).order_by("line")
    ]
    totals = claims.aggregate(
        closed=Count("id", filter=Q(status=ClaimStatus.CLOSED)),
        all=Count("id"),
        days=Sum("duration_days", filter=Q(status=ClaimStatus.CLOSED)),
    )
    average = (Decimal(totals["days"]) / totals["closed"]).quantize(Decimal("0.1")) if totals["closed"] else None
    return Statistics(
        per_line_month=per_line_month,
        per_line=per_line,
        open_count=totals["all"] - totals["closed"],
        closed_count=totals["closed"],
        average_days=average,
    )


@dataclass(frozen=True)
class PortalUserRow:
    """One user of the organization at a glance: what the user list shows."""

    access: CompanyAccess
    organizations: list[str]  # the companies the user reaches that the viewer reaches too
    other_organizations: int  # companies beyond the viewer's reach, only counted
    rights: list[str]  # labels
    lines: list[str]  # labels of the claim lines the user sees
    levels: list[str]  # labels of the job function levels whose cases the user sees

    @property
    def user(self) -> User:
        return self.access.user


def portal_users_overview(*, organization: Organization) -> QuerySet[CompanyAccess]:
    """Everyone with a company permission here, with what the overview rows need fetched in
    a fixed number of queries whatever the number of users."""
    return (
        CompanyAccess.objects.filter(organization=organization)
        .select_related("user")
        .prefetch_related(
            Prefetch("rights", queryset=Permission.objects.select_related("content_type").order_by("id")),
            Prefetch(
                "user__company_accesses",
                queryset=CompanyAccess.objects.select_related("organization").order_by("organization__name"),
            ),
        )
        .order_by("user__full_name", "user__email")
    )


def portal_user_rows(*, accesses, viewer: User) -> list[PortalUserRow]:
    """Rows for one page of portal_users_overview(); one query for the viewer's reach."""
    reachable = set(organizations_for(viewer).values_list("id", flat=True))
    rows = []
    for access in accesses:
        permissions = list(access.rights.all())
        names = {right_name(p) for p in permissions}
        others = access.user.company_accesses.all()
        rows.append(
            PortalUserRow(
                access=access,
                organizations=[a.organization.name for a in others if a.organization_id in reachable],
                other_organizations=sum(1 for a in others if a.organization_id not in reachable),
                rights=[right_label(p) for p in permissions],
                lines=[ClaimLine(line).label for line in visible_lines(names)],
                levels=[JobFunctionLevel(level).label for level in JobFunctionLevel if level in levels_for(names)],
            )
        )
    return rows


PERSON_RESULTS = 20


def uuid_or_none(value):
    try:
        return uuid_or_404(value)
    except Http404:
        return None


def person_search(*, organization: Organization, term: str, selected_id=None) -> list:
    """Employees of the organization matching a name or number, with their master data, for
    the filing form. Every employee is found, whether or not their position (job function
    level) came with the import (the level then is the default one); the chosen employee
    stays in the list whatever the term."""
    from hrsuite.models import Employee

    employees = Employee.objects.filter(organization=organization).select_related("department")
    found = []
    if term.strip():
        found = list(employees.filter(employee_search_q(term)).order_by("last_name", "first_name")[:PERSON_RESULTS])
    if selected_id and all(str(e.pk) != str(selected_id) for e in found):
        chosen = employees.filter(pk=uuid_or_none(selected_id)).first()
        if chosen is not None:
            found.insert(0, chosen)
    return found


def health_templates_for(*, organization: Organization) -> QuerySet[HealthTemplate]:
    return HealthTemplate.objects.filter(organization=organization).select_related("uploaded_by")


def health_template_for(*, organization: Organization, template_id) -> HealthTemplate:
    try:
        return health_templates_for(organization=organization).get(id=uuid_or_404(template_id))
    except HealthTemplate.DoesNotExist as missing:
        raise Http404 from missing
