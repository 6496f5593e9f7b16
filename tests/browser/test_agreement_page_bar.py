"""The reviewer's agreement page in a real browser, on a 390 px phone and a 1366 px desktop: the table of
contents leads to a section whose heading shows below the action bar, the bar stays at the top of the screen
down to the bottom of the page, and its count of drafted comments follows what is typed."""

import pytest
from django.urls import reverse

from agreements.models import Agreement, AgreementStatus

from .conftest import log_in, sync_api

expect = sync_api.expect


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", [{"width": 390, "height": 844}, {"width": 1366, "height": 768}])
def test_the_action_bar_stays_in_view_and_counts_the_drafted_comments(browser, live_server, seeded, viewport):
    agreement = Agreement.objects.get(office__code="ict-dc-mymensingh", fiscal_year__start_year=2022)
    assert agreement.status == AgreementStatus.SUBMITTED
    page = browser.new_context(viewport=viewport).new_page()
    page.goto(live_server.url + reverse("agreements:detail", args=[agreement.pk]))
    log_in(page, "dg.reviewer")

    bar = page.get_by_test_id("action-bar")
    count = page.locator("#drafted-count")
    expect(count).to_have_text("০")

    page.get_by_test_id("toc").get_by_role("link", name="সেকশন ৩").click()
    heading = page.locator("#section3 h2")
    expect(heading).to_be_in_viewport()
    assert heading.bounding_box()["y"] >= bar.bounding_box()["y"] + bar.bounding_box()["height"] - 1

    notes = page.locator("tr.notes-row details").first
    notes.locator("summary").click()
    notes.locator("textarea").fill("লক্ষ্যমাত্রা বাড়ান")
    expect(count).to_have_text("১")

    page.keyboard.press("End")
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    expect(page.locator("#review")).to_be_in_viewport()
    box = bar.bounding_box()
    assert -1 <= box["y"] <= 1  # held at the top of the screen
    expect(bar.get_by_role("button", name="অনুমোদন করুন")).to_be_in_viewport()
    expect(bar.get_by_role("link", name="ফেরত পাঠানোর ফর্মে যান")).to_be_in_viewport()
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1

    notes.locator("textarea").fill("")
    expect(count).to_have_text("০")
