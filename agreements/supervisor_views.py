"""The supervisor office's workspace: its offices' agreements, every quarterly report due or done (and the
review of a submitted one: accept or return), and their ranking. Only the chosen supervisor office's
agreements appear; another office's are a 404 on every page that names one."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, TextChoices
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apa_portal import charts, display
from indicators import selectors as entry_selectors
from indicators import services as entry_services
from indicators.models import Achievement, AgreementScore, QuarterlyReport, QuarterlyReportStatus, ScoreKind
from indicators.scores import Grade, QuarterTrend, grade_of, quarter_trends
from indicators.scores import ranking as ranked
from indicators.selectors.quarters import QuarterState, quarter_state
from indicators.selectors.waiting import WaitingKind, waiting_for

from .context_processors import remember_waiting
from .forms import ReportReturnForm, WorkspaceFilterForm
from .models import SUPERVISOR_ROLES, Agreement, AgreementStatus, FiscalYear, Office, QuarterWindow, Role
from .selectors import agreement_scope_q, get_agreement_for, is_administrator, offices_of

PAGE_SIZE = 25


def supervised_offices(request: HttpRequest) -> tuple[list[Office], Office]:
    """The supervisor offices of the user, and the one chosen (`?office=code`, else the first); 403 for
    anyone who works at no supervisor office."""
    offices = offices_of(request.user, *SUPERVISOR_ROLES)
    if not offices:
        raise PermissionDenied
    chosen = next((o for o in offices if o.code == request.GET.get("office")), offices[0])
    return offices, chosen


def query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
def workspace(request: HttpRequest) -> HttpResponse:
    offices, office = supervised_offices(request)
    form = WorkspaceFilterForm(request.GET or None)
    agreements = (
        Agreement.objects.filter(supervisor_office=office)
        .exclude(status=AgreementStatus.SUPERSEDED)
        .select_related("office", "fiscal_year")
        .order_by("-fiscal_year__start_year", "office__name_bn", "version")
    )
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            agreements = agreements.filter(
                Q(office__name_bn__icontains=data["q"]) | Q(office__code__icontains=data["q"])
            )
        if data["year"]:
            agreements = agreements.filter(fiscal_year=data["year"])
        if data["status"]:
            agreements = agreements.filter(status=data["status"])
        if data["deadline"] == "overdue":
            agreements = agreements.filter(fiscal_year__signing_deadline__lt=timezone.localdate()).exclude(
                status=AgreementStatus.ACTIVE
            )
    page = Paginator(agreements, PAGE_SIZE).get_page(request.GET.get("page"))
    # What waits for the user; for a reviewer of the chosen office the drafts to review are a share of it.
    items = remember_waiting(request, waiting_for(request.user))
    if office in offices_of(request.user, Role.SUPERVISOR_REVIEWER):
        waiting = sum(
            1
            for item in items
            if item.kind == WaitingKind.REVIEW_AGREEMENT and item.agreement.supervisor_office_id == office.pk
        )
    else:
        waiting = Agreement.objects.filter(supervisor_office=office, status=AgreementStatus.SUBMITTED).count()
    return render(
        request,
        "supervisor/workspace.html",
        {
            "offices": offices,
            "office": office,
            "form": form,
            "page": page,
            "query": query_without_page(request),
            "waiting": waiting,
            "waiting_items": items,
        },
    )


# ------------------------------------------------------------------------------------------------
# Quarterly reports: every quarter whose window has opened, whether or not the office has reported


class ReportState(TextChoices):
    """Where an office's report for a quarter stands, as the supervisor sees it."""

    NOT_STARTED = "not_started", gettext_lazy("শুরু হয়নি")
    IN_PROGRESS = "in_progress", gettext_lazy("অর্জন লেখা চলছে")
    OVERDUE = "overdue", gettext_lazy("সময় পেরিয়ে গেছে, দাখিল হয়নি")
    SUBMITTED = "submitted", gettext_lazy("দাখিলকৃত, পর্যালোচনার অপেক্ষায়")
    RETURNED = "returned", gettext_lazy("সংশোধনের জন্য ফেরতকৃত")
    REOPENED = "reopened", gettext_lazy("পুনরায় খোলা")
    ACCEPTED = "accepted", gettext_lazy("গৃহীত")


@dataclass
class ReportRow:
    """One agreement's quarter: its window, its report if the office has one, and where it stands."""

    agreement: Agreement
    window: QuarterWindow
    report: QuarterlyReport | None
    state: str
    deadline: date

    @property
    def quarter(self) -> int:
        return self.window.quarter

    @property
    def state_label(self) -> str:
        return ReportState(self.state).label


def report_state(state: QuarterState, started: bool) -> str:
    """Where a report stands, read off the one locking rule (indicators.selectors.quarters): a quarter that
    has begun and is closed without a submitted report is overdue, whatever closed it."""
    if state.status in (QuarterlyReportStatus.SUBMITTED, QuarterlyReportStatus.ACCEPTED):
        return state.status
    if not state.is_open:
        return ReportState.OVERDUE
    if state.status in (QuarterlyReportStatus.REOPENED, QuarterlyReportStatus.RETURNED):
        return state.status
    return ReportState.IN_PROGRESS if started else ReportState.NOT_STARTED


def report_rows(
    office: Office, today: date, *, q: str, year: str, quarter: str, state: str
) -> list[ReportRow]:
    """Every active agreement of `office` × every quarter of its year whose window has opened, newest first,
    in four queries whatever the number of offices."""
    agreements = (
        Agreement.objects.current()
        .filter(supervisor_office=office, status=AgreementStatus.ACTIVE)
        .select_related("office", "fiscal_year")
    )
    if q:
        agreements = agreements.filter(Q(office__name_bn__icontains=q) | Q(office__code__icontains=q))
    if year.isdigit():
        agreements = agreements.filter(fiscal_year__start_year=int(year))
    rows = agreement_report_rows(list(agreements), today, quarter=quarter)
    if state in ReportState.values:
        rows = [row for row in rows if row.state == state]
    rows.sort(key=lambda r: (-r.agreement.fiscal_year.start_year, -r.quarter, r.agreement.office.name_bn))
    return rows


def agreement_report_rows(agreements: list[Agreement], today: date, *, quarter: str = "") -> list[ReportRow]:
    """Each of `agreements` × each quarter of its year whose window has opened (only `quarter` when it names
    one), in three queries whatever the number of agreements."""
    windows = QuarterWindow.objects.filter(
        fiscal_year__in={a.fiscal_year_id for a in agreements}, opens_on__lte=today
    )
    if quarter in ("1", "2", "3", "4"):
        windows = windows.filter(quarter=int(quarter))
    by_year: dict[int, list[QuarterWindow]] = {}
    for window in windows:
        by_year.setdefault(window.fiscal_year_id, []).append(window)
    reports = {
        (r.agreement_id, r.quarter): r for r in QuarterlyReport.objects.filter(agreement__in=agreements)
    }
    # A quarter is "in progress" once the office has typed anything for it.
    started = set(
        Achievement.objects.filter(indicator__agreement__in=agreements)
        .filter(Q(value_number__isnull=False) | Q(value_date__isnull=False) | ~Q(remarks=""))
        .order_by()
        .values_list("indicator__agreement", "quarter")
        .distinct()
    )
    rows = []
    for agreement in agreements:
        for window in by_year.get(agreement.fiscal_year_id, []):
            report = reports.get((agreement.pk, window.quarter))
            quarter = quarter_state(
                agreement, window.quarter, window=window, report=report, today=today, loaded=True
            )
            row_state = report_state(quarter, (agreement.pk, window.quarter) in started)
            rows.append(ReportRow(agreement, window, report, row_state, quarter.deadline))
    return rows


@login_required
def reports(request: HttpRequest) -> HttpResponse:
    offices, office = supervised_offices(request)
    today = timezone.localdate()
    filters = {k: request.GET.get(k, "") for k in ("q", "year", "quarter", "state")}
    rows = report_rows(office, today, **filters)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "supervisor/reports.html",
        {
            "offices": offices,
            "office": office,
            "page": page,
            "years": FiscalYear.objects.order_by("-start_year"),
            "states": ReportState.choices,
            "filters": filters,
            "query": query_without_page(request),
            "is_reviewer": office in offices_of(request.user, Role.SUPERVISOR_REVIEWER),
        },
    )


def default_return_until(window: QuarterWindow | None, today: date) -> date:
    """A week from today, or the quarter's own deadline when that is later: time to correct, not forever."""
    week = today + timedelta(days=7)
    return max(week, window.report_deadline) if window else week


@login_required
def report_review(request: HttpRequest, pk: int, quarter: int) -> HttpResponse:
    """A submitted quarterly report under review: what it still lacks, links to its entries and their
    verification, and the reviewer's accept or return (with a reason and a date until which it reopens)."""

    if quarter not in (1, 2, 3, 4):
        raise Http404
    agreement = get_agreement_for(request.user, pk, require=entry_services.REVIEW_ROLES)
    report = QuarterlyReport.objects.filter(agreement=agreement, quarter=quarter).first()
    window = QuarterWindow.objects.filter(fiscal_year=agreement.fiscal_year_id, quarter=quarter).first()
    today = timezone.localdate()
    form = ReportReturnForm(
        request.POST if request.POST.get("action") == "return" else None,
        initial={"until": display.date_slash(default_return_until(window, today))},
    )
    if request.method == "POST":
        back = reverse("agreements:workspace_reports") + f"?office={agreement.supervisor_office.code}"
        try:
            if report is None:
                raise ValidationError(_("এই ত্রৈমাসিকের প্রতিবেদন এখনো দাখিল হয়নি।"))
            if request.POST.get("action") == "accept":
                entry_services.quarterly_report_accept(report=report, actor=request.user)
                messages.success(request, _("প্রতিবেদন গৃহীত হয়েছে; অফিসকে জানানো হয়েছে।"))
                return redirect(back)
            if request.POST.get("action") != "return":
                raise Http404
            if form.is_valid():
                entry_services.quarterly_report_return(
                    report=report,
                    reason=form.cleaned_data["reason"],
                    until=form.cleaned_data["until"],
                    actor=request.user,
                )
                messages.success(request, _("প্রতিবেদন কারণসহ অফিসে ফেরত পাঠানো হয়েছে।"))
                return redirect(back)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.error(request, " ".join(error.messages))
    page = entry_selectors.entry_page(agreement, quarter)
    return render(
        request,
        "supervisor/report_review.html",
        {
            "agreement": agreement,
            "quarter": quarter,
            "quarter_label": display.quarter_ordinal(quarter),
            "report": report,
            "window": window,
            "gaps": entry_selectors.report_gaps(page),
            "indicator_count": sum(1 for row in page.rows if not row.is_governance),
            # The rows the office cannot enter for want of a method: filled in on one page.
            "methods_needed": page.lacking_method_count
            if agreement.status == AgreementStatus.ACTIVE and agreement.is_current
            else 0,
            "can_review": report is not None and report.status == QuarterlyReportStatus.SUBMITTED,
            "form": form,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


# ------------------------------------------------------------------------------------------------
# Ranking and the dashboard: stored scores, drawn as SVG on the server (apa_portal.charts)


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


def chosen_kind(request: HttpRequest) -> str:
    return request.GET.get("kind") if request.GET.get("kind") in ScoreKind.values else ScoreKind.VERIFIED


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
    kind = chosen_kind(request)
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


OVERSIGHT_ROLES = (*SUPERVISOR_ROLES, Role.OBSERVER)
TOP = 5


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
    kind = chosen_kind(request)
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
    widest = max(
        [b.count for b in bands] + [q.submitted for q in quarters] + [q.overdue for q in quarters] + [1]
    )
    return render(
        request,
        "supervisor/dashboard.html",
        {
            "years": years,
            "year": year,
            "kind": kind,
            "kinds": score_kinds(),
            "offices": len(scores),
            "bands": [(band, charts.length(band.count, widest, BAR)) for band in bands],
            "quarters": [
                (q, charts.length(q.submitted, widest, BAR), charts.length(q.overdue, widest, BAR))
                for q in quarters
            ],
            "top": ranked_rows[:TOP],
            # The weakest, worst first, never repeating an office already among the best.
            "bottom": ranked_rows[TOP:][-TOP:][::-1],
        },
    )


# A report counts as submitted from its submission on, whether or not the review has accepted it yet.
SUBMITTED_STATES = (ReportState.SUBMITTED, ReportState.ACCEPTED)
