"""The user list: every user with their rights and data at a glance, in a constant number of queries."""

import pytest
from django.urls import reverse
from django.utils import timezone

from claims.rights import LEVEL_RIGHTS
from hrsuite.grants import company_access_grant
from hrsuite.models import JobFunctionLevel
from tests.claims.factories import portal_member
from tests.factories import OrganizationFactory, UserFactory


@pytest.fixture
def organization(db):
    return OrganizationFactory(name="Kunde AG", modules={"claims": True})


def _url(organization):
    return reverse("claims:user_overview", kwargs={"org_id": organization.id})


def test_each_row_shows_companies_rights_lines_levels_login_and_state(organization, client):
    admin = portal_member(organization, "claims.customer_administrator", full_name="Ada Admin")
    sister = OrganizationFactory(name="Kunde Tochter AG", modules={"claims": True})
    stranger = OrganizationFactory(name="Fremd GmbH")
    user = portal_member(
        organization,
        "claims.motor_claims",
        LEVEL_RIGHTS[JobFunctionLevel.STAFF],
        full_name="Uwe User",
        last_login=timezone.now(),
    )
    for other in (sister, stranger):
        company_access_grant(user=user, organization=other, rights=["claims.portal_user", "claims.api_user"])
    company_access_grant(user=admin, organization=sister, rights=["claims.portal_user", "claims.api_user"])
    leaver = portal_member(organization, full_name="Lea Leaver", is_active=False)
    client.force_login(admin)

    response = client.get(_url(organization))

    assert response.status_code == 200
    rows = {row.user: row for row in response.context["rows"]}
    assert set(rows) == {admin, user, leaver}
    row = rows[user]
    assert row.organizations == ["Kunde AG", "Kunde Tochter AG"]
    assert row.other_organizations == 1  # the stranger's name is not shown to this admin
    assert "Fremd GmbH" not in response.content.decode()
    assert "Motor vehicle claims" in row.rights
    assert [str(line) for line in row.lines] == [
        "Occupational accident",
        "Non-occupational accident",
        "Sickness",
        "Motor vehicle",
    ]
    assert [str(level) for level in row.levels] == [str(JobFunctionLevel.STAFF.label)]
    assert rows[leaver].levels == [] and not rows[leaver].user.is_active
    assert f'id="user-{leaver.pk}"' in response.content.decode()


def test_the_list_needs_the_customer_administrator_right(organization, client):
    client.force_login(portal_member(organization, "claims.motor_claims"))
    assert client.get(_url(organization)).status_code == 403


def _users(organization, count):
    for number in range(count):
        user = UserFactory(full_name=f"User {number:02d}")
        company_access_grant(
            user=user,
            organization=organization,
            rights=["claims.portal_user", "claims.api_user", "claims.motor_claims", *LEVEL_RIGHTS.values()],
        )
        company_access_grant(user=user, organization=OrganizationFactory(), rights=["hrsuite.view_employee"])


# Session, user, organization, rights, count, the shell's organization switcher, page of
# users, their rights, their companies, the viewer's reach (the shell's employee link), the
# session's save (savepoint, update, release): the same at 2 and 20 users.
QUERIES = 14


@pytest.mark.parametrize("count", [2, 20])
def test_query_count_does_not_grow_with_users(organization, client, django_assert_num_queries, count):
    admin = portal_member(organization, "claims.customer_administrator")
    _users(organization, count)
    client.force_login(admin)
    with django_assert_num_queries(QUERIES):
        response = client.get(_url(organization))
    assert len(response.context["rows"]) == count + 1
