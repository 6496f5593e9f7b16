"""The charts in a real browser on the seeds: the dashboard and the ranking for the supervisor office's head
and the observer, at 390 px (nothing scrolls sideways, the charts fit the screen) and on a desktop, with the
page's Content-Security-Policy intact (the browser fixture fails on any blocked style). Each page is
photographed: into a temporary folder, or into docs/screenshots/ when APA_SCREENSHOTS names it
(scripts/screenshots.py)."""

import os
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from agreements.models import Agreement, FiscalYear, Office
from indicators.models import Achievement, Indicator, QuarterlyReport, QuarterlyReportStatus
from indicators.scores import refresh_scores

from ..conftest import build_agreement
from ..factories import ActivityFactory, AreaFactory, IndicatorFactory, OfficeFactory
from .conftest import log_in, sync_api
from .test_phone_layout import PHONE, sideways

expect = sync_api.expect
DESKTOP = {"width": 1366, "height": 768}
YEAR = "?year=2023&kind=progress"


# Seven more district offices of the ICT directorate in 2023-24 beside the seeded Khulna: their two closed
# quarters' values (targets 500-300, method sum) and whether each quarter's report was submitted.
DISTRICTS = [
    ("যশোর", 260, 240, True, True),  # 500: 100 marks
    ("সাতক্ষীরা", 250, 220, True, True),  # 470: 94
    ("বাগেরহাট", 240, 190, True, False),  # 430: 86
    ("কুষ্টিয়া", 200, 180, True, True),  # 380: 76
    ("নড়াইল", 180, 160, False, True),  # 340: 68
    ("মাগুরা", 160, 150, True, False),  # 310: 62
    ("চুয়াডাঙ্গা", 170, 150, False, False),  # 320: 64
]


@pytest.fixture
def shots(tmp_path) -> Path:
    return Path(os.environ.get("APA_SCREENSHOTS") or tmp_path)


@pytest.fixture
def districts(seeded):
    directorate = Office.objects.get(code="ict-dg")
    year = FiscalYear.objects.get(start_year=2023)
    for n, (name, q1, q2, *submitted) in enumerate(DISTRICTS):
        office = OfficeFactory(
            code=f"ict-dc-{n}", name_bn=f"জেলা কার্যালয়, {name}", parent=directorate, supervisor=directorate
        )
        agreement = build_agreement(office, directorate, year, indicators_per_area=1)
        # A third area of 30 marks stands for the governance area, so that a total can reach 100.
        area = AreaFactory(agreement=agreement, position=3, code="3", weight=Decimal(30))
        IndicatorFactory(activity=ActivityFactory(area=area, position=1, code="3.1"), code="3.1.1", weight=30)
        for indicator in Indicator.objects.filter(agreement=agreement):
            for quarter, value in ((1, q1), (2, q2)):
                Achievement.objects.create(indicator=indicator, quarter=quarter, value_number=value)
        for quarter, done in enumerate(submitted, start=1):
            if done:
                QuarterlyReport.objects.create(
                    agreement=agreement, quarter=quarter, status=QuarterlyReportStatus.SUBMITTED
                )
        refresh_scores(agreement=agreement)


@pytest.mark.django_db(transaction=True)
def test_the_dashboard_and_the_ranking_fit_a_phone_and_draw_on_a_desktop(
    browser, live_server, districts, today_in_q3, shots
):
    khulna = Agreement.objects.get(office__code="ict-dc-khulna", is_current=True)
    dashboard = live_server.url + reverse("agreements:dashboard") + YEAR
    ranking = live_server.url + reverse("agreements:ranking") + YEAR
    score = live_server.url + reverse("agreements:score", args=[khulna.pk, "progress"])

    page = browser.new_context(viewport=DESKTOP).new_page()
    page.goto(live_server.url + reverse("login"))
    log_in(page, "dg.head")
    page.get_by_test_id("nav-dashboard").click()
    expect(page.get_by_role("heading", name="মূল্যায়ন অনুযায়ী অফিসের সংখ্যা")).to_be_visible()
    page.goto(dashboard)
    expect(page.get_by_test_id("distribution").locator("svg[role=img]")).to_be_visible()
    expect(page.get_by_test_id("top-offices").locator("tbody tr")).to_have_count(5)
    expect(page.get_by_test_id("bottom-offices").locator("tbody tr")).to_have_count(3)
    expect(page.get_by_test_id("band-count")).to_have_text(["১", "১", "১", "১", "৪"])
    page.screenshot(path=shots / "dashboard.png", full_page=True)
    page.goto(ranking)
    expect(page.get_by_test_id("ranking-row")).to_have_count(8)
    row = page.get_by_test_id("ranking-row").first
    expect(row.locator("svg.score-bar")).to_be_visible()
    expect(row.get_by_test_id("grade")).to_have_text("অসাধারণ")
    expect(row.get_by_test_id("trend")).to_have_attribute("aria-label", re.compile("^ত্রৈমাসিক অনুযায়ী স্কোর: ১ম"))
    page.screenshot(path=shots / "ranking.png", full_page=True)
    page.context.close()

    for username, paths in (("dg.head", (dashboard, ranking, score)), ("ict.observer", (dashboard, score))):
        page = browser.new_context(viewport=PHONE).new_page()
        page.goto(live_server.url + reverse("login"))
        log_in(page, username)
        for url in paths:
            assert page.goto(url).ok, (username, url)
            assert sideways(page) <= 1, (username, url)
            for chart in page.locator("main svg[role=img]").all():
                box = chart.bounding_box()
                assert box is None or box["x"] + box["width"] <= PHONE["width"], (username, url)
        page.context.close()

    # The office's home card: its areas by name on a phone. Then the phone entry page the README shows beside
    # the charts: Khulna's third quarter, one card per indicator.
    page = browser.new_context(viewport=PHONE).new_page()
    page.goto(live_server.url + reverse("login"))
    log_in(page, "khulna.focal")
    expect(page.get_by_test_id("area-bar").first).to_be_visible()
    assert sideways(page) <= 1
    page.goto(live_server.url + reverse("indicators:entry", args=[khulna.pk, 3]))
    card = page.locator('tr[data-code="২.৩.১"]')
    expect(card.locator(".value-input")).to_be_visible()
    # At once: Bootstrap scrolls smoothly, and the picture would catch it half-way.
    card.evaluate(
        "row => scrollTo({top: row.getBoundingClientRect().top + scrollY - 80, behavior: 'instant'})"
    )
    page.screenshot(path=shots / "phone-entry.png")
