"""The dashboard of everyone who oversees offices (a supervisor office's people, observers, administrators):
scores by grade, quarterly reports submitted and overdue per quarter, the best and the weakest offices; only
the offices the user oversees, in the same number of queries for 2 and 6 offices."""

from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from indicators.models import Achievement, Indicator, QuarterlyReport, QuarterlyReportStatus
from indicators.scores import refresh_scores

from .conftest import add_quarter_windows, build_agreement
from .factories import OfficeFactory

pytestmark = pytest.mark.django_db
URL = reverse("agreements:dashboard")
QUERY = {"year": "2023", "kind": "progress"}


def reach(agreement, value) -> None:
    """Every indicator of the agreement at `value` in Q1 (targets 500-300: 500 is 100 %, 300 is 60 %)."""
    for indicator in Indicator.objects.filter(agreement=agreement):
        Achievement.objects.create(indicator=indicator, quarter=1, value_number=Decimal(value))
    refresh_scores(agreement=agreement)


def submit(agreement, quarter, status=QuarterlyReportStatus.SUBMITTED) -> None:
    QuarterlyReport.objects.create(agreement=agreement, quarter=quarter, status=status)


@pytest.fixture
def world(agreement_a, agreement_b, other_supervisor_office, fiscal_year, today_in_q3):
    """On 10 Feb 2024 (Q1 and Q2 closed, Q3 open): office A at 70 marks that reported both closed quarters,
    office B at 42 that reported none, and an office of another supervisor office at 56 that reported Q1."""
    add_quarter_windows(fiscal_year)
    reach(agreement_a, 500)
    reach(agreement_b, 300)
    submit(agreement_a, 1, QuarterlyReportStatus.ACCEPTED)
    submit(agreement_a, 2)
    stranger = OfficeFactory(
        code="stranger",
        name_bn="অচেনা অফিস",
        parent=other_supervisor_office,
        supervisor=other_supervisor_office,
    )
    foreign = build_agreement(stranger, other_supervisor_office, fiscal_year)
    reach(foreign, 400)
    submit(foreign, 1)
    return foreign


def counts(response) -> dict:
    return {band.grade.name: band.count for band in response.context["bands"] if band.count}


def quarters(response) -> list[tuple[int, int, int]]:
    return [(q.quarter, q.submitted, q.overdue) for q, *_ in response.context["quarters"]]


def test_it_shows_the_supervisors_own_offices_by_grade_reports_and_rank(client, world, rita):
    client.force_login(rita)
    response = client.get(URL, QUERY)
    assert response.status_code == 200
    assert counts(response) == {"চলতি মান": 1, "চলতি মানের নিম্নে": 1}
    assert quarters(response) == [(1, 1, 1), (2, 1, 1), (3, 0, 0)]
    # With 2 offices both are among the best, and no list of the weakest repeats them.
    [(_, top, _)] = response.context["ranked_lists"]
    assert [row.score.agreement.office.code for row in top] == ["office-a", "office-b"]
    page = response.content.decode()
    assert "অচেনা অফিস" not in page
    assert 'role="img"' in page and "মূল্যায়ন অনুযায়ী অফিসের সংখ্যা: অসাধারণ ০; " in page
    assert '<td data-testid="band-count">১</td>' in page  # the table behind the chart, in Bangla digits


def test_another_supervisor_office_sees_only_its_own(client, world, rex):
    client.force_login(rex)
    response = client.get(URL, QUERY)
    assert counts(response) == {"চলতি মানের নিম্নে": 1}  # 56 marks
    assert quarters(response) == [(1, 1, 0), (2, 0, 1), (3, 0, 0)]
    page = response.content.decode()
    assert "অচেনা অফিস" in page and "জেলা কার্যালয় ক" not in page and "জেলা কার্যালয় খ" not in page


@pytest.mark.parametrize("persona", ["oscar", "ada"])
def test_an_observer_and_an_administrator_see_every_office_below_them(client, request, world, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(URL, QUERY)
    assert sum(counts(response).values()) == 3
    assert quarters(response) == [(1, 2, 1), (2, 1, 2), (3, 0, 0)]


@pytest.mark.parametrize("persona", ["alice", "henry", "bob"])
def test_an_offices_own_people_may_not_read_it(client, request, world, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 403


def test_an_anonymous_visitor_is_sent_to_log_in(client, world):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("login") in response.url


def test_the_navigation_leads_there_for_those_who_oversee_only(client, world, oscar, sam, alice):
    for user, shown in ((oscar, True), (sam, True), (alice, False)):
        client.force_login(user)
        page = client.get(reverse("agreements:home")).content.decode()
        assert ('data-testid="nav-dashboard"' in page) is shown, user


def test_the_weakest_are_listed_worst_first_without_repeating_the_best(
    client, world, supervisor_office, fiscal_year, rita
):
    for n, value in enumerate((480, 460, 440, 420, 400, 380, 360, 340)):
        office = OfficeFactory(code=f"more-{n}", parent=supervisor_office, supervisor=supervisor_office)
        reach(build_agreement(office, supervisor_office, fiscal_year), value)
    client.force_login(rita)
    top, bottom = (rows for _, rows, _ in client.get(URL, QUERY).context["ranked_lists"])
    assert [row.rank for row in top] == [1, 2, 3, 4, 5]
    assert [row.rank for row in bottom] == [10, 9, 8, 7, 6]
    assert bottom[0].score.agreement.office.code == "office-b"


def test_an_unknown_year_falls_back_to_the_latest_with_agreements(client, world, rita):
    client.force_login(rita)
    response = client.get(URL, {"year": "1999", "kind": "nonsense"})
    assert response.status_code == 200 and response.context["year"].start_year == 2023
    assert response.context["kind"] == "progress"  # the default of a year still running


def test_with_nothing_to_oversee_yet_it_says_so(client, oscar):
    client.force_login(oscar)
    response = client.get(URL)
    assert response.status_code == 200 and response.context["year"] is None
    assert "এই অর্থবছরে কোনো স্কোর নেই।" in response.content.decode()


# The session and the user, the memberships, the years, the scores, the agreements, their quarter windows,
# reports and started quarters, and the navigation's counts: none of them once per office.
QUERIES = 12


def test_it_reads_in_the_same_queries_for_2_and_6_offices(
    client, world, supervisor_office, fiscal_year, rita, django_assert_num_queries
):
    client.force_login(rita)
    client.get(URL, QUERY)
    with django_assert_num_queries(QUERIES):
        assert sum(counts(client.get(URL, QUERY)).values()) == 2
    for n in range(4):
        office = OfficeFactory(code=f"more-{n}", parent=supervisor_office, supervisor=supervisor_office)
        agreement = build_agreement(office, supervisor_office, fiscal_year)
        reach(agreement, 350)
        submit(agreement, 1)
    with django_assert_num_queries(QUERIES):
        assert sum(counts(client.get(URL, QUERY)).values()) == 6


def test_in_english_the_grades_quarters_and_numbers_are_english(client, world, rita):
    client.force_login(rita)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(URL, QUERY).content.decode()
    assert "Number of offices by grade: Excellent 0; " in page
    assert "Excellent: 100 or more" in page and "<td>1st quarter</td><td>1</td><td>1</td>" in page
    assert "অসাধারণ" not in page and "১" not in page


def test_a_running_year_opens_on_progress_unless_asked_otherwise(client, world, rita):
    client.force_login(rita)
    # 10 February 2024: 2023-24 runs, and nobody verifies before the year ends (every verified total is 0).
    assert client.get(URL, {"year": "2023"}).context["kind"] == "progress"
    assert client.get(reverse("agreements:ranking"), {"year": "2023"}).context["kind"] == "progress"
    assert client.get(URL, {"year": "2023", "kind": "verified"}).context["kind"] == "verified"


def test_an_ended_year_opens_on_the_verified_score(client, agreement_a, rita, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2024, 7, 15))
    client.force_login(rita)
    assert client.get(URL, {"year": "2023"}).context["kind"] == "verified"
    assert client.get(reverse("agreements:ranking"), {"year": "2023"}).context["kind"] == "verified"
