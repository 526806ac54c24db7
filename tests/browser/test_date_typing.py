"""In the browser, a date is typed as the reader's language writes it and shown back that way:
no browser date picker showing its own locale (mm/dd/yyyy) beside the page's dd.mm.yyyy.
Assertions are on dates, ids and the database, never on translated text."""

import datetime

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db(transaction=True)

LAST_DAY = datetime.date(2026, 12, 28)  # a day above 12: dd/mm and mm/dd cannot be confused
TYPED = {"nb": "28.12.2026", "en": "28/12/2026"}
HINT = {"nb": "dd.mm.åååå", "en": "dd/mm/yyyy"}


@pytest.mark.parametrize("language", TYPED)
def test_a_typed_date_is_saved_and_shown_in_the_reader_s_format(page, organization, owner, language):
    owner.language = language
    owner.save(update_fields=["language"])
    employee = EmployeeFactory(organization=organization, first_name="Kari", employment_start=datetime.date(2024, 1, 1))
    login(page, owner)
    page.goto(f"{page.base_url}/orgs/{organization.id}/employees/{employee.id}/end/")
    assert page.locator("html").get_attribute("lang").startswith(language)

    box = page.locator("#id_end_date")
    expect(box).to_have_attribute("type", "text")
    expect(box).to_have_attribute("inputmode", "numeric")
    # The hint's words are translated ("dd.mm.åååå"); its order and separators are the format's.
    expect(box).to_have_attribute("placeholder", HINT[language])
    box.fill("")
    box.press_sequentially(TYPED[language])
    with page.expect_navigation():
        page.locator("form.card button[type=submit]").click()

    # The confirmation names the day as typed, then the saved day is shown the same way.
    expect(page.locator("form.card h2")).to_contain_text(TYPED[language])
    with page.expect_navigation():
        page.locator("form.card button[type=submit]").click()
    expect(page.get_by_role("status").first).to_contain_text(TYPED[language])
    expect(page.locator("main")).to_contain_text(TYPED[language])
    expect(page.locator("main")).not_to_contain_text(LAST_DAY.isoformat())
    employee.refresh_from_db()
    assert employee.employment_end == LAST_DAY
