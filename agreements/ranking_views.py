"""The supervisor office's ranking of its offices and the dashboard of everyone who oversees offices: stored
scores (one indexed query on AgreementScore), their grades, and charts drawn as SVG on the server
(`apa_portal.charts`) with the numbers beside them in tables."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from apa_portal import charts, display
from indicators.models import AgreementScore, ScoreKind
from indicators.scores import Grade, QuarterTrend, grade_of, quarter_trends
from indicators.scores import ranking as ranked

from .models import OVERSIGHT_ROLES, Agreement, AgreementStatus, FiscalYear
from .selectors import agreement_scope_q, is_administrator, offices_of
from .supervisor_views import (
    PAGE_SIZE,
    ReportState,
    agreement_report_rows,
    query_without_page,
    supervised_offices,
)

RANKED_STATUSES = {
    # The default: only agreements in force are ranked. A draft's 0.00 is not a performance.
    "active": (AgreementStatus.ACTIVE,),
    "all": None,
}
# The lengths, in SVG units, of a score bar and of a trend line.
BAR = 160
SPARK_WIDTH, SPARK_HEIGHT = 72, 20


@dataclass(frozen=True)
class RankedRow:
    """An office on the ranking: its place, stored score, grade and the totals quarter by quarter."""

    rank: int
    score: AgreementScore
    grade: Grade
    trend: QuarterTrend | None = None

    @property
    def bar(self) -> float:
        return charts.length(self.score.total, 100, BAR)

    @property
    def spark(self) -> list[tuple]:
        if self.trend is None:
            return []
        return charts.sparkline(self.trend.reported, width=SPARK_WIDTH, height=SPARK_HEIGHT)

    @property
    def spark_points(self) -> str:
        return " ".join(f"{x},{y}" for x, y in self.spark)

    @property
    def trend_label(self) -> str:
        """The trend in words, for screen readers and as the chart's tooltip."""
        return trend_label(self.trend.reported if self.trend else ())


def trend_label(totals) -> str:
    return _("ত্রৈমাসিক অনুযায়ী স্কোর: %(values)s") % {
        "values": "; ".join(
            f"{display.quarter_name(quarter)} {display.number(total, decimals=2)}"
            for quarter, total in enumerate(totals, start=1)
        )
    }


def chosen_kind(request: HttpRequest, year: FiscalYear | None) -> str:
    """`?kind=`, else the verified score of a year that has ended and the progress of one still running: the
    supervisor verifies after the year, so until then every verified total is zero."""
    if request.GET.get("kind") in ScoreKind.values:
        return request.GET["kind"]
    running = year is not None and year.ends_on >= timezone.localdate()
    return ScoreKind.PROGRESS if running else ScoreKind.VERIFIED


def score_kinds() -> list[tuple[str, str]]:
    return [
        (ScoreKind.VERIFIED, _("যাচাইকৃত স্কোর")),
        (ScoreKind.PROGRESS, _("চলতি অগ্রগতি")),
        (ScoreKind.CLAIMED, _("দাবিকৃত স্কোর")),
    ]


def chosen_year(request: HttpRequest, years: list[FiscalYear], agreements) -> FiscalYear | None:
    """`?year=`, else the latest year in which `agreements` has a current agreement, else the latest year."""
    year = next((y for y in years if str(y.start_year) == request.GET.get("year")), None)
    if year is None:
        with_agreements = {r["fiscal_year"] for r in agreements.filter(is_current=True).values("fiscal_year")}
        year = next((y for y in years if y.pk in with_agreements), years[0] if years else None)
    return year


@login_required
def ranking(request: HttpRequest) -> HttpResponse:
    """Offices ranked by a stored score: one indexed query on AgreementScore, each score one click from
    its explanation, with its grade, a bar against the grade bands and its trend by quarter. Only active
    agreements by default; `?status=all` ranks every current one, showing its status."""

    offices, office = supervised_offices(request)
    years = list(FiscalYear.objects.order_by("-start_year"))
    year = chosen_year(request, years, Agreement.objects.filter(supervisor_office=office))
    kind = chosen_kind(request, year)
    status = request.GET.get("status") if request.GET.get("status") in RANKED_STATUSES else "active"
    rows = ranked(fiscal_year=year, kind=kind, supervisor_office=office) if year else []
    if year and RANKED_STATUSES[status]:
        rows = rows.filter(agreement__status__in=RANKED_STATUSES[status])
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    start = (page.number - 1) * PAGE_SIZE
    trends = quarter_trends(agreements=[row.agreement for row in page.object_list], kind=kind)
    return render(
        request,
        "supervisor/ranking.html",
        {
            "offices": offices,
            "office": office,
            "years": years,
            "year": year,
            "kind": kind,
            "kinds": score_kinds(),
            "status": status,
            "statuses": [("active", _("কেবল কার্যকর চুক্তি")), ("all", _("সকল বর্তমান সংস্করণ (অবস্থাসহ)"))],
            "page": page,
            "ranked": [
                RankedRow(start + n, row, grade_of(row.total, year), trends.get(row.agreement_id))
                for n, row in enumerate(page.object_list, start=1)
            ],
            "bands": grade_bands(year),
            "query": query_without_page(request),
        },
    )


@dataclass(frozen=True)
class Band:
    """A grade band: its grade, where it starts on the score bar and (on the dashboard) how many offices."""

    grade: Grade
    percent: int
    scores: str
    count: int = 0

    @property
    def x(self) -> float:
        return charts.length(self.percent, 100, BAR)


def grade_bands(year: FiscalYear | None, counts: dict[int, int] | None = None) -> list[Band]:
    """The year's bands, best first; the last holds every score below the one before it (scoring.grade)."""
    if year is None:
        return []
    counts = counts or {}
    columns = year.levels
    bands = []
    for index, column in enumerate(columns):
        if index < len(columns) - 1 or index == 0:
            scores = _("%(percent)s বা বেশি") % {"percent": display.digits(column["percent"])}
        else:
            scores = _("%(percent)s-এর নিচে") % {"percent": display.digits(columns[index - 1]["percent"])}
        grade = Grade(index, display.level_name(column))
        bands.append(Band(grade, column["percent"], scores, counts.get(index, 0)))
    return bands


TOP = 5
# A report counts as submitted from its submission on, whether or not the review has accepted it yet.
SUBMITTED_STATES = (ReportState.SUBMITTED, ReportState.ACCEPTED)


@dataclass(frozen=True)
class QuarterCounts:
    """One quarter of the year on the dashboard: how many reports were submitted and how many are overdue."""

    quarter: int
    submitted: int
    overdue: int

    @property
    def label(self) -> str:
        return display.quarter_name(self.quarter)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The offices the user oversees (as a supervisor office's reviewer or head, an observer of a subtree, or
    an administrator) at a glance for one year: the distribution of scores by grade, the quarterly reports
    submitted and overdue per quarter, the best and the weakest offices. A fixed number of queries however
    many offices."""
    user = request.user
    if not (is_administrator(user) or offices_of(user, *OVERSIGHT_ROLES)):
        raise PermissionDenied
    scope = agreement_scope_q(user, roles=OVERSIGHT_ROLES)
    overseen = Agreement.objects.all() if scope is None else Agreement.objects.filter(scope)
    years = list(FiscalYear.objects.order_by("-start_year"))
    year = chosen_year(request, years, overseen)
    kind = chosen_kind(request, year)
    active = overseen.current().filter(fiscal_year=year, status=AgreementStatus.ACTIVE)
    scores = list(
        AgreementScore.objects.filter(agreement__in=active, kind=kind)
        .select_related("agreement__office")
        .order_by("-total", "agreement__office__name_bn")
    )
    ranked_rows = [
        RankedRow(n, score, grade_of(score.total, year)) for n, score in enumerate(scores, start=1)
    ]
    counts = Counter(row.grade.index for row in ranked_rows)
    report_rows = agreement_report_rows(
        list(active.select_related("office", "fiscal_year")), timezone.localdate()
    )
    quarters = [
        QuarterCounts(
            quarter,
            sum(1 for r in report_rows if r.quarter == quarter and r.state in SUBMITTED_STATES),
            sum(1 for r in report_rows if r.quarter == quarter and r.state == ReportState.OVERDUE),
        )
        for quarter in sorted({r.quarter for r in report_rows})
    ]
    bands = grade_bands(year, counts)
    # Each chart on its own scale: its longest bar is the full length.
    most_offices = max([band.count for band in bands] + [1])
    most_reports = max([q.submitted for q in quarters] + [q.overdue for q in quarters] + [1])
    bottom = ranked_rows[TOP:][-TOP:][::-1]  # the weakest, worst first, none of them among the best
    return render(
        request,
        "supervisor/dashboard.html",
        {
            "years": years,
            "year": year,
            "kind": kind,
            "kinds": score_kinds(),
            "offices": len(scores),
            "bands": bands,
            # Rows of the charts: (band, bar, y) and (quarter, submitted's bar, overdue's bar, y).
            "distribution": [
                (band, charts.length(band.count, most_offices, BAR), n * 22) for n, band in enumerate(bands)
            ],
            "distribution_height": len(bands) * 22,
            "quarters": [
                (
                    q,
                    charts.length(q.submitted, most_reports, BAR),
                    charts.length(q.overdue, most_reports, BAR),
                    n * 36,
                )
                for n, q in enumerate(quarters)
            ],
            "quarters_height": len(quarters) * 36,
            "ranked_lists": [
                (heading, rows, testid)
                for heading, rows, testid in (
                    (_("সর্বোচ্চ স্কোরের অফিস"), ranked_rows[:TOP], "top-offices"),
                    (_("সর্বনিম্ন স্কোরের অফিস"), bottom, "bottom-offices"),
                )
                if rows
            ],
        },
    )
