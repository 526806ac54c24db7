"""In the browser: an employer notifies that a member retires; the case reads the member's
service from the salary reports in force and shows the calculation step by step; the fund
approves it (confirmed) and the monthly payouts are created and listed in the member's
payout history and the payout run."""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from hrsuite import roles
from hrsuite.grants import company_access_grant
from pensions.models import BasicAmount, PayoutLine
from tests.browser.conftest import login
from tests.factories import EmployeeFactory, UserFactory
from tests.pensions.factories import fund_employer, receive, rows
from tests.pensions.pensioning_factories import gross_scheme
from tests.selfservice.factories import provider_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_retires_the_calculation_is_shown_and_payouts_are_created(page):
    # Transactional tests flush the migration's rows: the G of 2024 is put back.
    BasicAmount.objects.get_or_create(valid_from=datetime.date(2024, 5, 1), defaults={"amount": Decimal("124028")})
    organization = fund_employer(name="Fjell Kommune")
    scheme = gross_scheme(organization.office)
    member = EmployeeFactory(
        organization=organization,
        number="4711",
        first_name="Rut",
        last_name="Retiree",
        birth_date=datetime.date(1957, 6, 1),
        employment_start=datetime.date(2024, 1, 1),
    )
    for month in range(1, 13):
        receive(organization, rows([member], ["45000"]), period=datetime.date(2024, month, 1))
    hr = UserFactory(full_name="Hanne HR")
    company_access_grant(user=hr, organization=organization, rights=sorted(roles.HR_ADMIN))
    fund = provider_staff(organization, full_name="Fiona Fund")

    login(page, hr)
    page.goto(f"{page.base_url}/orgs/{organization.id}/")
    page.get_by_role("link", name="Pensioning").first.click()
    expect(page.get_by_text("No retirement cases.")).to_be_visible()
    page.get_by_role("link", name="Notify a retirement").click()
    page.fill("#id_employee_number", "4711")
    page.select_option("#id_scheme", label=scheme.name)
    page.fill("#id_retirement_date", "2024-12-31")
    page.select_option("#id_reason", label="Retirement age")
    page.get_by_role("button", name="Send notice").click()
    expect(page.get_by_text("The notice is registered and the pension calculated.")).to_be_visible()
    # 12 months at 45,000 = 540,000 full time: 66 % × 540,000 × 1/30 × 1 = 11,880.00 a year.
    steps = page.locator("table")
    expect(steps.get_by_text("Service year 2024")).to_be_visible()
    expect(steps.get_by_text("Salary reports 2024-01 – 2024-12").first).to_be_visible()
    expect(steps.get_by_text("min(1.00, 30)")).to_be_visible()
    expect(steps.get_by_text("66.00 % × 540,000.00 × 1.00/30 × 1.00")).to_be_visible()
    expect(steps.get_by_text("11,880.00 / 12 → 990.00")).to_be_visible()
    expect(page.get_by_text("Approve the award")).to_have_count(0)  # the employer does not approve

    page.context.clear_cookies()
    login(page, fund)
    page.goto(f"{page.base_url}/orgs/{organization.id}/pensions/retirements/")
    page.get_by_role("link", name="Rut Retiree").click()
    page.get_by_label("I have checked it").check()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Approve and create payouts").click()
    expect(page.get_by_text("The award is approved")).to_be_visible()
    today = organization.today()
    months = (today.year - 2025) * 12 + today.month  # January 2025 up to this month
    assert PayoutLine.objects.filter(case__employee=member, amount=Decimal("990.00")).count() == months
    page.get_by_role("link", name="Payout history").click()
    expect(page.locator("tbody tr")).to_have_count(min(months, 50))
    page.locator("tbody a").first.click()
    expect(page.get_by_role("link", name="Payout file (CSV)")).to_be_visible()
    expect(page.get_by_role("link", name="Rut Retiree").first).to_be_visible()
