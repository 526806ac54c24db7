import uuid
from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from benefits import selectors, services
from benefits.forms import FORMS, BenefitEndForm, DayForm, EmployeeLinkForm, LinkEmployeesForm, LinkEndForm
from benefits.kinds import INSURANCES, KINDS, OTHER_BENEFITS, Kind
from benefits.selectors import MODULE
from hrsuite.access import employee_for, org_view, require
from hrsuite.dates import short_date
from hrsuite.employee_tabs import tabs_for
from hrsuite.exports import csv_response
from hrsuite.rendering import apply_validation_error

PAGE_SIZE = 50


def benefits_view(action: str | None = None, *, right: str | None = None):
    """The core's org_view for the benefits module (off: 404 on every page, as if it did not
    exist), plus: the user needs the URL kind's right for `action`."""

    def decorate(view):
        @org_view(right, module=MODULE)
        @wraps(view)
        def wrapper(request, *args, organization, **kwargs):
            kind = kwargs.get("kind")
            if action is not None and kind is not None:
                require(request, kind.right(action))
            return view(request, *args, organization=organization, **kwargs)

        return wrapper

    return decorate


# --- Benefits on the organization ---------------------------------------------------------


@benefits_view()
def index(request, organization):
    for kind in KINDS.values():
        if kind.right("view") in request.rights:
            return redirect("benefits:benefit_list", org_id=organization.id, kind=kind)
    raise PermissionDenied


@benefits_view("view")
def benefit_list(request, organization, kind: Kind):
    today = organization.today()
    benefits = list(selectors.benefits_for(kind=kind, organization=organization, day=today))
    for benefit in benefits:
        benefit.status = benefit.status_on(today)
    return render(
        request,
        "benefits/benefit_list.html",
        {"kind": kind, "kinds": _kind_tabs(request), "benefits": benefits, "add_right": kind.right("add")},
    )


def _kind_tabs(request) -> list[Kind]:
    return [kind for kind in KINDS.values() if kind.right("view") in request.rights]


@benefits_view("add")
def benefit_create(request, organization, kind: Kind):
    form = FORMS[kind.slug](
        request.POST or None, organization=organization, initial={"start_date": organization.today()}
    )
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        benefit = services.benefit_create(benefit_kind=kind, organization=organization, actor=request.user, **fields)
        messages.success(request, _("%(name)s was created. Now link the employees it applies to.") % {"name": benefit})
        return redirect("benefits:benefit_employees", org_id=organization.id, kind=kind, benefit_id=benefit.id)
    return render(request, "benefits/benefit_form.html", {"kind": kind, "form": form})


def _benefit_page(request, kind, benefit, tab: str, template: str, context: dict | None = None):
    today = benefit.organization.today()
    context = {
        "kind": kind,
        "benefit": benefit,
        "status": benefit.status_on(today),
        "active_tab": tab,
        "change_right": kind.right("change"),
        "today": today,
        **(context or {}),
    }
    return render(request, template, context)


@benefits_view("view")
def benefit_detail(request, organization, kind: Kind, benefit_id):
    benefit = selectors.benefit_for(kind=kind, organization=organization, benefit_id=benefit_id)
    covered = benefit.links.covering(organization.today()).count()
    return _benefit_page(request, kind, benefit, "details", "benefits/benefit_detail.html", {"covered": covered})


@benefits_view("change")
def benefit_edit(request, organization, kind: Kind, benefit_id):
    benefit = selectors.benefit_for(kind=kind, organization=organization, benefit_id=benefit_id)
    form = FORMS[kind.slug](request.POST or None, instance=benefit, organization=organization)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.benefit_update(benefit=benefit, actor=request.user, **fields)
        except ValidationError as invalid:
            apply_validation_error(form, invalid)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("benefits:benefit_detail", org_id=organization.id, kind=kind, benefit_id=benefit.id)
    return render(request, "benefits/benefit_form.html", {"kind": kind, "form": form, "benefit": benefit})


@benefits_view("change")
def benefit_end(request, organization, kind: Kind, benefit_id):
    benefit = selectors.benefit_for(kind=kind, organization=organization, benefit_id=benefit_id)
    form = BenefitEndForm(request.POST or None, initial={"end_date": benefit.end_date or organization.today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.benefit_end(benefit=benefit, end_date=form.cleaned_data["end_date"], actor=request.user)
        except ValidationError as invalid:
            apply_validation_error(form, invalid)
        else:
            messages.success(
                request,
                _("%(name)s ends on %(date)s; its links end on the same date.")
                % {"name": benefit.name, "date": short_date(form.cleaned_data["end_date"])},
            )
            return redirect("benefits:benefit_detail", org_id=organization.id, kind=kind, benefit_id=benefit.id)
    return _benefit_page(request, kind, benefit, "details", "benefits/benefit_end.html", {"form": form})


# --- A benefit's employees ------------------------------------------------------------------


def _employees_context(
    request, organization, kind, benefit, form=None, notice: str = "", selected=(), refused=()
) -> dict:
    """The Employees tab: who is linked (searchable, paged, ticked for a bulk end) and the
    picker to link more; selected keeps ticked employees ticked after a refusal."""
    today = organization.today()
    find = request.GET.get("find", "").strip()
    links = selectors.benefit_links(benefit=benefit, day=today, search=find)
    page = Paginator(links, PAGE_SIZE).get_page(request.GET.get("page"))
    can_change = kind.right("change") in request.rights
    if form is None and can_change:
        form = LinkEmployeesForm(organization=organization, initial={"valid_from": max(today, benefit.start_date)})
    q = request.GET.get("q", "")
    return {
        "page": page,
        "form": form,
        "can_change": can_change,
        "today": today,
        "notice": notice,
        "refused": refused,
        "selected": selected,
        "candidates": selectors.link_candidates(
            benefit=benefit, day=today, search=q, exclude_ids=[e.id for e in selected]
        )
        if can_change
        else [],
        "q": q,
        "find": find,
    }


@benefits_view("view")
def benefit_employees(request, organization, kind: Kind, benefit_id):
    benefit = selectors.benefit_for(kind=kind, organization=organization, benefit_id=benefit_id)
    context = _employees_context(request, organization, kind, benefit)
    if request.htmx:
        return _benefit_page(request, kind, benefit, "employees", "benefits/benefit_employees.html#links", context)
    return _benefit_page(request, kind, benefit, "employees", "benefits/benefit_employees.html", context)


@benefits_view("change")
def benefit_candidates(request, organization, kind: Kind, benefit_id):
    """Search as you type: matching employees, with the ones already ticked kept on top."""
    benefit = selectors.benefit_for(kind=kind, organization=organization, benefit_id=benefit_id)
    today = organization.today()
    selected = list(benefit.organization.employees.filter(id__in=_uuids(request.GET.getlist("employees"))))
    candidates = selectors.link_candidates(
        benefit=benefit, day=today, search=request.GET.get("q", ""), exclude_ids=[e.id for e in selected]
    )
    return render(
        request,
        "benefits/benefit_employees.html#candidates",
        {"kind": kind, "benefit": benefit, "candidates": candidates, "selected": selected, "today": today},
    )


def _uuids(values: list[str]) -> list[str]:
    valid = []
    for value in values:
        try:
            valid.append(str(uuid.UUID(value)))
        except ValueError:
            continue
    return valid


@require_POST
@benefits_view("change")
def benefit_link(request, organization, kind: Kind, benefit_id):
    """Links whoever may be linked; refused employees are listed with the reason and stay
    ticked, so correcting one date does not mean picking everyone again."""
    benefit = selectors.benefit_for(kind=kind, organization=organization, benefit_id=benefit_id)
    form = LinkEmployeesForm(request.POST, organization=organization)
    notice = ""
    selected, refused = [], []
    if form.is_valid():
        selected = list(form.cleaned_data["employees"])
        try:
            result = services.benefit_link_employees(
                benefit=benefit,
                employees=form.chosen_employees(),
                valid_from=form.cleaned_data["valid_from"],
                actor=request.user,
            )
        except ValidationError as invalid:
            apply_validation_error(form, invalid)
        else:
            notice = _link_notice(result)
            refused = result.refused
            if not refused:
                if not request.htmx:
                    messages.success(request, notice)
                    return redirect(
                        "benefits:benefit_employees", org_id=organization.id, kind=kind, benefit_id=benefit.id
                    )
                form = None
                selected = []
            else:
                refused_ids = {refusal.employee.id for refusal in refused}
                selected = [e for e in selected if e.id in refused_ids] or [r.employee for r in refused]
    else:
        selected = list(organization.employees.filter(id__in=_uuids(request.POST.getlist("employees"))))
    context = _employees_context(
        request, organization, kind, benefit, form=form, notice=notice, selected=selected, refused=refused
    )
    template = "benefits/benefit_employees.html" + ("#panel" if request.htmx else "")
    return _benefit_page(request, kind, benefit, "employees", template, context)


def _link_notice(result) -> str:
    notice = _("%(count)s employees linked.") % {"count": len(result.created)}
    if result.already_linked:
        notice += " " + _("%(count)s were already linked.") % {"count": len(result.already_linked)}
    if result.refused:
        notice += " " + _("%(count)s could not be linked (below).") % {"count": len(result.refused)}
    return notice


@require_POST
@benefits_view("change")
def benefit_links_end(request, organization, kind: Kind, benefit_id):
    """End the ticked links on one date. Nothing ticked: say so at once, no confirmation.
    Otherwise a confirmation page names everyone affected and the date before anything ends."""
    benefit = selectors.benefit_for(kind=kind, organization=organization, benefit_id=benefit_id)
    back = redirect("benefits:benefit_employees", org_id=organization.id, kind=kind, benefit_id=benefit.id)
    links = list(
        selectors.benefit_links(benefit=benefit, day=organization.today()).filter(
            id__in=_uuids(request.POST.getlist("links"))
        )
    )
    if not links:
        messages.error(request, _("Tick the employees whose link should end; nothing was changed."))
        return back
    form = LinkEndForm(request.POST)
    if form.is_valid() and request.POST.get("confirm"):
        result = services.benefit_links_end(
            benefit=benefit,
            link_ids=[link.id for link in links],
            end_date=form.cleaned_data["end_date"],
            actor=request.user,
        )
        notice = _("%(count)s links end on %(date)s.") % {
            "count": len(result.ended),
            "date": short_date(form.cleaned_data["end_date"]),
        }
        if result.cancelled:
            notice += " " + _("%(count)s had not started and are cancelled.") % {"count": len(result.cancelled)}
        if result.unchanged:
            notice += " " + _("Already ending by then, left as they were: %(names)s.") % {
                "names": ", ".join(link.employee.full_name for link in result.unchanged)
            }
        messages.success(request, notice)
        return back
    context = {"kind": kind, "benefit": benefit, "links": links, "form": form}
    return render(request, "benefits/links_end_confirm.html", context)


@benefits_view("view")
def benefit_history(request, organization, kind: Kind, benefit_id):
    benefit = selectors.benefit_for(kind=kind, organization=organization, benefit_id=benefit_id)
    history = selectors.benefit_history(benefit=benefit, kind=kind)
    return _benefit_page(request, kind, benefit, "history", "benefits/benefit_history.html", {"history": history})


def _day(request, organization):
    """The date asked for (?on=), today by default; the form shows which date is listed."""
    form = DayForm(request.GET or None)
    day = form.cleaned_data.get("on") if form.is_valid() else None
    if day is None:
        day = organization.today()
        if not form.errors:  # a mistyped day stays in the box beside its error
            form = DayForm(initial={"on": day})
    return form, day


@benefits_view("view")
def benefit_covered(request, organization, kind: Kind, benefit_id):
    """Who was covered on a date (today unless chosen)."""
    benefit = selectors.benefit_for(kind=kind, organization=organization, benefit_id=benefit_id)
    form, day = _day(request, organization)
    links = selectors.covered_on(benefit=benefit, day=day)
    context = {"form": form, "day": day, "links": links}
    return _benefit_page(request, kind, benefit, "covered", "benefits/benefit_covered.html", context)


@benefits_view("view")
def benefit_covered_csv(request, organization, kind: Kind, benefit_id):
    """The same list as a CSV file for the insurer."""
    benefit = selectors.benefit_for(kind=kind, organization=organization, benefit_id=benefit_id)
    _form, day = _day(request, organization)
    agreement = getattr(benefit, "agreement_number", "")
    header = [
        "organization",
        "org_number",
        "benefit",
        "agreement_number",
        "covered_on",
        "employee_number",
        "first_name",
        "last_name",
        "birth_date",
        "department",
        "covered_from",
        "covered_to",
    ]
    rows = (
        [
            organization.name,
            organization.org_number,
            benefit.name,
            agreement,
            day,
            link.employee.number,
            link.employee.first_name,
            link.employee.last_name,
            link.employee.birth_date,
            link.employee.department.name if link.employee.department else "",
            link.valid_from,
            link.valid_to,
        ]
        for link in selectors.covered_on(benefit=benefit, day=day)
    )
    filename = f"covered-{slugify(benefit.name) or 'benefit'}-{day.isoformat()}.csv"
    return csv_response(filename=filename, header=header, rows=rows)


# --- Ending a link (from either side) ---------------------------------------------------------


@benefits_view("change")
def link_end(request, organization, kind: Kind, link_id):
    link = selectors.link_for(kind=kind, organization=organization, link_id=link_id)
    back = request.POST.get("back") or request.GET.get("back") or "benefit"
    form = LinkEndForm(request.POST or None, initial={"end_date": organization.today()})
    if request.method == "POST" and form.is_valid():
        try:
            ended = services.link_end(link=link, end_date=form.cleaned_data["end_date"], actor=request.user)
        except ValidationError as invalid:
            apply_validation_error(form, invalid)
        else:
            notice = (
                _("%(name)s is no longer covered by %(benefit)s after %(date)s.")
                % {"name": link.employee.full_name, "benefit": link.benefit.name, "date": short_date(ended.valid_to)}
                if ended
                else _("The link of %(name)s to %(benefit)s had not started; it is cancelled.")
                % {"name": link.employee.full_name, "benefit": link.benefit.name}
            )
            return _after_link_change(request, organization, kind, link, back, notice)
    return render(request, "benefits/link_end.html", {"kind": kind, "link": link, "form": form, "back": back})


def _after_link_change(request, organization, kind, link, back: str, notice: str):
    if back == "employee":
        employee = link.employee
        if request.htmx:
            return _employee_panel(request, organization, employee, notice=notice)
        messages.success(request, notice)
        return redirect("benefits:employee_benefits", org_id=organization.id, employee_id=employee.id)
    benefit = link.benefit
    if request.htmx:
        context = _employees_context(request, organization, kind, benefit, notice=notice)
        return _benefit_page(request, kind, benefit, "employees", "benefits/benefit_employees.html#panel", context)
    messages.success(request, notice)
    return redirect("benefits:benefit_employees", org_id=organization.id, kind=kind, benefit_id=benefit.id)


# --- The employee's Benefits tab --------------------------------------------------------------


def _employee_sections(request, organization, employee, forms: dict | None = None) -> list[dict]:
    today = organization.today()
    sections = []
    for kind in (INSURANCES, OTHER_BENEFITS):
        if kind.right("view") not in request.rights:
            continue
        can_change = kind.right("change") in request.rights
        form = (forms or {}).get(kind.slug)
        if form is None and can_change:
            form = _employee_link_form(kind, organization, employee, None)
        sections.append(
            {
                "kind": kind,
                "links": selectors.employee_links(employee=employee, kind=kind, day=today),
                "form": form,
                "can_change": can_change,
            }
        )
    return sections


def _employee_link_form(kind, organization, employee, data):
    today = organization.today()
    return EmployeeLinkForm(
        data,
        benefits=selectors.linkable_benefits(kind=kind, organization=organization, day=today),
        label=kind.label,
        initial={"valid_from": max(today, employee.employment_start)},
        prefix=kind.slug,
    )


def _employee_panel(request, organization, employee, forms=None, notice: str = "", full: bool = False):
    any_view = any(kind.right("view") in request.rights for kind in KINDS.values())
    if not any_view:
        raise PermissionDenied
    context = {
        "employee": employee,
        "tabs": tabs_for(request, employee),
        "active_tab": "benefits",
        "sections": _employee_sections(request, organization, employee, forms),
        "history": selectors.employee_benefit_history(employee=employee),
        "notice": notice,
        "today": organization.today(),
    }
    template = "benefits/employee_benefits.html" + ("" if full else "#panel")
    return render(request, template, context)


@benefits_view(right="hrsuite.view_employee")
def employee_benefits(request, organization, employee_id):
    employee = employee_for(organization, employee_id)
    return _employee_panel(request, organization, employee, full=True)


@require_POST
@benefits_view("change", right="hrsuite.view_employee")
def employee_benefit_add(request, organization, employee_id, kind: Kind):
    employee = employee_for(organization, employee_id)
    form = _employee_link_form(kind, organization, employee, request.POST)
    notice = ""
    if form.is_valid():
        benefit = form.cleaned_data["benefit"]
        try:
            result = services.benefit_link_employees(
                benefit=benefit, employees=[employee], valid_from=form.cleaned_data["valid_from"], actor=request.user
            )
            if result.refused:
                raise ValidationError({"valid_from": result.refused[0].reasons})
        except ValidationError as invalid:
            apply_validation_error(form, invalid)
        else:
            notice = (
                _("%(name)s is linked to %(benefit)s.")
                if result.created
                else _("%(name)s was already linked to %(benefit)s.")
            ) % {"name": employee.full_name, "benefit": benefit.name}
            if not request.htmx:
                messages.success(request, notice)
                return redirect("benefits:employee_benefits", org_id=organization.id, employee_id=employee.id)
            form = None
    forms = {kind.slug: form} if form is not None else None
    return _employee_panel(request, organization, employee, forms=forms, notice=notice, full=not request.htmx)
