"""The entry page: the agreement's whole Section 3 tree with each indicator's quarters, evidence and score,
in a constant number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from agreements.models import Agreement
from apa_portal import display
from evidence.models import EvidenceItem

from .. import scoring, values
from ..models import (
    Achievement,
    AgreementScore,
    Area,
    GovernancePlan,
    Indicator,
    IndicatorScore,
    Method,
    ScoreKind,
    ValueType,
)
from .quarters import QuarterState, quarter_state


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
        return needs_method(self.indicator)

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

    @property
    def method_blocked_ids(self) -> list[int]:
        """The indicators the office cannot enter this quarter for want of a method (it may ask for them)."""
        return [row.indicator.pk for row in self.rows if row.blocked_by_method]


def indicator_quarter_values(indicator: Indicator, achievements: dict[int, Achievement]) -> list:
    return [achievements[q].value if q in achievements else None for q in (1, 2, 3, 4)]


REPORTED = Q(value_number__isnull=False) | Q(value_date__isnull=False)


def needs_method(indicator: Indicator) -> bool:
    """An office indicator the agreement gives no calculation method (a governance row takes its plan's
    score and needs none)."""
    return not indicator.method and not indicator.governance_kind and indicator.value_type != ValueType.SCORE


def methods_page_rows(agreement: Agreement) -> list[tuple[Indicator, list[int]]]:
    """Every indicator of `agreement` that needs a method, in the document's order, with the quarters it has
    values for (two such quarters block the office's entry): two queries."""
    indicators = (
        Indicator.objects.filter(agreement=agreement, method="", governance_kind="")
        .exclude(value_type=ValueType.SCORE)
        .prefetch_related(Prefetch("achievements", queryset=Achievement.objects.filter(REPORTED)))
        .order_by("activity__area__position", "activity__position", "position")
    )
    return [(i, sorted(a.quarter for a in i.achievements.all())) for i in indicators]


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

    state = quarter_state(agreement, quarter, today=today)  # 1 query, 2 with a report
    evidence = EvidenceItem.objects.filter(quarter=quarter, removed_at__isnull=True).select_related(
        "uploaded_by"
    )
    areas = list(  # 5 queries: areas, activities, indicators, achievements, evidence
        Area.objects.filter(agreement=agreement).with_tree(
            Prefetch("achievements", queryset=Achievement.objects.select_related("updated_by")),
            Prefetch("evidence", queryset=evidence, to_attr="quarter_evidence"),
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


def indicator_in(agreement: Agreement, indicator_id: int) -> Indicator:
    """The agreement's indicator with its achievements (404 for another agreement's)."""
    queryset = Indicator.objects.select_related("agreement__fiscal_year").prefetch_related("achievements")
    return get_object_or_404(queryset, pk=indicator_id, agreement=agreement)
