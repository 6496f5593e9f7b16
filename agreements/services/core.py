"""What every service of the agreements app shares: the audit row, the role and status guards, the lock."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.forms.models import model_to_dict
from django.utils.translation import gettext as _

from ..models import OFFICE_ROLES, Agreement, AgreementStatus, AuditEntry, User
from ..selectors import roles_for

EDITABLE_STATUSES = (AgreementStatus.DRAFT, AgreementStatus.RETURNED)
GOVERNANCE_AREA_TITLE = "সুশাসন ও সংস্কারমূলক কার্যক্রমের বাস্তবায়ন জোরদারকরণ"


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


# ------------------------------------------------------------------------------------------------
# Guards


def snapshot(obj: models.Model) -> dict[str, Any]:
    """A JSON-safe copy of the model's editable fields, for the audit row."""
    return json.loads(json.dumps(model_to_dict(obj), cls=DjangoJSONEncoder, default=str))


def require_role(actor: User, agreement: Agreement, *roles: str) -> None:
    if not roles_for(actor, agreement) & set(roles):
        raise PermissionDenied(_("এই কাজের অনুমতি আপনার নেই।"))


def lock(agreement: Agreement) -> Agreement:
    """The agreement re-read under a row lock: two people pressing the same button act once."""
    return (
        Agreement.objects.select_for_update(of=("self",))
        .select_related("office", "supervisor_office", "fiscal_year")
        .get(pk=agreement.pk)
    )


def is_editable(agreement: Agreement) -> bool:
    return agreement.status in EDITABLE_STATUSES


def require_editable(agreement: Agreement, actor: User) -> None:
    require_role(actor, agreement, *OFFICE_ROLES)
    if not is_editable(agreement):
        raise ValidationError(
            _("চুক্তিটি এখন '%(status)s' অবস্থায়; কেবল খসড়া বা ফেরতকৃত চুক্তি সম্পাদনা করা যায়।")
            % {"status": agreement.get_status_display()}
        )


def refresh(agreement: Agreement) -> None:
    from indicators.scores import refresh_scores

    refresh_scores(agreement=agreement)


def set_status(
    agreement: Agreement, status: str, *, actor: User, action: str, reason: str = "", **after: Any
) -> None:
    before = agreement.status
    agreement.status = status
    agreement.full_clean()
    agreement.save()
    audit_record(
        actor=actor,
        action=action,
        obj=agreement,
        agreement=agreement,
        before={"status": before},
        after={"status": status, **after},
        reason=reason,
    )


def wrong_status(agreement: Agreement, action: str) -> ValidationError:
    return ValidationError(
        _("চুক্তিটি '%(status)s' অবস্থায় আছে; এখন '%(action)s' করা যায় না।")
        % {"status": agreement.get_status_display(), "action": action}
    )
