"""The annual self-assessment: the office claims its score, the supervisor verifies and publishes."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.access import lock, require_role
from agreements.audit import audit_record
from indicators.models import AgreementScore, ScoreKind

from .. import notifications
from ..models import Agreement, AgreementStatus, Role, SelfAssessment, SelfAssessmentStatus, User
from .core import OFFICE_ROLES, refresh


def stored_total(agreement: Agreement, kind: str) -> Decimal:

    score = AgreementScore.objects.filter(agreement=agreement, kind=kind).first()
    return score.total if score else Decimal("0")


@transaction.atomic
def self_assessment_submit(*, agreement: Agreement, note: str = "", actor: User) -> SelfAssessment:
    """The office claims its year's score (computed from its reported achievements, with their evidence).
    After the deadline it may still submit; the supervisor sees that it came late."""

    agreement = lock(agreement)
    require_role(actor, agreement, *OFFICE_ROLES)
    if agreement.status != AgreementStatus.ACTIVE or not agreement.is_current:
        raise ValidationError(_("কেবল কার্যকর চুক্তির স্ব-মূল্যায়ন দাখিল করা যায়।"))
    existing = SelfAssessment.objects.filter(agreement=agreement).first()
    if existing is not None and existing.status != SelfAssessmentStatus.SUBMITTED:
        raise ValidationError(_("স্ব-মূল্যায়ন ইতিমধ্যে যাচাই হয়েছে; আর পরিবর্তন করা যায় না।"))
    refresh(agreement)
    deadline = agreement.fiscal_year.self_assessment_deadline
    assessment = existing or SelfAssessment(agreement=agreement)
    assessment.claimed_total = stored_total(agreement, ScoreKind.CLAIMED)
    assessment.office_note = note.strip()
    assessment.submitted_at = timezone.now()
    assessment.submitted_by = actor
    assessment.submitted_late = deadline is not None and timezone.localdate() > deadline
    assessment.full_clean()
    assessment.save()
    audit_record(
        actor=actor,
        action="self_assessment_submit",
        obj=assessment,
        agreement=agreement,
        after={"claimed_total": str(assessment.claimed_total), "late": assessment.submitted_late},
    )
    notifications.notify_agreement(agreement, "self_assessment_submitted", actor=actor)
    return assessment


@transaction.atomic
def self_assessment_verify(*, assessment: SelfAssessment, note: str = "", actor: User) -> SelfAssessment:
    """The supervisor closes verification: the verified score is what its accepted or corrected
    achievements give."""

    agreement = lock(assessment.agreement)
    require_role(actor, agreement, Role.SUPERVISOR_REVIEWER, Role.SUPERVISOR_HEAD)
    assessment = SelfAssessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.status != SelfAssessmentStatus.SUBMITTED:
        raise ValidationError(_("স্ব-মূল্যায়নটি ইতিমধ্যে যাচাই হয়েছে।"))
    refresh(agreement)
    assessment.status = SelfAssessmentStatus.VERIFIED
    assessment.verified_total = stored_total(agreement, ScoreKind.VERIFIED)
    assessment.supervisor_note = note.strip()
    assessment.verified_at, assessment.verified_by = timezone.now(), actor
    assessment.full_clean()
    assessment.save()
    audit_record(
        actor=actor,
        action="self_assessment_verify",
        obj=assessment,
        agreement=agreement,
        before={"status": SelfAssessmentStatus.SUBMITTED},
        after={"status": assessment.status, "verified_total": str(assessment.verified_total)},
    )
    notifications.notify_agreement(agreement, "self_assessment_verified", actor=actor)
    return assessment


@transaction.atomic
def self_assessment_publish(*, assessment: SelfAssessment, actor: User) -> SelfAssessment:
    """The supervisor head publishes the verified evaluation."""

    agreement = lock(assessment.agreement)
    require_role(actor, agreement, Role.SUPERVISOR_HEAD)
    assessment = SelfAssessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.status != SelfAssessmentStatus.VERIFIED:
        raise ValidationError(_("কেবল যাচাইকৃত স্ব-মূল্যায়ন প্রকাশ করা যায়।"))
    assessment.status = SelfAssessmentStatus.PUBLISHED
    assessment.published_at = timezone.now()
    assessment.full_clean()
    assessment.save()
    audit_record(
        actor=actor,
        action="self_assessment_publish",
        obj=assessment,
        agreement=agreement,
        before={"status": SelfAssessmentStatus.VERIFIED},
        after={"status": assessment.status},
    )
    notifications.notify_agreement(agreement, "self_assessment_published", actor=actor)
    return assessment
