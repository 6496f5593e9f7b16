"""Explanations, in the active language: every step from an indicator's quarter values to its weighted score,
and an agreement's score with each indicator's explanation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from agreements.models import Agreement
from apa_portal import display

from .. import scoring, validation
from ..models import Area, Indicator, ValueType
from .inputs import PlanResult, agreement_inputs, area_indicators, load_tree, plan_results


def signed(number: str) -> str:
    """A formatted number with the minus sign (−) the formulas use, not a hyphen (issue 14)."""
    return "\u2212" + number[1:] if number.startswith("-") else number


def show(value, value_type: str = ValueType.NUMBER) -> str:
    if value is None:
        return "—"
    if isinstance(value, date):
        return display.date_long(value)
    return signed(display.number(value))


def score_text(value: Decimal) -> str:
    """A score or a percentage as explanations show it: two decimals (stored with four)."""
    return signed(display.number(value, decimals=2))


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
            show((worse - achievement).days),
            show((worse - better).days),
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
