"""Ending an employment is one rule: the End action, the edit form and the import give the
same effects (benefit links end, one audit event, the signal), and time cannot be logged
after the end."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hrsuite.imports import employee_import_apply, employee_import_create
from hrsuite.models import AuditAction, AuditEvent, Employee
from hrsuite.salary_terms import term_on
from tests.benefits.factories import InsuranceLinkFactory
from tests.factories import EmployeeFactory, switch

END = datetime.date(2026, 6, 30)


def detail_url(employee, name):
    return reverse(name, kwargs={"org_id": employee.organization_id, "employee_id": employee.id})


def edit_form(employee, **overrides):
    term = term_on(employee=employee, day=employee.organization.today())
    data = {
        "number": employee.number,
        "first_name": employee.first_name,
        "last_name": employee.last_name,
        "email": employee.email,
        "birth_date": "",
        "national_id": "",
        "department": "",
        "job_function_level": employee.job_function_level,
        "employment_start": employee.employment_start.isoformat(),
        "employment_end": "",
        # The salary fields as the term in force shows them: the edit leaves the salary alone.
        "salary_type": term.salary_type,
        "annual_salary": str(term.annual_salary),
        "hourly_wage": "",
        "employment_percentage": str(term.employment_percentage),
        "normal_hours_per_day": "",
        "salary_valid_from": "",
    }
    data.update(overrides)
    return data


def by_end_action(client, owner, employee):
    client.post(detail_url(employee, "employment_end"), {"end_date": END.isoformat(), "confirm": "1"})


def by_edit_form(client, owner, employee):
    client.post(detail_url(employee, "employee_edit"), edit_form(employee, employment_end=END.isoformat()))


def by_import(client, owner, employee):
    content = (
        "number,first_name,last_name,employment_start,employment_end\n"
        f"{employee.number},{employee.first_name},{employee.last_name},{employee.employment_start},{END}\n"
    )
    employee_import = employee_import_create(
        organization=employee.organization, actor=owner, file_name="leavers.csv", content=content.encode()
    )
    employee_import_apply(employee_import=employee_import, actor=owner)


@pytest.mark.parametrize("path", [by_end_action, by_edit_form, by_import], ids=["end-action", "edit-form", "import"])
def test_every_path_gives_the_end_actions_effects(path, organization, owner, owner_client):
    from hrsuite.signals import employment_ended

    employee = EmployeeFactory(organization=organization, employment_start=datetime.date(2020, 1, 1))
    running = InsuranceLinkFactory(organization=organization, employee=employee, benefit__organization=organization)
    heard = []

    def receiver(sender, *, employee, end_date, **kwargs):
        heard.append((employee.pk, end_date))

    employment_ended.connect(receiver)
    try:
        path(owner_client, owner, employee)
    finally:
        employment_ended.disconnect(receiver)
    running.refresh_from_db()
    assert Employee.objects.get(pk=employee.pk).employment_end == END
    assert running.valid_to == END  # the insurer's covered-on-date export no longer lists them
    events = AuditEvent.objects.filter(action=AuditAction.EMPLOYMENT_ENDED, subject_id=str(employee.pk))
    assert [(e.actor_id, e.organization_id, e.detail) for e in events] == [
        (owner.pk, organization.pk, {"end_date": END.isoformat()})
    ]
    assert heard == [(employee.pk, END)]


def test_an_edit_that_leaves_the_end_date_alone_is_not_an_ending(organization, owner_client):
    employee = EmployeeFactory(organization=organization, employment_end=END)
    owner_client.post(
        detail_url(employee, "employee_edit"), edit_form(employee, first_name="Renamed", employment_end=END.isoformat())
    )
    assert Employee.objects.get(pk=employee.pk).first_name == "Renamed"
    assert not AuditEvent.objects.filter(action=AuditAction.EMPLOYMENT_ENDED).exists()


def test_moving_the_end_date_earlier_ends_the_links_on_the_new_date(organization, owner, owner_client):
    employee = EmployeeFactory(organization=organization)
    link = InsuranceLinkFactory(organization=organization, employee=employee, benefit__organization=organization)
    by_end_action(owner_client, owner, employee)
    earlier = datetime.date(2026, 5, 31)
    owner_client.post(detail_url(employee, "employee_edit"), edit_form(employee, employment_end=earlier.isoformat()))
    link.refresh_from_db()
    assert link.valid_to == earlier
    ends = AuditEvent.objects.filter(action=AuditAction.EMPLOYMENT_ENDED).order_by("at")
    assert [event.detail["end_date"] for event in ends] == [END.isoformat(), earlier.isoformat()]


def test_clearing_the_end_date_reopens_and_is_audited_but_links_stay_ended(organization, owner, owner_client):
    employee = EmployeeFactory(organization=organization)
    link = InsuranceLinkFactory(organization=organization, employee=employee, benefit__organization=organization)
    by_end_action(owner_client, owner, employee)
    owner_client.post(detail_url(employee, "employee_edit"), edit_form(employee, employment_end=""))
    assert Employee.objects.get(pk=employee.pk).employment_end is None
    reopened = AuditEvent.objects.get(action=AuditAction.EMPLOYMENT_REOPENED)
    assert reopened.actor == owner and reopened.detail == {"previous_end": END.isoformat()}
    link.refresh_from_db()
    assert link.valid_to == END  # HR links again what continues


def test_an_imported_new_employee_with_an_end_date_is_ended_by_the_rule(organization, owner):
    content = "number,first_name,last_name,employment_start,employment_end\n9001,Ola,Leaver,2020-01-01,2026-06-30\n"
    employee_import = employee_import_create(
        organization=organization, actor=owner, file_name="new.csv", content=content.encode()
    )
    employee_import_apply(employee_import=employee_import, actor=owner)
    created = Employee.objects.get(organization=organization, number="9001")
    assert created.employment_end == END
    assert AuditEvent.objects.filter(action=AuditAction.EMPLOYMENT_ENDED, subject_id=str(created.pk)).count() == 1


class TestNoHoursAfterTheEnd:
    @pytest.fixture
    def work(self, organization):
        from tests.timesheets.factories import ActivityFactory, TimesheetSettingsFactory

        switch(organization, "timesheets")
        TimesheetSettingsFactory(organization=organization)
        return ActivityFactory(organization=organization)

    def test_the_last_day_takes_hours_the_day_after_does_not(self, organization, work):
        from timesheets.models import TimeEntry
        from timesheets.services.entries import time_entry_set

        employee = EmployeeFactory(organization=organization, employment_end=END)
        assert time_entry_set(employee=employee, day=END, activity=work, hours=Decimal("7.5"))
        with pytest.raises(ValidationError, match="The employment ended on"):
            time_entry_set(employee=employee, day=END + datetime.timedelta(days=1), activity=work, hours=Decimal("1"))
        assert list(TimeEntry.objects.values_list("date", flat=True)) == [END]
