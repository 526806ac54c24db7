"""The employee list sorts by any column (whitelisted keys, stable order, aria-sort) and
exports what it shows, search and filters included, as CSV or XLSX."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import EmployeeFactory


@pytest.fixture
def people(organization):
    return [
        EmployeeFactory(organization=organization, number="9", last_name="Berg", first_name="Ola"),
        EmployeeFactory(organization=organization, number="10", last_name="Aas", first_name="Kari"),
        EmployeeFactory(organization=organization, number="100", last_name="=cmd|calc", first_name="Evil"),
    ]


def _list(client, organization, **query):
    return client.get(reverse("employee_list", kwargs={"org_id": organization.id}), query)


def _numbers(response):
    return [e.number for e in response.context["page"].object_list]


def test_sorting_by_number_is_numeric_and_reverses(owner_client, organization, people):
    assert _numbers(_list(owner_client, organization, sort="number")) == ["9", "10", "100"]
    response = _list(owner_client, organization, sort="-number")
    assert _numbers(response) == ["100", "10", "9"]
    assert 'aria-sort="descending"' in response.content.decode()


def test_an_unknown_sort_key_is_the_default_order(owner_client, organization, people):
    assert _numbers(_list(owner_client, organization, sort="password")) == ["100", "10", "9"]  # by last name
    assert _numbers(_list(owner_client, organization, sort="-password;drop")) == ["100", "10", "9"]


def test_the_sort_order_is_stable_when_rows_tie(owner_client, organization):
    for index in range(30):
        EmployeeFactory(organization=organization, number=str(index + 1), last_name="Same", first_name="Same")
    first = _numbers(_list(owner_client, organization, sort="name"))
    second = _numbers(_list(owner_client, organization, sort="name", page=2))
    assert len(first) == 25 and not set(first) & set(second) and len(first) + len(second) == 30


def test_csv_export_follows_the_search_and_is_formula_safe(owner_client, organization, people):
    response = _list(owner_client, organization, q="cmd", export="csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Employee number", "Last name", "First name"]
    assert [row[1] for row in rows[1:]] == ["'=cmd|calc"]


def test_xlsx_export_holds_every_row_unpaginated(owner_client, organization, people, django_assert_max_num_queries):
    for index in range(30):
        EmployeeFactory(organization=organization, number=str(500 + index))
    with django_assert_max_num_queries(12):
        response = _list(owner_client, organization, export="xlsx", sort="number")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [row for row in sheet.iter_rows(values_only=True)]
    assert len(values) == 1 + 33
    assert values[1][0] == "9" and values[-1][0] == "529"
    assert all(not str(row[1]).startswith("=") for row in values)


def test_the_list_costs_the_same_for_any_sort(owner_client, organization, people, django_assert_num_queries):
    _list(owner_client, organization)  # warm caches (sessions, rights)
    with django_assert_num_queries(_count(owner_client, organization)):
        _list(owner_client, organization, sort="-department")


def _count(client, organization):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        _list(client, organization, sort="name")
    return len(queries)
