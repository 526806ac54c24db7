"""The filing form's person search: htmx and plain GET, master data for every employee, and the
warning before saving when the person group is not the filer's."""

import pytest
from django.urls import reverse

from claims.models import Claim, ClaimLine
from claims.rights import LEVEL_RIGHTS
from hrsuite.models import JobFunctionLevel
from tests.claims.factories import portal_member
from tests.factories import EmployeeFactory, OrganizationFactory


@pytest.fixture
def organization(db):
    return OrganizationFactory(name="Kunde AG", modules={"claims": True})


@pytest.fixture
def filer(organization):
    return portal_member(organization, LEVEL_RIGHTS[JobFunctionLevel.STAFF])


def _url(organization):
    return reverse("claims:claim_create", kwargs={"org_id": organization.id})


def test_without_javascript_the_search_comes_back_with_the_typed_values_and_results(organization, filer, client):
    kari = EmployeeFactory(organization=organization, first_name="Kari", last_name="Nordmann", number="4711")
    EmployeeFactory(organization=organization, first_name="Ola", last_name="Hansen")
    EmployeeFactory(organization=OrganizationFactory(), first_name="Kari", last_name="Elsewhere")
    client.force_login(filer)

    response = client.get(_url(organization), {"person": "kari", "search": "1", "title": "Fall on the stairs"})

    assert response.status_code == 200
    assert [employee for employee, _loses in response.context["people"]] == [kari]
    page = response.content.decode()
    assert 'value="Fall on the stairs"' in page
    assert f'id="person-{kari.pk}"' in page and "4711" in page
    assert not Claim.objects.exists()
    by_number = client.get(_url(organization), {"person": "4711"})
    assert [employee for employee, _loses in by_number.context["people"]] == [kari]


def test_with_htmx_only_the_results_come_back(organization, filer, client):
    kari = EmployeeFactory(organization=organization, first_name="Kari", last_name="Nordmann")
    client.force_login(filer)
    response = client.get(_url(organization), {"person": "nord"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    page = response.content.decode()
    assert f'id="person-{kari.pk}"' in page
    assert "<form" not in page
    nobody = client.get(_url(organization), {"person": "zzz"}, headers={"HX-Request": "true"})
    assert 'id="person-none"' in nobody.content.decode()


def test_an_employee_whose_position_was_not_imported_is_found_with_master_data(organization, filer, client):
    # The core's import gives an employee without a position the default level.
    employee = EmployeeFactory(organization=organization, first_name="Nina", last_name="Noposition")
    client.force_login(filer)
    response = client.get(_url(organization), {"person": "noposition"})
    assert [e for e, _loses in response.context["people"]] == [employee]
    assert str(JobFunctionLevel(employee.job_function_level).label) in response.content.decode()


def test_the_results_warn_when_the_person_group_is_not_the_filers(organization, filer, client):
    senior = EmployeeFactory(
        organization=organization, last_name="Senior", job_function_level=JobFunctionLevel.SENIOR_MANAGEMENT
    )
    staff = EmployeeFactory(organization=organization, last_name="Seniorita", job_function_level=JobFunctionLevel.STAFF)
    client.force_login(filer)
    response = client.get(_url(organization), {"person": "senior"})
    assert dict(response.context["people"]) == {senior: True, staff: False}
    page = response.content.decode()
    assert f'data-loses-access="{senior.pk}"' in page and f'data-loses-access="{staff.pk}"' not in page


def test_filing_with_the_chosen_person_warns_before_saving_and_then_saves(organization, filer, client):
    senior = EmployeeFactory(
        organization=organization, last_name="Senior", job_function_level=JobFunctionLevel.SENIOR_MANAGEMENT
    )
    client.force_login(filer)
    data = {
        "line": ClaimLine.ACCIDENT_OCCUPATIONAL,
        "title": "Fall",
        "employee": senior.pk,
        "person": "senior",
        "occurred_on": "2026-11-02",
        "reported_on": "2026-11-02",
        "estimated_amount": "0",
    }
    warned = client.post(_url(organization), data)
    assert warned.status_code == 200 and warned.context["form"].loses_access
    assert f'id="person-{senior.pk}" checked' in warned.content.decode()  # the choice is kept
    assert not Claim.objects.exists()
    saved = client.post(_url(organization), {**data, "confirm_loss_of_access": "on"})
    assert saved.status_code == 302
    assert Claim.objects.get().employee == senior
