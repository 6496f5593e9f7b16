"""Celery tasks: thin, they call a service. Eager (in-process) when no broker is configured."""

from __future__ import annotations

from apa_portal.celery import app

from .services import EXPORT_PART_TASK, export_part_run, export_parts_sweep


@app.task(name=EXPORT_PART_TASK, acks_late=True, reject_on_worker_lost=True)
def run_export_part(part_id: int) -> None:
    export_part_run(part_id=part_id)


@app.task(name="reports.tasks.sweep_export_parts")
def sweep_export_parts() -> None:
    """Celery beat, every EXPORT_SWEEP_SECONDS: parts whose worker died run again (reports.services)."""
    export_parts_sweep()
