"""In the browser, in every UI language (settings.LANGUAGES, switched with the app's language
switch): a new customer administrator accepts the terms of use, creates a user and ticks their
rights; the user files an accident claim for a senior manager and loses access to it; the
administrator deactivates the user naming a successor, who now sees the claim. Assertions are
on URLs, ids and the database, never on translated text."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from playwright.sync_api import expect

from claims.models import Claim, ClaimLine
from claims.rights import LEVEL_RIGHTS, MINIMUM_RIGHTS
from hrsuite import roles
from hrsuite.models import CompanyAccess, JobFunctionLevel, User
from tests.browser.conftest import login
from tests.claims.factories import portal_member
from tests.factories import TEST_PASSWORD, EmployeeFactory, OrganizationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ADMIN_RIGHTS = (
    *(f"claims.{codename}" for codename in ("customer_administrator", "motor_claims")),
    *LEVEL_RIGHTS.values(),
    "hrsuite.view_companyaccess",
    "hrsuite.add_companyaccess",
    "hrsuite.change_companyaccess",
    "hrsuite.deactivate_user",
    *roles.HR_VIEWER,
)


def _switch_language(page, code: str) -> None:
    if page.locator("#language-select").input_value() != code:
        with page.expect_navigation():
            page.select_option("#language-select", code)
    assert page.locator("html").get_attribute("lang").startswith(code)


def _submit(page) -> None:
    with page.expect_navigation():
        page.locator("form.card .form-actions button[type=submit]").first.click()


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_user_lifecycle_in_every_language(page, language):
    organization = OrganizationFactory(name="Kunde AG", modules={"claims": True})
    senior = EmployeeFactory(
        organization=organization, last_name="Senior", job_function_level=JobFunctionLevel.SENIOR_MANAGEMENT
    )
    administrator = portal_member(organization, *ADMIN_RIGHTS, full_name="Ada Admin", accept_terms=False)
    successor = portal_member(organization, *LEVEL_RIGHTS.values(), full_name="Sam Successor")
    base = f"{page.base_url}/orgs/{organization.id}"

    # The administrator's first login: the terms of use before anything else.
    login(page, administrator)
    _switch_language(page, language)
    page.goto(f"{base}/claims/")
    assert "/claims/terms/" in page.url
    page.check("#id_accept")
    with page.expect_navigation():
        page.click("#terms-accept button[type=submit]")
    assert page.url.endswith(f"/orgs/{organization.id}/claims/")

    # Creates a user and ticks the portal's rights: the minimum and the staff level.
    page.goto(f"{base}/users/invite/")
    page.fill("#id_email", "filer@kunde.example")
    page.fill("#id_full_name", "Fritz Filer")
    page.select_option("#id_role", "hr_viewer")
    _submit(page)
    filer = User.objects.get(email="filer@kunde.example")
    access = CompanyAccess.objects.get(user=filer, organization=organization)
    page.goto(f"{base}/users/{access.id}/")
    for right in (*MINIMUM_RIGHTS, LEVEL_RIGHTS[JobFunctionLevel.STAFF]):
        app_label, codename = right.split(".")
        permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
        page.check(f"input[name=rights][value='{permission.pk}']")
    _submit(page)
    assert {p.codename for p in access.rights.all()} >= {"portal_user", "api_user", "personal_injury_staff"}
    filer.set_password(TEST_PASSWORD)  # as the invitation link lets them
    filer.save()

    # The user files an accident claim for a senior manager: warned, confirms, loses access.
    page.context.clear_cookies()
    login(page, filer)
    _switch_language(page, language)
    page.goto(f"{base}/claims/new/")
    page.select_option("#id_line", ClaimLine.ACCIDENT_OCCUPATIONAL.value)
    page.fill("#id_title", "Fall")
    page.fill("#id_person", "Senior")
    page.locator(f"[data-loses-access='{senior.pk}']").wait_for()
    page.check(f"#person-{senior.pk}")
    page.fill("#id_occurred_on", "2026-11-02")
    page.fill("#id_reported_on", "2026-11-02")
    _submit(page)
    assert not Claim.objects.exists()
    page.check("#id_confirm_loss_of_access")
    _submit(page)
    assert page.url.endswith(f"/orgs/{organization.id}/claims/")
    claim = Claim.objects.get()
    assert claim.handler == filer
    response = page.goto(f"{base}/claims/{claim.id}/")
    assert response.status == 404

    # The administrator deactivates the user naming the successor.
    page.context.clear_cookies()
    login(page, administrator)
    _switch_language(page, language)
    page.goto(f"{base}/users/{access.id}/deactivate/")
    page.select_option("#id_successor", str(successor.pk))
    _submit(page)
    filer.refresh_from_db()
    claim.refresh_from_db()
    assert not filer.is_active and claim.handler == successor

    # The successor sees the claim.
    page.context.clear_cookies()
    login(page, successor)
    _switch_language(page, language)
    response = page.goto(f"{base}/claims/{claim.id}/")
    assert response.status == 200
    expect(page.locator(f"a[href$='/claims/{claim.id}/edit/']")).to_have_count(1)
