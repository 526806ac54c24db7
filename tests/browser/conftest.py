"""Browser tests: Playwright drives Debian's Chromium against the live test server.

Never downloads a browser: without a `chromium` on PATH these tests skip and say why.
"""

import shutil
import threading

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread

from tests.factories import TEST_PASSWORD

CHROMIUM = shutil.which("chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class OneRequestAtATimeServer(ThreadedWSGIServer):
    """The live server with the application behind a lock.

    Every server thread shares the one connection to SQLite's in-memory test database, so two
    requests of a page at once (the page and the sidebar's inbox counts, loaded after it) fail
    with "database table is locked". Connections are still accepted in parallel; only Django
    runs one request at a time, as the database can.
    """

    busy = threading.Condition()
    connections = 0  # accepted and not yet answered

    def set_app(self, application):
        lock = threading.Lock()

        def serialised(environ, start_response):
            with lock:
                return application(environ, start_response)

        super().set_app(serialised)

    def process_request_thread(self, request, client_address):
        with self.busy:
            OneRequestAtATimeServer.connections += 1
        try:
            super().process_request_thread(request, client_address)
        finally:
            with self.busy:
                OneRequestAtATimeServer.connections -= 1
                self.busy.notify_all()

    @classmethod
    def wait_until_idle(cls, timeout: float = 10) -> None:
        with cls.busy:
            cls.busy.wait_for(lambda: cls.connections == 0, timeout=timeout)


LiveServerThread.server_class = OneRequestAtATimeServer


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (bin/test installs Debian's chromium when run as root)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 1360, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.base_url = live_server.url
    yield page
    context.close()
    # A request still on its way (the sidebar's counts) must end while the test may use the
    # database: answered after the test, it would find the database closed.
    OneRequestAtATimeServer.wait_until_idle()


def login(page, user, password: str = TEST_PASSWORD) -> None:
    # The sidebar's inbox counts load after each page (hx-trigger="load"), and every answer
    # renews the session cookie: wait for it, or a cookie cleared before this login comes back.
    page.wait_for_load_state("networkidle")
    page.context.clear_cookies()
    page.goto(f"{page.base_url}/login/")
    page.fill("#id_username", user.email)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
