"""Governance plan scoring from the database: the seed checks (004's e-Governance self-assessment, 003's
integrity table), each item type (levels, proportional, date-bound) and the roll-up into Section 3."""

from datetime import date
from decimal import Decimal

import pytest

from agreements.models import AgreementStatus, GovernanceAllocation, OfficeLevel
from indicators import governance_selectors as selectors
from indicators import governance_services as services
from indicators.models import (
    AreaKind,
    GovernancePlan,
    IndicatorScore,
    PlanItemAchievement,
    ScoreKind,
)
from indicators.scoring import score_plan

from .factories import ActivityFactory, AgreementFactory, AreaFactory, IndicatorFactory, OfficeFactory


@pytest.fixture
def ssd_plan(seeded):
    return GovernancePlan.objects.get(
        agreement__office__code="ssd", agreement__fiscal_year__start_year=2021, kind="egov"
    )


def item(plan, code):
    return plan.items.get(indicator_code=code)


def test_seed_004_claims_50_of_50_and_scales_to_the_full_10_marks_of_its_agreement(ssd_plan):
    marks = GovernanceAllocation.objects.get(fiscal_year__start_year=2021, kind="egov").marks
    summary = selectors.plan_summary(ssd_plan, ScoreKind.CLAIMED, marks)
    assert (summary.score, summary.total, marks, summary.scaled) == (50, 50, 10, 10)
    assert summary.lines[-1] == "চুক্তিতে এই কর্মপরিকল্পনার মান ১০: ৫০.০০ × ১০ ÷ ৫০ = ১০.০০"


def test_seed_004_values_on_record_compute_41_because_three_items_are_text_only(ssd_plan):
    """The claimed and the computed score are kept apart: the three items whose self-assessment is text
    ("প্রত্যেক কোয়ার্টারে বাস্তবায়িত", "... প্রমাণক দাখিল করা হয়েছে") carry the office's claim (4 + 2 + 3 = 9
    marks) but no value that the system could score."""
    progress = selectors.plan_score(ssd_plan, ScoreKind.PROGRESS)
    assert progress.score == 41
    unreported = [s.code for s in progress.items if not s.reported]
    assert unreported == ["২.১.১", "২.১.২", "২.২.২"]
    rows = {row.item.indicator_code: row for row in selectors.plan_rows(ssd_plan, ScoreKind.CLAIMED)}
    assert [code for code, row in rows.items() if row.claim_unsupported] == ["২.১.১", "২.১.২", "২.২.২"]
    assert all(
        row.computed_score == row.claimed_score for code, row in rows.items() if not row.claim_unsupported
    )
    summary = selectors.plan_summary(ssd_plan, ScoreKind.CLAIMED, Decimal("10"))
    assert "দাবিকৃত স্কোর ৫০.০০; লিপিবদ্ধ অর্জন থেকে গণনাকৃত স্কোর ৪১.০০।" in summary.lines


def test_seed_004_computes_50_once_the_text_only_items_have_their_quarterly_values(ssd_plan):
    for code in ("২.১.১", "২.১.২"):  # "implemented every quarter": one update a quarter, four in the year
        for quarter in (1, 2, 3, 4):
            PlanItemAchievement.objects.create(item=item(ssd_plan, code), quarter=quarter, value_number=1)
    PlanItemAchievement.objects.create(item=item(ssd_plan, "২.২.২"), quarter=4, value_number=Decimal("80"))
    assert selectors.plan_score(ssd_plan, ScoreKind.PROGRESS).score == 50
    assert selectors.plan_summary(ssd_plan, ScoreKind.PROGRESS, Decimal("10")).scaled == 10


def test_a_claim_never_exceeds_the_item_weight(ssd_plan):
    first = item(ssd_plan, "১.১.১")
    first.claimed_score = Decimal("9")  # weight 5
    first.save()
    assert selectors.plan_score(ssd_plan, ScoreKind.CLAIMED).score == 50


def test_verified_plan_scores_nothing_until_plans_have_a_verification_step(ssd_plan):
    assert selectors.plan_score(ssd_plan, ScoreKind.VERIFIED).score == 0


# ------------------------------------------------------------------------------------------------
# Seed 003: plans instantiated for an office in 2024-25


@pytest.fixture
def year_2024(seeded):
    from agreements.models import FiscalYear

    return FiscalYear.objects.get(start_year=2024)


def draft_for(year, level=OfficeLevel.DISTRICT, **office):
    supervisor = OfficeFactory(level=OfficeLevel.DEPARTMENT)
    agreement = AgreementFactory(
        office=OfficeFactory(level=level, supervisor=supervisor, **office),
        supervisor_office=supervisor,
        fiscal_year=year,
        status=AgreementStatus.DRAFT,
    )
    services.plans_instantiate(agreement=agreement, actor=None)
    return agreement


def record(item_, quarter, value, on, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: on)
    return services.plan_item_achievement_record(
        item=item_, quarter=quarter, value=value, remarks="", actor=None
    )


QUARTER_DAYS = {1: date(2024, 9, 30), 2: date(2024, 12, 31), 3: date(2025, 3, 31), 4: date(2025, 6, 30)}


def test_seed_003_integrity_table_is_reproduced_with_its_target_row_and_total(year_2024):
    agreement = draft_for(year_2024)
    plan = agreement.governance_plans.get(kind="integrity")
    rows = selectors.plan_rows(plan)
    table = [(r.item.activity_code, r.target_cells, r.target_total, r.item.responsible) for r in rows]
    assert table == [
        ("১.১", ["১", "১", "১", "১"], "৪", "ফোকাল পয়েন্ট"),
        ("১.২", ["--", "১", "--", "১"], "২", "ফোকাল পয়েন্ট"),
        ("১.৩", ["--", "১", "--", "১"], "২", "ফোকাল পয়েন্ট"),
        ("১.৪", ["১", "--", "১", "--"], "২", "ফোকাল পয়েন্ট"),
        ("২.১", ["৩১.০৭.২৪", "--", "--", "--"], "৩১.০৭.২৪", "ফোকাল পয়েন্ট"),
        ("৩.১", ["১০০%", "১০০%", "১০০%", "১০০%"], "১০০%", "ফোকাল পয়েন্ট"),
    ]
    assert all(
        r.achievement_cells == ["", "", "", ""] and r.score == 0 for r in rows
    )  # the seed's rows are blank
    assert sum(r.item.weight for r in rows) == plan.total_marks == 10


def test_integrity_achievement_row_total_and_score_follow_the_quarters(year_2024, monkeypatch):
    agreement = draft_for(year_2024)
    agreement.status = AgreementStatus.ACTIVE
    agreement.save()
    plan = agreement.governance_plans.get(kind="integrity")
    items = {i.activity_code: i for i in plan.items.all()}
    for quarter, value in ((1, "১"), (2, "১"), (3, "১")):  # one ethics committee meeting short
        record(items["১.১"], quarter, value, QUARTER_DAYS[quarter], monkeypatch)
    record(items["২.১"], 1, "30/07/2024", QUARTER_DAYS[1], monkeypatch)  # purchase plan on time
    for quarter in (1, 2, 3, 4):
        record(items["৩.১"], quarter, "100", QUARTER_DAYS[quarter], monkeypatch)
    plan.refresh_from_db()
    rows = {r.item.activity_code: r for r in selectors.plan_rows(plan)}
    assert rows["১.১"].achievement_cells == ["১", "১", "১", ""]
    assert (rows["১.১"].achievement_total, rows["১.১"].score) == ("৩", Decimal("1.5"))  # 2 × 3/4
    assert (rows["২.১"].achievement_total, rows["২.১"].score) == ("৩০.০৭.২৪", Decimal("2"))
    assert (rows["৩.১"].achievement_total, rows["৩.১"].score) == ("১০০%", Decimal("2"))
    assert rows["১.২"].score == 0 and not rows["১.২"].reported
    assert selectors.plan_score(plan, ScoreKind.PROGRESS).score == Decimal("5.5")
    assert rows["১.১"].explanation == ["অর্জন ৩ ÷ লক্ষ্যমাত্রা ৪ (সর্বোচ্চ ১); ২ × ৭৫% = ১.৫০"]


def test_a_date_bound_item_earns_nothing_when_late(year_2024, monkeypatch):
    agreement = draft_for(year_2024)
    agreement.status = AgreementStatus.ACTIVE
    agreement.save()
    purchase = agreement.governance_plans.get(kind="integrity").items.get(activity_code="২.১")
    record(purchase, 1, "01/08/2024", QUARTER_DAYS[1], monkeypatch)
    purchase.refresh_from_db()
    row = next(r for r in selectors.plan_rows(purchase.plan) if r.item == purchase)
    assert row.reported and row.score == 0
    assert "বিলম্বে — কোনো নম্বর নেই" in row.explanation[0]


def test_a_level_item_interpolates_between_five_date_columns(year_2024, monkeypatch):
    agreement = draft_for(year_2024)
    agreement.status = AgreementStatus.ACTIVE
    agreement.save()
    plan = agreement.governance_plans.get(kind="egov")
    innovation = plan.items.get(indicator_code="১.১.১")  # 09/03/25 .. 06/04/25, weight 10
    record(innovation, 3, "১২/০৩/২০২৫", QUARTER_DAYS[3], monkeypatch)
    row = next(r for r in selectors.plan_rows(plan) if r.item == innovation)
    assert row.score == Decimal("9.5714")  # 100 − 10 × 3/7 days = 95.71% of 10
    assert row.explanation[-1] == "প্রাপ্ত নম্বর = সূচকের মান ১০ × ৯৫.৭১৪৩ ÷ ১০০ = ৯.৫৭"


def test_a_level_item_with_three_columns_counts_quarters_together(ssd_plan):
    workshops = item(ssd_plan, "১.৬.১")  # targets 4/3/2 (100/80/60)
    workshops.achievement_number = None
    workshops.save()
    for quarter, value in ((1, 1), (2, 1), (3, 1)):
        PlanItemAchievement.objects.create(item=workshops, quarter=quarter, value_number=value)
    scored = score_plan(selectors.plan_score_inputs(ssd_plan, ScoreKind.PROGRESS))
    assert next(s for s in scored.items if s.code == "১.৬.১").score == Decimal("3.2")  # 80% of 4


# ------------------------------------------------------------------------------------------------
# Roll-up into Section 3


def test_the_plan_score_rolls_up_into_its_governance_indicator(year_2024, monkeypatch):
    agreement = draft_for(year_2024)
    area = AreaFactory(
        agreement=agreement, kind=AreaKind.GOVERNANCE, code="১", position=9, weight=Decimal("30")
    )
    indicator = IndicatorFactory(
        activity=ActivityFactory(area=area, code="১.২", position=1),
        code="১.২.১",
        unit="প্রাপ্ত নম্বর",
        value_type="score",
        weight=Decimal("10"),
        governance_kind="egov",
        targets=[],
    )
    agreement.status = AgreementStatus.ACTIVE
    agreement.save()
    plan = agreement.governance_plans.get(kind="egov")
    record(plan.items.get(indicator_code="৪.১.২"), 2, "১০০", QUARTER_DAYS[2], monkeypatch)  # e-file 100% → 8
    stored = IndicatorScore.objects.get(indicator=indicator, kind=ScoreKind.PROGRESS)
    assert stored.weighted == Decimal("1.6")  # 8 of 50 → 1.6 of 10, refreshed inside the write
    summary = selectors.plan_summary(
        plan, ScoreKind.PROGRESS, selectors.plan_marks(agreement, ["egov"])["egov"]
    )
    assert summary.scaled == stored.weighted


def test_plan_marks_come_from_the_indicator_else_the_allocation(year_2024):
    agreement = draft_for(year_2024)
    assert selectors.plan_marks(agreement, ["grs"])["grs"] == 4
