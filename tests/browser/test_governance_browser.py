"""The governance pages in a real browser (Debian's chromium): an office enters the integrity plan's
quarterly achievements and sees the score; an administrator opens a template. Screenshots go to /tmp."""

from datetime import date

import pytest
from django.urls import reverse

from agreements.models import AgreementStatus, FiscalYear
from indicators import governance_services as services
from indicators.models import PlanItemAchievement
from tests.conftest import PASSWORD
from tests.factories import AgreementFactory

from .conftest import log_in


@pytest.fixture
def page(browser):
    return browser.new_page(viewport={"width": 1280, "height": 900})


def log_in_as(page, live_server, user):
    page.goto(f"{live_server.url}{reverse('login')}")
    log_in(page, user.username, PASSWORD)


@pytest.mark.django_db(transaction=True)
def test_an_office_enters_integrity_achievements_in_the_browser(
    page, live_server, seeded, office_a, supervisor_office, alice, monkeypatch
):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2024, 9, 20))
    agreement = AgreementFactory(
        office=office_a,
        supervisor_office=supervisor_office,
        fiscal_year=FiscalYear.objects.get(start_year=2024),
        status=AgreementStatus.DRAFT,
    )
    services.plans_instantiate(agreement=agreement, actor=None)
    agreement.status = AgreementStatus.ACTIVE
    agreement.save()
    integrity = agreement.governance_plans.get(kind="integrity")
    meeting = integrity.items.get(activity_code="১.১")
    purchase = integrity.items.get(activity_code="২.১")

    log_in_as(page, live_server, alice)
    page.goto(f"{live_server.url}{reverse('governance:entry', args=[agreement.pk, integrity.pk])}?quarter=1")
    page.fill(f"#id_item-{meeting.pk}-value", "১")
    page.fill(f"#id_item-{purchase.pk}-value", "৩২/০৭/২০২৪")  # a typing slip
    with page.expect_navigation():
        page.click("text=অর্জন সংরক্ষণ করুন")
    assert "সঠিক তারিখ লিখুন" in page.content()
    assert "১ টি অর্জন সংরক্ষিত হয়েছে; ১ টি সারিতে ভুল আছে" in page.content()
    assert page.input_value(f"#id_item-{meeting.pk}-value") == "১"  # nothing typed is lost
    page.screenshot(path="/tmp/governance_entry_error.png", full_page=True)

    page.fill(f"#id_item-{purchase.pk}-value", "২৮/০৭/২০২৪")
    with page.expect_navigation():
        page.click("text=অর্জন সংরক্ষণ করুন")
    page.screenshot(path="/tmp/governance_entry_saved.png", full_page=True)
    assert "১ টি অর্জন সংরক্ষিত হয়েছে" in page.content()
    assert PlanItemAchievement.objects.filter(item__plan=integrity).count() == 2

    page.goto(f"{live_server.url}{reverse('governance:plans', args=[agreement.pk])}")
    assert "কর্মপরিকল্পনার স্কোর ২.৫০, মোট ১০-এর মধ্যে।" in page.content()
    page.locator(f"#item-{meeting.pk} summary").click()
    page.locator(f"#plan-{integrity.pk}").scroll_into_view_if_needed()
    page.screenshot(path="/tmp/governance_plans.png", full_page=True)


@pytest.mark.django_db(transaction=True)
def test_an_administrator_opens_the_years_templates(page, live_server, seeded, ada):
    log_in_as(page, live_server, ada)
    page.goto(f"{live_server.url}{reverse('governance:year', args=[2024])}")
    assert "তথ্য অধিকার" in page.content()
    page.screenshot(path="/tmp/governance_year.png", full_page=True)
    with page.expect_navigation():
        page.click("text=জাতীয় শুদ্ধাচার কৌশল")
    assert "সূচকসমূহ" in page.content()
    page.screenshot(path="/tmp/governance_template.png", full_page=True)


@pytest.mark.django_db(transaction=True)
def test_what_was_typed_survives_an_expired_session(
    page, live_server, seeded, office_a, supervisor_office, alice, monkeypatch
):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2024, 9, 20))
    agreement = AgreementFactory(
        office=office_a,
        supervisor_office=supervisor_office,
        fiscal_year=FiscalYear.objects.get(start_year=2024),
        status=AgreementStatus.DRAFT,
    )
    services.plans_instantiate(agreement=agreement, actor=None)
    agreement.status = AgreementStatus.ACTIVE
    agreement.save()
    integrity = agreement.governance_plans.get(kind="integrity")
    meeting = integrity.items.get(activity_code="১.১")
    entry = f"{live_server.url}{reverse('governance:entry', args=[agreement.pk, integrity.pk])}?quarter=1"

    log_in_as(page, live_server, alice)
    page.goto(entry)
    page.fill(f"#id_item-{meeting.pk}-value", "১")
    page.fill(f"#id_item-{meeting.pk}-remarks", "নৈতিকতা কমিটির সভা")
    from django.contrib.sessions.models import Session

    Session.objects.all().delete()  # the session expires on the server while the page is open
    with page.expect_navigation():
        page.click("text=অর্জন সংরক্ষণ করুন")
    assert "/accounts/login/" in page.url
    log_in(page, alice.username, PASSWORD)
    page.goto(entry)
    assert page.input_value(f"#id_item-{meeting.pk}-value") == "১"
    assert page.input_value(f"#id_item-{meeting.pk}-remarks") == "নৈতিকতা কমিটির সভা"
    assert page.is_visible("#drafts-restored")
    page.screenshot(path="/tmp/governance_restored.png")
    with page.expect_navigation():
        page.click("text=অর্জন সংরক্ষণ করুন")
    assert PlanItemAchievement.objects.get(item=meeting, quarter=1).remarks == "নৈতিকতা কমিটির সভা"
    page.goto(entry)
    assert not page.is_visible("#drafts-restored")
