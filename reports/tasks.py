"""Celery tasks: thin, they call a service. Eager (in-process) when no broker is configured."""

from __future__ import annotations

from apa_portal.celery import app

from .imports import IMPORT_TASK, import_job_run, import_jobs_sweep
from .services import EXPORT_PART_TASK, export_part_run, export_parts_sweep


@app.task(name=EXPORT_PART_TASK, acks_late=True, reject_on_worker_lost=True)
def run_export_part(part_id: int) -> None:
    export_part_run(part_id=part_id)


@app.task(name="reports.tasks.sweep_export_parts")
def sweep_export_parts() -> None:
    """Celery beat, every EXPORT_SWEEP_SECONDS: parts whose worker died run again (reports.services)."""
    export_parts_sweep()


@app.task(name=IMPORT_TASK, acks_late=True, reject_on_worker_lost=True)
def run_import_job(job_id: int) -> None:
    import_job_run(job_id=job_id)


@app.task(name="reports.tasks.sweep_import_jobs")
def sweep_import_jobs() -> None:
    """Celery beat, every EXPORT_SWEEP_SECONDS: imports whose worker died run again (reports.imports)."""
    import_jobs_sweep()
