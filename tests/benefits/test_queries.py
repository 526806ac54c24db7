"""Constant query counts at 5 and at 500 linked employees (same bound for both)."""

import datetime

import pytest
from django.urls import reverse

from benefits.kinds import INSURANCES
from benefits.models import InsuranceLink, OtherBenefitLink
from hrsuite.models import Employee
from tests.factories import DepartmentFactory

from .factories import InsuranceFactory, OtherBenefitFactory

D = datetime.date
SIZES = [5, 500]


def populate(organization, employee, count):
    """count employees linked to two insurances and a benefit; the fixture employee has
    count insurances and count other benefits (the employee's tab grows with them)."""
    department = DepartmentFactory(organization=organization)
    staff = Employee.objects.bulk_create(
        Employee(
            organization=organization,
            number=f"E{i}",
            first_name=f"F{i}",
            last_name=f"L{i}",
            department=department,
            employment_start=D(2020, 1, 1),
        )
        for i in range(count)
    )
    insurances = [InsuranceFactory(organization=organization) for _ in range(2)]
    for insurance in insurances:
        InsuranceLink.objects.bulk_create(
            InsuranceLink(organization=organization, benefit=insurance, employee=e, valid_from=D(2021, 1, 1))
            for e in staff
        )
    for _ in range(min(count, 60)):
        InsuranceLink.objects.create(
            organization=organization,
            benefit=InsuranceFactory(organization=organization),
            employee=employee,
            valid_from=D(2021, 1, 1),
        )
        OtherBenefitLink.objects.create(
            organization=organization,
            benefit=OtherBenefitFactory(organization=organization),
            employee=employee,
            valid_from=D(2021, 1, 1),
        )
    return insurances[0]


@pytest.mark.parametrize("count", SIZES)
def test_the_benefits_list(owner_client, organization, employee, django_assert_max_num_queries, count):
    populate(organization, employee, count)
    with django_assert_max_num_queries(10):
        response = owner_client.get(reverse("benefits:benefit_list", args=[organization.id, INSURANCES]))
    assert response.status_code == 200


@pytest.mark.parametrize("count", SIZES)
def test_a_benefits_employee_list(owner_client, organization, employee, django_assert_max_num_queries, count):
    insurance = populate(organization, employee, count)
    with django_assert_max_num_queries(14):
        response = owner_client.get(
            reverse("benefits:benefit_employees", args=[organization.id, INSURANCES, insurance.id])
        )
    assert response.status_code == 200


@pytest.mark.parametrize("count", SIZES)
def test_the_employees_benefits_tab(owner_client, organization, employee, django_assert_max_num_queries, count):
    populate(organization, employee, count)
    with django_assert_max_num_queries(16):
        response = owner_client.get(reverse("benefits:employee_benefits", args=[organization.id, employee.id]))
    assert response.status_code == 200
