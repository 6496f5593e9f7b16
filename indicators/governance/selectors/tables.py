"""An agreement's plans as the Annex tables print them, with each item's score for one kind and the
explanation of every score, in the active language."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from agreements.models import Agreement
from apa_portal import display
from apa_portal.bangla import parse_date, parse_decimal
from indicators import scoring
from indicators.governance.inputs import (
    Basis,
    ItemInput,
    annual_value,
    corrected_value,
    decode,
    item_inputs,
    proportion,
    quarter_values,
    single_target,
    takes_quarterly_targets,
)
from indicators.models import (
    GovernancePlan,
    Indicator,
    PlanItem,
    PlanItemScoring,
    ScoreKind,
    TargetType,
    VerificationStatus,
)
from indicators.scores import explain_raw


def show(value, *, percent: bool = False) -> str:
    if value is None:
        return "--"
    if isinstance(value, date):
        return display.date_long(value)
    text = display.number(value)
    return f"{text}%" if percent else text


def text_note(text: str | None, value) -> str:
    """What a cell transcribed from a seed says beyond its value ("০১ (২৫ জন)" → "(২৫ জন)", "০১ ০১/০৭/২৪" →
    "০১/০৭/২৪"); nothing when it says only the value, or no longer starts with it (the office changed the
    value)."""
    if not text or value is None:
        return ""
    head, _space, rest = text.strip().partition(" ")
    try:
        parsed = parse_date(head) if isinstance(value, date) else parse_decimal(head)
    except ValueError:
        return ""
    return rest.strip() if parsed == value else ""


def cell(value, text: str | None = None, *, percent: bool = False) -> str:
    """A target as the table prints it: the value in the interface's digits and its transcribed note."""
    note = text_note(text, value)
    return f"{show(value, percent=percent)} {note}" if note else show(value, percent=percent)


@dataclass
class PlanRow:
    """One item of a plan as the Annex tables print it, with its score for one kind."""

    item: PlanItem
    area_first: bool
    quarterly: bool
    weight: Decimal | None
    annual_target: str
    target_cells: list[str]
    target_total: str
    achievement_cells: list[str]
    achievement_total: str
    reported: bool
    computed_score: Decimal
    score: Decimal
    basis: str
    claimed_score: Decimal | None
    claim_unsupported: bool
    claim_text_only: bool
    explanation: list[str] = field(default_factory=list)
    level_percents: list = field(default_factory=list)

    @property
    def labelled_targets(self) -> list[tuple[str, str]]:
        """The level targets as (column, target) pairs, blank columns kept as "—" so that a lone value is
        seen to be the 80% column's: [("১০০%", "—"), ("৯০%", "—"), ("৮০%", "১")]."""
        return [
            (display.percent(percent), "—" if cell == "--" else cell)
            for percent, cell in zip(self.level_percents, self.target_cells, strict=False)
        ]

    @property
    def targets_line(self) -> str:
        """The level targets on one line, each with its column: "১০০%: — · ৯০%: — · ৮০%: ১"; "" when no
        column is filled."""
        pairs = self.labelled_targets
        if all(cell == "—" for _column, cell in pairs):
            return ""
        return " · ".join(f"{column}: {cell}" for column, cell in pairs)


def claim_rests_on_text(item: PlanItem, computed: scoring.PlanItemScore) -> bool:
    """Seed 004's [২.২.২]: the office describes its achievement in words and records no value."""
    return not computed.reported and bool(item.achievement_text)


def explain_values(entry: ItemInput, result: scoring.PlanItemScore, kind: str) -> list[str]:
    """How the values on record (as they count for `kind`) give the item's computed score."""
    item, computed = entry.item, entry.computed
    percent = item.target_type == TargetType.PERCENT
    weight = display.number(entry.weight) if entry.weight is not None else "—"
    if result.weight_missing:
        return [_("ছকে সূচকের মান নেই: প্রাপ্ত নম্বর ০।")]
    if not result.reported:
        if kind == ScoreKind.VERIFIED and item.verification_status == VerificationStatus.PENDING:
            return [_("তত্ত্বাবধায়ক অফিস এখনো যাচাই করেনি: যাচাইকৃত স্কোরে প্রাপ্ত নম্বর ০।")]
        return [_("অর্জন প্রতিবেদিত হয়নি: প্রাপ্ত নম্বর ০।")]
    achieved = show(computed.achievement, percent=percent)
    if computed.kind == "date_bound":
        done = result.raw > 0
        return [
            _("নির্ধারিত তারিখ %(target)s; সম্পন্ন %(done)s: %(verdict)s, প্রাপ্ত নম্বর %(score)s।")
            % {
                "target": show(computed.target),
                "done": achieved,
                "verdict": _("সময়মতো") if done else _("বিলম্বে — কোনো নম্বর নেই"),
                "score": display.number(result.score, decimals=2),
            }
        ]
    if computed.kind == "proportional":
        figures = proportion(item, kind)
        lines = []
        if figures.divisor > 1:
            lines.append(
                _("ত্রৈমাসিক শতাংশগুলোর যোগফল লক্ষ্যমাত্রার %(n)s ত্রৈমাসিক দিয়ে ভাগ: অর্জন %(a)s, লক্ষ্যমাত্রা %(t)s")
                % {
                    "n": display.number(figures.divisor),
                    "a": show(figures.shown(figures.achieved), percent=True),
                    "t": show(figures.shown(figures.target), percent=True),
                }
            )
        lines.append(
            _("অর্জন %(a)s ÷ লক্ষ্যমাত্রা %(t)s (সর্বোচ্চ ১); %(w)s × %(raw)s%% = %(score)s")
            % {
                "a": show(figures.shown(figures.achieved), percent=percent),
                "t": show(figures.shown(figures.target), percent=percent),
                "w": weight,
                "raw": display.number(result.raw),
                "score": display.number(result.score, decimals=2),
            }
        )
        return lines

    lines = explain_raw(result.explanation, "date" if item.target_type == TargetType.DATE else "number")
    lines.append(
        _("প্রাপ্ত নম্বর = সূচকের মান %(w)s × %(raw)s ÷ ১০০ = %(score)s")
        % {"w": weight, "raw": display.number(result.raw), "score": display.number(result.score, decimals=2)}
    )
    return lines


def explain_item(entry: ItemInput, computed: scoring.PlanItemScore, final: scoring.PlanItemScore, kind: str):
    """Every step of the item's score for `kind`: its values, then what replaced them (a claim, a verified
    score, an alternative taken)."""
    item = entry.item
    if entry.basis == Basis.REPLACED:
        codes = ", ".join(f"[{display.digits(code)}]" for code in entry.replaced_by)
        return [_("অফিস এর বিকল্প %(codes)s নিয়েছে: এই সূচক গণ্য নয়।") % {"codes": codes}]
    if entry.basis == Basis.NOT_TAKEN:
        return [
            _("[%(code)s]-এর বিকল্প সূচক; অফিস এটি নেয়নি (লক্ষ্যমাত্রা নেই): গণ্য নয়।")
            % {"code": display.digits(item.alternative_to)}
        ]
    lines = []
    if item.alternative_to and item.weight is None and entry.weight is not None:
        lines.append(
            _("বিকল্প সূচক: [%(code)s]-এর মান তার বিকল্প সূচকগুলোতে সমান ভাগে, এই সূচকের মান %(w)s।")
            % {"code": display.digits(item.alternative_to), "w": display.number(entry.weight)}
        )
    if kind == ScoreKind.VERIFIED and item.verification_status != VerificationStatus.PENDING:
        lines.append(verification_line(item))
    if entry.basis != Basis.VERIFIED_SCORE:
        lines += explain_values(entry, computed, kind)
    if entry.basis == Basis.CLAIM:
        if claim_rests_on_text(item, computed):
            lines.append(
                _(
                    "অর্জন কেবল বিবরণে লেখা («%(text)s»), কোনো মান লিপিবদ্ধ নেই: অফিসের দাবিকৃত স্কোর %(score)s "
                    "গণ্য, তত্ত্বাবধায়ক অফিসের যাচাই সাপেক্ষ।"
                )
                % {"text": item.achievement_text, "score": display.number(final.score, decimals=2)}
            )
        elif final.score > computed.score:
            lines.append(
                _(
                    "অফিসের দাবিকৃত স্কোর %(score)s গণ্য, কিন্তু লিপিবদ্ধ অর্জন থেকে গণনাকৃত স্কোর "
                    "%(computed)s: দাবি সমর্থিত নয়।"
                )
                % {
                    "score": display.number(final.score, decimals=2),
                    "computed": display.number(computed.score, decimals=2),
                }
            )
        else:
            lines.append(
                _("অফিসের দাবিকৃত স্কোর %(score)s, লিপিবদ্ধ অর্জনে সমর্থিত।")
                % {"score": display.number(final.score, decimals=2)}
            )
    return lines


def verification_line(item: PlanItem) -> str:
    reason = f" — {item.verification_reason}" if item.verification_reason else ""
    if item.verified_score is not None:
        return _("তত্ত্বাবধায়ক অফিসের যাচাইকৃত স্কোর %(score)s%(reason)s") % {
            "score": display.number(item.verified_score, decimals=2),
            "reason": reason,
        }
    if corrected_value(item) is not None:
        return _("তত্ত্বাবধায়ক অফিস অর্জন সংশোধন করেছে: %(value)s%(reason)s") % {
            "value": show(corrected_value(item), percent=item.target_type == TargetType.PERCENT),
            "reason": reason,
        }
    return _("তত্ত্বাবধায়ক অফিস লিপিবদ্ধ অর্জন গ্রহণ করেছে।%(reason)s") % {"reason": reason}


def target_figures(item: PlanItem, kind: str) -> tuple[list, list, object, object]:
    """(target cells, achievement cells, target total, achievement total) as values: per quarter for a
    single-target item, whose totals follow its scoring rule (`proportion`); the level columns otherwise."""
    if item.scoring == PlanItemScoring.LEVELS:
        return (
            [decode(t, item) for t in item.targets],
            quarter_values(item, kind),
            None,
            annual_value(item, kind),
        )
    targets = ([decode(t, item) for t in item.quarterly_targets] + [None] * 4)[:4]
    achieved = quarter_values(item, kind)
    if item.scoring == PlanItemScoring.DATE_BOUND:
        return targets, achieved, single_target(item), annual_value(item, kind)
    figures = proportion(item, kind)
    return targets, achieved, figures.shown(figures.target), figures.shown(figures.achieved)


def plan_rows(
    plan: GovernancePlan, kind: str = ScoreKind.PROGRESS, policy: str = scoring.Policy.INTERPOLATE
) -> list[PlanRow]:
    """The plan's items with the target row, the achievement row and the score of each (integrity plan:
    per quarter; others: the level columns and the annual achievement)."""
    levels = len(plan.levels)
    entries = item_inputs(plan, kind)
    computed = scoring.score_plan([e.computed for e in entries], policy)
    final = scoring.score_plan([e.final for e in entries], policy)
    rows, previous_area = [], object()
    for entry, computed_result, final_result in zip(entries, computed.items, final.items, strict=True):
        item = entry.item
        percent = item.target_type == TargetType.PERCENT
        quarterly = takes_quarterly_targets(item)
        targets, achieved, target_total, achievement_total = target_figures(item, kind)
        if quarterly:
            texts = (list(item.quarterly_targets_text) + [None] * 4)[:4]
            target_cells = [cell(t, text, percent=percent) for t, text in zip(targets, texts, strict=True)]
        else:
            target_cells = [show(t, percent=percent) for t in (targets + [None] * levels)[:levels]]
        area_key = (item.area_code, item.area_title)
        claim = item.claimed_score if kind != ScoreKind.VERIFIED else None
        rows.append(
            PlanRow(
                item=item,
                area_first=area_key != previous_area,
                quarterly=quarterly,
                weight=entry.weight,
                annual_target=cell(
                    decode(item.annual_target or None, item), item.annual_target_text, percent=percent
                )
                if item.annual_target
                else "",
                target_cells=target_cells,
                target_total=show(target_total, percent=percent),
                achievement_cells=[show(a, percent=percent) if a is not None else "" for a in achieved],
                achievement_total=show(achievement_total, percent=percent)
                if achievement_total is not None
                else "",
                reported=final_result.reported,
                computed_score=computed_result.score,
                score=final_result.score,
                basis=entry.basis,
                claimed_score=claim,
                claim_unsupported=claim is not None
                and claim > computed_result.score
                and not claim_rests_on_text(item, computed_result),
                claim_text_only=claim is not None and claim_rests_on_text(item, computed_result),
                explanation=explain_item(entry, computed_result, final_result, kind),
                level_percents=[] if quarterly else [level["percent"] for level in plan.levels],
            )
        )
        previous_area = area_key
    return rows


@dataclass(frozen=True)
class PlanSummary:
    """A plan's score for one kind and its scaling into the marks of its governance indicator."""

    plan: GovernancePlan
    kind: str
    score: Decimal
    computed: Decimal
    total: Decimal
    marks: Decimal | None
    scaled: Decimal | None
    lines: tuple[str, ...]


def plan_summary(
    plan: GovernancePlan, kind: str, marks: Decimal | None, policy: str = scoring.Policy.INTERPOLATE
) -> PlanSummary:
    """The explanation the agreement shows: the plan score, its total, the scaling and the result."""
    entries = item_inputs(plan, kind)
    stated = scoring.score_plan([e.final for e in entries], policy).score
    computed = scoring.score_plan([e.computed for e in entries], policy).score
    lines = [
        _("কর্মপরিকল্পনার স্কোর %(score)s, মোট %(total)s-এর মধ্যে।")
        % {"score": display.number(stated, decimals=2), "total": display.number(plan.total_marks)}
    ]
    if kind == ScoreKind.CLAIMED and stated != computed:
        lines.append(
            _("দাবিকৃত স্কোর %(claimed)s; লিপিবদ্ধ অর্জন থেকে গণনাকৃত স্কোর %(computed)s।")
            % {
                "claimed": display.number(stated, decimals=2),
                "computed": display.number(computed, decimals=2),
            }
        )
    if kind == ScoreKind.VERIFIED:
        counted = [e for e in entries if e.basis not in (Basis.REPLACED, Basis.NOT_TAKEN)]
        verified = [e for e in counted if e.item.verification_status != VerificationStatus.PENDING]
        lines.append(
            _("তত্ত্বাবধায়ক অফিস %(n)sটির মধ্যে %(done)sটি সূচক যাচাই করেছে।")
            % {"n": display.number(len(counted)), "done": display.number(len(verified))}
        )
    scaled = None
    if marks is not None and plan.total_marks > 0:
        scaled = scoring.scale_plan_score(stated, plan.total_marks, marks)
        lines.append(
            _("চুক্তিতে এই কর্মপরিকল্পনার মান %(marks)s: %(score)s × %(marks)s ÷ %(total)s = %(result)s")
            % {
                "marks": display.number(marks),
                "score": display.number(stated, decimals=2),
                "total": display.number(plan.total_marks),
                "result": display.number(scaled, decimals=2),
            }
        )
    elif marks is None:
        lines.append(_("চুক্তির ধারা ৩-এ এই কর্মপরিকল্পনার কোনো সুশাসন সূচক নেই: এর স্কোর চুক্তির মোট স্কোরে গণ্য হয় না।"))
    return PlanSummary(plan, kind, stated, computed, plan.total_marks, marks, scaled, tuple(lines))


def plan_marks(agreement: Agreement, kinds: Iterable[str]) -> dict[str, Decimal]:
    """The marks each plan carries in the agreement: its governance indicator's weight in Section 3, the
    figure the stored scores count (`indicators.scores.indicator_input`). A plan whose agreement has no such
    indicator carries none: scaling it into the fiscal year's allocation would show marks the agreement's
    total never counts."""
    return dict(
        Indicator.objects.filter(agreement=agreement, governance_kind__in=list(kinds)).values_list(
            "governance_kind", "weight"
        )
    )


@dataclass(frozen=True)
class AreaMarkMismatch:
    """A plan area whose marks, as the document prints them, differ from the sum of its items' weights."""

    code: str
    title: str
    marks: Decimal
    items_total: Decimal

    @property
    def warning(self) -> str:
        return _("ক্ষেত্রের মান %(marks)s, সূচকগুলোর মানের যোগফল %(total)s") % {
            "marks": display.number(self.marks),
            "total": display.number(self.items_total),
        }


def area_mark_mismatches(plan: GovernancePlan) -> list[AreaMarkMismatch]:
    """The plan's areas whose printed marks are not the sum of their items' weights (seeds 002/004 print
    35/15 over items adding to 29/21): kept as printed, and shown. An alternative item shares the weight of
    the item it replaces, so only the others count."""
    areas: dict[tuple[str, str], list] = {}
    for item in plan.items.all():
        if item.area_marks is None:
            continue
        entry = areas.setdefault((item.area_code, item.area_title), [item.area_marks, Decimal(0)])
        if item.weight is not None and not item.alternative_to:
            entry[1] += item.weight
    return [
        AreaMarkMismatch(code, title, marks, total)
        for (code, title), (marks, total) in areas.items()
        if marks != total
    ]


def fixed_targets(item: PlanItem, levels: list[dict]) -> str:
    """The level targets a template prescribes, as one line: "৯০ / ৮০ / ৭০ / ৬০" (blank columns left out)."""
    percent = item.target_type == TargetType.PERCENT
    return " / ".join(show(decode(t, item), percent=percent) for t in item.targets[: len(levels)] if t)
