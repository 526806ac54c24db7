"""In the browser: a portal user files an accident case for a senior manager, is told before
saving that they will lose access, and loses it; a colleague who sees every person group
changes its status with confirmation; the customer administrator deactivates the filer on the
core's screen, which demands a successor, and the case moves to the successor."""

import pytest
from playwright.sync_api import expect

from claims.models import Claim, ClaimStatus
from claims.rights import LEVEL_RIGHTS
from hrsuite.models import CompanyAccess, JobFunctionLevel
from tests.browser.conftest import login
from tests.claims.factories import portal_member
from tests.factories import EmployeeFactory, OrganizationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_file_lose_access_review_and_hand_over(page):
    organization = OrganizationFactory(name="Kunde AG", modules={"claims": True})
    EmployeeFactory(
        organization=organization,
        first_name="Sina",
        last_name="Senior",
        job_function_level=JobFunctionLevel.SENIOR_MANAGEMENT,
    )
    filer = portal_member(organization, LEVEL_RIGHTS[JobFunctionLevel.STAFF], full_name="Fritz Filer")
    reviewer = portal_member(organization, *LEVEL_RIGHTS.values(), full_name="Rita Reviewer")
    administrator = portal_member(
        organization, "claims.customer_administrator", "hrsuite.deactivate_user", full_name="Ada Administrator"
    )

    login(page, filer)
    page.get_by_role("link", name="Claims", exact=True).first.click()
    page.get_by_role("link", name="File a claim").click()
    page.select_option("#id_line", label="Occupational accident")
    page.fill("#id_title", "Fall on the stairs")
    page.fill("#id_person", "Senior")
    page.locator("[data-loses-access]").wait_for()  # the htmx results warn already
    page.locator("#person-results input[type=radio]").first.check()
    page.fill("#id_occurred_on", "2026-11-02")
    page.fill("#id_reported_on", "2026-11-02")
    page.get_by_role("button", name="File claim").click()
    expect(page.get_by_text("you will not see it after saving")).to_be_visible()
    assert not Claim.objects.exists()
    page.get_by_label("I understand that I will not see this case after saving").check()
    page.get_by_role("button", name="File claim").click()
    expect(page.get_by_text("was filed")).to_be_visible()
    expect(page.get_by_text("No claims to show.")).to_be_visible()
    claim = Claim.objects.get()
    assert claim.handler == filer

    page.context.clear_cookies()
    login(page, reviewer)
    page.goto(f"{page.base_url}/orgs/{organization.id}/claims/")
    page.get_by_role("link", name="Fall on the stairs").click()
    page.select_option("#id_to_status", label="In review")
    page.get_by_role("button", name="Change status").click()
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.REPORTED  # not confirmed
    page.select_option("#id_to_status", label="In review")
    page.get_by_label("Yes, change the status").check()
    page.get_by_role("button", name="Change status").click()
    expect(page.get_by_text("Status changed.")).to_be_visible()
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.IN_REVIEW

    # The customer administrator deactivates the filer through the core's screen, which asks
    # for a successor because the filer handles a claim.
    page.context.clear_cookies()
    login(page, administrator)
    access = CompanyAccess.objects.get(user=filer, organization=organization)
    page.goto(f"{page.base_url}/orgs/{organization.id}/users/{access.id}/deactivate/")
    page.get_by_role("button", name="Deactivate").click()
    expect(page.get_by_text("Name a successor")).to_be_visible()
    filer.refresh_from_db()
    assert filer.is_active
    page.get_by_label("Successor").select_option(label="Rita Reviewer")
    page.get_by_role("button", name="Deactivate").click()
    expect(page.get_by_text("is deactivated and can no longer log in")).to_be_visible()
    filer.refresh_from_db()
    claim.refresh_from_db()
    assert not filer.is_active and claim.handler == reviewer

    page.context.clear_cookies()
    login(page, reviewer)
    page.goto(f"{page.base_url}/orgs/{organization.id}/claims/{claim.id}/")
    expect(page.locator("dd", has_text="Rita Reviewer").first).to_be_visible()
