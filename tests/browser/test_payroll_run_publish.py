from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login
from tests.factories import switch
from tests.selfservice.factories import switch_on
from tests.timesheets.factories import TimesheetSettingsFactory
from timesheets import calendar
from timesheets.models import NOT_PAY_KINDS, PayrollRun

pytestmark = pytest.mark.django_db(transaction=True)


def inbox_counts_answered(response) -> bool:
    return response.request.method == "GET" and response.url.endswith("/inbox-counts/")


def test_hr_builds_a_draft_publishes_it_and_only_then_the_employee_sees_the_payslip(
    page, organization, owner, employee, employee_user
):
    switch(organization, "timesheets")
    switch_on(organization)
    last_month = calendar.previous_month(calendar.month_start(organization.today()))
    TimesheetSettingsFactory(organization=organization, flex_start=last_month)

    login(page, owner)
    page.goto(f"{page.base_url}/orgs/{organization.id}/payroll/runs/")
    page.fill("#id_period", last_month.strftime("%Y-%m"))
    page.get_by_role("button", name="Build or update run").click()
    expect(page.get_by_text("1 line changed, total 0.00 → 50,000.00.")).to_be_visible()
    expect(page.get_by_text("Draft", exact=True)).to_be_visible()

    pay_date = last_month.replace(day=25)
    page.fill("#id_pay_date", pay_date.isoformat())
    page.get_by_role("button", name="Publish…").click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_contain_text("1 employee, total 50,000.00")
    # Every page loads the sidebar's inbox counts after it, and that answer renews the owner's
    # session cookie. The question's own counts are in first (so the answer awaited below is
    # the run page's); then wait for the run page's answer and for the page to be quiet before
    # switching users, or the cookie cleared for the employee's login comes back.
    page.wait_for_load_state("networkidle")
    with page.expect_response(inbox_counts_answered):
        page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.get_by_text("The payroll run is published")).to_be_visible()
    page.wait_for_load_state("networkidle")
    run = PayrollRun.objects.get()
    assert run.is_published and run.pay_date == pay_date and run.published_by == owner

    login(page, employee_user)  # clears the cookies itself
    page.goto(f"{page.base_url}/me/payslips/")
    expect(page.get_by_text("50,000.00").first).to_be_visible()
    assert run.lines.exclude(kind__in=NOT_PAY_KINDS).get().amount == Decimal("50000.00")  # the pay line
