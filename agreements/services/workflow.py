"""The agreement's workflow: submit, return with comments, approve, sign, counter-sign, reopen."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.access import lock, require_role
from apa_portal import display
from indicators.models import Indicator
from indicators.validation import validate_agreement

from .. import notifications
from ..diff import freeze
from ..models import Agreement, AgreementStatus, ReviewComment, Role, Signature, SignatureParty, User
from .core import OFFICE_ROLES, is_editable, refresh, set_status, wrong_status
from .revisions import is_revision, refuse_after_revision_deadline, revision_approve


@transaction.atomic
def agreement_submit(*, agreement: Agreement, actor: User) -> Agreement:
    """The office sends its draft (or its corrected, returned draft, or a revision) to the supervisor."""

    agreement = lock(agreement)
    require_role(actor, agreement, *OFFICE_ROLES)
    if not is_editable(agreement):
        raise wrong_status(agreement, _("দাখিল"))
    if is_revision(agreement):
        refuse_after_revision_deadline(agreement)
    problems = validate_agreement(agreement)
    if problems:
        raise ValidationError(
            _("চুক্তিতে %(count)sটি সমস্যা আছে; সেগুলো ঠিক করে তারপর দাখিল করুন।")
            % {"count": display.number(len(problems))}
        )
    resubmission = agreement.status == AgreementStatus.RETURNED
    agreement.final_submission_at = timezone.localdate()
    agreement.review_comments.filter(resolved_at__isnull=True).update(resolved_at=timezone.now())
    set_status(
        agreement,
        AgreementStatus.SUBMITTED,
        actor=actor,
        action="agreement_resubmit" if resubmission else "agreement_submit",
    )
    notifications.notify_agreement(agreement, "submitted", actor=actor)
    return agreement


@dataclass(frozen=True)
class CommentInput:
    """A reviewer's comment: on an indicator, on another item (its page anchor), or on the whole document."""

    text: str
    indicator_id: int | None = None
    item_key: str = ""
    item_label: str = ""


@transaction.atomic
def agreement_return(
    *, agreement: Agreement, reason: str, comments: list[CommentInput] = (), actor: User
) -> Agreement:
    """The supervisor's reviewer sends the draft back, saying why and, item by item, what to fix. The audit
    row keeps the document as it was returned, so the resubmission can be compared with it."""

    agreement = lock(agreement)
    require_role(actor, agreement, Role.SUPERVISOR_REVIEWER)
    if agreement.status != AgreementStatus.SUBMITTED:
        raise wrong_status(agreement, _("ফেরত"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("ফেরত পাঠানোর কারণ লিখুন।")})
    indicators = {
        i.pk: i
        for i in Indicator.objects.filter(
            agreement=agreement, pk__in=[c.indicator_id for c in comments if c.indicator_id]
        )
    }
    written = []
    for comment in comments:
        text = comment.text.strip()
        if not text:
            continue
        indicator = indicators.get(comment.indicator_id) if comment.indicator_id else None
        if comment.indicator_id and indicator is None:
            raise ValidationError(_("মন্তব্যের সূচকটি এই চুক্তির নয়।"))
        row = ReviewComment(
            agreement=agreement,
            indicator=indicator,
            item_key="" if indicator else comment.item_key,
            item_label=(str(indicator) if indicator else comment.item_label)[:255],
            text=text,
            author=actor,
        )
        row.full_clean()
        row.save()
        written.append({"item": row.anchor or "agreement", "text": text})
    set_status(
        agreement,
        AgreementStatus.RETURNED,
        actor=actor,
        action="agreement_return",
        reason=reason,
        comments=written,
        document=freeze(agreement),
    )
    notifications.notify_agreement(agreement, "returned", actor=actor, reason=reason)
    return agreement


@transaction.atomic
def agreement_approve(*, agreement: Agreement, actor: User) -> Agreement:
    """The supervisor's reviewer accepts the draft; a revision becomes the active version at once."""

    agreement = lock(agreement)
    require_role(actor, agreement, Role.SUPERVISOR_REVIEWER)
    if agreement.status != AgreementStatus.SUBMITTED:
        raise wrong_status(agreement, _("অনুমোদন"))
    if is_revision(agreement):
        return revision_approve(revision=agreement, actor=actor)
    set_status(agreement, AgreementStatus.APPROVED, actor=actor, action="agreement_approve")
    notifications.notify_agreement(agreement, "approved", actor=actor)
    return agreement


def add_signature(agreement: Agreement, party: str, actor: User) -> Signature:
    office = agreement.office if party == SignatureParty.FIRST else agreement.supervisor_office
    signature = Signature(
        agreement=agreement,
        party=party,
        signer=actor,
        signer_name_bn=str(actor)[:255],
        signer_title_bn=(actor.designation_bn or office.party_title_bn)[:255],
        signed_on=timezone.localdate(),
    )
    signature.full_clean()
    signature.save()
    return signature


@transaction.atomic
def agreement_sign(*, agreement: Agreement, actor: User) -> Agreement:
    """The office head signs the approved agreement (first party)."""

    agreement = lock(agreement)
    require_role(actor, agreement, Role.OFFICE_HEAD)
    if agreement.status != AgreementStatus.APPROVED:
        raise wrong_status(agreement, _("স্বাক্ষর"))
    add_signature(agreement, SignatureParty.FIRST, actor)
    set_status(agreement, AgreementStatus.SIGNED, actor=actor, action="agreement_sign")
    notifications.notify_agreement(agreement, "signed", actor=actor)
    return agreement


@transaction.atomic
def agreement_countersign(*, agreement: Agreement, actor: User) -> Agreement:
    """The supervisor head counter-signs: the agreement is active and locked from now on."""

    agreement = lock(agreement)
    require_role(actor, agreement, Role.SUPERVISOR_HEAD)
    if agreement.status != AgreementStatus.SIGNED:
        raise wrong_status(agreement, _("প্রতিস্বাক্ষর"))
    add_signature(agreement, SignatureParty.SECOND, actor)
    set_status(agreement, AgreementStatus.ACTIVE, actor=actor, action="agreement_countersign")
    refresh(agreement)
    notifications.notify_agreement(agreement, "countersigned", actor=actor)
    return agreement


@transaction.atomic
def agreement_reopen(*, agreement: Agreement, reason: str, actor: User) -> Agreement:
    """The supervisor takes back an approval before the counter-signature: the draft returns to the office,
    and a head's signature on it is void."""

    agreement = lock(agreement)
    require_role(actor, agreement, Role.SUPERVISOR_REVIEWER, Role.SUPERVISOR_HEAD)
    if agreement.status not in (AgreementStatus.APPROVED, AgreementStatus.SIGNED):
        raise wrong_status(agreement, _("পুনরায় খোলা"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("পুনরায় খোলার কারণ লিখুন।")})
    voided = list(agreement.signatures.values_list("signer_name_bn", flat=True))
    agreement.signatures.all().delete()
    set_status(
        agreement,
        AgreementStatus.RETURNED,
        actor=actor,
        action="agreement_reopen",
        reason=reason,
        voided_signatures=voided,
        document=freeze(agreement),
    )
    notifications.notify_agreement(agreement, "reopened", actor=actor, reason=reason)
    return agreement
