"""Linking from the insurance side with a future starter among the ticked, select-all, a bulk
end with nothing ticked and with a confirmation, at desktop and phone width."""

import datetime

import pytest
from playwright.sync_api import expect

from benefits.models import InsuranceLink
from tests.benefits.factories import InsuranceFactory
from tests.browser.conftest import login
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_future_starter_is_refused_alone_and_a_bulk_end_asks_first(page, organization, owner):
    today = organization.today()
    insurance = InsuranceFactory(organization=organization, name="Group life", start_date=datetime.date(2020, 1, 1))
    start = datetime.date(2020, 1, 1)
    EmployeeFactory(organization=organization, first_name="Kari", last_name="Nordmann", employment_start=start)
    EmployeeFactory(organization=organization, first_name="Ola", last_name="Hansen", employment_start=start)
    EmployeeFactory(
        organization=organization,
        first_name="Frida",
        last_name="Fremtid",
        employment_start=today + datetime.timedelta(days=20),
    )

    login(page, owner)
    page.goto(f"{page.base_url}/orgs/{organization.id}/benefits/insurances/{insurance.id}/employees/")
    expect(page.locator("label.pick", has_text="Fremtid")).to_contain_text("starts")  # marked
    for name in ("Nordmann, Kari", "Hansen, Ola", "Fremtid, Frida"):
        page.get_by_label(name).check()
    page.get_by_role("button", name="Link", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("Frida Fremtid is employed from")
    expect(page.get_by_label("Fremtid, Frida")).to_be_checked()  # kept ticked to try again
    expect(page.locator("#links tbody tr")).to_have_count(2)
    assert InsuranceLink.objects.count() == 2

    # Nothing ticked: said at once, no confirmation.
    page.get_by_role("button", name="End ticked links…").click()
    expect(page.get_by_role("status")).to_contain_text("Tick the employees whose link should end")

    page.get_by_label("Select all on this page").check()
    expect(page.locator("input[name=links]:checked")).to_have_count(2)
    page.get_by_role("button", name="End ticked links…").click()
    expect(page.get_by_role("heading", name="End the links of 2 employees to Group life?")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Kari Nordmann")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("button", name="End 2 links").click()
    expect(page.get_by_role("status")).to_contain_text(f"2 links end on {today.strftime('%d/%m/%Y')}.")
    assert set(InsuranceLink.objects.values_list("valid_to", flat=True)) == {today}
