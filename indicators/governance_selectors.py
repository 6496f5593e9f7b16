"""Reads for the governance action plans (Annex 4-8): the fiscal year's current templates, the variant an
office receives, an agreement's plans as tables, and the plans turned into the pure scoring core's inputs.

Scoring inputs by kind (DESIGN.md section 4; `plan_score_inputs`):
- progress: the values on record — an item's annual achievement where one was recorded (the 2021-22
  self-assessments of seeds 002/004), otherwise its quarterly achievements combined;
- claimed: the office's self-assessment. Where the office stated a claimed score (দাবিকৃত স্কোর) that claim
  stands, capped at the item's weight; elsewhere the score is computed as for progress. A claim is never
  silently trusted: `plan_rows` shows, per item, the computed score beside the claim and flags a claim
  that the values on record do not support (seed 004 claims 4, 2 and 3 marks for three items whose
  achievement is text only — "প্রত্যেক কোয়ার্টারে বাস্তবায়িত" — so it claims 50 of 50 while its values
  compute 41);
- verified: plan items have no verification step yet, so nothing counts as verified (every item reads as
  not reported and scores 0).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from agreements.models import (
    Agreement,
    AgreementStatus,
    FiscalYear,
    GovernanceAllocation,
    GovernancePlanKind,
    OfficeLevel,
)
from apa_portal import display

from . import scoring, values
from .models import (
    GovernancePlan,
    GovernancePlanTemplate,
    PlanItem,
    PlanItemAchievement,
    PlanItemScoring,
    PlanTemplateItem,
    ScoreKind,
    TargetType,
)

# A template in use by agreements in these states cannot change under them (DESIGN.md section 5: a signed
# version stays frozen; a superseded version was signed before it was revised).
SIGNED_STATUSES = (AgreementStatus.SIGNED, AgreementStatus.ACTIVE, AgreementStatus.SUPERSEDED)
# The office may fill in what the template leaves open while its agreement is being drafted.
DRAFTING_STATUSES = (AgreementStatus.DRAFT, AgreementStatus.RETURNED)
# Quarterly achievements are entered once the agreement is signed.
ENTRY_STATUSES = (AgreementStatus.SIGNED, AgreementStatus.ACTIVE)
# Variants that are not tied to one office level: "field" (মাঠ পর্যায়, the integrity plan) and "" (all).
GENERAL_VARIANTS = ("", "field")
QUARTERS = (1, 2, 3, 4)


# ------------------------------------------------------------------------------------------------
# Templates


def templates_of_year(fiscal_year: FiscalYear) -> list[GovernancePlanTemplate]:
    """The current (latest) version of each kind and variant of the year's templates, in Annex order."""
    latest: dict[tuple[str, str], GovernancePlanTemplate] = {}
    for template in GovernancePlanTemplate.objects.filter(fiscal_year=fiscal_year).order_by("-version"):
        latest.setdefault((template.kind, template.variant), template)
    order = {kind: n for n, kind in enumerate(GovernancePlanKind.values)}
    return sorted(latest.values(), key=lambda t: (order.get(t.kind, 99), t.variant))


def template_versions(template: GovernancePlanTemplate) -> QuerySet[GovernancePlanTemplate]:
    return GovernancePlanTemplate.objects.filter(
        fiscal_year_id=template.fiscal_year_id, kind=template.kind, variant=template.variant
    ).order_by("-version")


def template_is_current(template: GovernancePlanTemplate) -> bool:
    return not template_versions(template).filter(version__gt=template.version).exists()


def template_is_locked(template: GovernancePlanTemplate) -> bool:
    """True when a signed agreement's plan was copied from this version: editing must make a new version."""
    return template.plans.filter(agreement__status__in=SIGNED_STATUSES).exists()


def template_usage(template_ids: list[int]) -> dict[int, dict[str, int]]:
    """Per template: its rows, the plans copied from it and how many of those belong to signed agreements
    (three queries, however many templates)."""
    from django.db.models import Count

    usage = {pk: {"items": 0, "plans": 0, "signed": 0} for pk in template_ids}
    rows = PlanTemplateItem.objects.filter(template_id__in=template_ids).values("template_id")
    for row in rows.annotate(n=Count("id")):
        usage[row["template_id"]]["items"] = row["n"]
    plans = GovernancePlan.objects.filter(template_id__in=template_ids).values("template_id")
    for row in plans.annotate(n=Count("id")):
        usage[row["template_id"]]["plans"] = row["n"]
    for row in plans.filter(agreement__status__in=SIGNED_STATUSES).annotate(n=Count("id")):
        usage[row["template_id"]]["signed"] = row["n"]
    return usage


def template_for_office(
    fiscal_year: FiscalYear, kind: str, office_level: str
) -> GovernancePlanTemplate | None:
    """The variant an office of `office_level` receives: the variant named after its level (upazila offices
    get the upazila plans of seed 003), else a general one ("" or "field"), else — for any office but an
    upazila one — the district variant, the one the seeds give to every field office."""
    candidates = {t.variant: t for t in templates_of_year(fiscal_year) if t.kind == kind}
    if office_level in candidates:
        return candidates[office_level]
    for variant in GENERAL_VARIANTS:
        if variant in candidates:
            return candidates[variant]
    if office_level != OfficeLevel.UPAZILA and OfficeLevel.DISTRICT in candidates:
        return candidates[OfficeLevel.DISTRICT]
    # An upazila office with no upazila variant takes the district plan (titled "জেলা/উপজেলা পর্যায়ের").
    return candidates.get(OfficeLevel.DISTRICT) or next(iter(candidates.values()), None)


def template_items(template: GovernancePlanTemplate) -> list[PlanTemplateItem]:
    return list(template.items.order_by("position"))


def allocations_of_year(fiscal_year: FiscalYear) -> dict[str, GovernanceAllocation]:
    return {a.kind: a for a in GovernanceAllocation.objects.filter(fiscal_year=fiscal_year)}


# ------------------------------------------------------------------------------------------------
# An agreement's plans


def plans_of_agreement(agreement: Agreement) -> list[GovernancePlan]:
    """The agreement's plans in Annex order, with items, quarterly achievements and live evidence."""
    from evidence.models import EvidenceItem

    plans = list(
        GovernancePlan.objects.filter(agreement=agreement).prefetch_related(
            Prefetch(
                "items",
                queryset=PlanItem.objects.order_by("position").prefetch_related(
                    Prefetch("achievements", queryset=PlanItemAchievement.objects.order_by("quarter")),
                    Prefetch(
                        "evidence",
                        queryset=EvidenceItem.objects.filter(removed_at__isnull=True).order_by(
                            "uploaded_at", "id"
                        ),
                    ),
                ),
            )
        )
    )
    order = {kind: n for n, kind in enumerate(GovernancePlanKind.values)}
    return sorted(plans, key=lambda p: order.get(p.kind, 99))


def get_plan_item(agreement: Agreement, item_pk: int) -> PlanItem:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(PlanItem.objects.select_related("plan"), pk=item_pk, plan__agreement=agreement)


def takes_quarterly_targets(item: PlanItem | PlanTemplateItem) -> bool:
    """Single-target items (the integrity plan) are planned per quarter and name a responsible person."""
    return item.scoring in (PlanItemScoring.PROPORTIONAL, PlanItemScoring.DATE_BOUND)


def value_type(item: PlanItem | PlanTemplateItem) -> str:
    return "date" if item.target_type == TargetType.DATE else "number"


def decode(raw: str | None, item: PlanItem | PlanTemplateItem):
    return values.decode(raw, value_type(item))


# ------------------------------------------------------------------------------------------------
# Scoring inputs (called by indicators.scores.refresh_scores)


def quarter_values(item: PlanItem, kind: str) -> list:
    """The item's four quarterly achievements (None where not reported) as they count for `kind`."""
    by_quarter: list = [None, None, None, None]
    if kind == ScoreKind.VERIFIED:
        return by_quarter
    for achievement in item.achievements.all():
        value = achievement.value_date if item.target_type == TargetType.DATE else achievement.value_number
        by_quarter[achievement.quarter - 1] = value
    return by_quarter


def annual_value(item: PlanItem, kind: str):
    """The item's achievement for the year: its recorded annual value, else its quarters combined (sum for
    counts, the latest for percentages, the earliest date for dates). None when nothing is reported."""
    if kind == ScoreKind.VERIFIED:
        return None
    if item.achievement is not None:
        return item.achievement
    quarters = quarter_values(item, kind)
    if all(v is None for v in quarters):
        return None
    method = {TargetType.DATE: "date", TargetType.PERCENT: "cumulative"}.get(item.target_type, "sum")
    return scoring.annual_achievement(method, quarters)


def single_target(item: PlanItem) -> Decimal | date | None:
    """A single-target item's target: the annual target, else the sum of its quarterly targets (numbers) or
    the earliest quarterly date."""
    annual = decode(item.annual_target or None, item)
    if annual is not None:
        return annual
    quarterly = [decode(t, item) for t in item.quarterly_targets]
    filled = [t for t in quarterly if t is not None]
    if not filled:
        return None
    return min(filled) if item.target_type == TargetType.DATE else sum(filled, Decimal(0))


def untargeted_input(code: str, item: PlanItem) -> scoring.PlanItemInput:
    """An item with no target yet (the alternatives of seed 003 the office has not taken up, or a row the
    office has still to fill in) cannot earn marks: it reads as not reported and scores 0."""
    return scoring.PlanItemInput(code, item.weight, "proportional", achievement=None, target=Decimal(1))


def has_target(item: PlanItem) -> bool:
    if item.scoring == PlanItemScoring.LEVELS:
        return any(t is not None for t in item.targets)
    return single_target(item) is not None


def computed_input(item: PlanItem, kind: str, levels: tuple[int, ...]) -> scoring.PlanItemInput:
    code = item.indicator_code or item.activity_code or str(item.position)
    if not has_target(item):
        return untargeted_input(code, item)
    if item.scoring == PlanItemScoring.DATE_BOUND:
        return scoring.PlanItemInput(
            code, item.weight, "date_bound", achievement=annual_value(item, kind), target=single_target(item)
        )
    if item.scoring == PlanItemScoring.PROPORTIONAL:
        quarterly_targets = [decode(t, item) for t in item.quarterly_targets]
        if (
            len(quarterly_targets) == 4
            and any(t is not None for t in quarterly_targets)
            and item.achievement is None
        ):
            achieved, target = scoring.quarterly_proportional(quarterly_targets, quarter_values(item, kind))
        else:
            achieved, target = annual_value(item, kind), single_target(item)
        return scoring.PlanItemInput(code, item.weight, "proportional", achievement=achieved, target=target)
    targets = [decode(t, item) for t in item.targets][: len(levels)]
    targets += [None] * (len(levels) - len(targets))
    return scoring.PlanItemInput(
        code, item.weight, "levels", targets=targets, levels=levels, achievement=annual_value(item, kind)
    )


def claim_input(item: PlanItem, code: str) -> scoring.PlanItemInput:
    """The office's stated claim as an input the core scores to exactly the claim, capped at the weight:
    weight × min(claim / weight, 1)."""
    return scoring.PlanItemInput(
        code, item.weight, "proportional", achievement=item.claimed_score, target=item.weight
    )


def plan_levels(plan: GovernancePlan) -> tuple[int, ...]:
    return tuple(column["percent"] for column in plan.levels) or scoring.DEFAULT_LEVELS


def plan_score_inputs(plan: GovernancePlan, kind: str) -> list[scoring.PlanItemInput]:
    """The plan's items, in order, as inputs of `scoring.score_plan` for one ScoreKind (see the module
    docstring). Reads `plan.items` and each item's `achievements`: prefetch them for many plans."""
    levels = plan_levels(plan)
    inputs = []
    for item in sorted(plan.items.all(), key=lambda i: i.position):
        computed = computed_input(item, kind, levels)
        if (
            kind == ScoreKind.CLAIMED
            and item.claimed_score is not None
            and item.weight is not None
            and item.weight > 0
        ):
            inputs.append(claim_input(item, computed.code))
        else:
            inputs.append(computed)
    return inputs


def plan_score(
    plan: GovernancePlan, kind: str, policy: str = scoring.Policy.INTERPOLATE
) -> scoring.PlanScore:
    return scoring.score_plan(plan_score_inputs(plan, kind), policy)


# ------------------------------------------------------------------------------------------------
# Tables and explanations, in the active language


def show(value, item: PlanItem | None = None, *, percent: bool = False) -> str:
    if value is None:
        return "--"
    if isinstance(value, date):
        return display.date_table(value)
    text = display.number(value)
    return f"{text}%" if percent else text


@dataclass
class PlanRow:
    """One item of a plan as the Annex tables print it, with its score for one kind."""

    item: PlanItem
    area_first: bool
    quarterly: bool
    target_cells: list[str]
    target_total: str
    achievement_cells: list[str]
    achievement_total: str
    reported: bool
    computed_score: Decimal
    score: Decimal
    claimed_score: Decimal | None
    claim_unsupported: bool
    explanation: list[str] = field(default_factory=list)


def _total(item: PlanItem, cells: Sequence) -> object:
    filled = [v for v in cells if v is not None]
    if not filled:
        return None
    if item.target_type == TargetType.DATE:
        return min(filled)
    if item.target_type == TargetType.PERCENT:
        # The seed's integrity table prints 100% as the total of four quarters at 100%.
        return (sum(filled, Decimal(0)) / len(filled)).quantize(Decimal("0.01")).normalize()
    return sum(filled, Decimal(0))


def explain_item(
    item: PlanItem, result: scoring.PlanItemScore, computed: scoring.PlanItemInput, percent: bool
) -> list[str]:
    weight = display.number(item.weight) if item.weight is not None else "—"
    if result.weight_missing:
        return [_("ছকে সূচকের মান নেই: প্রাপ্ত নম্বর ০।")]
    if not result.reported:
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
        return [
            _("অর্জন %(a)s ÷ লক্ষ্যমাত্রা %(t)s (সর্বোচ্চ ১); %(w)s × %(raw)s%% = %(score)s")
            % {
                "a": achieved,
                "t": show(computed.target, percent=percent),
                "w": weight,
                "raw": display.number(result.raw),
                "score": display.number(result.score, decimals=2),
            }
        ]
    from .scores import explain_raw

    lines = explain_raw(result.explanation, "date" if item.target_type == TargetType.DATE else "number")
    lines.append(
        _("প্রাপ্ত নম্বর = সূচকের মান %(w)s × %(raw)s ÷ ১০০ = %(score)s")
        % {"w": weight, "raw": display.number(result.raw), "score": display.number(result.score, decimals=2)}
    )
    return lines


def plan_rows(
    plan: GovernancePlan, kind: str = ScoreKind.PROGRESS, policy: str = scoring.Policy.INTERPOLATE
) -> list[PlanRow]:
    """The plan's items with the target row, the achievement row and the score of each (integrity plan:
    per quarter; others: the level columns and the annual achievement)."""
    levels = plan_levels(plan)
    items = sorted(plan.items.all(), key=lambda i: i.position)
    computed_inputs = [computed_input(item, kind, levels) for item in items]
    computed = scoring.score_plan(computed_inputs, policy)
    stated = scoring.score_plan(plan_score_inputs(plan, kind), policy)
    rows, previous_area = [], object()
    for item, inp, result, final in zip(items, computed_inputs, computed.items, stated.items, strict=True):
        percent = item.target_type == TargetType.PERCENT
        quarterly = takes_quarterly_targets(item)
        if quarterly:
            targets = [decode(t, item) for t in item.quarterly_targets] or [None] * 4
            targets = (targets + [None] * 4)[:4]
            achieved = quarter_values(item, kind)
            target_total = (
                _total(item, targets) if any(t is not None for t in targets) else single_target(item)
            )
            achievement_total = (
                annual_value(item, kind) if item.achievement is not None else _total(item, achieved)
            )
        else:
            targets = [decode(t, item) for t in item.targets][: len(levels)]
            targets += [None] * (len(levels) - len(targets))
            achieved, target_total = quarter_values(item, kind), None
            achievement_total = annual_value(item, kind)
        area_key = (item.area_code, item.area_title)
        claim = item.claimed_score if kind != ScoreKind.VERIFIED else None
        rows.append(
            PlanRow(
                item=item,
                area_first=area_key != previous_area,
                quarterly=quarterly,
                target_cells=[show(t, percent=percent) for t in targets],
                target_total=show(target_total, percent=percent),
                achievement_cells=[show(a, percent=percent) if a is not None else "" for a in achieved],
                achievement_total=show(achievement_total, percent=percent)
                if achievement_total is not None
                else "",
                reported=result.reported,
                computed_score=result.score,
                score=final.score,
                claimed_score=claim,
                claim_unsupported=claim is not None and claim > result.score,
                explanation=explain_item(item, result, inp, percent),
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
    stated = scoring.score_plan(plan_score_inputs(plan, kind), policy).score
    computed = scoring.score_plan(
        [
            computed_input(i, kind, plan_levels(plan))
            for i in sorted(plan.items.all(), key=lambda i: i.position)
        ],
        policy,
    ).score
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
        lines.append(_("এই অর্থবছরে কর্মপরিকল্পনাটির জন্য চুক্তিতে কোনো মান নির্ধারিত নেই।"))
    return PlanSummary(plan, kind, stated, computed, plan.total_marks, marks, scaled, tuple(lines))


def plan_marks(agreement: Agreement, kinds: Iterable[str]) -> dict[str, Decimal]:
    """The marks each plan carries in the agreement: its governance indicator's weight in Section 3, else
    the fiscal year's allocation."""
    from .models import Indicator

    marks = {
        a.kind: a.marks for a in GovernanceAllocation.objects.filter(fiscal_year_id=agreement.fiscal_year_id)
    }
    for kind, weight in Indicator.objects.filter(
        agreement=agreement, governance_kind__in=list(kinds)
    ).values_list("governance_kind", "weight"):
        marks[kind] = weight
    return marks
