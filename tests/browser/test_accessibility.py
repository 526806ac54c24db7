"""axe-core over every kind of page: zero serious or critical violations.

axe-core comes from the axe-playwright-python package (requirements-dev.txt), which ships
axe.min.js; it is injected through Playwright, so the pages' CSP does not have to allow it.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.crawl import log_in_as, pages, seed_demo

pytestmark = pytest.mark.django_db(transaction=True)

AXE = Axe()
BLOCKING = {"serious", "critical"}


def violations(page) -> list[str]:
    """The serious and critical findings on the page, one line per rule with an example node."""
    results = AXE.run(page).response["violations"]
    return [
        f"{page.url}: {found['id']} ({found['impact']}) {found['nodes'][0]['target']} {found['help']}"
        for found in results
        if found["impact"] in BLOCKING
    ]


def _check_every_page(page, email: str) -> None:
    log_in_as(page, email)
    found = []
    visited = 0
    for _url in pages(page):
        visited += 1
        found += violations(page)
    assert visited >= 3
    assert found == [], "\n".join(found)


@pytest.mark.parametrize(
    "email",
    [
        "staff@demo.hrsuite.example",
        "hr.no@demo.hrsuite.example",
        "employee@demo.hrsuite.example",
        "claims.no@demo.hrsuite.example",
    ],
)
def test_every_page_kind_has_no_serious_violation(page, email):
    seed_demo()
    _check_every_page(page, email)


def test_a_form_with_errors_and_a_flash_message_have_no_serious_violation(page):
    seed_demo()
    log_in_as(page, "hr.no@demo.hrsuite.example")  # lands on the organization's overview
    organization_url = page.url
    page.goto(organization_url + "employees/new/")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("main .errorlist, main .alert-error").count() > 0
    found = violations(page)

    page.goto(organization_url + "benefits/insurances/")
    page.locator("main table a").first.click()
    page.locator('main a[href$="/edit/"]').click()
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state("networkidle")
    assert page.locator(".messages .alert-success").count() == 1
    found += violations(page)
    assert found == [], "\n".join(found)
