"""Governance action plans (Annex 4-8): level, proportional and date-bound items, plan totals, and the scaling
of a plan's score into the marks of its governance indicator."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, localcontext
from enum import StrEnum

from .common import (
    _CONTEXT,
    _HUNDRED,
    DEFAULT_LEVELS,
    QUANT,
    ZERO,
    Level,
    Number,
    Value,
    _check_quarters,
    _number,
)
from .raw import Policy, RawScoreExplanation, _explain


class PlanItemKind(StrEnum):
    LEVELS = "levels"
    PROPORTIONAL = "proportional"
    DATE_BOUND = "date_bound"


_PLAN_KINDS = frozenset(PlanItemKind)


@dataclass(frozen=True, slots=True)
class PlanItemInput:
    """One item of a governance action plan (Annex 4-8).

    "levels" items use `targets` against `levels` (3 or 5 columns); "proportional" and "date_bound" items use
    the single `target`. A blank weight (some plans leave it empty) scores 0 and is flagged in the result.
    """

    code: str
    weight: Decimal | None
    kind: str
    targets: Sequence[Value | None] = ()
    levels: Sequence[Level] = DEFAULT_LEVELS
    achievement: Value | None = None
    target: Value | None = None


@dataclass(frozen=True, slots=True)
class PlanItemScore:
    """`raw` is the percent of the weight earned: the raw score, min(achieved / target, 1) x 100, or 100/0."""

    code: str
    kind: PlanItemKind
    weight: Decimal | None
    weight_missing: bool
    achievement: Value | None
    reported: bool
    raw: Decimal
    score: Decimal
    explanation: RawScoreExplanation | None


@dataclass(frozen=True, slots=True)
class PlanScore:
    items: tuple[PlanItemScore, ...]
    total_weight: Decimal
    score: Decimal


def _plan_item_raw(item: PlanItemInput, policy: str) -> tuple[Decimal, RawScoreExplanation | None]:
    """The fraction of the weight earned (0-1, unquantized) and, for level items, the explanation."""
    achievement = item.achievement
    if item.kind == PlanItemKind.LEVELS:
        explanation = _explain(item.targets, achievement, item.levels, policy)
        return explanation.raw / _HUNDRED, explanation
    if item.kind == PlanItemKind.PROPORTIONAL:
        if item.target is None or isinstance(item.target, date):
            raise ValueError(f"a proportional item needs a number as its target, got {item.target!r}")
        target = _number(item.target, "target")
        if target <= 0:
            raise ValueError(f"a proportional item needs a positive target, got {target}")
        if achievement is None:
            return Decimal(0), None
        if isinstance(achievement, date):
            raise ValueError(f"a proportional item needs a number as its achievement, got {achievement}")
        achieved = _number(achievement, "achievement")
        if achieved < 0:
            raise ValueError(f"achievement is negative: {achieved}")
        return min(Decimal(achieved) / target, Decimal(1)), None
    if not isinstance(item.target, date):
        raise ValueError(f"a date-bound item needs a date as its target, got {item.target!r}")
    if achievement is None:
        return Decimal(0), None
    if not isinstance(achievement, date):
        raise ValueError(f"a date-bound item needs a date as its achievement, got {achievement!r}")
    return Decimal(1 if achievement <= item.target else 0), None


def _score_plan_item(item: PlanItemInput, policy: str) -> PlanItemScore:
    if item.kind not in _PLAN_KINDS:
        raise ValueError(f"unknown plan item kind {item.kind!r}; expected one of {', '.join(PlanItemKind)}")
    weight = None if item.weight is None else _number(item.weight, "weight")
    if weight is not None and weight < 0:
        raise ValueError(f"weight is negative: {weight}")
    fraction, explanation = _plan_item_raw(item, policy)
    raw = explanation.raw if explanation else (fraction * 100).quantize(QUANT, ROUND_HALF_UP)
    score = ZERO if weight is None else (weight * fraction).quantize(QUANT, ROUND_HALF_UP)
    achievement, missing = item.achievement, weight is None
    kind, reported = PlanItemKind(item.kind), achievement is not None
    return PlanItemScore(item.code, kind, weight, missing, achievement, reported, raw, score, explanation)


def score_plan(items: Sequence[PlanItemInput], policy: str = Policy.INTERPOLATE) -> PlanScore:
    """A governance action plan's score: the sum of its items; `total_weight` sums the filled weights."""
    with localcontext(_CONTEXT):
        scores = []
        for item in items:
            try:
                scores.append(_score_plan_item(item, policy))
            except ValueError as exc:
                exc.add_note(f"while scoring plan item {item.code}")
                raise
        total_weight = sum((s.weight for s in scores if s.weight is not None), ZERO)
        return PlanScore(tuple(scores), total_weight, sum((s.score for s in scores), ZERO))


def scale_plan_score(score: Number, plan_total: Number, marks: Number) -> Decimal:
    """A plan's score (out of `plan_total`, e.g. 50) in the marks of its governance indicator, capped."""
    with localcontext(_CONTEXT):
        score, plan_total, marks = (
            _number(score, "score"),
            _number(plan_total, "plan total"),
            _number(marks, "marks"),
        )
        if plan_total <= 0:
            raise ValueError(f"plan total must be positive, got {plan_total}")
        if score < 0 or marks < 0:
            raise ValueError(f"score and marks must not be negative, got {score} and {marks}")
        scaled = Decimal(score) * marks / plan_total
        return min(scaled, Decimal(marks)).quantize(QUANT, ROUND_HALF_UP)


def quarterly_proportional(
    quarter_targets: Sequence[Number | None], quarter_achievements: Sequence[Number | None]
) -> tuple[Decimal | None, Decimal]:
    """(achieved, target) for a proportional item with quarterly targets (integrity plan): each is the sum of
    its filled quarters; quarters marked "--" are None. achieved is None when no quarter is reported.

    For progress pass values_through(achievements, n) with the full targets: the year measured as if it
    ended after quarter n, like every other score.
    """
    _check_quarters(quarter_targets)
    _check_quarters(quarter_achievements)
    with localcontext(_CONTEXT):
        targets = [_number(t, "quarter target") for t in quarter_targets if t is not None]
        achieved = [_number(a, "quarter achievement") for a in quarter_achievements if a is not None]
        target = Decimal(sum(targets))
        if target <= 0:
            raise ValueError("no quarter has a positive target")
        return (Decimal(sum(achieved)) if achieved else None), target
