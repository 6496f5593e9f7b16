"""The audit trail's one writer: every service records what it changed, inside the change's transaction."""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.forms.models import model_to_dict

from .models import Agreement, AuditEntry, User

# Reading recorded (who downloaded which evidence file or document, when): in the trail, shown in the admin's
# audit list, left out of the history pages, which tell what changed.
READ_ACTIONS = ("evidence.download", "report.download", "report.bulk_download")


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
        # An object that is not stored (a login name that matches no user) is named, not numbered.
        object_id="" if obj.pk is None else str(obj.pk),
        object_repr=str(obj)[:255],
        agreement=agreement,
        before=before,
        after=after,
        reason=reason,
    )


def audit_record_many(
    *,
    actor: User | None,
    action: str,
    changes: list[tuple[models.Model, dict[str, Any] | None, dict[str, Any] | None]],
    batch_size: int = 1000,
) -> None:
    """`audit_record` for many objects at once, (object, before, after) each: an import of thousands of
    offices or users writes its rows in a few queries. Inside the change's transaction, as `audit_record`."""
    assert transaction.get_connection().in_atomic_block, (
        "audit rows are written inside the change's transaction"
    )
    AuditEntry.objects.bulk_create(
        (
            AuditEntry(
                actor=actor,
                action=action,
                object_type=obj._meta.label_lower,
                object_id=str(obj.pk),
                object_repr=str(obj)[:255],
                before=before,
                after=after,
            )
            for obj, before, after in changes
        ),
        batch_size=batch_size,
    )


def snapshot(obj: models.Model) -> dict[str, Any]:
    """A JSON-safe copy of the model's editable fields, for the audit row."""
    return json.loads(json.dumps(model_to_dict(obj), cls=DjangoJSONEncoder, default=str))
