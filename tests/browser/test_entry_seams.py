"""The entry page's script where it meets the server, in a real browser (Debian's chromium, headless):
clearing a stored value asks first and then says it was removed; a save in flight says so until its answer
comes, also when it is a retry after a lost connection; a save that loses to a colleague's shows the row as
stored, not the preview of the value that lost."""

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
