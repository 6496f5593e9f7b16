"""Offices, users and their roles, fiscal years with their framework, agreements and the audit trail.

- `offices`: the office tree and supervisor offices;
- `users`: users and their roles at offices;
- `fiscal_years`: fiscal years, their level columns, calendar, quarter windows and governance marks;
- `agreements`: agreements and their versions, functions and acronyms;
- `workflow`: review comments and signatures;
- `self_assessment`: the annual self-assessment;
- `notifications`: the users' notifications;
- `audit`: the audit trail;
- `constraints`: `in_choices`, which the models of both apps use.
"""

from .agreements import (
    OVERVIEW_FIELDS,
    Acronym,
    Agreement,
    AgreementFunction,
    AgreementQuerySet,
    AgreementStatus,
)
from .audit import AuditEntry
from .constraints import in_choices
from .fiscal_years import (
    ZERO,
    FiscalYear,
    GovernanceAllocation,
    GovernanceFramework,
    GovernancePlanKind,
    QuarterWindow,
    ScoringPolicy,
    default_levels,
    validate_levels,
)
from .notifications import Notification
from .offices import Office, OfficeLevel
from .self_assessment import SelfAssessment, SelfAssessmentStatus
from .users import OFFICE_ROLES, OVERSIGHT_ROLES, SUPERVISOR_ROLES, OfficeMembership, Role, User
from .workflow import ReviewComment, Signature, SignatureParty

__all__ = [
    "OFFICE_ROLES",
    "OVERSIGHT_ROLES",
    "OVERVIEW_FIELDS",
    "SUPERVISOR_ROLES",
    "ZERO",
    "Acronym",
    "Agreement",
    "AgreementFunction",
    "AgreementQuerySet",
    "AgreementStatus",
    "AuditEntry",
    "FiscalYear",
    "GovernanceAllocation",
    "GovernanceFramework",
    "GovernancePlanKind",
    "Notification",
    "Office",
    "OfficeLevel",
    "OfficeMembership",
    "QuarterWindow",
    "ReviewComment",
    "Role",
    "ScoringPolicy",
    "SelfAssessment",
    "SelfAssessmentStatus",
    "Signature",
    "SignatureParty",
    "User",
    "default_levels",
    "in_choices",
    "validate_levels",
]
