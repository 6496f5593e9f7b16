"""Background imports: a workbook of IMPORT_BACKGROUND_BYTES or more is imported by a Celery worker, through
the same `import_agreement` as a small one, while its page shows how many of its rows have been read.

The upload is checked against the package limits in its request (a bomb is refused at once, never stored),
then kept in Django's storage (private: MEDIA_ROOT is never served) under a random name until the job ends:
saved (the import's own transaction and audit row) or refused with every problem, which the job keeps for
its page. The file is deleted then; a job that failed (its worker lost too often, or an error) keeps it for
its retry, until `prune_report_cache` deletes it. The job is leased as export parts are (reports.jobs): a
worker killed mid-import leaves nothing saved (the import is one transaction) and the sweep sends the job
again.

Without a broker (the embedded default) each look at the job's progress runs it if it is still pending, as
exports do (reports.services), so the page shows at once and the import runs in the next request."""

from __future__ import annotations

import logging
import uuid
from dataclasses import asdict

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation

from agreements.models import User
from apa_portal.bangla import strip_bidi_controls
from apa_portal.celery import app

from .importer import ImportProblem, ImportRejected, import_agreement
from .importer.limits import check_package
from .jobs import lease_claim, lease_expiry, lease_sweep
from .models import ImportJob, ImportStatus
from .services import tasks_run_eagerly

logger = logging.getLogger(__name__)
UPLOAD_DIR = "reports/imports"
# Sent by name: the task module (reports.tasks) imports this one to call import_job_run.
IMPORT_TASK = "reports.tasks.run_import_job"


class LeaseLost(Exception):
    """The job was taken over by another worker after this one's lease expired: this one stops."""


def runs_in_background(upload: UploadedFile) -> bool:
    return upload.size >= settings.IMPORT_BACKGROUND_BYTES


@transaction.atomic
def import_job_create(*, actor: User, upload: UploadedFile, language: str) -> ImportJob:
    """Store the upload and record its job; raises ImportRejected when the package passes a limit, before
    anything is stored. The problems will be written in `language` (the uploader's)."""
    check_package(upload, upload.name)
    job = ImportJob(
        created_by=actor,
        filename=strip_bidi_controls(upload.name)[:255],
        language=language,
        upload_name=default_storage.save(f"{UPLOAD_DIR}/{uuid.uuid4().hex}.xlsx", upload),
    )
    job.full_clean()
    job.save()
    send_import(job.pk)
    return job


def send_import(job_id: int) -> None:
    """Hand the job to a worker once its row is committed; without a broker its page runs it."""
    if not tasks_run_eagerly():
        transaction.on_commit(lambda: app.send_task(IMPORT_TASK, args=(job_id,)))


def import_job_advance(*, job: ImportJob) -> ImportJob:
    """Called by every look at the job's progress: put the job back if its worker died (the sweep), then,
    without a broker, run it if it is pending. Returns the job as it now stands."""
    import_jobs_sweep(job_id=job.pk)
    if tasks_run_eagerly():
        import_job_run(job_id=job.pk)
    job.refresh_from_db()
    return job


def import_job_run(*, job_id: int) -> ImportJob | None:
    """Import the job's workbook, noting the rows read on the job; then record the agreement or the
    problems and delete the upload. A job delivered twice runs once (the claim); None when this call did not
    run it to its end."""
    lease = lease_claim(
        ImportJob.objects.filter(pk=job_id).exclude(upload_name=""), total=0, started_at=timezone.now()
    )
    if lease is None:
        return None
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    mine = ImportJob.objects.filter(pk=job_id, status=ImportStatus.RUNNING, lease=lease)

    def progress(done: int, total: int) -> None:
        if not mine.update(done=done, total=total, leased_until=lease_expiry()):
            raise LeaseLost

    try:
        with translation.override(job.language), default_storage.open(job.upload_name, "rb") as file:
            agreement = import_agreement(
                file=file, actor=job.created_by, filename=job.filename, progress=progress
            )
    except ImportRejected as rejected:
        outcome = {"status": ImportStatus.REJECTED, "problems": [asdict(p) for p in rejected.problems]}
    except LeaseLost:
        logger.warning("import job %s was taken over after its lease expired", job_id)
        return None
    except Exception as error:  # a fault of the portal's, not of the file: the page offers a retry
        logger.exception("import job %s failed", job_id)
        outcome = {"status": ImportStatus.FAILED, "error": str(error)[:2000]}
    else:
        outcome = {"status": ImportStatus.DONE, "agreement": agreement}
    if not mine.update(**outcome, lease=None, leased_until=None, finished_at=timezone.now()):
        logger.warning("import job %s was taken over after its lease expired", job_id)
        return None
    if outcome["status"] != ImportStatus.FAILED:
        upload_delete(job)
    job.refresh_from_db()
    return job


def upload_delete(job: ImportJob) -> None:
    default_storage.delete(job.upload_name)
    ImportJob.objects.filter(pk=job.pk).update(upload_name="")


def import_jobs_sweep(*, job_id: int | None = None) -> list[int]:
    """Put each running job whose lease has expired back to pending and send it again, or fail it once it
    has been claimed EXPORT_PART_MAX_ATTEMPTS times (its page then offers a retry). Returns the jobs sent
    again."""
    stale = ImportJob.objects.all() if job_id is None else ImportJob.objects.filter(pk=job_id)
    requeued, abandoned = lease_sweep(stale.only("pk", "lease", "attempts"))
    for job in abandoned:
        lost = f"its worker was lost {job.attempts} times"
        logger.error("import job %s: %s", job.pk, lost)
        ImportJob.objects.filter(pk=job.pk).update(error=lost, finished_at=timezone.now())
    for job in requeued:
        logger.warning("import job %s lost its worker; sent again", job.pk)
        send_import(job.pk)
    return [job.pk for job in requeued]


@transaction.atomic
def import_job_retry(*, job: ImportJob) -> ImportJob:
    """Run a failed job again from its kept upload; any other job is left as it is."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status != ImportStatus.FAILED or not job.upload_name:
        return job
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.PENDING,
        attempts=0,
        lease=None,
        leased_until=None,
        done=0,
        total=0,
        error="",
        finished_at=None,
    )
    send_import(job.pk)
    job.refresh_from_db()
    return job


def import_uploads_prune(*, before) -> int:
    """Delete the kept uploads of jobs that failed before `before` and were not retried (prune_report_cache).
    Returns how many were deleted; their pages then offer no retry."""
    failed = ImportJob.objects.filter(status=ImportStatus.FAILED, finished_at__lt=before).exclude(
        upload_name=""
    )
    for job in failed:
        upload_delete(job)
    return len(failed)


def import_job_problems(job: ImportJob) -> list[ImportProblem]:
    """The problems as the import page lists them (`where` in the reader's language)."""
    return [ImportProblem(**problem) for problem in job.problems]
