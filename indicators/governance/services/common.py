"""What the governance services share: the fields a plan row holds, the permission checks, and the validation
of a row's targets against its plan's level columns. The role check and the
agreement's row lock are agreements.access's."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from agreements.models import Agreement, User
from agreements.selectors import is_administrator
from apa_portal import display
from indicators import scoring, values
from indicators.governance import selectors
from indicators.models import PlanItem, PlanItemScoring, PlanTemplateItem, TargetType
from indicators.scores import refresh_scores

TEMPLATE_FIELDS = ("title_bn", "levels", "total_marks", "notes_bn", "example_office_bn")
# What a template row holds; an agreement's plan item copies these from its template. The `_text` fields keep
# a target cell as the document prints it ("০১ (২৫ জন)"), shown beside the value while the value is unchanged.
ITEM_FIELDS = (
    "area_code",
    "area_title",
    "area_marks",
    "serial",
    "activity_code",
    "activity",
    "indicator_code",
    "indicator",
    "unit",
    "target_type",
    "scoring",
    "weight",
    "alternative_to",
    "targets",
    "responsible",
    "annual_target",
    "annual_target_text",
    "quarterly_targets",
    "quarterly_targets_text",
)


def _refresh(agreement: Agreement) -> None:

    refresh_scores(agreement=agreement)


def _require_admin(actor: User | None) -> None:
    if actor is not None and not is_administrator(actor):
        raise PermissionDenied(_("কেবল প্রশাসক সুশাসন কর্মপরিকল্পনার ছক সম্পাদনা করতে পারেন।"))


def _item_snapshot(item: PlanItem | PlanTemplateItem) -> dict[str, Any]:
    return {name: _json(getattr(item, name)) for name in ITEM_FIELDS}


def _json(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


# ------------------------------------------------------------------------------------------------
# Validation shared by templates and plans


def validate_item_targets(
    item: PlanItem | PlanTemplateItem, levels: list[dict], *, require_filled: bool = False
) -> None:
    """Targets fit the item's type and scoring: level targets line up with the plan's columns in one
    direction; a single-target item has a positive number or a date. Raises a Bangla ValidationError."""
    errors: dict[str, str] = {}
    kind = selectors.value_type(item)
    try:
        decoded = [values.decode(t, kind) for t in item.targets]
        quarterly = [values.decode(t, kind) for t in item.quarterly_targets]
        annual = values.decode(item.annual_target or None, kind)
    except ValueError:
        raise ValidationError(_("লক্ষ্যমাত্রা সূচকের ধরনের সাথে মেলে না।")) from None
    if item.scoring == PlanItemScoring.LEVELS:
        if len(decoded) > len(levels):
            errors["targets"] = _("লক্ষ্যমাত্রার কলাম কর্মপরিকল্পনার কলামের চেয়ে বেশি।")
        elif any(t is not None for t in decoded):
            padded = decoded + [None] * (len(levels) - len(decoded))
            try:
                scoring.target_direction(padded, tuple(c["percent"] for c in levels))
            except scoring.TargetOrderError:
                errors["targets"] = _("লক্ষ্যমাত্রাগুলো কলাম অনুযায়ী একই দিকে ক্রমানুসারে নেই।")
            except ValueError:
                errors["targets"] = _("লক্ষ্যমাত্রা সঠিক নয়।")
        elif require_filled:
            errors["targets"] = _("অন্তত একটি কলামে লক্ষ্যমাত্রা দিন।")
        if not levels:
            errors["scoring"] = _("এই কর্মপরিকল্পনায় লক্ষ্যমাত্রার কলাম নেই; একক লক্ষ্যমাত্রার গণনা বেছে নিন।")
    else:
        if len(quarterly) not in (0, 4):
            errors["quarterly_targets"] = _("চার ত্রৈমাসিকের লক্ষ্যমাত্রা দিন (ফাঁকা রাখা যায়)।")
        if item.scoring == PlanItemScoring.DATE_BOUND and item.target_type != TargetType.DATE:
            errors["target_type"] = _("নির্ধারিত তারিখের সূচকের লক্ষ্যমাত্রার ধরন 'তারিখ' হতে হবে।")
        if item.scoring == PlanItemScoring.PROPORTIONAL and item.target_type == TargetType.DATE:
            errors["target_type"] = _("অনুপাতে গণনার সূচকের লক্ষ্যমাত্রা সংখ্যা বা শতাংশ হতে হবে।")
        numbers = [v for v in [*quarterly, annual] if v is not None and not isinstance(v, date)]
        if any(v < 0 for v in numbers):
            errors["quarterly_targets"] = _("লক্ষ্যমাত্রা ঋণাত্মক হতে পারে না।")
        if require_filled and annual is None and not any(v is not None for v in quarterly):
            errors["annual_target"] = _("বার্ষিক বা ত্রৈমাসিক লক্ষ্যমাত্রা দিন।")
    if item.target_type == TargetType.PERCENT:
        numbers = [v for v in [*decoded, *quarterly, annual] if v is not None and not isinstance(v, date)]
        if any(v > 100 for v in numbers):
            errors.setdefault("targets", _("শতাংশ ১০০-এর বেশি হতে পারে না।"))
    if errors:
        raise ValidationError(errors)


def texts_for(
    row: PlanItem | PlanTemplateItem, source: PlanItem | PlanTemplateItem | None
) -> tuple[str, list[str | None]]:
    """The transcribed target texts `row` keeps from `source` (the same row before an edit): each only where
    its value is unchanged, since a text describes the value it was printed with."""
    if source is None:
        return "", []
    annual = source.annual_target_text if source.annual_target == row.annual_target else ""
    old_values = list(source.quarterly_targets) + [None] * 4
    old_texts = list(source.quarterly_targets_text) + [None] * 4
    quarterly = [
        old_texts[n] if old_values[n] == value else None for n, value in enumerate(row.quarterly_targets)
    ]
    return annual, quarterly if any(quarterly) else []


def validate_allocation_total(marks: dict[str, Decimal], governance_area_marks: Decimal) -> None:
    """The five plans' marks make the governance area's marks (30 in the seeds' years)."""
    total = sum((m for m in marks.values() if m is not None), Decimal(0))
    if total != governance_area_marks:
        raise ValidationError(
            _("পাঁচটি কর্মপরিকল্পনার মানের যোগফল %(sum)s; সুশাসন ক্ষেত্রের মোট মান %(total)s হতে হবে।")
            % {"sum": display.number(total), "total": display.number(governance_area_marks)}
        )


def validate_rows(rows: list[PlanTemplateItem], total_marks: Decimal) -> None:
    """A template's rows together: the weights of the rows that count add up to at most the plan's total;
    an alternative names a row of the template that is not itself an alternative, and the weights its
    alternatives carry add up to at most that row's weight."""
    primaries = {selectors.item_code(r): r for r in rows if not r.alternative_to}
    errors = []
    weights = [r.weight for r in rows if r.weight is not None and not r.alternative_to]
    if sum(weights, Decimal(0)) > total_marks:
        errors.append(
            _("সূচকের মানের যোগফল %(sum)s, কর্মপরিকল্পনার মোট মান %(total)s-এর চেয়ে বেশি।")
            % {"sum": display.number(sum(weights, Decimal(0))), "total": display.number(total_marks)}
        )
    groups: dict[str, list[PlanTemplateItem]] = {}
    for row in rows:
        if row.alternative_to:
            groups.setdefault(row.alternative_to, []).append(row)
    for code, group in groups.items():
        primary = primaries.get(code)
        if primary is None:
            errors.append(
                _("সারি %(rows)s: বিকল্প হিসেবে উল্লিখিত সূচক [%(code)s] এই ছকে নেই।")
                % {"rows": ", ".join(display.number(r.position) for r in group), "code": display.digits(code)}
            )
            continue
        own = sum((r.weight for r in group if r.weight is not None), Decimal(0))
        if primary.weight is not None and own > primary.weight:
            errors.append(
                _("[%(code)s]-এর বিকল্প সূচকগুলোর মানের যোগফল %(sum)s, মূল সূচকের মান %(weight)s-এর চেয়ে বেশি।")
                % {
                    "code": display.digits(code),
                    "sum": display.number(own),
                    "weight": display.number(primary.weight),
                }
            )
    if errors:
        raise ValidationError(errors)
