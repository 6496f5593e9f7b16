"""The project's Celery app with every report render slowed down by EXPORT_TEST_RENDER_DELAY seconds, and
every progress report of a background import by IMPORT_TEST_PROGRESS_DELAY, for
tests/test_reports_export_worker_kill.py: `celery -A tests.slow_export_worker worker` is the project's worker
(same app, same tasks, same settings) that stays long enough inside a part or an import to be killed there.
Not collected by pytest (no test_ prefix); the delay lives here, not in the product."""

import os
import time

import django

django.setup()

from apa_portal.celery import app  # noqa: E402  (Django must be set up before the services load)
from reports import imports, services  # noqa: E402

__all__ = ["app"]
real_render_report = services.render_report


def slow_render_report(**kwargs):
    time.sleep(float(os.environ["EXPORT_TEST_RENDER_DELAY"]))
    return real_render_report(**kwargs)


services.render_report = slow_render_report


real_import_agreement = imports.import_agreement


def slow_import_agreement(*, progress, **kwargs):
    def slow_progress(done: int, total: int) -> None:
        progress(done, total)
        time.sleep(float(os.environ["IMPORT_TEST_PROGRESS_DELAY"]))

    return real_import_agreement(progress=slow_progress, **kwargs)


imports.import_agreement = slow_import_agreement
