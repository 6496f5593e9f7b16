"""Inputs: the database rows of one agreement turned into the pure core's inputs, and the agreement's score
computed from them (nothing is written)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch

from agreements.models import Agreement
from indicators.governance.inputs import plan_score_inputs

from .. import scoring
from ..models import Achievement, Area, GovernancePlan, Indicator, ScoreKind
from ..validation import aligned_targets


@dataclass(frozen=True)
class PlanResult:
    """A governance plan's score for one kind and its scaling into the agreement."""

    plan: GovernancePlan
    score: scoring.PlanScore


def load_tree(agreement: Agreement) -> list[Area]:
    """Areas with activities, indicators and achievements, in document order, in four queries."""
    achievements = Prefetch("achievements", queryset=Achievement.objects.order_by("quarter"))
    return list(Area.objects.filter(agreement=agreement).with_tree(achievements))


def area_indicators(area: Area) -> list[Indicator]:
    return [
        indicator
        for activity in sorted(area.activities.all(), key=lambda a: a.position)
        for indicator in indicator_list(activity)
    ]


def indicator_list(activity) -> list[Indicator]:
    return sorted(activity.indicators.all(), key=lambda i: i.position)


def quarter_values(achievements: Iterable[Achievement], kind: str) -> list:
    by_quarter = [None, None, None, None]
    for achievement in achievements:
        by_quarter[achievement.quarter - 1] = (
            achievement.verified_value if kind == ScoreKind.VERIFIED else achievement.value
        )
    return by_quarter


def scorable_targets(indicator: Indicator, levels: tuple[int, ...]) -> list:
    """The aligned targets, or blanks where they cannot be read as the indicator's value type, so that the
    core finds the row unscorable (and `unscorable_reason` says why)."""
    try:
        return aligned_targets(indicator, levels)
    except ValueError:
        return [None] * len(levels)


def plan_result(plan: GovernancePlan, kind: str, policy: str) -> PlanResult:
    # The office's stated claims count for CLAIMED (seed 004's দাবিকৃত স্কোর); see plan_score_inputs.
    return PlanResult(plan, scoring.score_plan(plan_score_inputs(plan, kind), policy))


def plan_results(agreement: Agreement, kind: str) -> dict[str, PlanResult]:
    plans = GovernancePlan.objects.filter(agreement=agreement).prefetch_related("items__achievements")
    return {plan.kind: plan_result(plan, kind, agreement.fiscal_year.scoring_policy) for plan in plans}


def scaled_plan_score(result: PlanResult | None, marks: Decimal) -> Decimal | None:
    if result is None or result.plan.total_marks <= 0:
        return None
    return scoring.scale_plan_score(result.score.score, result.plan.total_marks, marks)


def governance_input(
    indicator: Indicator, levels: tuple[int, ...], fixed_score: Decimal | None
) -> scoring.IndicatorInput:
    """A governance indicator: it carries its plan's score (`fixed_score`), no quarter values."""
    return scoring.IndicatorInput(
        indicator.code,
        indicator.weight,
        indicator.method or None,
        (),
        (None, None, None, None),
        levels,
        fixed_score=fixed_score,
        governance=True,
    )


def indicator_input(
    indicator: Indicator,
    levels: tuple[int, ...],
    kind: str,
    plans: dict[str, PlanResult],
    achievements: Iterable[Achievement] | None = None,
) -> scoring.IndicatorInput:
    """The indicator as the core scores it for `kind`; `achievements` default to its prefetched ones."""
    if indicator.governance_kind:
        fixed_score = scaled_plan_score(plans.get(indicator.governance_kind), indicator.weight)
        return governance_input(indicator, levels, fixed_score)
    return scoring.IndicatorInput(
        indicator.code,
        indicator.weight,
        indicator.method or None,
        scorable_targets(indicator, levels),
        quarter_values(indicator.achievements.all() if achievements is None else achievements, kind),
        levels,
    )


def agreement_inputs(
    areas: list[Area], levels: tuple[int, ...], kind: str, plans: dict[str, PlanResult]
) -> list[scoring.AreaInput]:
    return [
        scoring.AreaInput(
            area.code,
            area.weight,
            [indicator_input(indicator, levels, kind, plans) for indicator in area_indicators(area)],
        )
        for area in areas
    ]


def compute(agreement: Agreement, kind: str, areas: list[Area] | None = None) -> scoring.AgreementScore:
    """The agreement's score of one kind, computed from the database (nothing is written); an indicator
    that cannot be scored scores 0 (see the package docstring)."""
    areas = load_tree(agreement) if areas is None else areas
    levels = agreement.fiscal_year.level_percents
    plans = plan_results(agreement, kind)
    return scoring.score_agreement(
        agreement_inputs(areas, levels, kind, plans),
        policy=agreement.fiscal_year.scoring_policy,
        strict=False,
    )
