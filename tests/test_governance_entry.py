"""The plan entry page, as the Section 3 entry page: allowed / 403 / 404, the preview that saves nothing, a
row saved as JSON for the page's script or with a redirect without it, a colleague's save shown beside the
typed value, an expired session, evidence, the annual self-assessment, and the query count."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from agreements.models import AgreementStatus, FiscalYear
from indicators.governance import services
from indicators.models import (
    IndicatorScore,
    PlanItemAchievement,
    QuarterlyReport,
    QuarterlyReportStatus,
    ScoreKind,
)

from .conftest import PASSWORD
from .factories import agreement_with_plans, governance_indicator

JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def active(seeded, office_a, supervisor_office):
    year = FiscalYear.objects.get(start_year=2024)
    return agreement_with_plans(office_a, supervisor_office, year, AgreementStatus.ACTIVE)


@pytest.fixture
def with_indicator(active):
    indicator = governance_indicator(active, "integrity")
    from indicators.scores import refresh_scores

    refresh_scores(agreement=active)
    return indicator


@pytest.fixture
def in_q1(monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2024, 9, 20))


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def integrity(agreement):
    return agreement.governance_plans.get(kind="integrity")


def row_url(agreement, item, action, quarter=1):
    return reverse(f"governance:entry_{action}", args=[agreement.pk, item.plan_id, quarter, item.pk])


def test_the_entry_page_roles(client, active, alice, rita, oscar, bob, in_q1):
    plan = integrity(active)
    meeting = plan.items.get(activity_code="১.১")
    page = reverse("governance:entry", args=[active.pk, plan.pk]) + "?quarter=1"
    save = row_url(active, meeting, "save")
    assert login(client, alice).get(page).status_code == 200
    assert login(client, rita).get(page).status_code == 200  # the supervisor reads
    for user in (rita, oscar):
        assert login(client, user).post(save, {"value": "1", "revision": "0"}).status_code == 403
    assert login(client, bob).get(page).status_code == 404
    assert login(client, bob).post(save, {"value": "1", "revision": "0"}).status_code == 404
    assert login(client, bob).get(row_url(active, meeting, "preview") + "?value=1").status_code == 404
    assert not PlanItemAchievement.objects.filter(item__plan__agreement=active).exists()


def test_the_entry_page_is_the_section_3_page_for_the_plan(
    client, active, alice, in_q1, with_indicator, django_assert_max_num_queries
):
    plan = integrity(active)
    login(client, alice)
    with django_assert_max_num_queries(25):
        html = client.get(
            reverse("governance:entry", args=[active.pk, plan.pk]) + "?quarter=1"
        ).content.decode()
    assert 'id="entry"' in html and 'class="entry-form"' in html and "js/entry.js" in html
    assert 'data-testid="plan-score"' in html and 'data-live="indicator"' in html
    assert html.count('class="entry-form"') == plan.items.count()  # one form per row, as in Section 3


def test_typing_previews_the_item_the_plan_and_the_section_3_indicator_without_saving(
    client, active, alice, in_q1, with_indicator
):
    meeting = integrity(active).items.get(activity_code="১.১")  # weight 2, one meeting a quarter
    response = login(client, alice).get(row_url(active, meeting, "preview") + "?value=১", **JSON)
    data = response.json()
    assert response.status_code == 200 and data["ok"]
    assert (data["weighted_display"], data["annual_display"], data["total_display"]) == ("০.৫০", "১", "০.৫০")
    assert data["live"] == {"indicator": "০.৫০", "agreement": "০.৫০"}  # 0.5 of 10 marks → 0.5 of 10
    assert data["lines"] == ["অর্জন ১ ÷ লক্ষ্যমাত্রা ৪ (সর্বোচ্চ ১); ২ × ২৫% = ০.৫০"]
    assert not PlanItemAchievement.objects.filter(item__plan__agreement=active).exists()
    bad = client.get(row_url(active, meeting, "preview") + "?value=অনেক", **JSON)
    assert (
        bad.status_code == 400 and bad.json()["message"] == "সংখ্যাটি বোঝা যায়নি। কেবল অঙ্ক লিখুন, যেমন ১২৫ বা ৮৪.৫।"
    )


def test_a_row_saves_as_json_and_answers_with_the_new_scores(client, active, alice, in_q1, with_indicator):
    meeting = integrity(active).items.get(activity_code="১.১")
    response = login(client, alice).post(
        row_url(active, meeting, "save"), {"value": "১", "remarks": "সভা", "revision": "0"}, **JSON
    )
    data = response.json()
    assert response.status_code == 200 and data["ok"]
    assert data["achievement"]["revision"] == 1 and data["achievement"]["remarks"] == "সভা"
    assert (data["weighted_display"], data["total_display"], data["live"]["indicator"]) == (
        "০.৫০",
        "০.৫০",
        "০.৫০",
    )
    stored = IndicatorScore.objects.get(indicator=with_indicator, kind=ScoreKind.PROGRESS)
    assert stored.weighted == Decimal("0.5")  # the Section 3 indicator follows inside the save


def test_a_colleagues_save_in_between_is_a_conflict_showing_both_values(client, active, alice, henry, in_q1):
    meeting = integrity(active).items.get(activity_code="১.১")
    services.plan_item_achievement_record(item=meeting, quarter=1, value="1", remarks="হেনরি", actor=henry)
    response = login(client, alice).post(
        row_url(active, meeting, "save"), {"value": "২", "remarks": "", "revision": "0"}, **JSON
    )
    data = response.json()
    assert response.status_code == 409 and data["conflict"]
    assert (data["mine"]["value"], data["theirs"]["value_display"], data["theirs"]["remarks"]) == (
        "২",
        "১",
        "হেনরি",
    )
    assert data["message"].startswith("আপনি পাতাটি খোলার পরে henry এই সূচকের অর্জন পরিবর্তন করেছেন।")
    # Without the script: the page again, the typed value in the field, the saved one beside it.
    page = client.post(row_url(active, meeting, "save"), {"value": "২", "remarks": "", "revision": "0"})
    html = page.content.decode()
    assert page.status_code == 409 and 'value="২"' in html and "সংরক্ষিত মান" in html and "হেনরি" in html
    assert PlanItemAchievement.objects.get(item=meeting, quarter=1).value_number == 1


@pytest.mark.parametrize(
    ("typed", "message"),
    [("-1", "অর্জন ঋণাত্মক হতে পারে না।"), ("1" * 30, "সংখ্যাটি অনেক বড়।"), ("1.23456", "দশমিকের পরে")],
)
def test_the_preview_refuses_what_the_save_refuses_with_the_same_message(
    client, active, alice, in_q1, typed, message
):
    meeting = integrity(active).items.get(activity_code="১.১")
    login(client, alice)
    preview = client.get(row_url(active, meeting, "preview"), {"value": typed}, **JSON)
    save = client.post(row_url(active, meeting, "save"), {"value": typed, "revision": "0"}, **JSON)

    assert preview.status_code == 400 and save.status_code == 400
    assert preview.json() == {"ok": False, "message": save.json()["errors"]["value"][0]}
    assert message in preview.json()["message"]
    assert not PlanItemAchievement.objects.filter(item=meeting).exists()


def test_clearing_a_stored_value_answers_that_it_was_removed(client, active, alice, in_q1):
    meeting = integrity(active).items.get(activity_code="১.১")
    login(client, alice)
    saved = client.post(row_url(active, meeting, "save"), {"value": "১", "revision": "0"}, **JSON).json()
    assert saved["removed"] is False and saved["message"] == "সংরক্ষিত হয়েছে।"

    cleared = client.post(row_url(active, meeting, "save"), {"value": "", "revision": "1"}, **JSON).json()

    assert cleared["removed"] is True and cleared["message"] == "অর্জন মুছে ফেলা হয়েছে।"
    assert cleared["weighted_display"] == "০.০০"
    assert PlanItemAchievement.objects.get(item=meeting, quarter=1).value_number is None
    page = client.post(row_url(active, meeting, "save"), {"value": "", "revision": "2"}, follow=True)
    assert "অর্জন মুছে ফেলা হয়েছে" not in page.content.decode()  # nothing stored was removed this time
    client.post(row_url(active, meeting, "save"), {"value": "১", "revision": "3"})
    page = client.post(row_url(active, meeting, "save"), {"value": "", "revision": "4"}, follow=True)
    assert "[১.১]-এর অর্জন মুছে ফেলা হয়েছে।" in page.content.decode()
    # The page's script asks before it sends a blank over a stored value (tests/browser/test_entry_seams.py).
    assert 'data-msg-confirm-clear="এই ত্রৈমাসিকের সংরক্ষিত অর্জন মুছে ফেলবেন?"' in page.content.decode()


def test_a_conflict_answers_with_the_rows_stored_figures(client, active, alice, henry, in_q1, with_indicator):
    meeting = integrity(active).items.get(activity_code="১.১")
    services.plan_item_achievement_record(item=meeting, quarter=1, value="4", remarks="", actor=henry)
    login(client, alice)
    preview = client.get(row_url(active, meeting, "preview"), {"value": "১"}, **JSON).json()
    theirs = client.post(
        row_url(active, meeting, "save"), {"value": "১", "remarks": "", "revision": "0"}, **JSON
    ).json()["theirs"]

    # What is stored (henry's 4 of 4 meetings: full marks), not what alice's 1 would have scored.
    assert preview["weighted_display"] == "০.৫০"
    figures = (theirs["annual_display"], theirs["weighted_display"], theirs["total_display"])
    assert figures == ("৪", "২.০০", "২.০০")
    assert theirs["live"] == {"indicator": "২.০০", "agreement": "২.০০"}


def test_without_the_script_a_row_saves_with_a_redirect_and_an_error_keeps_what_was_typed(
    client, active, alice, in_q1
):
    plan = integrity(active)
    register = plan.items.get(activity_code="৩.১")
    login(client, alice)
    page = client.post(row_url(active, register, "save"), {"value": "১৫০", "remarks": "", "revision": "0"})
    assert page.status_code == 400
    html = page.content.decode()
    assert "শতাংশ ১০০-এর বেশি হতে পারে না" in html and 'value="১৫০"' in html
    assert not PlanItemAchievement.objects.filter(item=register).exists()
    response = client.post(
        row_url(active, register, "save"), {"value": "১০০", "remarks": "", "revision": "0"}
    )
    assert response.status_code == 302 and response.url.endswith(f"?quarter=1#row-{register.pk}")
    assert PlanItemAchievement.objects.get(item=register, quarter=1).value_number == 100


def test_a_percentage_planned_per_quarter_totals_as_it_scores(client, active, alice, in_q1):
    """One quarter at 100% of a register kept every quarter is a quarter of the year: the total column says
    25% of 100%, as the score counts it (0.5 of 2), not the average of the reported quarters (100%)."""
    register = integrity(active).items.get(activity_code="৩.১")
    data = (
        login(client, alice)
        .post(row_url(active, register, "save"), {"value": "১০০", "remarks": "", "revision": "0"}, **JSON)
        .json()
    )
    assert (data["annual_display"], data["weighted_display"]) == ("২৫%", "০.৫০")
    html = client.get(reverse("governance:plans", args=[active.pk])).content.decode()
    assert "অর্জন ২৫% ÷ লক্ষ্যমাত্রা ১০০% (সর্বোচ্চ ১); ২ × ২৫% = ০.৫০" in html


def test_a_closed_quarter_refuses_a_save_and_an_expired_session_gets_the_login_page(
    client, active, alice, in_q1
):
    meeting = integrity(active).items.get(activity_code="১.১")
    login(client, alice)
    page = client.get(reverse("governance:entry", args=[active.pk, meeting.plan_id]) + "?quarter=2")
    # The same sentence as Section 3's (one locking rule): it says when the quarter opens.
    assert "এই ত্রৈমাসিকের অর্জন লেখা শুরু হবে" in page.content.decode()
    refused = client.post(row_url(active, meeting, "save", 2), {"value": "1", "revision": "0"}, **JSON)
    assert refused.status_code == 403 and refused.json()["locked"]
    client.logout()
    expired = client.post(row_url(active, meeting, "save"), {"value": "1", "revision": "0"}, **JSON)
    assert expired.status_code == 401
    assert expired.json()["login_url"].endswith(
        f"next=%2Fgovernance%2Fagreements%2F{active.pk}%2Fplans%2F{meeting.plan_id}%2Fentry%2F%3Fquarter%3D1"
    )
    assert not PlanItemAchievement.objects.filter(item__plan__agreement=active).exists()


def test_evidence_is_added_and_removed_from_the_entry_page(client, active, alice, bob, rita, in_q1):
    plan = integrity(active)
    meeting = plan.items.get(activity_code="১.১")
    add = reverse("governance:evidence_add", args=[active.pk, meeting.pk])
    assert login(client, bob).post(add, {"quarter": "1", "url": "https://example.org/x"}).status_code == 404
    assert login(client, rita).post(add, {"quarter": "1", "url": "https://example.org/x"}).status_code == 403
    login(client, alice)
    response = client.post(
        add, {"quarter": "1", "url": "https://example.org/minutes", "description": "কার্যবিবরণী"}
    )
    assert response.status_code == 302
    evidence = meeting.evidence.get()
    entry = reverse("governance:entry", args=[active.pk, plan.pk]) + "?quarter=1"
    assert "কার্যবিবরণী" in client.get(entry).content.decode()
    client.post(reverse("governance:evidence_remove", args=[active.pk, meeting.pk, evidence.pk]))
    evidence.refresh_from_db()
    assert evidence.removed_at is not None
    assert "কার্যবিবরণী" not in client.get(entry).content.decode()


def test_a_link_sent_from_a_page_left_open_after_submission_says_it_was_not_added_and_why(
    client, active, alice, in_q1
):
    meeting = integrity(active).items.get(activity_code="১.১")
    login(client, alice)
    QuarterlyReport.objects.create(agreement=active, quarter=1, status=QuarterlyReportStatus.SUBMITTED)
    add = reverse("governance:evidence_add", args=[active.pk, meeting.pk])
    response = client.post(add, {"quarter": "1", "url": "https://drive.example/q1"}, follow=True)

    html = response.content.decode()
    assert "লিংকটি যুক্ত হয়নি: প্রতিবেদন দাখিল করা হয়েছে; ত্রৈমাসিকটি বন্ধ।" in html
    assert "যে লিংকটি দিয়েছিলেন: https://drive.example/q1" in html
    assert not meeting.evidence.exists()


def test_an_evidence_file_is_downloaded_within_scope_only(
    client, active, alice, rita, bob, in_q1, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    meeting = integrity(active).items.get(activity_code="১.১")
    evidence = services.plan_item_evidence_add(
        item=meeting,
        quarter=1,
        actor=alice,
        file=SimpleUploadedFile("সভা.pdf", b"%PDF minutes", "application/pdf"),
    )
    url = reverse("governance:evidence_download", args=[active.pk, meeting.pk, evidence.pk])
    for user in (alice, rita):
        response = login(client, user).get(url)
        assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF minutes"
        assert response["Content-Disposition"].startswith("attachment")
    assert login(client, bob).get(url).status_code == 404
    services.plan_item_evidence_remove(evidence=evidence, actor=alice)
    assert login(client, alice).get(url).status_code == 404


def test_the_self_assessment_claim_is_saved_and_shown_against_the_computed_score(
    client, active, alice, in_q1
):
    meeting = integrity(active).items.get(activity_code="১.১")
    login(client, alice)
    url = reverse("governance:self_assessment", args=[active.pk, meeting.pk])
    client.post(url, {f"sa-{meeting.pk}-claimed_score": "২", f"sa-{meeting.pk}-achievement_text": "চারটি সভা"})
    meeting.refresh_from_db()
    assert meeting.claimed_score == 2
    page = client.get(reverse("governance:plans", args=[active.pk]) + "?kind=claimed").content.decode()
    assert "কেবল বিবরণ" in page  # no value recorded: the claim rests on the text until verified
    assert "দাবিকৃত স্কোর ২.০০; লিপিবদ্ধ অর্জন থেকে গণনাকৃত স্কোর ০.০০।" in page


def test_a_date_item_is_typed_as_day_month_year_and_saved(client, active, alice, in_q1):
    """Issue 13, defect 1: the plan's save read every value as a number, so no date item could be saved; and
    the browser's own date box read 07/12 month first in an English browser."""
    dated = integrity(active).items.get(activity_code="২.১")
    assert dated.target_type == "date"
    login(client, alice)
    page = client.get(reverse("governance:entry", args=[active.pk, dated.plan_id]) + "?quarter=1")
    html = page.content.decode()
    field = html[html.index(f'id="value-{dated.pk}"') - 200 : html.index(f'id="value-{dated.pk}"')]
    assert 'type="text"' in field and 'type="date"' not in field
    saved = client.post(row_url(active, dated, "save"), {"value": "০৭/০৯/২০২৪", "revision": "0"}, **JSON)
    assert saved.status_code == 200, saved.content.decode()
    assert PlanItemAchievement.objects.get(item=dated, quarter=1).value_date == date(2024, 9, 7)
    # Day first, whatever the browser's language: 07/09 is the 7th of September, never 9 July.
    again = client.post(row_url(active, dated, "save"), {"value": "9/7/2024", "revision": "1"}, **JSON)
    assert again.status_code == 200
    assert PlanItemAchievement.objects.get(item=dated, quarter=1).value_date == date(2024, 7, 9)
    refused = client.post(row_url(active, dated, "save"), {"value": "31/02/2024", "revision": "2"}, **JSON)
    assert refused.status_code == 400 and "তারিখটি বোঝা যায়নি" in refused.json()["errors"]["value"][0]
    assert PlanItemAchievement.objects.get(item=dated, quarter=1).value_date == date(2024, 7, 9)


def test_the_plans_page_opens_entry_on_the_quarter_open_now(client, active, alice, monkeypatch):
    """Issue 13, defect 2: "ত্রৈমাসিক অর্জন লিখুন" opened quarter 1 even when only quarter 2 was open."""
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2024, 11, 20))  # Q1 closed, Q2 open
    plan = integrity(active)
    html = login(client, alice).get(reverse("governance:plans", args=[active.pk])).content.decode()
    assert reverse("governance:entry", args=[active.pk, plan.pk]) + "?quarter=2" in html
    page = client.get(reverse("governance:entry", args=[active.pk, plan.pk]))
    assert page.context["quarter"] == 2


def test_the_plan_page_keeps_drafts_under_the_users_own_key(client, active, alice, in_q1):
    """Drafts of typed values were kept under "undefined<row>", shared by everyone on the computer and never
    cleared on logging out; now under the prefix the logout form clears, as on Section 3's page."""
    plan = integrity(active)
    html = login(client, alice).get(reverse("governance:entry", args=[active.pk, plan.pk]) + "?quarter=1")
    content = html.content.decode()
    prefix = f'data-draft-prefix="apa-entry:{alice.pk}:{active.pk}-plan{plan.pk}:1:"'
    assert prefix in content
    assert f'data-drafts="apa-entry:{alice.pk}:"' in content  # what logging out clears
