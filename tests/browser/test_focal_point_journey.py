"""The focal point's journey in a real browser (Debian's chromium, headless), on the seeded data.

Q3 of 2023-24 (January-March 2024) lies in the past, so its report deadline (15 April 2024) has passed and the
quarter is locked. Rather than pretend that today is in 2024, the test opens it the way the product does:
the supervisor office's reviewer (dg.reviewer) reopens Q3 with a reason until a week from today. Then
khulna.focal logs in, enters values in Bangla digits, watches the score change before and after saving,
survives a lost connection and an expired session without losing input, attaches a PDF and a link, submits,
and finds the quarter locked. Screenshots go to /tmp/journey-*.png."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from agreements.models import Agreement, AuditEntry
from evidence.models import EvidenceItem, EvidenceKind
from indicators.models import Achievement, QuarterlyReport, QuarterlyReportStatus
from tests.conftest import add_quarter_windows

from .conftest import log_in, sync_api

expect = sync_api.expect


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def row(page, code):
    return page.locator(f'tr[data-code="{code}"]')


@pytest.mark.django_db(transaction=True)
def test_khulna_focal_point_enters_q3_with_evidence_and_submits(browser, live_server, seeded):
    agreement = Agreement.objects.get(office__code="ict-dc-khulna", is_current=True)
    entry = f"{live_server.url}{reverse('indicators:entry', args=[agreement.pk, 3])}"
    until = timezone.localdate() + timedelta(days=7)

    # --- The supervisor's reviewer reopens Q3, which is past its deadline.
    reviewer = browser.new_page(viewport={"width": 1280, "height": 900})
    reviewer.goto(entry)
    log_in(reviewer, "dg.reviewer")
    expect(reviewer.get_by_test_id("quarter-state")).to_contain_text("পেরিয়ে গেছে")
    reviewer.get_by_role("link", name="পুনরায় খুলুন").click()
    reviewer.fill("#id_reason", "জেলার তথ্য দেরিতে পৌঁছেছে; ৩য় ত্রৈমাসিকের অর্জন লেখার সুযোগ")
    reviewer.fill("#id_until", until.isoformat())
    reviewer.get_by_role("button", name="পুনরায় খুলুন").click()
    expect(reviewer.get_by_test_id("quarter-state")).to_contain_text("পুনরায় খুলেছে")
    reviewer.close()

    # --- The focal point logs in (in Bangla) and goes from the home page to the open quarter.
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(live_server.url)
    expect(page.get_by_role("heading", name="এপিএ পোর্টালে লগইন")).to_be_visible()
    page.screenshot(path="/tmp/journey-1-login.png")
    log_in(page, "khulna.focal")
    card = page.get_by_test_id("office-card")
    expect(card).to_contain_text("চলমান ত্রৈমাসিক: ৩")
    page.screenshot(path="/tmp/journey-2-home.png", full_page=True)
    card.get_by_role("link", name="অর্জন লিখুন").click()
    expect(page).to_have_url(entry)
    expect(page.get_by_test_id("quarter-state")).to_have_attribute("data-open", "1")
    total = page.get_by_test_id("total-score")
    before = total.inner_text()

    # --- A value in Bangla digits: the score changes while typing, before saving.
    first = row(page, "২.৩.১")  # targets 50/40/30/20/10, weight 4, nothing reported in Q2
    first.locator(".value-input").fill("৩৫")
    expect(first.locator(".score-cell .weighted")).to_have_text("৩.৪০")  # 35: 85% of the weight 4
    expect(page.locator("#total-preview")).to_be_visible()
    page.screenshot(path="/tmp/journey-3-preview.png")
    first.locator(".value-input").press("Enter")
    expect(first.locator(".row-status")).to_contain_text("সংরক্ষিত")
    expect(total).not_to_have_text(before)
    after_first = total.inner_text()
    saved = Achievement.objects.get(indicator__agreement=agreement, indicator__code="২.৩.১", quarter=3)
    assert saved.value == 35

    # --- A lost connection: the save fails, the input stays, and survives a reload.
    second = row(page, "২.৪.১")  # targets 80/70/60/50/40, weight 6
    second.locator(".value-input").fill("৭০")
    second.locator(".remarks-input").fill("প্রশিক্ষণ সম্পন্ন")
    context.set_offline(True)
    second.locator(".save-btn").click()
    expect(second.locator(".row-error")).to_contain_text("সংযোগ পাওয়া যায়নি")
    context.set_offline(False)
    page.reload()
    expect(page.locator("#drafts-restored")).to_be_visible()
    second = row(page, "২.৪.১")
    expect(second.locator(".value-input")).to_have_value("৭০")
    expect(second.locator(".remarks-input")).to_have_value("প্রশিক্ষণ সম্পন্ন")
    page.screenshot(path="/tmp/journey-4-restored.png")

    # --- An expired session: the save is refused, logging in again leads back here with the input intact.
    context.clear_cookies()
    second.locator(".save-btn").click()
    expired = page.locator("#session-expired")
    expect(expired).to_be_visible()
    expired.get_by_role("link").click()
    log_in(page, "khulna.focal")
    expect(page).to_have_url(entry)
    second = row(page, "২.৪.১")
    expect(second.locator(".value-input")).to_have_value("৭০")
    second.locator(".save-btn").click()
    expect(second.locator(".row-status")).to_contain_text("সংরক্ষিত")
    expect(page.locator("#drafts-restored")).to_be_hidden()
    assert total.inner_text() != after_first
    achievement = Achievement.objects.get(indicator__agreement=agreement, indicator__code="২.৪.১", quarter=3)
    assert (achievement.value, achievement.remarks) == (70, "প্রশিক্ষণ সম্পন্ন")

    # --- Evidence: a PDF and a link, on the indicator's evidence page.
    row(page, "২.৩.১").get_by_role("link", name="প্রমাণক যোগ/সরান").click()
    page.set_input_files(
        "#id_file", {"name": "প্রশিক্ষণের হাজিরা.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="ফাইল যুক্ত করুন").click()
    expect(page.locator("#evidence-items")).to_contain_text("প্রশিক্ষণের হাজিরা.pdf")
    page.fill("#id_url", "https://drive.google.com/drive/folders/q3-khulna")
    page.get_by_role("button", name="লিংক যুক্ত করুন").click()
    expect(page.locator("#evidence-items li")).to_have_count(2)
    page.screenshot(path="/tmp/journey-5-evidence.png", full_page=True)
    page.get_by_role("link", name="অর্জনের পাতায় ফিরুন").click()
    expect(row(page, "২.৩.১").locator(".evidence-list li")).to_have_count(2)
    items = EvidenceItem.objects.filter(indicator__code="২.৩.১", indicator__agreement=agreement, quarter=3)
    assert sorted(items.values_list("kind", flat=True)) == [EvidenceKind.FILE, EvidenceKind.LINK]

    # --- Submitting shows first what is missing, then locks the quarter.
    page.get_by_role("link", name="প্রতিবেদন দাখিল করুন").click()
    gaps = page.get_by_test_id("gaps")
    expect(gaps).to_contain_text("২.৪.১")  # a value but no evidence
    expect(gaps).not_to_contain_text("[২.৩.১]")
    page.screenshot(path="/tmp/journey-6-submit.png", full_page=True)
    page.get_by_role("button", name="বাকি থাকা সত্ত্বেও দাখিল করুন").click()
    state = page.get_by_test_id("quarter-state")
    expect(state).to_have_attribute("data-open", "0")
    expect(state).to_contain_text("দাখিল করা হয়েছে")
    expect(page.locator("form.entry-form")).to_have_count(0)
    page.screenshot(path="/tmp/journey-7-locked.png")
    report = QuarterlyReport.objects.get(agreement=agreement, quarter=3)
    assert report.status == QuarterlyReportStatus.SUBMITTED
    assert set(AuditEntry.objects.filter(agreement=agreement).values_list("action", flat=True)) >= {
        "quarterly_report.reopen",
        "achievement.record",
        "evidence.add",
        "quarterly_report.submit",
    }
    # Every script and style of the journey (entry, calendar, evidence, drafts, submit) is one of the portal's
    # own files: the Content-Security-Policy blocked nothing.
    assert browser.csp_violations == []
    context.close()


@pytest.mark.django_db(transaction=True)
def test_two_people_saving_one_indicator_see_both_values_and_choose(
    browser, live_server, agreement_a, alice, henry, today_in_q3
):
    from tests.conftest import PASSWORD

    add_quarter_windows(agreement_a.fiscal_year)
    entry = f"{live_server.url}{reverse('indicators:entry', args=[agreement_a.pk, 3])}"
    pages = []
    for user in (alice, henry):
        page = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
        page.goto(entry)
        log_in(page, user.username, PASSWORD)
        pages.append(page)
    first, second = (row(page, "1.1.1") for page in pages)

    first.locator(".value-input").fill("৪০০")
    first.locator(".value-input").press("Enter")
    expect(first.locator(".row-status")).to_contain_text("সংরক্ষিত")
    second.locator(".value-input").fill("৪৫০")
    second.locator(".value-input").press("Enter")
    conflict = second.locator(".conflict")
    expect(conflict).to_be_visible()
    expect(conflict).to_contain_text("৪৫০")
    expect(conflict).to_contain_text("৪০০")
    expect(second.locator(".row-error")).to_contain_text("পরিবর্তন করেছেন")
    pages[1].screenshot(path="/tmp/journey-conflict.png")
    conflict.get_by_role("button", name="আমার মান রাখুন").click()
    expect(second.locator(".row-status")).to_contain_text("সংরক্ষিত")
    achievement = Achievement.objects.get(
        indicator__agreement=agreement_a, indicator__code="1.1.1", quarter=3
    )
    assert (achievement.value, achievement.revision, achievement.updated_by) == (450, 2, henry)
