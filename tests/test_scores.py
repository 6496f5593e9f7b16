"""Persisted scores: three kinds kept apart, governance plans rolled up, rankings from one indexed query."""

import json
import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.models import Agreement, GovernanceAllocation
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
    VerificationStatus,
)
from indicators.scores import explain_agreement, ranking, refresh_scores

from .factories import ActivityFactory, AreaFactory, IndicatorFactory

pytestmark = pytest.mark.django_db


def first_indicator(agreement: Agreement) -> Indicator:
    return agreement.indicators.order_by("activity__area__position", "position").first()


def test_it_persists_every_indicator_and_the_total_for_each_kind(agreement_a):
    indicator = first_indicator(agreement_a)  # weight 20, targets 500/450/400/350/300, method sum
    Achievement.objects.create(indicator=indicator, quarter=1, value_number=200)
    Achievement.objects.create(indicator=indicator, quarter=2, value_number=275)
    totals = refresh_scores(agreement=agreement_a).totals

    assert IndicatorScore.objects.filter(agreement=agreement_a).count() == 3 * agreement_a.indicators.count()
    progress = IndicatorScore.objects.get(indicator=indicator, kind=ScoreKind.PROGRESS)
    assert (progress.annual_value, progress.raw, progress.weighted) == ("475", Decimal("95"), Decimal("19"))
    assert AgreementScore.objects.get(agreement=agreement_a, kind=ScoreKind.PROGRESS).total == Decimal("19")
    assert totals[ScoreKind.PROGRESS] == Decimal("19")


def test_it_counts_only_accepted_or_corrected_values_as_verified(agreement_a):
    indicator = first_indicator(agreement_a)
    q1 = Achievement.objects.create(indicator=indicator, quarter=1, value_number=300)
    Achievement.objects.create(indicator=indicator, quarter=2, value_number=200)
    refresh_scores(agreement=agreement_a)
    verified = IndicatorScore.objects.get(indicator=indicator, kind=ScoreKind.VERIFIED)
    assert (verified.reported, verified.weighted) == (False, Decimal("0"))

    q1.verification_status = VerificationStatus.CORRECTED
    q1.verified_number = Decimal("250")
    q1.verification_reason = "রেজিস্টারে ২৫০ জন"
    q1.save()
    refresh_scores(agreement=agreement_a)
    verified = IndicatorScore.objects.get(indicator=indicator, kind=ScoreKind.VERIFIED)
    progress = IndicatorScore.objects.get(indicator=indicator, kind=ScoreKind.PROGRESS)
    assert verified.annual_value == "250"  # Q2 is not verified yet; Q1 counts with its corrected value
    assert progress.annual_value == "500"
    assert progress.weighted == Decimal("20") and verified.weighted == Decimal("0")


def governance_indicator(agreement, kind="egov", weight=Decimal("10")):
    area = AreaFactory(
        agreement=agreement, kind=AreaKind.GOVERNANCE, code="১", position=9, weight=Decimal("30")
    )
    activity = ActivityFactory(area=area, code="১.২", position=1)
    return IndicatorFactory(
        activity=activity,
        code="১.২.১",
        unit="প্রাপ্ত নম্বর",
        value_type="score",
        weight=weight,
        governance_kind=kind,
        method="cumulative",
        targets=[],
    )


def test_a_governance_plan_score_is_scaled_into_its_indicator(agreement_a):
    indicator = governance_indicator(agreement_a)
    plan = GovernancePlan.objects.create(
        agreement=agreement_a,
        kind="egov",
        title_bn="ই-গভর্ন্যান্স",
        total_marks=Decimal("50"),
        levels=[
            {"percent": 100, "name_bn": "অসাধারণ"},
            {"percent": 80, "name_bn": "উত্তম"},
            {"percent": 60, "name_bn": "চলতি মান"},
        ],
    )
    common = {"plan": plan, "activity": "কার্যক্রম", "indicator": "সূচক", "scoring": PlanItemScoring.LEVELS}
    PlanItem.objects.create(
        position=1,
        target_type="date",
        weight=Decimal("25"),
        targets=["2022-03-16", "2022-04-14", "2022-05-05"],
        achievement_date=date(2022, 3, 15),
        claimed_score=Decimal("25"),
        **common,
    )
    PlanItem.objects.create(
        position=2,
        target_type="number",
        weight=Decimal("25"),
        targets=["4", "3", "2"],
        achievement_text="প্রত্যেক কোয়ার্টারে বাস্তবায়িত",
        claimed_score=Decimal("25"),
        **common,
    )
    refresh_scores(agreement=agreement_a)

    progress = IndicatorScore.objects.get(indicator=indicator, kind=ScoreKind.PROGRESS)
    claimed = IndicatorScore.objects.get(indicator=indicator, kind=ScoreKind.CLAIMED)
    verified = IndicatorScore.objects.get(indicator=indicator, kind=ScoreKind.VERIFIED)
    assert progress.weighted == Decimal("5")  # 25 of 50 computed (item 2 has no value) -> 5 of 10
    assert claimed.weighted == Decimal("10")  # the office claims 50 of 50 -> 10 of 10
    assert verified.weighted == Decimal("0")

    lines = next(
        i for i in explain_agreement(agreement_a, ScoreKind.CLAIMED).indicators if i.indicator == indicator
    )
    assert "৫০.০০ × ১০ ÷ ৫০ = ১০.০০" in lines.lines[0]


def test_the_ranking_is_one_query_best_first(agreement_a, agreement_b, supervisor_office, fiscal_year):
    Achievement.objects.create(indicator=first_indicator(agreement_b), quarter=1, value_number=500)
    refresh_scores(agreement=agreement_a)
    refresh_scores(agreement=agreement_b)
    with CaptureQueriesContext(connection) as queries:
        rows = list(
            ranking(fiscal_year=fiscal_year, kind=ScoreKind.PROGRESS, supervisor_office=supervisor_office)
        )
    assert len(queries) == 1
    assert [row.agreement for row in rows] == [agreement_b, agreement_a]
    assert rows[0].total == Decimal("20")


def test_seeded_agreements_have_scores_and_khulna_1_2_1_scores_97_2(seeded):
    khulna = Agreement.objects.get(office__code="ict-dc-khulna")
    indicator = khulna.indicators.get(area_kind=AreaKind.OFFICE, code="১.২.১")
    score = IndicatorScore.objects.get(indicator=indicator, kind=ScoreKind.PROGRESS)
    assert (score.raw, score.weighted) == (Decimal("97.2"), Decimal("4.86"))
    assert AgreementScore.objects.filter(agreement=khulna).count() == 3


def test_score_agreement_prints_json_with_every_indicator_and_the_totals(seeded, capsys):
    call_command("score_agreement", "--office", "ict-dc-khulna", "--year", "2023-24", "--json")
    data = json.loads(capsys.readouterr().out)
    khulna = Agreement.objects.get(office__code="ict-dc-khulna")
    assert len(data["indicators"]) == khulna.indicators.count() == 20
    row = next(i for i in data["indicators"] if i["code"] == "১.২.১")
    assert (row["weight"], row["annual_value"], row["raw_score"], row["weighted_score"]) == (
        "5.00",
        "386",
        "97.2000",
        "4.8600",
    )
    stored = AgreementScore.objects.get(agreement=khulna, kind=ScoreKind.PROGRESS).total
    assert Decimal(data["total"]) == stored == sum(Decimal(i["weighted_score"]) for i in data["indicators"])
    assert [a["code"] for a in data["areas"]] == ["১", "২", "৩", "৪", "এম.১"]


def test_score_agreement_explains_each_step_in_text(seeded, capsys):
    call_command("score_agreement", "--office", "ict-dc-khulna", "--year", "২০২৩-২৪", "--kind", "progress")
    out, err = capsys.readouterr()
    assert "৯০ + (১০০ − ৯০) × (৩৮৬ − ৩৫০) ÷ (৪০০ − ৩৫০) = ৯৭.২০" in out
    assert "প্রাপ্ত নম্বর = সূচকের মান ৫ × ৯৭.২০ ÷ ১০০ = ৪.৮৬" in out
    # The closing lines too are in Bangla with Bangla digits, scores with two decimals.
    assert "[১] ই-গভর্ন্যান্স প্রতিষ্ঠায় সহায়তা: ৯.০৬ / ২০\n" in out
    assert out.endswith("মোট স্কোর: ৩১.৬৬ / ১০০\n")
    assert not re.search("[0-9]", out), re.findall(".*[0-9].*", out)
    assert err == ""  # the stored snapshot agrees with the fresh computation


def test_score_agreement_reports_a_stored_score_that_disagrees_with_a_fresh_computation(seeded, capsys):
    khulna = Agreement.objects.get(office__code="ict-dc-khulna")
    AgreementScore.objects.filter(agreement=khulna, kind=ScoreKind.PROGRESS).update(total=Decimal("40"))
    call_command("score_agreement", "--office", "ict-dc-khulna", "--year", "2023-24", "--json")
    out, err = capsys.readouterr()
    assert (json.loads(out)["total"], json.loads(out)["stored_total"]) == ("31.6600", "40.0000")
    assert "সংরক্ষিত স্কোর (মোট ৪০.০০) এখনকার হিসাবের (মোট ৩১.৬৬) সাথে মেলে না" in err


@pytest.mark.parametrize(
    ("targets", "value_type", "achievement", "formula"),
    [
        # Days to dispose: fewer is better, so the terms are (worse − a) ÷ (worse − better).
        (
            ["10", "15", "20", "25", "30"],
            "number",
            Decimal("12"),
            "৯০ + (১০০ − ৯০) × (১৫ − ১২) ÷ (১৫ − ১০) = ৯৬.০০",
        ),
        # Dates: earlier is better, counted in days ahead of the worse column.
        (
            ["2022-12-01", "2022-12-11", None, None, None],
            "date",
            date(2022, 12, 4),
            "৯০ + (১০০ − ৯০) × ৭ ÷ ১০ = ৯৭.০০",
        ),
        (["3", "0", None, None, None], "number", Decimal("1"), "৯০ + (১০০ − ৯০) × (১ − ০) ÷ (৩ − ০) = ৯৩.৩৩"),
    ],
)
def test_explanations_write_every_term_non_negative_with_two_decimals(
    agreement_a, targets, value_type, achievement, formula
):
    indicator = first_indicator(agreement_a)
    method = "date" if value_type == "date" else "sum"
    Indicator.objects.filter(pk=indicator.pk).update(targets=targets, value_type=value_type, method=method)
    field = "value_date" if value_type == "date" else "value_number"
    Achievement.objects.create(indicator=indicator, quarter=1, **{field: achievement})
    explained = next(
        i for i in explain_agreement(agreement_a, ScoreKind.PROGRESS).indicators if i.indicator == indicator
    )
    line = next(line for line in explained.lines if "রৈখিক হিসাব" in line)
    assert formula in line
    assert "-" not in line.split(":", 1)[1]


def test_an_assumed_direction_is_said_in_the_explanation(agreement_a):
    indicator = first_indicator(agreement_a)
    Indicator.objects.filter(pk=indicator.pk).update(targets=["2", None, None, None, None])
    Achievement.objects.create(indicator=indicator, quarter=1, value_number=1)
    explained = explain_agreement(agreement_a, ScoreKind.PROGRESS).indicators[0]
    assert "বেশি অর্জন ভালো ধরে নেওয়া হয়েছে" in " ".join(explained.lines)


def test_score_agreement_rejects_an_unknown_office_or_year(seeded):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No agreement"):
        call_command("score_agreement", "--office", "nowhere", "--year", "2023-24")
    with pytest.raises(CommandError, match="--year"):
        call_command("score_agreement", "--office", "ict-dc-khulna", "--year", "2023-25")


def test_governance_marks_come_from_the_fiscal_year(seeded):
    marks = dict(
        GovernanceAllocation.objects.filter(fiscal_year__start_year=2022).values_list("kind", "marks")
    )
    assert marks == {"integrity": 10, "egov": 10, "grs": 4, "citizen_charter": 3, "rti": 3}
