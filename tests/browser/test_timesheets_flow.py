import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login
from tests.factories import EmployeeFactory, switch
from tests.timesheets.factories import ActivityFactory, PayTypeFactory, TimesheetSettingsFactory
from timesheets import calendar
from timesheets.models import LineKind, MonthlyOverview, PayrollLine, TimeEntry

pytestmark = pytest.mark.django_db(transaction=True)


def test_log_hours_then_approve_the_month_then_pay_it(page, organization, owner):
    switch(organization, "timesheets")
    organization.normal_hours_per_day = Decimal("8")
    organization.save()
    last_month = calendar.previous_month(calendar.month_start(organization.today()))
    TimesheetSettingsFactory(organization=organization, flex_start=last_month)
    employee = EmployeeFactory(
        organization=organization, first_name="Kari", last_name="Nordmann", annual_salary=Decimal("780000")
    )
    work = ActivityFactory(organization=organization, name="Project work")
    overtime = PayTypeFactory(organization=organization, name="Overtime 50 %", percentage=Decimal("50"))
    monday = last_month + datetime.timedelta(days=(7 - last_month.weekday()) % 7 + 7)  # second full week

    login(page, owner)
    page.goto(f"{page.base_url}/orgs/{organization.id}/employees/{employee.id}/")
    page.get_by_role("navigation", name="Employee sections").get_by_role("link", name="Timesheet").click()
    page.goto(page.url.split("?")[0] + f"?week={monday.isoformat()}")

    # A new row through the plain form (works without JavaScript) ...
    page.select_option("#new-activity", str(work.id))
    page.select_option("#new-pay-type", str(overtime.id))
    page.fill(f"input[name='new|{monday.isoformat()}']", "2")
    page.get_by_role("button", name="Save week").click()
    expect(page.get_by_text("Hours saved.")).to_be_visible()
    page.select_option("#new-activity", str(work.id))
    page.fill(f"input[name='new|{monday.isoformat()}']", "8")
    page.get_by_role("button", name="Save week").click()
    assert TimeEntry.objects.filter(employee=employee).count() == 2

    # ... then one cell saved by htmx, without reloading the page.
    tuesday = monday + datetime.timedelta(days=1)
    cell = page.locator(f".ts-week input[name='cell|{work.id}|-|{tuesday.isoformat()}']")
    cell.fill("9")
    cell.press("Tab")
    expect(page.locator("td.ts-saved")).to_have_count(1)
    assert TimeEntry.objects.get(employee=employee, date=tuesday).hours == Decimal("9")

    page.get_by_role("link", name="Monthly overview").click()
    expect(page.get_by_role("heading", name="Monthly overview")).to_be_visible()
    page.fill("#id_payout_hours", "0")
    page.get_by_role("button", name="Approve month").click()
    expect(page.get_by_role("heading", name=f"for {employee.full_name}?")).to_be_visible()  # asks first
    page.get_by_role("button", name="Approve month").click()
    expect(page.get_by_text("The month is approved; its entries are locked.")).to_be_visible()
    assert MonthlyOverview.objects.get(employee=employee, month=last_month).is_approved

    page.get_by_role("link", name="Payroll runs").click()
    page.fill("#id_period", last_month.strftime("%Y-%m"))
    page.get_by_role("button", name="Build or update run").click()
    expect(page.get_by_role("heading", name="Payroll run")).to_be_visible()
    expect(page.get_by_role("cell", name="Nordmann, Kari")).to_be_visible()
    assert PayrollLine.objects.get(employee=employee, kind=LineKind.OVERTIME).amount == Decimal("400.00")
    page.get_by_role("link", name="Payslip").click()
    # the pay lines' total row (the year-to-date table names gross pay too)
    gross = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Gross pay"))
    expect(gross).to_contain_text("65,400.00 NOK")
