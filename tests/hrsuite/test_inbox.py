"""The inbox: each module's hook says what waits for the user, for all their organizations
in one query per module; the overview, the office page and the sidebar show it."""

import pytest
from django.urls import reverse

from hrsuite import inbox, modules
from hrsuite.models import EmployeeImport, Organization
from selfservice.models import ChangeRequest
from tests.factories import EmployeeFactory, OrganizationFactory
from tests.selfservice.factories import PERSONAL_DATA, switch_on


def _pending(employee, **changes):
    return ChangeRequest.objects.create(employee=employee, changes=changes or {"city": "Oslo"})


def test_the_overview_lists_change_requests_to_decide(owner_client, organization, employee):
    switch_on(organization, PERSONAL_DATA)
    _pending(employee)
    _pending(EmployeeFactory(organization=organization))
    page = owner_client.get(reverse("organization", kwargs={"org_id": organization.id})).content.decode()
    assert "Waiting for you" in page and "Change requests to decide" in page
    assert reverse("selfservice:change_requests", args=[organization.id]) in page


def test_nothing_waiting_says_so(owner_client, organization):
    page = owner_client.get(reverse("organization", kwargs={"org_id": organization.id})).content.decode()
    assert "Nothing waits for you here right now." in page


def test_a_user_without_the_right_sees_no_item(client, colleague, organization, employee):
    switch_on(organization, PERSONAL_DATA)
    _pending(employee)
    items = inbox.items_for(user=colleague, organizations=Organization.objects.filter(pk=organization.pk))
    assert not [i for i in items if "Change requests" in str(i.label)]


def test_the_sidebar_counts_arrive_by_htmx(owner_client, organization, employee, owner):
    EmployeeImport.objects.create(organization=organization, uploaded_by=owner, file_name="a.csv", content=b"x")
    url = reverse("inbox_counts", kwargs={"org_id": organization.id})
    page = owner_client.get(reverse("employee_list", kwargs={"org_id": organization.id})).content.decode()
    assert url in page
    counts = owner_client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert 'id="nav-count-import-upload" hx-swap-oob="true"' in counts and ">1<" in counts


@pytest.mark.parametrize("organizations", [1, 6])
def test_one_query_per_contributing_module_for_any_number_of_organizations(
    db, organizations, django_assert_num_queries
):
    from tests.selfservice.factories import provider_staff

    first = OrganizationFactory()
    for _ in range(organizations - 1):
        OrganizationFactory(office=first.office)
    staff = provider_staff(first)
    for organization in Organization.objects.all():
        switch_on(organization, PERSONAL_DATA)
        _pending(EmployeeFactory(organization=organization))
    contributing = [m for m in modules.all_modules() if m.inbox is not None]
    scope = Organization.objects.filter(office=first.office)
    # + the user's own and group permissions, read once per user (cached for the request).
    with django_assert_num_queries(len(contributing) + 2):
        items = inbox.items_for(user=staff, organizations=scope)
    requests = [i for i in items if "Change requests" in str(i.label)]
    assert sum(i.count for i in requests) == organizations


def test_insurances_ending_soon_wait_for_hr(owner, organization):
    from datetime import timedelta

    from django.utils import timezone

    from tests.benefits.factories import InsuranceFactory

    today = timezone.localdate()
    InsuranceFactory(organization=organization, end_date=today + timedelta(days=10))
    InsuranceFactory(organization=organization, end_date=today + timedelta(days=90))
    InsuranceFactory(organization=organization, end_date=None)
    items = inbox.items_for(user=owner, organizations=Organization.objects.filter(pk=organization.pk))
    ending = [i for i in items if "Insurances ending" in str(i.label)]
    assert [i.count for i in ending] == [1]


@pytest.mark.parametrize("waiting", [1, 5])
def test_the_home_page_asks_each_module_once_however_much_waits(
    owner_client, organization, waiting, django_assert_num_queries
):
    switch_on(organization, PERSONAL_DATA)
    for _ in range(waiting):
        _pending(EmployeeFactory(organization=organization))
    home = reverse("organization", kwargs={"org_id": organization.id})
    owner_client.get(home)  # the session's first request
    contributing = [m for m in modules.all_modules() if m.inbox is not None]
    # session, user, the user's organizations, the rights of its access, own and group rights
    # (6); one query per module with an inbox hook (core, benefits, timesheets, self-service
    # and, since pensions has one, pensions: 5); the organization's overview counts and
    # departments, the user's employee record, the organization switcher, the recent imports
    # (5); the session's save in a savepoint pair (3).
    with django_assert_num_queries(6 + len(contributing) + 5 + 3):
        page = owner_client.get(home).content.decode()
    assert f">{waiting}</span> Change requests to decide" in page


def test_insurances_ending_soon_are_counted_from_the_organization_s_own_today(owner, organization, monkeypatch):
    """At 23:30 UTC on 30 April it is already 1 May in Oslo: an insurance ending on 31 May
    ends within 30 days there (by UTC it would not yet)."""
    from datetime import UTC, date, datetime

    from django.utils import timezone

    from tests.benefits.factories import InsuranceFactory

    InsuranceFactory(organization=organization, end_date=date(2025, 5, 31))
    monkeypatch.setattr(timezone, "now", lambda: datetime(2025, 4, 30, 23, 30, tzinfo=UTC))
    items = inbox.items_for(user=owner, organizations=Organization.objects.filter(pk=organization.pk))
    assert [i.count for i in items if "Insurances ending" in str(i.label)] == [1]
