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
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from agreements.models import Agreement, FiscalYear, Office
from apa_portal import display

from . import scoring, validation, values
from .governance_selectors import plan_score_inputs
from .models import (
    Achievement,
    AgreementScore,
    Area,
    GovernancePlan,
    Indicator,
    IndicatorScore,
    ScoreKind,
    ValueType,
)
from .validation import aligned_targets


@dataclass(frozen=True)
class PlanResult:
    """A governance plan's score for one kind and its scaling into the agreement."""

    plan: GovernancePlan
    score: scoring.PlanScore


@dataclass(frozen=True)
class Refreshed:
    """What refresh_scores stored: the totals of the kinds it recomputed and the rows of the indicators it
    recomputed, by (indicator id, kind)."""

    totals: dict[str, Decimal]
    rows: dict[tuple[int, str], IndicatorScore]


# ------------------------------------------------------------------------------------------------
# Inputs: the database rows of one agreement turned into the pure core's inputs.


def load_tree(agreement: Agreement) -> list[Area]:
    """Areas with activities, indicators and achievements, in document order, in four queries."""
    return list(
        Area.objects.filter(agreement=agreement)
        .order_by("position")
        .prefetch_related(
            Prefetch(
                "activities__indicators",
                queryset=Indicator.objects.order_by("position").prefetch_related(
                    Prefetch("achievements", queryset=Achievement.objects.order_by("quarter"))
                ),
            )
        )
    )


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


def indicator_input(
    indicator: Indicator,
    levels: tuple[int, ...],
    kind: str,
    plans: dict[str, PlanResult],
    achievements: Iterable[Achievement] | None = None,
) -> scoring.IndicatorInput:
    """The indicator as the core scores it for `kind`; `achievements` default to its prefetched ones."""
    if indicator.governance_kind:
        return scoring.IndicatorInput(
            indicator.code,
            indicator.weight,
            indicator.method or None,
            (),
            (None, None, None, None),
            levels,
            fixed_score=scaled_plan_score(plans.get(indicator.governance_kind), indicator.weight),
            governance=True,
        )
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
    that cannot be scored scores 0 (see the module docstring)."""
    areas = load_tree(agreement) if areas is None else areas
    levels = agreement.fiscal_year.level_percents
    plans = plan_results(agreement, kind)
    return scoring.score_agreement(
        agreement_inputs(areas, levels, kind, plans),
        policy=agreement.fiscal_year.scoring_policy,
        strict=False,
    )


# ------------------------------------------------------------------------------------------------
# Persistence


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


# ------------------------------------------------------------------------------------------------
# Rankings


def ranking(
    *, fiscal_year: FiscalYear, kind: str, supervisor_office: Office | None = None
) -> QuerySet[AgreementScore]:
    """Current agreements by stored score, best first: one indexed query, however many offices."""
    queryset = AgreementScore.objects.filter(fiscal_year=fiscal_year, kind=kind, agreement__is_current=True)
    if supervisor_office is not None:
        queryset = queryset.filter(supervisor_office=supervisor_office)
    return queryset.select_related("agreement__office").order_by("-total", "agreement__office__name_bn")


# ------------------------------------------------------------------------------------------------
# Explanations, in the active language


def show(value, value_type: str = ValueType.NUMBER) -> str:
    if value is None:
        return "—"
    if isinstance(value, date):
        return display.date_table(value)
    return display.number(value)


def score_text(value: Decimal) -> str:
    """A score or a percentage as explanations show it: two decimals (stored with four)."""
    return display.number(value, decimals=2)


def explain_quarters(score: scoring.IndicatorScore, value_type: str) -> str:
    quarters = ", ".join(
        f"{display.quarter_ordinal(quarter)}: {show(value, value_type)}"
        for quarter, value in zip(display.QUARTERS, score.quarter_values, strict=True)
    )
    return _("ত্রৈমাসিক অর্জন — %(quarters)s") % {"quarters": quarters}


def explain_annual(score: scoring.IndicatorScore, value_type: str) -> list[str]:
    lines = [explain_quarters(score, value_type)]
    reported = [v for v in score.quarter_values if v is not None]
    if not reported:
        lines.append(_("কোনো ত্রৈমাসিকে অর্জন প্রতিবেদিত হয়নি: 'প্রতিবেদিত হয়নি', প্রাপ্ত মান ০।"))
        return lines
    annual = show(score.annual_value, value_type)
    method = score.method
    if not method:
        lines.append(
            _("বার্ষিক অর্জন: একমাত্র প্রতিবেদিত মান %(annual)s (গণনা পদ্ধতি উল্লেখ নেই)") % {"annual": annual}
        )
    elif method == scoring.Method.SUM:
        lines.append(
            _("বার্ষিক অর্জন (সমষ্টি): %(terms)s = %(annual)s")
            % {"terms": " + ".join(show(v) for v in reported), "annual": annual}
        )
    elif method == scoring.Method.AVERAGE:
        lines.append(
            _("বার্ষিক অর্জন (গড়, প্রতিবেদিত %(n)s ত্রৈমাসিকের): (%(terms)s) ÷ %(n)s = %(annual)s")
            % {
                "terms": " + ".join(show(v) for v in reported),
                "n": display.number(len(reported)),
                "annual": annual,
            }
        )
    elif method == scoring.Method.CUMULATIVE:
        lines.append(_("বার্ষিক অর্জন (ক্রমপুঞ্জিভূত): সর্বশেষ প্রতিবেদিত মান %(annual)s") % {"annual": annual})
    else:
        lines.append(_("বার্ষিক অর্জন (তারিখ): সবচেয়ে আগের প্রতিবেদিত তারিখ %(annual)s") % {"annual": annual})
    return lines


def explain_direction(explanation: scoring.RawScoreExplanation) -> str:
    if explanation.direction_assumed:
        return _("লক্ষ্যমাত্রা থেকে দিক বোঝা যায় না; বেশি অর্জন ভালো ধরে নেওয়া হয়েছে")
    return {
        scoring.Direction.HIGHER: _("বেশি অর্জন ভালো"),
        scoring.Direction.LOWER: _("কম অর্জন ভালো"),
        scoring.Direction.EARLIER: _("আগের তারিখ ভালো"),
    }[explanation.direction]


def interpolation_terms(explanation: scoring.RawScoreExplanation, value_type: str) -> tuple[str, str, str]:
    """(how far the achievement is past the worse column, the gap between the two columns, a unit note),
    each written so that every term is non-negative whichever way is better: (a − worse) ÷ (better − worse)
    where higher is better, (worse − a) ÷ (worse − better) where lower is, days for dates."""
    achievement = explanation.achievement
    (_upper_level, better), (_lower_level, worse) = explanation.upper, explanation.lower
    if value_type == ValueType.DATE or isinstance(worse, date):
        # Earlier is better: the achievement is (worse − a) days ahead of the worse column's date.
        return (
            display.number((worse - achievement).days),
            display.number((worse - better).days),
            _(" (দিনের হিসাবে)"),
        )
    if explanation.direction == scoring.Direction.LOWER:
        pairs = ((worse, achievement), (worse, better))
    else:
        pairs = ((achievement, worse), (better, worse))
    offset, span = (f"({show(a)} − {show(b)})" for a, b in pairs)
    return offset, span, ""


def explain_raw(explanation: scoring.RawScoreExplanation | None, value_type: str) -> list[str]:
    if explanation is None:
        return []
    rule, x = explanation.rule, show(explanation.achievement, value_type)
    raw = score_text(explanation.raw)
    column = lambda c: f"{display.number(c[0])}% ({show(c[1], value_type)})"  # noqa: E731
    if rule == scoring.Rule.NOT_REPORTED:
        return [_("অর্জন প্রতিবেদিত হয়নি: প্রাপ্ত শতাংশ ০।")]
    if rule == scoring.Rule.EXACT:
        text = _("অর্জন %(x)s ঠিক %(col)s কলামের সমান: প্রাপ্ত শতাংশ %(raw)s।") % {
            "x": x,
            "col": column(explanation.lower),
            "raw": raw,
        }
    elif rule == scoring.Rule.AT_OR_BEYOND_BEST:
        text = _("অর্জন %(x)s সর্বোচ্চ পূরণকৃত কলাম %(col)s-এর সমান বা ভালো: প্রাপ্ত শতাংশ %(raw)s।") % {
            "x": x,
            "col": column(explanation.lower),
            "raw": raw,
        }
    elif rule == scoring.Rule.BELOW_WORST:
        text = _("অর্জন %(x)s সর্বনিম্ন পূরণকৃত কলাম %(col)s-এর চেয়েও কম: প্রাপ্ত শতাংশ ০।") % {
            "x": x,
            "col": column(explanation.upper),
        }
    elif rule == scoring.Rule.STEPPED:
        text = _("অর্জন %(x)s কলাম %(lower)s ও %(upper)s-এর মাঝে; ধাপ নীতিতে অর্জিত কলামের মান: %(raw)s।") % {
            "x": x,
            "lower": column(explanation.lower),
            "upper": column(explanation.upper),
            "raw": raw,
        }
    else:
        offset, span, unit = interpolation_terms(explanation, value_type)
        text = _(
            "অর্জন %(x)s কলাম %(upper)s ও %(lower)s-এর মাঝে; রৈখিক হিসাব%(unit)s: "
            "%(l)s + (%(u)s − %(l)s) × %(offset)s ÷ %(span)s = %(raw)s"
        ) % {
            "x": x,
            "upper": column(explanation.upper),
            "lower": column(explanation.lower),
            "unit": unit,
            "l": display.number(explanation.lower[0]),
            "u": display.number(explanation.upper[0]),
            "offset": offset,
            "span": span,
            "raw": raw,
        }
    return [f"{text} ({explain_direction(explanation)})"]


def unscorable_reason(indicator: Indicator, levels: tuple[int, ...]) -> str:
    """Why the core could not score `indicator`, in the words validation uses for it."""
    problems = validation.scoring_problems(indicator, levels) or [
        problem
        for problem in validation.validate_office_indicator(indicator, levels)
        if problem.field == "method"
    ]
    if problems:
        return problems[0].message
    return _("সূচক %(code)s-এর অর্জন থেকে স্কোর নির্ণয় করা যায় না।") % {
        "code": validation.code_label(indicator.code)
    }


def explain_indicator(
    score: scoring.IndicatorScore,
    *,
    value_type: str,
    plan: PlanResult | None = None,
    problem: str = "",
) -> list[str]:
    """Every step from the quarter values to the weighted score, one line each. `problem` says why an
    unscorable indicator (`score.problem`) scores 0."""
    if score.governance:
        lines = []
        if plan is None:
            lines.append(_("এই সূচকের কর্মপরিকল্পনার কোনো স্কোর নেই: প্রাপ্ত নম্বর ০।"))
        else:
            lines.append(
                _(
                    "কর্মপরিকল্পনার স্কোর %(score)s / মোট %(total)s; সূচকের মান %(marks)s: "
                    "%(score)s × %(marks)s ÷ %(total)s = %(result)s"
                )
                % {
                    "score": score_text(plan.score.score),
                    "total": display.number(plan.plan.total_marks),
                    "marks": display.number(score.weight),
                    "result": score_text(score.weighted),
                }
            )
        return lines
    if score.problem:
        return [
            explain_quarters(score, value_type),
            _("স্কোর নির্ণয় করা যায়নি, প্রাপ্ত শতাংশ ০ ও প্রাপ্ত নম্বর ০: %(reason)s")
            % {"reason": problem or score.problem},
        ]
    lines = explain_annual(score, value_type) + explain_raw(score.explanation, value_type)
    lines.append(
        _("প্রাপ্ত নম্বর = সূচকের মান %(weight)s × %(raw)s ÷ ১০০ = %(weighted)s")
        % {
            "weight": display.number(score.weight),
            "raw": score_text(score.raw),
            "weighted": score_text(score.weighted),
        }
    )
    return lines


@dataclass(frozen=True)
class IndicatorExplanation:
    indicator: Indicator
    area: Area
    score: scoring.IndicatorScore
    lines: list[str]


@dataclass(frozen=True)
class AgreementExplanation:
    agreement: Agreement
    kind: str
    result: scoring.AgreementScore
    indicators: list[IndicatorExplanation]
    area_totals: list[tuple[Area, Decimal]]


def explain_agreement(agreement: Agreement, kind: str) -> AgreementExplanation:
    """The agreement's score of `kind`, with each indicator's explanation."""
    areas = load_tree(agreement)
    plans = plan_results(agreement, kind)
    levels = agreement.fiscal_year.level_percents
    result = scoring.score_agreement(
        agreement_inputs(areas, levels, kind, plans),
        policy=agreement.fiscal_year.scoring_policy,
        strict=False,
    )
    explained = []
    for area, area_score in zip(areas, result.areas, strict=True):
        for indicator, score in zip(area_indicators(area), area_score.indicators, strict=True):
            plan = plans.get(indicator.governance_kind) if indicator.governance_kind else None
            problem = unscorable_reason(indicator, levels) if score.problem else ""
            lines = explain_indicator(score, value_type=indicator.value_type, plan=plan, problem=problem)
            explained.append(IndicatorExplanation(indicator, area, score, lines))
    totals = [(area, s.total) for area, s in zip(areas, result.areas, strict=True)]
    return AgreementExplanation(agreement, kind, result, explained, totals)
