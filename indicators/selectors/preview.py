"""Preview: what a typed value would do to the score, without saving."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .. import scoring
from ..models import AgreementScore, Indicator, IndicatorScore, ScoreKind
from ..scores import explain_indicator
from ..validation import aligned_targets
from .entry import indicator_quarter_values


@dataclass(frozen=True)
class Preview:
    score: scoring.IndicatorScore
    total: Decimal | None
    lines: list[str]


def preview_score(indicator: Indicator, quarter: int, value: Decimal | date | None) -> Preview:
    """The indicator's progress score and the agreement's total if `value` were saved for `quarter`, by the
    same pure scoring code that the stored scores come from. Raises ValueError when it cannot be scored."""

    achievements = {a.quarter: a for a in indicator.achievements.all()}
    quarter_values = indicator_quarter_values(indicator, achievements)
    quarter_values[quarter - 1] = value
    fiscal_year = indicator.agreement.fiscal_year
    levels = fiscal_year.level_percents
    score = scoring.score_indicator(
        scoring.IndicatorInput(
            indicator.code,
            indicator.weight,
            indicator.method or None,
            aligned_targets(indicator, levels),
            quarter_values,
            levels,
        ),
        fiscal_year.scoring_policy,
    )
    stored = {
        s.kind: s.weighted
        for s in IndicatorScore.objects.filter(indicator=indicator, kind=ScoreKind.PROGRESS).only(
            "kind", "weighted"
        )
    }
    total = (
        AgreementScore.objects.filter(agreement_id=indicator.agreement_id, kind=ScoreKind.PROGRESS)
        .values_list("total", flat=True)
        .first()
    )
    if total is not None:
        total = total - stored.get(ScoreKind.PROGRESS, Decimal(0)) + score.weighted
    return Preview(score, total, explain_indicator(score, value_type=indicator.value_type))
