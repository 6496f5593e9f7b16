"""The supervisor office's workspace: its offices' agreements, every quarterly report due or done (and the
review of a submitted one: accept or return); their ranking is in `ranking_views`. Only the chosen supervisor
office's agreements appear; another office's are a 404 on every page that names one."""

from __future__ import annotations

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

from apa_portal import display
from apa_portal.http import query_without_page
from indicators import selectors as entry_selectors
from indicators import services as entry_services
from indicators.models import Achievement, QuarterlyReport, QuarterlyReportStatus
from indicators.selectors.quarters import QuarterState, quarter_state
from indicators.selectors.waiting import WaitingKind, waiting_for

from .context_processors import remember_waiting
from .forms import ReportReturnForm, WorkspaceFilterForm
from .models import SUPERVISOR_ROLES, Agreement, AgreementStatus, FiscalYear, Office, QuarterWindow, Role
from .selectors import get_agreement_for, office_search_q, offices_of

PAGE_SIZE = 25


def supervised_offices(request: HttpRequest) -> tuple[list[Office], Office]:
    """The supervisor offices of the user, and the one chosen (`?office=code`, else the first); 403 for
    anyone who works at no supervisor office."""
    offices = offices_of(request.user, *SUPERVISOR_ROLES)
    if not offices:
        raise PermissionDenied
    chosen = next((o for o in offices if o.code == request.GET.get("office")), offices[0])
    return offices, chosen


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
        agreements = agreements.filter(office_search_q(data["q"], prefix="office__"))
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
