"""The inbox: each module's hook says what waits for the user, for all their organizations
in one query per module; the overview, the office page and the sidebar show it."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from claims.rights import MINIMUM_RIGHTS
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


# --- Claims portal --------------------------------------------------------------------------


def _claims_items(user, organization, label):
    items = inbox.items_for(user=user, organizations=Organization.objects.filter(pk=organization.pk))
    return [i for i in items if str(i.label) == label]


@pytest.fixture
def claims_organization(db):
    return OrganizationFactory(name="Kunde AG", modules={"claims": True})


def test_claims_to_handle_are_those_the_handler_can_open(claims_organization, other_organization):
    from claims import selectors
    from claims.models import ClaimLine, ClaimStatus
    from hrsuite.access import rights_for
    from hrsuite.models import JobFunctionLevel
    from tests.claims.factories import ClaimFactory, portal_member

    handler = portal_member(claims_organization, "claims.motor_claims", "claims.personal_injury_staff")
    mine = {"organization": claims_organization, "handler": handler}
    ClaimFactory(line=ClaimLine.MOTOR, **mine)  # counted
    ClaimFactory(line=ClaimLine.MOTOR, status=ClaimStatus.IN_REVIEW, **mine)  # counted
    ClaimFactory(line=ClaimLine.MOTOR, status=ClaimStatus.CLOSED, **mine)  # closed
    ClaimFactory(line=ClaimLine.PROPERTY, **mine)  # a line without the right
    staff_case = ClaimFactory(line=ClaimLine.ACCIDENT_OCCUPATIONAL, **mine)
    ClaimFactory(line=ClaimLine.SICKNESS, job_function_level=JobFunctionLevel.SENIOR_MANAGEMENT, **mine)  # level
    ClaimFactory(line=ClaimLine.MOTOR, organization=claims_organization)  # someone else's
    other = OrganizationFactory(modules={"claims": True})
    ClaimFactory(line=ClaimLine.MOTOR, organization=other, handler=handler)  # no access there
    assert staff_case.job_function_level == JobFunctionLevel.STAFF

    [item] = _claims_items(handler, claims_organization, "Claims to handle")
    assert item.count == 3
    rights = rights_for(handler, claims_organization)
    filters = selectors.ClaimFilters(status=selectors.OPEN, handler=handler)
    listed = selectors.claims_list(user=handler, organization=claims_organization, rights=rights, filters=filters)
    assert listed.count() == item.count  # what the link lists
    assert not _claims_items(handler, other, "Claims to handle")


def test_each_organization_counts_its_own_claims_by_the_rights_held_there(claims_organization):
    from claims.models import ClaimLine
    from hrsuite.grants import company_access_grant
    from tests.claims.factories import ClaimFactory, portal_member

    handler = portal_member(claims_organization, "claims.motor_claims")
    second = OrganizationFactory(modules={"claims": True})
    company_access_grant(user=handler, organization=second, rights=[*MINIMUM_RIGHTS, "claims.property_claims"])
    for organization in (claims_organization, second):
        for line in (ClaimLine.MOTOR, ClaimLine.PROPERTY, ClaimLine.PROPERTY):
            ClaimFactory(organization=organization, handler=handler, line=line)
    scope = Organization.objects.filter(pk__in=[claims_organization.pk, second.pk])
    items = [i for i in inbox.items_for(user=handler, organizations=scope) if str(i.label) == "Claims to handle"]
    # motor where motor is held, property where property is held; never the other's claims
    assert {(i.organization_id, i.count) for i in items} == {(claims_organization.pk, 1), (second.pk, 2)}


def test_the_link_lists_the_open_claims_the_user_handles(claims_organization):
    from claims.models import ClaimLine, ClaimStatus
    from tests.claims.factories import ClaimFactory, portal_member

    handler = portal_member(claims_organization, "claims.motor_claims", full_name="Hanna Handler")
    ClaimFactory(organization=claims_organization, handler=handler, line=ClaimLine.MOTOR, title="Dented door")
    ClaimFactory(
        organization=claims_organization, handler=handler, line=ClaimLine.MOTOR, title="Old", status=ClaimStatus.CLOSED
    )
    ClaimFactory(organization=claims_organization, line=ClaimLine.MOTOR, title="Not mine")
    [item] = _claims_items(handler, claims_organization, "Claims to handle")
    client = Client()
    client.force_login(handler)
    page = client.get(item.url).content.decode()
    assert "Dented door" in page and "Old" not in page and "Not mine" not in page


def test_absences_whose_waiting_period_is_reached_wait_for_holders_of_the_right(claims_organization):
    from django.utils import timezone

    from claims.models import ClaimLine
    from tests.claims.factories import AbsenceFactory, ClaimFactory, portal_member

    today = timezone.localdate()
    keeper = portal_member(claims_organization, "claims.absences_without_cover")
    without_the_right = portal_member(claims_organization)
    reached = AbsenceFactory(organization=claims_organization, first_day=today - datetime.timedelta(days=40))
    AbsenceFactory(organization=claims_organization, first_day=today - datetime.timedelta(days=5))  # still waiting
    AbsenceFactory(
        organization=claims_organization,
        first_day=today - datetime.timedelta(days=60),
        converted_to=ClaimFactory(organization=claims_organization, line=ClaimLine.SICKNESS),
    )
    AbsenceFactory(first_day=today - datetime.timedelta(days=40))  # another organization's
    [item] = _claims_items(keeper, claims_organization, "Absences whose waiting period is reached")
    assert item.count == 1 and item.warning
    assert not _claims_items(without_the_right, claims_organization, "Absences whose waiting period is reached")
    client = Client()
    client.force_login(keeper)
    page = client.get(item.url).content.decode()
    assert reached.employee.last_name in page and page.count('class="badge warning"') == 1


def test_absences_are_reached_by_the_organization_s_own_date(db, monkeypatch):
    """At 12:00 UTC on 2 December it is already 3 December in Auckland (UTC+13): an absence
    whose waiting period ends on the 3rd is reached there, and not yet in Oslo."""
    from django.utils import timezone

    from tests.claims.factories import AbsenceFactory, portal_member

    monkeypatch.setattr(timezone, "now", lambda: datetime.datetime(2026, 12, 2, 12, 0, tzinfo=datetime.UTC))
    ends_on_the_3rd = {"first_day": datetime.date(2026, 11, 3), "waiting_period_days": 30}
    for zone, expected in (("Pacific/Auckland", 1), ("Europe/Oslo", 0)):
        organization = OrganizationFactory(modules={"claims": True}, time_zone=zone)
        keeper = portal_member(organization, "claims.absences_without_cover")
        AbsenceFactory(organization=organization, **ends_on_the_3rd)
        items = _claims_items(keeper, organization, "Absences whose waiting period is reached")
        assert [i.count for i in items] == ([expected] if expected else [])


def test_a_claims_user_lands_on_what_waits_and_their_sections_not_on_a_refusal(claims_organization):
    """Every member lands on the overview after login: one without the employee right gets
    the inbox and their sections, never the employee figures, the modules or a 403."""
    from claims.models import ClaimLine
    from tests.claims.factories import ClaimFactory, portal_member

    handler = portal_member(claims_organization, "claims.motor_claims")
    ClaimFactory(organization=claims_organization, handler=handler, line=ClaimLine.MOTOR)
    client = Client()
    client.force_login(handler)
    landing = client.get(reverse("home"), follow=True)
    page = landing.content.decode()
    assert landing.status_code == 200
    assert landing.redirect_chain[-1][0] == reverse("organization", kwargs={"org_id": claims_organization.id})
    assert ">1</span> Claims to handle" in page
    assert reverse("claims:claim_list", args=[claims_organization.id]) in page.split("Your sections")[1]
    assert "Current employees" not in page and "Recent imports" not in page and 'id="topbar-q"' not in page


@pytest.mark.parametrize("claims", [1, 15])
def test_the_home_page_asks_the_same_queries_for_any_number_of_claims(
    claims_organization, claims, django_assert_num_queries
):
    from django.contrib.auth.models import Permission

    from claims.models import ClaimLine
    from tests.claims.factories import AbsenceFactory, ClaimFactory
    from tests.selfservice.factories import provider_staff

    staff = provider_staff(claims_organization)
    staff.user_permissions.add(*Permission.objects.filter(content_type__app_label="claims"))
    ClaimFactory.create_batch(claims, organization=claims_organization, handler=staff, line=ClaimLine.MOTOR)
    AbsenceFactory.create_batch(claims, organization=claims_organization, first_day=datetime.date(2026, 1, 1))
    client = Client()
    client.force_login(staff)
    url = reverse("organization", kwargs={"org_id": claims_organization.id})
    client.get(url)  # the session and the per-user caches, as on any later visit
    contributing = [m for m in modules.all_modules() if m.inbox is not None]
    # 1-2 session, user; 3 the organization through the access layer; 4-5 the user's own and
    # group permissions; then one inbox query per contributing module (core imports, benefits,
    # timesheets, self-service, the claims portal's claims and absences in one, pensions);
    # 11-15 the overview (employee counts, departments, recent employees, organization
    # switcher, imports); 16-18 the session saved (savepoint, update, release).
    with django_assert_num_queries(13 + len(contributing)) as queries:
        page = client.get(url).content.decode()
    assert len(contributing) == 6
    claims_queries = [q for q in queries if "claims_claim" in q["sql"] or "claims_absencewithoutcover" in q["sql"]]
    assert len(claims_queries) == 1
    assert "Claims to handle" in page and "Absences whose waiting period is reached" in page


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
    # (6); one query per module with an inbox hook (core, benefits, timesheets, self-service,
    # claims, pensions: 6); the organization's overview counts and
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
