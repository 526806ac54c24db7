"""The inbox in the browser: an HR admin sees what waits with its counts, and each link opens
its list filtered to exactly those (last month's employee months with working days without
hours, salary reports whose warnings wait, invoices overdue)."""

import datetime
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login
from tests.factories import EmployeeFactory, switch
from tests.pensions.factories import invoice, members, rate, receive, rows
from tests.timesheets.factories import ActivityFactory, TimesheetSettingsFactory
from timesheets import calendar
from timesheets.models import MonthlyOverview
from timesheets.services.entries import time_entry_set

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_inbox_counts_and_links_to_the_filtered_lists(page, organization, owner):
    switch(organization, "timesheets")
    switch(organization, "pensions")
    TimesheetSettingsFactory(organization=organization, flex_start=datetime.date(2020, 1, 1))
    last_month = calendar.previous_month(calendar.month_start(organization.today()))
    unlogged = EmployeeFactory(
        organization=organization, last_name="Unlogged", employment_start=datetime.date(2020, 1, 1)
    )
    MonthlyOverview.objects.create(organization=organization, employee=unlogged, month=last_month)
    logged = EmployeeFactory(organization=organization, last_name="Logged", employment_start=datetime.date(2020, 1, 1))
    work = ActivityFactory(organization=organization)
    for day in calendar.working_days(last_month, organization.country):
        time_entry_set(employee=logged, day=day, activity=work, pay_type=None, hours=Decimal("8"))
    MonthlyOverview.objects.create(organization=organization, employee=logged, month=last_month)
    rate(organization)
    staff = members(organization, 2)
    receive(organization, rows(staff, ["40000", "40000"]), period=datetime.date(2025, 2, 1))
    receive(organization, rows(staff, ["60000", "40000"]), period=datetime.date(2025, 3, 1))  # a raise: a warning
    overdue = invoice(organization, "2025-0001", due=organization.today() - timedelta(days=3), total="1000")

    login(page, owner)
    inbox = page.get_by_role("region", name="Waiting for you")
    expect(inbox.get_by_role("link", name="2 Employee months to approve")).to_be_visible()
    # The sidebar counts the flagged month once, as one of the months to approve.
    expect(page.locator("#nav-count-timesheets-months")).to_have_text(re.compile(r"^\s*2 waiting$"))

    inbox.get_by_role("link", name="1 Last month: employee months with working days without hours").click()
    expect(page.get_by_label("Status")).to_have_value("unlogged")
    listed = page.locator("#results tbody tr")  # not the employees without a flex balance below
    expect(listed).to_have_count(1)
    expect(listed).to_contain_text("Unlogged")
    expect(listed).to_contain_text("working days without hours")

    page.go_back()
    page.get_by_role("region", name="Waiting for you").get_by_role("link", name="1 Salary reports to correct").click()
    expect(page.locator("#report-rows tbody tr")).to_have_count(1)
    expect(page.locator("#report-rows tbody tr")).to_contain_text("March 2025")

    page.go_back()
    page.get_by_role("region", name="Waiting for you").get_by_role("link", name="1 Invoices overdue").click()
    expect(page.locator("#invoice-rows tbody tr")).to_have_count(1)
    expect(page.locator("#invoice-rows tbody tr")).to_contain_text(overdue.number)
