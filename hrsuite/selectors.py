"""Reads of core data, always scoped to an organization passed in explicitly."""

from django.contrib.auth.models import Permission
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Length
from django.utils import timezone

from hrsuite.history import field_changes
from hrsuite.models import AuditEvent, Department, Employee, EmployeeImport, Organization, User, employed_between_q
from hrsuite.salary_terms import with_current


class EmploymentStatus:
    ACTIVE = "active"
    ENDED = "ended"
    ALL = "all"


# The employee list's sort keys (?sort=name, ?sort=-name) and the columns they order by; the
# primary key last, so rows that tie keep one order from page to page.
EMPLOYEE_SORTS = {
    "number": (Length("number"), "number"),
    "name": ("last_name", "first_name"),
    "department": ("department__name",),
    "level": ("job_function_level",),
    "employed": ("employment_start",),
    "salary_type": ("current_salary_type",),
}
DEFAULT_EMPLOYEE_SORT = "name"


def parse_sort(value: str | None) -> tuple[str, bool]:
    """(key, descending) of a ?sort= value; anything unknown is the default order."""
    value = value or ""
    key, descending = value.removeprefix("-"), value.startswith("-")
    return (key, descending) if key in EMPLOYEE_SORTS else (DEFAULT_EMPLOYEE_SORT, False)


def employees_for(
    *,
    organization: Organization,
    search: str = "",
    department_id=None,
    status: str = EmploymentStatus.ACTIVE,
    sort: str = "",
) -> QuerySet[Employee]:
    today = organization.today()
    employees = with_current(
        Employee.objects.filter(organization=organization).select_related("department"),
        day=today,
        fields=["salary_type"],
    )
    if status == EmploymentStatus.ACTIVE:  # employed today or starting later
        employees = employees.employed_between(today, None)
    elif status == EmploymentStatus.ENDED:
        employees = employees.filter(employment_end__lt=today)
    if department_id:
        employees = employees.filter(department_id=department_id)
    key, descending = parse_sort(sort)
    columns = [F(c) if isinstance(c, str) else c for c in EMPLOYEE_SORTS[key]]
    ordering = [c.desc(nulls_last=True) if descending else c.asc(nulls_last=True) for c in columns]
    return employees.search(search).order_by(*ordering, "pk")


def next_employee_number(*, organization: Organization) -> str:
    """One more than the highest all-digit employee number (1001 for the first employee):
    a suggestion for the create form and the import template that cannot collide."""
    numbers = Employee.objects.filter(organization=organization).values_list("number", flat=True)
    highest = max((int(number) for number in numbers if number.isdigit() and len(number) < 18), default=1000)
    return str(highest + 1)


def departments_for(*, organization: Organization) -> QuerySet[Department]:
    return Department.objects.filter(organization=organization)


def users_with_right(*, organization: Organization, right: str) -> QuerySet[User]:
    """Active users holding `right` ("app.codename") in the organization, with the meaning of
    access.rights_for: provider staff of its office by the rights on their user (or groups),
    everyone else by their company permission there. Every notifier asks this. Superusers
    are technical administrators, not recipients, unless they qualify on their own."""
    app_label, codename = right.split(".", 1)
    permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    staff = Q(office_id=organization.office_id) & (
        Q(user_permissions__in=permission) | Q(groups__permissions__in=permission)
    )
    # Staff of the office are judged by their own rights, even with a company permission.
    member = ~Q(office_id=organization.office_id) & Q(
        company_accesses__organization=organization, company_accesses__rights__in=permission
    )
    holders = User.objects.filter(staff | member, is_active=True).values("pk")
    return User.objects.filter(pk__in=holders).order_by("email")


def organization_overview(*, organization: Organization) -> dict:
    today = organization.today()
    counts = Employee.objects.filter(organization=organization).aggregate(
        active=Count("id", filter=employed_between_q(today, today)),  # EmployeeQuerySet.current
        starting=Count("id", filter=Q(employment_start__gt=today)),
        ended=Count("id", filter=Q(employment_end__lt=today)),
    )
    counts["departments"] = Department.objects.filter(organization=organization).count()
    return counts


def organizations_with_counts(organizations: QuerySet[Organization]) -> QuerySet[Organization]:
    """With employee_count: current employees, the same rule as the overview's count
    (EmployeeQuerySet.current), on today's date."""
    today = timezone.localdate()
    current = employed_between_q(today, today, prefix="employees__")
    return organizations.select_related("office").annotate(
        employee_count=Count("employees", filter=current, distinct=True)
    )


def employee_history(*, employee: Employee) -> list[dict]:
    """Each change of the employee with who made it and every field's before/after."""
    records = list(employee.history.select_related("history_user").order_by("-history_date"))
    departments = {d.id: d.name for d in Department.objects.filter(organization_id=employee.organization_id)}

    def shown(field: str, old, new) -> tuple:
        if field == "department":
            return departments.get(old, old), departments.get(new, new)
        if field == "national_id":
            return "•••", "•••"
        return old, new

    return field_changes(records, shown=shown)


def recent_imports(*, organization: Organization, limit: int = 10) -> QuerySet[EmployeeImport]:
    return (
        EmployeeImport.objects.filter(organization=organization).select_related("uploaded_by").defer("content")[:limit]
    )


def audit_events_for(*, organization: Organization) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(organization=organization).select_related("actor")
