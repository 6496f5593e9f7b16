"""Browser tests: Debian's chromium (no browser download exists here), driven headless by Playwright's
Python package, against pytest-django's live server.

Contexts are opened without a locale: chromium then asks for English, as most office computers do, and the
pages must still come in Bangla."""

import os

import pytest
from django.conf import settings

# Playwright's sync API keeps an event loop in the test's thread; Django refuses ORM calls from such a thread
# unless told that this one is safe (the test itself, not a request).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
sync_api = pytest.importorskip("playwright.sync_api")

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def browser():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def log_in(page, username: str, password: str = settings.DEMO_PASSWORD) -> None:
    """Fill the login form the page shows (the login page, or where a protected page sent the user) and wait
    for the page it leads to."""
    sync_api.expect(page.locator("input[name=username]")).to_be_visible()
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.keyboard.press("Enter")
