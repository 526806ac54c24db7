"""HR's everyday data in the browser: the form refuses a bad account and postal code by
field, the overview and the sidebar show what waits, the list sorts by a column header,
and nothing scrolls sideways at 390 px."""

import pytest
from playwright.sync_api import expect

from selfservice.models import ChangeRequest
from tests.browser.conftest import login
from tests.factories import EmployeeFactory
from tests.selfservice.factories import PERSONAL_DATA, switch_on

pytestmark = pytest.mark.django_db(transaction=True)


def test_form_inbox_and_sorting(page, organization, owner):
    switch_on(organization, PERSONAL_DATA)
    berit = EmployeeFactory(organization=organization, first_name="Berit", last_name="Aas", number="2")
    EmployeeFactory(organization=organization, first_name="Ola", last_name="Berg", number="10")
    ChangeRequest.objects.create(employee=berit, changes={"bank_account": "86011117947"})

    login(page, owner)
    inbox = page.get_by_role("region", name="Waiting for you")
    expect(inbox.get_by_role("link", name="1 Change requests to decide")).to_be_visible()
    expect(page.locator("#nav-count-selfservice-change-requests")).to_contain_text("1")

    page.get_by_role("link", name="Employees", exact=True).click()
    page.get_by_role("link", name="No.").click()
    # The list opens sorted by name (ascending too): wait for the number column's own mark.
    expect(page.locator("th[aria-sort=ascending]")).to_have_text("No. ▲")
    expect(page.locator("tbody tr").first).to_contain_text("Aas, Berit")
    page.get_by_role("link", name="No.").click()
    expect(page.locator("th[aria-sort=descending]")).to_have_text("No. ▼")
    expect(page.locator("tbody tr").first).to_contain_text("Berg, Ola")

    page.get_by_role("link", name="Add employee").click()
    expect(page.locator("#id_number")).to_have_value("11")
    page.fill("#id_first_name", "Nina")
    page.fill("#id_last_name", "Lie")
    page.fill("#id_employment_start", "2024-01-01")
    page.fill("#id_annual_salary", "500000")
    page.fill("#id_bank_account", "123")
    page.fill("#id_postal_code", "abcdefghijk")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("A Norwegian account number has 11 digits")).to_be_visible()
    expect(page.get_by_text("This is not a postal code of the chosen country")).to_be_visible()
    page.fill("#id_bank_account", "8601.11.17947")
    page.fill("#id_postal_code", "5013")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Nina Lie")).to_be_visible()

    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"{page.base_url}/orgs/{organization.id}/employees/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
