"""Provider staff: a location administrator sets a user's companies in one reviewed step, and
staff search customers of their office, or of every office with the cross-location right."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from claims.models import RIGHTS
from hrsuite.models import CompanyAccess
from tests.claims.factories import portal_member
from tests.factories import OfficeFactory, OrganizationFactory, UserFactory


def _staff(office, *codenames, **fields):
    user = UserFactory(office=office, **fields)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="claims", codename__in=codenames))
    return user


@pytest.fixture
def office(db):
    return OfficeFactory(name="Zürich")


@pytest.fixture
def companies(office):
    return [
        OrganizationFactory(name=name, office=office, modules={"claims": True})
        for name in ("Alpha AG", "Beta AG", "Gamma AG")
    ]


@pytest.fixture
def location_admin(office):
    return _staff(office, *(codename for codename, _label in RIGHTS), full_name="Lisa Location")


def _url(user):
    return reverse("claims:company_permissions", kwargs={"user_id": user.pk})


def test_several_companies_in_one_reviewed_step(companies, location_admin, client):
    alpha, beta, gamma = companies
    user = portal_member(alpha, "claims.motor_claims")
    client.force_login(location_admin)
    assert client.get(_url(user)).status_code == 200
    data = {
        "organizations": [beta.pk, gamma.pk],  # moved from Alpha to Beta, and Gamma as well
        "rights": ["claims.portal_user", "claims.api_user", "claims.property_claims"],
    }

    review = client.post(_url(user), data)

    assert review.status_code == 200 and review.context["reviewing"]
    actions = {
        change.organization.name: (change.action, change.rights) for change, _labels in review.context["changes"]
    }
    assert actions == {
        "Alpha AG": ("remove", []),
        "Beta AG": ("add", sorted(data["rights"])),
        "Gamma AG": ("add", sorted(data["rights"])),
    }
    assert list(CompanyAccess.objects.filter(user=user).values_list("organization__name", flat=True)) == ["Alpha AG"]

    saved = client.post(_url(user), {**data, "confirm": "on"})

    assert saved.status_code == 302
    accesses = CompanyAccess.objects.filter(user=user).order_by("organization__name")
    assert [a.organization.name for a in accesses] == ["Beta AG", "Gamma AG"]
    for access in accesses:
        assert {p.codename for p in access.rights.all()} == {"portal_user", "api_user", "property_claims"}


def test_a_precondition_refuses_and_nothing_is_saved(companies, location_admin, client):
    alpha, beta, _gamma = companies
    user = portal_member(alpha)
    client.force_login(location_admin)
    response = client.post(
        _url(user), {"organizations": [alpha.pk, beta.pk], "rights": ["claims.motor_claims"], "confirm": "on"}
    )
    assert response.status_code == 200
    assert "at least" in response.content.decode()
    assert not CompanyAccess.objects.filter(user=user, organization=beta).exists()


def test_only_a_location_administrator_of_the_users_office(companies, office, client):
    user = portal_member(companies[0])
    client.force_login(_staff(office))  # staff, not location administrator
    assert client.get(_url(user)).status_code == 403
    client.force_login(_staff(OfficeFactory(), "location_administrator"))  # another office
    assert client.get(_url(user)).status_code == 404


def test_customer_search_of_own_office_or_every_office(companies, office, client):
    elsewhere = OrganizationFactory(name="Alpha Fremd AG", office=OfficeFactory(name="Bern"))
    client.force_login(_staff(office))
    own = client.get(reverse("claims:customer_search"), {"q": "alpha"})
    assert [c.name for c in own.context["page"]] == ["Alpha AG"]
    client.force_login(_staff(office, "cross_location_customer_search"))
    every = client.get(reverse("claims:customer_search"), {"q": "alpha"})
    assert [c.name for c in every.context["page"]] == ["Alpha AG", "Alpha Fremd AG"]
    page = every.content.decode()
    assert reverse("organization", kwargs={"org_id": companies[0].pk}) in page
    assert reverse("organization", kwargs={"org_id": elsewhere.pk}) not in page  # found, not opened


def test_customers_do_not_search_customers(companies, client):
    client.force_login(portal_member(companies[0]))
    assert client.get(reverse("claims:customer_search")).status_code == 403
