"""The Celery app: found by `celery -A apa_portal`, and the app every task is sent with, although importing
the `apa_portal` package itself loads no Celery."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_python(code: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"} | env
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_celery_dash_a_apa_portal_finds_the_projects_app():
    result = run_python(
        "from celery.app.utils import find_app; import apa_portal.celery as c; "
        "assert find_app('apa_portal') is c.app, find_app('apa_portal')"
    )
    assert result.returncode == 0, result.stderr


def test_a_task_sent_from_a_web_process_goes_to_the_configured_broker_not_runs_eagerly():
    # A web process: Django set up, the Celery app never imported by hand. With a broker configured the
    # task must be queued on that broker (here an in-memory one), not run in-process or sent to Celery's
    # default AMQP broker on localhost.
    result = run_python(
        "import django; django.setup(); "
        "from reports.tasks import run_export_part; "
        "sent = run_export_part.delay(12345); "
        "assert run_export_part.app.main == 'apa_portal', run_export_part.app; "
        "from kombu import Connection; "
        "message = Connection('memory://').SimpleQueue('celery').get(timeout=5); "
        "assert message.headers['id'] == sent.id, message.headers; "
        "print(message.headers['task'], message.headers['argsrepr'])",
        DJANGO_SETTINGS_MODULE="apa_portal.settings.development",
        CELERY_BROKER_URL="memory://",
        DATABASE_URL="sqlite:///:memory:",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["reports.tasks.run_export_part", "(12345,)"]


def test_without_a_broker_tasks_run_in_process():
    from apa_portal.celery import app
    from reports.tasks import run_export_part

    assert run_export_part.app is app
    assert app.conf.task_always_eager is True
