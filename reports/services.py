"""Rendering with a content-addressed cache, and bulk exports into one ZIP.

A render is cached in Django's storage under the SHA-256 of everything the document shows (plus the renderer's
own fingerprint: templates and fonts), so unchanged data is never laid out twice, on any server. A PDF shows
its print date, so a cached PDF is reused only on the day it was printed; a workbook shows none and is reused
until its data change (README, "Reports").
"""

from __future__ import annotations

import logging
import tempfile
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.audit import audit_record
from agreements.models import Agreement, FiscalYear, User
from apa_portal.celery import app

from . import builders, excel, pdf
from .filenames import report_filename
from .jobs import lease_claim, lease_expiry, lease_sweep
from .models import ExportJob, ExportJobPart, ExportStatus, ReportFormat

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
    path: str = ""  # the cached render in Django's storage ("" when it could not be cached)


def render_document(document, fmt: str) -> bytes:
    if fmt == ReportFormat.PDF:
        return pdf.render_pdf(document)
    if fmt == ReportFormat.XLSX:
        return excel.render_xlsx(document)
    raise ValueError(f"unknown format {fmt!r}")


def render_report(*, kind: str, agreement: Agreement, fmt: str, quarter: int | None = None) -> RenderedReport:
    """The report as a file; reuses a cached render when the document's content hash is unchanged.
    Raises `builders.ReportUnavailable` (a message for the user) when the agreement has nothing for this
    report."""
    document = builders.build(kind, agreement, quarter=quarter)
    digest = document.content_hash(fmt, pdf.renderer_fingerprint(), with_print_date=fmt == ReportFormat.PDF)
    name = f"{CACHE_DIR}/{kind}/{digest}.{fmt}"
    filename = f"{document.filename}.{fmt}"
    if default_storage.exists(name):
        with default_storage.open(name, "rb") as handle:
            return RenderedReport(filename, handle.read(), CONTENT_TYPES[fmt], reused=True, path=name)
    content = render_document(document, fmt)
    try:
        name = default_storage.save(name, ContentFile(content))
    except OSError:  # a full or read-only cache never costs the user their file
        logger.warning("could not cache report render %s", name, exc_info=True)
        name = ""
    return RenderedReport(filename, content, CONTENT_TYPES[fmt], reused=False, path=name)


# ------------------------------------------------------------------------------------------------
# Bulk export: a job is cut into parts; each part is a task that any worker may take, so a year-end export of
# hundreds of offices runs on as many workers as there are. Renders land in the cache (the storage); the last
# part to finish packs them into one ZIP.
#
# Without a broker (the embedded default, tasks "eager") nobody else would run the parts, and running them
# inside the request that creates the job would render everything before the page shows any progress (and
# hundreds of offices would outlast gunicorn's 60 s timeout). So in that mode the parts stay pending and each
# look at the job's progress runs the next one (export_job_advance), one office at a time. Chosen over a
# thread started after the response: a thread outlives its request, dies unseen when the worker is recycled
# or timed out, and needs its own database connection; here every request does a bounded piece of work, two
# open pages share the job through the parts' claims, and the tests drive it without threads. The price: the
# job advances only while its page is open (it resumes when the page is opened again).

PART_SIZE = 20
# Sent by name: the task module (reports.tasks) imports this one to call export_part_run.
EXPORT_PART_TASK = "reports.tasks.run_export_part"
EAGER_PART_SIZE = 1  # one render per progress request in the embedded default


def tasks_run_eagerly() -> bool:
    return bool(settings.CELERY_TASK_ALWAYS_EAGER)


@transaction.atomic
def export_job_create(
    *,
    actor: User,
    kind: str,
    fmt: str,
    agreements: list[Agreement],
    quarter: int | None = None,
    description: str = "",
    fiscal_year: FiscalYear | None = None,
    scope: str = "",
    part_size: int | None = None,
) -> ExportJob:
    """Record the job and its parts; with a broker, enqueue the parts once the rows are committed (a worker
    must be able to see them), else leave them for export_job_advance."""

    eager = tasks_run_eagerly()
    part_size = part_size or (EAGER_PART_SIZE if eager else PART_SIZE)
    ids = [a.pk for a in agreements]
    job = ExportJob(
        created_by=actor,
        kind=kind,
        format=fmt,
        quarter=quarter,
        description=description[:255],
        fiscal_year=fiscal_year,
        scope=scope,
        agreement_ids=ids,
        total=len(ids),
    )
    job.full_clean()
    job.save()
    parts = ExportJobPart.objects.bulk_create(
        ExportJobPart(job=job, index=n, agreement_ids=ids[start : start + part_size])
        for n, start in enumerate(range(0, len(ids), part_size))
    )
    if not eager:
        send_parts(
            [part.pk for part in parts]
            if all(part.pk for part in parts)
            else list(job.parts.order_by("index").values_list("pk", flat=True))
        )
    return job


def export_job_advance(*, job: ExportJob) -> ExportJob:
    """Called by every look at the job's progress: first put back any part whose worker died (the sweep),
    then, without a broker, run the job's next pending part (see above); with one, the workers do. Returns
    the job as it now stands."""
    export_parts_sweep(job_id=job.pk)
    if tasks_run_eagerly() and not job.finished:
        pending = job.parts.filter(status=ExportStatus.PENDING).order_by("index").values_list("pk", flat=True)
        part_id = pending.first()
        if part_id is not None:
            export_part_run(part_id=part_id)
    job.refresh_from_db()
    return job


def export_job_failures(job: ExportJob) -> list[dict[str, str]]:
    """The offices that failed so far: each part's failures as soon as that part is done, not only once the
    ZIP is packed (nor lost when the job fails)."""
    if job.status == ExportStatus.DONE:
        return job.failures
    done = job.parts.filter(status=ExportStatus.DONE).order_by("index").values_list("failures", flat=True)
    return [failure for failures in done for failure in failures]


# Crash safety. A worker may die in the middle of a part (killed, out of memory, its machine restarted). The
# task is acknowledged only once it has run and is given back to the broker when its worker process is lost
# (CELERY_TASK_ACKS_LATE, CELERY_TASK_REJECT_ON_WORKER_LOST), but a worker killed as a whole leaves its
# message unacknowledged until the broker's visibility timeout (an hour on Redis), and the part's row
# "running". So a part is leased (reports.jobs): claiming it stamps a fresh lease (a random token) valid for
# EXPORT_PART_LEASE_SECONDS, and the worker renews it after every office. A running part whose lease has run
# out belongs to a dead worker: the sweep (every EXPORT_SWEEP_SECONDS from Celery beat, and at every look at
# the job's progress) puts it back to pending and sends it again, or, after EXPORT_PART_MAX_ATTEMPTS claims,
# fails the job, whose page then offers a retry. Every write of a part's worker is conditional on its own
# lease, so a worker that was only slow and lost its part stops without counting anything twice. The ZIP is
# packed only when every part is done and the offices rendered and failed add up to the job's, so it never
# lacks an office unannounced.


def export_job_progress_refresh(*, job_id: int) -> None:
    """The job's counter is the sum of its parts' own: a part put back to pending takes its offices off."""
    parts_done = (
        ExportJobPart.objects.filter(job_id=OuterRef("pk"))
        .values("job_id")
        .annotate(total=Sum("done"))
        .values("total")
    )
    ExportJob.objects.filter(pk=job_id).update(done=Coalesce(Subquery(parts_done), 0))


def send_parts(part_ids: list[int]) -> None:
    """Hand the parts to the workers once the rows that say so are committed; nothing to send without a
    broker (each look at the progress runs the next pending part)."""
    if part_ids and not tasks_run_eagerly():
        transaction.on_commit(lambda: [app.send_task(EXPORT_PART_TASK, args=(pk,)) for pk in part_ids])


def export_parts_sweep(*, job_id: int | None = None) -> list[int]:
    """Put each running part whose lease has expired back to pending and send it again, or fail its job
    once the part has been claimed EXPORT_PART_MAX_ATTEMPTS times. Returns the parts sent again."""
    stale = ExportJobPart.objects.filter(job__status__in=(ExportStatus.PENDING, ExportStatus.RUNNING))
    if job_id is not None:
        stale = stale.filter(job_id=job_id)
    requeued, abandoned = lease_sweep(stale.only("pk", "job_id", "lease", "attempts"))
    for part in abandoned:
        logger.error(
            "export job %s: part %s abandoned after %s attempts", part.job_id, part.pk, part.attempts
        )
        export_job_fail(
            job_id=part.job_id, error=f"part {part.pk}: its worker was lost {part.attempts} times"
        )
    for part in requeued:
        logger.warning("export job %s: part %s lost its worker; sent again", part.job_id, part.pk)
        export_job_progress_refresh(job_id=part.job_id)
    send_parts([part.pk for part in requeued])
    return [part.pk for part in requeued]


def export_job_fail(*, job_id: int, error: str) -> None:
    """The job cannot finish: no ZIP is offered, and its page says so and offers a retry."""
    ExportJob.objects.filter(
        pk=job_id, status__in=(ExportStatus.PENDING, ExportStatus.RUNNING, ExportStatus.ASSEMBLING)
    ).update(status=ExportStatus.FAILED, error=error[:2000], finished_at=timezone.now())


@transaction.atomic
def export_job_retry(*, job: ExportJob) -> ExportJob:
    """Run a failed job again: its parts that are not done go back to pending with fresh attempts (when all
    were done and only packing failed, the last part runs again, from the render cache, and packs)."""
    job = ExportJob.objects.select_for_update().get(pk=job.pk)
    if job.status != ExportStatus.FAILED:
        return job
    parts = job.parts.exclude(status=ExportStatus.DONE)
    part_ids = list(parts.values_list("pk", flat=True)) or [job.parts.order_by("index").last().pk]
    ExportJobPart.objects.filter(pk__in=part_ids).update(
        status=ExportStatus.PENDING, attempts=0, lease=None, leased_until=None, done=0
    )
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportStatus.RUNNING, error="", failures=[], result_name="", finished_at=None
    )
    export_job_progress_refresh(job_id=job.pk)
    send_parts(part_ids)
    job.refresh_from_db()
    return job


def export_part_run(*, part_id: int) -> ExportJobPart | None:
    """Render one part's agreements into the cache. A part delivered twice runs once: its row is claimed
    with a conditional update, and taken over only once its lease has expired. One office failing is
    recorded and the others go on."""
    lease = lease_claim(
        ExportJobPart.objects.filter(pk=part_id, job__status__in=(ExportStatus.PENDING, ExportStatus.RUNNING))
    )
    if lease is None:
        return None
    part = ExportJobPart.objects.select_related("job").get(pk=part_id)
    job = part.job
    ExportJob.objects.filter(pk=job.pk, status=ExportStatus.PENDING).update(
        status=ExportStatus.RUNNING, started_at=timezone.now()
    )
    export_job_progress_refresh(job_id=job.pk)
    mine = ExportJobPart.objects.filter(pk=part.pk, status=ExportStatus.RUNNING, lease=lease)
    agreements = (
        Agreement.objects.filter(pk__in=part.agreement_ids)
        .select_related("office", "supervisor_office", "fiscal_year")
        .order_by("office__tree_path")
    )
    files, failures, reused, found = [], [], 0, 0
    for agreement in agreements.iterator(chunk_size=50):
        found += 1
        try:
            rendered = render_report(kind=job.kind, agreement=agreement, fmt=job.format, quarter=job.quarter)
            if not rendered.path:
                raise OSError("the render could not be stored")
        except builders.ReportUnavailable as problem:
            failures.append(failure(agreement, str(problem)))
        except Exception:
            logger.exception("export job %s: rendering agreement %s failed", job.pk, agreement.pk)
            failures.append(failure(agreement, _("প্রতিবেদন তৈরি করা যায়নি (কারিগরি ত্রুটি)।")))
        else:
            files.append({"name": rendered.filename, "path": rendered.path})
            reused += rendered.reused
        if not mine.update(done=F("done") + 1, leased_until=lease_expiry()):
            logger.warning("export job %s: part %s was taken over after its lease expired", job.pk, part.pk)
            return None
        export_job_progress_refresh(job_id=job.pk)
    missing = len(part.agreement_ids) - found
    failures += [{"office": "", "name": "", "message": _("চুক্তিটি আর পাওয়া যায় না।")}] * missing
    finished = mine.update(
        status=ExportStatus.DONE,
        done=len(part.agreement_ids),
        files=files,
        failures=failures,
        reused=reused,
        lease=None,
        leased_until=None,
    )
    if not finished:
        return None
    export_job_progress_refresh(job_id=job.pk)
    export_job_assemble(job_id=job.pk)
    part.refresh_from_db()
    return part


def export_job_assemble(*, job_id: int) -> ExportJob | None:
    """Pack every part's renders into one ZIP once all parts are done; the claim makes sure that only one
    finishing part does it. A job whose parts do not account for every office fails rather than offer a ZIP
    with offices missing."""
    if ExportJobPart.objects.filter(job_id=job_id).exclude(status=ExportStatus.DONE).exists():
        return None
    claimed = ExportJob.objects.filter(pk=job_id, status=ExportStatus.RUNNING).update(
        status=ExportStatus.ASSEMBLING
    )
    if not claimed:
        return None
    job = ExportJob.objects.get(pk=job_id)
    parts = list(job.parts.order_by("index"))
    failures = [f for part in parts for f in part.failures]
    covered = sorted(pk for part in parts for pk in part.agreement_ids)
    accounted = sum(len(part.files) + len(part.failures) for part in parts)
    if covered != sorted(job.agreement_ids) or accounted != job.total:
        logger.error("export job %s: its parts account for %s of %s offices", job.pk, accounted, job.total)
        export_job_fail(job_id=job.pk, error=f"the parts account for {accounted} of {job.total} offices")
        return None
    try:
        with tempfile.SpooledTemporaryFile(max_size=32 * 1024 * 1024) as buffer:
            with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                for entry in (entry for part in parts for entry in part.files):
                    with default_storage.open(entry["path"], "rb") as handle:
                        archive.writestr(entry["name"], handle.read())
                if failures:
                    archive.writestr("failures.txt", failures_text(failures))
            buffer.seek(0)
            name = default_storage.save(f"{EXPORT_DIR}/{job.pk}/{zip_name(job)}", File(buffer))
    except Exception as error:
        logger.exception("export job %s: packing the ZIP failed", job.pk)
        export_job_fail(job_id=job.pk, error=str(error))
        raise
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportStatus.DONE,
        done=job.total,
        failures=failures,
        reused=sum(part.reused for part in parts),
        result_name=name,
        finished_at=timezone.now(),
    )
    job.refresh_from_db()
    return job


def export_job_run(*, job_id: int) -> ExportJob:
    """Run every pending part of a job in this process (the command line, tests and benchmarks)."""
    for part_id in ExportJobPart.objects.filter(job_id=job_id).order_by("index").values_list("pk", flat=True):
        export_part_run(part_id=part_id)
    return ExportJob.objects.get(pk=job_id)


def failure(agreement: Agreement, message: str) -> dict[str, str]:
    return {"office": agreement.office.code, "name": agreement.office.name_bn, "message": message}


def failures_text(failures: list[dict[str, str]]) -> str:
    return "\n".join(f"{f['office']}\t{f['name']}\t{f['message']}" for f in failures) + "\n"


def zip_name(job: ExportJob) -> str:
    year = job.fiscal_year.label if job.fiscal_year else ""
    return report_filename(kind=job.kind, quarter=job.quarter, fiscal_year=year, scope=job.scope, ext="zip")


@transaction.atomic
def report_download_record(
    *, actor: User, agreement: Agreement, kind: str, fmt: str, quarter: int | None = None
) -> None:
    """Record that `actor` downloaded one of `agreement`'s documents (who, what, when)."""
    audit_record(
        actor=actor,
        action="report.download",
        obj=agreement,
        agreement=agreement,
        after={"kind": kind, "format": fmt, "quarter": quarter},
    )


@transaction.atomic
def export_download_record(*, actor: User, job: ExportJob) -> None:
    """Record that `actor` downloaded a bulk export's ZIP: the job names its kind and its offices."""
    audit_record(
        actor=actor,
        action="report.bulk_download",
        obj=job,
        after={"kind": job.kind, "format": job.format, "quarter": job.quarter, "offices": job.total},
    )
