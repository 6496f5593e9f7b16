"""A real Celery worker killed with SIGKILL in the middle of a bulk export part (issue 17, finding 5): the
part its worker held stays "running", a new worker takes the other parts, the sweep puts
the dead worker's part back once its lease has run out, and the job finishes with a ZIP of every office. The
same for a background import killed while it reads its workbook: swept, imported once by the next worker.

Everything runs in separate processes sharing one SQLite file (the suite's own database lives in memory, where
no worker could see it): `manage.py migrate` and `load_seeds` (four agreements), the job created as the web
process does, two `celery -A tests.slow_export_worker worker` processes (the project's app with renders slowed
down, so that a part is still running when it is killed) against the local Redis, and the sweep. Skipped, with
the reason, when Redis does not answer on 127.0.0.1:6379."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
import redis

ROOT = Path(__file__).resolve().parent.parent
REDIS_DB = int(os.environ.get("EXPORT_KILL_TEST_REDIS_DB", "15"))
BROKER = f"redis://127.0.0.1:6379/{REDIS_DB}"
LEASE_SECONDS = 5
RENDER_DELAY = 1.0
PROGRESS_DELAY = 0.1
PASSED_THROUGH = ("PATH", "HOME", "LANG", "TMPDIR")

CREATE_JOB = """
import django; django.setup()
from agreements.models import Agreement, User
from reports.services import export_job_create
agreements = list(Agreement.objects.order_by("pk"))
job = export_job_create(
    actor=User.objects.get(username="admin"), kind="agreement", fmt="xlsx", agreements=agreements, part_size=2
)
print(job.pk)
"""
SWEEP = """
import django; django.setup()
from reports.services import export_parts_sweep
print(export_parts_sweep())
"""

# An agreement's Excel twin re-addressed to an office that has no agreement in its year, imported by the
# administrator as the web process does with a large upload.
CREATE_IMPORT = """
import django; django.setup()
from io import BytesIO
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook
from agreements.models import Agreement, Office, User
from reports import builders, excel, imports
source = Agreement.objects.order_by("pk").first()
taken = Agreement.objects.filter(fiscal_year=source.fiscal_year).values("office")
office = Office.objects.exclude(pk__in=taken).filter(supervisor__isnull=False).order_by("code").first()
book = load_workbook(BytesIO(excel.render_xlsx(builders.build_agreement(source))))
for row in book[excel.META_SHEET].iter_rows():
    if row[0].value == "office":
        row[1].value = office.code
buffer = BytesIO()
book.save(buffer)
job = imports.import_job_create(
    actor=User.objects.get(username="admin"),
    upload=SimpleUploadedFile("apa.xlsx", buffer.getvalue()),
    language="bn",
)
print(job.pk, office.pk, source.fiscal_year_id)
"""
SWEEP_IMPORTS = """
import django; django.setup()
from reports.imports import import_jobs_sweep
print(import_jobs_sweep())
"""


def redis_answers() -> bool:
    try:
        return redis.Redis.from_url(BROKER, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


pytestmark = pytest.mark.skipif(
    not redis_answers(), reason="no Redis on 127.0.0.1:6379 for the Celery workers"
)


@pytest.fixture
def broker():
    """The test's own Redis database, empty before and after: a killed worker's unacknowledged message would
    otherwise come back to the next run's worker (CI runs the suite twice) and claim a part of another job
    that happens to have the same id."""
    database = redis.Redis.from_url(BROKER)
    database.flushdb()
    yield BROKER
    database.flushdb()


@pytest.fixture
def environment(tmp_path, broker):
    variables = {key: os.environ[key] for key in PASSED_THROUGH if key in os.environ}
    variables.update(
        DJANGO_SETTINGS_MODULE="apa_portal.settings.development",
        DEBUG="false",
        # The seeds' four agreements only, not the demo of today's fiscal year.
        DEMO_TODAY="false",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        MEDIA_ROOT=str(tmp_path / "media"),
        CELERY_BROKER_URL=broker,
        EXPORT_PART_LEASE_SECONDS=str(LEASE_SECONDS),
        EXPORT_TEST_RENDER_DELAY=str(RENDER_DELAY),
        IMPORT_TEST_PROGRESS_DELAY=str(PROGRESS_DELAY),
    )
    for command in (["manage.py", "migrate", "-v0"], ["manage.py", "load_seeds"]):
        done = subprocess.run(
            [sys.executable, *command], cwd=ROOT, env=variables, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
    return variables


def python(code: str, environment: dict) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def start_worker(name: str, environment: dict, log: Path) -> subprocess.Popen:
    command = [
        *(sys.executable, "-m", "celery", "-A", "tests.slow_export_worker", "worker"),
        *("--pool", "prefork", "--concurrency", "1", "--hostname", f"{name}@%h", "--loglevel", "INFO"),
        *("--without-gossip", "--without-mingle", "--without-heartbeat"),
    ]
    # A session of its own, so that the whole worker (main process and pool child) dies together.
    with log.open("w") as output:
        return subprocess.Popen(
            command,
            cwd=ROOT,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def kill(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)


def rows(database: str, query: str, *args) -> list[tuple]:
    for _attempt in range(50):  # a worker may hold the write lock for a moment
        try:
            with sqlite3.connect(database, timeout=5) as connection:
                return connection.execute(query, args).fetchall()
        except sqlite3.OperationalError:
            time.sleep(0.1)
    raise AssertionError("the database stayed locked")


def wait_for(what: str, condition, *, seconds: float, logs: list[Path]):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    worker_logs = "\n".join(f"--- {log.name}\n{log.read_text()[-3000:]}" for log in logs if log.exists())
    raise AssertionError(f"timed out waiting for {what}\n{worker_logs}")


def test_a_worker_killed_mid_part_loses_no_office(environment, tmp_path):
    database = environment["DATABASE_URL"].removeprefix("sqlite:///")
    job_id = int(python(CREATE_JOB, environment))
    parts = rows(database, "SELECT id FROM reports_exportjobpart WHERE job_id = ? ORDER BY id", job_id)
    total = rows(database, "SELECT total FROM reports_exportjob WHERE id = ?", job_id)[0][0]
    assert (len(parts), total) == (2, 4)
    logs = [tmp_path / "worker-1.log", tmp_path / "worker-2.log"]
    first = start_worker("first", environment, logs[0])
    second = None
    try:
        # The first worker has rendered one office of its part and is inside the second when it is killed.
        running = "SELECT id FROM reports_exportjobpart WHERE job_id = ? AND status = 'running' AND done = 1"
        ((killed_part,),) = wait_for(
            "a part half done", lambda: rows(database, running, job_id), seconds=90, logs=logs
        )
        kill(first)
        time.sleep(RENDER_DELAY * 2)
        status = "SELECT status, attempts FROM reports_exportjobpart WHERE id = ?"
        assert rows(database, status, killed_part) == [("running", 1)]  # the dead worker's part is stuck

        second = start_worker("second", environment, logs[1])
        other_done = "SELECT 1 FROM reports_exportjobpart WHERE job_id = ? AND id != ? AND status = 'done'"
        wait_for(
            "the other part", lambda: rows(database, other_done, job_id, killed_part), seconds=90, logs=logs
        )
        assert rows(database, status, killed_part) == [("running", 1)]  # nothing but the sweep frees it

        time.sleep(LEASE_SECONDS)  # its lease runs out; beat would sweep every EXPORT_SWEEP_SECONDS
        assert json.loads(python(SWEEP, environment)) == [killed_part]
        job = "SELECT status, done, total, result_name, failures FROM reports_exportjob WHERE id = ?"
        finished = wait_for(
            "the job to finish",
            lambda: [row for row in rows(database, job, job_id) if row[0] in ("done", "failed")],
            seconds=90,
            logs=logs,
        )
    finally:
        kill(first)
        if second is not None:
            kill(second)
    ((state, done, total, result_name, failures),) = finished
    assert (state, done, total, json.loads(failures)) == ("done", 4, 4, [])
    assert rows(database, status, killed_part) == [("done", 2)]
    with zipfile.ZipFile(Path(environment["MEDIA_ROOT"]) / result_name) as archive:
        names = sorted(archive.namelist())
    assert names == [
        "divcom-rajshahi_2021-22_agreement.xlsx",
        "ict-dc-khulna_2023-24_agreement.xlsx",
        "ict-dc-mymensingh_2022-23_agreement.xlsx",
        "ssd_2021-22_agreement.xlsx",
    ]


def test_a_worker_killed_mid_import_is_swept_and_the_next_imports_it_once(environment, tmp_path):
    database = environment["DATABASE_URL"].removeprefix("sqlite:///")
    job_id, office_id, year_id = map(int, python(CREATE_IMPORT, environment).split())
    ((upload_name,),) = rows(database, "SELECT upload_name FROM reports_importjob WHERE id = ?", job_id)
    assert (Path(environment["MEDIA_ROOT"]) / upload_name).exists()
    logs = [tmp_path / "worker-1.log", tmp_path / "worker-2.log"]
    first = start_worker("first", environment, logs[0])
    second = None
    state = "SELECT status, attempts FROM reports_importjob WHERE id = ?"
    try:
        reading = "SELECT done FROM reports_importjob WHERE id = ? AND status = 'running' AND done >= 3"
        wait_for("the import half read", lambda: rows(database, reading, job_id), seconds=90, logs=logs)
        kill(first)
        assert rows(database, state, job_id) == [("running", 1)]  # the dead worker's job is stuck

        second = start_worker("second", environment, logs[1])
        time.sleep(LEASE_SECONDS + 1)  # its lease runs out; beat would sweep every EXPORT_SWEEP_SECONDS
        assert rows(database, state, job_id) == [("running", 1)]  # nothing but the sweep frees it
        assert json.loads(python(SWEEP_IMPORTS, environment)) == [job_id]
        columns = "status, attempts, done, total, agreement_id, upload_name"
        job = f"SELECT {columns} FROM reports_importjob WHERE id = ?"
        finished = wait_for(
            "the import to finish",
            lambda: [row for row in rows(database, job, job_id) if row[0] not in ("pending", "running")],
            seconds=90,
            logs=logs,
        )
    finally:
        kill(first)
        if second is not None:
            kill(second)
    ((status, attempts, done, total, agreement_id, upload_name_after),) = finished
    assert (status, attempts, upload_name_after) == ("done", 2, "")
    assert done == total > 0 and not (Path(environment["MEDIA_ROOT"]) / upload_name).exists()
    imported = "SELECT id FROM agreements_agreement WHERE office_id = ? AND fiscal_year_id = ?"
    assert rows(database, imported, office_id, year_id) == [(agreement_id,)]
    audit = "SELECT COUNT(*) FROM agreements_auditentry WHERE action = 'agreement_import'"
    assert rows(database, audit) == [(1,)]
