"""Reads of core data, always scoped to an organization passed in explicitly."""

from django.contrib.auth.models import Permission
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Length
from django.utils import timezone

from hrsuite.history import field_changes
from hrsuite.models import (
    AuditAction,
    AuditEvent,
    Department,
    Employee,
    EmployeeImport,
    Organization,
    User,
    employed_between_q,
)
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


def _term_differences(previous, record, currency: str) -> list[dict]:
    from hrsuite.history import display_value
    from hrsuite.models import SALARY_TERM_FIELDS, SalaryTerm

    changes = []
    for name in SALARY_TERM_FIELDS:
        old, new = getattr(previous, name), getattr(record, name)
        if old != new:
            field = SalaryTerm._meta.get_field(name)
            changes.append(
                {
                    "field": field.verbose_name,
                    "old": display_value(field, old, currency=currency),
                    "new": display_value(field, new, currency=currency),
                }
            )
    return changes


# Never shown in the clear on the history page (who changed them, and when, is).
SECRET_HISTORY_FIELDS = ("national_id", "bank_account")


def employee_history(*, employee: Employee) -> list[dict]:
    """Each change of the employee and of their salary terms, newest first, with who made
    it, why (an approved self-service request says so) and every field's before and after
    in the reader's format."""
    from hrsuite.models import SalaryTerm

    records = list(employee.history.select_related("history_user").order_by("-history_date"))
    departments = {d.id: d.name for d in Department.objects.filter(organization_id=employee.organization_id)}
    managers = {
        manager.pk: manager.full_name
        for manager in Employee.objects.filter(
            pk__in={r.manager_id for r in records if r.manager_id}, organization_id=employee.organization_id
        ).only("first_name", "last_name")
    }

    def shown(field: str, old, new) -> tuple | None:
        if field == "department":
            return departments.get(old, old), departments.get(new, new)
        if field == "manager":
            return managers.get(old, old), managers.get(new, new)
        if field in SECRET_HISTORY_FIELDS:
            return "•••", "•••"
        return None

    currency = employee.organization.currency
    entries = field_changes(records, shown=shown, currency=currency)
    term_records = SalaryTerm.history.filter(employee_id=employee.pk).select_related("history_user")
    by_term: dict = {}
    for record in term_records.order_by("-history_date"):
        by_term.setdefault(record.id, []).append(record)
    # A new term is a salary change: shown against the term before it (by valid_from).
    firsts = sorted((records[-1] for records in by_term.values()), key=lambda record: record.valid_from)
    before = dict(zip([r.id for r in firsts[1:]], firsts[:-1], strict=True))
    for term_history in by_term.values():
        for entry in field_changes(term_history, currency=currency):
            record = entry["record"]
            entry["salary_term"] = record.valid_from
            previous = before.get(record.id)
            if record.history_type == "+" and previous is not None:
                entry["changes"] = _term_differences(previous, record, currency)
            entries.append(entry)
    return sorted(entries, key=lambda entry: entry["record"].history_date, reverse=True)


def recent_imports(*, organization: Organization, limit: int = 10) -> QuerySet[EmployeeImport]:
    return (
        EmployeeImport.objects.filter(organization=organization).select_related("uploaded_by").defer("content")[:limit]
    )


# Events of a person rather than an organization, recorded without one: an organization's
# log lists those of the people who work in it (its members and employees).
PERSONAL_AUDIT_ACTIONS = (AuditAction.LOGIN, AuditAction.LOGOUT, AuditAction.LOGIN_REFUSED)


def audit_events_for(*, organization: Organization) -> QuerySet[AuditEvent]:
    """The organization's events, and the logins and logouts of its members and employees
    (a provider's staff work for many clients: their logins are in no single client's log)."""
    people = User.objects.filter(
        Q(company_accesses__organization=organization) | Q(employee__organization=organization)
    ).values("pk")
    personal = Q(organization__isnull=True, action__in=PERSONAL_AUDIT_ACTIONS, actor__in=people)
    return AuditEvent.objects.filter(Q(organization=organization) | personal).select_related("actor")
