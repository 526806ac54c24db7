"""Walk every kind of page a user can reach by following links, one page per URL shape.

The layout and accessibility tests use it so a new page is checked without anyone listing it:
two employees' detail pages share a shape (ids become ``<id>``), so only the first is visited.
"""

import re
from collections.abc import Iterator
from urllib.parse import parse_qsl, urlsplit

from django.core.management import call_command
from playwright.sync_api import Error as PlaywrightError

from hrsuite.management.commands.seed_demo import DEMO_PASSWORD

DEMO_ROLES = [
    "staff@demo.hrsuite.example",
    "hr.no@demo.hrsuite.example",
    "hr.nl@demo.hrsuite.example",
    "multi@demo.hrsuite.example",
    "viewer@demo.hrsuite.example",
    "employee@demo.hrsuite.example",
    "claims.no@demo.hrsuite.example",
    "claims.nl@demo.hrsuite.example",
]

# Links that leave the page kinds we check: downloads, logging out, the Django admin.
# Download links are also recognised by their ``download`` attribute (``?export=csv``, the terms
# document) and by answering with an attachment, whatever their address looks like.
SKIPPED = re.compile(r"(\.csv|\.xlsx|\.pdf|/download|/export|/admin/|/logout|/static/|/media/|/password/)", re.I)
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
NUMBER = re.compile(r"(?<=/)\d[\d-]*(?=/|$)")


def seed_demo() -> None:
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115 - closed with the process


def log_in_as(page, email: str) -> None:
    page.goto(f"{page.base_url}/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def shape(url: str) -> str:
    """The URL with ids and numbers masked and only the names of its query parameters."""
    parts = urlsplit(url)
    path = NUMBER.sub("<n>", UUID.sub("<id>", parts.path))
    keys = sorted({key for key, _value in parse_qsl(parts.query, keep_blank_values=True)})
    return path + ("?" + "&".join(keys) if keys else "")


def pages(page, *, limit: int = 150) -> Iterator[str]:
    """Visit each page kind reachable from the landing page; yields after each page has loaded.

    Terms of use still to accept are accepted once their page has been checked, so the
    organization's pages behind them are crawled too."""
    origin = page.base_url
    queue = [page.url]
    seen = set()
    visited = 0
    while queue and visited < limit:
        url = queue.pop(0).split("#")[0]
        if shape(url) in seen:
            continue
        seen.add(shape(url))
        try:
            response = page.goto(url)
        except PlaywrightError as error:
            if "Download is starting" in str(error):
                continue  # an attachment, not a page
            raise
        if response is None or not response.headers.get("content-type", "").startswith("text/html"):
            continue
        assert response.status < 500, f"{url} answered {response.status}"
        visited += 1
        yield url
        if page.locator("#terms-accept").count():
            # A customer administrator's first visit: the terms of use gate every organization
            # page (claims/middleware.py). Checked as a page above; accepted as the user would.
            page.check("#id_accept")
            with page.expect_navigation():
                page.click("#terms-accept button[type=submit]")
        for href in page.eval_on_selector_all("a[href]:not([download])", "links => links.map(link => link.href)"):
            if href.startswith(origin) and not SKIPPED.search(href) and shape(href.split("#")[0]) not in seen:
                queue.append(href)
