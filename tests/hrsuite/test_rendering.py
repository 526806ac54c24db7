"""A service's refusal shown on a form or as a message: one mapping for every view."""

import datetime

import pytest
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.urls import reverse

from hrsuite.rendering import apply_validation_error, message_from
from tests.factories import EmployeeFactory


class PeriodForm(forms.Form):
    start = forms.DateField()
    end = forms.DateField()


def bound_form():
    form = PeriodForm({"start": "2024-01-01", "end": "2024-01-31"})
    assert form.is_valid()
    return form


def test_field_errors_stand_beside_their_field():
    form = bound_form()
    apply_validation_error(form, ValidationError({"end": ["Too late.", "Not a workday."], "start": "Too early."}))
    assert form.errors == {"end": ["Too late.", "Not a workday."], "start": ["Too early."]}
    assert "end" not in form.cleaned_data


def test_errors_of_fields_the_form_lacks_and_of_no_field_stand_above_the_form():
    form = bound_form()
    error = ValidationError({"employment_end": "Ends before it starts.", NON_FIELD_ERRORS: "Locked month."})
    apply_validation_error(form, error)  # Form.add_error(None, error) would raise ValueError here
    assert form.non_field_errors() == ["Ends before it starts.", "Locked month."]
    assert not form.has_error("end")


@pytest.mark.parametrize(
    "error",
    [ValidationError("The run is closed."), ValidationError(["The run is closed."])],
)
def test_a_plain_refusal_stands_above_the_form(error):
    form = bound_form()
    apply_validation_error(form, error)
    assert form.non_field_errors() == ["The run is closed."]


def test_message_from_joins_every_message():
    assert message_from(ValidationError("One.")) == "One."
    assert message_from(ValidationError(["One.", "Two."])) == "One. Two."
    assert message_from(ValidationError({"end": "One.", "start": ["Two.", "Three."]})) == "One. Two. Three."
    assert message_from(ValidationError("%(n)s days.", params={"n": 3})) == "3 days."


def test_the_end_employment_form_shows_the_service_s_refusal_beside_the_date(owner_client, organization):
    employee = EmployeeFactory(organization=organization, employment_start=datetime.date(2024, 1, 1))
    url = reverse("employment_end", kwargs={"org_id": organization.id, "employee_id": employee.id})
    response = owner_client.post(url, {"end_date": "2023-12-31"})
    assert response.status_code == 200
    assert response.context["form"].errors == {"end_date": ["The employment cannot end before it starts."]}
    employee.refresh_from_db()
    assert employee.employment_end is None
