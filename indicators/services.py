"""Writes for quarterly achievements: record a value (with conflict detection), submit a quarter's report,
reopen a locked quarter. Each service is keyword-only, runs in one transaction that holds the agreement's row
lock (so the stored scores refreshed inside it always see every committed value), checks the actor's role and
the quarter's lock again inside that transaction, and writes the audit row there too."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements import notifications
from agreements.access import SAVE_AGREEMENT_FIELDS, lock, require_role
from agreements.audit import audit_record
from agreements.models import Agreement, Role, User
from agreements.selectors import OFFICE_ROLES, SUPERVISOR_ROLES
from apa_portal import display
from apa_portal.bangla import strip_bidi_controls

from . import scoring, values
from .models import (
    Achievement,
    Indicator,
    IndicatorScore,
    QuarterlyReport,
    QuarterlyReportStatus,
    ScoreKind,
    ValueType,
    VerificationStatus,
)
from .scores import refresh_scores, stored_progress
from .selectors import blocked_reason
from .selectors.quarters import require_open

ENTRY_ROLES = OFFICE_ROLES
REOPEN_ROLES = (*SUPERVISOR_ROLES, Role.ADMINISTRATOR)
MAX_DECIMALS = 4
MAX_DIGITS = 16
STORED_DECIMALS = Decimal(1).scaleb(-MAX_DECIMALS)


@dataclass(frozen=True)
class Recorded:
    """What a save leaves: the achievement as stored (None when there never was one), the indicator's
    progress score and the agreement's progress total as stored after it, and whether the save removed a
    stored value (a blank saved over it)."""

    achievement: Achievement | None
    score: IndicatorScore | None
    total: Decimal | None
    removed: bool = False

    @classmethod
    def stored(cls, achievement: Achievement | None, indicator: Indicator) -> Recorded:
        return cls(achievement, *stored_progress(indicator))


@dataclass(frozen=True)
class AchievementConflict(Exception):
    """Someone saved the indicator after the actor loaded it: both values are shown and the actor chooses."""

    current: Achievement
    attempted_value: Decimal | date | None
    attempted_remarks: str


def field_error(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def check_value(indicator: Indicator, value: Decimal | date | None, quarter: int) -> None:
    """The value fits the indicator's type: a date of `quarter` for date indicators, else a number that
    check_number accepts. The save, the preview and the import of a past year all ask here, so a preview
    never scores what a save refuses."""
    if value is None:
        return
    if indicator.value_type == ValueType.DATE:
        if not isinstance(value, date):
            raise field_error("value", _("এই সূচকের অর্জন একটি তারিখ।"), "type")
        try:
            values.check_date_in_quarter(value, indicator.agreement.fiscal_year.start_year, quarter)
        except ValueError as error:
            raise field_error("value", str(error), "outside_quarter") from None
        return
    try:
        check_number(value)
    except ValidationError as error:
        raise ValidationError({"value": error}) from None


def check_number(value: Decimal) -> None:
    """A number an achievement can hold (a Section 3 indicator's or a plan item's): finite, not negative, at
    most four decimals, small enough for the database."""
    if not isinstance(value, Decimal) or not value.is_finite():
        raise ValidationError(_("এই সূচকের অর্জন একটি সংখ্যা।"), code="type")
    if value < 0:
        raise ValidationError(_("অর্জন ঋণাত্মক হতে পারে না।"), code="negative")
    exponent = value.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > MAX_DECIMALS:
        raise ValidationError(_("দশমিকের পরে সর্বোচ্চ ৪টি অঙ্ক লেখা যায়।"), code="decimals")
    if value >= Decimal(10) ** (MAX_DIGITS - MAX_DECIMALS):
        raise ValidationError(_("সংখ্যাটি অনেক বড়।"), code="too_large")


@transaction.atomic
def achievement_record(
    *,
    indicator: Indicator,
    quarter: int,
    value: Decimal | date | None,
    remarks: str,
    expected_revision: int,
    actor: User,
) -> Recorded:
    """Save the office's achievement of `indicator` in `quarter` and refresh the agreement's stored scores.

    `expected_revision` is the revision the actor's page showed (0 when there was no achievement yet). When
    someone saved in between, AchievementConflict carries their value; saving exactly what is already stored
    (a double submit) is not a conflict and changes nothing.
    """
    agreement = lock(indicator.agreement_id, only=SAVE_AGREEMENT_FIELDS)
    require_role(actor, agreement, *ENTRY_ROLES)
    if quarter not in (1, 2, 3, 4):
        raise ValidationError({"quarter": _("ত্রৈমাসিক ১ থেকে ৪ এর মধ্যে হতে হবে।")})
    require_open(agreement, quarter)
    remarks = strip_bidi_controls(remarks or "").strip()
    check_value(indicator, value, quarter)

    # Unordered: the default ordering would join (and lock) the indicator's, activity's and area's rows too.
    achievements = {
        a.quarter: a for a in Achievement.objects.select_for_update().filter(indicator=indicator).order_by()
    }
    current = achievements.get(quarter)
    unchanged = current is not None and current.value == value and current.remarks == remarks
    if (current.revision if current else 0) != expected_revision:
        if unchanged:
            return Recorded.stored(current, indicator)
        if current is None:
            # The row was deleted since the page loaded: nothing of anyone's is overwritten.
            pass
        else:
            raise AchievementConflict(current, value, remarks)
    if unchanged or (current is None and value is None and not remarks):
        return Recorded.stored(current, indicator)
    # A missing method only matters once there is a value; a governance row never takes one from typing.
    reason = (
        blocked_reason(indicator, achievements, quarter)
        if value is not None or indicator.governance_kind
        else ""
    )
    if reason:
        raise field_error("value", reason, "blocked")
    quarter_values = [achievements[q].value if q in achievements else None for q in (1, 2, 3, 4)]
    quarter_values[quarter - 1] = value
    try:
        scoring.annual_achievement(indicator.method or None, quarter_values)
    except ValueError as error:
        raise field_error("value", _("এই মান দিয়ে বার্ষিক অর্জন নির্ণয় করা যায় না।"), "method") from error

    before = None
    after = {"value": values.encode(value), "remarks": remarks, "quarter": quarter}
    removed = value is None and current is not None and current.value is not None
    if current is None:
        current = Achievement(indicator=indicator, quarter=quarter, revision=1)
    else:
        before = {"value": values.encode(current.value), "remarks": current.remarks}
        current.revision += 1
    # A verification vouches for the value it saw: a new value waits for the supervisor again.
    unverify = current.verification_status != VerificationStatus.PENDING and current.value != value
    if unverify:
        before.update(
            verification_status=current.verification_status,
            verified_value=values.encode(current.verified_value),
        )
        after["verification_status"] = VerificationStatus.PENDING
        current.reset_verification()
    is_date = indicator.value_type == ValueType.DATE
    current.value_date = value if is_date else None
    # Held as the database holds it (four decimals), so that the scores refreshed from this very object
    # are the scores a fresh read would give.
    current.value_number = None if is_date or value is None else value.quantize(STORED_DECIMALS)
    current.remarks = remarks
    current.updated_by = actor
    current.indicator = indicator  # for the audit row's description, without reading it again
    # The model's check constraints (quarter 1-4, one kind of value) hold by construction above and are
    # enforced by the database anyway, and the actor and the indicator were just read: validating them here
    # would cost five queries on the busiest write.
    current.full_clean(exclude=["indicator", "updated_by", "verified_by"], validate_constraints=False)
    current.save()
    audit_record(
        actor=actor, action="achievement.record", obj=current, agreement=agreement, before=before, after=after
    )
    # Only this indicator's rows can change: progress and claimed read the reported values, verified only
    # the values the supervisor stands behind, which change here only when the verification is undone.
    kinds = [ScoreKind.PROGRESS, ScoreKind.CLAIMED] + ([ScoreKind.VERIFIED] if unverify else [])
    achievements[quarter] = current
    refreshed = refresh_scores(
        agreement=agreement, indicators=[indicator], kinds=kinds, achievements=achievements.values()
    )
    return Recorded(
        current,
        refreshed.rows[indicator.pk, ScoreKind.PROGRESS],
        refreshed.totals[ScoreKind.PROGRESS],
        removed=removed,
    )


@transaction.atomic
def quarterly_report_submit(*, agreement: Agreement, quarter: int, actor: User) -> QuarterlyReport:
    """Submit the office's report for `quarter`: from now on its entries are locked for the office."""
    agreement = lock(agreement.pk)
    require_role(actor, agreement, *ENTRY_ROLES)
    state = require_open(agreement, quarter)
    report = state.report or QuarterlyReport(agreement=agreement, quarter=quarter)
    before = {"status": report.status} if report.pk else None
    report.status = QuarterlyReportStatus.SUBMITTED
    report.submitted_at = timezone.now()
    report.submitted_by = actor
    report.full_clean()
    report.save()
    audit_record(
        actor=actor,
        action="quarterly_report.submit",
        obj=report,
        agreement=agreement,
        before=before,
        after={"status": report.status, "quarter": quarter},
    )
    notifications.notify_quarter(report, "quarter_submitted", actor=actor)
    return report


def require_reason_and_until(reason: str, until: date | None, *, missing_reason: str) -> str:
    """The stripped reason for opening a quarter again, once it is given and `until` is today or later;
    otherwise the errors of both fields."""
    reason = (reason or "").strip()
    errors = {}
    if not reason:
        errors["reason"] = missing_reason
    today = timezone.localdate()
    if until is None or until < today:
        errors["until"] = _("তারিখটি আজ (%(today)s) বা তার পরের হতে হবে।") % {"today": display.date_long(today)}
    if errors:
        raise ValidationError(errors)
    return reason


@transaction.atomic
def quarterly_report_reopen(
    *, report: QuarterlyReport, reason: str, until: date, actor: User
) -> QuarterlyReport:
    """The supervisor office opens a locked quarter again for the office, until `until`, with a reason.
    `report` may be unsaved (a quarter that was never submitted but is past its deadline)."""
    agreement = lock(report.agreement_id)
    require_role(actor, agreement, *REOPEN_ROLES)
    reason = require_reason_and_until(reason, until, missing_reason=_("পুনরায় খোলার কারণ লিখুন।"))
    if report.pk:
        report = QuarterlyReport.objects.select_for_update().get(pk=report.pk)
    else:
        report = QuarterlyReport.objects.filter(agreement=agreement, quarter=report.quarter).first() or report
    before = (
        {"status": report.status, "reopened_until": values.encode(report.reopened_until)}
        if report.pk
        else None
    )
    report.status = QuarterlyReportStatus.REOPENED
    report.reopened_until = until
    report.reason = reason
    report.full_clean()
    report.save()
    audit_record(
        actor=actor,
        action="quarterly_report.reopen",
        obj=report,
        agreement=agreement,
        before=before,
        after={"status": report.status, "reopened_until": until.isoformat(), "quarter": report.quarter},
        reason=reason,
    )
    notifications.notify_quarter(report, "quarter_reopened", actor=actor, reason=reason)
    return report


# ------------------------------------------------------------------------------------------------
# The supervisor's review of a submitted quarterly report

REVIEW_ROLES = (Role.SUPERVISOR_REVIEWER,)


def submitted_report(report: QuarterlyReport, agreement: Agreement, action: str) -> QuarterlyReport:
    """The report re-read under a lock; only a submitted report is accepted or returned."""
    report = QuarterlyReport.objects.select_for_update().get(pk=report.pk, agreement=agreement)
    if report.status != QuarterlyReportStatus.SUBMITTED:
        raise ValidationError(
            _("প্রতিবেদনটি '%(status)s' অবস্থায় আছে; কেবল দাখিলকৃত প্রতিবেদন %(action)s করা যায়।")
            % {"status": report.get_status_display(), "action": action}
        )
    return report


@transaction.atomic
def quarterly_report_accept(*, report: QuarterlyReport, actor: User) -> QuarterlyReport:
    """The supervisor's reviewer accepts a submitted quarterly report; the quarter stays locked."""
    agreement = lock(report.agreement_id)
    require_role(actor, agreement, *REVIEW_ROLES)
    report = submitted_report(report, agreement, _("গ্রহণ"))
    report.status = QuarterlyReportStatus.ACCEPTED
    report.full_clean()
    report.save()
    audit_record(
        actor=actor,
        action="quarterly_report.accept",
        obj=report,
        agreement=agreement,
        before={"status": QuarterlyReportStatus.SUBMITTED},
        after={"status": report.status, "quarter": report.quarter},
    )
    notifications.notify_quarter(report, "quarter_accepted", actor=actor)
    return report


@transaction.atomic
def quarterly_report_return(
    *, report: QuarterlyReport, reason: str, until: date | None, actor: User
) -> QuarterlyReport:
    """The supervisor's reviewer returns a submitted report with a reason: the quarter opens again for the
    office until `until`, a date the reviewer sets (today or later), then locks again. A date, not the
    quarter's deadline: reports are reviewed after they are submitted, mostly after the deadline, when the
    deadline would leave the office no time at all; and not open-ended, or the quarter's figures would
    never settle."""
    agreement = lock(report.agreement_id)
    require_role(actor, agreement, *REVIEW_ROLES)
    reason = require_reason_and_until(reason, until, missing_reason=_("ফেরত পাঠানোর কারণ লিখুন।"))
    report = submitted_report(report, agreement, _("ফেরত"))
    report.status = QuarterlyReportStatus.RETURNED
    report.reopened_until = until
    report.reason = reason
    report.full_clean()
    report.save()
    audit_record(
        actor=actor,
        action="quarterly_report.return",
        obj=report,
        agreement=agreement,
        before={"status": QuarterlyReportStatus.SUBMITTED},
        after={"status": report.status, "reopened_until": until.isoformat(), "quarter": report.quarter},
        reason=reason,
    )
    notifications.notify_quarter(report, "quarter_returned", actor=actor, reason=reason, until=until)
    return report
