"""Effective-dated salary terms: the service, the selectors, the edit form, the import, and
the employee list's query count."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hrsuite.imports import employee_import_apply, employee_import_create, plan_import
from hrsuite.models import SalaryTerm, SalaryType
from hrsuite.salary_terms import salary_term_set, term_on, terms_for_period
from tests.factories import DepartmentFactory, EmployeeFactory, SalaryTermFactory
from tests.hrsuite.test_employees import detail_url, list_url, valid_form

D = Decimal
START = datetime.date(2020, 1, 1)


def set_term(employee, valid_from, annual_salary="600000.00", actor=None, **fields):
    values = {
        "salary_type": SalaryType.MONTHLY,
        "annual_salary": None if annual_salary is None else D(annual_salary),
        "hourly_wage": None,
        "employment_percentage": D("100"),
        "normal_hours_per_day": None,
        **fields,
    }
    return salary_term_set(employee=employee, valid_from=valid_from, actor=actor, **values)


def terms(employee):
    return list(employee.salary_terms.order_by("valid_from").values_list("valid_from", "annual_salary"))


class TestSalaryTermSet:
    def test_a_raise_is_a_new_term_and_the_first_stays(self, employee, owner):
        raised = set_term(employee, datetime.date(2025, 9, 16), "660000.00", actor=owner)
        assert terms(employee) == [(START, D("600000.00")), (datetime.date(2025, 9, 16), D("660000.00"))]
        assert raised.history.get().history_user == owner

    def test_the_same_valid_from_corrects_that_term_only(self, employee):
        set_term(employee, datetime.date(2025, 9, 16), "660000.00")
        set_term(employee, datetime.date(2025, 9, 16), "650000.00")
        assert terms(employee) == [(START, D("600000.00")), (datetime.date(2025, 9, 16), D("650000.00"))]

    def test_repeating_the_term_in_force_writes_nothing(self, employee):
        before = SalaryTerm.history.count()
        set_term(employee, datetime.date(2025, 9, 16), "600000.00")
        assert terms(employee) == [(START, D("600000.00"))] and SalaryTerm.history.count() == before

    def test_a_term_before_the_employment_start_is_refused_with_a_field_error(self, employee):
        with pytest.raises(ValidationError) as refused:
            set_term(employee, datetime.date(2019, 12, 31), "700000.00")
        assert "valid_from" in refused.value.message_dict
        assert "before the employment starts" in refused.value.message_dict["valid_from"][0]
        assert terms(employee) == [(START, D("600000.00"))]

    @pytest.mark.parametrize(
        ("fields", "field"),
        [
            ({"salary_type": SalaryType.HOURLY, "hourly_wage": None}, "hourly_wage"),
            ({"salary_type": SalaryType.HOURLY, "hourly_wage": D("0")}, "hourly_wage"),
            ({"annual_salary": None}, "annual_salary"),
            ({"annual_salary": D("-1")}, "annual_salary"),
            ({"employment_percentage": D("100.01")}, "employment_percentage"),
            ({"normal_hours_per_day": D("24.5")}, "normal_hours_per_day"),
        ],
    )
    def test_bad_figures_are_refused_naming_the_field(self, employee, fields, field):
        values = {"annual_salary": "600000.00", **fields}
        with pytest.raises(ValidationError) as refused:
            set_term(employee, datetime.date(2025, 1, 1), **values)
        assert field in refused.value.message_dict
        assert terms(employee) == [(START, D("600000.00"))]

    def test_an_hourly_term_keeps_no_annual_salary(self, employee):
        term = set_term(employee, datetime.date(2025, 1, 1), salary_type=SalaryType.HOURLY, hourly_wage=D("312.50"))
        assert term.annual_salary is None and term.hourly_wage == D("312.50")


class TestReads:
    def test_term_on_a_day(self, employee):
        set_term(employee, datetime.date(2025, 9, 16), "660000.00")
        assert term_on(employee=employee, day=datetime.date(2025, 9, 15)).annual_salary == D("600000.00")
        assert term_on(employee=employee, day=datetime.date(2025, 9, 16)).annual_salary == D("660000.00")
        assert term_on(employee=employee, day=datetime.date(2019, 12, 31)) is None

    def test_terms_for_a_period_in_one_query_for_any_number_of_employees(self, organization, django_assert_num_queries):
        people = EmployeeFactory.create_batch(20, organization=organization)
        SalaryTermFactory(employee=people[0], valid_from=datetime.date(2025, 6, 1), annual_salary=D("610000"))
        SalaryTermFactory(employee=people[0], valid_from=datetime.date(2025, 9, 16), annual_salary=D("660000"))
        SalaryTermFactory(employee=people[1], valid_from=datetime.date(2025, 10, 1), annual_salary=D("700000"))
        with django_assert_num_queries(1):
            timelines = terms_for_period(
                organization=organization, start=datetime.date(2025, 9, 1), end=datetime.date(2025, 9, 30)
            )
        assert len(timelines) == 20
        spans = list(timelines[people[0].id].spans(datetime.date(2025, 9, 1), datetime.date(2025, 9, 30)))
        assert [(s.first.day, s.last.day, s.term.annual_salary) for s in spans] == [
            (1, 15, D("610000")),
            (16, 30, D("660000")),
        ]
        # A term starting after the period is not in force on any of its days.
        assert [t.annual_salary for t in timelines[people[1].id].terms] == [D("600000.00")]


def post_raise(client, employee, **fields):
    """The edit form, saved with 690,000 a year and the employee's other data unchanged."""
    form = valid_form(number=employee.number, employment_start="2020-01-01", annual_salary="690000", **fields)
    return client.post(detail_url(employee, "employee_edit"), form)


class TestEditForm:
    def test_a_new_salary_from_a_date_is_a_second_term_and_leaves_the_first(self, owner_client, employee):
        response = post_raise(owner_client, employee, salary_valid_from="2025-03-01")
        assert response.status_code == 302
        assert terms(employee) == [(START, D("600000.00")), (datetime.date(2025, 3, 1), D("690000.00"))]

    def test_the_form_shows_the_term_in_force_and_today_as_valid_from(self, owner_client, employee, organization):
        page = owner_client.get(detail_url(employee, "employee_edit")).content.decode()
        assert 'name="annual_salary" value="600000.00"' in page
        assert f'name="salary_valid_from" value="{organization.today():%d/%m/%Y}"' in page

    def test_a_valid_from_before_the_employment_start_is_a_field_error(self, owner_client, employee):
        response = post_raise(owner_client, employee, salary_valid_from="2019-06-01")
        assert response.status_code == 200
        assert "before the employment starts" in str(response.context["form"].errors["salary_valid_from"])
        assert terms(employee) == [(START, D("600000.00"))]

    def test_an_unchanged_salary_writes_no_term_whatever_the_date(self, owner_client, employee):
        form = valid_form(number=employee.number, employment_start="2020-01-01", annual_salary="600000.00")
        form["salary_valid_from"] = ""
        assert owner_client.post(detail_url(employee, "employee_edit"), form).status_code == 302
        assert terms(employee) == [(START, D("600000.00"))]

    def test_an_hourly_employee_needs_a_wage(self, owner_client, organization):
        url = reverse("employee_create", kwargs={"org_id": organization.id})
        refused = owner_client.post(url, valid_form(salary_type="hourly", hourly_wage=""))
        assert "hourly_wage" in refused.context["form"].errors
        owner_client.post(url, valid_form(salary_type="hourly", hourly_wage="287,5".replace(",", ".")))
        term = SalaryTerm.objects.get(employee__number="5001")
        assert (term.valid_from, term.salary_type, term.hourly_wage, term.annual_salary) == (
            datetime.date(2024, 1, 1),
            SalaryType.HOURLY,
            D("287.50"),
            None,
        )

    def test_an_earlier_employment_start_takes_the_first_term_along(self, owner_client, employee):
        form = valid_form(number=employee.number, employment_start="2019-03-01", annual_salary="600000.00")
        assert owner_client.post(detail_url(employee, "employee_edit"), form).status_code == 302
        assert terms(employee) == [(datetime.date(2019, 3, 1), D("600000.00"))]

    def test_the_detail_page_lists_the_terms(self, owner_client, employee):
        SalaryTermFactory(employee=employee, valid_from=datetime.date(2025, 3, 1), employment_percentage=D("80"))
        page = owner_client.get(detail_url(employee)).content.decode()
        assert page.count("Fixed monthly salary") == 3  # the term in force, and two rows of history
        assert "80.00 %" in page and "100.00 %" in page


def raise_file(employee):
    """An import file giving the employee 640,000 from 1 May 2025."""
    return (
        "number,first_name,last_name,employment_start,annual_salary,salary_valid_from\n"
        f"{employee.number},{employee.first_name},{employee.last_name},2020-01-01,640000,2025-05-01\n"
    )


class TestImport:
    def plan(self, organization, content):
        return plan_import(organization=organization, file_name="x.csv", content=content.encode())

    def test_a_changed_salary_is_a_new_term_from_salary_valid_from(self, organization, owner, employee):
        content = raise_file(employee)
        plan = self.plan(organization, content)
        assert plan.rows[0].action == "update" and plan.rows[0].term_change.valid_from == datetime.date(2025, 5, 1)
        employee_import = employee_import_create(
            organization=organization, actor=owner, file_name="x.csv", content=content.encode()
        )
        applied = employee_import_apply(employee_import=employee_import, actor=owner)
        assert applied.summary == {"created": 0, "updated": 1, "unchanged": 0}
        assert terms(employee) == [(START, D("600000.00")), (datetime.date(2025, 5, 1), D("640000.00"))]
        # The same file again changes nothing.
        again = employee_import_create(
            organization=organization, actor=owner, file_name="x.csv", content=content.encode()
        )
        assert employee_import_apply(employee_import=again, actor=owner).summary["unchanged"] == 1
        assert len(terms(employee)) == 2

    def test_without_the_column_a_change_starts_today(self, organization, employee):
        content = (
            f"number,first_name,last_name,employment_start,employment_percentage\n{employee.number},A,B,2020-01-01,60\n"
        )
        change = self.plan(organization, content).rows[0].term_change
        assert change.valid_from == organization.today() and change.values["employment_percentage"] == D("60")
        assert change.values["annual_salary"] == D("600000.00")  # the term's other figures are kept

    def test_a_new_employee_starts_with_a_term_from_the_employment_start(self, organization, owner):
        content = (
            "number,first_name,last_name,employment_start,salary_type,hourly_wage\n77,Per,Berg,2024-03-01,hourly,250\n"
        )
        employee_import = employee_import_create(
            organization=organization, actor=owner, file_name="x.csv", content=content.encode()
        )
        employee_import_apply(employee_import=employee_import, actor=owner)
        term = SalaryTerm.objects.get(employee__number="77")
        assert (term.valid_from, term.hourly_wage, term.annual_salary) == (datetime.date(2024, 3, 1), D("250"), None)
        assert term.history.count() == 1

    def test_an_earlier_employment_start_takes_the_first_term_along(self, organization, owner, employee):
        content = f"number,first_name,last_name,employment_start\n{employee.number},A,B,2019-03-01\n"
        employee_import = employee_import_create(
            organization=organization, actor=owner, file_name="x.csv", content=content.encode()
        )
        employee_import_apply(employee_import=employee_import, actor=owner)
        assert terms(employee) == [(datetime.date(2019, 3, 1), D("600000.00"))]

    def test_a_term_before_the_start_or_without_a_wage_is_a_row_error(self, organization, employee):
        content = (
            "number,first_name,last_name,employment_start,salary_type,hourly_wage,annual_salary,salary_valid_from\n"
            f"{employee.number},A,B,2020-01-01,monthly,,650000,2019-01-01\n"
            "78,Per,Berg,2024-03-01,hourly,,,\n"
        )
        plan = self.plan(organization, content)
        assert {row.row_number: set(row.errors) for row in plan.errors} == {
            2: {"salary_valid_from"},
            3: {"hourly_wage"},
        }

    def test_the_preview_says_from_when_the_new_term_applies(self, organization, owner_client, employee):
        from tests.hrsuite.test_imports import upload

        content = raise_file(employee)
        response = upload(owner_client, organization, "x.csv", content.encode())
        from django.utils.formats import date_format

        page = owner_client.get(response["Location"]).content.decode()
        assert f"new salary term from {date_format(datetime.date(2025, 5, 1), 'SHORT_DATE_FORMAT')}" in page


def list_queries(client, organization):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(list_url(organization)).status_code == 200
    return len(queries)


def test_the_employee_list_reads_the_current_term_in_its_own_query(owner_client, organization):
    """Each employee's salary type comes from the term in force today (a subquery of the
    page's row query): 12 queries, the same at 5 and at 50 employees (see test_employees)."""
    department = DepartmentFactory(organization=organization)
    EmployeeFactory.create_batch(5, organization=organization, department=department)
    at_five = list_queries(owner_client, organization)
    for person in EmployeeFactory.create_batch(45, organization=organization, department=department):
        SalaryTermFactory(employee=person, valid_from=datetime.date(2024, 1, 1), salary_type=SalaryType.HOURLY)
    assert list_queries(owner_client, organization) == at_five == 12
    page = owner_client.get(list_url(organization)).content.decode()
    assert "Hourly wage" in page and "Fixed monthly salary" in page
