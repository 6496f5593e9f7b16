"""The entry page on a shared office computer and a bad line, in a real browser (Debian's chromium,
headless): drafts belong to their user, expire after a week and go with logging out; a save that hangs gives
up with a Bangla message and keeps the input; a conflict's "take theirs" shows their value in the page's
digits with the row's stored score."""

import json
import time

import pytest
from django.urls import reverse

from indicators.models import Achievement
from indicators.scores import refresh_scores
from tests.conftest import PASSWORD, add_quarter_windows

from .conftest import log_in, sync_api

expect = sync_api.expect


def row(page, code):
    return page.locator(f'tr[data-code="{code}"]')


@pytest.fixture
def entry(live_server, agreement_a, today_in_q3):
    add_quarter_windows(agreement_a.fiscal_year)
    refresh_scores(agreement=agreement_a)
    return f"{live_server.url}{reverse('indicators:entry', args=[agreement_a.pk, 3])}"


def open_entry(browser, entry, user):
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(entry)
    log_in(page, user.username, PASSWORD)
    expect(page.locator("#entry")).to_have_attribute("data-editable", "1")
    return page


def drafts(page):
    return page.evaluate(
        "Object.keys(localStorage).filter(function (k) { return k.indexOf('apa-entry:') === 0; })"
    )


@pytest.mark.django_db(transaction=True)
def test_drafts_belong_to_their_user_expire_and_go_with_logging_out(browser, entry, alice, henry):
    page = open_entry(browser, entry, alice)
    page.on("dialog", lambda dialog: dialog.accept())
    row(page, "1.1.1").locator(".value-input").fill("৪৩০")
    row(page, "1.1.1").locator(".remarks-input").fill("আলিসের খসড়া")
    assert drafts(page) and drafts(page)[0].startswith(f"apa-entry:{alice.pk}:")

    # The session ends without logging out; henry sits down at the same computer: nothing of alice's.
    page.context.clear_cookies()
    page.goto(entry)
    log_in(page, henry.username, PASSWORD)
    expect(page.locator("#drafts-restored")).to_be_hidden()
    expect(row(page, "1.1.1").locator(".value-input")).to_have_value("")

    # alice comes back: her draft is there again.
    page.context.clear_cookies()
    page.goto(entry)
    log_in(page, alice.username, PASSWORD)
    expect(page.locator("#drafts-restored")).to_be_visible()
    expect(row(page, "1.1.1").locator(".value-input")).to_have_value("৪৩০")

    # A draft older than a week is dropped, and so is one kept before drafts named their user.
    key = drafts(page)[0]
    old = {"value": "৪৪৪", "remarks": "", "revision": "0", "at": (time.time() - 8 * 24 * 3600) * 1000}
    page.evaluate(
        "([key, old]) => { localStorage.setItem(key, old); localStorage.setItem('apa-entry:1:3:99', old); }",
        [key, json.dumps(old)],
    )
    page.reload()
    expect(page.locator("#drafts-restored")).to_be_hidden()
    expect(row(page, "1.1.1").locator(".value-input")).to_have_value("")
    assert drafts(page) == []

    # Logging out (asked first, since unsaved input goes with it) leaves no draft of hers behind.
    row(page, "2.1.1").locator(".value-input").fill("১০০")
    assert len(drafts(page)) == 1
    with page.expect_navigation():
        page.get_by_role("button", name="লগ আউট").click()
    assert drafts(page) == []
    assert not Achievement.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_save_that_hangs_gives_up_with_a_message_and_keeps_the_input(browser, entry, alice):
    page = open_entry(browser, entry, alice)
    page.evaluate("document.getElementById('entry').dataset.saveTimeout = '800'")
    page.route("**/save/", lambda route: None)  # the line hangs: no answer ever comes
    first = row(page, "1.1.1")
    first.locator(".value-input").fill("৪২০")
    first.locator(".save-btn").click()
    expect(first.locator(".row-error")).to_contain_text("সময়মতো সাড়া দেয়নি")
    expect(first.locator(".save-btn")).to_be_enabled()
    expect(first.locator(".value-input")).to_have_value("৪২০")
    assert len(drafts(page)) == 1

    page.unroute("**/save/")
    first.locator(".save-btn").click()
    expect(first.locator(".row-status")).to_contain_text("সংরক্ষিত")
    assert drafts(page) == []
    assert Achievement.objects.get(indicator__code="1.1.1", quarter=3).value == 420


@pytest.mark.django_db(transaction=True)
def test_taking_their_value_shows_it_in_bangla_with_the_rows_stored_score(browser, entry, alice, henry):
    mine, theirs = open_entry(browser, entry, henry), open_entry(browser, entry, alice)
    saved = row(theirs, "1.1.1")
    saved.locator(".value-input").fill("১২৫০")
    saved.locator(".value-input").press("Enter")
    expect(saved.locator(".row-status")).to_contain_text("সংরক্ষিত")

    late = row(mine, "1.1.1")
    late.locator(".value-input").fill("৩০০")
    late.locator(".value-input").press("Enter")
    conflict = late.locator(".conflict")
    expect(conflict).to_contain_text("১,২৫০")
    conflict.get_by_role("button", name="তাদের মান নিন").click()
    expect(late.locator(".value-input")).to_have_value("১,২৫০")
    expect(late.locator(".annual-cell")).to_have_text("১,২৫০")
    expect(late.locator(".score-cell .weighted")).to_have_text("২০.০০")
    expect(mine.get_by_test_id("total-score")).to_have_text("২০.০০")
    expect(conflict).to_be_hidden()
    achievement = Achievement.objects.get(indicator__code="1.1.1", quarter=3)
    assert (achievement.value, achievement.updated_by) == (1250, alice)
