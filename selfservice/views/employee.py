"""Self-service's pages under My page (hrsuite/me.py: personal data and change requests) and
the invitation link.

Everything here is the logged-in person's own data: the employee comes from request.user,
never from the URL, so nobody can reach someone else's page. A section that is not switched
on answers 404, exactly as if it did not exist.
"""

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hrsuite import me
from hrsuite.me import me_render, section_view
from hrsuite.models import Employee
from hrsuite.rendering import apply_validation_error, message_from
from selfservice import selectors, services
from selfservice.forms import AcceptInvitationForm, PersonalDetailsForm


@section_view("personal_data")
def personal_data(request, employee, features):
    context = {
        "details": employee,
        "can_change": me.is_shown(me.get("change_requests"), employee, features),
    }
    return me_render(request, "selfservice/personal_data.html", employee, features, context)


@section_view("change_requests")
def change_request_create(request, employee, features):
    form = PersonalDetailsForm(request.POST or None, instance=Employee.objects.get(pk=employee.pk))
    if request.method == "POST" and form.is_valid():
        # Only the fields sent: a field the page did not show is not asked to be emptied.
        values = {name: form.cleaned_data[name] or "" for name in form.fields if name in request.POST}
        try:
            services.change_request_submit(employee=employee, values=values)
        except ValidationError as refused:
            apply_validation_error(form, refused)
        else:
            messages.success(request, _("Your change was sent to HR for approval."))
            return redirect("selfservice:change_request_create")
    pending = selectors.change_requests_of(employee=employee)[:20]
    return me_render(
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
            login(request, user, backend="hrsuite.lifecycle.LoginBackend")
            messages.success(request, _("Welcome! Your self-service login is ready."))
            return redirect("me")
    return render(request, "selfservice/invitation_accept.html", {"form": form, "invitation": invitation})
