"""Browser tests: Debian's chromium (no browser download exists here; CHROMIUM names another binary), driven
headless by Playwright's Python package, against pytest-django's live server. Playwright is a development
dependency and the browser a system package (scripts/system-packages.sh): when either is missing these tests
fail with what to install, never skip.

Contexts are opened without a locale: chromium then asks for English, as most office computers do, and the
pages must still come in Bangla.

Every page a test opens is watched for Content-Security-Policy violations (chromium reports each blocked
script, style or load on the console): a test whose pages broke the policy fails at its end, naming them."""

import os
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.urls import reverse
from playwright import sync_api

from agreements.models import User
from agreements.second_factor import second_factor_required

from ..otp import code_for, enrolled_device

# Playwright's sync API keeps an event loop in the test's thread; Django refuses ORM calls from such a thread
# unless told that this one is safe (the test itself, not a request).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))

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


class PolicyWatchedBrowser:
    """The Playwright browser, with every context and page it opens reporting the console messages in which
    chromium says that the page's Content-Security-Policy blocked something."""

    def __init__(self, browser: sync_api.Browser):
        self._browser = browser
        self.csp_violations: list[str] = []

    def __getattr__(self, name):
        return getattr(self._browser, name)

    def _watch(self, target):
        target.on("console", self._console)
        return target

    def _console(self, message) -> None:
        if "Content Security Policy" in message.text:
            self.csp_violations.append(f"{message.location.get('url', '')}: {message.text}")

    def new_context(self, **options):
        return self._watch(self._browser.new_context(**options))

    def new_page(self, **options):
        return self._watch(self._browser.new_page(**options))


@pytest.fixture
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"No Chromium at {CHROMIUM}: install it (Debian: apt-get install chromium) or set CHROMIUM "
            "to the browser's path, then run the browser tests again.",
            pytrace=False,
        )
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        watched = PolicyWatchedBrowser(browser)
        yield watched
        browser.close()
    assert watched.csp_violations == [], "the page's Content-Security-Policy blocked something"


def log_in(page, username: str, password: str = settings.DEMO_PASSWORD) -> None:
    """Fill the login form the page shows (the login page, or where a protected page sent the user) and wait
    for the page it leads to."""
    sync_api.expect(page.locator("input[name=username]")).to_be_visible()
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    # An administrator or a supervisor has an authenticator app, as they must: its code follows the password.
    user = User.objects.filter(username=username).first()
    device = enrolled_device(user) if user is not None and second_factor_required(user) else None
    with page.expect_navigation():
        page.keyboard.press("Enter")
    if device is not None and urlparse(page.url).path == reverse("second_factor_verify"):
        page.fill("input[name=code]", code_for(device))
        with page.expect_navigation():
            page.keyboard.press("Enter")
