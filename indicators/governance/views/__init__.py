"""Pages for the governance action plans (Annex 4-8).

Administrators set up fiscal years and maintain each year's templates and the marks each plan carries
(`templates`). Offices see their plans with the score of each item, fill in what the template leaves open
while drafting, and the supervisor verifies the year's achievements (`plans`); offices enter quarterly
achievements with evidence once the agreement is signed (`entry`). Every view starts from the user's scope
(`get_agreement_for`: 404 outside it, 403 when visible but not theirs to change); views parse with a form,
call a service and redirect."""

from indicators.governance.views.entry import (
    achievement_preview,
    achievement_save,
    evidence_add,
    evidence_download,
    evidence_remove,
    plan_entry,
    self_assessment,
)
from indicators.governance.views.plans import (
    agreement_plans,
    item_verify,
    plan_draft,
    plan_verify,
    plans_instantiate,
)
from indicators.governance.views.templates import (
    template_edit,
    template_new,
    template_version,
    year,
    year_new,
    year_policy,
    years,
)

__all__ = [
    "achievement_preview",
    "achievement_save",
    "agreement_plans",
    "evidence_add",
    "evidence_download",
    "evidence_remove",
    "item_verify",
    "plan_draft",
    "plan_entry",
    "plan_verify",
    "plans_instantiate",
    "self_assessment",
    "template_edit",
    "template_new",
    "template_version",
    "year",
    "year_new",
    "year_policy",
    "years",
]
