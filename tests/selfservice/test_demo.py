from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from hrsuite.models import Organization, User
from selfservice import selectors
from selfservice.models import ChangeRequest, Tier


def test_demo_data(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115 - idempotent
    norway = Organization.objects.get(country="NO", org_number="912345678")
    netherlands = Organization.objects.get(country="NL")
    assert selectors.subscription_for(organization=norway).tier == Tier.PLUS
    assert selectors.addendum_for(organization=netherlands) is None
    assert {"view_personal_data", "change_personal_data", "workflow_editor"} <= selectors.enabled_features(
        organization=norway
    )

    employee_user = User.objects.get(email="employee@demo.hrsuite.example")
    client = Client()
    client.force_login(employee_user)
    assert "Personal data" in client.get(reverse("me")).content.decode()
    before = ChangeRequest.objects.count()
    client.post(reverse("selfservice:change_request_create"), {"city": "Stavanger", "street_address": "Kirkegata 1"})
    assert ChangeRequest.objects.count() == before + 1
    assert ChangeRequest.objects.filter(employee__user=employee_user).count() == 2
