"""The tier is derived: the highest tier among the ticked features, whatever the order."""

import itertools
import random

import pytest

from selfservice import selectors, services
from selfservice.models import OrganizationProduct, Product, ProductKind, Tier, TierChange
from selfservice.tiers import missing_requirements, tier_for
from tests.selfservice.factories import provider_staff, switch_on

# The seed's table, written out independently of selfservice/catalog.py.
INCLUDED = {"salary_chart", "payslips", "annual_statements"}
START = {"documents", "leave_card", "view_personal_data", "compare_insurances"}
PLUS = {"expense_claims", "change_personal_data", "leave_requests", "leave_calendar", "salary_calculation"}
PRO = {"assistant", "preboarding", "regulations_assistant", "management_self_service"}
EXPECTED = {
    **dict.fromkeys(INCLUDED | START, Tier.START),
    **dict.fromkeys(PLUS, Tier.PLUS),
    **dict.fromkeys(PRO, Tier.PRO),
}
SUPPORTING = {
    "workflow_editor",
    "dossier_lite",
    "dossier_extended",
    "preboarding_module",
    "leave_registration",
    "leave_scheme",
}
TICKABLE = sorted(START | PLUS | PRO)


@pytest.fixture
def products(db):
    return {product.code: product for product in selectors.catalog()}


def test_the_catalog_holds_the_seeds_products(products):
    features = {code for code, p in products.items() if p.kind == ProductKind.FEATURE}
    assert features == INCLUDED | START | PLUS | PRO
    assert {code for code, p in products.items() if p.kind == ProductKind.SUPPORTING} == SUPPORTING
    assert {code for code, p in products.items() if p.included} == INCLUDED
    assert products["self_service"].kind == ProductKind.BASE


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_each_feature_alone_gives_its_tier(products, code):
    assert tier_for([products[code]]) == EXPECTED[code]


def test_every_combination_has_the_highest_tier_among_its_features(products):
    checked = 0
    for size in range(len(TICKABLE) + 1):
        for combination in itertools.combinations(TICKABLE, size):
            expected = max((EXPECTED[code] for code in combination), default=Tier.START)
            selection = [products[code] for code in combination]
            assert tier_for(selection) == expected, combination
            assert tier_for(reversed(selection)) == expected, combination
            checked += 1
    assert checked == 2 ** len(TICKABLE)


def test_no_feature_is_start(products):
    assert tier_for([]) == Tier.START


def test_requirements_from_the_catalog(products):
    def missing(*codes):
        return {
            (m.feature.code, tuple(p.code for p in m.any_of)) for m in missing_requirements(products[c] for c in codes)
        }

    assert missing("expense_claims") == {
        ("expense_claims", ("workflow_editor",)),
        ("expense_claims", ("dossier_lite", "dossier_extended")),
    }
    assert missing("expense_claims", "workflow_editor", "dossier_extended") == set()
    assert missing("change_personal_data") == {("change_personal_data", ("workflow_editor",))}
    assert missing("documents", "dossier_lite") == set()
    assert missing("leave_requests", "leave_registration") == {("leave_requests", ("leave_scheme",))}
    assert missing("leave_calendar") == {("leave_calendar", ("leave_registration",))}
    assert missing("leave_card") == {("leave_card", ("leave_registration",))}
    assert missing("preboarding") == {("preboarding", ("preboarding_module",))}
    assert missing("view_personal_data", "compare_insurances", "assistant", "salary_calculation") == set()


def _tier(organization) -> Tier:
    return Tier(selectors.subscription_for(organization=organization).tier)


def test_the_seeds_example_leave_requests_then_preboarding(organization):
    staff = provider_staff(organization)
    leave = {"leave_requests", "leave_registration", "leave_scheme"}
    switch_on(organization, leave, actor=staff)
    assert _tier(organization) == Tier.PLUS
    services.products_save(organization=organization, codes=leave | {"preboarding", "preboarding_module"}, actor=staff)
    assert _tier(organization) == Tier.PRO
    # Unticking lowers it again.
    services.products_save(organization=organization, codes=leave | {"preboarding_module"}, actor=staff)
    assert _tier(organization) == Tier.PLUS
    services.products_save(organization=organization, codes={"view_personal_data"}, actor=staff)
    assert _tier(organization) == Tier.START
    changes = list(TierChange.objects.filter(organization=organization).order_by("at", "id"))
    assert [(c.from_tier, c.to_tier) for c in changes] == [
        (None, Tier.START),
        (Tier.START, Tier.PLUS),
        (Tier.PLUS, Tier.PRO),
        (Tier.PRO, Tier.PLUS),
        (Tier.PLUS, Tier.START),
    ]
    assert all(change.changed_by == staff and change.at for change in changes)
    assert changes[2].features == sorted(["leave_requests", "preboarding"])


@pytest.mark.parametrize("seed", range(4))
def test_ticking_and_unticking_in_any_order(organization, seed):
    """Tick every feature one by one in a random order, then untick them in another."""
    rng = random.Random(seed)
    staff = provider_staff(organization)
    switch_on(organization, SUPPORTING, actor=staff)
    order = TICKABLE[:]
    rng.shuffle(order)
    ticked: set[str] = set()
    for code in order:
        ticked.add(code)
        services.products_save(organization=organization, codes=ticked | SUPPORTING, actor=staff)
        assert _tier(organization) == max(EXPECTED[c] for c in ticked)
    rng.shuffle(order)
    for code in order:
        ticked.discard(code)
        services.products_save(organization=organization, codes=ticked | SUPPORTING, actor=staff)
        assert _tier(organization) == max((EXPECTED[c] for c in ticked), default=Tier.START)
    enabled = OrganizationProduct.objects.filter(organization=organization, enabled=True)
    assert set(enabled.values_list("product__code", flat=True)) == SUPPORTING


def test_saving_the_same_selection_records_no_tier_change(organization):
    staff = provider_staff(organization)
    switch_on(organization, {"expense_claims", "workflow_editor", "dossier_lite"}, actor=staff)
    before = TierChange.objects.count()
    services.products_save(
        organization=organization, codes={"expense_claims", "workflow_editor", "dossier_lite"}, actor=staff
    )
    services.products_save(
        organization=organization, codes={"leave_calendar", "leave_registration"}, actor=staff
    )  # Plus again: a different feature, the same tier
    assert TierChange.objects.count() == before


def test_the_included_features_cannot_be_ticked_or_unticked(organization):
    staff = provider_staff(organization)
    switch_on(organization, {"payslips", "salary_chart"}, actor=staff)
    assert not OrganizationProduct.objects.filter(organization=organization).exists()
    assert {"payslips", "salary_chart", "annual_statements"} <= selectors.enabled_features(organization=organization)
    assert Product.objects.get(code="payslips").included
