"""The governance pages in a real browser (Debian's chromium): an administrator edits a template and adds a
row; an office types a plan achievement, sees the plan score and its Section 3 indicator change before and
after saving, and loses nothing to an expired session. Screenshots go to /tmp."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from agreements.models import AgreementStatus, FiscalYear
from indicators.models import GovernancePlanTemplate, IndicatorScore, PlanItemAchievement, ScoreKind
from tests.conftest import PASSWORD
from tests.factories import agreement_with_plans, governance_indicator

from .conftest import log_in, sync_api

expect = sync_api.expect


@pytest.fixture
def page(browser):
    return browser.new_page(viewport={"width": 1280, "height": 900})


def log_in_as(page, live_server, user):
    page.goto(f"{live_server.url}{reverse('login')}")
    log_in(page, user.username, PASSWORD)


@pytest.fixture
def active(seeded, office_a, supervisor_office, monkeypatch):
    """An active 2024-25 agreement with its plans and the integrity plan's indicator in Section 3, on a day
    of the first quarter."""
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2024, 9, 20))
    year = FiscalYear.objects.get(start_year=2024)
    agreement = agreement_with_plans(office_a, supervisor_office, year, AgreementStatus.ACTIVE)
    governance_indicator(agreement, "integrity")
    from indicators.scores import refresh_scores

    refresh_scores(agreement=agreement)
    return agreement


@pytest.mark.django_db(transaction=True)
def test_an_administrator_edits_a_template_title_and_a_row_and_saves(page, live_server, seeded, ada):
    template = GovernancePlanTemplate.objects.get(fiscal_year__start_year=2024, kind="egov")
    log_in_as(page, live_server, ada)
    page.goto(f"{live_server.url}{reverse('governance:year', args=[2024])}")
    with page.expect_navigation():
        page.click("text=ই-গভর্ন্যান্স ও উদ্ভাবন >> nth=0")
    page.fill("#id_title_bn", "ই-গভর্নেন্স ও উদ্ভাবন কর্মপরিকল্পনা ২০২৪-২৫ (সংশোধিত)")
    page.fill("#id_items-1-weight", "৩")
    page.fill("#id_items-2-weight", "৫")  # the plan still adds up to 50
    with page.expect_navigation():
        page.click("text=ছক সংরক্ষণ করুন")
    expect(page.locator(".alert-success")).to_have_text("ছক সংরক্ষিত হয়েছে।")
    page.screenshot(path="/tmp/governance_template_saved.png", full_page=True)
    template.refresh_from_db()
    assert template.title_bn.endswith("(সংশোধিত)")
    assert [i.weight for i in template.items.order_by("position")][:3] == [10, 3, 5]
    assert list(template.items.values_list("serial", flat=True))[:3] == ["০১", "০২", "০৩"]
    assert template.items.count() == 10  # the blank row stayed blank


@pytest.mark.django_db(transaction=True)
def test_an_administrator_inserts_a_row_where_it_belongs(page, live_server, seeded, ada):
    template = GovernancePlanTemplate.objects.get(fiscal_year__start_year=2024, kind="rti", variant="upazila")
    log_in_as(page, live_server, ada)
    page.goto(f"{live_server.url}{reverse('governance:template', args=[template.pk])}")
    page.locator("#row-0 [data-row-action=insert]").click()
    added = page.locator("tbody.item-row").nth(1)
    expect(added.locator("input[name$='-ORDER']")).to_have_value("২")  # the page's digits
    added.locator("input[name$='-activity_code']").fill("১.২")
    added.locator("textarea[name$='-activity']").fill("স্বপ্রণোদিত তথ্য প্রকাশ")
    added.locator("input[name$='-indicator_code']").fill("১.২.১")
    added.locator("textarea[name$='-indicator']").fill("তথ্য বাতায়নে প্রকাশিত")
    added.locator("input[name$='-t1']").fill("২")
    page.screenshot(path="/tmp/governance_template_insert.png", full_page=True)
    with page.expect_navigation():
        page.click("text=ছক সংরক্ষণ করুন")
    expect(page.locator(".alert-success")).to_have_text("ছক সংরক্ষিত হয়েছে।")
    assert list(template.items.order_by("position").values_list("indicator_code", flat=True)) == [
        "১.১.১",
        "১.২.১",
        "২.১.১",
    ]


@pytest.mark.django_db(transaction=True)
def test_a_typed_plan_value_shows_the_plan_score_and_its_section_3_indicator(
    page, live_server, active, alice
):
    integrity = active.governance_plans.get(kind="integrity")
    meeting = integrity.items.get(activity_code="১.১")
    log_in_as(page, live_server, alice)
    page.goto(f"{live_server.url}{reverse('governance:entry', args=[active.pk, integrity.pk])}?quarter=1")
    row = page.locator(f"#row-{meeting.pk}")
    row.locator(".value-input").fill("১")
    expect(page.locator("#total-preview")).to_have_text("সংরক্ষণ করলে: ০.৫০")
    expect(page.locator("[data-live-preview=indicator]")).to_have_text("সংরক্ষণ করলে: ০.৫০")
    expect(row.locator(".weighted")).to_have_text("০.৫০")
    expect(page.locator("[data-testid=indicator-score]")).to_have_text("০.০০")  # nothing saved yet
    assert not PlanItemAchievement.objects.filter(item=meeting).exists()
    page.screenshot(path="/tmp/governance_entry_preview.png", full_page=True)
    row.locator(".value-input").press("Enter")
    expect(row.locator(".row-status")).to_have_text("সংরক্ষিত হয়েছে।")
    expect(page.locator("#total-score")).to_have_text("০.৫০")
    expect(page.locator("[data-testid=indicator-score]")).to_have_text("০.৫০")
    expect(page.locator("[data-testid=agreement-score]")).to_have_text("০.৫০")
    page.screenshot(path="/tmp/governance_entry_saved.png", full_page=True)
    assert PlanItemAchievement.objects.get(item=meeting, quarter=1).value_number == 1
    indicator = active.indicators.get(governance_kind="integrity")
    assert IndicatorScore.objects.get(indicator=indicator, kind=ScoreKind.PROGRESS).weighted == Decimal("0.5")
    page.goto(f"{live_server.url}{reverse('indicators:entry', args=[active.pk, 1])}")
    expect(page.locator(f"#row-{indicator.pk} .weighted")).to_have_text("০.৫০")
    page.goto(f"{live_server.url}{reverse('governance:plans', args=[active.pk])}")
    assert "কর্মপরিকল্পনার স্কোর ০.৫০, মোট ১০-এর মধ্যে।" in page.content()


@pytest.mark.django_db(transaction=True)
def test_what_was_typed_survives_an_expired_session(page, live_server, active, alice):
    integrity = active.governance_plans.get(kind="integrity")
    meeting = integrity.items.get(activity_code="১.১")
    entry = f"{live_server.url}{reverse('governance:entry', args=[active.pk, integrity.pk])}?quarter=1"
    log_in_as(page, live_server, alice)
    page.goto(entry)
    row = page.locator(f"#row-{meeting.pk}")
    row.locator(".value-input").fill("১")
    row.locator(".remarks-input").fill("নৈতিকতা কমিটির সভা")
    from django.contrib.sessions.models import Session

    Session.objects.all().delete()  # the session expires on the server while the page is open
    row.locator(".save-btn").click()
    expect(page.locator("#session-expired")).to_be_visible()
    with page.expect_navigation():
        page.click("#session-expired a")
    log_in(page, alice.username, PASSWORD)
    page.goto(entry)
    row = page.locator(f"#row-{meeting.pk}")
    expect(row.locator(".value-input")).to_have_value("১")
    expect(row.locator(".remarks-input")).to_have_value("নৈতিকতা কমিটির সভা")
    expect(page.locator("#drafts-restored")).to_be_visible()
    page.screenshot(path="/tmp/governance_restored.png")
    row.locator(".save-btn").click()
    expect(row.locator(".row-status")).to_have_text("সংরক্ষিত হয়েছে।")
    assert PlanItemAchievement.objects.get(item=meeting, quarter=1).remarks == "নৈতিকতা কমিটির সভা"
    page.goto(entry)
    expect(page.locator("#drafts-restored")).to_be_hidden()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1366, 390])
def test_a_date_item_is_entered_in_the_quarter_open_now_from_the_plans_page(
    browser, live_server, active, alice, monkeypatch, width
):
    """Issue 13's seams: the plans page opens the quarter open now (the second, the first being closed), and
    a date item is typed as দিন/মাস/বছর and saved, on a desktop and on a phone."""
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2024, 11, 20))
    integrity = active.governance_plans.get(kind="integrity")
    dated = integrity.items.get(activity_code="২.১")
    page = browser.new_context(viewport={"width": width, "height": 844}).new_page()
    log_in_as(page, live_server, alice)
    page.goto(f"{live_server.url}{reverse('governance:plans', args=[active.pk])}")
    entry = reverse("governance:entry", args=[active.pk, integrity.pk])
    with page.expect_navigation():
        page.locator(f"a[href='{entry}?quarter=2']").click()
    assert page.url.endswith(f"{entry}?quarter=2")
    row = page.locator(f"#row-{dated.pk}")
    value = row.locator(".value-input")
    expect(value).to_have_attribute("type", "text")
    expect(value).to_have_attribute("placeholder", "দিন/মাস/বছর")
    value.fill("০৭/১১/২০২৪")
    value.press("Enter")
    expect(row.locator(".row-status")).to_have_text("সংরক্ষিত হয়েছে।")
    page.screenshot(path=f"/tmp/governance_date_item_{width}.png", full_page=True)
    assert PlanItemAchievement.objects.get(item=dated, quarter=2).value_date == date(2024, 11, 7)
