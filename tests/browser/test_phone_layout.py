"""Every page of every persona on a 390×844 phone, in a real browser (Debian's chromium, headless): nothing
scrolls sideways (the page is never wider than the screen), the navigation collapses behind its toggle with
"লগ আউট" and the language switch inside it, and the entry pages show one card per indicator whose value box
nothing covers. The seeds are loaded once; each persona has one browser context and walks its pages in a
loop."""

import re

import pytest
from django.urls import reverse

from agreements.models import Agreement, AgreementStatus, FiscalYear, Office, User
from indicators.models import Achievement, GovernancePlanTemplate, QuarterlyReport, QuarterlyReportStatus
from tests.factories import agreement_with_plans, governance_indicator

from .conftest import log_in, sync_api

expect = sync_api.expect
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def agreements(seeded, today_in_q3):
    """Khulna's seeded 2023-24 agreement (Q3 open on the pinned day) and a 2024-25 one with its Annex 4-8
    plans."""
    khulna = Agreement.objects.get(office__code="ict-dc-khulna", is_current=True)
    plans = agreement_with_plans(
        khulna.office,
        Office.objects.get(code="ict-dg"),
        FiscalYear.objects.get(start_year=2024),
        AgreementStatus.ACTIVE,
    )
    governance_indicator(plans, "integrity")
    return khulna, plans


def pages_of(khulna, plans):
    """Each persona's pages: the ones its home, its navigation and its agreement lead to."""
    plan = plans.governance_plans.order_by("pk").first()
    template = GovernancePlanTemplate.objects.filter(fiscal_year__start_year=2024).order_by("pk").first()
    office = [
        reverse("agreements:home"),
        reverse("agreements:detail", args=[khulna.pk]),
        reverse("indicators:entry", args=[khulna.pk, 3]),
        reverse("indicators:entry", args=[khulna.pk, 1]),
        reverse("governance:plans", args=[plans.pk]),
        reverse("governance:entry", args=[plans.pk, plan.pk]),
        reverse("agreements:history", args=[khulna.pk]),
        reverse("reports:index"),
        reverse("agreements:notifications"),
    ]
    supervisor = [
        *office,
        reverse("agreements:workspace"),
        reverse("agreements:workspace_reports"),
        reverse("agreements:ranking"),
        reverse("agreements:verify", args=[khulna.pk]),
        reverse("governance:verify", args=[plans.pk, plan.pk]),
    ]
    return {
        "khulna.focal": office,
        "khulna.head": office,
        "dg.reviewer": supervisor,
        "dg.head": [
            *supervisor,
            reverse("agreements:people"),
            reverse("agreements:person", args=[User.objects.get(username="khulna.focal").pk]),
        ],
        "ict.observer": [
            reverse("agreements:home"),
            reverse("agreements:detail", args=[khulna.pk]),
            reverse("indicators:entry", args=[khulna.pk, 3]),
            reverse("reports:index"),
            reverse("agreements:notifications"),
        ],
        "admin": [
            reverse("agreements:home"),
            reverse("agreements:detail", args=[khulna.pk]),
            reverse("indicators:entry", args=[khulna.pk, 3]),
            reverse("governance:years"),
            reverse("governance:year", args=[2024]),
            reverse("governance:template", args=[template.pk]),
            reverse("reports:index"),
            reverse("reports:bulk_export"),
            reverse("agreements:notifications"),
            reverse("agreements:people"),
            reverse("agreements:org_import"),
        ],
    }


def contrast(foreground: str, background: str) -> float:
    """WCAG contrast ratio of two CSS colours, rgb(...) or rgba(...) (alpha blended on the background)."""

    def channels(colour):
        return [float(part) for part in colour[colour.index("(") + 1 : -1].split(",")]

    def luminance(rgb):
        linear = [c / 255 / 12.92 if c / 255 <= 0.03928 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    back = channels(background)[:3]
    fore = channels(foreground)
    alpha = fore[3] if len(fore) == 4 else 1
    fore = [alpha * f + (1 - alpha) * b for f, b in zip(fore[:3], back, strict=True)]
    lighter, darker = sorted((luminance(fore), luminance(back)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def sideways(page) -> int:
    """How many pixels the page is wider than the screen (0: no sideways scroll)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.django_db(transaction=True)
def test_no_page_of_any_persona_scrolls_sideways_on_a_phone(browser, live_server, agreements):
    overflowing = {}
    for username, paths in pages_of(*agreements).items():
        context = browser.new_context(viewport=PHONE)
        page = context.new_page()
        page.goto(live_server.url + reverse("login"))
        log_in(page, username)
        for path in paths:
            response = page.goto(live_server.url + path)
            assert response.ok, (username, path, response.status)
            if (extra := sideways(page)) > 1:
                overflowing[f"{username} {path}"] = extra
        context.close()
    assert overflowing == {}, "pages wider than a 390 px phone (pixels too wide)"


@pytest.mark.django_db(transaction=True)
def test_on_a_phone_the_navigation_collapses_and_the_entry_page_shows_cards(browser, live_server, agreements):
    khulna, _ = agreements
    page = browser.new_context(viewport=PHONE).new_page()
    page.goto(live_server.url + reverse("indicators:entry", args=[khulna.pk, 3]))
    log_in(page, "khulna.focal")

    # The first Tab reaches the skip link, which leads past the navigation.
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="মূল অংশে যান")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()

    # The navigation is folded behind its toggle; opened, every link and "লগ আউট" are on the screen.
    logout = page.get_by_role("button", name="লগ আউট")
    expect(logout).to_be_hidden()
    page.get_by_test_id("nav-toggle").click()
    expect(page.locator("#main-nav.show")).to_be_visible()  # opened, its animation over
    language = page.get_by_role("button", name="English")
    for control in (logout, language, page.get_by_test_id("nav-notifications")):
        expect(control).to_be_visible()
        box = control.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        assert box["height"] >= 44  # a tap target
    page.screenshot(path="/tmp/phone-nav-open.png")
    # White links on the dark green bar read at 4.5:1 or more (WCAG 1.4.3); the focused control has a ring.
    link = page.get_by_test_id("nav-notifications")
    assert (
        contrast(
            link.evaluate("a => getComputedStyle(a).color"),
            page.locator("nav.navbar").evaluate("nav => getComputedStyle(nav).backgroundColor"),
        )
        >= 4.5
    )
    link.focus()
    assert link.evaluate("a => parseFloat(getComputedStyle(a).outlineWidth)") >= 2
    page.get_by_test_id("nav-toggle").click()

    # One card per indicator: the table's heading row is not shown, each cell says what it is, and the value
    # box is the full width of the card, covered by nothing.
    expect(page.locator("#entry thead")).not_to_be_in_viewport()
    card = page.locator("tr.entry-row:has(.value-input)").first
    value = card.locator(".value-input")
    value.scroll_into_view_if_needed()
    box = value.bounding_box()
    assert box["height"] >= 44 and box["width"] > 200
    middle = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    on_top = "([x, y]) => document.elementFromPoint(x, y).classList.contains('value-input')"
    assert page.evaluate(on_top, middle)  # no held column over it
    assert card.locator(".entry-col").evaluate("cell => getComputedStyle(cell, '::before').content") != "none"
    assert card.bounding_box()["width"] <= PHONE["width"]
    assert sideways(page) <= 1
    page.screenshot(path="/tmp/phone-entry.png")


@pytest.mark.django_db(transaction=True)
def test_on_a_phone_the_focal_point_enters_and_submits_the_quarter_and_the_reviewer_accepts_it(
    browser, live_server, agreements
):
    khulna, _ = agreements
    entry = f"{live_server.url}{reverse('indicators:entry', args=[khulna.pk, 3])}"

    # khulna.focal, from the home page through the folded navigation, to the quarter's cards.
    page = browser.new_context(viewport=PHONE).new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(live_server.url)
    log_in(page, "khulna.focal")
    page.get_by_test_id("office-card").get_by_role("link", name="অর্জন লিখুন").click()
    expect(page).to_have_url(entry)
    card = page.locator('tr[data-code="২.৩.১"]')
    card.locator(".value-input").fill("৩৫")
    expect(card.locator(".score-cell .weighted")).to_have_text("৩.৪০")
    card.locator(".save-btn").click()
    expect(card.locator(".row-status")).to_contain_text("সংরক্ষিত")
    saved = Achievement.objects.get(indicator__agreement=khulna, indicator__code="২.৩.১", quarter=3)
    assert saved.value == 35
    assert sideways(page) <= 1

    # A link as evidence, on the indicator's evidence page, and back to the card.
    card.get_by_role("link", name="প্রমাণক যোগ/সরান").click()
    assert sideways(page) <= 1
    page.fill("#id_url", "https://drive.google.com/drive/folders/q3-khulna")
    page.get_by_role("button", name="লিংক যুক্ত করুন").click()
    expect(page.locator("#evidence-items li")).to_have_count(1)
    page.get_by_role("link", name="অর্জনের পাতায় ফিরুন").click()
    expect(page.locator('tr[data-code="২.৩.১"] .evidence-list li')).to_have_count(1)

    page.get_by_role("link", name="প্রতিবেদন দাখিল করুন").click()
    assert sideways(page) <= 1
    page.get_by_role("button", name="বাকি থাকা সত্ত্বেও দাখিল করুন").click()
    expect(page.get_by_test_id("quarter-state")).to_have_attribute("data-open", "0")
    page.context.close()

    # dg.reviewer, through the folded navigation to the workspace, the quarterly reports and the review.
    page = browser.new_context(viewport=PHONE).new_page()
    page.goto(live_server.url)
    log_in(page, "dg.reviewer")
    page.get_by_test_id("nav-toggle").click()
    page.get_by_role("link", name="তত্ত্বাবধান").click()
    page.goto(live_server.url + reverse("agreements:workspace_reports"))
    assert sideways(page) <= 1
    page.get_by_role("link", name="পর্যালোচনা").first.click()
    expect(page).to_have_url(re.compile(reverse("agreements:report_review", args=[khulna.pk, 3])))
    assert sideways(page) <= 1
    accept = page.get_by_role("button", name="প্রতিবেদন গ্রহণ করুন")
    assert accept.bounding_box()["height"] >= 44
    accept.click()
    expect(page).to_have_url(re.compile(reverse("agreements:workspace_reports")))
    report = QuarterlyReport.objects.get(agreement=khulna, quarter=3)
    assert report.status == QuarterlyReportStatus.ACCEPTED


@pytest.mark.django_db(transaction=True)
def test_on_a_desktop_the_navigation_stays_open_and_the_entry_page_keeps_its_table(
    browser, live_server, agreements
):
    khulna, plans = agreements
    page = browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
    page.goto(live_server.url + reverse("indicators:entry", args=[khulna.pk, 3]))
    log_in(page, "khulna.focal")
    expect(page.get_by_test_id("nav-toggle")).to_be_hidden()
    expect(page.get_by_role("button", name="লগ আউট")).to_be_visible()
    expect(page.locator("#entry thead")).to_be_visible()
    assert page.locator("tr.entry-row").first.evaluate("row => getComputedStyle(row).display") == "table-row"
    page.screenshot(path="/tmp/desktop-entry.png")
    plan = plans.governance_plans.order_by("pk").first()
    page.goto(live_server.url + reverse("governance:entry", args=[plans.pk, plan.pk]))
    expect(page.locator("#entry thead")).to_be_visible()
    page.screenshot(path="/tmp/desktop-plan-entry.png")
    page.set_viewport_size(PHONE)
    expect(page.locator("#entry thead")).not_to_be_in_viewport()
    assert page.locator("tr.entry-row").first.evaluate("row => getComputedStyle(row).display") == "flex"
    page.screenshot(path="/tmp/phone-plan-entry.png", full_page=True)
