"""The supervisor's verification of quarterly achievements: accept what the office reported, or correct the
value with a stated reason, one achievement at a time or every remaining one at once. The verified score
follows at once."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.access import lock, require_role
from agreements.audit import audit_record
from agreements.models import SUPERVISOR_ROLES, User

from . import values
from .models import Achievement, ValueType, VerificationStatus
from .scores import refresh_scores

# What a verification writes: nothing the office reported is touched.
VERIFICATION_FIELDS = [
    "verification_status",
    "verified_number",
    "verified_date",
    "verification_reason",
    "verified_by",
    "verified_at",
]


def check_corrected_kind(corrected_value: Decimal | date | None, *, is_date: bool) -> None:
    """A corrected value is of the row's kind: a date for a date row, else a number."""
    if is_date != isinstance(corrected_value, date):
        raise ValidationError(
            {"value": _("এই সূচকের মান একটি তারিখ।") if is_date else _("এই সূচকের মান একটি সংখ্যা।")}
        )


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
    require_role(actor, agreement, *SUPERVISOR_ROLES)
    achievement = Achievement.objects.select_for_update().select_related("indicator").get(pk=achievement.pk)
    before = verification_state(achievement)
    reason = (reason or "").strip()
    if accept == (corrected_value is not None):
        raise ValidationError(_("হয় অর্জনটি গ্রহণ করুন, নয়তো সংশোধিত মান দিন।"))
    if accept:
        if not achievement.is_reported:
            raise ValidationError(_("প্রতিবেদিত হয়নি এমন অর্জন গ্রহণ করা যায় না; প্রয়োজনে মান সংশোধন করুন।"))
        achievement.record_verification(VerificationStatus.ACCEPTED, actor=actor, reason=reason)
    else:
        if not reason:
            raise ValidationError({"reason": _("মান সংশোধনের কারণ লিখুন।")})
        check_corrected_kind(corrected_value, is_date=achievement.indicator.value_type == ValueType.DATE)
        if isinstance(corrected_value, date):
            try:
                values.check_date_in_quarter(
                    corrected_value, agreement.fiscal_year.start_year, achievement.quarter
                )
            except ValueError as error:
                raise ValidationError({"value": str(error)}) from None
        achievement.record_verification(
            VerificationStatus.CORRECTED, actor=actor, reason=reason, corrected=corrected_value
        )
    achievement.full_clean()
    achievement.save(update_fields=VERIFICATION_FIELDS)
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


@transaction.atomic
def achievements_accept_remaining(*, agreement, quarter: int, actor: User) -> list[Achievement]:
    """Accept, in one step, every achievement of `quarter` the office reported and the supervisor has not
    decided on yet, unchanged: the rows the supervisor checked and found right. Achievements already accepted
    or corrected are left as they are. One audit row lists what was accepted."""
    agreement = lock(agreement)
    require_role(actor, agreement, *SUPERVISOR_ROLES)
    if quarter not in (1, 2, 3, 4):
        raise ValidationError(_("ত্রৈমাসিক ১ থেকে ৪ এর মধ্যে হতে হবে।"))
    pending = list(
        Achievement.objects.select_for_update(of=("self",))
        .select_related("indicator")
        .filter(
            indicator__agreement=agreement,
            indicator__governance_kind="",
            quarter=quarter,
            verification_status=VerificationStatus.PENDING,
        )
        .exclude(value_number__isnull=True, value_date__isnull=True)
        .order_by(
            "indicator__activity__area__position", "indicator__activity__position", "indicator__position"
        )
    )
    if not pending:
        raise ValidationError(_("এই ত্রৈমাসিকে যাচাইয়ের অপেক্ষায় থাকা কোনো প্রতিবেদিত অর্জন নেই।"))
    now = timezone.now()
    for achievement in pending:
        achievement.record_verification(VerificationStatus.ACCEPTED, actor=actor, at=now)
    Achievement.objects.bulk_update(pending, VERIFICATION_FIELDS)
    audit_record(
        actor=actor,
        action="achievement_accept_remaining",
        obj=agreement,
        agreement=agreement,
        after={
            "quarter": quarter,
            "accepted": [
                {"indicator": a.indicator.code, "achievement": a.pk, "value": values.encode(a.value)}
                for a in pending
            ],
        },
    )
    refresh_scores(agreement=agreement)
    return pending
