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
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from agreements.models import Agreement, FiscalYear, Office
from apa_portal.bangla import format_date_table, format_number

from . import scoring, values
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

QUARTER_NAMES = ("১ম", "২য়", "৩য়", "৪র্থ")


@dataclass(frozen=True)
class PlanResult:
    """A governance plan's score for one kind and its scaling into the agreement."""

    plan: GovernancePlan
    score: scoring.PlanScore


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


def quarter_values(indicator: Indicator, kind: str) -> list:
    by_quarter = [None, None, None, None]
    for achievement in indicator.achievements.all():
        by_quarter[achievement.quarter - 1] = (
            achievement.verified_value if kind == ScoreKind.VERIFIED else achievement.value
        )
    return by_quarter


def aligned_targets(indicator: Indicator, levels: tuple[int, ...]) -> list:
    targets = indicator.target_values()[: len(levels)]
    return targets + [None] * (len(levels) - len(targets))


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


def agreement_inputs(
    areas: list[Area], levels: tuple[int, ...], kind: str, plans: dict[str, PlanResult]
) -> list[scoring.AreaInput]:
    inputs = []
    for area in areas:
        indicator_inputs = []
        for indicator in area_indicators(area):
            if indicator.governance_kind:
                indicator_inputs.append(
                    scoring.IndicatorInput(
                        indicator.code,
                        indicator.weight,
                        indicator.method or None,
                        (),
                        (None, None, None, None),
                        levels,
                        fixed_score=scaled_plan_score(plans.get(indicator.governance_kind), indicator.weight),
                        governance=True,
                    )
                )
                continue
            indicator_inputs.append(
                scoring.IndicatorInput(
                    indicator.code,
                    indicator.weight,
                    indicator.method or None,
                    aligned_targets(indicator, levels),
                    quarter_values(indicator, kind),
                    levels,
                )
            )
        inputs.append(scoring.AreaInput(area.code, area.weight, indicator_inputs))
    return inputs


def compute(agreement: Agreement, kind: str, areas: list[Area] | None = None) -> scoring.AgreementScore:
    """The agreement's score of one kind, computed from the database (nothing is written)."""
    areas = load_tree(agreement) if areas is None else areas
    levels = agreement.fiscal_year.level_percents
    plans = plan_results(agreement, kind)
    return scoring.score_agreement(
        agreement_inputs(areas, levels, kind, plans), policy=agreement.fiscal_year.scoring_policy
    )


# ------------------------------------------------------------------------------------------------
# Persistence


def refresh_scores(*, agreement: Agreement) -> dict[str, Decimal]:
    """Recompute the three scores of `agreement` and store them; returns the totals by kind."""
    with transaction.atomic():
        areas = load_tree(agreement)
        indicators = [indicator for area in areas for indicator in area_indicators(area)]
        indicator_rows, agreement_rows, totals = [], [], {}
        for kind in ScoreKind.values:
            result = compute(agreement, kind, areas)
            totals[kind] = result.total
            scored = [score for area in result.areas for score in area.indicators]
            for indicator, score in zip(indicators, scored, strict=True):
                indicator_rows.append(
                    IndicatorScore(
                        indicator=indicator,
                        agreement=agreement,
                        kind=kind,
                        reported=score.reported,
                        annual_value=values.encode(score.annual_value) or "",
                        raw=score.raw,
                        weighted=score.weighted,
                    )
                )
            agreement_rows.append(
                AgreementScore(
                    agreement=agreement,
                    kind=kind,
                    fiscal_year_id=agreement.fiscal_year_id,
                    supervisor_office_id=agreement.supervisor_office_id,
                    total=result.total,
                    area_totals={area.pk: str(s.total) for area, s in zip(areas, result.areas, strict=True)},
                )
            )
        IndicatorScore.objects.filter(agreement=agreement).exclude(indicator__in=indicators).delete()
        IndicatorScore.objects.bulk_create(
            indicator_rows,
            update_conflicts=True,
            unique_fields=["indicator", "kind"],
            update_fields=["reported", "annual_value", "raw", "weighted"],
        )
        AgreementScore.objects.bulk_create(
            agreement_rows,
            update_conflicts=True,
            unique_fields=["agreement", "kind"],
            update_fields=["fiscal_year", "supervisor_office", "total", "area_totals", "computed_at"],
        )
    return totals


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
        return format_date_table(value)
    return format_number(value)


def explain_annual(score: scoring.IndicatorScore, value_type: str) -> list[str]:
    quarters = ", ".join(
        f"{name}: {show(value, value_type)}"
        for name, value in zip(QUARTER_NAMES, score.quarter_values, strict=True)
    )
    lines = [_("ত্রৈমাসিক অর্জন — %(quarters)s") % {"quarters": quarters}]
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
                "n": format_number(len(reported)),
                "annual": annual,
            }
        )
    elif method == scoring.Method.CUMULATIVE:
        lines.append(_("বার্ষিক অর্জন (ক্রমপুঞ্জিভূত): সর্বশেষ প্রতিবেদিত মান %(annual)s") % {"annual": annual})
    else:
        lines.append(_("বার্ষিক অর্জন (তারিখ): সবচেয়ে আগের প্রতিবেদিত তারিখ %(annual)s") % {"annual": annual})
    return lines


def explain_raw(explanation: scoring.RawScoreExplanation | None, value_type: str) -> list[str]:
    if explanation is None:
        return []
    rule, x = explanation.rule, show(explanation.achievement, value_type)
    raw = format_number(explanation.raw)
    direction = {
        scoring.Direction.HIGHER: _("বেশি অর্জন ভালো"),
        scoring.Direction.LOWER: _("কম অর্জন ভালো"),
        scoring.Direction.EARLIER: _("আগের তারিখ ভালো"),
    }[explanation.direction]
    column = lambda c: f"{format_number(c[0])}% ({show(c[1], value_type)})"  # noqa: E731
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
        (upper_level, upper_target), (lower_level, lower_target) = explanation.upper, explanation.lower
        if value_type == ValueType.DATE or isinstance(lower_target, date):
            span = (upper_target - lower_target).days
            offset = (explanation.achievement - lower_target).days
            unit = _(" (দিনের হিসাবে)")
        else:
            span, offset, unit = upper_target - lower_target, explanation.achievement - lower_target, ""
        text = _(
            "অর্জন %(x)s কলাম %(upper)s ও %(lower)s-এর মাঝে; রৈখিক হিসাব%(unit)s: "
            "%(l)s + (%(u)s − %(l)s) × %(offset)s ÷ %(span)s = %(raw)s"
        ) % {
            "x": x,
            "upper": column(explanation.upper),
            "lower": column(explanation.lower),
            "unit": unit,
            "l": format_number(lower_level),
            "u": format_number(upper_level),
            "offset": format_number(offset),
            "span": format_number(span),
            "raw": raw,
        }
    return [f"{text} ({direction})"]


def explain_indicator(
    score: scoring.IndicatorScore, *, value_type: str, plan: PlanResult | None = None
) -> list[str]:
    """Every step from the quarter values to the weighted score, one line each."""
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
                    "score": format_number(plan.score.score),
                    "total": format_number(plan.plan.total_marks),
                    "marks": format_number(score.weight),
                    "result": format_number(score.weighted),
                }
            )
        return lines
    lines = explain_annual(score, value_type) + explain_raw(score.explanation, value_type)
    lines.append(
        _("প্রাপ্ত নম্বর = সূচকের মান %(weight)s × %(raw)s ÷ ১০০ = %(weighted)s")
        % {
            "weight": format_number(score.weight),
            "raw": format_number(score.raw),
            "weighted": format_number(score.weighted, decimals=2),
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
        agreement_inputs(areas, levels, kind, plans), policy=agreement.fiscal_year.scoring_policy
    )
    explained = []
    for area, area_score in zip(areas, result.areas, strict=True):
        for indicator, score in zip(area_indicators(area), area_score.indicators, strict=True):
            plan = plans.get(indicator.governance_kind) if indicator.governance_kind else None
            explained.append(
                IndicatorExplanation(
                    indicator,
                    area,
                    score,
                    explain_indicator(score, value_type=indicator.value_type, plan=plan),
                )
            )
    totals = [(area, s.total) for area, s in zip(areas, result.areas, strict=True)]
    return AgreementExplanation(agreement, kind, result, explained, totals)
