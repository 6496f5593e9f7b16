"""Writes: each service takes keyword-only arguments and an `actor`, runs in one transaction, validates with
`full_clean()`, and records what changed in the audit trail inside that same transaction.

The agreement's life (DESIGN.md section 5): draft → submitted → returned (reason, comments) → resubmitted →
approved → signed by the office head → counter-signed by the supervisor head → active and locked. A revision
is a new version (draft → submitted → approved) that replaces the active one; the signed version stays frozen.

`core` (status guards), `workflow`, `drafting` (a new year's draft), `editing` (the document's parts),
`revisions`, `self_assessment`, `people` (delegated administration of people); everything is importable
from `agreements.services`.
"""

from .core import (
    EDITABLE_STATUSES,
    GOVERNANCE_AREA_TITLE,
    OFFICE_ROLES,
    is_editable,
    refresh,
    require_editable,
    set_status,
    wrong_status,
)
from .drafting import (
    add_governance_area,
    agreement_create_draft,
    copy_document,
    copy_rows,
    current_fiscal_start_year,
    draft_from,
    governance_area_add,
    imported_draft_withdraw,
    is_withdrawable,
    prior_actuals,
    roll_forward,
)
from .editing import (
    GOVERNANCE_FIXED_FIELDS,
    OVERVIEW_FIELDS,
    agreement_of,
    agreement_update,
    content_item_delete,
    content_item_move,
    content_item_save,
    in_governance_area,
    siblings,
)
from .people import (
    assignable_roles,
    person_create,
    person_invite,
    person_role_change,
    person_set_active,
)
from .revisions import (
    before_revision_deadline,
    carry_over,
    is_revision,
    pending_revision,
    refuse_after_revision_deadline,
    revision_approve,
    revision_propose,
)
from .self_assessment import self_assessment_publish, self_assessment_submit, self_assessment_verify
from .workflow import (
    CommentInput,
    add_signature,
    agreement_approve,
    agreement_countersign,
    agreement_reopen,
    agreement_return,
    agreement_sign,
    agreement_submit,
)

__all__ = [
    "EDITABLE_STATUSES",
    "GOVERNANCE_AREA_TITLE",
    "GOVERNANCE_FIXED_FIELDS",
    "OFFICE_ROLES",
    "OVERVIEW_FIELDS",
    "CommentInput",
    "add_governance_area",
    "add_signature",
    "agreement_approve",
    "agreement_countersign",
    "agreement_create_draft",
    "agreement_of",
    "agreement_reopen",
    "agreement_return",
    "agreement_sign",
    "agreement_submit",
    "agreement_update",
    "assignable_roles",
    "before_revision_deadline",
    "carry_over",
    "content_item_delete",
    "content_item_move",
    "content_item_save",
    "copy_document",
    "copy_rows",
    "current_fiscal_start_year",
    "draft_from",
    "governance_area_add",
    "imported_draft_withdraw",
    "in_governance_area",
    "is_editable",
    "is_revision",
    "is_withdrawable",
    "pending_revision",
    "person_create",
    "person_invite",
    "person_role_change",
    "person_set_active",
    "prior_actuals",
    "refresh",
    "refuse_after_revision_deadline",
    "require_editable",
    "revision_approve",
    "revision_propose",
    "roll_forward",
    "self_assessment_publish",
    "self_assessment_submit",
    "self_assessment_verify",
    "set_status",
    "siblings",
    "wrong_status",
]
