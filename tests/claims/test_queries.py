"""The claims pages' query counts do not grow with the number of claims."""

import pytest
from django.test import Client
from django.urls import reverse

from claims.models import ClaimLine
from claims.rights import LEVEL_RIGHTS
from tests.claims.factories import ClaimFactory, portal_member
from tests.factories import OrganizationFactory

# session, user, organization (with office), the user's rights there, the paginator's count,
# the layout's employee link and organization switcher, the page of claims (employee, handler
# and policy joined), and the session's last organization saved (savepoint, update, release).
LIST_QUERIES = 11
# The htmx partial: the same without the layout's two.
PARTIAL_QUERIES = 9


@pytest.fixture
def portal(db):
    organization = OrganizationFactory(modules={"claims": True})
    user = portal_member(organization, "claims.motor_claims", *LEVEL_RIGHTS.values())
    client = Client()
    client.force_login(user)
    return organization, client


def _fill(organization, count):
    handler = ClaimFactory(organization=organization).handler
    for index in range(count - 1):
        line = ClaimLine.SICKNESS if index % 2 else ClaimLine.MOTOR
        ClaimFactory(organization=organization, line=line, handler=handler)


@pytest.mark.parametrize("count", [5, 50])
def test_claim_list_queries(count, portal, django_assert_num_queries):
    organization, client = portal
    _fill(organization, count)
    url = reverse("claims:claim_list", args=[organization.id])
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(url)
    assert response.status_code == 200
    with django_assert_num_queries(PARTIAL_QUERIES):
        client.get(url, {"q": "Claim", "line": "motor"}, headers={"HX-Request": "true"})


@pytest.mark.parametrize("count", [5, 50])
def test_statistics_queries(count, portal, django_assert_num_queries):
    organization, client = portal
    client.force_login(portal_member(organization, "claims.statistics", "claims.motor_claims", *LEVEL_RIGHTS.values()))
    _fill(organization, count)
    # the list's queries without its count and page (9), then per line and month, per line,
    # and the totals
    with django_assert_num_queries(12):
        assert client.get(reverse("claims:statistics", args=[organization.id])).status_code == 200
