"""Writes for evidence: attach a file or a link to an indicator's quarter, remove one (recorded, not erased),
record a download. Same rules as the achievement services: the agreement row locked, role and quarter lock
checked inside the transaction, an audit row in it. A file is checked (type, size, expansion, viruses) before
the row is locked, since a scan takes time; the quotas are counted after it."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.access import lock, require_role
from agreements.audit import audit_record
from agreements.models import User
from apa_portal import display
from apa_portal.bangla import strip_bidi_controls
from indicators.models import Indicator
from indicators.selectors.quarters import require_open
from indicators.services import ENTRY_ROLES

from .antivirus import scan_upload
from .models import EvidenceItem, EvidenceKind
from .validation import FileType, validate_link, validate_upload


def sha256_of(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def audit_snapshot(item: EvidenceItem) -> dict:
    return {
        "kind": item.kind,
        "quarter": item.quarter,
        "name": item.original_name,
        "url": item.url,
        "sha256": item.sha256,
        "size": item.size,
        "description": item.description,
    }


def check_description(description: str) -> str:
    description = strip_bidi_controls(description or "").strip()
    if len(description) > 500:
        raise ValidationError({"description": _("বিবরণ সর্বোচ্চ ৫০০ অক্ষর হতে পারে।")})
    return description


def check_file(upload: UploadedFile) -> FileType:
    """The detected type of an upload that may be stored: its content, size and expansion checked, then
    scanned for viruses when a ClamAV daemon is configured. Call it before locking the agreement's row."""
    detected = validate_upload(upload)
    scan_upload(upload)
    return detected


def check_quota(*, actor: User, quarter: int, **target) -> None:
    """Refuse one more item past the limits: EVIDENCE_DAILY_LIMIT_PER_USER items a person added in the last
    24 hours (removed ones included: a removed file stays stored), and EVIDENCE_LIMIT_PER_QUARTER items
    listed for one indicator or plan item (`target`) in one quarter."""
    since = timezone.now() - timedelta(hours=24)
    daily = settings.EVIDENCE_DAILY_LIMIT_PER_USER
    if EvidenceItem.objects.filter(uploaded_by=actor, uploaded_at__gte=since).count() >= daily:
        raise ValidationError(
            _(
                "২৪ ঘণ্টায় একজন ব্যবহারকারী সর্বোচ্চ %(limit)sটি প্রমাণক যুক্ত করতে পারেন; এই সীমা পূর্ণ হয়েছে। "
                "পরে আবার চেষ্টা করুন।"
            )
            % {"limit": display.number(daily)},
            code="daily_quota",
        )
    listed = EvidenceItem.objects.filter(**target, quarter=quarter, removed_at__isnull=True).count()
    if listed >= settings.EVIDENCE_LIMIT_PER_QUARTER:
        raise ValidationError(
            _(
                "একটি সূচকের এক ত্রৈমাসিকে সর্বোচ্চ %(limit)sটি প্রমাণক রাখা যায়। নতুন প্রমাণক যুক্ত করতে "
                "আগে অপ্রয়োজনীয় কোনোটি সরান, অথবা কয়েকটি ফাইল একটি পিডিএফে একত্র করুন।"
            )
            % {"limit": display.number(settings.EVIDENCE_LIMIT_PER_QUARTER)},
            code="quarter_quota",
        )


def new_file_evidence(
    *, upload: UploadedFile, description: str, actor: User, detected: FileType | None = None, **target
) -> EvidenceItem:
    """An evidence item holding `upload` for `target` (indicator= or plan_item=, and quarter=): its type
    detected from the content (`detected`, when `check_file` already ran), its SHA-256, stored under a
    random name through the storage API. Not yet saved to the database: pass it to `save_evidence`."""
    detected = detected or check_file(upload)
    item = EvidenceItem(
        **target,
        kind=EvidenceKind.FILE,
        # A name such as "report\u202egnp.exe" would read "reportexe.png" on the page and in the download.
        original_name=strip_bidi_controls(upload.name or "")[-255:],
        content_type=detected.mime,
        size=upload.size,
        sha256=sha256_of(upload),
        description=check_description(description),
        uploaded_by=actor,
    )
    # The name given to storage only lends its suffix: `evidence_upload_to` makes it unguessable. The
    # suffix comes from the detected type, so a file named "x.pdf.exe" holding a PDF is stored as ".pdf".
    item.file.save(f"upload.{detected.extension}", upload, save=False)
    return item


def new_link_evidence(*, url: str, description: str, actor: User, **target) -> EvidenceItem:
    """An evidence item pointing at `url` (http or https only) for `target`; not yet saved."""
    return EvidenceItem(
        **target,
        kind=EvidenceKind.LINK,
        url=validate_link(url),
        description=check_description(description),
        uploaded_by=actor,
    )


def save_evidence(item: EvidenceItem, *, agreement, action: str, actor: User) -> EvidenceItem:
    """Save a new evidence item with its audit row (inside the caller's transaction); a stored file whose
    row cannot be saved is deleted again."""
    try:
        item.full_clean(exclude=["indicator", "plan_item"])
        item.save()
        audit_record(actor=actor, action=action, obj=item, agreement=agreement, after=audit_snapshot(item))
    except Exception:
        if item.file:
            item.file.storage.delete(item.file.name)
        raise
    return item


def mark_removed(
    item: EvidenceItem, *, agreement, action: str, actor: User, reason: str = ""
) -> EvidenceItem:
    """Take the item out of the lists; its row and file stay, so that a score stays explainable."""
    item = EvidenceItem.objects.select_for_update().get(pk=item.pk)
    if item.removed_at is not None:
        return item
    item.removed_at = timezone.now()
    item.removed_by = actor
    item.save(update_fields=["removed_at", "removed_by"])
    audit_record(
        actor=actor,
        action=action,
        obj=item,
        agreement=agreement,
        before=audit_snapshot(item),
        after={"removed": True},
        reason=(reason or "").strip(),
    )
    return item


@transaction.atomic
def evidence_add_file(
    *, indicator: Indicator, quarter: int, upload: UploadedFile, description: str = "", actor: User
) -> EvidenceItem:
    """Attach an uploaded file to an indicator's quarter."""
    detected = check_file(upload)
    agreement = lock(indicator.agreement_id)
    require_role(actor, agreement, *ENTRY_ROLES)
    require_open(agreement, quarter)
    check_quota(actor=actor, indicator=indicator, quarter=quarter)
    item = new_file_evidence(
        indicator=indicator,
        quarter=quarter,
        upload=upload,
        description=description,
        actor=actor,
        detected=detected,
    )
    return save_evidence(item, agreement=agreement, action="evidence.add", actor=actor)


@transaction.atomic
def evidence_add_link(
    *, indicator: Indicator, quarter: int, url: str, description: str = "", actor: User
) -> EvidenceItem:
    """Attach a link to an indicator's quarter."""
    agreement = lock(indicator.agreement_id)
    require_role(actor, agreement, *ENTRY_ROLES)
    require_open(agreement, quarter)
    check_quota(actor=actor, indicator=indicator, quarter=quarter)
    item = new_link_evidence(
        indicator=indicator, quarter=quarter, url=url, description=description, actor=actor
    )
    return save_evidence(item, agreement=agreement, action="evidence.add", actor=actor)


@transaction.atomic
def evidence_remove(*, item: EvidenceItem, actor: User, reason: str = "") -> EvidenceItem:
    """Mark the item removed: it leaves the lists, but the file and the record stay for the audit trail."""
    agreement = lock(item.indicator.agreement_id)
    require_role(actor, agreement, *ENTRY_ROLES)
    require_open(agreement, item.quarter)
    return mark_removed(item, agreement=agreement, action="evidence.remove", actor=actor, reason=reason)


@transaction.atomic
def evidence_download_record(*, item: EvidenceItem, agreement, actor: User) -> None:
    """Record that `actor` downloaded the evidence file `item` (who, what, when); the caller has checked
    that they may."""
    audit_record(
        actor=actor,
        action="evidence.download",
        obj=item,
        agreement=agreement,
        after={"quarter": item.quarter, "name": item.original_name, "sha256": item.sha256},
    )
