"""The employee's own self-service page (/me/) and the invitation link.

Everything here is the logged-in person's own data: the employee comes from request.user,
never from the URL, so nobody can reach someone else's page. A section that is not switched
on answers 404, exactly as if it did not exist.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hrsuite.rendering import apply_validation_error, message_from
from selfservice import sections, selectors, services
from selfservice.forms import AcceptInvitationForm, PersonalDetailsForm
from timesheets.selectors import payroll


def own_employee(user):
    """The employee record of the logged-in person; someone without one has no page here."""
    employee = getattr(user, "employee", None)
    if employee is None:
        raise Http404
    return employee


def _menu(request, employee, features) -> list[dict]:
    current = request.resolver_match.view_name if request.resolver_match else ""
    items = [{"label": _("Overview"), "url": reverse("selfservice:home"), "current": current == "selfservice:home"}]
    for section in sections.shown_sections(employee, features):
        if section.url_name:
            items.append(
                {"label": section.label, "url": reverse(section.url_name), "current": current == section.url_name}
            )
    return items


def me_context(request, employee, features) -> dict:
    """What every page under My page needs (selfservice/me_base.html), for other apps' pages too."""
    return {"employee": employee, "menu": _menu(request, employee, features), "features": features}


def _page(request, template, employee, features, context=None):
    return render(request, template, {**me_context(request, employee, features), **(context or {})})


def section_view(key: str):
    """Only the employee, only when the section is switched on for their organization."""

    def decorate(view):
        @wraps(view)
        @login_required
        def wrapper(request, *args, **kwargs):
            employee = own_employee(request.user)
            features = selectors.enabled_features(organization=employee.organization)
            section = sections.get(key)
            if section is None or not sections.is_shown(section, employee, features):
                raise Http404
            timezone.activate(employee.organization.tz)
            return view(request, *args, employee=employee, features=features, **kwargs)

        return wrapper

    return decorate


@login_required
def home(request):
    employee = own_employee(request.user)
    timezone.activate(employee.organization.tz)
    features = selectors.enabled_features(organization=employee.organization)
    cards = [
        render_to_string(
            section.template,
            {**section.context(employee), "employee": employee, "section": section},
            request=request,
        )
        for section in sections.shown_sections(employee, features)
    ]
    return _page(request, "selfservice/home.html", employee, features, {"cards": cards})


@section_view("personal_data")
def personal_data(request, employee, features):
    context = {
        "details": selectors.personal_details_for(employee=employee),
        "can_change": sections.is_shown(sections.get("change_requests"), employee, features)
        if sections.get("change_requests")
        else False,
    }
    return _page(request, "selfservice/personal_data.html", employee, features, context)


@section_view("change_requests")
def change_request_create(request, employee, features):
    details = selectors.personal_details_for(employee=employee)
    form = PersonalDetailsForm(request.POST or None, instance=details)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.fields}
        try:
            services.change_request_submit(employee=employee, values=values)
        except ValidationError as refused:
            apply_validation_error(form, refused)
        else:
            messages.success(request, _("Your change was sent to HR for approval."))
            return redirect("selfservice:change_request_create")
    pending = selectors.change_requests_of(employee=employee)[:20]
    return _page(
        request,
        "selfservice/change_request_form.html",
        employee,
        features,
        {"form": form, "change_requests": pending},
    )


@require_POST
@section_view("change_requests")
def change_request_withdraw(request, employee, features, request_id):
    change_request = selectors.change_requests_of(employee=employee).filter(id=request_id).first()
    if change_request is None:
        raise Http404
    try:
        services.change_request_withdraw(change_request=change_request, actor=request.user)
    except ValidationError as refused:
        messages.error(request, message_from(refused))
    else:
        messages.success(request, _("Your request was withdrawn."))
    return redirect("selfservice:change_request_create")


def invitation_accept(request, token):
    """The one-time link from the invitation e-mail: choose the login e-mail and a password."""
    invitation = services.invitation_from_token(token)
    if invitation is None:
        return render(request, "selfservice/invitation_invalid.html", status=404)
    form = AcceptInvitationForm(request.POST or None, initial={"email": invitation.email})
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(
                invitation=invitation, email=form.cleaned_data["email"], password=form.cleaned_data["password1"]
            )
        except ValidationError as refused:
            apply_validation_error(form, refused)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome! Your self-service login is ready."))
            return redirect("selfservice:home")
    return render(request, "selfservice/invitation_accept.html", {"form": form, "invitation": invitation})


@section_view("payslips")
def payslips(request, employee, features):
    return _page(
        request,
        "selfservice/payslips.html",
        employee,
        features,
        {"payslips": payroll.payslips_for_employee(employee=employee)},
    )


@section_view("payslips")
def payslip(request, employee, features, payslip_id):
    detail = payroll.payslip_detail(employee=employee, payslip_id=payslip_id)
    if detail is None:
        raise Http404
    return _page(
        request, "selfservice/payslip.html", employee, features, {**detail, "organization": employee.organization}
    )


@section_view("annual_statements")
def annual_statements(request, employee, features):
    statements = payroll.annual_statements_for_employee(employee=employee)
    return _page(request, "selfservice/annual_statements.html", employee, features, {"statements": statements})


@section_view("annual_statements")
def annual_statement(request, employee, features, year):
    statement = next((s for s in payroll.annual_statements_for_employee(employee=employee) if s["year"] == year), None)
    if statement is None:
        raise Http404
    return _page(request, "selfservice/annual_statement.html", employee, features, {"statement": statement})
