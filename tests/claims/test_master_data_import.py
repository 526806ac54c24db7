"""The claims portal's employee master data comes through the core importer, job function
levels included: a case's visibility rests on them."""

import pytest

from claims.models import Claim
from claims.selectors import visibility
from hrsuite.imports import employee_import_apply, employee_import_create
from hrsuite.models import Employee, JobFunctionLevel
from tests.claims.factories import ClaimFactory
from tests.factories import OrganizationFactory, UserFactory

HEADER = "number,first_name,last_name,employment_start,job_function_level\n"


def _import(organization, actor, body: str):
    employee_import = employee_import_create(
        organization=organization, actor=actor, file_name="staff.csv", content=(HEADER + body).encode()
    )
    return employee_import_apply(employee_import=employee_import, actor=actor)


@pytest.fixture
def organization(db):
    return OrganizationFactory(modules={"claims": True})


def test_levels_import_and_an_empty_cell_gives_the_default_level(organization):
    actor = UserFactory(is_superuser=True)
    _import(
        organization,
        actor,
        "1,Sina,Senior,2020-01-01,senior_management\n2,Tom,Trainee,2024-08-01,trainee\n3,Nina,Noposition,2021-03-01,\n",
    )
    levels = dict(Employee.objects.filter(organization=organization).values_list("number", "job_function_level"))
    assert levels == {
        "1": JobFunctionLevel.SENIOR_MANAGEMENT,
        "2": JobFunctionLevel.TRAINEE,
        "3": JobFunctionLevel.STAFF,
    }


def test_adding_the_position_later_restricts_new_cases(organization):
    actor = UserFactory(is_superuser=True)
    _import(organization, actor, "3,Nina,Noposition,2021-03-01,\n")
    _import(organization, actor, "3,Nina,Noposition,2021-03-01,senior_management\n")
    nina = Employee.objects.get(organization=organization, number="3")
    assert nina.job_function_level == JobFunctionLevel.SENIOR_MANAGEMENT
    ClaimFactory(organization=organization, line="sickness", employee=nina)
    staff_only = {"claims.portal_user", "claims.personal_injury_staff"}
    assert not Claim.objects.filter(visibility(staff_only)).exists()
    assert Claim.objects.filter(visibility({"claims.portal_user", "claims.personal_injury_senior_management"})).exists()
