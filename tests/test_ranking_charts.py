"""The ranking as a chart (each office's bar in the grade bands, its grade and its trend by quarter) and the
score page's charts (each area by name, the total quarter by quarter)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indicators.models import Achievement, Indicator
from indicators.scores import refresh_scores

from .conftest import build_agreement
from .factories import OfficeFactory

pytestmark = pytest.mark.django_db


def report(agreement, *values) -> None:
    """Values of the agreement's first indicator (weight 20, targets 500-300, method sum) for Q1, Q2, ..."""
    indicator = Indicator.objects.filter(agreement=agreement).order_by("code").first()
    for quarter, value in enumerate(values, start=1):
        Achievement.objects.create(indicator=indicator, quarter=quarter, value_number=Decimal(value))
    refresh_scores(agreement=agreement)


def test_it_draws_each_office_with_its_grade_bar_and_trend(client, agreement_a, agreement_b, rita):
    report(agreement_a, 300, 200)  # 60 % of 20 marks after Q1 (12.00), the whole 20 after Q2
    refresh_scores(agreement=agreement_b)
    client.force_login(rita)
    response = client.get(reverse("agreements:ranking"), {"year": "2023", "kind": "progress"})
    rows = {row.score.agreement: row for row in response.context["ranked"]}
    assert rows[agreement_a].trend.reported == (Decimal("12.0000"), Decimal("20.0000"))
    assert rows[agreement_b].trend.reported == ()
    assert rows[agreement_a].grade.name == "চলতি মানের নিম্নে"
    page = response.content.decode()
    first = page.split('data-testid="ranking-row"')[1].split("</tr>")[0]
    assert "জেলা কার্যালয় ক" in first
    assert 'aria-label="ত্রৈমাসিক অনুযায়ী স্কোর: ১ম ত্রৈমাসিক ১২.০০; ২য় ত্রৈমাসিক ২০.০০"' in first
    assert (
        'role="img"' in first and 'class="grade-4"' in first and 'width="32.0"' in first
    )  # 20 of 100 on 160
    assert "<polyline" in first
    assert "অসাধারণ: ১০০ বা বেশি" in page and "চলতি মানের নিম্নে: ৭০-এর নিচে" in page


def test_the_grade_is_the_one_the_total_reaches(client, agreement_a, rita):
    indicators = Indicator.objects.filter(agreement=agreement_a)
    for indicator in indicators:  # every target's best column: 100
        Achievement.objects.create(indicator=indicator, quarter=1, value_number=Decimal(500))
    refresh_scores(agreement=agreement_a)
    client.force_login(rita)
    response = client.get(reverse("agreements:ranking"), {"year": "2023", "kind": "progress"})
    (row,) = response.context["ranked"]
    assert row.score.total == 70 and row.grade.name == "চলতি মান"  # 70 marks: the office areas only


def test_the_ranking_draws_in_the_same_queries_for_2_and_6_offices(
    client, agreement_a, agreement_b, supervisor_office, fiscal_year, rita
):
    for agreement in (agreement_a, agreement_b):
        report(agreement, 300)
    client.force_login(rita)
    url = reverse("agreements:ranking")
    query = {"year": "2023", "kind": "progress"}
    client.get(url, query)
    with CaptureQueriesContext(connection) as two:
        assert len(client.get(url, query).context["ranked"]) == 2
    for n in range(4):
        office = OfficeFactory(code=f"more-{n}", parent=supervisor_office, supervisor=supervisor_office)
        report(build_agreement(office, supervisor_office, fiscal_year), 300, 100)
    with CaptureQueriesContext(connection) as six:
        assert len(client.get(url, query).context["ranked"]) == 6
    assert len(six) == len(two)


def test_the_score_page_names_each_area_and_draws_the_total_by_quarter(client, agreement_a, rita):
    area = agreement_a.areas.order_by("position").first()
    area.title = "ডিজিটাল সেবার প্রসার"
    area.save()
    report(agreement_a, 300, 200)
    client.force_login(rita)
    page = client.get(reverse("agreements:score", args=[agreement_a.pk, "progress"])).content.decode()
    chart = page.split('data-testid="area-chart"')[1].split("</table>")[0]
    assert "[১] ডিজিটাল সেবার প্রসার" in chart and "২০.০০ / ৪০" in chart
    quarters = page.split('data-testid="quarter-chart"')[1].split("</figure>")[0]
    assert "১ম ত্রৈমাসিক ১২.০০; ২য় ত্রৈমাসিক ২০.০০</title>" in quarters
    assert "<td>২য় ত্রৈমাসিক</td><td>২০.০০</td>" in quarters  # the table behind the chart
    assert 'data-testid="score-grade">চলতি মানের নিম্নে<' in page


def test_the_score_page_of_another_supervisors_office_is_hidden(client, agreement_a, rex):
    client.force_login(rex)
    assert client.get(reverse("agreements:score", args=[agreement_a.pk, "progress"])).status_code == 404
