"""Writes: each service takes keyword-only arguments and an `actor`, runs in one transaction, validates with
`full_clean()`, and records what changed in the audit trail inside that same transaction."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction

from .models import Agreement, AuditEntry, User


def audit_record(
    *,
    actor: User | None,
    action: str,
    obj: models.Model,
    agreement: Agreement | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
) -> AuditEntry:
    """Write one audit row; must be called inside the transaction that makes the change."""
    assert transaction.get_connection().in_atomic_block, (
        "audit rows are written inside the change's transaction"
    )
    return AuditEntry.objects.create(
        actor=actor,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        agreement=agreement,
        before=before,
        after=after,
        reason=reason,
    )
