"""Organization -> Users: who may reach the organization, with which rights."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hrsuite import services
from hrsuite.access import org_view
from hrsuite.forms import MemberInviteForm, MemberRightsForm
from hrsuite.models import CompanyAccess
from hrsuite.roles import ROLES


def _access_for(organization, access_id) -> CompanyAccess:
    try:
        return CompanyAccess.objects.select_related("user").get(organization=organization, id=access_id)
    except CompanyAccess.DoesNotExist as missing:
        raise Http404 from missing


def _beyond_own_rights(request, rights: set[str]) -> set[str]:
    """Nobody hands out rights they do not hold themselves."""
    return rights - request.rights


@org_view("hrsuite.view_companyaccess")
def member_list(request, organization):
    accesses = (
        CompanyAccess.objects.filter(organization=organization)
        .select_related("user")
        .prefetch_related("rights")
        .order_by("user__full_name")
    )
    form = MemberInviteForm()
    return render(request, "hrsuite/member_list.html", {"accesses": accesses, "form": form})


@org_view("hrsuite.add_companyaccess")
def member_invite(request, organization):
    form = MemberInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        rights = ROLES[form.cleaned_data["role"]][1]
        if _beyond_own_rights(request, set(rights)):
            form.add_error("role", _("You cannot grant rights you do not hold yourself."))
        else:
            access = services.member_invite(
                organization=organization,
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                rights=rights,
                invited_by=request.user,
                request=request,
            )
            messages.success(request, _("%(name)s has access now.") % {"name": access.user})
            return redirect("member_list", org_id=organization.id)
    return render(request, "hrsuite/member_invite.html", {"form": form})


@org_view("hrsuite.change_companyaccess")
def member_rights(request, organization, access_id):
    access = _access_for(organization, access_id)
    form = MemberRightsForm(request.POST or None, initial={"rights": access.rights.all()})
    if request.method == "POST" and form.is_valid():
        chosen = {f"{p.content_type.app_label}.{p.codename}" for p in form.cleaned_data["rights"]}
        current = {f"{p.content_type.app_label}.{p.codename}" for p in access.rights.select_related("content_type")}
        if _beyond_own_rights(request, chosen - current):
            form.add_error("rights", _("You cannot grant rights you do not hold yourself."))
        else:
            access.rights.set(form.cleaned_data["rights"])
            messages.success(request, _("Rights of %(name)s saved.") % {"name": access.user})
            return redirect("member_list", org_id=organization.id)
    return render(request, "hrsuite/member_rights.html", {"access": access, "form": form})


@require_POST
@org_view("hrsuite.delete_companyaccess")
def member_revoke(request, organization, access_id):
    access = _access_for(organization, access_id)
    if access.user_id == request.user.id:
        messages.error(request, _("You cannot remove your own access."))
    else:
        services.company_access_revoke(access=access)
        messages.success(request, _("%(name)s no longer has access.") % {"name": access.user})
    return redirect("member_list", org_id=organization.id)
