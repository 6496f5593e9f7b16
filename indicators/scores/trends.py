"""Trends: an agreement's total as if its year had ended after each quarter (the core's `through_quarter`),
for a page of agreements in a fixed number of queries."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch

from agreements.models import Agreement

from .. import scoring
from ..models import Achievement, Indicator, IndicatorScore
from .inputs import governance_input, indicator_input


@dataclass(frozen=True)
class QuarterTrend:
    """The totals after Q1..Q4 and the latest quarter with a reported value (0: none yet); the quarters after
    it repeat the last total and are not part of the trend."""

    totals: tuple[Decimal, ...]
    through: int

    @property
    def reported(self) -> tuple[Decimal, ...]:
        return self.totals[: self.through]


def quarter_trends(*, agreements: Iterable[Agreement], kind: str) -> dict[int, QuarterTrend]:
    """Agreement id -> its trend for `kind`, in three queries however many agreements (each with its fiscal
    year loaded). A governance indicator keeps its stored score of `kind` in every quarter: a plan's score is
    not split by quarter (the core ignores `through_quarter` for it)."""
    agreements = {agreement.pk: agreement for agreement in agreements}
    if not agreements:
        return {}
    indicators = Indicator.objects.filter(agreement__in=agreements).prefetch_related(
        Prefetch("achievements", queryset=Achievement.objects.order_by("quarter"))
    )
    plan_scores = dict(
        IndicatorScore.objects.filter(agreement__in=agreements, kind=kind)
        .exclude(indicator__governance_kind="")
        .values_list("indicator_id", "weighted")
    )
    inputs: dict[int, list[scoring.IndicatorInput]] = {pk: [] for pk in agreements}
    for indicator in indicators:
        levels = agreements[indicator.agreement_id].fiscal_year.level_percents
        if indicator.governance_kind:
            inputs[indicator.agreement_id].append(
                governance_input(indicator, levels, plan_scores.get(indicator.pk))
            )
        else:
            inputs[indicator.agreement_id].append(indicator_input(indicator, levels, kind, {}))
    trends = {}
    for pk, agreement in agreements.items():
        # One area holding every indicator: totals are exact sums, so the areas need not be rebuilt.
        areas = [scoring.AreaInput("", Decimal(100), inputs[pk])]
        totals = tuple(
            scoring.score_agreement(
                areas, agreement.fiscal_year.scoring_policy, through_quarter=quarter, strict=False
            ).total
            for quarter in range(1, scoring.QUARTERS + 1)
        )
        through = max(
            (
                quarter
                for ind in inputs[pk]
                for quarter, value in enumerate(ind.quarter_values, start=1)
                if value is not None
            ),
            default=0,
        )
        trends[pk] = QuarterTrend(totals, through)
    return trends
