"""In a browser, under the pages' Content-Security-Policy: a supervisor's first login shows the enrolment's QR
code and secret; the code of an app fed with the secret shown opens the workspace."""

import base64

import pytest
from django.conf import settings
from django.urls import reverse
from django_otp.oath import TOTP

from .conftest import sync_api


@pytest.mark.django_db(transaction=True)
def test_a_supervisor_enrols_with_the_secret_shown_and_reaches_the_workspace(browser, live_server, seeded):
    page = browser.new_page()
    page.goto(live_server.url + reverse("agreements:workspace"))
    page.fill("input[name=username]", "dg.head")
    page.fill("input[name=password]", settings.DEMO_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert reverse("second_factor_enrol") in page.url
    sync_api.expect(page.get_by_test_id("enrol-required")).to_be_visible()
    # The QR code is drawn (an SVG data: image the policy allows), large enough to scan.
    qr = page.get_by_test_id("enrol-qr")
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")
    assert qr.bounding_box()["width"] >= 150

    # An authenticator app fed with the secret as typed from the page.
    secret = page.get_by_test_id("enrol-secret").inner_text().replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    page.fill("input[name=code]", f"{TOTP(key).token():06d}")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(reverse("agreements:workspace"))
    sync_api.expect(page.locator(".alert-success")).to_contain_text("দ্বিতীয় ধাপের যাচাই চালু হয়েছে")
