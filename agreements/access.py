"""The guards every write of every app starts with: may this actor act on this agreement in one of these
roles, and the agreement's row lock that serialises the writes of one agreement.
Scope reads are `selectors`."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from .models import Agreement, User
from .selectors import roles_for

# What a busy write reads of the agreement it locks: the roles, the quarter's state and the scores need no
# more.
SAVE_AGREEMENT_FIELDS = (
    "status",
    "is_current",
    "office",
    "supervisor_office",
    "fiscal_year__levels",
    "fiscal_year__scoring_policy",
)


def require_role(actor: User | None, agreement: Agreement, *roles: str) -> None:
    """PermissionDenied unless `actor` holds one of `roles` towards `agreement`. No actor is the system itself
    (seed loading, a management command), which may do anything."""
    if actor is not None and not roles_for(actor, agreement) & set(roles):
        raise PermissionDenied(_("এই কাজের অনুমতি আপনার নেই।"))


def lock(agreement: Agreement | int, *, only: tuple[str, ...] = ()) -> Agreement:
    """The agreement re-read under a row lock until the transaction ends: writes of one agreement are
    serialised, and two people pressing the same button act once. `only` names the fields the caller reads
    (the busiest write reads few; any other loads when first read)."""
    pk = agreement if isinstance(agreement, int) else agreement.pk
    queryset = Agreement.objects.select_for_update(of=("self",))
    if only:
        return queryset.select_related("fiscal_year").only(*only).get(pk=pk)
    return queryset.select_related("office", "supervisor_office", "fiscal_year").get(pk=pk)
