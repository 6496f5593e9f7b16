"""The supervisor's verification of quarterly achievements: accept what the office reported, or correct the
value with a stated reason. The verified score follows at once."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.models import Role, User
from agreements.services import audit_record, lock, require_role

from .models import Achievement, ValueType, VerificationStatus
from .scores import refresh_scores

VERIFIER_ROLES = (Role.SUPERVISOR_REVIEWER, Role.SUPERVISOR_HEAD)


def verification_state(achievement: Achievement) -> dict:
    return {
        "status": achievement.verification_status,
        "verified_number": str(achievement.verified_number)
        if achievement.verified_number is not None
        else None,
        "verified_date": achievement.verified_date.isoformat() if achievement.verified_date else None,
        "reported": str(achievement.value) if achievement.value is not None else None,
        "revision": achievement.revision,
    }


@transaction.atomic
def achievement_verify(
    *,
    achievement: Achievement,
    accept: bool = False,
    corrected_value: Decimal | date | None = None,
    reason: str = "",
    actor: User,
) -> Achievement:
    """Accept the reported value (`accept=True`) or replace it by `corrected_value`, with `reason`."""
    agreement = lock(achievement.indicator.agreement)
    require_role(actor, agreement, *VERIFIER_ROLES)
    achievement = Achievement.objects.select_for_update().select_related("indicator").get(pk=achievement.pk)
    before = verification_state(achievement)
    reason = (reason or "").strip()
    if accept == (corrected_value is not None):
        raise ValidationError(_("হয় অর্জনটি গ্রহণ করুন, নয়তো সংশোধিত মান দিন।"))
    if accept:
        if not achievement.is_reported:
            raise ValidationError(_("প্রতিবেদিত হয়নি এমন অর্জন গ্রহণ করা যায় না; প্রয়োজনে মান সংশোধন করুন।"))
        achievement.verification_status = VerificationStatus.ACCEPTED
        achievement.verified_number = achievement.verified_date = None
        achievement.verification_reason = reason
    else:
        if not reason:
            raise ValidationError({"reason": _("মান সংশোধনের কারণ লিখুন।")})
        is_date = achievement.indicator.value_type == ValueType.DATE
        if is_date != isinstance(corrected_value, date):
            raise ValidationError(
                {"value": _("এই সূচকের মান একটি তারিখ।") if is_date else _("এই সূচকের মান একটি সংখ্যা।")}
            )
        achievement.verification_status = VerificationStatus.CORRECTED
        achievement.verified_date = corrected_value if is_date else None
        achievement.verified_number = None if is_date else corrected_value
        achievement.verification_reason = reason
    achievement.verified_by = actor
    achievement.verified_at = timezone.now()
    achievement.full_clean()
    achievement.save(
        update_fields=[
            "verification_status",
            "verified_number",
            "verified_date",
            "verification_reason",
            "verified_by",
            "verified_at",
        ]
    )
    audit_record(
        actor=actor,
        action="achievement_verify",
        obj=achievement,
        agreement=agreement,
        before=before,
        after=verification_state(achievement),
        reason=reason,
    )
    refresh_scores(agreement=agreement)
    return achievement
