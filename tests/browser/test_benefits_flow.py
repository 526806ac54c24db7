import datetime

import pytest
from playwright.sync_api import expect

from benefits.models import Insurance, InsuranceLink
from tests.browser.conftest import login
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_create_link_from_both_sides_remove_and_read_the_history(page, organization, owner):
    start = datetime.date(2020, 1, 1)
    EmployeeFactory(organization=organization, first_name="Kari", last_name="Nordmann", employment_start=start)
    EmployeeFactory(organization=organization, first_name="Ola", last_name="Hansen", employment_start=start)
    EmployeeFactory(organization=organization, first_name="Ingrid", last_name="Berg", employment_start=start)
    today = organization.today().isoformat()

    login(page, owner)
    page.get_by_role("link", name="Benefits", exact=True).click()
    page.get_by_role("link", name="Create insurance").click()
    page.fill("#id_name", "Group life")
    page.fill("#id_agreement_number", "GL-88120")
    page.fill("#id_deductible", "1500")
    page.fill("#id_helpline", "+47 915 00 200")
    page.fill("#id_start_date", "2024-01-01")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Group life")).to_be_visible()

    # From the insurance: search as you type, tick two, link.
    page.fill("#link-search", "Nordmann")
    page.get_by_label("Nordmann, Kari").check()
    page.fill("#link-search", "Hansen")
    page.get_by_label("Hansen, Ola").check()
    expect(page.get_by_label("Nordmann, Kari")).to_be_checked()  # ticked ones stay while searching
    page.get_by_role("button", name="Link", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="2 employees linked.")).to_be_visible()
    links = page.locator("#links")
    expect(links.get_by_role("link", name="Nordmann, Kari")).to_be_visible()
    expect(links.get_by_role("link", name="Hansen, Ola")).to_be_visible()

    # From the employee: add the same insurance to a third.
    page.get_by_role("link", name="Employees", exact=True).first.click()
    page.get_by_role("link", name="Berg, Ingrid").click()
    page.get_by_role("link", name="Benefits", exact=True).last.click()
    page.select_option("#id_insurances-benefit", label="Group life")
    page.get_by_role("button", name="Add insurance").click()
    expect(page.get_by_role("status").filter(has_text="Ingrid Berg is linked to Group life.")).to_be_visible()
    expect(page.locator("#section-insurances").get_by_role("link", name="Group life", exact=True)).to_be_visible()

    # Back on the insurance: three covered; remove Ola today.
    page.locator("#section-insurances").get_by_role("link", name="Group life", exact=True).click()
    page.get_by_role("link", name="Employees", exact=True).last.click()
    expect(page.locator("#links tbody tr")).to_have_count(3)
    row = page.locator("#links tbody tr", has_text="Hansen")
    row.get_by_role("link", name="Remove… Ola Hansen").click()
    expect(page.get_by_role("heading", name="Remove Ola Hansen from Group life?")).to_be_visible()
    page.get_by_role("button", name="Remove Ola Hansen").click()
    expect(page.get_by_role("status").filter(has_text="Ola Hansen is no longer covered by Group life")).to_be_visible()
    expect(page.locator("#links tbody tr", has_text="Hansen")).to_contain_text(
        datetime.date.fromisoformat(today).strftime("%d/%m/%Y")
    )

    # History on the insurance: who was covered when, who changed it.
    page.get_by_role("link", name="History", exact=True).click()
    expect(page.get_by_role("cell", name="Hansen, Ola")).to_be_visible()
    changes = page.locator("table").nth(1)
    expect(changes.locator("tr", has_text="Ola Hansen").filter(has_text="Ended")).to_contain_text("Olivia Owner")
    expect(changes.locator("tr", has_text="Ingrid Berg")).to_contain_text("Linked from")

    # And on Ola's side.
    page.get_by_role("link", name="Hansen, Ola").click()
    history = page.locator("section", has_text="Benefit history")
    expect(history).to_contain_text("Ended; last covered day")
    expect(history).to_contain_text("Olivia Owner")

    insurance = Insurance.objects.get()
    assert InsuranceLink.objects.filter(benefit=insurance).count() == 3
    assert InsuranceLink.objects.filter(benefit=insurance, valid_to__isnull=False).count() == 1
