"""Change personal data: the employee asks, HR approves (applied with history) or rejects."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse

from hrsuite.models import Employee
from selfservice import services
from selfservice.models import ChangeRequest
from tests.factories import EmployeeFactory
from tests.selfservice.factories import PERSONAL_DATA, change_request, set_details, switch_on

CHANGE = reverse("selfservice:change_request_create")


@pytest.fixture
def me(organization, employee_user):
    switch_on(organization, PERSONAL_DATA)
    client = Client()
    client.force_login(employee_user)
    return client


def queue_url(organization, **query):
    url = reverse("selfservice:change_requests", kwargs={"org_id": organization.id})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def detail_url(change):
    return reverse(
        "selfservice:change_request_detail",
        kwargs={"org_id": change.employee.organization_id, "request_id": change.id},
    )


FORM = {
    "street_address": "Strandgaten 1",
    "postal_code": "5013",
    "city": "Bergen",
    "phone": "+47 91234567",
    "bank_account": "no93 8601 1117 947",
    "emergency_contact_name": "Ola",
    "emergency_contact_phone": "+47 40000000",
}


def test_the_employee_submits_only_what_changed(employee, me):
    set_details(employee, city="Bergen", phone="+47 22 33 44 55")
    response = me.post(CHANGE, FORM, follow=True)
    assert "sent to HR for approval" in response.content.decode()
    change = ChangeRequest.objects.get(employee=employee)
    assert change.status == ChangeRequest.Status.PENDING
    assert "city" not in change.changes
    assert change.changes["phone"] == "+47 91 23 45 67"
    assert change.changes["bank_account"] == "NO9386011117947"
    # Nothing applied yet.
    assert Employee.objects.get(pk=employee.pk).phone == "+47 22 33 44 55"


def test_submitting_nothing_new_is_refused(employee, me):
    set_details(employee, **{**FORM, "bank_account": "NO9386011117947"})
    response = me.post(CHANGE, FORM)
    assert "You have not changed anything." in response.content.decode()
    assert not ChangeRequest.objects.exists()


def test_approval_applies_the_change_with_history_and_only_once(organization, employee, owner):
    set_details(employee, phone="+47 22 33 44 55", city="Bergen")
    change = change_request(employee, phone="+47 23 00 00 00", city="Oslo")
    services.change_request_approve(change_request=change, actor=owner)
    details = Employee.objects.get(pk=employee.pk)
    assert (details.phone, details.city) == ("+47 23 00 00 00", "Oslo")
    latest = details.history.latest()
    assert latest.history_user == owner
    assert latest.history_change_reason == services.CHANGE_REASON
    change.refresh_from_db()
    assert change.status == ChangeRequest.Status.APPROVED and change.decided_by == owner
    assert change.previous == {"phone": "+47 22 33 44 55", "city": "Bergen"}

    history_rows = details.history.count()
    services.change_request_approve(change_request=change, actor=owner)  # again: nothing happens
    assert details.history.count() == history_rows
    with pytest.raises(ValidationError):
        services.change_request_reject(change_request=change, actor=owner)


def test_approval_writes_an_iban_onto_the_core_employee(employee, owner):
    change = change_request(employee, bank_account="NL91ABNA0417164300")
    services.change_request_approve(change_request=change, actor=owner)
    assert Employee.objects.get(pk=employee.pk).bank_account == "NL91ABNA0417164300"


def test_rejection_applies_nothing(employee, owner):
    change = change_request(employee, phone="+47 23 00 00 00")
    services.change_request_reject(change_request=change, actor=owner, note="Wrong number")
    assert Employee.objects.get(pk=employee.pk).phone == ""
    change.refresh_from_db()
    assert (change.status, change.decision_note) == (ChangeRequest.Status.REJECTED, "Wrong number")
    with pytest.raises(ValidationError):
        services.change_request_approve(change_request=change, actor=owner)


def test_hr_approves_in_the_queue(organization, employee, owner_client, me):
    me.post(CHANGE, {**FORM, "city": "Tromsø"})
    change = ChangeRequest.objects.get()
    queue = owner_client.get(queue_url(organization)).content.decode()
    assert employee.full_name in queue
    detail = owner_client.get(detail_url(change)).content.decode()
    assert "Tromsø" in detail
    response = owner_client.post(detail_url(change), {"decision": "approve"}, follow=True)
    assert "approved and applied" in response.content.decode()
    assert Employee.objects.get(pk=employee.pk).city == "Tromsø"
    shown = reverse(
        "selfservice:employee_personal_details", kwargs={"org_id": organization.id, "employee_id": employee.id}
    )
    assert "Tromsø" in owner_client.get(shown).content.decode()
    # A second click (e.g. another tab) changes nothing and says so.
    owner_client.post(detail_url(change), {"decision": "approve"})
    assert (
        Employee.objects.get(pk=employee.pk).history.filter(history_change_reason=services.CHANGE_REASON).count() == 1
    )
    assert employee.full_name not in owner_client.get(queue_url(organization)).content.decode()
    assert employee.full_name in owner_client.get(queue_url(organization, status="approved")).content.decode()
    # The employee sees the outcome.
    assert "Approved" in me.get(CHANGE).content.decode()


def test_hr_rejects_with_a_note(organization, employee, owner_client, me):
    change = change_request(employee, phone="+47 55 55 55 55")
    owner_client.post(detail_url(change), {"decision": "reject", "note": "Please call us"})
    change.refresh_from_db()
    assert change.status == ChangeRequest.Status.REJECTED
    assert "Please call us" in me.get(CHANGE).content.decode()


def test_the_employee_withdraws_a_pending_request(employee, me):
    change = change_request(employee)
    me.post(reverse("selfservice:change_request_withdraw", kwargs={"request_id": change.id}))
    change.refresh_from_db()
    assert change.status == ChangeRequest.Status.WITHDRAWN
    with pytest.raises(ValidationError):
        services.change_request_approve(change_request=change, actor=employee.user)


def test_hr_of_another_organization_never_sees_the_request(organization, other_organization, employee, outsider):
    change = change_request(employee)
    client = Client()
    client.force_login(outsider)
    assert client.get(detail_url(change)).status_code == 404
    other_queue = reverse("selfservice:change_requests", kwargs={"org_id": other_organization.id})
    assert employee.full_name not in client.get(other_queue).content.decode()
    assert (
        client.post(
            reverse(
                "selfservice:change_request_detail", kwargs={"org_id": other_organization.id, "request_id": change.id}
            ),
            {"decision": "approve"},
        ).status_code
        == 404
    )
    change.refresh_from_db()
    assert change.status == ChangeRequest.Status.PENDING


@pytest.mark.parametrize("rows", [5, 50])
def test_queue_query_count_is_flat(organization, owner_client, django_assert_max_num_queries, rows):
    for index in range(rows):
        change_request(EmployeeFactory(organization=organization), phone=f"+47 22 33 {index:04d}")
    with django_assert_max_num_queries(14):
        response = owner_client.get(queue_url(organization))
    assert response.status_code == 200


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_approvals_apply_once(organization, employee, owner):
    change = change_request(employee, phone="+47 77777777")
    barrier = threading.Barrier(2)
    errors = []

    def approve():
        try:
            barrier.wait(timeout=5)
            services.change_request_approve(change_request=change, actor=owner)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    details = Employee.objects.get(pk=employee.pk)
    assert details.phone == "+47 77 77 77 77"
    assert details.history.filter(history_change_reason=services.CHANGE_REASON).count() == 1


def test_a_request_is_checked_exactly_like_hrs_form(employee, me):
    response = me.post(CHANGE, {**FORM, "bank_account": "123", "postal_code": "abcdefghijk"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "A Norwegian account number has 11 digits" in page
    assert "This is not a postal code of the chosen country" in page
    assert not ChangeRequest.objects.exists()


def test_one_pending_request_per_field(employee, me):
    first = change_request(employee, phone="+47 40 00 00 01")
    with pytest.raises(ValidationError) as refused:
        change_request(employee, phone="+47 40 00 00 02", city="Oslo")
    assert "phone" in refused.value.message_dict and "city" not in refused.value.message_dict
    page = me.post(CHANGE, {"phone": "+47 40 00 00 03"}).content.decode()
    assert "You already asked to change this" in page
    assert change_request(employee, city="Oslo")  # another field may wait beside it
    services.change_request_withdraw(change_request=first, actor=employee.user)
    assert change_request(employee, phone="+47 40 00 00 04")


def test_hr_is_warned_of_a_bank_account_change(organization, employee, owner_client):
    quiet = change_request(employee, city="Oslo")
    assert "Check before approving" not in owner_client.get(detail_url(quiet)).content.decode()
    services.change_request_withdraw(change_request=quiet, actor=employee.user)
    risky = change_request(employee, bank_account="86011117947", phone="+47 40 00 00 09")
    page = owner_client.get(detail_url(risky)).content.decode()
    assert "Check before approving" in page and "Fraud risk" in page
    assert "at the same time as the bank account" in page


def test_approval_refuses_what_the_rules_no_longer_accept(employee, owner):
    change = change_request(employee, city="Oslo")
    ChangeRequest.objects.filter(pk=change.pk).update(changes={"bank_account": "123"})
    change.refresh_from_db()
    with pytest.raises(ValidationError):
        services.change_request_approve(change_request=change, actor=owner)
    assert Employee.objects.get(pk=employee.pk).bank_account == ""
