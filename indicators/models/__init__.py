"""The agreement's content: Section 2 outcomes, the Section 3 tree (areas, activities, indicators), quarterly
achievements, and the governance action plans (Annex 4-8) with their templates.

- `tree`: outcomes, areas, activities, indicators and their related offices (Annex 3);
- `achievements`: an indicator's quarterly achievement and its verification;
- `reports`: an office's quarterly report (open, submitted, locked);
- `indicators.governance.models`: plan templates, an agreement's plans, their rows and quarterly achievements;
- `scores`: the stored scores of indicators and agreements.
"""

from indicators.governance.models import (
    GovernancePlan,
    GovernancePlanTemplate,
    PlanItem,
    PlanItemAchievement,
    PlanItemScoring,
    PlanTemplateItem,
    TargetType,
)

from .achievements import Achievement, VerificationStatus
from .reports import QuarterlyReport, QuarterlyReportStatus
from .scores import AgreementScore, IndicatorScore, ScoreKind
from .tree import (
    Activity,
    Area,
    AreaKind,
    Indicator,
    Method,
    OutcomeIndicator,
    RelatedOffice,
    UniqueCode,
    ValueType,
    validate_value_list,
)

__all__ = [
    "Achievement",
    "Activity",
    "AgreementScore",
    "Area",
    "AreaKind",
    "GovernancePlan",
    "GovernancePlanTemplate",
    "Indicator",
    "IndicatorScore",
    "Method",
    "OutcomeIndicator",
    "PlanItem",
    "PlanItemAchievement",
    "PlanItemScoring",
    "PlanTemplateItem",
    "QuarterlyReport",
    "QuarterlyReportStatus",
    "RelatedOffice",
    "ScoreKind",
    "TargetType",
    "UniqueCode",
    "ValueType",
    "VerificationStatus",
    "validate_value_list",
]
