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
