"""Address, phone, bank account and emergency contact on the HR side: masked without their
right, revealed with it, and every reveal is an audit event (as for the national id)."""

import pytest
from django.urls import reverse

from hrsuite import roles
from hrsuite.models import AuditAction, AuditEvent
from tests.selfservice.factories import set_details

SECRETS = ["Storgata 7", "Tromsø", "+47 912 34 567", "1503.12.34567", "Ingrid Nordmann", "+47 400 00 000"]


@pytest.fixture
def details(employee):
    return set_details(
        employee,
        street_address="Storgata 7",
        postal_code="9008",
        city="Tromsø",
        phone="+47 912 34 567",
        bank_account="1503.12.34567",
        emergency_contact_name="Ingrid Nordmann",
        emergency_contact_phone="+47 400 00 000",
    )


def _url(name, employee):
    return reverse(f"selfservice:{name}", kwargs={"org_id": employee.organization_id, "employee_id": employee.id})


def test_the_read_only_viewer_sees_them_masked_and_cannot_reveal(client, colleague, employee, details):
    assert "selfservice.view_personal_details" not in roles.HR_VIEWER
    client.force_login(colleague)
    page = client.get(_url("employee_tab", employee)).content.decode()
    assert not [secret for secret in SECRETS if secret in page]
    assert "•••" in page and _url("employee_personal_details", employee) not in page
    assert client.get(_url("employee_personal_details", employee)).status_code == 403
    assert not AuditEvent.objects.filter(action=AuditAction.SENSITIVE_READ).exists()


def test_hr_admin_reveals_them_and_each_reveal_is_audited(owner_client, owner, employee, details):
    assert "selfservice.view_personal_details" in roles.HR_ADMIN
    tab = owner_client.get(_url("employee_tab", employee)).content.decode()
    assert "Tromsø" not in tab and _url("employee_personal_details", employee) in tab
    for _ in range(2):
        shown = owner_client.get(_url("employee_personal_details", employee), HTTP_HX_REQUEST="true")
        assert all(secret in shown.content.decode() for secret in SECRETS)
        assert "<html" not in shown.content.decode()
    events = AuditEvent.objects.filter(action=AuditAction.SENSITIVE_READ)
    assert events.count() == 2
    assert {(e.actor_id, e.subject_id, e.detail["field"]) for e in events} == {
        (owner.id, str(employee.pk), "personal_details")
    }
