"""Reads of core data, always scoped to an organization passed in explicitly."""

from django.db.models import Count, Q, QuerySet

from hrsuite.models import AuditEvent, Department, Employee, EmployeeImport, Organization
from hrsuite.salary_terms import with_current


class EmploymentStatus:
    ACTIVE = "active"
    ENDED = "ended"
    ALL = "all"


def employees_for(
    *, organization: Organization, search: str = "", department_id=None, status: str = EmploymentStatus.ACTIVE
) -> QuerySet[Employee]:
    today = organization.today()
    employees = with_current(
        Employee.objects.filter(organization=organization).select_related("department"),
        day=today,
        fields=["salary_type"],
    )
    if status == EmploymentStatus.ACTIVE:
        employees = employees.filter(Q(employment_end__isnull=True) | Q(employment_end__gte=today))
    elif status == EmploymentStatus.ENDED:
        employees = employees.filter(employment_end__lt=today)
    if department_id:
        employees = employees.filter(department_id=department_id)
    for term in search.split():
        employees = employees.filter(
            Q(first_name__icontains=term)
            | Q(last_name__icontains=term)
            | Q(number__iexact=term)
            | Q(email__iexact=term)
        )
    return employees


def departments_for(*, organization: Organization) -> QuerySet[Department]:
    return Department.objects.filter(organization=organization)


def organization_overview(*, organization: Organization) -> dict:
    today = organization.today()
    counts = Employee.objects.filter(organization=organization).aggregate(
        active=Count(
            "id",
            filter=Q(employment_start__lte=today) & (Q(employment_end__isnull=True) | Q(employment_end__gte=today)),
        ),
        starting=Count("id", filter=Q(employment_start__gt=today)),
        ended=Count("id", filter=Q(employment_end__lt=today)),
    )
    counts["departments"] = Department.objects.filter(organization=organization).count()
    return counts


def organizations_with_counts(organizations: QuerySet[Organization]) -> QuerySet[Organization]:
    return organizations.select_related("office").annotate(
        employee_count=Count("employees", filter=Q(employees__employment_end__isnull=True), distinct=True)
    )


def employee_history(*, employee: Employee) -> list[dict]:
    """Each change of the employee with who made it and every field's before/after."""
    records = list(employee.history.select_related("history_user").order_by("-history_date"))
    departments = {d.id: d.name for d in Department.objects.filter(organization_id=employee.organization_id)}
    changes = []
    for newer, older in zip(records, [*records[1:], None], strict=True):
        entry = {"record": newer, "changes": []}
        if older is not None:
            delta = newer.diff_against(older)
            for change in delta.changes:
                field = Employee._meta.get_field(change.field)
                old, new = change.old, change.new
                if change.field == "department":
                    old, new = departments.get(old, old), departments.get(new, new)
                if change.field == "national_id":
                    old, new = "•••", "•••"
                entry["changes"].append({"field": field.verbose_name, "old": old, "new": new})
        changes.append(entry)
    return changes


def recent_imports(*, organization: Organization, limit: int = 10) -> QuerySet[EmployeeImport]:
    return (
        EmployeeImport.objects.filter(organization=organization).select_related("uploaded_by").defer("content")[:limit]
    )


def audit_events_for(*, organization: Organization) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(organization=organization).select_related("actor")
