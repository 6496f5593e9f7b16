"""Governance plan scoring from the database: the seed checks (004's e-Governance self-assessment, 003's
integrity table), each item type (levels, proportional, date-bound) and the roll-up into Section 3."""

import json
from datetime import date
from decimal import Decimal

import pytest

from agreements.models import AgreementStatus, OfficeLevel
from agreements.seeding import SEED_DIR
from apa_portal.bangla import format_date_long, parse_date, parse_decimal, to_bangla_digits
from indicators.governance import selectors, services
from indicators.models import (
    GovernancePlan,
    IndicatorScore,
    ScoreKind,
)

from .factories import AgreementFactory, OfficeFactory, governance_indicator


@pytest.fixture
def ssd_plan(seeded):
    return GovernancePlan.objects.get(
        agreement__office__code="ssd", agreement__fiscal_year__start_year=2021, kind="egov"
    )


def item(plan, code):
    return plan.items.get(indicator_code=code)


def seed_plan(office: str) -> dict:
    """The plan as the project's seed file transcribes it."""
    plans = json.loads((SEED_DIR / "governance_plans_2021-22.json").read_text(encoding="utf-8"))
    return next(plan for plan in plans if plan["office"] == office)


def seed_items(plan: dict) -> dict[str, dict]:
    return {item["indicator_code"]: item for area in plan["areas"] for item in area["items"]}


def seed_value(raw: str | None):
    if raw is None:
        return None
    return date.fromisoformat(raw) if "-" in raw else Decimal(raw)


def test_seed_004_recorded_achievements_are_loaded_quarter_by_quarter_as_transcribed(ssd_plan):
    transcribed = seed_items(seed_plan("ssd"))
    for plan_item in ssd_plan.items.all():
        row = transcribed[plan_item.indicator_code]
        loaded = [None] * 4
        for achievement in plan_item.achievements.all():
            loaded[achievement.quarter - 1] = achievement.value
        expected = [seed_value(v) for v in row.get("quarterly_achievements") or [None] * 4]
        assert loaded == expected, plan_item.indicator_code
        assert (
            plan_item.achievement_text == row["achievement_text"]
        )  # the seed's text stays the progress note
        assert plan_item.achievement is None  # the year's value follows from the quarters


def test_seed_004_scores_50_of_50_from_its_recorded_achievements_and_counts_nothing_without_section_3(
    ssd_plan,
):
    """Through the product's code: every item with a recorded achievement computes the score the office
    claims; [২.২.২], whose achievement is text only, is the office's claim (3), said so in its explanation.
    50 of 50. Seed 004 prints no Section 3, so no governance indicator carries the plan into the agreement:
    it is scaled into nothing, as the agreement's stored total counts it (issue 13, defect 3)."""
    policy = ssd_plan.agreement.fiscal_year.scoring_policy
    progress = {r.item.indicator_code: r for r in selectors.plan_rows(ssd_plan, ScoreKind.PROGRESS, policy)}
    claimed = {r.item.indicator_code: r for r in selectors.plan_rows(ssd_plan, ScoreKind.CLAIMED, policy)}
    transcribed = seed_items(seed_plan("ssd"))
    for code, row in progress.items():
        if code == "২.২.২":
            assert not row.reported and row.score == 0
            continue
        assert row.score == row.item.weight == Decimal(transcribed[code]["claimed_score"]), code
        assert claimed[code].score == row.score and not claimed[code].claim_unsupported
    assert claimed["২.২.২"].score == 3 and claimed["২.২.২"].claim_text_only
    assert "অর্জন কেবল বিবরণে লেখা" in claimed["২.২.২"].explanation[-1]
    assert selectors.plan_score(ssd_plan, ScoreKind.PROGRESS, policy).score == 47
    marks = selectors.plan_marks(ssd_plan.agreement, ["egov"]).get("egov")
    summary = selectors.plan_summary(ssd_plan, ScoreKind.CLAIMED, marks, policy)
    assert (summary.score, summary.total, marks) == (50, 50, None)
    assert (
        summary.lines[-1]
        == "চুক্তির ধারা ৩-এ এই কর্মপরিকল্পনার কোনো সুশাসন সূচক নেই: এর স্কোর চুক্তির মোট স্কোরে গণ্য হয় না।"
    )
    assert "দাবিকৃত স্কোর ৫০.০০; লিপিবদ্ধ অর্জন থেকে গণনাকৃত স্কোর ৪৭.০০।" in summary.lines


def test_seed_004_counted_items_add_their_quarters_as_the_seed_lists_the_dates(ssd_plan):
    rows = {r.item.indicator_code: r for r in selectors.plan_rows(ssd_plan, ScoreKind.PROGRESS)}
    assert rows["২.২.১"].achievement_cells == ["৩", "১", "", ""]  # trainings 17/08, 26/08, 06/09, 03/10/2021
    assert rows["২.২.১"].achievement_total == "৪"
    assert rows["১.৫.১"].achievement_total == "৮৪.৫১%"  # the year's figure, sent with the 4th quarter
    assert rows["১.১.১"].achievement_total == "১৫ মার্চ ২০২২"


def test_a_claim_never_exceeds_the_item_weight(ssd_plan):
    first = item(ssd_plan, "১.১.১")
    first.claimed_score = Decimal("9")  # weight 5
    first.save()
    assert selectors.plan_score(ssd_plan, ScoreKind.CLAIMED).score == 50


def test_a_claim_the_values_do_not_support_is_flagged_and_explained(ssd_plan):
    workshops = item(ssd_plan, "১.৬.১")  # targets 4/3/2 against the columns 100/80/60
    workshops.achievements.filter(quarter=4).delete()  # three workshops: the 80% column, 3.2 of 4 marks
    row = next(r for r in selectors.plan_rows(ssd_plan, ScoreKind.CLAIMED) if r.item == workshops)
    assert (row.computed_score, row.score, row.claim_unsupported) == (Decimal("3.2"), 4, True)
    assert "দাবি সমর্থিত নয়" in row.explanation[-1]


def test_verified_plan_scores_nothing_until_the_supervisor_verifies(ssd_plan):
    assert selectors.plan_score(ssd_plan, ScoreKind.VERIFIED).score == 0
    row = selectors.plan_rows(ssd_plan, ScoreKind.VERIFIED)[0]
    assert row.explanation == ["তত্ত্বাবধায়ক অফিস এখনো যাচাই করেনি: যাচাইকৃত স্কোরে প্রাপ্ত নম্বর ০।"]


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


def shown_as_printed(value: str | None, text: str | None, unit: str) -> str:
    """A target cell as the page shows it, with the value in the table's form (১, ১০০%, ৩১ জুলাই ২০২৪) and
    the rest of the printed cell after it."""
    if value is None:
        return "--"
    if "-" in value:
        head = format_date_long(date.fromisoformat(value))
    else:
        head = to_bangla_digits(format(Decimal(value).normalize(), "f")) + ("%" if unit == "%" else "")
    rest = (text or "").partition(" ")[2].strip()
    return f"{head} {rest}" if rest else head


def test_seed_003_integrity_table_is_reproduced_with_its_target_row_notes_and_total(year_2024):
    """The table read from the project's seed file: each quarter's target as printed (with its note,
    '০১ (২৫ জন)'), the year's target with its note, the target row's total, the responsible, the weights."""
    templates = json.loads((SEED_DIR / "governance_templates_2024-25.json").read_text(encoding="utf-8"))
    seed = next(t for t in templates if t["kind"] == "integrity")
    expected = {item["activity_code"]: item for area in seed["areas"] for item in area["items"]}
    agreement = draft_for(year_2024)
    plan = agreement.governance_plans.get(kind="integrity")
    rows = selectors.plan_rows(plan)
    assert [r.item.activity_code for r in rows] == list(expected)
    for row in rows:
        item = expected[row.item.activity_code]
        texts = item["quarterly_targets_text"]
        assert row.target_cells == [
            shown_as_printed(v, t, item["unit"])
            for v, t in zip(item["quarterly_targets"], texts, strict=True)
        ], row.item.activity_code
        assert row.annual_target == shown_as_printed(
            item["annual_target"], item["annual_target_text"], item["unit"]
        )
        total = item["total_text"].split(" ")[0]  # the মোট cell: "০৪", "৩১/০৭/২৪", "১০০%"
        if "/" in total:
            assert row.target_total == format_date_long(parse_date(total))
        else:
            assert parse_decimal(row.target_total) == parse_decimal(total)
        assert (row.item.responsible, row.weight) == (item["responsible"], Decimal(item["weight"]))
        assert row.achievement_cells == ["", "", "", ""] and row.score == 0  # the seed's rows are blank
    cells = {r.item.activity_code: r for r in rows}
    assert cells["১.৩"].target_cells[1] == "১ (২৫ জন)"
    assert cells["১.৪"].target_cells[0] == "১ ০১/০৭/২৪"
    assert cells["১.৪"].annual_target.startswith("২ মহিলাদের জন্য পৃথক ওয়াশরুমের ব্যবস্থা [০১/০৭/২০২৪ থেকে]")
    assert sum(r.item.weight for r in rows) == plan.total_marks == Decimal(seed["total_marks"])


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
    assert (rows["২.১"].achievement_total, rows["২.১"].score) == ("৩০ জুলাই ২০২৪", Decimal("2"))
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


# ------------------------------------------------------------------------------------------------
# Roll-up into Section 3


def test_the_plan_score_rolls_up_into_its_governance_indicator(year_2024, monkeypatch):
    agreement = draft_for(year_2024)
    indicator = governance_indicator(agreement, "egov")
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


def test_plan_marks_come_from_the_indicator_never_the_allocation(year_2024):
    agreement = draft_for(year_2024)
    # No Section 3 yet: the stored score counts nothing for the plans, so they scale into nothing.
    assert selectors.plan_marks(agreement, ["grs"]) == {}
    governance_indicator(agreement, "grs", Decimal("5"))
    assert selectors.plan_marks(agreement, ["grs"]) == {"grs": 5}  # the indicator's, not the year's 4
