from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hrsuite import inbox, modules, navigation, selectors, services
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
    if request.htmx:
        return render(request, "hrsuite/office.html#rows", {"page": page, "search": search})
    # What waits in every client organization, one query per module, grouped by organization.
    waiting = inbox.items_for(user=request.user, organizations=organizations_for(request.user))
    names = dict(
        organizations_for(request.user).filter(pk__in={i.organization_id for i in waiting}).values_list("pk", "name")
    )
    grouped = [(names[pk], items) for pk, items in inbox.by_organization(waiting).items() if pk in names]
    context = {"page": page, "search": search, "inbox": sorted(grouped, key=lambda group: group[0])}
    return render(request, "hrsuite/office.html", context)


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


@org_view()
def inbox_counts(request, organization):
    """The sidebar's counts of what waits, loaded after the page (one query per module)."""
    return render(
        request, "hrsuite/partials/nav_counts.html", {"items": navigation.items_for(request, with_counts=True)}
    )


@org_view()
def dashboard(request, organization):
    """Every member's landing page: what waits for them. The employee figures, modules and
    imports only for those who may see employees; the others (a claims-portal user, say) get
    their sections instead, as after login every member lands here."""
    context = {"inbox": inbox.inbox_for_request(request)}
    if "hrsuite.view_employee" in request.rights:
        context |= {
            "modules": modules.states_for(organization),
            "counts": selectors.organization_overview(organization=organization),
            "imports": selectors.recent_imports(organization=organization, limit=5),
        }
    else:
        context["sections"] = navigation.items_for(request)
    return render(request, "hrsuite/dashboard.html", context)


@org_view("hrsuite.change_organization")
def organization_settings(request, organization):
    form = OrganizationSettingsForm(request.POST or None, instance=organization)
    if request.method == "POST" and form.is_valid():
        services.organization_update(organization=form.instance, actor=request.user, switches=form.module_switches())
        messages.success(request, _("Settings saved."))
        return redirect("organization_settings", org_id=organization.id)
    return render(request, "hrsuite/organization_settings.html", {"form": form})
