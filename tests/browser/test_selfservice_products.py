"""Provider staff activate Self-service and tick features; the tier follows live; the
employee then sees what is on and nothing else."""

import datetime

import pytest
from playwright.sync_api import expect

from selfservice.models import Tier, TierChange
from tests.benefits.factories import InsuranceLinkFactory
from tests.browser.conftest import login
from tests.selfservice.factories import ensure_catalog, provider_staff
from tests.selfservice.payroll import paid

pytestmark = pytest.mark.django_db(transaction=True)


def test_addendum_activation_tiers_and_the_employee_page(page, browser, organization, employee, employee_user):
    ensure_catalog()
    staff = provider_staff(organization, full_name="Silje Staff")
    login(page, staff)
    page.goto(f"{page.base_url}/orgs/{organization.id}/")
    page.get_by_role("link", name="Self-service products").click()

    # No addendum: activation is not possible yet, and the screen says why.
    expect(page.get_by_text("has to sign the self-service addendum")).to_be_visible()
    expect(page.get_by_role("button", name="Activate Self-service")).to_be_disabled()
    page.fill("#id_signed_by", "Kari Nordmann")
    page.fill("#id_confirmation_reference", "TICKET-77")
    page.get_by_role("button", name="Record signed addendum").click()
    expect(page.get_by_text("The signed addendum was recorded.")).to_be_visible()

    page.get_by_role("button", name="Activate Self-service").click()
    expect(page.get_by_text("Self-service is active.")).to_be_visible()
    preview = page.get_by_test_id("tier-preview")
    expect(preview).to_have_text("Start")

    # Ticking updates the tier badge live (htmx), with what is still missing.
    page.get_by_label("Leave requests").check()
    expect(preview).to_have_text("Plus")
    expect(page.locator("#tier-preview")).to_contain_text("Leave registration")
    page.get_by_label("Preboarding", exact=True).check()
    expect(preview).to_have_text("Pro")
    expect(page.locator("#tier-preview")).to_contain_text("Preboarding module")

    # Saving with missing supporting products shows exactly what is missing.
    page.get_by_role("button", name="Save products").click()
    expect(page.get_by_role("alert")).to_contain_text("Leave requests needs Leave registration.")
    expect(page.get_by_role("alert")).to_contain_text("Preboarding needs Preboarding module.")
    assert not TierChange.objects.filter(to_tier=Tier.PRO).exists()

    for supporting in ("Leave registration", "Leave scheme", "Preboarding module"):
        page.get_by_label(supporting).check()
    page.get_by_label("View personal data").check()
    expect(page.locator("#tier-preview .alert")).to_have_count(0)
    page.get_by_role("button", name="Save products").click()
    expect(page.get_by_text("Products saved. Self-service tier: Pro.")).to_be_visible()
    expect(page.locator("tbody")).to_contain_text("Start → Pro")

    # Unticking Preboarding lowers the tier to Plus.
    page.get_by_label("Preboarding", exact=True).uncheck()
    expect(preview).to_have_text("Plus")

    # The employee sees their payslips, benefits and personal data, and not the feature that is off.
    paid(employee, datetime.date(2026, 10, 1), overtime="800.00")
    InsuranceLinkFactory(
        benefit__organization=organization,
        benefit__name="Group life",
        employee=employee,
        valid_from=datetime.date(2024, 1, 1),
    )
    employee_page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB").new_page()
    employee_page.base_url = page.base_url
    login(employee_page, employee_user)
    expect(employee_page.get_by_role("link", name="Personal data")).to_be_visible()
    expect(employee_page.get_by_role("heading", name="My insurances and benefits")).to_be_visible()
    expect(employee_page.get_by_text("Group life")).to_be_visible()
    employee_page.get_by_role("link", name="Payslips", exact=True).click()
    employee_page.get_by_role("link", name="Payslip October 2026").click()  # the row names its month
    expect(employee_page.get_by_role("heading", name="Payslip")).to_be_visible()
    expect(employee_page.locator("tfoot", has_text="Gross pay")).to_contain_text("50,800.00 NOK")  # then deductions
    expect(employee_page.get_by_role("link", name="Change my details")).to_have_count(0)
    response = employee_page.goto(f"{page.base_url}/me/personal-data/change/")
    assert response.status == 404
    employee_page.context.close()
