"""A customer administrator accepts the terms of use at the first login before anything opens."""

import pytest
from django.test import Client
from django.urls import reverse

from claims import terms
from claims.models import TermsAcceptance
from hrsuite.models import AuditAction, AuditEvent
from tests.claims.factories import portal_member
from tests.factories import OrganizationFactory

PASSWORD = "Correct-horse-2026"


@pytest.fixture
def organization(db):
    return OrganizationFactory(name="Kunde AG", modules={"claims": True})


def _logged_in(user) -> Client:
    user.set_password(PASSWORD)
    user.save()
    client = Client()
    response = client.post(reverse("login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_a_new_customer_administrator_is_sent_to_the_terms_from_every_organization_page(organization):
    admin = portal_member(organization, "claims.customer_administrator", "hrsuite.view_employee", accept_terms=False)
    client = _logged_in(admin)
    for url in (
        reverse("claims:claim_list", kwargs={"org_id": organization.id}),
        reverse("organization", kwargs={"org_id": organization.id}),
        reverse("employee_list", kwargs={"org_id": organization.id}),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("claims:terms_accept")), url
    partial = client.get(reverse("claims:claim_list", kwargs={"org_id": organization.id}), headers={"HX-Request": "1"})
    assert partial["HX-Redirect"].startswith(reverse("claims:terms_accept"))
    assert not TermsAcceptance.objects.exists()


def test_accepting_records_user_version_and_time_and_opens_the_portal(organization):
    admin = portal_member(organization, "claims.customer_administrator", accept_terms=False)
    client = _logged_in(admin)
    claims_url = reverse("claims:claim_list", kwargs={"org_id": organization.id})
    page = client.get(reverse("claims:terms_accept"), {"next": claims_url})
    assert page.status_code == 200
    assert terms.CURRENT_VERSION in page.content.decode()
    document = client.get(reverse("claims:terms_document"))
    assert document.status_code == 200
    assert "attachment" in document["Content-Disposition"]
    assert terms.CURRENT_VERSION.encode() in document.content

    refused = client.post(reverse("claims:terms_accept"), {"next": claims_url})  # box not ticked
    assert refused.status_code == 200
    assert not TermsAcceptance.objects.exists()

    accepted = client.post(reverse("claims:terms_accept"), {"accept": "on", "next": claims_url})
    assert accepted.status_code == 302
    assert accepted["Location"] == claims_url
    acceptance = TermsAcceptance.objects.get(user=admin)
    assert acceptance.version == terms.CURRENT_VERSION
    assert acceptance.accepted_at is not None
    event = AuditEvent.objects.get(action=AuditAction.TERMS_ACCEPTED)
    assert event.actor == admin
    assert event.detail["version"] == terms.CURRENT_VERSION
    assert client.get(claims_url).status_code == 200


def test_an_outside_next_address_is_not_followed(organization):
    admin = portal_member(organization, "claims.customer_administrator", accept_terms=False)
    client = _logged_in(admin)
    response = client.post(reverse("claims:terms_accept"), {"accept": "on", "next": "https://evil.example/"})
    assert response["Location"] == reverse("home")


def test_a_new_version_requires_a_new_acceptance(organization, monkeypatch):
    admin = portal_member(organization, "claims.customer_administrator")  # accepted the current version
    assert not terms.must_accept(admin)
    monkeypatch.setattr(terms, "CURRENT_VERSION", "2099-1")
    assert terms.must_accept(admin)
    terms.terms_accept(user=admin, version="2099-1")
    assert not terms.must_accept(admin)
    assert TermsAcceptance.objects.filter(user=admin).count() == 2


def test_users_who_are_no_customer_administrator_are_not_asked(organization):
    user = portal_member(organization, "claims.motor_claims", accept_terms=False)
    client = _logged_in(user)
    assert client.get(reverse("claims:claim_list", kwargs={"org_id": organization.id})).status_code == 200
    assert terms.SESSION_KEY not in client.session


def test_an_acceptance_made_elsewhere_lets_the_session_through(organization):
    admin = portal_member(organization, "claims.customer_administrator", accept_terms=False)
    client = _logged_in(admin)
    terms.terms_accept(user=admin)  # in another tab
    assert client.get(reverse("claims:claim_list", kwargs={"org_id": organization.id})).status_code == 200
    assert terms.SESSION_KEY not in client.session


@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("en", "HR Suite claims portal: terms of use"),
        ("nb", "HR Suite skadeportal: bruksvilkår"),
        ("nl", "HR Suite schadeportaal: gebruiksvoorwaarden"),
        ("de", "HR Suite Schadenportal: Nutzungsbedingungen"),
    ],
)
def test_the_terms_are_shown_and_downloaded_in_the_users_language(organization, language, heading):
    admin = portal_member(organization, "claims.customer_administrator", accept_terms=False)
    client = _logged_in(admin)
    page = client.get(reverse("claims:terms_accept"), headers={"Accept-Language": language})
    assert heading in page.content.decode()
    document = client.get(reverse("claims:terms_document"), headers={"Accept-Language": language})
    text = document.content.decode()
    assert text.startswith(heading) and terms.CURRENT_VERSION in text


def test_every_language_of_the_product_has_the_current_terms():
    from django.conf import settings

    for code, _name in settings.LANGUAGES:
        if code != "en":
            assert (terms.DOCUMENTS / f"terms_of_use_{terms.CURRENT_VERSION}.{code}.txt").is_file(), code
