"""Rendering with a content-addressed cache, and bulk exports into one ZIP.

A render is cached in Django's storage under the SHA-256 of everything the document shows (plus the renderer's
own fingerprint: templates and fonts), so unchanged data is never laid out twice, on any server.
"""

from __future__ import annotations

import logging
import tempfile
import zipfile
from dataclasses import dataclass

from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.models import Agreement, User

from . import builders, excel, pdf
from .models import ExportJob, ExportStatus, ReportFormat

logger = logging.getLogger(__name__)
CACHE_DIR = "reports/cache"
EXPORT_DIR = "reports/exports"
CONTENT_TYPES = {
    ReportFormat.PDF: "application/pdf",
    ReportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class RenderedReport:
    filename: str
    content: bytes
    content_type: str
    reused: bool


def render_document(document, fmt: str) -> bytes:
    if fmt == ReportFormat.PDF:
        return pdf.render_pdf(document)
    if fmt == ReportFormat.XLSX:
        return excel.render_xlsx(document)
    raise ValueError(f"unknown format {fmt!r}")


def render_report(*, kind: str, agreement: Agreement, fmt: str, quarter: int | None = None) -> RenderedReport:
    """The report as a file; reuses a cached render when the document's content hash is unchanged.
    Raises `builders.ReportUnavailable` (a Bangla message) when the agreement has nothing for this report."""
    document = builders.build(kind, agreement, quarter=quarter)
    digest = document.content_hash(fmt, pdf.renderer_fingerprint())
    name = f"{CACHE_DIR}/{kind}/{digest}.{fmt}"
    filename = f"{document.filename}.{fmt}"
    if default_storage.exists(name):
        with default_storage.open(name, "rb") as handle:
            return RenderedReport(filename, handle.read(), CONTENT_TYPES[fmt], reused=True)
    content = render_document(document, fmt)
    try:
        default_storage.save(name, ContentFile(content))
    except OSError:  # a full or read-only cache never costs the user their file
        logger.warning("could not cache report render %s", name, exc_info=True)
    return RenderedReport(filename, content, CONTENT_TYPES[fmt], reused=False)


# ------------------------------------------------------------------------------------------------
# Bulk export


@transaction.atomic
def export_job_create(
    *,
    actor: User,
    kind: str,
    fmt: str,
    agreements: list[Agreement],
    quarter: int | None = None,
    description: str = "",
) -> ExportJob:
    """Record the job and enqueue it once the row is committed (a worker must be able to see it)."""
    from .tasks import run_export_job

    job = ExportJob(
        created_by=actor,
        kind=kind,
        format=fmt,
        quarter=quarter,
        description=description[:255],
        agreement_ids=[a.pk for a in agreements],
        total=len(agreements),
    )
    job.full_clean()
    job.save()
    transaction.on_commit(lambda: run_export_job.delay(job.pk))
    return job


def export_job_run(*, job_id: int) -> ExportJob | None:
    """Render every agreement of the job into one ZIP. A job delivered twice runs once: the row is claimed
    with a conditional update. One office failing is recorded and the others go on."""
    claimed = ExportJob.objects.filter(pk=job_id, status=ExportStatus.PENDING).update(
        status=ExportStatus.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return None
    job = ExportJob.objects.get(pk=job_id)
    agreements = (
        Agreement.objects.filter(pk__in=job.agreement_ids)
        .select_related("office", "supervisor_office", "fiscal_year")
        .order_by("office__tree_path")
    )
    failures, reused, found = [], 0, 0
    try:
        with tempfile.SpooledTemporaryFile(max_size=32 * 1024 * 1024) as buffer:
            with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                for agreement in agreements.iterator(chunk_size=100):
                    found += 1
                    try:
                        rendered = render_report(
                            kind=job.kind, agreement=agreement, fmt=job.format, quarter=job.quarter
                        )
                    except builders.ReportUnavailable as problem:
                        failures.append(failure(agreement, str(problem)))
                    except Exception:
                        logger.exception("export job %s: rendering agreement %s failed", job.pk, agreement.pk)
                        failures.append(failure(agreement, _("প্রতিবেদন তৈরি করা যায়নি (কারিগরি ত্রুটি)।")))
                    else:
                        archive.writestr(rendered.filename, rendered.content)
                        reused += rendered.reused
                    ExportJob.objects.filter(pk=job.pk).update(done=F("done") + 1)
                missing = len(job.agreement_ids) - found
                for _n in range(missing):
                    failures.append({"office": "", "name": "", "message": _("চুক্তিটি আর পাওয়া যায় না।")})
                if failures:
                    archive.writestr("failures.txt", failures_text(failures))
            buffer.seek(0)
            name = default_storage.save(f"{EXPORT_DIR}/{job.pk}/{zip_name(job)}", File(buffer))
    except Exception as error:
        logger.exception("export job %s failed", job.pk)
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportStatus.FAILED, error=str(error)[:2000], failures=failures, finished_at=timezone.now()
        )
        raise
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportStatus.DONE,
        done=job.total,
        failures=failures,
        reused=reused,
        result_name=name,
        finished_at=timezone.now(),
    )
    job.refresh_from_db()
    return job


def failure(agreement: Agreement, message: str) -> dict[str, str]:
    return {"office": agreement.office.code, "name": agreement.office.name_bn, "message": message}


def failures_text(failures: list[dict[str, str]]) -> str:
    return "\n".join(f"{f['office']}\t{f['name']}\t{f['message']}" for f in failures) + "\n"


def zip_name(job: ExportJob) -> str:
    quarter = f"_q{job.quarter}" if job.quarter else ""
    return f"{job.kind}{quarter}_{job.format}_{timezone.localdate():%Y-%m-%d}.zip"
