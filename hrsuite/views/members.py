"""Organization -> Users: who may reach the organization, with which rights, and whether
their login is open. Every change goes through hrsuite.grants and hrsuite.lifecycle."""

from django.contrib import messages
from django.contrib.auth.views import INTERNAL_RESET_SESSION_TOKEN, PasswordResetConfirmView
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hrsuite import grants, lifecycle, roles
from hrsuite.access import org_view
from hrsuite.forms import MemberDeactivateForm, MemberInviteForm, MemberRightsForm
from hrsuite.grants import right_name
from hrsuite.models import CompanyAccess
from hrsuite.roles import ROLES


def _access_for(organization, access_id) -> CompanyAccess:
    try:
        return CompanyAccess.objects.select_related("user").get(organization=organization, id=access_id)
    except CompanyAccess.DoesNotExist as missing:
        raise Http404 from missing


@org_view("hrsuite.view_companyaccess")
def member_list(request, organization):
    accesses = (
        CompanyAccess.objects.filter(organization=organization)
        .select_related("user")
        .prefetch_related("rights__content_type")
        .order_by("user__full_name")
    )
    for access in accesses:
        access.role = roles.role_label(right_name(right) for right in access.rights.all())
    form = MemberInviteForm()
    return render(request, "hrsuite/member_list.html", {"accesses": accesses, "form": form})


@org_view("hrsuite.add_companyaccess")
def member_invite(request, organization):
    form = MemberInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            access = lifecycle.member_invite(
                organization=organization,
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                rights=ROLES[form.cleaned_data["role"]][1],
                actor=request.user,
                request=request,
            )
        except ValidationError as refused:  # beyond own rights, or an app's precondition
            form.add_error("role", refused)
        else:
            messages.success(request, _("%(name)s has access now.") % {"name": access.user})
            return redirect("member_list", org_id=organization.id)
    return render(request, "hrsuite/member_invite.html", {"form": form})


@org_view("hrsuite.change_companyaccess")
def member_rights(request, organization, access_id):
    access = _access_for(organization, access_id)
    form = MemberRightsForm(request.POST or None, initial={"rights": access.rights.all()})
    if request.method == "POST" and form.is_valid():
        try:
            grants.company_access_change(
                access=access,
                rights=[grants.right_name(p) for p in form.cleaned_data["rights"]],
                actor=request.user,
                request=request,
            )
        except ValidationError as refused:  # beyond own rights, or an app's precondition
            form.add_error("rights", refused)
        else:
            messages.success(request, _("Rights of %(name)s saved.") % {"name": access.user})
            return redirect("member_list", org_id=organization.id)
    return render(request, "hrsuite/member_rights.html", {"access": access, "form": form})


@require_POST
@org_view("hrsuite.delete_companyaccess")
def member_revoke(request, organization, access_id):
    access = _access_for(organization, access_id)
    try:
        grants.company_access_revoke(access=access, actor=request.user, request=request)
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
    else:
        messages.success(request, _("%(name)s no longer has access.") % {"name": access.user})
    return redirect("member_list", org_id=organization.id)


@org_view(lifecycle.DEACTIVATE_RIGHT)
def member_deactivate(request, organization, access_id):
    """Confirm, and name a successor when a module needs one for what the user owns."""
    access = _access_for(organization, access_id)
    required = lifecycle.handovers_required(user=access.user)
    form = MemberDeactivateForm(
        request.POST if request.method == "POST" else None,
        successors=lifecycle.successor_candidates(organization=organization, user=access.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            lifecycle.user_deactivate(
                user=access.user,
                actor=request.user,
                organization=organization,
                successor=form.cleaned_data["successor"],
                request=request,
            )
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            messages.success(request, _("%(name)s is deactivated and can no longer log in.") % {"name": access.user})
            return redirect("member_list", org_id=organization.id)
    context = {"access": access, "form": form, "handovers": required}
    return render(request, "hrsuite/member_deactivate.html", context)


@require_POST
@org_view(lifecycle.DEACTIVATE_RIGHT)
def member_reactivate(request, organization, access_id):
    access = _access_for(organization, access_id)
    try:
        lifecycle.user_reactivate(user=access.user, actor=request.user, organization=organization, request=request)
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
    else:
        messages.success(request, _("%(name)s can log in again.") % {"name": access.user})
    return redirect("member_list", org_id=organization.id)


class InvitationAcceptView(PasswordResetConfirmView):
    """The one-time link of an invitation: choose a password, then log in."""

    token_generator = lifecycle.invitation_tokens
    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("login")

    def form_valid(self, form):
        try:
            lifecycle.invitation_accept(
                user=self.user, password=form.cleaned_data["new_password1"], request=self.request
            )
        except ValidationError as refused:
            form.add_error(None, refused)
            return self.form_invalid(form)
        del self.request.session[INTERNAL_RESET_SESSION_TOKEN]
        messages.success(self.request, _("Your password is set. Log in with your e-mail address."))
        return redirect(self.success_url)
