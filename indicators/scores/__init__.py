"""Scores of agreements, computed by the pure core (`indicators.scoring`) and persisted as snapshots.

`refresh_scores(agreement=...)` must run inside the transaction of any write that changes an achievement, a
target, a weight, a verification or a governance plan value, so that a stored score never disagrees with its
inputs and a ranking of thousands of offices is one indexed query on `AgreementScore`.

The three kinds never mix (DESIGN.md section 4):
- progress: the office's reported values so far, as if the year ended today;
- claimed: the office's self-assessment: its reported values, and for governance plans the claimed item
  scores where the office stated one;
- verified: only values the supervisor accepted or corrected; a governance plan counts once its items carry
  verified values (until then it scores 0 here).

An indicator whose row cannot be scored (targets missing, out of order or not of its value type; achievements
of another type) scores 0 rather than failing the write that changed it: a draft may hold an unfinished
indicator. Its explanation says why, in the words of `indicators.validation`, which also keeps such an
agreement from being submitted.

- `inputs`: the database rows turned into the core's inputs, and `compute`;
- `persistence`: `refresh_scores` and the stored rows;
- `grades`: `grade_of`, a total's grade in its year's bands;
- `rankings`: `ranking`;
- `trends`: `quarter_trends`, the totals quarter by quarter;
- `explanations`: `explain_agreement` and the words of every step.
"""

from .explanations import (
    AgreementExplanation,
    IndicatorExplanation,
    explain_agreement,
    explain_annual,
    explain_direction,
    explain_indicator,
    explain_quarters,
    explain_raw,
    interpolation_terms,
    score_text,
    show,
    unscorable_reason,
)
from .grades import Grade, grade_of
from .inputs import (
    PlanResult,
    agreement_inputs,
    area_indicators,
    compute,
    governance_input,
    indicator_input,
    indicator_list,
    load_tree,
    plan_result,
    plan_results,
    quarter_values,
    scaled_plan_score,
    scorable_targets,
)
from .persistence import (
    AGREEMENT_SCORE_FIELDS,
    SCORE_FIELDS,
    Refreshed,
    agreement_score_row,
    indicator_score_row,
    refresh_all_scores,
    refresh_indicator_scores,
    refresh_scores,
    save_agreement_scores,
    save_indicator_scores,
    score_values,
    stored_agreement_scores,
    stored_progress,
)
from .rankings import ranking
from .trends import QuarterTrend, quarter_trends

__all__ = [
    "AGREEMENT_SCORE_FIELDS",
    "SCORE_FIELDS",
    "AgreementExplanation",
    "Grade",
    "IndicatorExplanation",
    "PlanResult",
    "QuarterTrend",
    "Refreshed",
    "agreement_inputs",
    "agreement_score_row",
    "area_indicators",
    "compute",
    "explain_agreement",
    "explain_annual",
    "explain_direction",
    "explain_indicator",
    "explain_quarters",
    "explain_raw",
    "governance_input",
    "grade_of",
    "indicator_input",
    "indicator_list",
    "indicator_score_row",
    "interpolation_terms",
    "load_tree",
    "plan_result",
    "plan_results",
    "quarter_trends",
    "quarter_values",
    "ranking",
    "refresh_all_scores",
    "refresh_indicator_scores",
    "refresh_scores",
    "save_agreement_scores",
    "save_indicator_scores",
    "scaled_plan_score",
    "scorable_targets",
    "score_text",
    "score_values",
    "show",
    "stored_agreement_scores",
    "stored_progress",
    "unscorable_reason",
]
