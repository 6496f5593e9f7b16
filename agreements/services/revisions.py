"""Revisions of an active agreement: proposed before the deadline, approved into the new active version."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.access import lock, require_role
from agreements.audit import audit_record
from apa_portal import display
from evidence.models import EvidenceItem
from indicators.models import (
    Achievement,
    GovernancePlan,
    Indicator,
    PlanItem,
    PlanItemAchievement,
    QuarterlyReport,
)

from .. import notifications
from ..models import Agreement, AgreementStatus, Role, User
from .core import OFFICE_ROLES, refresh, set_status, wrong_status
from .drafting import copy_document, copy_rows


def pending_revision(agreement: Agreement) -> Agreement | None:
    return (
        Agreement.objects.filter(
            office=agreement.office_id,
            fiscal_year=agreement.fiscal_year_id,
            is_current=False,
            version__gt=agreement.version,
        )
        .exclude(status=AgreementStatus.SUPERSEDED)
        .order_by("-version")
        .first()
    )


def is_revision(agreement: Agreement) -> bool:
    """A proposed revision: a later version that is not (yet) the one in force."""
    return agreement.version > 1 and not agreement.is_current


def before_revision_deadline(agreement: Agreement) -> bool:
    deadline = agreement.fiscal_year.revision_deadline
    return deadline is None or timezone.localdate() <= deadline


def refuse_after_revision_deadline(agreement: Agreement) -> None:
    """Revisions are proposed and submitted only until the fiscal year's revision deadline: after it, the
    signed targets are what the year is evaluated against."""
    if not before_revision_deadline(agreement):
        deadline = agreement.fiscal_year.revision_deadline
        raise ValidationError(
            _("সংশোধনের শেষ তারিখ (%(date)s) পার হয়ে গেছে।") % {"date": display.date_long(deadline)}
        )


@transaction.atomic
def revision_propose(*, agreement: Agreement, justification: str, actor: User) -> Agreement:
    """The office opens a revision of its active agreement: a new version (a copy to change the targets in)
    that it submits like a draft. Only before the fiscal year's revision deadline, one at a time."""
    agreement = lock(agreement)
    require_role(actor, agreement, *OFFICE_ROLES)
    if agreement.status != AgreementStatus.ACTIVE or not agreement.is_current:
        raise ValidationError(_("কেবল কার্যকর চুক্তির সংশোধন প্রস্তাব করা যায়।"))
    refuse_after_revision_deadline(agreement)
    justification = (justification or "").strip()
    if not justification:
        raise ValidationError({"justification": _("সংশোধনের যৌক্তিকতা লিখুন।")})
    if pending_revision(agreement) is not None:
        raise ValidationError(_("এই চুক্তির একটি সংশোধন প্রস্তাব ইতিমধ্যে চলমান।"))
    last_version = Agreement.objects.filter(
        office=agreement.office_id, fiscal_year=agreement.fiscal_year_id
    ).aggregate(m=Max("version"))["m"]
    revision = copy_rows(
        Agreement,
        [agreement],
        version=last_version + 1,
        is_current=False,
        status=AgreementStatus.DRAFT,
        revision_justification=justification,
        final_submission_at=None,
    )[0]
    revision.full_clean()
    revision.save()
    copy_document(agreement, revision, next_year=False)
    audit_record(
        actor=actor,
        action="revision_propose",
        obj=revision,
        agreement=revision,
        after={"version": revision.version, "revises": agreement.pk},
        reason=justification,
    )
    audit_record(
        actor=actor,
        action="revision_propose",
        obj=agreement,
        agreement=agreement,
        after={"revision": revision.pk, "version": revision.version},
        reason=justification,
    )
    return revision


def carry_over(old: Agreement, new: Agreement) -> None:
    """What happened under the old version continues under the new one: achievements with their
    verification, evidence, quarterly reports, and the governance plans with their achievements."""

    new_indicators = {(i.area_kind, i.code): i for i in Indicator.objects.filter(agreement=new)}
    achievements, evidence = [], []
    for indicator in Indicator.objects.filter(agreement=old).prefetch_related("achievements", "evidence"):
        target = new_indicators.get((indicator.area_kind, indicator.code))
        if target is None:
            continue
        achievements += copy_rows(Achievement, indicator.achievements.all(), indicator=target)
        evidence += copy_rows(EvidenceItem, indicator.evidence.all(), indicator=target)
    Achievement.objects.bulk_create(achievements)
    QuarterlyReport.objects.bulk_create(
        copy_rows(QuarterlyReport, old.quarterly_reports.all(), agreement=new)
    )
    for plan in GovernancePlan.objects.filter(agreement=old).prefetch_related("items__achievements"):
        new_plan = copy_rows(GovernancePlan, [plan], agreement=new)[0]
        new_plan.save()
        for item in plan.items.all():
            new_item = copy_rows(PlanItem, [item], plan=new_plan)[0]
            new_item.save()
            PlanItemAchievement.objects.bulk_create(
                copy_rows(PlanItemAchievement, item.achievements.all(), item=new_item)
            )
            evidence += copy_rows(EvidenceItem, item.evidence.all(), plan_item=new_item)
    EvidenceItem.objects.bulk_create(evidence)


@transaction.atomic
def revision_approve(*, revision: Agreement, actor: User) -> Agreement:
    """The supervisor accepts a submitted revision: it becomes the current, active version; the version it
    replaces is frozen (superseded) and stays readable."""

    revision = lock(revision)
    require_role(actor, revision, Role.SUPERVISOR_REVIEWER)
    if revision.status != AgreementStatus.SUBMITTED or revision.is_current or revision.version == 1:
        raise wrong_status(revision, _("সংশোধন অনুমোদন"))
    old = (
        Agreement.objects.select_for_update(of=("self",))
        .filter(office=revision.office_id, fiscal_year=revision.fiscal_year_id, is_current=True)
        .first()
    )
    if old is not None:
        old.is_current = False
        set_status(
            old,
            AgreementStatus.SUPERSEDED,
            actor=actor,
            action="agreement_supersede",
            replaced_by=revision.pk,
        )
    revision.is_current = True
    set_status(
        revision,
        AgreementStatus.ACTIVE,
        actor=actor,
        action="revision_approve",
        replaces=old.pk if old else None,
    )
    if old is not None:
        carry_over(old, revision)
    refresh(revision)
    notifications.notify_agreement(revision, "revision_approved", actor=actor)
    return revision
