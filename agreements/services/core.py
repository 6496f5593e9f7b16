"""What the agreements app's services share: the status guards, the status change with its audit row. The
audit row itself is `agreements.audit`, the role check and the row lock `agreements.access`."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from indicators.scores import refresh_scores

from ..access import require_role
from ..audit import audit_record
from ..models import OFFICE_ROLES, Agreement, AgreementStatus, User

EDITABLE_STATUSES = (AgreementStatus.DRAFT, AgreementStatus.RETURNED)
GOVERNANCE_AREA_TITLE = "সুশাসন ও সংস্কারমূলক কার্যক্রমের বাস্তবায়ন জোরদারকরণ"


# ------------------------------------------------------------------------------------------------
# Guards


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
