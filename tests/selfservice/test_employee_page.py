"""The employee's page shows exactly the features switched on; the rest answers 404."""

import pytest
from django.test import Client
from django.urls import reverse

from hrsuite import me as my_page
from selfservice import services
from selfservice.models import ChangeRequest
from tests.factories import EmployeeFactory, UserFactory, switch
from tests.selfservice.factories import PERSONAL_DATA, change_request, provider_staff, set_details, switch_on

HOME = reverse("me")
PERSONAL = reverse("selfservice:personal_data")
CHANGE = reverse("selfservice:change_request_create")


@pytest.fixture
def me(employee_user):
    client = Client()
    client.force_login(employee_user)
    return client


def test_without_self_service_only_the_employment_card_is_shown(me):
    page = me.get(HOME).content.decode()
    assert "has not switched on self-service" in page
    assert "Personal data" not in page
    assert me.get(PERSONAL).status_code == 404
    assert me.get(CHANGE).status_code == 404


def test_view_only_shows_personal_data_and_hides_the_change_feature(organization, employee, me):
    switch_on(organization, {"view_personal_data"})
    set_details(employee, city="Bergen", phone="+47 99999999")
    page = me.get(HOME).content.decode()
    assert "Personal data" in page and "+47 99999999" in page
    assert "Change my details" not in page  # neither the menu entry nor the card
    assert me.get(PERSONAL).status_code == 200
    # Typed by hand: the disabled feature does not exist.
    assert me.get(CHANGE).status_code == 404
    assert me.post(CHANGE, {"phone": "1"}).status_code == 404
    pending = change_request(employee)
    withdraw = reverse("selfservice:change_request_withdraw", kwargs={"request_id": pending.id})
    assert me.post(withdraw).status_code == 404
    assert not ChangeRequest.objects.exclude(status="pending").exists()


def test_change_personal_data_shows_the_form_and_its_menu_entry(organization, me):
    switch_on(organization, PERSONAL_DATA)
    page = me.get(HOME).content.decode()
    assert f'href="{CHANGE}"' in page
    assert me.get(CHANGE).status_code == 200


def test_switching_self_service_off_closes_every_section(organization, me):
    staff = provider_staff(organization)
    switch_on(organization, PERSONAL_DATA, actor=staff)
    from selfservice.services import selfservice_deactivate

    selfservice_deactivate(organization=organization, actor=staff)
    assert me.get(PERSONAL).status_code == 404
    assert me.get(CHANGE).status_code == 404
    assert "Personal data" not in me.get(HOME).content.decode()


def test_a_feature_of_another_organization_does_not_open_it_here(other_organization, me):
    switch_on(other_organization, PERSONAL_DATA)
    assert me.get(PERSONAL).status_code == 404


def test_an_employee_only_ever_sees_their_own_data(organization, employee, me):
    switch_on(organization, PERSONAL_DATA)
    colleague = EmployeeFactory(organization=organization, first_name="Berit")
    colleague.user = UserFactory()
    colleague.save()
    set_details(colleague, phone="+47 11111111", bank_account="NO9386011117947")
    theirs = change_request(colleague, city="Oslo")

    assert "+47 11111111" not in me.get(PERSONAL).content.decode()
    assert "Oslo" not in me.get(CHANGE).content.decode()
    withdraw = reverse("selfservice:change_request_withdraw", kwargs={"request_id": theirs.id})
    assert me.post(withdraw).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == ChangeRequest.Status.PENDING


def test_someone_without_an_employee_record_has_no_page(organization, owner_client):
    switch_on(organization, PERSONAL_DATA)
    for url in (HOME, PERSONAL, CHANGE):
        assert owner_client.get(url).status_code == 404


def test_a_section_needs_its_module_and_its_feature(organization, employee):
    section = my_page.get("benefits")
    assert my_page.is_shown(section, employee, {"self_service"})
    switch(employee.organization, "benefits", False)
    assert not my_page.is_shown(section, employee, {"self_service"})
    switch(employee.organization, "benefits", True)
    assert not my_page.is_shown(section, employee, set())


@pytest.mark.parametrize("requests", [1, 20])
def test_home_query_count_is_flat(organization, employee, me, django_assert_max_num_queries, requests):
    switch_on(organization, PERSONAL_DATA)
    for index in range(requests):  # one waits; the earlier ones were decided
        earlier = change_request(employee, phone=f"+47 22 33 {index:04d}")
        if index < requests - 1:
            services.change_request_reject(change_request=earlier, actor=employee.user)
    # 12 for the page and its own sections, 2 for benefits (insurances, other benefits), one
    # each for payslips, annual statements and the salary chart, and the salary term in
    # force (the employment percentage).
    with django_assert_max_num_queries(18):
        assert me.get(HOME).status_code == 200
