"""Scoring of APA indicators and governance action plans (DESIGN.md sections 3 and 4).

Pure Python on Decimal; nothing here imports Django, so views, reports and bulk jobs share one implementation.

- Annual achievement from the four quarters (Q1 Jul-Sep .. Q4 Apr-Jun) by calculation method: the sum of the
  reported quarters, their mean, the latest reported value (cumulative) or the earliest reported date. Nothing
  reported gives None: it scores 0 and is shown as "not reported", unlike a reported zero. An indicator
  without a method is scored only while a single quarter is reported (every method reads one value alike).
- Raw score, in percent, against the filled target columns (blanks are skipped): the level of the best column
  reached, linear interpolation between filled neighbours (or, by fiscal-year policy, a step down to the
  column reached), 0 below the worst filled column, never more than the best level. Falling targets mean
  higher is better, rising targets lower is better, dates earlier is better. Where numbers cannot tell (a
  single target, or a constant row) the caller's `direction` decides; without it higher is better is
  assumed, and the explanation says so (`direction_assumed`). A non-monotonic row, or a direction that
  contradicts the targets, is an error, never a guess. An achievement equal to tied columns earns the best
  of their levels.
- An indicator that cannot be scored raises ValueError, or with `strict=False` scores 0 with the reason in
  `problem`, so that an agreement still being drafted has a score.
- Weighted score = weight x raw / 100; area and agreement totals are sums of the weighted scores.
- Governance indicators (unit "প্রাপ্ত নম্বর") carry the scaled score of their action plan (Annex 4-8), capped at
  their weight. Plan items score on levels, proportionally (weight x min(achieved / target, 1)) or by a date.

Results are quantized to four decimals, ROUND_HALF_UP, and shown with two (templates, explanations).
Progress, claimed and verified scores are the same computation on different inputs (ScoreKind).

- The grade of a total score (out of 100) is the band of the target columns it reaches: 95 is অতি উত্তম, and
  anything below the last column is still called by the last column's name (চলতি মানের নিম্নে).

The modules: `annual` (the annual achievement), `grades` (the grade of a total), `raw` (the raw score against
the target columns and its explanation), `weighted` (indicator, area and agreement scores), `plans`
(governance plans), `outliers` (a reported value far outside its targets, flagged for the supervisor),
`common` (what they share).
"""

from .annual import Method, annual_achievement, values_through
from .common import DEFAULT_LEVELS, QUANT, QUARTERS, ZERO, Column, Level, Number, ScoreKind, Value
from .grades import grade
from .outliers import FAR_FACTOR, far_outside_targets
from .plans import (
    PlanItemInput,
    PlanItemKind,
    PlanItemScore,
    PlanScore,
    quarterly_proportional,
    scale_plan_score,
    score_plan,
)
from .raw import (
    Direction,
    Policy,
    RawScoreExplanation,
    Rule,
    TargetOrderError,
    explain_raw_score,
    raw_score,
    readable_direction,
    target_direction,
)
from .weighted import (
    AgreementScore,
    AreaInput,
    AreaScore,
    IndicatorInput,
    IndicatorScore,
    score_agreement,
    score_indicator,
    total_score,
)

__all__ = [
    "DEFAULT_LEVELS",
    "FAR_FACTOR",
    "QUANT",
    "QUARTERS",
    "ZERO",
    "AgreementScore",
    "AreaInput",
    "AreaScore",
    "Column",
    "Direction",
    "IndicatorInput",
    "IndicatorScore",
    "Level",
    "Method",
    "Number",
    "PlanItemInput",
    "PlanItemKind",
    "PlanItemScore",
    "PlanScore",
    "Policy",
    "RawScoreExplanation",
    "Rule",
    "ScoreKind",
    "TargetOrderError",
    "Value",
    "annual_achievement",
    "explain_raw_score",
    "far_outside_targets",
    "grade",
    "quarterly_proportional",
    "raw_score",
    "readable_direction",
    "scale_plan_score",
    "score_agreement",
    "score_indicator",
    "score_plan",
    "target_direction",
    "total_score",
    "values_through",
]
