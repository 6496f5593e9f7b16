"""Bulk export survives a worker that dies mid-part (issue 17, finding 5): parts are leased, a running part
whose lease has expired goes back to pending and runs again, after EXPORT_PART_MAX_ATTEMPTS claims the job
fails with a Bangla message and a retry, and no ZIP is ever packed with offices missing. A real Celery worker
killed mid-export: tests/test_reports_export_worker_kill.py."""

from __future__ import annotations

import uuid
import zipfile
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from apa_portal.celery import app
from reports import services, tasks
from reports.models import ExportJob, ExportJobPart, ExportStatus
from reports.services import (
    export_job_advance,
    export_job_assemble,
    export_job_create,
    export_part_run,
    export_parts_sweep,
)

from . import test_reports_support as support
from .conftest import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("own_media_root")]
own_media_root = support.own_media_root


class WorkerKilled(BaseException):
    """What a SIGKILL looks like from inside: the part stops where it is, nothing after it runs (not even
    an `except Exception`)."""


def crash_on_render(monkeypatch, *, times: int) -> list[int]:
    """Make the next `times` renders die like a killed worker; the list counts the renders attempted."""
    real = services.render_report
    calls = []

    def render(**kwargs):
        calls.append(kwargs["agreement"].pk)
        if len(calls) <= times:
            raise WorkerKilled
        return real(**kwargs)

    monkeypatch.setattr(services, "render_report", render)
    return calls


def let_leases_expire() -> None:
    """Time passes beyond every lease (instead of waiting EXPORT_PART_LEASE_SECONDS)."""
    ExportJobPart.objects.filter(status=ExportStatus.RUNNING).update(
        leased_until=timezone.now() - timedelta(seconds=1)
    )


def run_until_killed(part: ExportJobPart) -> None:
    with pytest.raises(WorkerKilled):
        export_part_run(part_id=part.pk)


def zip_names(job: ExportJob) -> list[str]:
    with default_storage.open(job.result_name, "rb") as handle, zipfile.ZipFile(handle) as archive:
        return sorted(archive.namelist())


def test_a_part_whose_worker_died_goes_back_to_pending_and_runs_again(
    ada, agreement_a, agreement_b, monkeypatch
):
    job = export_job_create(
        actor=ada, kind="agreement", fmt="xlsx", agreements=[agreement_a, agreement_b], part_size=2
    )
    part = job.parts.get()
    crash_on_render(monkeypatch, times=1)
    run_until_killed(part)
    part.refresh_from_db()
    assert (part.status, part.attempts) == (ExportStatus.RUNNING, 1)  # what the dead worker left behind
    assert export_parts_sweep() == []  # its lease has not run out: it may still be working
    assert export_part_run(part_id=part.pk) is None  # nor may a second delivery take it yet

    let_leases_expire()
    assert export_parts_sweep() == [part.pk]
    part.refresh_from_db()
    assert (part.status, part.lease, part.done) == (ExportStatus.PENDING, None, 0)

    assert export_part_run(part_id=part.pk) is not None
    job.refresh_from_db()
    assert (job.status, job.done, job.total) == (ExportStatus.DONE, 2, 2)
    year = agreement_a.fiscal_year.label
    assert zip_names(job) == [f"office-a_{year}_agreement.xlsx", f"office-b_{year}_agreement.xlsx"]


def test_a_redelivered_task_takes_over_an_expired_lease_and_counts_each_office_once(
    ada, agreement_a, agreement_b, monkeypatch
):
    job = export_job_create(
        actor=ada, kind="agreement", fmt="xlsx", agreements=[agreement_a, agreement_b], part_size=2
    )
    part = job.parts.get()
    real = services.render_report
    renders = []

    def killed_on_second_office(**kwargs):
        renders.append(kwargs["agreement"].pk)
        if len(renders) == 2:
            raise WorkerKilled
        return real(**kwargs)

    monkeypatch.setattr(services, "render_report", killed_on_second_office)
    run_until_killed(part)
    job.refresh_from_db()
    assert job.done == 1  # the first office was counted before the worker died
    let_leases_expire()
    export_part_run(part_id=part.pk)  # the broker gives the message to another worker
    job.refresh_from_db()
    part.refresh_from_db()
    assert (job.status, job.done, part.attempts) == (ExportStatus.DONE, 2, 2)


def test_with_a_broker_the_sweep_sends_the_part_again(
    ada, agreement_a, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    sent = []
    monkeypatch.setattr(app, "send_task", lambda name, args: sent.append((app.tasks[name], *args)))
    job = export_job_create(actor=ada, kind="agreement", fmt="xlsx", agreements=[agreement_a])
    part = job.parts.get()
    crash_on_render(monkeypatch, times=1)
    run_until_killed(part)
    let_leases_expire()
    sent.clear()
    with django_capture_on_commit_callbacks(execute=True):
        tasks.sweep_export_parts()  # what Celery beat runs every EXPORT_SWEEP_SECONDS
    assert sent == [(tasks.run_export_part, part.pk)]


def test_the_sweep_is_scheduled_on_beat(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE["sweep-export-parts"]
    assert schedule == {"task": "reports.tasks.sweep_export_parts", "schedule": settings.EXPORT_SWEEP_SECONDS}
    assert app.tasks["reports.tasks.sweep_export_parts"].name == tasks.sweep_export_parts.name
    assert settings.CELERY_TASK_ACKS_LATE and settings.CELERY_TASK_REJECT_ON_WORKER_LOST
    assert tasks.run_export_part.acks_late and tasks.run_export_part.reject_on_worker_lost


def test_a_slow_worker_that_lost_its_part_stops_without_counting(ada, agreement_a, agreement_b, monkeypatch):
    job = export_job_create(
        actor=ada, kind="agreement", fmt="xlsx", agreements=[agreement_a, agreement_b], part_size=2
    )
    part = job.parts.get()
    real = services.render_report

    def taken_over_meanwhile(**kwargs):
        # While this worker renders, its lease runs out and another worker claims the part.
        ExportJobPart.objects.filter(pk=part.pk).update(lease=uuid.uuid4(), attempts=2)
        return real(**kwargs)

    monkeypatch.setattr(services, "render_report", taken_over_meanwhile)
    assert export_part_run(part_id=part.pk) is None
    part.refresh_from_db()
    job.refresh_from_db()
    assert (part.status, part.done, job.done, job.result_name) == (ExportStatus.RUNNING, 0, 0, "")


def test_after_the_last_attempt_the_job_fails_in_bangla_and_a_retry_finishes_it(
    client, rita, agreement_a, agreement_b, settings, monkeypatch
):
    settings.EXPORT_PART_MAX_ATTEMPTS = 3
    job = export_job_create(
        actor=rita, kind="agreement", fmt="xlsx", agreements=[agreement_a, agreement_b], part_size=1
    )
    crash_on_render(monkeypatch, times=3)
    assert client.login(username=rita.username, password=PASSWORD)
    status_url = reverse("reports:export_job_status", args=[job.pk])
    for _attempt in range(3):  # without a broker each poll sweeps, then runs the next part: it dies each time
        with pytest.raises(WorkerKilled):
            client.get(status_url)
        let_leases_expire()
    status = client.get(status_url).json()  # the sweep finds the third claim expired: no fourth
    assert (status["status"], status["finished"], status["download_url"]) == (ExportStatus.FAILED, True, "")
    job.refresh_from_db()
    assert job.result_name == "" and "3 times" in job.error
    page = client.get(reverse("reports:export_job", args=[job.pk])).content.decode()
    assert "রপ্তানি শেষ করা যায়নি" in page and "কোনো অফিস বাদ রেখে জিপ ফাইল দেওয়া হয় না" in page
    retry_url = reverse("reports:export_job_retry", args=[job.pk])
    assert f'action="{retry_url}"' in page
    assert client.get(retry_url).status_code == 405

    response = client.post(retry_url)
    assert response.status_code == 302 and response["Location"] == reverse(
        "reports:export_job", args=[job.pk]
    )
    job.refresh_from_db()
    assert job.status == ExportStatus.RUNNING and job.error == ""
    assert list(job.parts.values_list("status", "attempts")) == [(ExportStatus.PENDING, 0)] * 2
    while not client.get(status_url).json()["finished"]:
        pass
    job.refresh_from_db()
    assert (job.status, job.done, len(zip_names(job))) == (ExportStatus.DONE, 2, 2)


def test_only_the_jobs_owner_may_retry_it(client, rita, sam, agreement_a, monkeypatch):
    job = export_job_create(actor=rita, kind="agreement", fmt="xlsx", agreements=[agreement_a])
    ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.FAILED)
    assert client.login(username=sam.username, password=PASSWORD)
    assert client.post(reverse("reports:export_job_retry", args=[job.pk])).status_code == 404
    job.refresh_from_db()
    assert job.status == ExportStatus.FAILED


def test_a_retry_of_a_job_that_has_not_failed_changes_nothing(client, rita, agreement_a):
    job = export_job_create(actor=rita, kind="agreement", fmt="xlsx", agreements=[agreement_a])
    assert client.login(username=rita.username, password=PASSWORD)
    client.post(reverse("reports:export_job_retry", args=[job.pk]))
    part = job.parts.get()
    job.refresh_from_db()
    assert (job.status, part.status) == (ExportStatus.PENDING, ExportStatus.PENDING)


def test_no_zip_is_packed_when_the_parts_do_not_account_for_every_office(ada, agreement_a, agreement_b):
    job = export_job_create(
        actor=ada, kind="agreement", fmt="xlsx", agreements=[agreement_a, agreement_b], part_size=1
    )
    first, second = job.parts.order_by("index")
    # A part marked done whose renders were lost (a worker, a bug): it lists neither a file nor a failure.
    ExportJobPart.objects.filter(pk=second.pk).update(status=ExportStatus.DONE, done=1)
    export_part_run(part_id=first.pk)
    job.refresh_from_db()
    assert (job.status, job.result_name) == (ExportStatus.FAILED, "")
    assert "1 of 2 offices" in job.error
    assert export_job_assemble(job_id=job.pk) is None


def test_the_progress_page_sweeps_its_own_job(ada, agreement_a, settings, monkeypatch):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setattr(app, "send_task", lambda name, args: None)
    job = export_job_create(actor=ada, kind="agreement", fmt="xlsx", agreements=[agreement_a])
    part = job.parts.get()
    crash_on_render(monkeypatch, times=1)
    run_until_killed(part)
    let_leases_expire()
    export_job_advance(job=job)
    part.refresh_from_db()
    assert part.status == ExportStatus.PENDING
