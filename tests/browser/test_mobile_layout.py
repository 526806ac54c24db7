"""No page scrolls sideways on a 390 px phone: every demo role, every page kind it can reach."""

import pytest

from tests.browser.crawl import DEMO_ROLES, log_in_as, pages, seed_demo

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize("email", DEMO_ROLES)
def test_no_page_scrolls_sideways_at_390_px(browser, live_server, email):
    seed_demo()
    context = browser.new_context(viewport=PHONE, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.base_url = live_server.url
    try:
        log_in_as(page, email)
        too_wide = {}
        visited = 0
        for url in pages(page):
            visited += 1
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > PHONE["width"]:
                too_wide[url.removeprefix(live_server.url)] = width
        assert visited >= 3, f"{email} reached only {visited} pages"
        assert too_wide == {}, f"{len(too_wide)} of {visited} pages scroll sideways"
    finally:
        context.close()
