"""Every self-service screen renders in each UI language."""

from datetime import date

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.selfservice.factories import PERSONAL_DATA, change_request, provider_staff, switch_on
from tests.selfservice.payroll import paid


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_screens_render_in_every_language(organization, employee, employee_user, owner, language):
    staff = provider_staff(organization)
    switch_on(organization, PERSONAL_DATA, actor=staff)
    change = change_request(employee)
    run = paid(employee, date(2026, 1, 1), overtime="800.00")
    for user, names in (
        (staff, [("selfservice:products", {"org_id": organization.id})]),
        (
            owner,
            [
                ("selfservice:invitations", {"org_id": organization.id}),
                ("selfservice:change_requests", {"org_id": organization.id}),
                ("selfservice:change_request_detail", {"org_id": organization.id, "request_id": change.id}),
                ("selfservice:employee_tab", {"org_id": organization.id, "employee_id": employee.id}),
            ],
        ),
        (
            employee_user,
            [
                ("me", {}),
                ("selfservice:personal_data", {}),
                ("selfservice:change_request_create", {}),
                ("timesheets:my_payslips", {}),
                ("timesheets:my_payslip", {"payslip_id": run.id}),
                ("timesheets:my_annual_statements", {}),
                ("timesheets:my_annual_statement", {"year": 2026}),
            ],
        ),
    ):
        client = Client()
        client.force_login(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        for name, kwargs in names:
            response = client.get(reverse(name, kwargs=kwargs))
            assert response.status_code == 200, name
            assert f'<html lang="{language}">' in response.content.decode(), name
