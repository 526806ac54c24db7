"""Who was employed in a period and who matches a search: one definition for every app."""

import datetime

import pytest
from django.db.models import Count

from hrsuite.models import Employee, employed_between_q
from tests.factories import EmployeeFactory

D = datetime.date


@pytest.fixture
def staff(organization):
    return {
        "from_march": EmployeeFactory(organization=organization, employment_start=D(2024, 3, 1)),
        "until_march": EmployeeFactory(
            organization=organization, employment_start=D(2020, 1, 1), employment_end=D(2024, 3, 31)
        ),
        "open_end": EmployeeFactory(organization=organization, employment_start=D(2020, 1, 1)),
        "left_january": EmployeeFactory(
            organization=organization, employment_start=D(2020, 1, 1), employment_end=D(2024, 1, 31)
        ),
    }


def names(staff, queryset):
    ids = set(queryset.values_list("id", flat=True))
    return {name for name, employee in staff.items() if employee.id in ids}


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2024, 3, 1), D(2024, 3, 1), {"from_march", "until_march", "open_end"}),  # first day of employment
        (D(2024, 2, 29), D(2024, 2, 29), {"until_march", "open_end"}),  # the day before it
        (D(2024, 3, 31), D(2024, 3, 31), {"from_march", "until_march", "open_end"}),  # last day of employment
        (D(2024, 4, 1), D(2024, 4, 30), {"from_march", "open_end"}),  # the day after it
        (D(2024, 1, 31), D(2024, 2, 29), {"until_march", "open_end", "left_january"}),  # ends on the period's first day
        (D(2024, 2, 1), D(2024, 3, 1), {"from_march", "until_march", "open_end"}),  # starts on the period's last day
        (D(2030, 1, 1), None, {"from_march", "open_end"}),  # open end: still employed
        (None, D(2019, 12, 31), set()),
    ],
)
def test_employed_between_includes_both_boundary_days(staff, organization, start, end, expected):
    assert names(staff, Employee.objects.filter(organization=organization).employed_between(start, end)) == expected


def test_employed_on_is_a_one_day_period(staff, organization):
    employees = Employee.objects.filter(organization=organization)
    assert names(staff, employees.employed_on(D(2024, 3, 31))) == {"from_march", "until_march", "open_end"}


def test_the_same_rule_through_a_relation_and_in_an_aggregate(staff, organization):
    counted = (
        type(organization)
        .objects.filter(id=organization.id)
        .aggregate(n=Count("employees", filter=employed_between_q(D(2024, 4, 1), D(2024, 4, 1), prefix="employees__")))
    )
    assert counted["n"] == 2


@pytest.fixture
def people(organization):
    return {
        "kari": EmployeeFactory(
            organization=organization, number="A-17", first_name="Kari", last_name="Nordmann", email="kari@x.no"
        ),
        "ola": EmployeeFactory(organization=organization, number="18", first_name="Ola", last_name="Kariussen"),
        "per": EmployeeFactory(organization=organization, number="170", first_name="Per", last_name="Hansen"),
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("kari", {"kari", "ola"}),  # first name of one, part of the other's last name
        ("NORDMANN", {"kari"}),
        ("Kari Nordmann", {"kari"}),  # full name
        ("nordmann kari", {"kari"}),
        ("Nordmann, Kari", {"kari"}),
        ("ola kari", {"ola"}),
        ("a-17", {"kari"}),  # the whole number, case-insensitive
        ("17", set()),  # a number matches whole, not in part
        ("170", {"per"}),
        ("KARI@X.NO", {"kari"}),
        ("", {"kari", "ola", "per"}),
        ("   ", {"kari", "ola", "per"}),
        ("nobody", set()),
    ],
)
def test_search_by_name_full_name_number_and_e_mail(people, organization, text, expected):
    assert names(people, Employee.objects.filter(organization=organization).search(text)) == expected
