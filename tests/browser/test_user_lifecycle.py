import pytest
from playwright.sync_api import expect

from hrsuite import roles
from hrsuite.grants import permissions_named
from tests.browser.conftest import login
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_staff_deactivate_a_user_who_is_then_told_so_at_login_and_reactivate_them(
    browser, page, organization, colleague
):
    staff = UserFactory(office=organization.office, full_name="Sam Staff")
    staff.user_permissions.set(permissions_named(roles.PROVIDER_STAFF))
    login(page, staff)
    page.goto(f"{page.base_url}/orgs/{organization.id}/users/")
    row = page.get_by_role("row", name=colleague.full_name)
    row.get_by_role("link", name="Deactivate").click()
    expect(page.get_by_role("heading", name=f"Deactivate {colleague.full_name}")).to_be_visible()
    page.get_by_role("button", name="Deactivate").click()
    expect(page.get_by_text(f"{colleague.full_name} is deactivated and can no longer log in.")).to_be_visible()
    expect(page.get_by_role("row", name=colleague.full_name)).to_contain_text("Inactive")

    other = browser.new_context(locale="en-GB").new_page()
    other.base_url = page.base_url
    login(other, colleague)
    expect(other.get_by_text("This account has been deactivated.")).to_be_visible()
    other.context.close()

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("row", name=colleague.full_name).get_by_role("button", name="Reactivate").click()
    expect(page.get_by_text(f"{colleague.full_name} can log in again.")).to_be_visible()
