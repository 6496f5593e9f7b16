"""The new-year form in a real browser (Debian's chromium): typing another year label moves every date of
the form by the same number of years, and the year is then created with those dates."""

import pytest
from django.urls import reverse

from agreements.models import FiscalYear
from tests.conftest import PASSWORD

from .conftest import log_in, sync_api

expect = sync_api.expect


@pytest.mark.django_db(transaction=True)
def test_changing_the_year_label_moves_every_date(browser, live_server, seeded, ada):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{live_server.url}{reverse('login')}")
    log_in(page, ada.username, PASSWORD)
    page.goto(f"{live_server.url}{reverse('governance:year_new')}")
    expect(page.locator("#id_q1_opens_on")).to_have_value("2025-07-01")

    page.fill("#id_label", "২০২৭-২৮")
    page.locator("#id_label").blur()

    expect(page.locator("#id_q1_opens_on")).to_have_value("2027-07-01")
    expect(page.locator("#id_q4_report_deadline")).to_have_value("2028-07-15")
    expect(page.locator("#id_signing_deadline")).to_have_value("2027-06-25")
    with page.expect_navigation():
        page.click("text=অর্থবছর তৈরি করুন")
    year = FiscalYear.objects.get(start_year=2027)
    assert year.quarters.get(quarter=3).opens_on.isoformat() == "2028-01-01"
    assert year.self_assessment_deadline.isoformat() == "2028-07-15"
