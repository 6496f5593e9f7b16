"""Quarterly achievements of plan items, the annual self-assessment, and evidence."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.access import lock, require_role
from agreements.audit import audit_record
from agreements.models import OFFICE_ROLES, Agreement, User
from apa_portal import display
from apa_portal.bangla import strip_bidi_controls
from evidence import services as evidence_services
from indicators import values
from indicators.governance.services.common import _json, _refresh
from indicators.models import (
    PlanItem,
    PlanItemAchievement,
    TargetType,
    VerificationStatus,
)
from indicators.selectors.quarters import in_force, require_open
from indicators.services import AchievementConflict, check_number

# ------------------------------------------------------------------------------------------------
# Quarterly achievements and evidence


def reverify(item: PlanItem) -> bool:
    """A new value for a verified item sends it back to the supervisor (as for Section 3 achievements): True
    when it was verified."""
    locked = PlanItem.objects.select_for_update().get(pk=item.pk)
    if not locked.reset_verification():
        return False
    locked.save()
    return True


def parse_value(item: PlanItem, value: Any) -> Decimal | date | None:
    """A typed or given achievement value for `item`, read by the one parser (values.parse), under the rules
    a plan item adds: no more than the database holds, no negative number, a percentage up to 100.
    ValidationError in Bangla."""
    if isinstance(value, date | Decimal) or value is None:
        number = value
    else:
        try:
            number = values.parse(value, item.target_type)
        except ValueError as error:
            raise ValidationError(str(error), code="invalid") from None
    if not isinstance(number, Decimal):
        return number
    check_number(number)  # as Section 3: the preview refuses what the save cannot store
    if item.target_type == TargetType.PERCENT and number > 100:
        raise ValidationError(_("শতাংশ ১০০-এর বেশি হতে পারে না।"))
    return number


def check_achieved_on(value: Decimal | date | None, agreement: Agreement) -> None:
    """A date achieved lies in the agreement's fiscal year and not in the future."""
    if isinstance(value, date):
        fiscal_year = agreement.fiscal_year
        if value < fiscal_year.starts_on or value > fiscal_year.ends_on:
            raise ValidationError(_("তারিখটি এই অর্থবছরের (১ জুলাই – ৩০ জুন) মধ্যে হতে হবে।"))
        if value > timezone.localdate():
            raise ValidationError(_("ভবিষ্যতের তারিখ অর্জন হিসেবে লেখা যায় না।"))


@transaction.atomic
def plan_item_achievement_record(
    *,
    item: PlanItem,
    quarter: int,
    value: Any,
    remarks: str,
    actor: User | None,
    expected_revision: int | None = None,
) -> PlanItemAchievement:
    """Record (or clear, with a blank value) a plan item's achievement in one quarter. `value` may be text
    typed by the user, a Decimal or a date. A save naming an older revision than the stored one is a
    conflicting edit and is refused, so that nobody overwrites a colleague's entry unknowingly."""
    agreement = lock(item.plan.agreement)
    require_role(actor, agreement, *OFFICE_ROLES)
    require_open(agreement, quarter)
    parsed = parse_value(item, value)
    check_achieved_on(parsed, agreement)
    achievement = PlanItemAchievement.objects.select_for_update().filter(item=item, quarter=quarter).first()
    stored_revision = 0 if achievement is None else achievement.revision
    if expected_revision is not None and stored_revision != expected_revision and achievement is not None:
        # As in Section 3: a row deleted since the page loaded overwrites nobody's value.
        raise AchievementConflict(achievement, parsed, strip_bidi_controls(remarks or "").strip())
    before = None
    if achievement is None:
        achievement = PlanItemAchievement(item=item, quarter=quarter, revision=0)
    else:
        before = {
            "value": _json(achievement.value_date or achievement.value_number),
            "remarks": achievement.remarks,
        }
    is_date = item.target_type == TargetType.DATE
    achievement.value_date = parsed if is_date else None
    achievement.value_number = None if is_date else parsed
    achievement.remarks = strip_bidi_controls(remarks or "").strip()
    achievement.updated_by = actor
    achievement.revision += 1
    achievement.full_clean()
    achievement.save()
    after = {"value": _json(parsed), "remarks": achievement.remarks}
    if (before or {}).get("value") != after["value"] and reverify(item):
        after["verification"] = VerificationStatus.PENDING
    audit_record(
        actor=actor,
        action="governance_achievement_record",
        obj=achievement,
        agreement=agreement,
        before=before,
        after=after,
    )
    _refresh(agreement)
    return achievement


@transaction.atomic
def plan_item_self_assessment_record(
    *, item: PlanItem, claimed_score: Decimal | None, achievement_text: str, actor: User | None
) -> PlanItem:
    """The office's annual self-assessment of an item: its description of the achievement and the score it
    claims (দাবিকৃত স্কোর), at most the item's weight."""
    agreement = lock(item.plan.agreement)
    require_role(actor, agreement, *OFFICE_ROLES)
    if not in_force(agreement):
        raise ValidationError(_("চুক্তি স্বাক্ষরিত ও কার্যকর হওয়ার পর স্ব-মূল্যায়ন লেখা যায়।"))
    item = PlanItem.objects.select_for_update().get(pk=item.pk)
    if claimed_score is not None and (
        claimed_score < 0 or item.weight is None or claimed_score > item.weight
    ):
        raise ValidationError(
            {
                "claimed_score": _("দাবিকৃত স্কোর ০ থেকে সূচকের মান (%(w)s) এর মধ্যে হতে হবে।")
                % {"w": display.number(item.weight or 0)}
            }
        )
    before = {"claimed_score": _json(item.claimed_score), "achievement_text": item.achievement_text}
    achievement_text = strip_bidi_controls(achievement_text or "").strip()
    changed = (claimed_score, achievement_text) != (item.claimed_score, item.achievement_text)
    item.claimed_score = claimed_score
    item.achievement_text = achievement_text
    after = {"claimed_score": _json(claimed_score), "achievement_text": item.achievement_text}
    if changed and item.reset_verification():
        after["verification"] = VerificationStatus.PENDING
    item.full_clean()
    item.save()
    audit_record(
        actor=actor,
        action="governance_self_assessment_record",
        obj=item,
        agreement=agreement,
        before=before,
        after=after,
    )
    _refresh(agreement)
    return item


@transaction.atomic
def plan_item_evidence_add(
    *,
    item: PlanItem,
    quarter: int,
    actor: User | None,
    url: str = "",
    file: UploadedFile | None = None,
    description: str = "",
):
    """Attach a link or an uploaded file as evidence (প্রমাণক) of a plan item's achievement in a quarter,
    under the same rules as an indicator's evidence (type from the content, size limit, http(s) links)."""
    if bool(url) == bool(file):
        raise ValidationError(_("একটি লিংক অথবা একটি ফাইল দিন।"))
    # The file's checks and virus scan take time: before the row lock, as for an indicator's evidence.
    detected = evidence_services.check_file(file) if file is not None else None
    agreement = lock(item.plan.agreement)
    require_role(actor, agreement, *OFFICE_ROLES)
    require_open(agreement, quarter)
    evidence_services.check_quota(actor=actor, plan_item=item, quarter=quarter)
    target = {"plan_item": item, "quarter": quarter, "description": description, "actor": actor}
    evidence = (
        evidence_services.new_file_evidence(upload=file, detected=detected, **target)
        if file is not None
        else evidence_services.new_link_evidence(url=url, **target)
    )
    return evidence_services.save_evidence(
        evidence, agreement=agreement, action="governance_evidence_add", actor=actor
    )


@transaction.atomic
def plan_item_evidence_remove(*, evidence, actor: User | None) -> None:
    """Withdraw an evidence item; the row stays (removed_at/by) so that a score stays explainable."""
    agreement = lock(evidence.plan_item.plan.agreement)
    require_role(actor, agreement, *OFFICE_ROLES)
    require_open(agreement, evidence.quarter or 1)
    evidence_services.mark_removed(
        evidence, agreement=agreement, action="governance_evidence_remove", actor=actor
    )
