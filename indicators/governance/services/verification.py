"""The supervisor's verification of plan items: accept the achievement for the year as recorded (or, where it
is text only, the score the office claims), or correct it — to a value, or to a score — with a reason. The
verified score, and with it the governance indicator in Section 3, follows at once."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from agreements.access import lock, require_role
from agreements.audit import audit_record
from agreements.models import SUPERVISOR_ROLES, User
from apa_portal import display
from indicators.governance import selectors
from indicators.governance.services.common import _json, _refresh
from indicators.models import PlanItem, ScoreKind, TargetType, VerificationStatus
from indicators.selectors.quarters import in_force
from indicators.verification import check_corrected_kind


def verification_state(item: PlanItem) -> dict[str, Any]:
    return {
        "status": item.verification_status,
        "verified_value": _json(item.corrected_value),
        "verified_score": _json(item.verified_score),
        "reason": item.verification_reason,
    }


def counted_entry(item: PlanItem) -> selectors.ItemInput:
    """The item as its plan counts it (the weight it carries, whether an alternative replaced it)."""
    entries = selectors.item_inputs(item.plan, ScoreKind.PROGRESS)
    return next(entry for entry in entries if entry.item.pk == item.pk)


@transaction.atomic
def plan_item_verify(
    *,
    item: PlanItem,
    actor: User,
    accept: bool = False,
    corrected_value: Decimal | date | None = None,
    corrected_score: Decimal | None = None,
    reason: str = "",
) -> PlanItem:
    """Verify one plan item: `accept=True`, or a `corrected_value` (the achievement for the year) or a
    `corrected_score` (for an achievement described only in words), with a `reason`."""
    agreement = lock(item.plan.agreement)
    require_role(actor, agreement, *SUPERVISOR_ROLES)
    if not in_force(agreement):
        raise ValidationError(_("চুক্তি স্বাক্ষরিত ও কার্যকর হওয়ার পর অর্জন যাচাই করা যায়।"))
    item = PlanItem.objects.select_for_update().select_related("plan").get(pk=item.pk)
    entry = counted_entry(item)
    if entry.basis in (selectors.Basis.REPLACED, selectors.Basis.NOT_TAKEN):
        raise ValidationError(_("এই সূচক কর্মপরিকল্পনার স্কোরে গণ্য নয়; যাচাইয়ের প্রয়োজন নেই।"))
    before = verification_state(item)
    reason = (reason or "").strip()
    corrections = [v for v in (corrected_value, corrected_score) if v is not None]
    if accept == bool(corrections) or len(corrections) > 1:
        raise ValidationError(_("হয় অর্জনটি গ্রহণ করুন, নয়তো একটি সংশোধিত মান অথবা স্কোর দিন।"))
    item.reset_verification()
    if accept:
        if selectors.annual_value(item, ScoreKind.PROGRESS) is None:
            if item.claimed_score is None:
                raise ValidationError(
                    _("কোনো অর্জন বা দাবিকৃত স্কোর নেই, তাই গ্রহণ করার কিছু নেই; প্রয়োজনে সংশোধিত স্কোর দিন।")
                )
            # Text only (seed 004's [২.২.২]): what the supervisor accepts is the score the office claims.
            item.verified_score = min(item.claimed_score, entry.weight or Decimal(0))
        item.record_verification(VerificationStatus.ACCEPTED, actor=actor, reason=reason)
    else:
        if not reason:
            raise ValidationError({"reason": _("সংশোধনের কারণ লিখুন।")})
        if corrected_score is not None:
            weight = entry.weight or Decimal(0)
            if not 0 <= corrected_score <= weight:
                raise ValidationError(
                    {
                        "score": _("যাচাইকৃত স্কোর ০ থেকে সূচকের মান (%(w)s) এর মধ্যে হতে হবে।")
                        % {"w": display.number(weight)}
                    }
                )
            item.verified_score = corrected_score
        else:
            is_date = item.target_type == TargetType.DATE
            check_corrected_kind(corrected_value, is_date=is_date)
            if not is_date and corrected_value < 0:
                raise ValidationError({"value": _("অর্জন ঋণাত্মক হতে পারে না।")})
            if item.target_type == TargetType.PERCENT and corrected_value > 100:
                raise ValidationError({"value": _("শতাংশ ১০০-এর বেশি হতে পারে না।")})
        item.record_verification(
            VerificationStatus.CORRECTED, actor=actor, reason=reason, corrected=corrected_value
        )
    item.full_clean()
    item.save()
    audit_record(
        actor=actor,
        action="governance_plan_verify",
        obj=item,
        agreement=agreement,
        before=before,
        after=verification_state(item),
        reason=reason,
    )
    _refresh(agreement)
    return item
