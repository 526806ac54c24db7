"""The claims portal's pages outside an organization: the terms of use (the gate in
claims/middleware.py never sends them to themselves) and the provider staff's customer
search and company permissions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from claims import company_permissions, terms
from claims.forms import CompanyPermissionsForm, CustomerSearchForm, TermsAcceptForm
from claims.models import RIGHTS
from claims.rights import CROSS_LOCATION_SEARCH, LOCATION_ADMINISTRATOR, MINIMUM_RIGHTS
from hrsuite.access import organizations_for
from hrsuite.models import CompanyAccess
from hrsuite.rendering import apply_validation_error

# What a location administrator may tick for a customer's user: the portal's rights, without
# the provider's own.
CUSTOMER_RIGHTS = {codename for codename, _label in RIGHTS} - {
    right.split(".")[1] for right in (LOCATION_ADMINISTRATOR, CROSS_LOCATION_SEARCH)
}


@login_required
def terms_accept(request):
    form = TermsAcceptForm(request.POST or None, initial={"next": request.GET.get("next", "")})
    if request.method == "POST" and form.is_valid():
        terms.terms_accept(user=request.user, request=request)
        request.session.pop(terms.SESSION_KEY, None)
        messages.success(request, _("Thank you: the terms of use are accepted."))
        target = form.cleaned_data["next"]
        if not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            target = "home"
        return redirect(target)
    context = {
        "form": form,
        "version": terms.CURRENT_VERSION,
        "text": terms.document_text(),
        "pending": terms.must_accept(request.user),
    }
    return render(request, "claims/terms_accept.html", context)


@login_required
def terms_document(request):
    """The current version as a file, for the administrator's records."""
    path = terms.document_path()
    response = HttpResponse(path.read_bytes(), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{path.name}"'
    return response


# --- Provider staff: customers and company permissions ------------------------------------------


def _staff_only(request) -> None:
    if not request.user.is_authenticated or (request.user.office_id is None and not request.user.is_superuser):
        raise PermissionDenied


@login_required
def customer_search(request):
    """Internal staff find customers: of every office with the cross-location right."""
    _staff_only(request)
    form = CustomerSearchForm(request.GET or None)
    term = form.cleaned_data["q"] if form.is_valid() else ""
    customers = company_permissions.customers_search(user=request.user, term=term)
    page = Paginator(customers, 50).get_page(request.GET.get("page"))
    reachable = set(organizations_for(request.user).filter(pk__in=[c.pk for c in page]).values_list("pk", flat=True))
    context = {
        "form": form,
        "page": page,
        "reachable": reachable,
        "cross_location": request.user.has_perm(CROSS_LOCATION_SEARCH),
        "location_administrator": company_permissions.is_location_administrator(request.user),
    }
    return render(request, "claims/customer_search.html", context)


def _right_choices() -> list[tuple[str, str]]:
    return [(f"claims.{codename}", label) for codename, label in RIGHTS if codename in CUSTOMER_RIGHTS]


@login_required
def company_permissions_edit(request, user_id):
    """A location administrator sets the companies of a customer user, reviewing first."""
    if not company_permissions.is_location_administrator(request.user):
        raise PermissionDenied
    user = company_permissions.customer_user_for(administrator=request.user, user_id=user_id)
    companies = company_permissions.office_customers(administrator=request.user)
    current = CompanyAccess.objects.filter(user=user, organization__in=companies)
    form = CompanyPermissionsForm(
        request.POST if request.method == "POST" else None,
        companies=companies,
        right_choices=_right_choices(),
        initial={"organizations": [a.organization_id for a in current], "rights": list(MINIMUM_RIGHTS)},
    )
    changes = None
    if request.method == "POST" and form.is_valid():
        chosen = list(form.cleaned_data["organizations"])
        rights = form.cleaned_data["rights"]
        if form.cleaned_data["confirm"]:
            try:
                company_permissions.company_permissions_set(
                    administrator=request.user, user=user, organizations=chosen, rights_for_new=rights, request=request
                )
            except ValidationError as refused:
                apply_validation_error(form, refused)
            else:
                messages.success(request, _("Company permissions of %(name)s saved.") % {"name": user})
                return redirect("claims:company_permissions", user_id=user.pk)
        else:
            changes = company_permissions.company_changes(
                administrator=request.user, user=user, organizations=chosen, rights_for_new=rights
            )
    labels = dict(_right_choices())
    context = {
        "form": form,
        "subject": user,
        "changes": [(change, [labels.get(r, r) for r in change.rights]) for change in changes or []],
        "reviewing": changes is not None,
    }
    return render(request, "claims/company_permissions.html", context)
