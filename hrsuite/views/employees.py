from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from hrsuite import salary_terms, selectors, services
from hrsuite.access import employee_for, org_view
from hrsuite.audit import audit_sensitive_read
from hrsuite.dates import short_date
from hrsuite.employee_tabs import tabs_for
from hrsuite.exports import csv_response, xlsx_response
from hrsuite.forms import EmployeeFilterForm, EmployeeForm, EmploymentEndForm
from hrsuite.models import SalaryType
from hrsuite.rendering import apply_validation_error

PAGE_SIZE = 25


LIST_COLUMNS = [
    ("number", _lazy("No.")),
    ("name", _lazy("Name")),
    ("department", _lazy("Department")),
    ("level", _lazy("Job function level")),
    ("employed", _lazy("Employed")),
    ("salary_type", _lazy("Salary type")),
]
EXPORT_HEADER = [
    _lazy("Employee number"),
    _lazy("Last name"),
    _lazy("First name"),
    _lazy("E-mail"),
    _lazy("Department"),
    _lazy("Job title"),
    _lazy("Job function level"),
    _lazy("Employment start"),
    _lazy("Employment end"),
    _lazy("Salary type"),
]


def _sort_headers(query, sort: str) -> list[dict]:
    """Each column with the link that sorts by it (again: the other way) and its aria-sort."""
    key, descending = selectors.parse_sort(sort)
    headers = []
    for column, label in LIST_COLUMNS:
        link = query.copy()
        link["sort"] = f"-{column}" if column == key and not descending else column
        aria = ("descending" if descending else "ascending") if column == key else ""
        headers.append({"key": column, "label": label, "query": link.urlencode(), "aria_sort": aria})
    return headers


def _export(employees, *, organization, kind: str):
    rows = (
        [
            e.number,
            e.last_name,
            e.first_name,
            e.email,
            e.department.name if e.department else "",
            e.job_title,
            e.get_job_function_level_display(),
            e.employment_start,
            e.employment_end,
            SalaryType(e.current_salary_type).label if e.current_salary_type else "",
        ]
        for e in employees.iterator(chunk_size=2000)
    )
    name = f"employees-{organization.today().isoformat()}.{kind}"
    header = [str(label) for label in EXPORT_HEADER]
    if kind == "xlsx":
        return xlsx_response(filename=name, header=header, rows=rows, title=str(_("Employees")))
    return csv_response(filename=name, header=header, rows=rows)


@org_view("hrsuite.view_employee")
def employee_list(request, organization):
    """The list with its search and filters, sorted by any column (whitelisted keys); with
    ?export=csv or ?export=xlsx the same rows, unpaginated, as a download."""
    filters = EmployeeFilterForm(request.GET or None, organization=organization)
    filters.is_valid()
    criteria = filters.cleaned_data if filters.is_bound else {}
    sort = request.GET.get("sort", "")
    employees = selectors.employees_for(
        organization=organization,
        search=criteria.get("q", ""),
        department_id=criteria["department"].id if criteria.get("department") else None,
        status=criteria.get("status") or selectors.EmploymentStatus.ACTIVE,
        sort=sort,
    )
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        return _export(employees, organization=organization, kind=export)
    page = Paginator(employees, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("export", None)
    without_sort = query.copy()
    without_sort.pop("sort", None)
    context = {
        "filters": filters,
        "page": page,
        "query": query.urlencode(),
        "headers": _sort_headers(without_sort, sort),
        "sort": sort,
    }
    template = "hrsuite/employee_list.html#results" if request.htmx else "hrsuite/employee_list.html"
    return render(request, template, context)


def _employee_page(request, organization, employee, tab: str, template: str, context: dict | None = None):
    context = {
        "employee": employee,
        "tabs": tabs_for(request, employee),
        "active_tab": tab,
        **(context or {}),
    }
    return render(request, template, context)


@org_view("hrsuite.view_employee")
def employee_detail(request, organization, employee_id):
    employee = employee_for(organization, employee_id)
    return _overview(request, organization, employee)


def _overview(request, organization, employee, revealed: bool = False):
    terms = list(salary_terms.terms_of(employee=employee))
    today = organization.today()
    context = {
        "terms": terms,
        "term": next((term for term in terms if term.valid_from <= today), None),
        "revealed": revealed,
    }
    return _employee_page(request, organization, employee, "overview", "hrsuite/employee_detail.html", context)


@org_view("hrsuite.view_employee")
def employee_history(request, organization, employee_id):
    employee = employee_for(organization, employee_id)
    history = selectors.employee_history(employee=employee)
    return _employee_page(
        request, organization, employee, "history", "hrsuite/employee_history.html", {"history": history}
    )


@org_view("hrsuite.view_national_id")
def employee_national_id(request, organization, employee_id):
    """Reveal one national id; every reveal is an audit event."""
    employee = employee_for(organization, employee_id)
    audit_sensitive_read(request=request, organization=organization, subject=employee, field="national_id")
    if not request.htmx:  # the Show link without script: the whole overview, the id shown
        return _overview(request, organization, employee, revealed=True)
    return render(request, "hrsuite/employee_detail.html#national-id", {"employee": employee, "revealed": True})


def _save_or_form_error(form, *, organization, employee, request):
    """The employee and their salary terms saved, or None with the refusal on the form."""
    try:
        return salary_terms.employee_save(
            organization=organization,
            employee=employee,
            fields=form.employee_fields,
            terms=form.term_fields,
            salary_valid_from=form.cleaned_data.get("salary_valid_from"),
            actor=request.user,
            request=request,
        )
    except ValidationError as invalid:
        apply_validation_error(form, invalid)
        return None


@org_view("hrsuite.add_employee")
def employee_create(request, organization):
    form = EmployeeForm(request.POST or None, organization=organization, can_edit_national_id=True)
    if request.method == "POST" and form.is_valid():
        employee = _save_or_form_error(form, organization=organization, employee=None, request=request)
        if employee is not None:
            messages.success(request, _("%(name)s was added.") % {"name": employee.full_name})
            return redirect("employee_detail", org_id=organization.id, employee_id=employee.id)
    return render(request, "hrsuite/employee_form.html", {"form": form})


@org_view("hrsuite.change_employee")
def employee_edit(request, organization, employee_id):
    employee = employee_for(organization, employee_id)
    form = EmployeeForm(
        request.POST or None,
        instance=employee,
        organization=organization,
        can_edit_national_id="hrsuite.view_national_id" in request.rights,
        term=salary_terms.term_on(employee=employee, day=organization.today()),
    )
    saved = request.method == "POST" and form.is_valid()
    if saved and _save_or_form_error(form, organization=organization, employee=employee, request=request):
        messages.success(request, _("Changes saved."))
        return redirect("employee_detail", org_id=organization.id, employee_id=employee.id)
    return render(request, "hrsuite/employee_form.html", {"form": form, "employee": employee})


@org_view("hrsuite.change_employee")
def employment_end(request, organization, employee_id):
    employee = employee_for(organization, employee_id)
    """Two steps, both plain forms: the date, then a confirmation naming the employee and the
    date, since ending an employment also ends everything linked to it."""
    form = EmploymentEndForm(request.POST or None, initial={"end_date": organization.today()})
    confirmed = bool(request.POST.get("confirm"))
    if request.method == "POST" and form.is_valid():
        try:
            # Before the confirmation the end is tried and rolled back: a refusal shows at once
            # beside the date, by the service's own rule; nothing is kept or sent.
            with transaction.atomic():
                services.employment_end(
                    employee=employee, end_date=form.cleaned_data["end_date"], actor=request.user, request=request
                )
                transaction.set_rollback(not confirmed)
        except ValidationError as invalid:
            apply_validation_error(form, invalid)
        else:
            if not confirmed:
                employee.refresh_from_db()
                context = {"form": form, "end_date": form.cleaned_data["end_date"], "confirming": True}
                return _employee_page(
                    request, organization, employee, "overview", "hrsuite/employment_end.html", context
                )
            messages.success(
                request,
                _("The employment of %(name)s ends on %(date)s.")
                % {"name": employee.full_name, "date": short_date(form.cleaned_data["end_date"])},
            )
            return redirect("employee_detail", org_id=organization.id, employee_id=employee.id)
    return _employee_page(request, organization, employee, "overview", "hrsuite/employment_end.html", {"form": form})
