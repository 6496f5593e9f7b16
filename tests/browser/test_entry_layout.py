"""The entry page on a narrow screen and with dates, in a real browser (Debian's chromium, headless): the
total stays in view, the table scrolls sideways with its indicator column held, a date is typed as
দিন/মাস/বছর (the calendar only helps), and the office asks for a blank calculation method, which the
supervisor fills in on the methods page."""

from datetime import date

import pytest
from django.urls import reverse

from indicators.models import Achievement, Method, ValueType
from indicators.scores import refresh_scores
from tests.conftest import PASSWORD, add_quarter_windows, build_agreement

from .conftest import log_in, sync_api

expect = sync_api.expect


def row(page, code):
    return page.locator(f'tr[data-code="{code}"]')


def open_entry(browser, url, user, width=800):
    page = browser.new_context(viewport={"width": width, "height": 700}).new_page()
    page.goto(url)
    log_in(page, user.username, PASSWORD)
    return page


@pytest.mark.django_db(transaction=True)
def test_at_800_pixels_the_total_stays_in_view_and_every_column_can_be_reached(
    browser, live_server, office_a, supervisor_office, fiscal_year, alice, today_in_q3
):
    add_quarter_windows(fiscal_year)
    agreement = build_agreement(office_a, supervisor_office, fiscal_year, indicators_per_area=10)
    refresh_scores(agreement=agreement)
    page = open_entry(
        browser, f"{live_server.url}{reverse('indicators:entry', args=[agreement.pk, 3])}", alice
    )
    last = row(page, "2.1.10")
    last.locator(".value-input").fill("৪০০")  # typing scrolls the row into view
    expect(page.get_by_test_id("total-score")).to_be_in_viewport()
    expect(page.locator("#total-preview")).to_be_in_viewport()
    expect(last.locator(".evidence-cell")).not_to_be_in_viewport()

    page.get_by_test_id("entry-scroll").evaluate("box => { box.scrollLeft = box.scrollWidth; }")
    expect(last.locator(".evidence-cell")).to_be_in_viewport()
    expect(last.locator(".score-cell")).to_be_in_viewport()
    indicator_cell = last.locator(".indicator-cell")
    expect(indicator_cell).to_be_in_viewport()
    assert indicator_cell.bounding_box()["x"] < 20  # held at the left edge
    page.screenshot(path="/tmp/entry-800-scrolled.png")


@pytest.mark.django_db(transaction=True)
def test_a_date_is_typed_as_day_month_year_and_the_calendar_only_helps(
    browser, live_server, agreement_a, alice, today_in_q3
):
    add_quarter_windows(agreement_a.fiscal_year)
    indicator = agreement_a.indicators.get(code="2.1.1")
    indicator.value_type, indicator.method, indicator.unit = ValueType.DATE, Method.DATE, "তারিখ"
    indicator.targets = ["2024-01-31", "2024-02-15", "2024-02-29", "2024-03-15", "2024-03-31"]
    indicator.save()
    refresh_scores(agreement=agreement_a)
    page = open_entry(
        browser, f"{live_server.url}{reverse('indicators:entry', args=[agreement_a.pk, 3])}", alice
    )
    field = row(page, "2.1.1").locator(".value-input")
    expect(field).to_have_attribute("type", "text")
    expect(field).to_have_attribute("placeholder", "দিন/মাস/বছর")

    # The keyboard goes from the field to its calendar button; the calendar writes Bangla digits.
    field.focus()
    page.keyboard.press("Tab")
    expect(row(page, "2.1.1").locator(".date-pick")).to_be_focused()
    picker = row(page, "2.1.1").locator(".date-picker-native")
    picker.evaluate("input => { input.value = '2024-02-20'; input.dispatchEvent(new Event('change')); }")
    expect(field).to_have_value("২০/০২/২০২৪")
    expect(row(page, "2.1.1").locator(".score-cell .weighted")).not_to_have_text("—")

    # Typed by hand, in Bangla digits, and saved.
    field.fill("১৫/০২/২০২৪")
    field.press("Enter")
    expect(row(page, "2.1.1").locator(".row-status")).to_contain_text("সংরক্ষিত")
    assert Achievement.objects.get(indicator=indicator, quarter=3).value == date(2024, 2, 15)


@pytest.mark.django_db(transaction=True)
def test_the_supervisor_fills_in_a_blank_method_and_the_office_then_enters_the_quarter(
    browser, live_server, agreement_a, alice, rita, today_in_q3
):
    from decimal import Decimal

    add_quarter_windows(agreement_a.fiscal_year)
    indicator = agreement_a.indicators.get(code="1.1.1")
    indicator.method = ""
    indicator.save()
    Achievement.objects.create(indicator=indicator, quarter=2, value_number=Decimal("100"))
    refresh_scores(agreement=agreement_a)
    url = f"{live_server.url}{reverse('indicators:entry', args=[agreement_a.pk, 3])}"

    office = open_entry(browser, url, alice, width=1280)
    expect(row(office, "1.1.1").get_by_test_id("blocked")).to_contain_text("গণনা পদ্ধতি নেই")
    row(office, "1.1.1").get_by_role("button", name="গণনা পদ্ধতি চেয়ে অনুরোধ").click()
    expect(office.get_by_role("alert").first).to_contain_text("অনুরোধ পাঠানো হয়েছে")

    supervisor = open_entry(browser, url, rita, width=1280)
    row(supervisor, "1.1.1").get_by_test_id("method-link").click()
    supervisor.get_by_label("[১.১.১]-এর গণনা পদ্ধতি").select_option("sum")
    supervisor.get_by_role("button", name="বেছে নেওয়া পদ্ধতিগুলো সংরক্ষণ করুন").click()
    expect(supervisor.get_by_role("alert").first).to_contain_text("গণনা পদ্ধতি যোগ হয়েছে")
    expect(supervisor.get_by_test_id("methods-none")).to_be_visible()

    office.reload()
    entry = row(office, "1.1.1")
    entry.locator(".value-input").fill("৩০০")
    entry.locator(".value-input").press("Enter")
    expect(entry.locator(".row-status")).to_contain_text("সংরক্ষিত")
    expect(entry.locator(".annual-cell")).to_have_text("৪০০")
