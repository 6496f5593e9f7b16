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
    assert not Achievement.objects.exists() and not AuditEntry.objects.exists()


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


ENTRY_PAGE_QUERIES = 12


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
    activities, indicators, achievements, evidence, indicator scores, agreement score, unread notifications:
    12, whatever the agreement's size."""
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
    assert f'type="date" class="form-control value-input" id="value-{indicator.pk}"' in page

    response = client.post(u["save"], {"value": "১৫/০২/২০২৪", "revision": "0"}, **JSON)
    assert response.status_code == 200
    assert response.json()["achievement"]["value"] == "2024-02-15"
    assert Achievement.objects.get(indicator=indicator).value == date(2024, 2, 15)
    assert response.json()["raw_display"] == "৯০.০০"
    bad = client.post(u["save"], {"value": "৩১/০২/২০২৪", "revision": "1"}, **JSON)
    assert bad.status_code == 400 and "তারিখটি বোঝা যায়নি" in bad.json()["errors"]["value"][0]
