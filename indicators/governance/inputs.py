"""An agreement's plans and their items turned into the pure scoring core's inputs (`plan_score_inputs`,
called by `indicators.scores.refresh_scores`).

Scoring inputs by kind (DESIGN.md section 4):
- progress: the values on record — an item's annual achievement where one was recorded, otherwise its
  quarterly achievements combined;
- claimed: the office's self-assessment. Where the office stated a claimed score (দাবিকৃত স্কোর) that claim
  stands, capped at the item's weight; elsewhere the score is computed as for progress. A claim is never
  silently trusted: the plan tables show, per item, the computed score beside the claim, and say whether the
  values on record support it or the achievement is text only (seed 004's [২.২.২]: only the supervisor's
  verification can confirm it);
- verified: only what the supervisor verified (`services.plan_item_verify`): the values on
  record once accepted, a corrected value, or — for an item whose achievement is text only — the claimed
  score accepted or a score set with a reason. Items not yet verified score 0.

Alternatives (seed 003: "আওতাধীন দপ্তর/সংস্থা না থাকলে ..."): a row with `alternative_to` replaces the row
of that code once the office gives it a target; it then carries that row's marks — its own weight where the
template gives one, else an equal share of the replaced row's weight — and the replaced row no longer counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from django.db.models import Prefetch

from agreements.models import Agreement, AgreementStatus, GovernancePlanKind
from evidence.models import EvidenceItem
from indicators import scoring, values
from indicators.models import (
    GovernancePlan,
    PlanItem,
    PlanItemAchievement,
    PlanItemScoring,
    PlanTemplateItem,
    ScoreKind,
    TargetType,
    VerificationStatus,
)

# The office may fill in what the template leaves open while its agreement is being drafted.
DRAFTING_STATUSES = (AgreementStatus.DRAFT, AgreementStatus.RETURNED)
# Quarterly achievements are entered, and verified, once the agreement is signed.
QUARTERS = (1, 2, 3, 4)
WEIGHT_QUANT = Decimal("0.01")


def plans_of_agreement(agreement: Agreement, *, pk: int | None = None) -> list[GovernancePlan]:
    """The agreement's plans in Annex order (or its plan `pk` alone, when it has one), with items, quarterly
    achievements and live evidence."""

    queryset = GovernancePlan.objects.filter(agreement=agreement)
    if pk is not None:
        queryset = queryset.filter(pk=pk)
    plans = list(
        queryset.prefetch_related(
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


def item_code(item: PlanItem | PlanTemplateItem) -> str:
    """The code an item goes by: its indicator code, else its activity code (the integrity plan has no
    indicator codes), else its position."""
    return item.indicator_code or item.activity_code or str(item.position)


# ------------------------------------------------------------------------------------------------
# Values by kind


def verified_as_recorded(item: PlanItem) -> bool:
    """The supervisor accepted the values on record (not a claim, not a correction)."""
    return item.verification_status == VerificationStatus.ACCEPTED and item.verified_score is None


def corrected_value(item: PlanItem):
    if item.verification_status == VerificationStatus.CORRECTED:
        return item.corrected_value
    return None


def quarter_values(item: PlanItem, kind: str) -> list:
    """The item's four quarterly achievements (None where not reported) as they count for `kind`."""
    by_quarter: list = [None, None, None, None]
    if kind == ScoreKind.VERIFIED and not verified_as_recorded(item):
        return by_quarter
    for achievement in item.achievements.all():
        by_quarter[achievement.quarter - 1] = achievement.value
    return by_quarter


def annual_value(item: PlanItem, kind: str):
    """The item's achievement for the year: a corrected value (verified), its recorded annual value, else its
    quarters combined (sum for counts, the latest for percentages, the earliest date for dates). None when
    nothing is reported."""
    if kind == ScoreKind.VERIFIED:
        if corrected_value(item) is not None:
            return corrected_value(item)
        if not verified_as_recorded(item):
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


def has_target(item: PlanItem) -> bool:
    if item.scoring == PlanItemScoring.LEVELS:
        return any(t is not None for t in item.targets)
    return single_target(item) is not None


@dataclass(frozen=True)
class Proportion:
    """What a proportional item's score compares: achieved ÷ target. `divisor` is the number of quarters
    with a target when a percentage is planned per quarter: the table prints both figures divided by it
    (four quarters at 100% are 100% for the year, one of them reported is 25%), which leaves the ratio, and
    so the score, as it is."""

    achieved: Decimal | None
    target: Decimal | None
    divisor: int = 1

    def shown(self, value: Decimal | None) -> Decimal | None:
        if value is None or self.divisor == 1:
            return value
        return (value / self.divisor).quantize(WEIGHT_QUANT).normalize()


def proportion(item: PlanItem, kind: str) -> Proportion:
    quarterly_targets = [decode(t, item) for t in item.quarterly_targets]
    annual_override = item.achievement is not None or corrected_value(item) is not None
    if len(quarterly_targets) == 4 and any(t is not None for t in quarterly_targets) and not annual_override:
        achieved, target = scoring.quarterly_proportional(quarterly_targets, quarter_values(item, kind))
        divisor = 1
        if item.target_type == TargetType.PERCENT:
            divisor = sum(1 for t in quarterly_targets if t is not None)
        return Proportion(achieved, target, divisor)
    return Proportion(annual_value(item, kind), single_target(item))


# ------------------------------------------------------------------------------------------------
# Scoring inputs


def untargeted_input(code: str, weight: Decimal | None) -> scoring.PlanItemInput:
    """An item with no target yet (an alternative the office has not taken up, or a row the office has
    still to fill in) cannot earn marks: it reads as not reported and scores 0."""
    return scoring.PlanItemInput(code, weight, "proportional", achievement=None, target=Decimal(1))


def computed_input(
    item: PlanItem, kind: str, levels: tuple[int, ...], weight: Decimal | None
) -> scoring.PlanItemInput:
    """The item scored from its values as they count for `kind` (never a stated score)."""
    code = item_code(item)
    if not has_target(item):
        return untargeted_input(code, weight)
    if item.scoring == PlanItemScoring.DATE_BOUND:
        return scoring.PlanItemInput(
            code, weight, "date_bound", achievement=annual_value(item, kind), target=single_target(item)
        )
    if item.scoring == PlanItemScoring.PROPORTIONAL:
        figures = proportion(item, kind)
        return scoring.PlanItemInput(
            code, weight, "proportional", achievement=figures.achieved, target=figures.target
        )
    targets = [decode(t, item) for t in item.targets][: len(levels)]
    targets += [None] * (len(levels) - len(targets))
    return scoring.PlanItemInput(
        code, weight, "levels", targets=targets, levels=levels, achievement=annual_value(item, kind)
    )


def stated_input(code: str, score: Decimal, weight: Decimal) -> scoring.PlanItemInput:
    """A stated score (the office's claim, the supervisor's verified score) as an input the core scores to
    exactly that score, capped at the weight: weight × min(score / weight, 1)."""
    return scoring.PlanItemInput(code, weight, "proportional", achievement=score, target=weight)


def plan_levels(plan: GovernancePlan) -> tuple[int, ...]:
    return tuple(column["percent"] for column in plan.levels) or scoring.DEFAULT_LEVELS


class Basis(StrEnum):
    """What an item's score for a kind rests on."""

    VALUES = "values"  # the values on record (as verified, for the verified kind)
    CLAIM = "claim"  # the office's stated claim
    VERIFIED_SCORE = "verified_score"  # a score the supervisor accepted or set
    REPLACED = "replaced"  # the office took an alternative instead: this row does not count
    NOT_TAKEN = "not_taken"  # an alternative the office did not take up


@dataclass(frozen=True)
class ItemInput:
    """One item's input for a kind: `computed` from its values, `final` what counts (a stated score may
    replace the computed one), the `weight` it carries (an alternative's share) and the `basis`."""

    item: PlanItem
    computed: scoring.PlanItemInput
    final: scoring.PlanItemInput
    basis: Basis
    weight: Decimal | None
    replaced_by: tuple[str, ...] = ()


def alternative_groups(items: list[PlanItem]) -> dict[str, list[PlanItem]]:
    """The alternatives of each replaceable row, by that row's code."""
    groups: dict[str, list[PlanItem]] = {}
    for item in items:
        if item.alternative_to:
            groups.setdefault(item.alternative_to, []).append(item)
    return groups


def alternative_weight(item: PlanItem, replaced: PlanItem | None, group_size: int) -> Decimal | None:
    """An alternative's own weight, else an equal share of the weight of the row it replaces."""
    if item.weight is not None or replaced is None or replaced.weight is None:
        return item.weight
    return (replaced.weight / group_size).quantize(WEIGHT_QUANT)


def item_inputs(plan: GovernancePlan, kind: str) -> list[ItemInput]:
    """The plan's items, in order, with what each contributes to the plan's score for one ScoreKind. Reads
    `plan.items` and each item's `achievements`: prefetch them for many plans."""
    levels = plan_levels(plan)
    items = sorted(plan.items.all(), key=lambda i: i.position)
    by_code = {item_code(i): i for i in items if not i.alternative_to}
    groups = alternative_groups(items)
    taken = {code: [a for a in group if has_target(a)] for code, group in groups.items()}
    inputs = []
    for item in items:
        code = item_code(item)
        if item.alternative_to:
            group = groups[item.alternative_to]
            weight = alternative_weight(item, by_code.get(item.alternative_to), len(group))
        else:
            weight = item.weight
        computed = computed_input(item, kind, levels, weight)
        if not item.alternative_to and taken.get(code):
            # Zero weight: the row neither earns nor counts towards the plan's weights.
            void = untargeted_input(code, Decimal(0))
            names = tuple(item_code(a) for a in taken[code])
            inputs.append(ItemInput(item, void, void, Basis.REPLACED, item.weight, names))
            continue
        if item.alternative_to and not has_target(item):
            void = untargeted_input(code, Decimal(0))
            inputs.append(ItemInput(item, void, void, Basis.NOT_TAKEN, weight))
            continue
        final, basis = computed, Basis.VALUES
        if weight is not None and weight > 0:
            if kind == ScoreKind.CLAIMED and item.claimed_score is not None:
                final, basis = stated_input(code, item.claimed_score, weight), Basis.CLAIM
            elif (
                kind == ScoreKind.VERIFIED
                and item.verification_status != VerificationStatus.PENDING
                and item.verified_score is not None
            ):
                final, basis = stated_input(code, item.verified_score, weight), Basis.VERIFIED_SCORE
        inputs.append(ItemInput(item, computed, final, basis, weight))
    return inputs


def plan_score_inputs(plan: GovernancePlan, kind: str) -> list[scoring.PlanItemInput]:
    """The plan's items as inputs of `scoring.score_plan` for one ScoreKind (see the module docstring)."""
    return [entry.final for entry in item_inputs(plan, kind)]


def plan_score(
    plan: GovernancePlan, kind: str, policy: str = scoring.Policy.INTERPOLATE
) -> scoring.PlanScore:
    return scoring.score_plan(plan_score_inputs(plan, kind), policy)


def with_quarter_value(item: PlanItem, quarter: int, value) -> None:
    """Show `item` (its achievements prefetched) as if `value` were entered for `quarter`, for a preview that
    saves nothing: the prefetched list is replaced in memory only."""
    achievements = [a for a in item.achievements.all() if a.quarter != quarter]
    if value is not None:
        is_date = isinstance(value, date)
        achievements.append(
            PlanItemAchievement(
                item=item,
                quarter=quarter,
                value_date=value if is_date else None,
                value_number=None if is_date else value,
            )
        )
    item._prefetched_objects_cache["achievements"] = sorted(achievements, key=lambda a: a.quarter)
