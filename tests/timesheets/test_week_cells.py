"""The week grid's cells: a refusal is shown at the cell with the saved value restored, locked
days are disabled, the "Add activity…" row saves like the others, and the lock message is
worded for the reader (an employee cannot reopen a month)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.timesheets.test_seed_august import AFTER_AUGUST, AUGUST, ELEVENTH, log_august
from timesheets.models import TimeEntry
from timesheets.services.overviews import overview_approve, overview_refresh

D = Decimal


def cell_post(client, flex, name, value, **extra):
    return client.post(
        reverse("timesheets:week_cell", args=[flex.organization.id, flex.employee.id]),
        {"cell": name, name: value, **extra},
        headers={"HX-Request": "true"},
    )


@pytest.mark.parametrize(
    ("typed", "problem"), [("abc", "Enter hours as a number"), ("25", "Hours must be between 0 and 24")]
)
def test_a_refused_value_is_shown_at_the_cell_and_the_saved_value_comes_back(owner_client, flex, typed, problem):
    flex.start_on(AUGUST)
    flex.log(ELEVENTH, 8)
    name = f"cell|{flex.work.id}|-|2025-08-11"
    response = cell_post(owner_client, flex, name, typed)
    assert response.status_code == 422
    page = response.content.decode()
    assert f"“{typed}” was not saved: {problem}" in page
    assert 'role="alert"' in page and 'aria-invalid="true"' in page
    error_id = f"error-grid-{flex.work.id}-0-20250811"
    assert f'aria-describedby="{error_id}"' in page and f'id="{error_id}"' in page
    assert 'value="8.00"' in page  # the saved value, not what was typed
    assert TimeEntry.objects.get(employee=flex.employee).hours == D("8")


def test_the_lock_message_suits_hr_and_the_employee_and_locked_cells_are_disabled(owner_client, flex):
    log_august(flex)
    overview_approve(
        overview=overview_refresh(employee=flex.employee, month=AUGUST, today=AFTER_AUGUST),
        actor=None,
        today=AFTER_AUGUST,
    )
    name = f"cell|{flex.work.id}|-|2025-08-11"
    hr_page = cell_post(owner_client, flex, name, "9").content.decode()
    assert "Reopen the monthly overview" in hr_page
    week = owner_client.get(
        reverse("timesheets:week", args=[flex.organization.id, flex.employee.id]), {"week": "2025-08-11"}
    ).content.decode()
    assert week.count("disabled") >= 7 * 2  # every cell of the locked week, grid and day by day
    assert "Reopen the monthly overview to change its hours." in week  # the note above the grid


def test_the_employee_is_told_whom_to_ask_not_to_reopen(flex):
    from timesheets.views.entries import WeekScreen, locked_message

    def screen(may_reopen):
        return WeekScreen(
            template="", can_edit=True, may_reopen=may_reopen, cell_url="", delete_url=lambda entry: "", context={}
        )

    assert "Reopen the monthly overview" in locked_message(screen(True), ELEVENTH)
    employee_text = locked_message(screen(False), ELEVENTH)
    assert "Ask HR" in employee_text and "Reopen" not in employee_text


def test_the_add_activity_row_saves_cell_by_cell(owner_client, flex):
    flex.start_on(AUGUST)
    response = cell_post(owner_client, flex, "new|2025-08-12", "7.5", new_activity=str(flex.work.id))
    assert (response.status_code, response["HX-Refresh"]) == (204, "true")
    assert TimeEntry.objects.get(employee=flex.employee, date=datetime.date(2025, 8, 12)).hours == D("7.5")
    response = cell_post(owner_client, flex, "new|2025-08-13", "4")
    assert response.status_code == 422
    assert "Choose the activity first" in response.content.decode()
    response = cell_post(owner_client, flex, "new|2025-08-13", "abc", new_activity=str(flex.work.id))
    assert response.status_code == 422 and "Enter hours as a number" in response.content.decode()
    assert TimeEntry.objects.filter(employee=flex.employee).count() == 1
