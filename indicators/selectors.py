"""Reads for quarterly achievement entry: whether a quarter is open for the office, the entry page's whole
Section 3 tree in a constant number of queries, what a quarter's report still lacks, an indicator's
history."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.models import Agreement, AgreementStatus, AuditEntry, QuarterWindow
from apa_portal import display

from . import scoring, values
from .models import (
    Achievement,
    AgreementScore,
    Area,
    GovernancePlan,
    Indicator,
    IndicatorScore,
    Method,
    QuarterlyReport,
    QuarterlyReportStatus,
    ScoreKind,
    ValueType,
)
from .validation import aligned_targets


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

    if agreement.status != AgreementStatus.ACTIVE or not agreement.is_current:
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


# ------------------------------------------------------------------------------------------------
# The entry page


@dataclass
class EntryRow:
    """One indicator on the entry page: its achievements by quarter, this quarter's evidence, its score."""

    indicator: Indicator
    achievements: dict[int, Achievement]
    evidence: list
    score: IndicatorScore | None
    annual: Decimal | date | None = None
    annual_error: str = ""
    # Why this row cannot take a value (a governance indicator, a missing calculation method).
    blocked: str = ""
    quarter: int = 0
    # What the user posted for this row when saving failed without JavaScript: shown again, never lost.
    posted: dict | None = None
    # The stored targets, one per level column of the fiscal year (blank where none: governance rows).
    targets: list = field(default_factory=list)
    # A governance row's plan (Annex 4-8), where its value comes from.
    plan_url: str = ""

    @property
    def current(self) -> Achievement | None:
        return self.achievements.get(self.quarter)

    @property
    def earlier(self) -> list[tuple[int, Achievement | None]]:
        return [(q, self.achievements.get(q)) for q in range(1, self.quarter)]

    @property
    def is_date(self) -> bool:
        return self.indicator.value_type == ValueType.DATE

    @property
    def is_governance(self) -> bool:
        return bool(self.indicator.governance_kind) or self.indicator.value_type == ValueType.SCORE

    @property
    def blocked_by_method(self) -> bool:
        return bool(self.blocked) and not self.is_governance

    @property
    def plan_score(self) -> Decimal | None:
        """A governance row's plan score scaled into the indicator's marks, once the plan has one."""
        if not self.is_governance or self.score is None or not self.score.reported:
            return None
        return values.decode(self.score.annual_value, ValueType.NUMBER)

    @property
    def lacks_method(self) -> bool:
        """The agreement gives this office indicator no calculation method (the supervisor may add one)."""
        return not self.indicator.method and not self.is_governance

    @property
    def method_choices(self) -> list[tuple[str, str]]:
        return [(method, Method(method).label) for method in allowed_methods(self.indicator.value_type)]


@dataclass
class EntryActivity:
    activity: object
    rows: list[EntryRow] = field(default_factory=list)


@dataclass
class EntryArea:
    area: Area
    activities: list[EntryActivity] = field(default_factory=list)


@dataclass
class EntryPage:
    agreement: Agreement
    quarter: int
    state: QuarterState
    areas: list[EntryArea]
    total: Decimal | None
    levels: list[dict]

    @property
    def rows(self) -> list[EntryRow]:
        return [row for area in self.areas for activity in area.activities for row in activity.rows]

    @property
    def method_missing_codes(self) -> list[str]:
        """Codes (in the interface's digits) of the indicators that cannot take this quarter's value for want
        of a calculation method."""
        return [display.digits(row.indicator.code) for row in self.rows if row.blocked_by_method]

    @property
    def lacking_method_count(self) -> int:
        return sum(1 for row in self.rows if row.lacks_method)


def indicator_quarter_values(indicator: Indicator, achievements: dict[int, Achievement]) -> list:
    return [achievements[q].value if q in achievements else None for q in (1, 2, 3, 4)]


def blocked_reason(indicator: Indicator, achievements: dict[int, Achievement], quarter: int) -> str:
    """Why the office cannot type a value for `indicator` in `quarter`, or ""."""
    if indicator.governance_kind or indicator.value_type == ValueType.SCORE:
        return _("এই সূচকের মান সংশ্লিষ্ট সুশাসন কর্মপরিকল্পনার স্কোর থেকে আসে; এখানে লেখা যায় না।")
    if not indicator.method and any(q != quarter and a.value is not None for q, a in achievements.items()):
        return method_missing_message(indicator)
    return ""


def allowed_methods(value_type: str) -> list[str]:
    """The calculation methods that fit an indicator's values: 'date' for dates only, no sum of
    percentages (the drafting rules of indicators.validation)."""
    if value_type == ValueType.DATE:
        return [Method.DATE]
    return [
        m
        for m in Method.values
        if m != Method.DATE and not (m == Method.SUM and value_type == ValueType.PERCENT)
    ]


def method_missing_message(indicator: Indicator) -> str:
    return _(
        "সূচক [%(code)s]-এর গণনা পদ্ধতি চুক্তিতে নেই, তাই একাধিক ত্রৈমাসিকের অর্জন মিলিয়ে বার্ষিক অর্জন "
        "নির্ণয় করা যায় না। গণনা পদ্ধতি যোগ করতে তত্ত্বাবধায়ক অফিসকে জানান।"
    ) % {"code": display.digits(indicator.code)}


def annual_value(indicator: Indicator, quarter_values: list) -> tuple[Decimal | date | None, str]:
    """The running annual value by the indicator's calculation method, or an explanation why there is none."""
    try:
        return scoring.annual_achievement(indicator.method or None, quarter_values), ""
    except ValueError:
        return None, _("গণনা পদ্ধতি ছাড়া বার্ষিক অর্জন নির্ণয় করা যায় না")


def entry_page(agreement: Agreement, quarter: int, *, today: date | None = None) -> EntryPage:
    """Everything the entry page shows, in eight queries whatever the number of indicators (nine once the
    quarter has a report)."""
    from evidence.models import EvidenceItem

    state = quarter_state(agreement, quarter, today=today)  # 1 query, 2 with a report
    evidence = EvidenceItem.objects.filter(quarter=quarter, removed_at__isnull=True).select_related(
        "uploaded_by"
    )
    areas = list(  # 5 queries: areas, activities, indicators, achievements, evidence
        Area.objects.filter(agreement=agreement)
        .order_by("position")
        .prefetch_related(
            Prefetch(
                "activities__indicators",
                queryset=Indicator.objects.order_by("position").prefetch_related(
                    Prefetch("achievements", queryset=Achievement.objects.select_related("updated_by")),
                    Prefetch("evidence", queryset=evidence, to_attr="quarter_evidence"),
                ),
            )
        )
    )
    scores = {  # 1 query
        s.indicator_id: s for s in IndicatorScore.objects.filter(agreement=agreement, kind=ScoreKind.PROGRESS)
    }
    total = (  # 1 query
        AgreementScore.objects.filter(agreement=agreement, kind=ScoreKind.PROGRESS)
        .values_list("total", flat=True)
        .first()
    )
    level_count = len(agreement.fiscal_year.levels)
    plan_urls = governance_plan_urls(agreement, quarter, areas)  # 1 query, when there are governance rows
    entry_areas = []
    for area in areas:
        entry_area = EntryArea(area)
        for activity in sorted(area.activities.all(), key=lambda a: a.position):
            entry_activity = EntryActivity(activity)
            for indicator in sorted(activity.indicators.all(), key=lambda i: i.position):
                achievements = {a.quarter: a for a in indicator.achievements.all()}
                annual, annual_error = annual_value(
                    indicator, indicator_quarter_values(indicator, achievements)
                )
                entry_activity.rows.append(
                    EntryRow(
                        indicator=indicator,
                        achievements=achievements,
                        evidence=indicator.quarter_evidence,
                        score=scores.get(indicator.pk),
                        annual=annual,
                        annual_error=annual_error,
                        blocked=blocked_reason(indicator, achievements, quarter),
                        quarter=quarter,
                        targets=(list(indicator.targets) + [None] * level_count)[:level_count],
                        plan_url=plan_urls.get(indicator.governance_kind, ""),
                    )
                )
            entry_area.activities.append(entry_activity)
        entry_areas.append(entry_area)
    return EntryPage(agreement, quarter, state, entry_areas, total, agreement.fiscal_year.levels)


def governance_plan_urls(agreement: Agreement, quarter: int, areas: list[Area]) -> dict[str, str]:
    """Where each governance indicator's value comes from: its plan's entry page for the quarter, or the
    agreement's plans page (Annex 4-8) for a kind without a plan. No query without governance rows."""
    kinds = {
        indicator.governance_kind
        for area in areas
        for activity in area.activities.all()
        for indicator in activity.indicators.all()
        if indicator.governance_kind
    }
    if not kinds:
        return {}
    plans = dict(GovernancePlan.objects.filter(agreement=agreement).values_list("kind", "pk"))
    fallback = reverse("governance:plans", args=[agreement.pk])
    return {
        kind: f"{reverse('governance:entry', args=[agreement.pk, plans[kind]])}?quarter={quarter}"
        if kind in plans
        else fallback
        for kind in kinds
    }


# ------------------------------------------------------------------------------------------------
# Preview: what a typed value would do to the score, without saving


@dataclass(frozen=True)
class Preview:
    score: scoring.IndicatorScore
    total: Decimal | None
    lines: list[str]


def preview_score(indicator: Indicator, quarter: int, value: Decimal | date | None) -> Preview:
    """The indicator's progress score and the agreement's total if `value` were saved for `quarter`, by the
    same pure scoring code that the stored scores come from. Raises ValueError when it cannot be scored."""
    from .scores import explain_indicator

    achievements = {a.quarter: a for a in indicator.achievements.all()}
    quarter_values = indicator_quarter_values(indicator, achievements)
    quarter_values[quarter - 1] = value
    fiscal_year = indicator.agreement.fiscal_year
    levels = fiscal_year.level_percents
    score = scoring.score_indicator(
        scoring.IndicatorInput(
            indicator.code,
            indicator.weight,
            indicator.method or None,
            aligned_targets(indicator, levels),
            quarter_values,
            levels,
        ),
        fiscal_year.scoring_policy,
    )
    stored = {
        s.kind: s.weighted
        for s in IndicatorScore.objects.filter(indicator=indicator, kind=ScoreKind.PROGRESS).only(
            "kind", "weighted"
        )
    }
    total = (
        AgreementScore.objects.filter(agreement_id=indicator.agreement_id, kind=ScoreKind.PROGRESS)
        .values_list("total", flat=True)
        .first()
    )
    if total is not None:
        total = total - stored.get(ScoreKind.PROGRESS, Decimal(0)) + score.weighted
    return Preview(score, total, explain_indicator(score, value_type=indicator.value_type))


# ------------------------------------------------------------------------------------------------
# Submission: what is still missing


@dataclass(frozen=True)
class Gap:
    indicator: Indicator
    lacks_value: bool
    lacks_evidence: bool
    # No value can be entered: the agreement gives no calculation method (see blocked_reason).
    blocked: bool = False


def report_gaps(page: EntryPage) -> list[Gap]:
    """Indicators the office must still give a value or evidence for (governance rows excluded: their
    value comes from the plans), those whose value cannot be entered for want of a method marked."""
    gaps = []
    for row in page.rows:
        if row.is_governance:
            continue
        current = row.current
        lacks_value = current is None or current.value is None
        lacks_evidence = not row.evidence
        if lacks_value or lacks_evidence:
            gaps.append(
                Gap(row.indicator, lacks_value, lacks_evidence, lacks_value and row.blocked_by_method)
            )
    return gaps


@dataclass(frozen=True)
class Missing:
    """What the office still owes for a quarter: indicators to report, those lacking a value it can enter,
    those lacking evidence, and those whose value cannot be entered for want of a calculation method."""

    to_report: int = 0
    lacking_value: int = 0
    lacking_evidence: int = 0
    blocked: int = 0


def missing_counts(agreement: Agreement, quarter: int) -> Missing:
    """The home page's counts (see Missing), in four queries."""
    from evidence.models import EvidenceItem

    office = Indicator.objects.filter(agreement=agreement, governance_kind="").exclude(
        value_type=ValueType.SCORE
    )
    count = office.count()
    valued = Achievement.objects.filter(Q(value_number__isnull=False) | Q(value_date__isnull=False))
    with_value = valued.filter(indicator__in=office, quarter=quarter).count()
    with_evidence = (
        EvidenceItem.objects.filter(indicator__in=office, quarter=quarter, removed_at__isnull=True)
        .values("indicator")
        .distinct()
        .count()
    )
    # As blocked_reason: no method, a value in another quarter, and none yet in this one.
    of_indicator = valued.filter(indicator=OuterRef("pk"))
    blocked = (
        office.filter(method="")
        .filter(Exists(of_indicator.exclude(quarter=quarter)))
        .exclude(Exists(of_indicator.filter(quarter=quarter)))
        .count()
    )
    return Missing(count, count - with_value - blocked, count - with_evidence, blocked)


# ------------------------------------------------------------------------------------------------
# History


def indicator_history(indicator: Indicator) -> QuerySet[AuditEntry]:
    """Every recorded change of the indicator (its calculation method completed), of its achievements and
    evidence, and of its agreement's quarterly reports (submitted, reopened, accepted, returned: they lock
    and unlock its values), newest first."""
    from evidence.models import EvidenceItem

    achievement_ids = [
        str(pk) for pk in Achievement.objects.filter(indicator=indicator).values_list("pk", flat=True)
    ]
    evidence_ids = [
        str(pk) for pk in EvidenceItem.objects.filter(indicator=indicator).values_list("pk", flat=True)
    ]
    return (
        AuditEntry.objects.filter(
            Q(object_type="indicators.indicator", object_id=str(indicator.pk))
            | Q(object_type="indicators.achievement", object_id__in=achievement_ids)
            | Q(object_type="evidence.evidenceitem", object_id__in=evidence_ids)
            | Q(object_type="indicators.quarterlyreport", agreement_id=indicator.agreement_id)
        )
        .select_related("actor")
        .order_by("-at", "-id")
    )


# ------------------------------------------------------------------------------------------------
# The office's home page


@dataclass(frozen=True)
class AreaBar:
    code: str
    title: str
    weight: Decimal
    total: Decimal

    @property
    def percent(self) -> Decimal:
        return min(self.total / self.weight * 100, Decimal(100)) if self.weight else Decimal(0)


@dataclass(frozen=True)
class HomeCard:
    """One of the user's own office's current agreements: its open quarter, its score and what is missing."""

    agreement: Agreement
    state: QuarterState | None
    total: Decimal | None
    bars: list[AreaBar]
    missing: Missing = field(default_factory=Missing)

    @property
    def chart_rows(self) -> list[tuple[AreaBar, int]]:
        return [(bar, index * 22) for index, bar in enumerate(self.bars)]

    @property
    def chart_height(self) -> int:
        return len(self.bars) * 22 + 4


def office_home_cards(user, *, today: date | None = None) -> list[HomeCard]:
    """The current agreements of the offices where `user` is focal point or head, newest year first."""
    from agreements.selectors import OWN_OFFICE_ROLES, offices_of

    offices = offices_of(user, *OWN_OFFICE_ROLES)
    if not offices:
        return []
    agreements = (
        Agreement.objects.filter(office__in=offices, is_current=True)
        .select_related("office", "fiscal_year", "supervisor_office")
        .order_by("-fiscal_year__start_year", "office__name_bn")[:5]
    )
    cards = []
    for agreement in agreements:
        state = open_quarter(agreement, today=today)
        score = AgreementScore.objects.filter(agreement=agreement, kind=ScoreKind.PROGRESS).first()
        totals = score.area_totals if score else {}
        bars = [
            AreaBar(area.code, area.title, area.weight, Decimal(totals.get(str(area.pk), "0")))
            for area in Area.objects.filter(agreement=agreement).order_by("position")
        ]
        missing = missing_counts(agreement, state.quarter) if state else Missing()
        cards.append(HomeCard(agreement, state, score.total if score else None, bars, missing))
    return cards
