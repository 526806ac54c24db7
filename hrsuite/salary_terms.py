"""Effective-dated salary terms: writes and reads.

A term (hrsuite.models.SalaryTerm) holds salary type, annual salary (monthly paid), hourly wage
(hourly paid), employment percentage and normal hours per day, in force from its valid_from
until the next term's valid_from. Nothing else stores these figures, so:

- a change is a new term from a date (the edit form, the import); the term with exactly that
  valid_from is corrected in place; a term in force before valid_from is never rewritten;
- readers ask for the terms in force on a day (`term_on`) or on each day of a period
  (`terms_for_period`, one query for any number of employees), never for "the" salary.

A term cannot start before the employment starts. Days of the employment before the first
term do not occur: the first term starts with the employment and follows its start when the
start is moved earlier.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from hrsuite import services
from hrsuite.models import SALARY_TERM_FIELDS, Employee, Organization, SalaryTerm, SalaryType, User


def valid_from_problem(*, employment_start: date | None, valid_from: date) -> str | None:
    """Why a term cannot start on valid_from, or None. Shared by the service, form and import."""
    if employment_start is not None and valid_from < employment_start:
        return _("A salary term cannot start before the employment starts (%(start)s).") % {
            "start": date_format(employment_start, "SHORT_DATE_FORMAT")
        }
    return None


def term_values(values: dict) -> dict:
    """The term fields of values, with the field that does not apply to the salary type
    emptied (an hourly term has no annual salary, a monthly one no hourly wage)."""
    wanted = {name: values.get(name) for name in SALARY_TERM_FIELDS}
    wanted["salary_type"] = wanted["salary_type"] or SalaryType.MONTHLY
    if wanted["employment_percentage"] is None:
        wanted["employment_percentage"] = Decimal("100")
    if wanted["salary_type"] == SalaryType.MONTHLY:
        wanted["hourly_wage"] = None
    else:
        wanted["annual_salary"] = None
    return wanted


def salary_field_errors(invalid: ValidationError) -> dict[str, list[str]]:
    """A term's errors keyed by the field names of the form and the import file."""
    return {"salary_valid_from" if name == "valid_from" else name: e for name, e in invalid.message_dict.items()}


def term_differs(term: SalaryTerm | None, values: dict) -> bool:
    """Whether values (as from term_values) would change what term says."""
    return term is None or any(getattr(term, name) != value for name, value in values.items())


@dataclass
class TermChange:
    """A term to write: new from valid_from, or the correction of `replaces` (same valid_from)."""

    employee: Employee
    valid_from: date
    values: dict
    replaces: SalaryTerm | None = None

    def as_term(self) -> SalaryTerm:
        term = self.replaces or SalaryTerm(employee=self.employee, valid_from=self.valid_from)
        for name, value in self.values.items():
            setattr(term, name, value)
        return term


def term_change(
    *, employee: Employee, valid_from: date, values: dict, in_force: SalaryTerm | None
) -> TermChange | None:
    """What setting values from valid_from writes, given the term in force on valid_from:
    nothing when they repeat it, a correction when it starts that very day, else a new
    term. Raises ValidationError naming the field (valid_from or a term field)."""
    problem = valid_from_problem(employment_start=employee.employment_start, valid_from=valid_from)
    if problem:
        raise ValidationError({"valid_from": problem})
    values = term_values(values)
    if not term_differs(in_force, values):
        return None
    replaces = in_force if in_force is not None and in_force.valid_from == valid_from else None
    change = TermChange(employee=employee, valid_from=valid_from, values=values, replaces=replaces)
    # Foreign key and uniqueness are settled by the writer (the employee may not be saved yet).
    change.as_term().full_clean(exclude=["employee"], validate_unique=False, validate_constraints=False)
    return change


def salary_terms_write(*, changes: list[TermChange], actor: User | None) -> None:
    """Write planned changes in bulk, with history (the import writes thousands at once)."""
    created = [change.as_term() for change in changes if change.replaces is None]
    corrected = [change.as_term() for change in changes if change.replaces is not None]
    bulk_create_with_history(created, SalaryTerm, batch_size=1000, default_user=actor)
    if corrected:
        bulk_update_with_history(corrected, SalaryTerm, SALARY_TERM_FIELDS, batch_size=1000, default_user=actor)


@transaction.atomic
def salary_term_set(
    *,
    employee: Employee,
    valid_from: date,
    salary_type: str,
    annual_salary: Decimal | None,
    hourly_wage: Decimal | None,
    employment_percentage: Decimal,
    normal_hours_per_day: Decimal | None,
    actor: User | None,
) -> SalaryTerm:
    """The employee's terms from valid_from on: a new term, or a correction of the term that
    starts on exactly that day. Terms in force before valid_from stay as they are; a change
    that repeats the term already in force writes nothing. Returns the term in force then."""
    employee = Employee.objects.select_for_update().get(pk=employee.pk)
    values = {
        "salary_type": salary_type,
        "annual_salary": annual_salary,
        "hourly_wage": hourly_wage,
        "employment_percentage": employment_percentage,
        "normal_hours_per_day": normal_hours_per_day,
    }
    in_force = term_on(employee=employee, day=valid_from)
    change = term_change(employee=employee, valid_from=valid_from, values=values, in_force=in_force)
    if change is None:
        return in_force
    salary_terms_write(changes=[change], actor=actor)
    return term_on(employee=employee, day=valid_from)


@transaction.atomic
def employee_save(
    *,
    organization: Organization,
    employee: Employee | None,
    fields: dict,
    terms: dict,
    salary_valid_from: date | None,
    actor: User | None,
    request=None,
) -> Employee:
    """Create or update an employee with the salary terms HR entered. A new employee's first
    term starts with the employment; a change of an existing one's terms starts on
    salary_valid_from (default: the organization's today)."""
    if employee is None:
        employee = services.employee_create(organization=organization, actor=actor, request=request, **fields)
        valid_from = employee.employment_start
    else:
        employee = services.employee_update(employee=employee, actor=actor, request=request, **fields)
        employment_start_follow(employee=employee)
        valid_from = salary_valid_from or organization.today()
    try:
        salary_term_set(employee=employee, valid_from=valid_from, actor=actor, **term_values(terms))
    except ValidationError as invalid:
        raise ValidationError(salary_field_errors(invalid)) from invalid
    return employee


def employment_start_follow(*, employee: Employee) -> None:
    """An employment that now starts before its first term takes that term along, so every
    day of the employment has a term (the edit form and the import both call this)."""
    first = SalaryTerm.objects.filter(employee=employee).order_by("valid_from").first()
    if first is not None and first.valid_from > employee.employment_start:
        first.valid_from = employee.employment_start
        first.save(update_fields=["valid_from"])


# --- Reads ---------------------------------------------------------------------------------


def term_on(*, employee: Employee, day: date) -> SalaryTerm | None:
    """The term in force on day (one indexed query), or None before the first term."""
    return SalaryTerm.objects.filter(employee=employee, valid_from__lte=day).order_by("-valid_from").first()


def terms_of(*, employee: Employee) -> QuerySet[SalaryTerm]:
    """Every term of the employee, newest first (the history on the employee's page)."""
    return SalaryTerm.objects.filter(employee=employee).order_by("-valid_from")


@dataclass(frozen=True)
class Span:
    """One stretch of days under one term."""

    first: date
    last: date
    term: SalaryTerm


class Timeline:
    """The terms of one employee over a period, oldest first, as `terms_for_period` found them."""

    def __init__(self, terms: list[SalaryTerm]):
        self.terms = terms

    def on(self, day: date) -> SalaryTerm | None:
        found = None
        for term in self.terms:
            if term.valid_from > day:
                break
            found = term
        return found

    def spans(self, first: date, last: date) -> Iterator[Span]:
        """The stretches of first..last under each term (days before the first term: none)."""
        for index, term in enumerate(self.terms):
            until = self.terms[index + 1].valid_from - timedelta(days=1) if index + 1 < len(self.terms) else last
            start, end = max(first, term.valid_from), min(last, until)
            if start <= end:
                yield Span(start, end, term)


def terms_for_period(
    *,
    start: date,
    end: date,
    organization: Organization | None = None,
    employee_ids: Iterable | None = None,
) -> dict:
    """For each employee (of the organization, or the given ids) a Timeline of the terms in
    force on some day of start..end. ONE query however many employees: every term starting
    on or before end, the older ones dropped here (they end before start)."""
    terms = SalaryTerm.objects.filter(valid_from__lte=end).order_by("employee_id", "valid_from")
    if organization is not None:
        terms = terms.filter(employee__organization=organization)
    if employee_ids is not None:
        terms = terms.filter(employee_id__in=list(employee_ids))
    by_employee: dict = {}
    for term in terms:
        kept = by_employee.setdefault(term.employee_id, [])
        if kept and kept[-1].valid_from <= start and term.valid_from <= start:
            kept.pop()  # superseded before the period begins
        kept.append(term)
    return {employee_id: Timeline(kept) for employee_id, kept in by_employee.items()}


def with_current(employees: QuerySet[Employee], *, day: date, fields: list[str]) -> QuerySet[Employee]:
    """Annotate current_<field> for each term field: its value in the term in force on day,
    as subqueries of the list's own query (no query per employee, none added)."""
    in_force = SalaryTerm.objects.filter(employee=OuterRef("pk"), valid_from__lte=day).order_by("-valid_from")
    return employees.annotate(**{f"current_{name}": Subquery(in_force.values(name)[:1]) for name in fields})
