"""The entry page's script where it meets the server, in a real browser (Debian's chromium, headless):
clearing a stored value asks first and then says it was removed; a save in flight says so until its answer
comes, also when it is a retry after a lost connection; a save that loses to a colleague's shows the row as
stored, not the preview of the value that lost."""

import re

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


def stored_value(code):
    return Achievement.objects.get(indicator__code=code, quarter=3).value


@pytest.mark.django_db(transaction=True)
def test_clearing_a_stored_value_asks_first_then_says_it_was_removed(browser, entry, alice):
    page = open_entry(browser, entry, alice)
    asked, answers = [], []

    def answer(dialog):
        asked.append((dialog.type, dialog.message))
        dialog.accept() if answers.pop(0) else dialog.dismiss()

    page.on("dialog", answer)
    saves = []
    page.on("request", lambda request: saves.append(request) if request.url.endswith("/save/") else None)
    first = row(page, "1.1.1")
    value = first.locator(".value-input")
    value.fill("৪৭৫")
    value.press("Enter")
    expect(first.locator(".row-status")).to_have_text("সংরক্ষিত হয়েছে।")
    assert asked == []  # saving a value asks nothing

    # Emptied and Enter by mistake: asked, and "no" keeps the stored value (the row stays unsaved).
    value.fill("")
    answers.append(False)
    value.press("Enter")
    expect(first.locator(".row-status")).to_have_text("সংরক্ষণ হয়নি")
    assert asked == [("confirm", "এই ত্রৈমাসিকের সংরক্ষিত অর্জন মুছে ফেলবেন?")]
    page.wait_for_timeout(300)
    assert len(saves) == 1 and stored_value("1.1.1") == 475

    # Asked again and "yes": removed, and the row says so.
    answers.append(True)
    first.locator(".save-btn").click()
    expect(first.locator(".row-status")).to_have_text("অর্জন মুছে ফেলা হয়েছে।")
    assert len(asked) == 2 and stored_value("1.1.1") is None
    expect(first.locator(".score-cell .weighted")).to_have_text("০.০০")
    expect(page.get_by_test_id("total-score")).to_have_text("০.০০")


@pytest.mark.django_db(transaction=True)
def test_a_retry_after_a_lost_connection_says_saving_until_the_answer_comes(browser, entry, alice):
    page = open_entry(browser, entry, alice)
    first = row(page, "1.1.1")
    first.locator(".value-input").fill("৪২০")

    page.route("**/save/", lambda route: route.abort("internetdisconnected"))
    first.locator(".save-btn").click()
    expect(first.locator(".row-error")).to_contain_text("সংযোগ পাওয়া যায়নি")
    expect(first.locator(".row-status")).to_have_text("সংরক্ষণ হয়নি")
    page.unroute("**/save/")

    # The line is back but slow: the retry is held on its way until the test lets it through.
    held = []
    page.route("**/save/", lambda route: held.append(route))
    first.locator(".save-btn").click()
    expect(first.locator(".save-btn")).to_be_disabled()
    page.wait_for_timeout(400)  # long enough for anything that would overwrite the status to have run
    expect(first.locator(".row-status")).to_have_text("সংরক্ষণ হচ্ছে…")
    assert len(held) == 1 and not Achievement.objects.exists()

    held[0].continue_()
    expect(first.locator(".row-status")).to_have_text("সংরক্ষিত হয়েছে।")
    expect(first.locator(".row-error")).to_have_text("")
    assert stored_value("1.1.1") == 420

    # A remark typed while the next save is on its way: the row says "saving" until the answer, then that
    # the remark is not saved yet (the save carried only what was there when it left).
    first.locator(".value-input").fill("৪২৫")
    first.locator(".save-btn").click()
    expect(first.locator(".save-btn")).to_be_disabled()
    first.locator(".remarks-input").fill("পরে লেখা মন্তব্য")
    expect(first.locator(".row-status")).to_have_text("সংরক্ষণ হচ্ছে…")
    assert len(held) == 2
    held[1].continue_()
    expect(first.locator(".save-btn")).to_be_enabled()
    expect(first.locator(".row-status")).to_have_text("সংরক্ষণ হয়নি")
    expect(first).to_have_class(re.compile("row-dirty"))
    achievement = Achievement.objects.get(indicator__code="1.1.1", quarter=3)
    assert (achievement.value, achievement.remarks) == (425, "")


@pytest.mark.django_db(transaction=True)
def test_a_save_that_loses_to_a_colleagues_shows_the_row_as_stored(browser, entry, alice, henry):
    mine, theirs = open_entry(browser, entry, henry), open_entry(browser, entry, alice)
    saved = row(theirs, "1.1.1")
    saved.locator(".value-input").fill("১২৫০")
    saved.locator(".value-input").press("Enter")
    expect(saved.locator(".row-status")).to_have_text("সংরক্ষিত হয়েছে।")

    late = row(mine, "1.1.1")
    late.locator(".value-input").fill("৩০০")
    # The preview of henry's value, against the page as he loaded it.
    expect(late.locator(".annual-cell")).to_have_text("৩০০")
    expect(mine.locator("#total-preview")).to_be_visible()
    late.locator(".value-input").press("Enter")
    expect(late.locator(".conflict")).to_contain_text("১,২৫০")

    # While he chooses, the row shows what is stored (alice's value and its score), not his preview.
    expect(late.locator(".annual-cell")).to_have_text("১,২৫০")
    expect(late.locator(".score-cell .weighted")).to_have_text("২০.০০")
    expect(mine.get_by_test_id("total-score")).to_have_text("২০.০০")
    expect(mine.locator("#total-preview")).to_be_hidden()
    expect(late.locator(".preview-lines")).to_be_hidden()
    expect(late.locator(".value-input")).to_have_value("৩০০")  # his value stays, to keep or drop
    assert stored_value("1.1.1") == 1250
