"""Celery tasks: thin, they call a service. Eager (in-process) when no broker is configured."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def run_export_job(job_id: int) -> None:
    from .services import export_job_run

    export_job_run(job_id=job_id)
