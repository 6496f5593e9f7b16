"""Pages for agreements. Views validate, call a service or a selector, and render or redirect.

`document` (home, the agreement page, its history), `editor` (drafting), `workflow` (the workflow's buttons,
revisions, the diff), `assessment` (scores, verification, self-assessment), `inbox` (notifications, the
language switch), `org_import` (the administrator's office and user import), `people` (delegated
administration of people); the supervisor's workspace is in `agreements.supervisor_views`."""

from .account import PasswordChangeView, PasswordResetConfirmView, PasswordResetView, lockout_response
from .assessment import (
    score_explanation,
    self_assessment,
    verification,
    verify_accept_remaining,
    verify_achievement,
)
from .document import agreement_detail, agreement_history, home
from .editor import agreement_create, item_add, item_delete, item_edit, item_move, overview_edit
from .inbox import LoginView, notification_list, notification_open, notification_read_all, set_language
from .org_import import org_import, org_import_confirm
from .people import people, person, person_active, person_invite
from .second_factor import enrol as second_factor_enrol
from .second_factor import remove as second_factor_remove
from .second_factor import security
from .second_factor import verify as second_factor_verify
from .workflow import (
    agreement_approve,
    agreement_countersign,
    agreement_reopen,
    agreement_return,
    agreement_sign,
    agreement_submit,
    governance_area_add,
    imported_draft_withdraw,
    revision_propose,
    version_diff_view,
)

__all__ = [
    "LoginView",
    "PasswordChangeView",
    "PasswordResetConfirmView",
    "PasswordResetView",
    "agreement_approve",
    "agreement_countersign",
    "agreement_create",
    "agreement_detail",
    "agreement_history",
    "agreement_reopen",
    "agreement_return",
    "agreement_sign",
    "agreement_submit",
    "governance_area_add",
    "home",
    "imported_draft_withdraw",
    "item_add",
    "item_delete",
    "item_edit",
    "item_move",
    "lockout_response",
    "notification_list",
    "notification_open",
    "notification_read_all",
    "org_import",
    "org_import_confirm",
    "overview_edit",
    "people",
    "person",
    "person_active",
    "person_invite",
    "revision_propose",
    "score_explanation",
    "second_factor_enrol",
    "second_factor_remove",
    "second_factor_verify",
    "security",
    "self_assessment",
    "set_language",
    "verification",
    "verify_accept_remaining",
    "verify_achievement",
    "version_diff_view",
]
