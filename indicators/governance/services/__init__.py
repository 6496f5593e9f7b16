"""Writes for the governance action plans (Annex 4-8): templates and their versions, the marks each plan
carries, an agreement's plans copied from the templates, the office's drafting edits, quarterly
achievements and their evidence.

Every service is keyword-only, runs in one transaction, validates with full_clean(), writes its audit row in
that transaction and, where a plan value changes, refreshes the agreement's stored scores in it too.
"""

from indicators.governance.services.common import (
    ITEM_FIELDS,
    TEMPLATE_FIELDS,
    validate_allocation_total,
    validate_item_targets,
)
from indicators.governance.services.entry import (
    check_achieved_on,
    parse_value,
    plan_item_achievement_record,
    plan_item_evidence_add,
    plan_item_evidence_remove,
    plan_item_self_assessment_record,
)
from indicators.governance.services.plans import (
    derived_annual_target,
    plan_item_update,
    plans_instantiate,
    template_item_for,
)
from indicators.governance.services.templates import (
    allocation_update,
    template_create,
    template_create_version,
    template_update,
)
from indicators.governance.services.verification import plan_item_verify
from indicators.governance.services.years import (
    QuarterDates,
    fiscal_year_create,
    fiscal_year_policy_change,
    templates_copy,
)

__all__ = [
    "ITEM_FIELDS",
    "TEMPLATE_FIELDS",
    "QuarterDates",
    "allocation_update",
    "check_achieved_on",
    "derived_annual_target",
    "fiscal_year_create",
    "fiscal_year_policy_change",
    "parse_value",
    "plan_item_achievement_record",
    "plan_item_evidence_add",
    "plan_item_evidence_remove",
    "plan_item_self_assessment_record",
    "plan_item_update",
    "plan_item_verify",
    "plans_instantiate",
    "template_create",
    "template_create_version",
    "template_item_for",
    "template_update",
    "templates_copy",
    "validate_allocation_total",
    "validate_item_targets",
]
