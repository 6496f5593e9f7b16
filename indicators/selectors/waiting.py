"""What waits for a user now, per role, each item with its deadline and the page where to act: the list
"আপনার জন্য অপেক্ষমাণ" on the home pages and the count in the navigation.

- focal point: the open quarters of the office's agreements in force (with what is missing), a quarterly
  report the supervisor returned (with the reason), the agreement returned (with the reason);
- office head: the approved agreement to sign;
- supervisor reviewer: submitted agreements and quarterly reports to review, self-assessments to verify,
  reported achievements to verify (of quarters whose report the office handed over);
- supervisor head: the signed agreement to counter-sign.

Only the user's own offices count (`agreements.selectors.offices_of`); whether a quarter is open is the one
locking rule (`quarters.quarter_state`). The number of queries does not grow with the number of offices the
user works at or supervises (three for an office's people, two for a supervisor office's); `details=False`
leaves out the missing counts and the return reasons, which change no item, so the navigation's count is the
list's length at a lower cost."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agreements.models import (
    Agreement,
    AgreementStatus,
    AuditEntry,
    QuarterWindow,
    Role,
    SelfAssessmentStatus,
)
from agreements.selectors import offices_of

from ..models import Achievement, QuarterlyReport, QuarterlyReportStatus, VerificationStatus
from .missing import Missing, missing_counts
from .quarters import QUARTERS, quarter_state


class WaitingKind:
    FILL = "fill"
    REPORT_RETURNED = "report_returned"
    AGREEMENT_RETURNED = "agreement_returned"
    SIGN = "sign"
    COUNTERSIGN = "countersign"
    REVIEW_AGREEMENT = "review_agreement"
    REVIEW_REPORT = "review_report"
    VERIFY_SELF_ASSESSMENT = "verify_self_assessment"
    VERIFY_ACHIEVEMENTS = "verify_achievements"


LABELS = {
    WaitingKind.FILL: _("ত্রৈমাসিক অর্জন ও প্রমাণক লিখে প্রতিবেদন দাখিল করুন"),
    WaitingKind.REPORT_RETURNED: _("ত্রৈমাসিক প্রতিবেদন ফেরত এসেছে: সংশোধন করে আবার দাখিল করুন"),
    WaitingKind.AGREEMENT_RETURNED: _("চুক্তি ফেরত এসেছে: সংশোধন করে পুনরায় দাখিল করুন"),
    WaitingKind.SIGN: _("চুক্তি আপনার স্বাক্ষরের অপেক্ষায়"),
    WaitingKind.COUNTERSIGN: _("চুক্তি আপনার প্রতিস্বাক্ষরের অপেক্ষায়"),
    WaitingKind.REVIEW_AGREEMENT: _("দাখিলকৃত চুক্তি পর্যালোচনার অপেক্ষায়"),
    WaitingKind.REVIEW_REPORT: _("দাখিলকৃত ত্রৈমাসিক প্রতিবেদন পর্যালোচনার অপেক্ষায়"),
    WaitingKind.VERIFY_SELF_ASSESSMENT: _("বার্ষিক স্ব-মূল্যায়ন যাচাইয়ের অপেক্ষায়"),
    WaitingKind.VERIFY_ACHIEVEMENTS: _("প্রতিবেদিত অর্জন যাচাইয়ের অপেক্ষায়"),
}

ACTIONS = {
    WaitingKind.FILL: _("অর্জন লিখুন"),
    WaitingKind.REPORT_RETURNED: _("সংশোধন করুন"),
    WaitingKind.AGREEMENT_RETURNED: _("সংশোধন করুন"),
    WaitingKind.SIGN: _("স্বাক্ষর করুন"),
    WaitingKind.COUNTERSIGN: _("প্রতিস্বাক্ষর করুন"),
    WaitingKind.REVIEW_AGREEMENT: _("পর্যালোচনা করুন"),
    WaitingKind.REVIEW_REPORT: _("পর্যালোচনা করুন"),
    WaitingKind.VERIFY_SELF_ASSESSMENT: _("যাচাই করুন"),
    WaitingKind.VERIFY_ACHIEVEMENTS: _("যাচাই করুন"),
}

RETURNED_KINDS = (WaitingKind.REPORT_RETURNED, WaitingKind.AGREEMENT_RETURNED)


@dataclass(frozen=True)
class WaitingItem:
    """One thing the user should do: what, on which agreement (and quarter), by when, and where."""

    kind: str
    agreement: Agreement
    deadline: date | None
    url: str
    quarter: int | None = None
    # The supervisor's reason for a returned agreement or report.
    reason: str = ""
    missing: Missing | None = None
    # Achievements to verify.
    count: int = 0
    overdue: bool = False

    @property
    def label(self) -> str:
        return LABELS[self.kind]

    @property
    def deadline_label(self) -> str:
        # A submitted report's date is the office's deadline: the portal sets the reviewer none.
        if self.kind == WaitingKind.REVIEW_REPORT:
            return _("প্রতিবেদন দাখিলের শেষ তারিখ")
        return _("শেষ তারিখ")

    @property
    def action(self) -> str:
        return ACTIONS[self.kind]

    @property
    def returned(self) -> bool:
        return self.kind in RETURNED_KINDS


def agreement_deadline(agreement: Agreement) -> date | None:
    """By when a draft must be signed: the signing deadline, for a revision the revision deadline."""
    year = agreement.fiscal_year
    return year.revision_deadline if agreement.version > 1 else year.signing_deadline


def waiting_for(
    user,
    *,
    today: date | None = None,
    details: bool = True,
    known: dict[tuple[int, int], Missing] | None = None,
) -> list[WaitingItem]:
    """Everything waiting for `user`: returned items first, then by deadline (none last). `known` holds the
    missing counts a page already has, by (agreement id, quarter)."""
    today = today or timezone.localdate()
    items = [
        replace(item, overdue=item.deadline is not None and item.deadline < today)
        for item in (*office_items(user, today, details, known or {}), *supervisor_items(user))
    ]
    items.sort(
        key=lambda item: (
            not item.returned,
            item.deadline or date.max,
            item.agreement.office.name_bn,
            item.quarter or 0,
        )
    )
    return items


def waiting_count(user, *, today: date | None = None) -> int:
    """The navigation's count: the length of the list `waiting_for` gives."""
    return len(waiting_for(user, today=today, details=False))


def office_items(user, today: date, details: bool, known: dict) -> list[WaitingItem]:
    """The focal point's quarters to fill and returned agreements or reports, the head's agreements to sign:
    three queries (plus, with details, four per open quarter and one for the return reasons)."""
    focal = offices_of(user, Role.FOCAL_POINT)
    heads = offices_of(user, Role.OFFICE_HEAD)
    if not focal and not heads:
        return []
    # A revision proposal is not the current version while it goes through review.
    in_force_or_returned = Q(status=AgreementStatus.ACTIVE, is_current=True) | Q(
        status=AgreementStatus.RETURNED
    )
    scope = Q(office__in=focal) & in_force_or_returned | Q(office__in=heads, status=AgreementStatus.APPROVED)
    agreements = list(
        Agreement.objects.filter(scope)
        .select_related("office", "fiscal_year")
        # No ordering: these models' default orderings join more tables.
        .prefetch_related(
            Prefetch("fiscal_year__quarters", queryset=QuarterWindow.objects.order_by()),
            Prefetch("quarterly_reports", queryset=QuarterlyReport.objects.order_by()),
        )
        .order_by()
    )
    items = []
    returned = [a for a in agreements if a.status == AgreementStatus.RETURNED]
    reasons = return_reasons(returned) if details else {}
    for agreement in agreements:
        detail_url = reverse("agreements:detail", args=[agreement.pk])
        signing = agreement_deadline(agreement)
        if agreement.status == AgreementStatus.APPROVED:
            items.append(WaitingItem(WaitingKind.SIGN, agreement, signing, f"{detail_url}#actions"))
        elif agreement.status == AgreementStatus.RETURNED:
            reason = reasons.get(agreement.pk, "")
            items.append(
                WaitingItem(WaitingKind.AGREEMENT_RETURNED, agreement, signing, detail_url, reason=reason)
            )
        else:
            items += open_quarter_items(agreement, today, details, known)
    return items


def open_quarter_items(agreement: Agreement, today: date, details: bool, known: dict) -> list[WaitingItem]:
    windows = {w.quarter: w for w in agreement.fiscal_year.quarters.all()}
    reports = {r.quarter: r for r in agreement.quarterly_reports.all()}
    items = []
    for quarter in QUARTERS:
        state = quarter_state(
            agreement,
            quarter,
            window=windows.get(quarter),
            report=reports.get(quarter),
            today=today,
            loaded=True,
        )
        if not state.is_open:
            continue
        returned = state.status == QuarterlyReportStatus.RETURNED
        missing = None
        if details:
            missing = known.get((agreement.pk, quarter)) or missing_counts(agreement, quarter)
        items.append(
            WaitingItem(
                WaitingKind.REPORT_RETURNED if returned else WaitingKind.FILL,
                agreement,
                state.deadline,
                reverse("indicators:entry", args=[agreement.pk, quarter]),
                quarter=quarter,
                reason=state.report.reason if returned else "",
                missing=missing,
            )
        )
    return items


def return_reasons(agreements: list[Agreement]) -> dict[int, str]:
    """The reason of each agreement's latest return, in one query."""
    if not agreements:
        return {}
    reasons: dict[int, str] = {}
    entries = AuditEntry.objects.filter(agreement__in=agreements, action="agreement_return").order_by(
        "at", "id"
    )
    for agreement_id, reason in entries.values_list("agreement_id", "reason"):
        reasons[agreement_id] = reason
    return reasons


def supervisor_items(user) -> list[WaitingItem]:
    """The reviewer's agreements and reports to review, self-assessments and achievements to verify, the
    head's agreements to counter-sign: two queries, whatever the number of offices supervised."""
    reviewers = offices_of(user, Role.SUPERVISOR_REVIEWER)
    heads = offices_of(user, Role.SUPERVISOR_HEAD)
    if not reviewers and not heads:
        return []
    in_force = Q(status=AgreementStatus.ACTIVE, is_current=True)
    scope = (
        Q(supervisor_office__in=reviewers, status=AgreementStatus.SUBMITTED)
        | Q(supervisor_office__in=heads, status=AgreementStatus.SIGNED)
        | Q(in_force, supervisor_office__in=reviewers, self_assessment__status=SelfAssessmentStatus.SUBMITTED)
    )
    items = []
    for agreement in Agreement.objects.filter(scope).select_related("office", "fiscal_year").order_by():
        if agreement.status == AgreementStatus.ACTIVE:
            url = reverse("agreements:self_assessment", args=[agreement.pk])
            deadline = agreement.fiscal_year.evaluation_publish_deadline
            items.append(WaitingItem(WaitingKind.VERIFY_SELF_ASSESSMENT, agreement, deadline, url))
            continue
        submitted = agreement.status == AgreementStatus.SUBMITTED
        kind = WaitingKind.REVIEW_AGREEMENT if submitted else WaitingKind.COUNTERSIGN
        url = reverse("agreements:detail", args=[agreement.pk]) + "#actions"
        items.append(WaitingItem(kind, agreement, agreement_deadline(agreement), url))
    if reviewers:
        items += report_items(reviewers)
    return items


def report_items(offices) -> list[WaitingItem]:
    """Submitted reports to review, and per quarter handed over (its report submitted or accepted) the
    reported Section 3 achievements not yet verified: one query."""
    report_deadline = (
        QuarterWindow.objects.filter(
            fiscal_year=OuterRef("agreement__fiscal_year"), quarter=OuterRef("quarter")
        )
        .order_by()
        .values("report_deadline")[:1]
    )
    pending = (
        Achievement.objects.filter(
            indicator__agreement=OuterRef("agreement"),
            quarter=OuterRef("quarter"),
            indicator__governance_kind="",
            verification_status=VerificationStatus.PENDING,
        )
        .exclude(value_number__isnull=True, value_date__isnull=True)
        .order_by()
        .values("quarter")
        .annotate(n=Count("pk"))
        .values("n")
    )
    reports = (
        QuarterlyReport.objects.filter(
            agreement__supervisor_office__in=offices,
            agreement__is_current=True,
            agreement__status=AgreementStatus.ACTIVE,
            status__in=(QuarterlyReportStatus.SUBMITTED, QuarterlyReportStatus.ACCEPTED),
        )
        .annotate(deadline=Subquery(report_deadline), pending=Coalesce(Subquery(pending), 0))
        .filter(Q(status=QuarterlyReportStatus.SUBMITTED) | Q(pending__gt=0))
        .select_related("agreement__office", "agreement__fiscal_year")
        .order_by()
    )
    items = []
    for report in reports:
        agreement, quarter = report.agreement, report.quarter
        if report.status == QuarterlyReportStatus.SUBMITTED:
            url = reverse("agreements:report_review", args=[agreement.pk, quarter])
            items.append(
                WaitingItem(WaitingKind.REVIEW_REPORT, agreement, report.deadline, url, quarter=quarter)
            )
        if report.pending:
            url = reverse("agreements:verify", args=[agreement.pk]) + f"?quarter={quarter}"
            deadline = agreement.fiscal_year.evaluation_publish_deadline
            items.append(
                WaitingItem(
                    WaitingKind.VERIFY_ACHIEVEMENTS,
                    agreement,
                    deadline,
                    url,
                    quarter=quarter,
                    count=report.pending,
                )
            )
    return items
