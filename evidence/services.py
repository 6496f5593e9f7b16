"""Writes for evidence: attach a file or a link to an indicator's quarter, remove one (recorded, not erased).
Same rules as the achievement services: the agreement row locked, role and quarter lock checked inside the
transaction, an audit row in it."""

from __future__ import annotations

import hashlib

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.models import User
from agreements.services import audit_record
from indicators.models import Indicator
from indicators.services import ENTRY_ROLES, lock_agreement, require_open, require_role

from .models import EvidenceItem, EvidenceKind
from .validation import validate_link, validate_upload


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
    description = (description or "").strip()
    if len(description) > 500:
        raise ValidationError({"description": _("বিবরণ সর্বোচ্চ ৫০০ অক্ষর হতে পারে।")})
    return description


@transaction.atomic
def evidence_add_file(
    *, indicator: Indicator, quarter: int, upload: UploadedFile, description: str = "", actor: User
) -> EvidenceItem:
    """Store `upload` under a random name through the storage API, with its SHA-256 and detected type."""
    agreement = lock_agreement(indicator.agreement_id)
    require_role(actor, agreement, ENTRY_ROLES)
    require_open(agreement, quarter)
    detected = validate_upload(upload)
    item = EvidenceItem(
        indicator=indicator,
        quarter=quarter,
        kind=EvidenceKind.FILE,
        original_name=(upload.name or "")[-255:],
        content_type=detected.mime,
        size=upload.size,
        sha256=sha256_of(upload),
        description=check_description(description),
        uploaded_by=actor,
    )
    # The name given to storage only lends its suffix: `evidence_upload_to` makes it unguessable. The
    # suffix comes from the detected type, so a file named "x.pdf.exe" holding a PDF is stored as ".pdf".
    item.file.save(f"upload.{detected.extension}", upload, save=False)
    try:
        item.full_clean(exclude=["indicator", "plan_item"])
        item.save()
        audit_record(
            actor=actor, action="evidence.add", obj=item, agreement=agreement, after=audit_snapshot(item)
        )
    except Exception:
        item.file.storage.delete(item.file.name)
        raise
    return item


@transaction.atomic
def evidence_add_link(
    *, indicator: Indicator, quarter: int, url: str, description: str = "", actor: User
) -> EvidenceItem:
    agreement = lock_agreement(indicator.agreement_id)
    require_role(actor, agreement, ENTRY_ROLES)
    require_open(agreement, quarter)
    item = EvidenceItem(
        indicator=indicator,
        quarter=quarter,
        kind=EvidenceKind.LINK,
        url=validate_link(url),
        description=check_description(description),
        uploaded_by=actor,
    )
    item.full_clean(exclude=["indicator", "plan_item"])
    item.save()
    audit_record(
        actor=actor, action="evidence.add", obj=item, agreement=agreement, after=audit_snapshot(item)
    )
    return item


@transaction.atomic
def evidence_remove(*, item: EvidenceItem, actor: User, reason: str = "") -> EvidenceItem:
    """Mark the item removed: it leaves the lists, but the file and the record stay for the audit trail."""
    indicator = item.indicator
    agreement = lock_agreement(indicator.agreement_id)
    require_role(actor, agreement, ENTRY_ROLES)
    require_open(agreement, item.quarter)
    item = EvidenceItem.objects.select_for_update().get(pk=item.pk)
    if item.removed_at is not None:
        return item
    item.removed_at = timezone.now()
    item.removed_by = actor
    item.save(update_fields=["removed_at", "removed_by"])
    audit_record(
        actor=actor,
        action="evidence.remove",
        obj=item,
        agreement=agreement,
        before=audit_snapshot(item),
        after={"removed": True},
        reason=(reason or "").strip(),
    )
    return item
