"""Celery tasks: thin, they call a service. Eager (in-process) when no broker is configured."""

from __future__ import annotations

from apa_portal.celery import app


@app.task(acks_late=True)
def run_export_part(part_id: int) -> None:
    from .services import export_part_run

    export_part_run(part_id=part_id)
