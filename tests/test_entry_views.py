"""The entry page and its endpoints: scope for every persona, saving by script and without, the preview,
an expired session, and a query count that does not grow with the number of indicators."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from agreements.models import AuditEntry
from evidence.models import EvidenceItem, EvidenceKind
from indicators.models import Achievement, QuarterlyReport, QuarterlyReportStatus
from indicators.scores import refresh_scores

from .conftest import build_agreement

pytestmark = pytest.mark.django_db
JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def setup(agreement_a, windows, today_in_q3):
    refresh_scores(agreement=agreement_a)
    return agreement_a


@pytest.fixture
def indicator(setup):
    return setup.indicators.get(code="1.1.1")


def urls(agreement, indicator, quarter=3):
    args = [agreement.pk, quarter]
    return {
        "entry": reverse("indicators:entry", args=args),
        "save": reverse("indicators:save", args=[*args, indicator.pk]),
        "preview": reverse("indicators:preview", args=[*args, indicator.pk]),
        "submit": reverse("indicators:submit", args=args),
        "reopen": reverse("indicators:reopen", args=args),
        "history": reverse("indicators:history", args=[agreement.pk, indicator.pk]),
    }


def login(client, user):
    client.force_login(user)
    return client


# ------------------------------------------------------------------------------------------------
# Scope


@pytest.mark.parametrize(
    ("persona", "reads", "writes", "reopens"),
    [
        ("alice", 200, True, 403),
        ("henry", 200, True, 403),
        ("bob", 404, 404, 404),
        ("rita", 200, 403, 200),
        ("oscar", 200, 403, 403),
    ],
)
def test_each_persona_gets_its_scope(client, request, setup, indicator, persona, reads, writes, reopens):
    user = request.getfixturevalue(persona)
    u = urls(setup, indicator)
    login(client, user)

    for name in ("entry", "history"):
        assert client.get(u[name]).status_code == reads, name
    assert client.get(u["preview"], {"value": "400"}, **JSON).status_code == reads
    save = client.post(u["save"], {"value": "400", "revision": "0"}, **JSON)
    submit_page = client.get(u["submit"])
    if writes is True:
        assert save.status_code == 200 and submit_page.status_code == 200
    else:
        assert save.status_code == writes and submit_page.status_code == writes
        assert client.post(u["submit"]).status_code == writes
        assert not Achievement.objects.exists()
    assert client.get(u["reopen"]).status_code == reopens
    if reopens != 200:
        assert client.post(u["reopen"], {"reason": "x", "until": "2024-03-01"}).status_code == reopens
        assert not QuarterlyReport.objects.filter(status=QuarterlyReportStatus.REOPENED).exists()


def test_an_indicator_of_another_agreement_is_404(client, setup, agreement_b, alice):
    other = agreement_b.indicators.first()
    response = login(client, alice).post(
        reverse("indicators:save", args=[setup.pk, 3, other.pk]), {"value": "1"}, **JSON
    )
    assert response.status_code == 404


def test_an_anonymous_page_request_goes_to_login_and_a_script_gets_401_with_the_way_back(
    client, indicator, setup
):
    u = urls(setup, indicator)
    page = client.get(u["entry"])
    assert page.status_code == 302 and "/accounts/login/" in page.url
    response = client.post(u["save"], {"value": "400"}, **JSON)
    assert response.status_code == 401
    body = response.json()
    assert body["error"] == "session"
    assert body["login_url"].endswith("?next=" + u["entry"].replace("/", "%2F"))


# ------------------------------------------------------------------------------------------------
# Saving


def test_saving_by_script_returns_the_new_score_in_bangla(client, alice, setup, indicator):
    response = login(client, alice).post(
        urls(setup, indicator)["save"], {"value": "৪৭৫", "remarks": "ঠিক আছে", "revision": "0"}, **JSON
    )
    assert response.status_code == 200
    body = response.json()
    assert body["achievement"]["revision"] == 1
    assert body["achievement"]["value_display"] == "৪৭৫"
    assert body["weighted_display"] == "১৯.০০"
    assert body["total_display"] == "১৯.০০"
    assert Achievement.objects.get(indicator=indicator, quarter=3).value == Decimal("475")


def test_bad_input_gets_a_bangla_message_and_changes_nothing(client, alice, setup, indicator):
    response = login(client, alice).post(
        urls(setup, indicator)["save"], {"value": "অনেক", "revision": "0"}, **JSON
    )
    assert response.status_code == 400
    assert "সংখ্যাটি বোঝা যায়নি" in response.json()["errors"]["value"][0]
    assert not Achievement.objects.exists()
    assert not AuditEntry.objects.exclude(action__startswith="account.").exists()  # only the login


def test_without_script_a_failed_save_shows_the_page_again_with_what_was_typed(
    client, alice, setup, indicator
):
    response = login(client, alice).post(
        urls(setup, indicator)["save"], {"value": "১২x", "remarks": "আমার মন্তব্য", "revision": "0"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="১২x"' in html and "আমার মন্তব্য" in html and "সংখ্যাটি বোঝা যায়নি" in html


def test_without_script_a_save_redirects_back_to_the_row(client, alice, setup, indicator):
    response = login(client, alice).post(urls(setup, indicator)["save"], {"value": "400", "revision": "0"})
    assert response.status_code == 302
    assert response.url.endswith(f"#row-{indicator.pk}")


def test_a_conflict_shows_both_values(client, alice, henry, setup, indicator):
    u = urls(setup, indicator)
    login(client, alice).post(u["save"], {"value": "400", "revision": "0"}, **JSON)
    response = login(client, henry).post(u["save"], {"value": "420", "revision": "0"}, **JSON)

    assert response.status_code == 409
    body = response.json()
    assert body["conflict"] is True
    assert body["theirs"]["value_display"] == "৪০০" and body["theirs"]["revision"] == 1
    assert body["mine"]["value"] == "420"
    assert Achievement.objects.get(indicator=indicator, quarter=3).value == Decimal("400")


def test_a_conflict_carries_their_value_as_the_field_shows_it_with_the_rows_stored_score(
    client, alice, henry, setup, indicator
):
    u = urls(setup, indicator)
    login(client, alice).post(u["save"], {"value": "1250", "revision": "0"}, **JSON)
    theirs = login(client, henry).post(u["save"], {"value": "420", "revision": "0"}, **JSON).json()["theirs"]

    assert theirs["input"] == "১,২৫০" and theirs["value"] == "1250"
    assert theirs["annual_display"] == "১,২৫০"
    assert theirs["weighted_display"] == "২০.০০" and theirs["total_display"] == "২০.০০"
    assert theirs["by"] == str(alice)


def test_without_script_a_conflict_shows_their_value_in_the_row_and_lets_the_user_choose(
    client, alice, henry, setup, indicator
):
    u = urls(setup, indicator)
    login(client, alice).post(u["save"], {"value": "400", "remarks": "আলিসের", "revision": "0"})
    login(client, henry)
    response = client.post(u["save"], {"value": "৪২০", "remarks": "হেনরির", "revision": "0"})

    assert response.status_code == 409
    html = response.content.decode()
    row = html[html.index(f'id="row-{indicator.pk}"') :]
    row = row[: row.index("</tr>")]
    assert "৪০০" in row and "আলিসের" in row and 'value="৪২০"' in row and "হেনরির" in row
    assert 'name="overwrite" value="1"' in row and "তাদের মান নিন" in row
    # The row still names the revision henry's page had: sending it again as it is overwrites nothing.
    assert 'name="revision" value="0"' in row
    again = client.post(u["save"], {"value": "৪২০", "remarks": "হেনরির", "revision": "0"})
    assert again.status_code == 409
    assert Achievement.objects.get(indicator=indicator, quarter=3).value == Decimal("400")

    kept = client.post(u["save"], {"value": "৪২০", "remarks": "হেনরির", "revision": "0", "overwrite": "1"})
    assert kept.status_code == 302
    achievement = Achievement.objects.get(indicator=indicator, quarter=3)
    assert (achievement.value, achievement.revision, achievement.updated_by) == (Decimal("420"), 2, henry)


def test_keeping_mine_against_a_revision_that_moved_on_again_is_a_new_conflict(
    client, alice, henry, setup, indicator
):
    u = urls(setup, indicator)
    login(client, alice).post(u["save"], {"value": "400", "revision": "0"}, **JSON)
    client.post(u["save"], {"value": "410", "revision": "1"}, **JSON)
    response = login(client, henry).post(u["save"], {"value": "420", "revision": "0", "overwrite": "1"})
    assert response.status_code == 409
    assert Achievement.objects.get(indicator=indicator, quarter=3).value == Decimal("410")


def test_a_locked_quarter_refuses_saving_with_the_reason(client, alice, setup, indicator):
    QuarterlyReport.objects.create(agreement=setup, quarter=3, status=QuarterlyReportStatus.SUBMITTED)
    response = login(client, alice).post(urls(setup, indicator)["save"], {"value": "400"}, **JSON)
    assert response.status_code == 403
    assert "দাখিল" in response.json()["message"]
    page = client.get(urls(setup, indicator)["entry"]).content.decode()
    assert 'data-open="0"' in page and 'class="entry-form' not in page


def test_the_preview_scores_without_saving(client, alice, setup, indicator):
    response = login(client, alice).get(urls(setup, indicator)["preview"], {"value": "৪৭৫"}, **JSON)
    body = response.json()
    assert body["ok"] and body["weighted_display"] == "১৯.০০" and body["total_display"] == "১৯.০০"
    assert any("রৈখিক" in line for line in body["lines"])
    assert not Achievement.objects.exists()
    bad = client.get(urls(setup, indicator)["preview"], {"value": "abc"}, **JSON)
    assert bad.status_code == 400 and "বোঝা যায়নি" in bad.json()["message"]


@pytest.mark.parametrize(
    ("typed", "message"),
    [("-5", "অর্জন ঋণাত্মক হতে পারে না।"), ("1" * 30, "সংখ্যাটি অনেক বড়।"), ("1.23456", "দশমিকের পরে")],
)
def test_the_preview_refuses_what_the_save_refuses_with_the_same_message(
    client, alice, setup, indicator, typed, message
):
    u = urls(setup, indicator)
    preview = login(client, alice).get(u["preview"], {"value": typed}, **JSON)
    save = client.post(u["save"], {"value": typed, "revision": "0"}, **JSON)

    assert save.status_code == 400 and preview.status_code == 400
    assert preview.json() == {"ok": False, "message": save.json()["errors"]["value"][0]}
    assert message in preview.json()["message"]
    assert not Achievement.objects.exists()


def test_clearing_a_stored_value_answers_that_it_was_removed(client, alice, setup, indicator):
    u = urls(setup, indicator)
    saved = login(client, alice).post(u["save"], {"value": "৪৭৫", "revision": "0"}, **JSON).json()
    assert saved["removed"] is False and saved["message"] == "সংরক্ষিত হয়েছে।"

    cleared = client.post(u["save"], {"value": "", "revision": "1"}, **JSON)

    assert cleared.status_code == 200
    body = cleared.json()
    assert body["removed"] is True and body["message"] == "অর্জন মুছে ফেলা হয়েছে।"
    assert body["weighted_display"] == "০.০০" and body["annual_display"] == ""
    assert Achievement.objects.get(indicator=indicator, quarter=3).value is None
    # A remark changed on a row without a value removes nothing.
    remarked = client.post(u["save"], {"value": "", "remarks": "পরে দেব", "revision": "2"}, **JSON).json()
    assert remarked["removed"] is False and remarked["message"] == "সংরক্ষিত হয়েছে।"


def test_without_script_clearing_a_stored_value_says_it_was_removed(client, alice, setup, indicator):
    u = urls(setup, indicator)
    login(client, alice).post(u["save"], {"value": "৪৭৫", "revision": "0"}, follow=True)
    response = client.post(u["save"], {"value": "", "revision": "1"}, follow=True)
    html = response.content.decode()
    assert "[১.১.১]-এর অর্জন মুছে ফেলা হয়েছে।" in html and "অর্জন সংরক্ষিত হয়েছে" not in html


# ------------------------------------------------------------------------------------------------
# Submission and reopening through the pages


def test_the_submit_page_lists_what_lacks_a_value_or_evidence_then_submits(client, alice, setup, indicator):
    login(client, alice).post(urls(setup, indicator)["save"], {"value": "400", "revision": "0"}, **JSON)
    EvidenceItem.objects.create(
        indicator=indicator, quarter=3, kind=EvidenceKind.LINK, url="https://a.example/x"
    )
    page = client.get(urls(setup, indicator)["submit"])
    gaps = page.context["gaps"]
    assert len(gaps) == setup.indicators.count() - 1
    assert indicator not in [gap.indicator for gap in gaps]

    response = client.post(urls(setup, indicator)["submit"])
    assert response.status_code == 302
    assert QuarterlyReport.objects.get(agreement=setup, quarter=3).status == QuarterlyReportStatus.SUBMITTED


def test_the_reopen_page_keeps_input_on_error_and_reopens(client, rita, setup, indicator):
    QuarterlyReport.objects.create(agreement=setup, quarter=3, status=QuarterlyReportStatus.SUBMITTED)
    u = urls(setup, indicator)
    login(client, rita)
    bad = client.post(u["reopen"], {"reason": "সংশোধন দরকার", "until": "১০/০১/২০২৪"})
    assert bad.status_code == 400 and "সংশোধন দরকার" in bad.content.decode()
    good = client.post(u["reopen"], {"reason": "সংশোধন দরকার", "until": "২০/০২/২০২৪"})
    assert good.status_code == 302
    report = QuarterlyReport.objects.get(agreement=setup, quarter=3)
    assert report.status == QuarterlyReportStatus.REOPENED and report.reopened_until == date(2024, 2, 20)
    assert "সংশোধন দরকার" in client.get(u["entry"]).content.decode()


def test_the_history_shows_who_changed_what(client, alice, setup, indicator):
    u = urls(setup, indicator)
    login(client, alice).post(u["save"], {"value": "400", "revision": "0"}, **JSON)
    client.post(u["save"], {"value": "450", "revision": "1"}, **JSON)
    html = client.get(u["history"]).content.decode()
    assert "৪০০" in html and "৪৫০" in html and str(alice) in html


# ------------------------------------------------------------------------------------------------
# Query count


def fill(agreement):
    for indicator in agreement.indicators.all():
        for quarter in (1, 2, 3):
            Achievement.objects.create(
                indicator=indicator, quarter=quarter, value_number=Decimal(quarter * 10)
            )
        EvidenceItem.objects.create(
            indicator=indicator, quarter=3, kind=EvidenceKind.LINK, url="https://e.example/"
        )
    refresh_scores(agreement=agreement)


ENTRY_PAGE_QUERIES = 16


@pytest.mark.parametrize("indicator_count", [5, 60])
def test_the_entry_page_costs_the_same_queries_for_5_and_60_indicators(
    client,
    office_a,
    supervisor_office,
    fiscal_year,
    windows,
    today_in_q3,
    alice,
    indicator_count,
    django_assert_num_queries,
):
    """Session, the user with their memberships, agreement, window (with whether there is a report), areas,
    activities, indicators, achievements, evidence, indicator scores, agreement score, unread notifications,
    the navigation's count of what waits (agreements, their windows, their reports), the second factor's
    device: 16, whatever the agreement's size."""
    per_area = (indicator_count + 1) // 2
    agreement = build_agreement(office_a, supervisor_office, fiscal_year, indicators_per_area=per_area)
    if agreement.indicators.count() > indicator_count:
        agreement.indicators.order_by("-id").first().delete()
    assert agreement.indicators.count() == indicator_count
    fill(agreement)
    url = reverse("indicators:entry", args=[agreement.pk, 3])
    client.force_login(alice)
    with django_assert_num_queries(ENTRY_PAGE_QUERIES):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count('class="entry-row"') == indicator_count


def test_a_date_indicator_takes_a_bangla_date_and_scores_it(client, alice, setup):
    from indicators.models import Method, ValueType

    indicator = setup.indicators.get(code="2.1.1")
    indicator.value_type = ValueType.DATE
    indicator.method = Method.DATE
    indicator.unit = "তারিখ"
    indicator.targets = ["2024-01-31", "2024-02-15", "2024-02-29", "2024-03-15", "2024-03-31"]
    indicator.save()
    u = urls(setup, indicator)
    login(client, alice)
    page = client.get(u["entry"]).content.decode()
    # A text field for দিন/মাস/বছর on every computer (the calendar is a helper button added by script).
    field = page[page.index(f'id="value-{indicator.pk}"') - 120 :]
    field = field[: field.index(">")]
    assert 'type="text"' in field and "data-date-input" in field and 'placeholder="দিন/মাস/বছর"' in field

    response = client.post(u["save"], {"value": "১৫/০২/২০২৪", "revision": "0"}, **JSON)
    assert response.status_code == 200
    assert response.json()["achievement"]["value"] == "2024-02-15"
    assert Achievement.objects.get(indicator=indicator).value == date(2024, 2, 15)
    assert response.json()["raw_display"] == "৯০.০০"
    assert response.json()["achievement"]["input"] == "১৫/০২/২০২৪"
    assert 'value="১৫/০২/২০২৪"' in client.get(u["entry"]).content.decode()
    ascii_date = client.post(u["save"], {"value": "16/02/2024", "revision": "1"}, **JSON)
    assert ascii_date.status_code == 200
    assert Achievement.objects.get(indicator=indicator).value == date(2024, 2, 16)
    bad = client.post(u["save"], {"value": "৩১/০২/২০২৪", "revision": "2"}, **JSON)
    assert bad.status_code == 400 and "তারিখটি বোঝা যায়নি" in bad.json()["errors"]["value"][0]
    assert Achievement.objects.get(indicator=indicator).value == date(2024, 2, 16)


# ------------------------------------------------------------------------------------------------
# What cannot be filled in, governance rows, the interface in English


def without_method(indicator, q2_value="5"):
    """The indicator as the Khulna seed has it: no calculation method, reported in Q2."""
    indicator.method = ""
    indicator.save()
    Achievement.objects.create(indicator=indicator, quarter=2, value_number=Decimal(q2_value))


def test_the_submit_page_lists_rows_blocked_for_want_of_a_method_apart_with_what_to_do(
    client, alice, setup, indicator
):
    without_method(indicator)
    refresh_scores(agreement=setup)
    page = login(client, alice).get(urls(setup, indicator)["submit"])

    assert [gap.indicator for gap in page.context["blocked"]] == [indicator]
    assert indicator not in [gap.indicator for gap in page.context["gaps"]]
    assert len(page.context["gaps"]) == setup.indicators.count() - 1
    html = page.content.decode()
    blocked = html[html.index('data-testid="blocked-gaps"') :]
    assert "১টি সূচকের অর্জন লেখা যাবে না: চুক্তিতে গণনা পদ্ধতি নেই" in blocked
    assert "এপিএ টিমকে এই সূচকগুলোর গণনা পদ্ধতি যোগ করতে বলুন" in blocked and "[১.১.১]" in blocked


def test_the_head_of_office_submits_the_quarter(client, henry, setup, indicator):
    response = login(client, henry).post(urls(setup, indicator)["submit"])
    assert response.status_code == 302
    report = QuarterlyReport.objects.get(agreement=setup, quarter=3)
    assert (report.status, report.submitted_by) == (QuarterlyReportStatus.SUBMITTED, henry)


def test_a_submit_sent_after_the_session_ended_returns_to_the_submit_page(client, setup, indicator):
    response = client.post(urls(setup, indicator)["submit"])
    assert response.status_code == 302 and response.url.endswith("?next=" + urls(setup, indicator)["submit"])
    assert not QuarterlyReport.objects.exists()


def test_a_governance_row_keeps_the_columns_in_place_and_shows_its_plans_score(client, alice, setup):
    from indicators.models import AreaKind, GovernancePlan, IndicatorScore, ScoreKind, ValueType

    from .factories import ActivityFactory, AreaFactory, IndicatorFactory

    area = AreaFactory(agreement=setup, kind=AreaKind.GOVERNANCE, position=3, code="এম", weight=Decimal("30"))
    activity = ActivityFactory(area=area, position=1, code="এম.১.১")
    governance = IndicatorFactory(
        activity=activity,
        position=1,
        code="এম.১.১.১",
        governance_kind="rti",
        value_type=ValueType.SCORE,
        method="",
        weight=Decimal("3"),
        targets=[],
    )
    plan = GovernancePlan.objects.create(agreement=setup, kind="rti", title_bn="তথ্য অধিকার", total_marks=3)
    refresh_scores(agreement=setup)
    IndicatorScore.objects.filter(indicator=governance, kind=ScoreKind.PROGRESS).update(
        reported=True, annual_value="2.5", raw=Decimal("83.33"), weighted=Decimal("2.5")
    )
    html = login(client, alice).get(reverse("indicators:entry", args=[setup.pk, 3])).content.decode()

    header = html[html.index("<thead>") : html.index("</thead>")]
    row = html[html.index(f'id="row-{governance.pk}"') :]
    row = row[: row.index("</tr>")]
    office_row = html[html.index('class="entry-row"') :]
    office_row = office_row[: office_row.index("</tr>")]
    assert row.count("<td") == office_row.count("<td") == header.count("<th ")
    annual = row[row.index("annual-cell") :]
    assert "কর্মপরিকল্পনার স্কোর ২.৫০" in annual and "প্রতিবেদিত হয়নি" not in annual
    assert reverse("governance:entry", args=[setup.pk, plan.pk]) + "?quarter=3" in annual


def test_in_english_the_blocked_codes_are_in_ascii_digits(client, alice, setup):
    from django.conf import settings
    from django.utils import translation

    indicator = setup.indicators.get(code="1.1.1")
    indicator.code = "১.১.১"  # as the seed documents write codes
    indicator.save()
    without_method(indicator)
    refresh_scores(agreement=setup)
    login(client, alice).cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("bn"):
        html = client.get(reverse("indicators:entry", args=[setup.pk, 3])).content.decode()
    warning = html[html.index('data-testid="method-missing"') :]
    warning = warning[: warning.index("</div>")]
    assert "[1.1.1]" in warning and "১" not in warning
