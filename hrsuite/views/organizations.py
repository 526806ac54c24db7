from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hrsuite import modules, selectors, services
from hrsuite.access import org_view, organizations_for
from hrsuite.forms import OrganizationSettingsForm


@login_required
def office(request):
    """Provider staff: the client organizations of their office."""
    if not (request.user.is_provider_staff or request.user.is_superuser):
        raise PermissionDenied
    search = request.GET.get("q", "").strip()
    organizations = selectors.organizations_with_counts(organizations_for(request.user)).order_by("name")
    if search:
        organizations = organizations.filter(Q(name__icontains=search) | Q(org_number__icontains=search))
    page = Paginator(organizations, 25).get_page(request.GET.get("page"))
    template = "hrsuite/office.html#rows" if request.htmx else "hrsuite/office.html"
    return render(request, template, {"page": page, "search": search})


@login_required
def organization_create(request):
    """Provider staff add a client organization to their own office."""
    if not (request.user.is_provider_staff and request.user.has_perm("hrsuite.add_organization")):
        raise PermissionDenied
    form = OrganizationSettingsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organization = services.organization_create(
            office=request.user.office, actor=request.user, switches=form.module_switches(), **form.master_data()
        )
        messages.success(request, _("%(name)s was added.") % {"name": organization.name})
        return redirect("organization", org_id=organization.id)
    return render(request, "hrsuite/organization_create.html", {"form": form})


@org_view("hrsuite.view_auditevent")
def audit_log(request, organization):
    events = selectors.audit_events_for(organization=organization)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    template = "hrsuite/audit_log.html#rows" if request.htmx else "hrsuite/audit_log.html"
    return render(request, template, {"page": page})


@org_view("hrsuite.view_employee")
def dashboard(request, organization):
    context = {
        "modules": modules.states_for(organization),
        "counts": selectors.organization_overview(organization=organization),
        "imports": selectors.recent_imports(organization=organization, limit=5),
    }
    return render(request, "hrsuite/dashboard.html", context)


@org_view("hrsuite.change_organization")
def organization_settings(request, organization):
    form = OrganizationSettingsForm(request.POST or None, instance=organization)
    if request.method == "POST" and form.is_valid():
        services.organization_update(organization=form.instance, actor=request.user, switches=form.module_switches())
        messages.success(request, _("Settings saved."))
        return redirect("organization_settings", org_id=organization.id)
    return render(request, "hrsuite/organization_settings.html", {"form": form})
