"""Whether a quarter is open for the office's entries now, and why: the one locking rule for Section 3's
achievements, Annex 4-8's plan items, evidence and the supervisor's list of reports (README, "Quarters").

- Only the agreement in force (active, its current version) takes achievements: a signed agreement that the
  supervisor has not yet counter-signed does not.
- A quarter is open from its window's first day to its report deadline; a year without a window for the
  quarter keeps it closed (the supervisor may still reopen it).
- A submitted or accepted report closes the quarter; a supervisor's reopening or a returned report opens it
  until the date the supervisor set, for every part of the agreement alike."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import QuerySet, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.models import Agreement, AgreementStatus, QuarterWindow
from apa_portal import display

from ..models import QuarterlyReport, QuarterlyReportStatus

QUARTERS = (1, 2, 3, 4)


class QuarterLocked(ValidationError):
    """The quarter does not accept entries from the office now (submitted, past its deadline, ...)."""


@dataclass(frozen=True)
class QuarterState:
    """Whether the office may enter achievements for a quarter now, and why (a sentence in the interface's
    language)."""

    quarter: int
    window: QuarterWindow | None
    report: QuarterlyReport | None
    is_open: bool
    message: str

    @property
    def status(self) -> str:
        return self.report.status if self.report else QuarterlyReportStatus.OPEN

    @property
    def deadline(self) -> date | None:
        # A supervisor's reopening and a returned report both open the quarter until a date.
        if self.report and self.report.status in (
            QuarterlyReportStatus.REOPENED,
            QuarterlyReportStatus.RETURNED,
        ):
            return self.report.reopened_until
        return self.window.report_deadline if self.window else None


def unique_row(queryset: QuerySet):
    """The row a filter on a unique key selects, or None. Unlike first(), no ordering: the default ordering of
    these models would join three more tables."""
    return next(iter(queryset.order_by()[:1]), None)


def in_force(agreement: Agreement) -> bool:
    """The agreement takes achievements, self-assessments and verifications: active, its current version."""
    return agreement.status == AgreementStatus.ACTIVE and agreement.is_current


def quarter_state(
    agreement: Agreement,
    quarter: int,
    *,
    window: QuarterWindow | None = None,
    report: QuarterlyReport | None = None,
    today: date | None = None,
    loaded: bool = False,
) -> QuarterState:
    """The locking rules: entries are open from the window's first day to the report deadline, unless the
    report was submitted (or accepted); a supervisor's reopening opens them until its date. `loaded=True`
    means the caller already fetched `window` and `report` (None meaning there is none)."""
    today = today or timezone.localdate()
    if not loaded:
        # One query while the quarter has no report yet, as it has while the office enters its values.
        reports = QuarterlyReport.objects.filter(agreement=agreement, quarter=quarter)
        window = unique_row(
            QuarterWindow.objects.filter(fiscal_year_id=agreement.fiscal_year_id, quarter=quarter).annotate(
                report_id=Subquery(reports.order_by().values("pk")[:1])
            )
        )
        report = unique_row(reports) if window is None or window.report_id is not None else None

    def state(is_open: bool, message: str) -> QuarterState:
        return QuarterState(quarter, window, report, is_open, message)

    if not in_force(agreement):
        return state(False, _("চুক্তিটি কার্যকর নয়: কেবল কার্যকর চুক্তির অর্জন লেখা যায়।"))
    status = report.status if report else QuarterlyReportStatus.OPEN
    if status == QuarterlyReportStatus.REOPENED:
        if report.reopened_until and today <= report.reopened_until:
            return state(
                True,
                _("তত্ত্বাবধায়ক অফিস ত্রৈমাসিকটি %(until)s পর্যন্ত পুনরায় খুলেছে।")
                % {"until": display.date_long(report.reopened_until)},
            )
        return state(False, _("পুনরায় খোলার মেয়াদ শেষ হয়েছে; ত্রৈমাসিকটি এখন বন্ধ।"))
    if status == QuarterlyReportStatus.RETURNED:
        if report.reopened_until and today <= report.reopened_until:
            return state(
                True,
                _(
                    "তত্ত্বাবধায়ক অফিস প্রতিবেদনটি সংশোধনের জন্য ফেরত দিয়েছে; "
                    "%(until)s পর্যন্ত সংশোধন করে আবার দাখিল করুন।"
                )
                % {"until": display.date_long(report.reopened_until)},
            )
        return state(False, _("ফেরত দেওয়া প্রতিবেদন সংশোধনের মেয়াদ শেষ হয়েছে; ত্রৈমাসিকটি এখন বন্ধ।"))
    if status in (QuarterlyReportStatus.SUBMITTED, QuarterlyReportStatus.ACCEPTED):
        return state(False, _("প্রতিবেদন দাখিল করা হয়েছে; ত্রৈমাসিকটি বন্ধ।"))
    if window is None:
        return state(False, _("এই অর্থবছরে এই ত্রৈমাসিকের সময়সূচি নির্ধারিত হয়নি।"))
    if today < window.opens_on:
        return state(
            False,
            _("এই ত্রৈমাসিকের অর্জন লেখা শুরু হবে %(date)s থেকে।") % {"date": display.date_long(window.opens_on)},
        )
    if today > window.report_deadline:
        return state(
            False,
            _("প্রতিবেদন দাখিলের শেষ তারিখ (%(date)s) পেরিয়ে গেছে; ত্রৈমাসিকটি বন্ধ।")
            % {"date": display.date_long(window.report_deadline)},
        )
    return state(
        True,
        _("প্রতিবেদন দাখিলের শেষ তারিখ %(date)s।") % {"date": display.date_long(window.report_deadline)},
    )


def open_quarter(agreement: Agreement, *, today: date | None = None) -> QuarterState | None:
    """The quarter the office may work on now (reopened or within its window), else None. Three queries."""
    today = today or timezone.localdate()
    windows = {w.quarter: w for w in QuarterWindow.objects.filter(fiscal_year_id=agreement.fiscal_year_id)}
    reports = {r.quarter: r for r in QuarterlyReport.objects.filter(agreement=agreement)}
    for quarter in (1, 2, 3, 4):
        state = quarter_state(
            agreement,
            quarter,
            window=windows.get(quarter),
            report=reports.get(quarter),
            today=today,
            loaded=True,
        )
        if state.is_open:
            return state
    return None


def check_quarter(quarter: int) -> None:
    """404 for a URL naming no quarter of a year."""
    if quarter not in QUARTERS:
        raise Http404


def require_open(agreement: Agreement, quarter: int) -> QuarterState:
    """The quarter's state when the office may enter it now, else QuarterLocked with the reason."""
    if quarter not in QUARTERS:
        raise QuarterLocked(_("ত্রৈমাসিক ১ থেকে ৪ এর মধ্যে হতে হবে।"), code="quarter")
    state = quarter_state(agreement, quarter)
    if not state.is_open:
        raise QuarterLocked(state.message, code="locked")
    return state


def quarter_to_work_on(agreement: Agreement, *, today: date | None = None) -> int:
    """The quarter an entry page opens on when none is named: the one open now, else the latest that has
    begun, else the first."""
    today = today or timezone.localdate()
    state = open_quarter(agreement, today=today)
    if state is not None:
        return state.quarter
    begun = QuarterWindow.objects.filter(fiscal_year_id=agreement.fiscal_year_id, opens_on__lte=today)
    return max(begun.values_list("quarter", flat=True), default=1)
