"""The incremental refresh of a save stores exactly what the full refresh stores, and writes only what
changed."""

import random
from datetime import date, timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators import scores, services
from indicators.models import (
    Achievement,
    AgreementScore,
    AreaKind,
    GovernancePlan,
    Indicator,
    IndicatorScore,
    PlanItem,
    PlanItemScoring,
    ScoreKind,
    ValueType,
    VerificationStatus,
)
from indicators.scores import refresh_scores
from indicators.verification import achievement_verify

from .factories import ActivityFactory, AreaFactory, IndicatorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mixed(agreement_a, windows, today_in_q3, rita):
    """agreement_a's two office areas, plus an area of every calculation method and direction, an empty
    area and a governance area whose plan claims more than it computes; earlier quarters reported, some
    verified."""
    area = AreaFactory(agreement=agreement_a, code="3", position=3, weight=Decimal("20"))
    activity = ActivityFactory(area=area, code="3.1", position=1)
    specs = [
        ("average", ValueType.NUMBER, Decimal("4.33"), ["90", "85", "80", "75", "70"]),
        ("cumulative", ValueType.NUMBER, Decimal("3.5"), ["100", "90", "80", "70", "60"]),
        ("sum", ValueType.NUMBER, Decimal("5.17"), ["10", "12", "14", "16", "18"]),  # lower is better
        ("date", ValueType.DATE, Decimal("4"), ["2024-01-31", "2024-02-29", "2024-03-31", "", ""]),
        ("", ValueType.NUMBER, Decimal("3"), ["50", "40", "30", "20", "10"]),  # no method: one quarter
    ]
    for position, (method, value_type, weight, targets) in enumerate(specs, start=1):
        IndicatorFactory(
            activity=activity,
            position=position,
            code=f"3.1.{position}",
            method=method,
            value_type=value_type,
            weight=weight,
            targets=targets,
        )
    AreaFactory(agreement=agreement_a, code="4", position=4, weight=Decimal("0"))  # no indicators
    governance = AreaFactory(
        agreement=agreement_a, kind=AreaKind.GOVERNANCE, code="১", position=9, weight=Decimal("10")
    )
    IndicatorFactory(
        activity=ActivityFactory(area=governance, code="১.১", position=1),
        code="১.১.১",
        unit="প্রাপ্ত নম্বর",
        value_type=ValueType.SCORE,
        weight=Decimal("10"),
        governance_kind="egov",
        method="cumulative",
        targets=[],
    )
    plan = GovernancePlan.objects.create(
        agreement=agreement_a,
        kind="egov",
        title_bn="ই-গভর্ন্যান্স",
        total_marks=Decimal("50"),
        levels=[{"percent": 100, "name_bn": "অসাধারণ"}, {"percent": 80, "name_bn": "উত্তম"}],
    )
    PlanItem.objects.create(
        plan=plan,
        position=1,
        activity="কার্যক্রম",
        indicator="সূচক",
        scoring=PlanItemScoring.LEVELS,
        target_type="number",
        weight=Decimal("50"),
        targets=["4", "3"],
        achievement_number=Decimal("3"),
        claimed_score=Decimal("50"),
    )
    rng = random.Random(7)
    for indicator in office_indicators(agreement_a):
        for quarter in (1, 2):
            if (indicator.method == "" and quarter == 2) or rng.random() < 0.3:
                continue
            achievement = Achievement.objects.create(
                indicator=indicator, quarter=quarter, **value_fields(indicator, random_value(rng, indicator))
            )
            if rng.random() < 0.5:
                achievement_verify(achievement=achievement, accept=True, actor=rita)
    refresh_scores(agreement=agreement_a)
    return agreement_a


def office_indicators(agreement) -> list[Indicator]:
    return list(agreement.indicators.filter(governance_kind="").order_by("pk"))


def random_value(rng: random.Random, indicator: Indicator):
    if rng.random() < 0.1:
        return None
    if indicator.value_type == ValueType.DATE:
        # A day of Q3 (1 January - 31 March 2024): a date outside its quarter is refused.
        return date(2024, 1, 1) + timedelta(days=rng.randint(0, 90))
    return Decimal(rng.randint(0, 60000)) / 100


def value_fields(indicator: Indicator, value) -> dict:
    if indicator.value_type == ValueType.DATE:
        return {"value_date": value}
    return {"value_number": value}


def stored(agreement) -> tuple[dict, dict]:
    rows = {
        (indicator_id, kind): (reported, annual_value, raw, weighted)
        for indicator_id, kind, reported, annual_value, raw, weighted in IndicatorScore.objects.filter(
            agreement=agreement
        ).values_list("indicator_id", "kind", "reported", "annual_value", "raw", "weighted")
    }
    totals = {
        kind: (total, area_totals)
        for kind, total, area_totals in AgreementScore.objects.filter(agreement=agreement).values_list(
            "kind", "total", "area_totals"
        )
    }
    return rows, totals


def incremental_only():
    return mock.patch.object(
        scores.persistence, "refresh_all_scores", side_effect=AssertionError("full refresh ran")
    )


@pytest.mark.parametrize("seed", range(4))
def test_random_saves_store_exactly_what_the_full_refresh_stores(mixed, alice, rita, seed):
    rng = random.Random(seed)
    indicators = office_indicators(mixed)
    saves = 0
    for _step in range(30):
        indicator = rng.choice(indicators)
        current = Achievement.objects.filter(indicator=indicator, quarter=3).first()
        if current and current.value is not None and rng.random() < 0.2:
            achievement_verify(achievement=current, accept=True, actor=rita)
            current.refresh_from_db()
        try:
            with incremental_only():
                recorded = services.achievement_record(
                    indicator=indicator,
                    quarter=3,
                    value=random_value(rng, indicator),
                    remarks=rng.choice(["", "প্রমাণক সংযুক্ত"]),
                    expected_revision=current.revision if current else 0,
                    actor=alice,
                )
        except ValidationError:  # a second quarter for the indicator without a method
            assert indicator.method == ""
            continue
        saves += 1
        after_save = stored(mixed)
        assert recorded.total == after_save[1][ScoreKind.PROGRESS][0]
        refresh_scores(agreement=mixed)
        full = stored(mixed)
        assert full == after_save
    assert saves > 20


def test_refreshing_indicators_reads_their_achievements_when_not_given(mixed):
    indicator = office_indicators(mixed)[0]
    Achievement.objects.update_or_create(indicator=indicator, quarter=3, defaults={"value_number": 444})
    with incremental_only():
        refreshed = refresh_scores(agreement=mixed, indicators=[indicator])
    assert set(refreshed.totals) == set(ScoreKind.values)
    after = stored(mixed)
    refresh_scores(agreement=mixed)
    assert stored(mixed) == after
    assert after[0][indicator.pk, ScoreKind.PROGRESS][1] != ""


def test_missing_stored_rows_fall_back_to_the_full_refresh(mixed):
    indicator = office_indicators(mixed)[0]
    IndicatorScore.objects.filter(agreement=mixed).delete()
    refresh_scores(agreement=mixed, indicators=[indicator], kinds=[ScoreKind.PROGRESS])
    assert IndicatorScore.objects.filter(agreement=mixed).count() == 3 * mixed.indicators.count()


def test_a_save_that_changes_no_score_writes_no_score(mixed, alice):
    indicator = office_indicators(mixed)[0]
    first = services.achievement_record(
        indicator=indicator, quarter=3, value=Decimal("420"), remarks="", expected_revision=0, actor=alice
    )
    with CaptureQueriesContext(connection) as queries:
        services.achievement_record(
            indicator=indicator,
            quarter=3,
            value=Decimal("420"),
            remarks="রেজিস্টার অনুযায়ী",
            expected_revision=first.achievement.revision,
            actor=alice,
        )
    writes = [q["sql"] for q in queries if q["sql"].startswith(("INSERT", "UPDATE"))]
    assert len(writes) == 2  # the achievement and its audit row, no score
    assert "indicators_achievement" in writes[0] and "agreements_auditentry" in writes[1]


def test_a_save_reads_no_other_indicator_and_writes_two_score_rows(mixed, alice, django_assert_num_queries):
    indicator = office_indicators(mixed)[0]
    # Savepoint and release (the test's transaction); the agreement locked, the actor's memberships, the
    # quarter's window (with whether it has a report), the indicator's achievements; the achievement, the
    # audit row; the stored totals and indicator scores read, the indicator's two rows and the two totals
    # written.
    with django_assert_num_queries(12):
        services.achievement_record(
            indicator=indicator, quarter=3, value=Decimal("420"), remarks="", expected_revision=0, actor=alice
        )


def test_verified_scores_stay_until_a_verified_value_changes(mixed, alice, rita):
    indicator = office_indicators(mixed)[0]
    recorded = services.achievement_record(
        indicator=indicator, quarter=3, value=Decimal("400"), remarks="", expected_revision=0, actor=alice
    )
    achievement_verify(achievement=recorded.achievement, accept=True, actor=rita)
    verified_before = AgreementScore.objects.get(agreement=mixed, kind=ScoreKind.VERIFIED).total

    services.achievement_record(
        indicator=indicator,
        quarter=3,
        value=Decimal("400"),
        remarks="নতুন মন্তব্য",
        expected_revision=1,
        actor=alice,
    )
    assert (
        Achievement.objects.get(pk=recorded.achievement.pk).verification_status == VerificationStatus.ACCEPTED
    )
    assert AgreementScore.objects.get(agreement=mixed, kind=ScoreKind.VERIFIED).total == verified_before

    with incremental_only():
        services.achievement_record(
            indicator=indicator, quarter=3, value=Decimal("450"), remarks="", expected_revision=2, actor=alice
        )
    after = stored(mixed)
    assert after[1][ScoreKind.VERIFIED][0] < verified_before
    refresh_scores(agreement=mixed)
    assert stored(mixed) == after
