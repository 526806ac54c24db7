"""The employee logs hours on My page; a saved cell updates the week's totals in place."""

import datetime

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login
from tests.factories import switch
from tests.selfservice.factories import ensure_catalog, switch_on
from tests.timesheets.factories import ActivityFactory, TimesheetSettingsFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_employee_logs_a_day_and_the_totals_follow(page, organization, employee, employee_user):
    ensure_catalog()
    switch(organization, "timesheets")
    TimesheetSettingsFactory(organization=organization, flex_start=datetime.date(2025, 1, 1))
    ActivityFactory(organization=organization, name="Project work")
    switch_on(organization)

    login(page, employee_user)
    page.get_by_role("link", name="Timesheet", exact=True).click()
    monday = datetime.date(2026, 11, 16)
    page.goto(f"{page.url}?week={monday.isoformat()}")
    page.select_option("#new-activity", label="Project work")
    page.get_by_label("New row", exact=False).first.fill("9")
    page.get_by_role("button", name="Save week").click()
    expect(page.get_by_text("Hours saved.")).to_be_visible()

    cell = page.get_by_label(f"Project work {monday.strftime('%d/%m/%Y')}")
    cell.fill("7,5")
    cell.press("Tab")
    expect(cell).to_have_value("7.50")
    counted = page.locator("#week-totals tr").first
    expect(counted).to_contain_text("Hours counted")
    expect(counted.locator("td").first).to_have_text("7.50")
    expect(page.locator(".ts-week tbody tr").first.locator("td")).to_have_count(8)  # 7 days and the total


def test_a_refused_cell_shows_why_at_the_cell_and_the_day_view_fits_a_phone(
    page, organization, employee, employee_user
):
    ensure_catalog()
    switch(organization, "timesheets")
    TimesheetSettingsFactory(organization=organization, flex_start=datetime.date(2025, 1, 1))
    ActivityFactory(organization=organization, name="Project work")
    switch_on(organization)
    monday = datetime.date(2026, 11, 16)

    login(page, employee_user)
    page.goto(f"{page.base_url}/me/timesheet/?week={monday.isoformat()}")
    page.select_option("#new-activity", label="Project work")
    page.get_by_label("New row", exact=False).first.fill("8")
    page.get_by_label("New row", exact=False).first.press("Tab")  # saves like any cell, then reloads
    cell = page.get_by_label(f"Project work {monday.strftime('%d/%m/%Y')}")
    expect(cell).to_have_value("8.00")

    cell.fill("abc")
    cell.press("Tab")
    alert = page.locator(".ts-week [role=alert]")
    expect(alert).to_contain_text("“abc” was not saved: Enter hours as a number")
    cell = page.get_by_label(f"Project work {monday.strftime('%d/%m/%Y')}")
    expect(cell).to_have_value("8.00")  # the saved value is back
    expect(cell).to_have_attribute("aria-invalid", "true")
    described = cell.get_attribute("aria-describedby")
    expect(page.locator(f"#{described}")).to_contain_text("Enter hours as a number")
    cell.fill("25")
    cell.press("Tab")
    expect(page.locator(".ts-week [role=alert]")).to_contain_text("between 0 and 24")

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    expect(page.locator(".ts-week")).to_be_hidden()
    day = page.locator(".ts-by-day .ts-day").first
    expect(day).to_contain_text("Project work")
    expect(day.locator("input.ts-hours")).to_have_value("8.00")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    field = day.locator("input.ts-hours")
    field.fill("9")
    field.press("Tab")
    expect(page.locator(".ts-by-day .ts-saved input.ts-hours").first).to_have_value("9.00")
