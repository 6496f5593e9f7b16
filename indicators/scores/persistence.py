"""Persistence: the scores of an agreement recomputed and stored, in full or for the indicators a save
changed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from agreements.models import Agreement

from .. import scoring, values
from ..models import Achievement, AgreementScore, Indicator, IndicatorScore, ScoreKind
from .inputs import area_indicators, compute, indicator_input, load_tree, plan_results


@dataclass(frozen=True)
class Refreshed:
    """What refresh_scores stored: the totals of the kinds it recomputed and the rows of the indicators it
    recomputed, by (indicator id, kind)."""

    totals: dict[str, Decimal]
    rows: dict[tuple[int, str], IndicatorScore]


def refresh_scores(
    *,
    agreement: Agreement,
    indicators: Iterable[Indicator] | None = None,
    kinds: Iterable[str] | None = None,
    achievements: Iterable[Achievement] | None = None,
) -> Refreshed:
    """Recompute the scores of `agreement` and store them.

    Without `indicators`, every indicator's three kinds are recomputed: after a change to targets, weights,
    the tree, a governance plan or a verification. With `indicators` (a save of their achievements), only
    their rows of `kinds` (default: all three) are recomputed, and the area and agreement totals of those
    kinds are summed again from the stored rows by the core's own rule (`scoring.total_score`), which gives
    exactly what the full refresh gives. The indicators and their achievements are read again, unless the
    caller passes `achievements`: every achievement of those indicators as it has just read and written them
    under the agreement's lock, the indicators then being scored as given. Either way only rows whose
    values change are written.
    """
    kinds = list(ScoreKind.values if kinds is None else kinds)
    # No savepoint: a failure here fails the caller's write as a whole anyway.
    with transaction.atomic(savepoint=False):
        if indicators is not None:
            refreshed = refresh_indicator_scores(agreement, list(indicators), kinds, achievements)
            if refreshed is not None:
                return refreshed
        return refresh_all_scores(agreement)


def refresh_all_scores(agreement: Agreement) -> Refreshed:
    areas = load_tree(agreement)
    indicators = [indicator for area in areas for indicator in area_indicators(area)]
    indicator_rows, agreement_rows, totals = [], [], {}
    for kind in ScoreKind.values:
        result = compute(agreement, kind, areas)
        totals[kind] = result.total
        scored = [score for area in result.areas for score in area.indicators]
        for indicator, score in zip(indicators, scored, strict=True):
            indicator_rows.append(indicator_score_row(agreement, indicator, kind, score))
        area_totals = {
            area.pk: area_score.total for area, area_score in zip(areas, result.areas, strict=True)
        }
        agreement_rows.append(agreement_score_row(agreement, kind, result.total, area_totals))
    stored = {
        (indicator_id, kind): tuple(score)
        for indicator_id, kind, *score in IndicatorScore.objects.filter(agreement=agreement).values_list(
            "indicator_id", "kind", *SCORE_FIELDS
        )
    }
    IndicatorScore.objects.filter(agreement=agreement).exclude(indicator__in=indicators).delete()
    save_indicator_scores(
        [row for row in indicator_rows if stored.get((row.indicator_id, row.kind)) != score_values(row)]
    )
    save_agreement_scores(agreement_rows, stored_agreement_scores(agreement, ScoreKind.values))
    return Refreshed(totals, {(row.indicator_id, row.kind): row for row in indicator_rows})


def refresh_indicator_scores(
    agreement: Agreement,
    indicators: list[Indicator],
    kinds: list[str],
    achievements: Iterable[Achievement] | None,
) -> Refreshed | None:
    """The incremental refresh (see refresh_scores): two reads (three without `achievements`), at most two
    writes. The totals move by the difference between each indicator's new score and its stored one, which
    keeps them exactly the sum of the stored rows (the sums are exact, `scoring.total_score`) without reading
    the agreement's other rows. None when the stored rows it builds on are missing, so that the caller
    refreshes everything."""
    if achievements is None:
        requested = {indicator.pk for indicator in indicators}
        indicators = list(
            Indicator.objects.filter(agreement=agreement, pk__in=requested).prefetch_related("achievements")
        )
        if len(indicators) != len(requested):
            return None
        achievements = [achievement for i in indicators for achievement in i.achievements.all()]
    elif any(indicator.agreement_id != agreement.pk for indicator in indicators):
        return None
    by_indicator: dict[int, list[Achievement]] = {indicator.pk: [] for indicator in indicators}
    for achievement in achievements:
        by_indicator[achievement.indicator_id].append(achievement)
    stored_totals = stored_agreement_scores(agreement, kinds)
    if len(stored_totals) != len(kinds):
        return None
    # (indicator, kind) -> (reported, annual_value, raw, weighted, area). The indicator's agreement repeats
    # the score's so that PostgreSQL joins through the agreement's indicators, not all of them.
    stored = {
        (indicator_id, kind): score
        for indicator_id, kind, *score in IndicatorScore.objects.filter(
            agreement=agreement, kind__in=kinds, indicator__in=by_indicator, indicator__agreement=agreement
        ).values_list("indicator_id", "kind", *SCORE_FIELDS, "indicator__activity__area_id")
    }
    if len(stored) != len(indicators) * len(kinds):
        return None
    levels = agreement.fiscal_year.level_percents
    policy = agreement.fiscal_year.scoring_policy
    changed, rows, agreement_rows, totals = [], {}, [], {}
    for kind in kinds:
        plans = plan_results(agreement, kind) if any(i.governance_kind for i in indicators) else {}
        # Every full refresh stores a total for each area, empty ones included: they name the areas.
        area_totals = {area: Decimal(total) for area, total in stored_totals[kind][-1].items()}
        for indicator in indicators:
            *old, old_weighted, area_id = stored[indicator.pk, kind]
            inputs = indicator_input(indicator, levels, kind, plans, by_indicator[indicator.pk])
            result = scoring.score_indicator(inputs, policy, strict=False)
            row = rows[indicator.pk, kind] = indicator_score_row(agreement, indicator, kind, result)
            if score_values(row) == (*old, old_weighted):
                continue
            changed.append(row)
            if str(area_id) not in area_totals:
                return None
            area_totals[str(area_id)] = scoring.total_score(
                [area_totals[str(area_id)], row.weighted, -old_weighted]
            )
        totals[kind] = scoring.total_score(area_totals.values())
        agreement_rows.append(agreement_score_row(agreement, kind, totals[kind], area_totals))
    save_indicator_scores(changed)
    save_agreement_scores(agreement_rows, stored_totals)
    return Refreshed(totals, rows)


SCORE_FIELDS = ("reported", "annual_value", "raw", "weighted")


def score_values(row: IndicatorScore) -> tuple:
    return (row.reported, row.annual_value, row.raw, row.weighted)


def indicator_score_row(
    agreement: Agreement, indicator: Indicator, kind: str, score: scoring.IndicatorScore
) -> IndicatorScore:
    return IndicatorScore(
        indicator=indicator,
        agreement=agreement,
        kind=kind,
        reported=score.reported,
        annual_value=values.encode(score.annual_value) or "",
        raw=score.raw,
        weighted=score.weighted,
    )


def agreement_score_row(
    agreement: Agreement, kind: str, total: Decimal, area_totals: dict[int | str, Decimal]
) -> AgreementScore:
    return AgreementScore(
        agreement=agreement,
        kind=kind,
        fiscal_year_id=agreement.fiscal_year_id,
        supervisor_office_id=agreement.supervisor_office_id,
        total=total,
        # JSON keys are strings: written as they read back, so a comparison with the stored row holds.
        area_totals={str(pk): str(area_total) for pk, area_total in area_totals.items()},
    )


def save_indicator_scores(rows: list[IndicatorScore]) -> None:
    if rows:
        IndicatorScore.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["indicator", "kind"], update_fields=list(SCORE_FIELDS)
        )


AGREEMENT_SCORE_FIELDS = ("fiscal_year_id", "supervisor_office_id", "total", "area_totals")


def stored_agreement_scores(agreement: Agreement, kinds: list[str]) -> dict[str, tuple]:
    return {
        kind: tuple(score)
        for kind, *score in AgreementScore.objects.filter(agreement=agreement, kind__in=kinds).values_list(
            "kind", *AGREEMENT_SCORE_FIELDS
        )
    }


def save_agreement_scores(rows: list[AgreementScore], stored: dict[str, tuple]) -> None:
    """Upsert the rows that differ from `stored` (stored_agreement_scores)."""
    changed = [
        row
        for row in rows
        if stored.get(row.kind) != tuple(getattr(row, field) for field in AGREEMENT_SCORE_FIELDS)
    ]
    if changed:
        AgreementScore.objects.bulk_create(
            changed,
            update_conflicts=True,
            unique_fields=["agreement", "kind"],
            update_fields=["fiscal_year", "supervisor_office", "total", "area_totals", "computed_at"],
        )


def stored_progress(indicator: Indicator) -> tuple[IndicatorScore | None, Decimal | None]:
    """The indicator's stored progress score and its agreement's stored progress total."""
    score = IndicatorScore.objects.filter(indicator=indicator, kind=ScoreKind.PROGRESS).first()
    total = (
        AgreementScore.objects.filter(agreement_id=indicator.agreement_id, kind=ScoreKind.PROGRESS)
        .values_list("total", flat=True)
        .first()
    )
    return score, total
