"""Weighted scores: an indicator's (weight x raw / 100, or its governance plan's scaled score) and the area
and agreement totals."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, localcontext

from .annual import annual_achievement, values_through
from .common import _CONTEXT, _HUNDRED, DEFAULT_LEVELS, QUANT, ZERO, Level, Value, _number
from .raw import Policy, RawScoreExplanation, _explain


@dataclass(frozen=True, slots=True)
class IndicatorInput:
    """One indicator as scored. `fixed_score` is set for governance indicators: their plan's scaled score.

    `governance` marks a governance indicator whose plan has no score yet (it scores 0, not reported).
    """

    code: str
    weight: Decimal
    method: str | None
    targets: Sequence[Value | None]
    quarter_values: Sequence[Value | None]
    levels: Sequence[Level] = DEFAULT_LEVELS
    fixed_score: Decimal | None = None
    governance: bool = False


@dataclass(frozen=True, slots=True)
class IndicatorScore:
    """`problem` says why the indicator could not be scored, when the caller asked for a score of 0 rather
    than an error (`strict=False`); `explanation` is then None."""

    code: str
    weight: Decimal
    method: str | None
    quarter_values: tuple[Value | None, ...]
    annual_value: Decimal | date | None
    reported: bool
    raw: Decimal
    weighted: Decimal
    explanation: RawScoreExplanation | None
    governance: bool
    problem: str = ""


@dataclass(frozen=True, slots=True)
class AreaInput:
    code: str
    weight: Decimal
    indicators: Sequence[IndicatorInput]


@dataclass(frozen=True, slots=True)
class AreaScore:
    code: str
    weight: Decimal
    indicators: tuple[IndicatorScore, ...]
    total: Decimal


@dataclass(frozen=True, slots=True)
class AgreementScore:
    areas: tuple[AreaScore, ...]
    total: Decimal


def _score_governance(ind: IndicatorInput, quarters: tuple[Value | None, ...]) -> IndicatorScore:
    if ind.fixed_score is None:
        return IndicatorScore(ind.code, ind.weight, ind.method, quarters, None, False, ZERO, ZERO, None, True)
    fixed = _number(ind.fixed_score, "fixed score")
    if fixed < 0:
        raise ValueError(f"fixed score is negative: {fixed}")
    weighted = min(Decimal(fixed), Decimal(ind.weight)).quantize(QUANT, ROUND_HALF_UP)
    raw = (weighted * 100 / ind.weight).quantize(QUANT, ROUND_HALF_UP) if ind.weight else ZERO
    return IndicatorScore(ind.code, ind.weight, ind.method, quarters, fixed, True, raw, weighted, None, True)


def _unscorable(ind: IndicatorInput, through_quarter: int | None, error: ValueError) -> IndicatorScore:
    quarters = tuple(ind.quarter_values)
    if through_quarter is not None:
        quarters = values_through(quarters, through_quarter)
    try:
        annual = annual_achievement(ind.method, quarters)
    except ValueError:
        annual = None
    reported = any(value is not None for value in quarters)
    governance = ind.governance or ind.fixed_score is not None
    return IndicatorScore(
        ind.code, ind.weight, ind.method, quarters, annual, reported, ZERO, ZERO, None, governance, str(error)
    )


def _score_indicator(
    ind: IndicatorInput, policy: str, through_quarter: int | None, strict: bool = True
) -> IndicatorScore:
    try:
        if _number(ind.weight, "weight") < 0:
            raise ValueError(f"weight is negative: {ind.weight}")
        quarters = (
            tuple(ind.quarter_values)
            if through_quarter is None
            else values_through(ind.quarter_values, through_quarter)
        )
        if ind.governance or ind.fixed_score is not None:
            return _score_governance(ind, quarters)
        annual = annual_achievement(ind.method, quarters)
        explanation = _explain(ind.targets, annual, ind.levels, policy)
        weighted = (ind.weight * explanation.raw / _HUNDRED).quantize(QUANT, ROUND_HALF_UP)
        reported, raw = annual is not None, explanation.raw
        return IndicatorScore(
            ind.code, ind.weight, ind.method, quarters, annual, reported, raw, weighted, explanation, False
        )
    except ValueError as exc:
        if not strict:
            return _unscorable(ind, through_quarter, exc)
        exc.add_note(f"while scoring indicator {ind.code}")
        raise


def score_indicator(
    ind: IndicatorInput,
    policy: str = Policy.INTERPOLATE,
    through_quarter: int | None = None,
    *,
    strict: bool = True,
) -> IndicatorScore:
    """Score one indicator; `through_quarter` (1-4) scores progress as if the year ended after that quarter.

    A governance indicator's fixed score is already the plan's score for the period the caller chose, so
    `through_quarter` does not change it. Inputs that cannot be scored (a target row out of order, no target,
    an achievement of the wrong kind...) raise ValueError, or with `strict=False` score 0 with the reason
    in `problem`: a draft may hold an unfinished indicator, and its agreement must still have a score.
    """
    with localcontext(_CONTEXT):
        return _score_indicator(ind, policy, through_quarter, strict)


def total_score(weighted: Iterable[Decimal]) -> Decimal:
    """An area's or an agreement's total: the plain sum of scores already quantized to four decimals, so it
    is exact and the same whether summed from fresh scores or from stored ones, in any order."""
    with localcontext(_CONTEXT):
        return sum(weighted, ZERO)


def score_agreement(
    areas: Sequence[AreaInput],
    policy: str = Policy.INTERPOLATE,
    through_quarter: int | None = None,
    *,
    strict: bool = True,
) -> AgreementScore:
    """Score every area of an agreement; totals are sums of the (already quantized) weighted scores.
    `strict` as in `score_indicator`."""
    with localcontext(_CONTEXT):
        area_scores = []
        for area in areas:
            scores = tuple(_score_indicator(ind, policy, through_quarter, strict) for ind in area.indicators)
            total = total_score(score.weighted for score in scores)
            area_scores.append(AreaScore(area.code, area.weight, scores, total))
        return AgreementScore(tuple(area_scores), total_score(area.total for area in area_scores))
