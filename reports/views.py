"""Report downloads (every reader of an agreement), bulk exports (administrators and supervisors) and the
Excel import (the office's own people). Every view starts from the user's scope."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agreements.models import FiscalYear, Role
from agreements.selectors import (
    agreements_visible_to,
    get_agreement_for,
    is_administrator,
    office_search_q,
    offices_of,
)
from apa_portal.http import query_without_page

from . import builders, imports, services
from .filenames import office_scope, report_filename
from .forms import BulkExportForm, ImportForm, can_bulk_export
from .importer import ImportRejected, import_agreement, imported_as
from .models import ExportJob, ImportJob, JobProgress, ReportFormat
from .selectors import PICKER_LIMIT, picker_offices, picker_options

QUARTERS = (1, 2, 3, 4)


def can_import(user) -> bool:
    return is_administrator(user) or bool(offices_of(user, Role.FOCAL_POINT, Role.OFFICE_HEAD))


@login_required
@require_GET
def index(request):
    """The reports page: each visible agreement with its documents as PDF and Excel, found by year and by the
    office's name or code (`q`)."""
    years = list(FiscalYear.objects.all())
    search = request.GET.get("q", "")
    queryset = (
        agreements_visible_to(request.user)
        .filter(office_search_q(search, prefix="office__"), is_current=True)
        .order_by("office__tree_path")
    )
    selected = request.GET.get("year")
    year = next((y for y in years if y.label == selected), None)
    if year is not None:
        queryset = queryset.filter(fiscal_year=year)
    page = Paginator(queryset, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/index.html",
        {
            "page": page,
            "years": years,
            "year": year,
            "search": search,
            "query": query_without_page(request),
            "can_bulk_export": can_bulk_export(request.user),
            "can_import": can_import(request.user),
            "jobs": ExportJob.objects.filter(created_by=request.user)[:5],
            "import_jobs": ImportJob.objects.filter(created_by=request.user)[:5],
        },
    )


@login_required
@require_GET
def download(request, pk: int, kind: str, fmt: str):
    """One report of one agreement; ?quarter=N for the quarterly report. 404 outside the user's scope."""
    agreement = get_agreement_for(request.user, pk)
    if kind not in builders.KINDS or fmt not in ReportFormat.values:
        raise Http404
    quarter = None
    if kind == builders.QUARTERLY:
        try:
            quarter = int(request.GET.get("quarter", ""))
        except ValueError:
            raise Http404 from None
        if quarter not in QUARTERS:
            raise Http404
    try:
        rendered = services.render_report(kind=kind, agreement=agreement, fmt=fmt, quarter=quarter)
    except builders.ReportUnavailable as problem:
        # A page that says why there is nothing to download yet, not an error page.
        return render(request, "reports/unavailable.html", {"agreement": agreement, "message": str(problem)})
    services.report_download_record(
        actor=request.user, agreement=agreement, kind=kind, fmt=fmt, quarter=quarter
    )
    filename = report_filename(
        kind=kind,
        quarter=quarter,
        fiscal_year=agreement.fiscal_year.label,
        scope=office_scope(agreement.office),
        ext=fmt,
    )
    response = HttpResponse(rendered.content, content_type=rendered.content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def bulk_export(request):
    if not can_bulk_export(request.user):
        raise PermissionDenied
    search = request.GET.get("office_q", "")
    form = BulkExportForm(request.POST or None, user=request.user, search=search)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        job = services.export_job_create(
            actor=request.user,
            kind=data["kind"],
            fmt=data["format"],
            agreements=data["agreements"],
            quarter=data["quarter"] if data["kind"] == builders.QUARTERLY else None,
            description=form.description(),
            fiscal_year=data["fiscal_year"],
            scope=form.scope(),
        )
        return redirect("reports:export_job", pk=job.pk)
    return render(
        request, "reports/bulk_export.html", {"form": form, "search": search, "picker_limit": PICKER_LIMIT}
    )


@login_required
@require_GET
def office_picker(request):
    """The export picker's options for a typed search (`q`), as JSON for its script: the same bounded,
    scope-checked list the page shows without JavaScript."""
    if not can_bulk_export(request.user):
        raise PermissionDenied
    offices, more = picker_offices(request.user, text=request.GET.get("q", ""))
    options = [{"value": o.value, "label": o.indented_label} for o in picker_options(offices)]
    return JsonResponse({"options": options, "more": more})


def job_for(request, pk: int, model=ExportJob):
    """A job (an export, or an import) is its requester's (administrators see all); anyone else gets a
    404."""
    queryset = (
        model.objects.all()
        if is_administrator(request.user)
        else model.objects.filter(created_by=request.user)
    )
    return get_object_or_404(queryset, pk=pk)


def progress_of(job: JobProgress, **more) -> JsonResponse:
    """A job's progress, as the progress pages' script (static/js/job-progress.js) reads it."""
    return JsonResponse(
        {
            "status": job.status,
            "status_display": job.get_status_display(),
            "done": job.done,
            "total": job.total,
            "percent": job.percent,
            "finished": job.finished,
            **more,
        }
    )


@login_required
@require_GET
def export_job(request, pk: int):
    job = job_for(request, pk)
    if "advance" in request.GET:  # the page's own refresh when JavaScript is off (see export_job_advance)
        job = services.export_job_advance(job=job)
    return render(
        request, "reports/export_job.html", {"job": job, "failures": services.export_job_failures(job)}
    )


@login_required
@require_POST
def export_job_retry(request, pk: int):
    """Run a failed job again (its requester, or an administrator); anyone else gets a 404. A job that has
    not failed is left as it is."""
    job = services.export_job_retry(job=job_for(request, pk))
    return redirect("reports:export_job", pk=job.pk)


@login_required
@require_GET
def export_job_status(request, pk: int):
    """The job's progress for the page's bar; without a broker, asking also runs the next part."""
    job = services.export_job_advance(job=job_for(request, pk))
    return progress_of(
        job,
        failures=services.export_job_failures(job),
        download_url=reverse("reports:export_job_download", args=[job.pk]) if job.result_name else "",
    )


@login_required
@require_GET
def export_job_download(request, pk: int):
    job = job_for(request, pk)
    if not job.result_name or not default_storage.exists(job.result_name):  # not packed yet, or pruned
        raise Http404
    services.export_download_record(actor=request.user, job=job)
    return FileResponse(
        default_storage.open(job.result_name, "rb"),
        as_attachment=True,
        filename=job.result_name.rsplit("/", 1)[-1],
        content_type="application/zip",
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_view(request):
    if not can_import(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if imports.runs_in_background(upload):
                job = imports.import_job_create(actor=request.user, upload=upload, language=get_language())
                return redirect("reports:import_job", pk=job.pk)
            agreement = import_agreement(file=upload, actor=request.user, filename=upload.name)
        except ImportRejected as rejected:
            problems = rejected.problems
        else:
            messages.success(request, imported_as(agreement))
            return redirect("agreements:detail", pk=agreement.pk)
    status = 422 if problems else 200
    return render(request, "reports/import.html", {"form": form, "problems": problems}, status=status)


@login_required
@require_GET
def import_job(request, pk: int):
    """A background import's progress, then its draft or its problems: the uploader's (and
    administrators')."""
    job = job_for(request, pk, ImportJob)
    if "advance" in request.GET:  # the page's own refresh when JavaScript is off (see import_job_advance)
        job = imports.import_job_advance(job=job)
    context = {"job": job, "problems": imports.import_job_problems(job)}
    if job.agreement:
        context["imported_as"] = imported_as(job.agreement)
    return render(request, "reports/import_job.html", context)


@login_required
@require_GET
def import_job_status(request, pk: int):
    """The import's progress for the page's bar; without a broker, asking also runs a pending import."""
    return progress_of(imports.import_job_advance(job=job_for(request, pk, ImportJob)))


@login_required
@require_POST
def import_job_retry(request, pk: int):
    """Run a failed import again (its uploader, or an administrator); anyone else gets a 404."""
    job = imports.import_job_retry(job=job_for(request, pk, ImportJob))
    return redirect("reports:import_job", pk=job.pk)
