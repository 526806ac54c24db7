"""Provider staff: addendum, activation and the products screen."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from hrsuite.models import AuditAction, AuditEvent
from selfservice import selectors, services
from selfservice.models import Addendum, OrganizationProduct, Subscription, Tier, TierChange
from tests.selfservice.factories import addendum, provider_staff, switch_on


@pytest.fixture
def staff(organization):
    return provider_staff(organization, full_name="Silje Staff")


@pytest.fixture
def staff_client(staff):
    client = Client()
    client.force_login(staff)
    return client


def url(name, organization):
    return reverse(f"selfservice:{name}", kwargs={"org_id": organization.id})


def _snapshot(organization):
    return (
        list(Subscription.objects.filter(organization=organization).values()),
        list(OrganizationProduct.objects.filter(organization=organization).values()),
        TierChange.objects.filter(organization=organization).count(),
    )


def test_activation_without_a_signed_addendum_is_refused_and_changes_nothing(organization, staff, staff_client):
    before = _snapshot(organization)
    with pytest.raises(ValidationError, match="addendum"):
        services.selfservice_activate(organization=organization, actor=staff)
    assert _snapshot(organization) == before

    response = staff_client.post(url("activate", organization), follow=True)
    assert "signed addendum has been recorded" in response.content.decode()
    assert _snapshot(organization) == before
    assert selectors.enabled_features(organization=organization) == frozenset()


def test_the_screen_says_what_is_missing_before_activation(organization, staff_client):
    page = staff_client.get(url("products", organization)).content.decode()
    assert "has to sign the self-service addendum" in page
    assert "Record signed addendum" in page
    assert "Missing: the signed addendum." in page


def test_record_the_addendum_then_activate(organization, staff, staff_client):
    response = staff_client.post(
        url("addendum_record", organization),
        {"signed_on": "2026-01-05", "signed_by": "Kari Nordmann", "confirmation_reference": "T-42"},
    )
    assert response.status_code == 302
    recorded = Addendum.objects.get(organization=organization)
    assert (recorded.signed_by, recorded.confirmation_reference, recorded.recorded_by) == (
        "Kari Nordmann",
        "T-42",
        staff,
    )

    staff_client.post(url("activate", organization))
    subscription = Subscription.objects.get(organization=organization)
    assert selectors.is_active(organization=organization) and subscription.tier == Tier.START
    event = AuditEvent.objects.get(organization=organization, action=AuditAction.MODULE_SWITCHED)
    assert (event.actor, event.detail) == (staff, {"module": "selfservice", "enabled": True})
    change = TierChange.objects.get(organization=organization)
    assert (change.from_tier, change.to_tier, change.changed_by) == (None, Tier.START, staff)
    page = staff_client.get(url("products", organization)).content.decode()
    assert "Self-service active" in page and "Silje Staff" in page


def test_an_incomplete_addendum_is_refused(organization, staff_client):
    response = staff_client.post(url("addendum_record", organization), {"signed_on": "2026-01-05"})
    assert response.status_code == 200
    assert not Addendum.objects.filter(organization=organization).exists()
    future = (organization.today() + datetime.timedelta(days=3)).isoformat()
    response = staff_client.post(
        url("addendum_record", organization),
        {"signed_on": future, "signed_by": "X", "confirmation_reference": "Y"},
    )
    assert "cannot be signed in the future" in response.content.decode()
    assert not Addendum.objects.filter(organization=organization).exists()


def test_saving_with_a_missing_supporting_product_shows_it_and_saves_nothing(organization, staff, staff_client):
    switch_on(organization, {"view_personal_data"}, actor=staff)
    before = _snapshot(organization)
    response = staff_client.post(url("products", organization), {"products": ["expense_claims", "view_personal_data"]})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was saved" in page
    assert "Expense claims needs Workflow editor." in page
    assert "Expense claims needs Document dossier Lite or Document dossier Extended." in page
    assert _snapshot(organization) == before
    # The ticks the user made are kept on the re-rendered form.
    assert 'value="expense_claims" id="product-expense_claims" checked' in page


def test_saving_a_complete_selection(organization, staff, staff_client):
    switch_on(organization, actor=staff)
    response = staff_client.post(
        url("products", organization),
        {"products": ["change_personal_data", "workflow_editor", "view_personal_data"]},
        follow=True,
    )
    assert "Self-service tier: Plus" in response.content.decode()
    # The tier history names who changed it and the features that made the tier.
    assert "<td>Change personal data, View personal data</td>" in response.content.decode()
    assert selectors.switched_on_codes(organization=organization) == {
        "change_personal_data",
        "workflow_editor",
        "view_personal_data",
    }


def test_products_cannot_be_chosen_before_activation(organization, staff, staff_client):
    addendum(organization, staff)
    with pytest.raises(ValidationError):
        services.products_save(organization=organization, codes={"view_personal_data"}, actor=staff)
    response = staff_client.post(url("products", organization), {"products": ["view_personal_data"]})
    assert "Activate Self-service before" in response.content.decode()
    assert not OrganizationProduct.objects.exists()


def test_live_preview_returns_the_tier_badge_and_what_is_missing(organization, staff, staff_client):
    switch_on(organization, actor=staff)
    before = _snapshot(organization)
    response = staff_client.post(
        url("products_preview", organization), {"products": ["leave_requests"]}, HTTP_HX_REQUEST="true"
    )
    fragment = response.content.decode()
    assert response.status_code == 200
    assert fragment.strip().startswith('<div id="tier-preview"')
    assert ">Plus<" in fragment
    assert "Leave registration" in fragment and "Leave scheme" in fragment
    response = staff_client.post(
        url("products_preview", organization),
        {"products": ["leave_requests", "leave_registration", "leave_scheme", "preboarding"]},
        HTTP_HX_REQUEST="true",
    )
    assert ">Pro<" in response.content.decode()
    assert "Preboarding module" in response.content.decode()
    assert _snapshot(organization) == before


def test_unknown_product_codes_are_ignored(organization, staff, staff_client):
    switch_on(organization, {"view_personal_data"}, actor=staff)
    response = staff_client.post(url("products", organization), {"products": ["compare_insurances", "nope"]})
    assert "Unknown product: nothing was saved." in response.content.decode()
    assert selectors.switched_on_codes(organization=organization) == {"view_personal_data"}
    staff_client.post(url("products", organization), {"products": ["self_service", "payslips"]})
    assert selectors.switched_on_codes(organization=organization) == set()  # base and included: never rows


def test_switching_off_keeps_the_features_and_closes_the_page(organization, staff, staff_client):
    switch_on(organization, {"view_personal_data"}, actor=staff)
    staff_client.post(url("deactivate", organization))
    assert selectors.enabled_features(organization=organization) == frozenset()
    assert selectors.switched_on_codes(organization=organization) == {"view_personal_data"}
    assert TierChange.objects.filter(organization=organization).first().to_tier is None
    staff_client.post(url("activate", organization))
    assert "view_personal_data" in selectors.enabled_features(organization=organization)


def test_hr_admins_of_the_client_cannot_manage_products(organization, owner_client):
    assert owner_client.get(url("products", organization)).status_code == 403
    assert owner_client.post(url("activate", organization)).status_code == 403


def test_staff_of_another_office_do_not_see_the_organization(organization, other_organization):
    stranger = provider_staff(other_organization)
    client = Client()
    client.force_login(stranger)
    assert client.get(url("products", organization)).status_code == 404


@pytest.mark.parametrize("rounds", [1, 15])
def test_products_page_query_count_does_not_grow_with_history(
    organization, staff, staff_client, django_assert_max_num_queries, rounds
):
    switch_on(organization, {"view_personal_data"}, actor=staff)
    for _round in range(rounds):
        services.products_save(organization=organization, codes={"preboarding", "preboarding_module"}, actor=staff)
        services.products_save(organization=organization, codes=set(), actor=staff)
    # session, user, organization, 2x rights, catalog (3), subscription, ticked products,
    # addendum, nav employee check, switcher, tier history, session save (3)
    with django_assert_max_num_queries(17):
        assert staff_client.get(url("products", organization)).status_code == 200
