"""The employee's history in the reader's language: amounts grouped with a decimal comma,
dates in the short local format, salary terms and approved self-service changes included,
secrets masked."""

from datetime import date
from decimal import Decimal

from django.utils import translation

from hrsuite import selectors
from hrsuite.models import Employee
from hrsuite.salary_terms import salary_term_set
from selfservice import services as selfservice_services
from selfservice.models import ChangeRequest


def _term(employee, owner, salary):
    return salary_term_set(
        employee=employee,
        valid_from=date(2026, 1, 1),
        salary_type="monthly",
        annual_salary=Decimal(salary),
        hourly_wage=None,
        employment_percentage=Decimal("100"),
        normal_hours_per_day=None,
        actor=owner,
    )


def test_salary_term_changes_are_in_the_history_formatted_for_the_reader(owner, employee):
    # The employee's first term (from the factory) pays 600 000; a raise is a new term.
    _term(employee, owner, "644800.00")
    with translation.override("nb"):
        entries = selectors.employee_history(employee=employee)
    changes = [c for e in entries if e.get("salary_term") for c in e["changes"]]
    assert [(c["old"].replace("\xa0", " "), c["new"].replace("\xa0", " ")) for c in changes] == [
        ("600 000,00 NOK", "644 800,00 NOK")
    ]
    with translation.override("en"):
        english = selectors.employee_history(employee=employee)
    assert [c["new"] for e in english if e.get("salary_term") for c in e["changes"]] == ["644,800.00 NOK"]


def test_dates_and_choices_show_as_the_reader_reads_them(owner, employee):
    employee.employment_start = date(2019, 3, 31)
    employee.job_function_level = "skilled"
    employee._history_user = owner
    employee.save()
    with translation.override("nb"):
        latest = selectors.employee_history(employee=employee)[0]
    shown = {str(c["field"]): c["new"] for c in latest["changes"]}
    values = set(map(str, shown.values()))
    assert "31.03.2019" in values and "2019-03-31" not in values
    assert "skilled" not in values


def test_an_approved_request_is_in_the_history_with_its_reason_and_the_account_masked(owner, employee):
    change = ChangeRequest.objects.create(employee=employee, changes={"bank_account": "86011117947", "city": "Oslo"})
    selfservice_services.change_request_approve(change_request=change, actor=owner)
    assert Employee.objects.get(pk=employee.pk).bank_account == "86011117947"
    entries = selectors.employee_history(employee=employee)
    latest = entries[0]
    assert latest["record"].history_change_reason == selfservice_services.CHANGE_REASON
    shown = {str(c["field"]): (c["old"], c["new"]) for c in latest["changes"]}
    assert shown["bank account"] == ("•••", "•••")
    assert shown["city"][1] == "Oslo"
    assert "86011117947" not in str(entries)
