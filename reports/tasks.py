"""Celery tasks: thin, they call a service. Eager (in-process) when no broker is configured."""

from __future__ import annotations

from apa_portal.celery import app

from .services import EXPORT_PART_TASK, export_part_run


@app.task(name=EXPORT_PART_TASK, acks_late=True)
def run_export_part(part_id: int) -> None:
    export_part_run(part_id=part_id)
