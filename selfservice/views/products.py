"""Provider staff: a client organization's self-service products, addendum and tier."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hrsuite.access import org_view
from hrsuite.rendering import apply_validation_error, message_from
from selfservice import selectors, services
from selfservice.forms import AddendumForm, ProductSelectionForm
from selfservice.models import ProductKind, Tier

RIGHT = "selfservice.manage_products"
TEMPLATE = "selfservice/products.html"


def _groups(products, selected: set[str]) -> list[dict]:
    """Features by tier, then the supporting products: each with its checkbox state."""

    def row(product):
        needs = [
            _(" or ").join(_(option.name) for option in requirement.any_of.all())
            for requirement in product.requirements.all()
        ]
        return {"product": product, "checked": product.included or product.code in selected, "needs": needs}

    groups = [
        {
            "title": tier.label,
            "tier": tier,
            "rows": [row(p) for p in products if p.kind == ProductKind.FEATURE and p.tier == tier],
        }
        for tier in Tier
    ]
    groups.append(
        {
            "title": _("Supporting products"),
            "tier": None,
            "rows": [row(p) for p in products if p.kind == ProductKind.SUPPORTING],
        }
    )
    return groups


def _history(organization, products) -> list[dict]:
    """The latest tier changes, each with the names of the features that made the tier."""
    names = {product.code: product.name for product in products}
    return [
        {"change": change, "features": [_(names[code]) for code in change.features if code in names]}
        for change in selectors.tier_history(organization=organization)[:20]
    ]


def _context(organization, *, selected: set[str] | None = None, addendum_form=None, errors=None) -> dict:
    products = selectors.catalog()
    subscription = selectors.subscription_for(organization=organization)
    if selected is None:
        selected = selectors.switched_on_codes(organization=organization)
    return {
        "subscription": subscription,
        "active": selectors.is_active(organization=organization),
        "addendum": selectors.addendum_for(organization=organization),
        "addendum_form": addendum_form or AddendumForm(initial={"signed_on": organization.today()}),
        "groups": _groups(products, selected),
        "preview": services.selection_preview(codes=selected, products=products),
        "saved_tier": Tier(subscription.tier) if subscription and subscription.tier else None,
        "tier_history": _history(organization, products),
        "errors": errors or [],
    }


@org_view(RIGHT)
def products(request, organization):
    """GET shows the screen; POST saves the ticked products (or says what is missing)."""
    if request.method != "POST":
        return render(request, TEMPLATE, _context(organization))
    codes = [product.code for product in selectors.catalog()]
    form = ProductSelectionForm(request.POST, codes=codes)
    if not form.is_valid():
        errors = [_("Unknown product: nothing was saved.")]
        return render(request, TEMPLATE, _context(organization, errors=errors))
    selected = set(form.cleaned_data["products"])
    try:
        subscription = services.products_save(organization=organization, codes=selected, actor=request.user)
    except ValidationError as refused:
        return render(request, TEMPLATE, _context(organization, selected=selected, errors=refused.messages))
    messages.success(
        request, _("Products saved. Self-service tier: %(tier)s.") % {"tier": Tier(subscription.tier).label}
    )
    return redirect("selfservice:products", org_id=organization.id)


@require_POST
@org_view(RIGHT)
def products_preview(request, organization):
    """The live tier badge and missing requirements for the boxes ticked so far."""
    codes = set(request.POST.getlist("products"))
    if not request.htmx:
        return render(request, TEMPLATE, _context(organization, selected=codes))
    subscription = selectors.subscription_for(organization=organization)
    context = {
        "preview": services.selection_preview(codes=codes, products=selectors.catalog()),
        "saved_tier": Tier(subscription.tier) if subscription and subscription.tier else None,
    }
    return render(request, TEMPLATE + "#tier-preview", context)


@require_POST
@org_view(RIGHT)
def addendum_record(request, organization):
    form = AddendumForm(request.POST)
    if form.is_valid():
        try:
            services.addendum_record(organization=organization, actor=request.user, **form.cleaned_data)
        except ValidationError as invalid:
            apply_validation_error(form, invalid)
        else:
            messages.success(request, _("The signed addendum was recorded."))
            return redirect("selfservice:products", org_id=organization.id)
    return render(request, TEMPLATE, _context(organization, addendum_form=form))


@require_POST
@org_view(RIGHT)
def activate(request, organization):
    try:
        services.selfservice_activate(organization=organization, actor=request.user)
    except ValidationError as refused:
        messages.error(request, message_from(refused))
    else:
        messages.success(request, _("Self-service is active. Choose the features the client wants."))
    return redirect("selfservice:products", org_id=organization.id)


@require_POST
@org_view(RIGHT)
def deactivate(request, organization):
    services.selfservice_deactivate(organization=organization, actor=request.user)
    messages.success(request, _("Self-service was switched off. The chosen features are kept."))
    return redirect("selfservice:products", org_id=organization.id)
