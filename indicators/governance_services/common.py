"""What the governance services share: the fields a plan row holds, permission and lock helpers, and the
validation of a row's targets against its plan's level columns."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from agreements.models import (
    Agreement,
    Role,
    User,
)
from agreements.selectors import is_administrator, roles_for

from .. import governance_selectors as selectors
from .. import scoring, values
from ..models import (
    PlanItem,
    PlanItemScoring,
    PlanTemplateItem,
    TargetType,
)

OFFICE_ROLES = (Role.FOCAL_POINT, Role.OFFICE_HEAD)

TEMPLATE_FIELDS = ("title_bn", "levels", "total_marks", "notes_bn", "example_office_bn")
# What a template row holds; an agreement's plan item copies these from its template.
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
    "targets",
    "responsible",
    "annual_target",
    "quarterly_targets",
)


def _refresh(agreement: Agreement) -> None:
    from ..scores import refresh_scores

    refresh_scores(agreement=agreement)


def _require_admin(actor: User | None) -> None:
    if actor is not None and not is_administrator(actor):
        raise PermissionDenied(_("কেবল প্রশাসক সুশাসন কর্মপরিকল্পনার ছক সম্পাদনা করতে পারেন।"))


def _require_office(actor: User | None, agreement: Agreement) -> None:
    if actor is not None and not roles_for(actor, agreement) & set(OFFICE_ROLES):
        raise PermissionDenied(_("এই কাজের অনুমতি আপনার নেই।"))


def _lock(agreement: Agreement) -> Agreement:
    """The agreement re-read under a row lock, so that its status is the one the write relies on."""
    return (
        Agreement.objects.select_for_update(of=("self",))
        .select_related("office", "fiscal_year")
        .get(pk=agreement.pk)
    )


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
