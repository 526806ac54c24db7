import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from hrsuite.models import AuditAction, AuditEvent, Employee
from hrsuite.signals import employment_ended
from tests.factories import DepartmentFactory, EmployeeFactory


def list_url(organization, **params):
    from urllib.parse import urlencode

    return reverse("employee_list", kwargs={"org_id": organization.id}) + ("?" + urlencode(params) if params else "")


def detail_url(employee, name="employee_detail"):
    return reverse(name, kwargs={"org_id": employee.organization_id, "employee_id": employee.id})


def valid_form(**overrides):
    data = {
        "number": "5001",
        "first_name": "Kari",
        "last_name": "Nordmann",
        "email": "kari@example.com",
        "birth_date": "1985-04-12",
        "national_id": "",
        "department": "",
        "job_function_level": "staff",
        "employment_start": "2024-01-01",
        "employment_end": "",
        "salary_type": "monthly",
        "annual_salary": "650000.00",
        "employment_percentage": "100",
        "normal_hours_per_day": "",
        "salary_valid_from": "2025-01-01",
    }
    data.update(overrides)
    return data


class TestEmployeeList:
    def test_search_by_name_and_number(self, owner_client, organization):
        EmployeeFactory(organization=organization, first_name="Kari", last_name="Nordmann", number="77")
        EmployeeFactory(organization=organization, first_name="Ola", last_name="Hansen", number="78")
        by_name = owner_client.get(list_url(organization, q="nordm")).content.decode()
        assert "Nordmann, Kari" in by_name and "Hansen, Ola" not in by_name
        by_number = owner_client.get(list_url(organization, q="78")).content.decode()
        assert "Hansen, Ola" in by_number and "Nordmann" not in by_number

    def test_filter_by_department_and_status(self, owner_client, organization):
        finance = DepartmentFactory(organization=organization, name="Finance")
        EmployeeFactory(organization=organization, last_name="InFinance", department=finance)
        EmployeeFactory(organization=organization, last_name="Elsewhere")
        EmployeeFactory(organization=organization, last_name="Gone", employment_end=datetime.date(2021, 1, 1))
        page = owner_client.get(list_url(organization, department=finance.id)).content.decode()
        assert "InFinance" in page and "Elsewhere" not in page
        active = owner_client.get(list_url(organization)).content.decode()
        assert "Gone" not in active
        ended = owner_client.get(list_url(organization, status="ended")).content.decode()
        assert "Gone" in ended and "Elsewhere" not in ended

    def test_never_lists_another_organizations_employees(self, owner_client, organization, other_organization):
        EmployeeFactory(organization=other_organization, last_name="Stranger")
        assert "Stranger" not in owner_client.get(list_url(organization, status="all")).content.decode()

    def test_htmx_request_gets_only_the_results_fragment(self, owner_client, organization):
        EmployeeFactory(organization=organization, last_name="Fragment")
        response = owner_client.get(list_url(organization, page=1), headers={"HX-Request": "true"})
        body = response.content.decode()
        assert "Fragment" in body and "<html" not in body and 'class="sidebar"' not in body

    def test_paginates(self, owner_client, organization):
        EmployeeFactory.create_batch(30, organization=organization)
        body = owner_client.get(list_url(organization, page=2)).content.decode()
        assert "26–30 of 30" in body

    @pytest.mark.parametrize("count", [5, 500])
    def test_query_count_is_constant(self, count, owner_client, organization, django_assert_max_num_queries):
        departments = DepartmentFactory.create_batch(3, organization=organization)
        EmployeeFactory.create_batch(count, organization=organization, department=departments[0])
        # session, user, organization, rights, page count, page rows, departments filter,
        # org switcher, user.employee (nav), and the idle-timeout session save (3 with its
        # savepoint): 12, the same at 5 and at 500 employees.
        with django_assert_max_num_queries(12):
            response = owner_client.get(list_url(organization))
        assert response.status_code == 200


class TestEmployeeCreateAndEdit:
    def test_create(self, owner_client, organization):
        response = owner_client.post(reverse("employee_create", kwargs={"org_id": organization.id}), valid_form())
        employee = Employee.objects.get(organization=organization, number="5001")
        assert response.status_code == 302 and response["Location"] == detail_url(employee)
        term = employee.salary_terms.get()
        assert term.valid_from == datetime.date(2024, 1, 1) and term.annual_salary == Decimal("650000.00")

    def test_duplicate_number_is_refused_with_a_field_error(self, owner_client, organization):
        EmployeeFactory(organization=organization, number="5001")
        response = owner_client.post(reverse("employee_create", kwargs={"org_id": organization.id}), valid_form())
        assert response.status_code == 200
        assert "Another employee already has this number." in response.content.decode()
        assert Employee.objects.filter(organization=organization, number="5001").count() == 1

    def test_same_number_in_another_organization_is_fine(self, owner_client, organization, other_organization):
        EmployeeFactory(organization=other_organization, number="5001")
        owner_client.post(reverse("employee_create", kwargs={"org_id": organization.id}), valid_form())
        assert Employee.objects.filter(organization=organization, number="5001").exists()

    def test_end_before_start_is_refused(self, owner_client, organization):
        response = owner_client.post(
            reverse("employee_create", kwargs={"org_id": organization.id}),
            valid_form(employment_end="2023-12-31"),
        )
        assert "The employment cannot end before it starts." in response.content.decode()
        assert not Employee.objects.filter(number="5001").exists()

    def test_invalid_norwegian_national_id_is_refused(self, owner_client, organization):
        response = owner_client.post(
            reverse("employee_create", kwargs={"org_id": organization.id}), valid_form(national_id="12345678901")
        )
        assert "check digits" in response.content.decode()

    def test_department_of_another_organization_cannot_be_chosen(self, owner_client, organization, other_organization):
        foreign = DepartmentFactory(organization=other_organization)
        response = owner_client.post(
            reverse("employee_create", kwargs={"org_id": organization.id}), valid_form(department=foreign.id)
        )
        assert response.status_code == 200 and not Employee.objects.filter(number="5001").exists()

    def test_edit_keeps_history_with_who_and_what(self, owner_client, owner, employee):
        owner_client.post(
            detail_url(employee, "employee_edit"),
            valid_form(number=employee.number, last_name="Renamed", annual_salary="700000"),
        )
        employee.refresh_from_db()
        assert employee.last_name == "Renamed"
        latest = employee.history.first()
        assert latest.history_user == owner
        page = owner_client.get(detail_url(employee, "employee_history")).content.decode()
        assert "Renamed" in page
        # The salary change is a term of its own, shown with the earlier one on the overview.
        overview = owner_client.get(detail_url(employee)).content.decode().replace(",", "")
        assert "700000" in overview and "600000" in overview

    def test_viewer_sees_no_edit_button_and_cannot_post(self, colleague, employee, client):
        client.force_login(colleague)
        page = client.get(detail_url(employee)).content.decode()
        assert "Edit" not in page
        assert client.post(detail_url(employee, "employee_edit"), valid_form()).status_code == 403


class TestEndEmployment:
    def test_ends_without_deleting_and_is_audited(self, owner_client, owner, employee):
        received = []

        def receiver(sender, employee, end_date, actor, **kwargs):
            received.append((employee.pk, end_date, actor))

        employment_ended.connect(receiver)
        try:
            response = owner_client.post(
                detail_url(employee, "employment_end"), {"end_date": "2026-06-30", "confirm": "1"}
            )
        finally:
            employment_ended.disconnect(receiver)
        assert response.status_code == 302
        employee.refresh_from_db()
        assert employee.employment_end == datetime.date(2026, 6, 30)
        assert received == [(employee.pk, datetime.date(2026, 6, 30), owner)]
        assert AuditEvent.objects.filter(action=AuditAction.EMPLOYMENT_ENDED, subject_id=str(employee.pk)).exists()

    def test_asks_first_naming_the_employee_and_the_date(self, owner_client, employee):
        response = owner_client.post(detail_url(employee, "employment_end"), {"end_date": "2026-06-30"})
        assert response.status_code == 200
        assert f"End the employment of {employee.full_name} on 30/06/2026?" in response.content.decode()
        employee.refresh_from_db()
        assert employee.employment_end is None
        assert not AuditEvent.objects.filter(action=AuditAction.EMPLOYMENT_ENDED).exists()

    def test_end_before_start_is_refused_and_changes_nothing(self, owner_client, employee):
        response = owner_client.post(detail_url(employee, "employment_end"), {"end_date": "2019-12-31"})
        assert response.status_code == 200
        assert "cannot end before it starts" in response.content.decode()
        employee.refresh_from_db()
        assert employee.employment_end is None


class TestNationalId:
    def test_masked_by_default_and_each_reveal_is_audited(self, owner_client, organization):
        employee = EmployeeFactory(organization=organization, national_id="01018512345"[:9] + "00")
        employee.national_id = "15076500565"  # a valid fødselsnummer
        employee.save()
        page = owner_client.get(detail_url(employee)).content.decode()
        assert "15076500565" not in page and "•••••••••65" in page
        reveal = owner_client.get(detail_url(employee, "employee_national_id"), headers={"HX-Request": "true"})
        assert "15076500565" in reveal.content.decode()
        assert AuditEvent.objects.filter(action=AuditAction.SENSITIVE_READ, subject_id=str(employee.pk)).count() == 1

    def test_viewer_cannot_reveal(self, colleague, client, employee):
        client.force_login(colleague)
        assert client.get(detail_url(employee, "employee_national_id")).status_code == 403


@pytest.mark.parametrize("field", ["birth_date", "employment_start", "employment_end"])
def test_a_date_outside_1900_to_2200_is_a_field_error_and_saves_nothing(owner_client, organization, field):
    url = reverse("employee_create", kwargs={"org_id": organization.id})
    response = owner_client.post(url, valid_form(**{field: "0001-01-01"}))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Employee.objects.filter(number="5001").exists()
