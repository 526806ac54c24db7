"""HR: invitations, the employee's Self-service tab and the change-request queue."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hrsuite.access import employee_for, org_view
from hrsuite.audit import audit_sensitive_read
from hrsuite.employee_tabs import tabs_for
from hrsuite.rendering import message_from
from selfservice import selectors, services
from selfservice.forms import BulkInviteForm, DecisionForm, InviteForm
from selfservice.models import ChangeRequest
from selfservice.privacy import mask_email

TAB_TEMPLATE = "selfservice/employee_tab.html"


def change_request_for(organization, request_id) -> ChangeRequest:
    """A change request of this organization's employees; anything else is 404."""
    try:
        return ChangeRequest.objects.select_related("employee", "employee__organization", "decided_by").get(
            employee__organization=organization, id=request_id
        )
    except ChangeRequest.DoesNotExist as missing:
        raise Http404 from missing


def _tab_context(request, employee, *, invite_form=None, revealed=False, details_revealed=False) -> dict:
    email = selectors.selfservice_email(employee=employee)
    return {
        "employee": employee,
        "tabs": tabs_for(request, employee),
        "active_tab": "selfservice",
        "invitation": selectors.latest_invitation(employee=employee),
        "details": employee,
        "has_login": employee.user_id is not None,
        "email": email,
        "masked_email": mask_email(email),
        "revealed": revealed,
        "details_revealed": details_revealed,
        "details_masked": not details_revealed,
        "invite_form": invite_form or InviteForm(initial={"email": employee.email}),
        "invitation_days": services.INVITATION_MAX_AGE // 86400,
    }


@org_view("hrsuite.view_employee")
def employee_tab(request, organization, employee_id):
    employee = employee_for(organization, employee_id)
    return render(request, TAB_TEMPLATE, _tab_context(request, employee))


def _reveal(request, organization, employee_id, *, field: str, partial: str, **revealed):
    """Show one masked part of the tab in the clear; every reveal is an audit event."""
    employee = employee_for(organization, employee_id)
    audit_sensitive_read(request=request, organization=organization, subject=employee, field=field)
    context = _tab_context(request, employee, **revealed)
    return render(request, f"{TAB_TEMPLATE}#{partial}" if request.htmx else TAB_TEMPLATE, context)


@org_view("selfservice.view_selfservice_email")
def employee_email(request, organization, employee_id):
    """The address the employee registered with."""
    return _reveal(request, organization, employee_id, field="selfservice_email", partial="email", revealed=True)


@org_view("selfservice.view_personal_details")
def employee_personal_details(request, organization, employee_id):
    """Address, phone, bank account and emergency contact."""
    return _reveal(
        request, organization, employee_id, field="personal_details", partial="details", details_revealed=True
    )


@require_POST
@org_view("selfservice.invite_employees")
def invite(request, organization, employee_id):
    employee = employee_for(organization, employee_id)
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            services.invitation_create(employee=employee, actor=request.user, email=form.cleaned_data["email"])
        except ValidationError as refused:
            messages.error(request, message_from(refused))
        else:
            messages.success(request, _("An invitation was sent to %(email)s.") % {"email": form.cleaned_data["email"]})
        return redirect("selfservice:employee_tab", org_id=organization.id, employee_id=employee.id)
    return render(request, TAB_TEMPLATE, _tab_context(request, employee, invite_form=form))


@org_view("selfservice.invite_employees")
def invitations(request, organization):
    """Every current employee with their self-service status; invite several at once."""
    employees = selectors.employees_with_selfservice_status(organization=organization)
    form = BulkInviteForm(request.POST or None, employees=employees.filter(user__isnull=True))
    chosen = None
    if request.method == "POST" and request.POST.get("scope") == "uninvited":
        chosen = employees.filter(user__isnull=True, invited_at__isnull=True).exclude(email="")
    elif request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["employees"]
    if chosen is not None:
        invited, skipped = services.invitations_create(employees=chosen, actor=request.user)
        if invited:
            messages.success(request, _("%(count)s invitations sent.") % {"count": len(invited)})
        elif not skipped:
            messages.info(request, _("Everyone with an e-mail address has been invited already."))
        for reason in skipped:
            messages.warning(request, reason)
        return redirect("selfservice:invitations", org_id=organization.id)
    page = Paginator(employees, 50).get_page(request.GET.get("page"))
    context = {"page": page, "form": form, "active": selectors.is_active(organization=organization)}
    return render(request, "selfservice/invitations.html", context)


@org_view("selfservice.review_change_requests")
def change_requests(request, organization):
    status = request.GET.get("status", ChangeRequest.Status.PENDING)
    if status not in ChangeRequest.Status.values:
        status = ChangeRequest.Status.PENDING
    queue = selectors.change_requests_for(organization=organization, status=status)
    page = Paginator(queue, 25).get_page(request.GET.get("page"))
    context = {"page": page, "status": status, "statuses": ChangeRequest.Status.choices}
    return render(request, "selfservice/change_requests.html", context)


@org_view("selfservice.review_change_requests")
def change_request_detail(request, organization, request_id):
    """GET shows the requested change beside the current values; POST decides it."""
    change_request = change_request_for(organization, request_id)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == "approve":
                services.change_request_approve(change_request=change_request, actor=request.user)
                messages.success(request, _("The change was approved and applied."))
            else:
                services.change_request_reject(
                    change_request=change_request, actor=request.user, note=form.cleaned_data["note"]
                )
                messages.success(request, _("The change was rejected."))
        except ValidationError as refused:
            messages.error(request, message_from(refused))
        return redirect("selfservice:change_requests", org_id=organization.id)
    employee = change_request.employee
    change_request.current_values = {name: getattr(employee, name) for name in change_request.changes}
    context = {
        "change_request": change_request,
        "form": form,
        "flags": selectors.unusual(change_request=change_request),
    }
    return render(request, "selfservice/change_request_detail.html", context)
