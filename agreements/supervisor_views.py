"""The supervisor office's workspace: its offices' agreements and quarterly reports, and their ranking."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import OuterRef, Q, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from indicators.models import QuarterlyReport, QuarterlyReportStatus, ScoreKind

from .forms import WorkspaceFilterForm
from .models import Agreement, AgreementStatus, FiscalYear, Office, QuarterWindow, Role
from .selectors import offices_of

SUPERVISOR_ROLES = (Role.SUPERVISOR_REVIEWER, Role.SUPERVISOR_HEAD)
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
        },
    )


@login_required
def reports(request: HttpRequest) -> HttpResponse:
    offices, office = supervised_offices(request)
    deadline = QuarterWindow.objects.filter(
        fiscal_year=OuterRef("agreement__fiscal_year"), quarter=OuterRef("quarter")
    ).values("report_deadline")[:1]
    rows = (
        QuarterlyReport.objects.filter(agreement__supervisor_office=office, agreement__is_current=True)
        .select_related("agreement__office", "agreement__fiscal_year")
        .annotate(deadline=Subquery(deadline))
        .order_by("-agreement__fiscal_year__start_year", "-quarter", "agreement__office__name_bn")
    )
    q, year, quarter, status = (request.GET.get(k, "") for k in ("q", "year", "quarter", "status"))
    if q:
        rows = rows.filter(agreement__office__name_bn__icontains=q)
    if year.isdigit():
        rows = rows.filter(agreement__fiscal_year__start_year=int(year))
    if quarter in ("1", "2", "3", "4"):
        rows = rows.filter(quarter=int(quarter))
    if status in QuarterlyReportStatus.values:
        rows = rows.filter(status=status)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "supervisor/reports.html",
        {
            "offices": offices,
            "office": office,
            "page": page,
            "years": FiscalYear.objects.order_by("-start_year"),
            "statuses": QuarterlyReportStatus.choices,
            "filters": {"q": q, "year": year, "quarter": quarter, "status": status},
            "query": query_without_page(request),
            "today": timezone.localdate(),
        },
    )


@login_required
def ranking(request: HttpRequest) -> HttpResponse:
    """Offices ranked by a stored score: one indexed query on AgreementScore, each score one click from
    its explanation."""
    from indicators.scores import ranking as ranked

    offices, office = supervised_offices(request)
    years = list(FiscalYear.objects.order_by("-start_year"))
    year = next((y for y in years if str(y.start_year) == request.GET.get("year")), None)
    if year is None:
        with_scores = Agreement.objects.filter(supervisor_office=office, is_current=True).values(
            "fiscal_year"
        )
        year = next(
            (y for y in years if y.pk in {r["fiscal_year"] for r in with_scores}), years[0] if years else None
        )
    kind = request.GET.get("kind") if request.GET.get("kind") in ScoreKind.values else ScoreKind.VERIFIED
    rows = ranked(fiscal_year=year, kind=kind, supervisor_office=office) if year else []
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    start = (page.number - 1) * PAGE_SIZE
    return render(
        request,
        "supervisor/ranking.html",
        {
            "offices": offices,
            "office": office,
            "years": years,
            "year": year,
            "kind": kind,
            "kinds": [
                (ScoreKind.VERIFIED, _("যাচাইকৃত স্কোর")),
                (ScoreKind.PROGRESS, _("চলতি অগ্রগতি")),
                (ScoreKind.CLAIMED, _("দাবিকৃত স্কোর")),
            ],
            "page": page,
            "ranked": [(start + n, row) for n, row in enumerate(page.object_list, start=1)],
            "query": query_without_page(request),
        },
    )
