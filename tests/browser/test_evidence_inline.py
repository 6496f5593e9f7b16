"""Evidence added in the entry row, in a real browser on a 390 px phone and a 1366 px desktop: two files
picked at once, each with its progress bar while it waits or is on its way (one at a time); one whose
connection is lost is sent again with its button; a file of a type the server refuses is refused before it
is sent; both files are listed in the row, and still after a reload (stored on the server). The Annex 4-8
plan entry page's cards take a file the same way."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from agreements.models import Agreement, AgreementStatus, FiscalYear
from evidence.models import EvidenceItem
from tests.conftest import PASSWORD
from tests.factories import agreement_with_plans

from .conftest import log_in, sync_api

expect = sync_api.expect
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
FILES = [
    {"name": "সভার কার্যবিবরণী.pdf", "mimeType": "application/pdf", "buffer": PDF},
    {"name": "ছবি.png", "mimeType": "image/png", "buffer": PNG},
    {"name": "setup.exe", "mimeType": "application/octet-stream", "buffer": b"MZ" + b"\x00" * 64},
]


def wait_until(page, condition) -> None:
    """Let the page run (and the routes be called) until `condition()` holds, for at most five seconds."""
    for _ in range(100):
        if condition():
            return
        page.wait_for_timeout(50)
    raise AssertionError("the page never got there")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", [{"width": 390, "height": 844}, {"width": 1366, "height": 768}])
def test_two_files_are_sent_from_the_row_with_progress_and_a_retry(
    browser, live_server, seeded, today_in_q3, viewport
):
    khulna = Agreement.objects.get(office__code="ict-dc-khulna", is_current=True)
    page = browser.new_context(viewport=viewport).new_page()
    page.goto(live_server.url + reverse("indicators:entry", args=[khulna.pk, 3]))
    log_in(page, "khulna.focal")

    cell = page.locator("td[data-evidence-upload]").first
    indicator_id = int(cell.locator("xpath=..").get_attribute("data-indicator"))
    drop = cell.get_by_test_id("evidence-drop")
    drop.scroll_into_view_if_needed()
    expect(drop).to_be_visible()
    assert drop.bounding_box()["x"] + drop.bounding_box()["width"] <= viewport["width"]

    # The first request's connection is lost; later ones wait until the test lets them through.
    sent, held = [], []

    def answer(route):
        sent.append(route.request.post_data_buffer)
        if len(sent) == 1:
            route.abort("internetdisconnected")
        else:
            held.append(route)

    page.route("**/evidence/", answer)
    cell.locator("input.evidence-files").set_input_files(FILES)

    uploads = cell.locator(".evidence-upload")
    expect(uploads).to_have_count(3)
    refused = uploads.filter(has_text="setup.exe")
    expect(refused).to_contain_text("এই ধরনের ফাইল প্রমাণক হিসেবে গ্রহণ করা হয় না।")
    retry = cell.get_by_role("button", name="আবার পাঠান")
    expect(retry).to_be_visible()
    expect(cell).to_contain_text("সংযোগ চলে গেছে; ফাইলটি পৌঁছায়নি।")
    expect(cell.locator("progress.evidence-progress:visible")).to_have_count(1)  # the one on its way
    retry.click()
    expect(cell.locator("progress.evidence-progress:visible")).to_have_count(2)  # and the one waiting
    expect(cell).to_contain_text("অপেক্ষমাণ…")
    wait_until(page, lambda: len(sent) == 2)
    assert not any(b"setup.exe" in body for body in sent)  # refused before sending

    held.pop().continue_()
    expect(cell.locator(".evidence-list")).to_contain_text("ছবি.png")
    wait_until(page, lambda: len(held) == 1)  # the lost one, sent again once the line was free
    held.pop().continue_()
    listed = cell.locator(".evidence-list")
    expect(listed).to_contain_text("সভার কার্যবিবরণী.pdf")
    expect(listed).to_contain_text("ছবি.png")
    expect(uploads).to_have_count(1)  # only the refused one stays, saying why
    assert sorted(
        EvidenceItem.objects.filter(indicator_id=indicator_id, quarter=3).values_list(
            "original_name", flat=True
        )
    ) == ["ছবি.png", "সভার কার্যবিবরণী.pdf"]
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1

    page.reload()
    row = page.locator(f"#row-{indicator_id} .evidence-list")
    expect(row).to_contain_text("সভার কার্যবিবরণী.pdf")
    expect(row).to_contain_text("ছবি.png")


@pytest.mark.django_db(transaction=True)
def test_a_file_is_sent_from_a_plan_items_card_on_a_phone(
    browser, live_server, seeded, office_a, supervisor_office, alice, monkeypatch
):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2024, 9, 20))  # the first quarter
    year = FiscalYear.objects.get(start_year=2024)
    agreement = agreement_with_plans(office_a, supervisor_office, year, AgreementStatus.ACTIVE)
    plan = agreement.governance_plans.get(kind="integrity")
    meeting = plan.items.get(activity_code="১.১")
    page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    page.goto(live_server.url + reverse("governance:entry", args=[agreement.pk, plan.pk]) + "?quarter=1")
    log_in(page, alice.username, PASSWORD)

    cell = page.locator(f"#row-{meeting.pk} td[data-evidence-upload]")
    cell.get_by_test_id("evidence-drop").scroll_into_view_if_needed()
    cell.locator("input.evidence-files").set_input_files([FILES[0]])
    expect(cell.locator(".evidence-list")).to_contain_text("সভার কার্যবিবরণী.pdf")
    expect(cell.locator(".no-evidence")).to_be_hidden()
    assert meeting.evidence.filter(quarter=1, original_name="সভার কার্যবিবরণী.pdf").exists()
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1
