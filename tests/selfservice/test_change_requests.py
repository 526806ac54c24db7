"""Change personal data: the employee asks, HR approves (applied with history) or rejects."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse

from selfservice import services
from selfservice.models import ChangeRequest, EmployeePersonalDetails
from tests.factories import EmployeeFactory
from tests.selfservice.factories import PERSONAL_DATA, change_request, switch_on

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
    EmployeePersonalDetails.objects.create(employee=employee, city="Bergen", phone="+47 1")
    response = me.post(CHANGE, FORM, follow=True)
    assert "sent to HR for approval" in response.content.decode()
    change = ChangeRequest.objects.get(employee=employee)
    assert change.status == ChangeRequest.Status.PENDING
    assert "city" not in change.changes
    assert change.changes["phone"] == "+47 91234567"
    assert change.changes["bank_account"] == "NO9386011117947"
    # Nothing applied yet.
    assert EmployeePersonalDetails.objects.get(employee=employee).phone == "+47 1"


def test_submitting_nothing_new_is_refused(employee, me):
    EmployeePersonalDetails.objects.create(employee=employee, **{**FORM, "bank_account": "NO9386011117947"})
    response = me.post(CHANGE, FORM)
    assert "You have not changed anything." in response.content.decode()
    assert not ChangeRequest.objects.exists()


def test_approval_applies_the_change_with_history_and_only_once(organization, employee, owner):
    EmployeePersonalDetails.objects.create(employee=employee, phone="+47 1", city="Bergen")
    change = change_request(employee, phone="+47 2", city="Oslo")
    services.change_request_approve(change_request=change, actor=owner)
    details = EmployeePersonalDetails.objects.get(employee=employee)
    assert (details.phone, details.city) == ("+47 2", "Oslo")
    latest = details.history.latest()
    assert latest.history_user == owner
    assert latest.prev_record.phone == "+47 1"
    change.refresh_from_db()
    assert change.status == ChangeRequest.Status.APPROVED and change.decided_by == owner
    assert change.previous == {"phone": "+47 1", "city": "Bergen"}

    history_rows = details.history.count()
    services.change_request_approve(change_request=change, actor=owner)  # again: nothing happens
    assert details.history.count() == history_rows
    with pytest.raises(ValidationError):
        services.change_request_reject(change_request=change, actor=owner)


def test_approval_creates_the_details_when_none_were_kept(employee, owner):
    change = change_request(employee, bank_account="NL91ABNA0417164300")
    services.change_request_approve(change_request=change, actor=owner)
    assert EmployeePersonalDetails.objects.get(employee=employee).bank_account == "NL91ABNA0417164300"


def test_rejection_applies_nothing(employee, owner):
    change = change_request(employee, phone="+47 2")
    services.change_request_reject(change_request=change, actor=owner, note="Wrong number")
    assert not EmployeePersonalDetails.objects.filter(employee=employee).exists()
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
    assert EmployeePersonalDetails.objects.get(employee=employee).city == "Tromsø"
    shown = reverse(
        "selfservice:employee_personal_details", kwargs={"org_id": organization.id, "employee_id": employee.id}
    )
    assert "Tromsø" in owner_client.get(shown).content.decode()
    # A second click (e.g. another tab) changes nothing and says so.
    owner_client.post(detail_url(change), {"decision": "approve"})
    assert EmployeePersonalDetails.objects.get(employee=employee).history.count() == 1
    assert employee.full_name not in owner_client.get(queue_url(organization)).content.decode()
    assert employee.full_name in owner_client.get(queue_url(organization, status="approved")).content.decode()
    # The employee sees the outcome.
    assert "Approved" in me.get(CHANGE).content.decode()


def test_hr_rejects_with_a_note(organization, employee, owner_client, me):
    change = change_request(employee, phone="+47 5")
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
        change_request(EmployeeFactory(organization=organization), phone=f"+47 {index}")
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
    details = EmployeePersonalDetails.objects.get(employee=employee)
    assert details.phone == "+47 77777777"
    assert details.history.count() == 1
