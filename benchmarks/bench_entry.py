"""Quarterly entry under load, on PostgreSQL behind gunicorn, as in production.

Builds (once, idempotently) 51 district offices with a 60-indicator active agreement each in the fiscal year
that contains today, a focal point per office and a session for each; starts gunicorn with the production
settings; then prints

1. the median and p95 latency of the entry page GET and of one save (one client, sequential requests), on
   an agreement whose open quarter is complete as at a deadline (every indicator with a value, a remark and
   two evidence links);
2. the throughput of saves with 50 concurrent clients (locust, headless; each client is the focal point of
   its own office, saving one indicator after another, as at a national deadline), and the error count.

Targets on the 2-core development machine: GET p95 < 150 ms, save p95 < 100 ms, >= 100 saves/s, no errors;
the last lines say which were met.

gunicorn runs with the project's gunicorn.conf.py (what production runs); --workers, --worker-class and
--threads try other settings. While the clients save, the CPU time of gunicorn, PostgreSQL and locust is
measured from /proc and printed per save: on one machine they share the same cores.

    make bench-entry
    # or, with DATABASE_URL=postgres://postgres@127.0.0.1:5432/apa_bench (the default):
    .venv/bin/python benchmarks/bench_entry.py [--clients 50] [--duration 30] [--samples 200] [--workers 5]

The database named in DATABASE_URL is created if missing; only rows whose office codes start with
"bench-entry-" are touched, and the database is vacuumed before measuring (every run starts alike, also
where autovacuum is off).
"""

from __future__ import annotations

import argparse
import json
import os
import runpy
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/apa_bench"
INDICATORS = 60  # 4 areas x 3 activities x 5 indicators
PREFIX = "bench-entry-"
STATIC_ROOT = Path(tempfile.gettempdir()) / "apa-bench-static"

os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
ENV = {
    "DJANGO_SETTINGS_MODULE": "apa_portal.settings.production",
    "SECRET_KEY": "bench-only-not-secret-5b9d1c2e7f",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "false",
    "STATIC_ROOT": str(STATIC_ROOT),
    "CACHE_URL": "redis://127.0.0.1:6379/1",
    "LOG_LEVEL": "WARNING",
}
os.environ.update(ENV)


def vacuum(url: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")


def ensure_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


ensure_database(os.environ["DATABASE_URL"])

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.cached_db import SessionStore  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.crypto import get_random_string  # noqa: E402

from agreements.calendar import quarter_windows  # noqa: E402
from agreements.models import (  # noqa: E402
    Agreement,
    AgreementStatus,
    FiscalYear,
    Office,
    OfficeLevel,
    OfficeMembership,
    QuarterWindow,
    Role,
    User,
)
from evidence.models import EvidenceItem, EvidenceKind  # noqa: E402
from indicators.models import Achievement, Activity, Area, AreaKind, Indicator, Method  # noqa: E402
from indicators.scores import refresh_scores  # noqa: E402
from indicators.selectors import open_quarter  # noqa: E402


def current_fiscal_year() -> FiscalYear:
    today = timezone.localdate()
    start = today.year if today.month >= 7 else today.year - 1
    fiscal_year, _ = FiscalYear.objects.get_or_create(start_year=start)
    for quarter, (opens, closes, deadline) in enumerate(quarter_windows(start), start=1):
        QuarterWindow.objects.get_or_create(
            fiscal_year=fiscal_year,
            quarter=quarter,
            defaults={"opens_on": opens, "closes_on": closes, "report_deadline": deadline},
        )
    return fiscal_year


@transaction.atomic
def build_office(number: int, supervisor: Office, fiscal_year: FiscalYear) -> Agreement:
    office = Office.objects.create(
        code=f"{PREFIX}{number:03d}",
        name_bn=f"বেঞ্চ জেলা কার্যালয় {number}",
        level=OfficeLevel.DISTRICT,
        parent=supervisor,
        supervisor=supervisor,
    )
    user = User.objects.create_user(f"{PREFIX}{number:03d}", password=get_random_string(20))
    OfficeMembership.objects.create(user=user, office=office, role=Role.FOCAL_POINT)
    agreement = Agreement.objects.create(
        office=office,
        supervisor_office=supervisor,
        fiscal_year=fiscal_year,
        status=AgreementStatus.ACTIVE,
        first_party_bn=office.name_bn,
        second_party_bn=supervisor.name_bn,
    )
    indicators = []
    for a in range(1, 5):
        area = Area.objects.create(
            agreement=agreement, kind=AreaKind.OFFICE, position=a, code=str(a), title=f"ক্ষেত্র {a}", weight=25
        )
        for b in range(1, 4):
            activity = Activity.objects.create(
                area=area, position=b, code=f"{a}.{b}", title=f"কার্যক্রম {a}.{b}"
            )
            for c in range(1, 6):
                indicators.append(
                    Indicator(
                        activity=activity,
                        agreement=agreement,
                        area_kind=AreaKind.OFFICE,
                        position=c,
                        code=f"{a}.{b}.{c}",
                        title=f"সূচক {a}.{b}.{c}: সেবা গ্রহীতার সংখ্যা",
                        method=Method.SUM,
                        unit="সংখ্যা",
                        weight=Decimal(25) / 15,
                        targets=["500", "450", "400", "350", "300"],
                    )
                )
    Indicator.objects.bulk_create(indicators)
    Achievement.objects.bulk_create(
        Achievement(indicator=indicator, quarter=1, value_number=Decimal(100 + n))
        for n, indicator in enumerate(indicators)
    )
    refresh_scores(agreement=agreement)
    return agreement


def fill_quarter(agreement: Agreement, quarter: int) -> None:
    focal_point = User.objects.get(username=agreement.office.code)
    indicators = list(Indicator.objects.filter(agreement=agreement))
    Achievement.objects.bulk_create(
        Achievement(
            indicator=indicator,
            quarter=quarter,
            value_number=Decimal(90 + n),
            remarks="সংশ্লিষ্ট রেজিস্টার ও মাসিক প্রতিবেদন অনুযায়ী",
            updated_by=focal_point,
        )
        for n, indicator in enumerate(indicators)
    )
    EvidenceItem.objects.bulk_create(
        EvidenceItem(
            indicator=indicator,
            quarter=quarter,
            kind=EvidenceKind.LINK,
            url=f"https://drive.example.gov.bd/apa/{indicator.pk}/{n}",
            description=f"প্রমাণক {n}",
            uploaded_by=focal_point,
        )
        for indicator in indicators
        for n in (1, 2)
    )
    refresh_scores(agreement=agreement)


def build(offices: int) -> list[dict]:
    """The bench offices (created on the first run) and, for each, a session and the URLs a client needs."""
    fiscal_year = current_fiscal_year()
    supervisor, _ = Office.objects.get_or_create(
        code=f"{PREFIX}dg", defaults={"name_bn": "বেঞ্চ অধিদপ্তর", "level": OfficeLevel.DEPARTMENT}
    )
    existing = {a.office.code: a for a in Agreement.objects.filter(office__code__startswith=PREFIX)}
    agreements = [
        existing.get(f"{PREFIX}{n:03d}") or build_office(n, supervisor, fiscal_year)
        for n in range(1, offices + 1)
    ]
    state = open_quarter(agreements[0])
    if state is None:
        raise SystemExit("No quarter of the current fiscal year is open today; cannot benchmark entry.")
    quarter = state.quarter
    # Every run starts from the same state: no achievements in the open quarter, except for the agreement of
    # the latency runs, whose quarter is complete, as the page is at a deadline: a value, a remark and two
    # evidence links for every indicator.
    Achievement.objects.filter(indicator__agreement__in=agreements, quarter=quarter).delete()
    EvidenceItem.objects.filter(indicator__agreement__in=agreements).delete()
    fill_quarter(agreements[0], quarter)
    clients = []
    for agreement in agreements:
        refresh_scores(agreement=agreement)
        user = User.objects.get(username=agreement.office.code)
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        indicator_ids = list(
            Indicator.objects.filter(agreement=agreement).order_by("pk").values_list("pk", flat=True)
        )
        clients.append(
            {
                "session": session.session_key,
                "csrf": get_random_string(32),
                "entry": reverse("indicators:entry", args=[agreement.pk, quarter]),
                "save": [
                    reverse("indicators:save", args=[agreement.pk, quarter, pk]) for pk in indicator_ids
                ],
            }
        )
    return clients


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(port: int, options: list[str]) -> subprocess.Popen:
    """gunicorn as production runs it: the project's gunicorn.conf.py, and `options` to try others."""
    call_command("collectstatic", interactive=False, verbosity=0)
    process = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "apa_portal.wsgi",
            f"--config={ROOT / 'gunicorn.conf.py'}",
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
            *options,
        ],
        cwd=ROOT,
        env={**os.environ, **ENV, "PYTHONPATH": str(ROOT)},
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit("gunicorn did not start")


def cpu_seconds(server_pid: int) -> dict[str, float]:
    """CPU time used so far by gunicorn (master and workers) and by PostgreSQL's processes, from /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    used = {"gunicorn": 0.0, "postgres": 0.0}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        seconds = (int(fields[11]) + int(fields[12])) / ticks
        if int(entry.name) == server_pid or int(fields[1]) == server_pid:
            used["gunicorn"] += seconds
        elif name == "postgres":
            used["postgres"] += seconds
    return used


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


def summary(samples: list[float]) -> str:
    return (
        f"median {statistics.median(samples) * 1000:6.1f} ms   p95 {p95(samples) * 1000:6.1f} ms   "
        f"(n={len(samples)})"
    )


def verdict(name: str, met: bool) -> str:
    return f"  {name}: {'met' if met else 'MISSED'}"


def latency(base: str, client: dict, samples: int) -> tuple[list[float], list[float], int]:
    import requests

    http = requests.Session()
    http.cookies.set("sessionid", client["session"])
    http.cookies.set("csrftoken", client["csrf"])
    headers = {"Accept": "application/json", "X-CSRFToken": client["csrf"]}
    gets, saves, errors = [], [], 0
    for _ in range(5):  # warm the workers' connections and template caches
        http.get(base + client["entry"])
    for _ in range(samples):
        started = time.perf_counter()
        response = http.get(base + client["entry"])
        gets.append(time.perf_counter() - started)
        errors += response.status_code != 200
    revisions = {url: 1 for url in client["save"]}  # the quarter was filled once (fill_quarter)
    for n in range(samples):
        url = client["save"][n % len(client["save"])]
        data = {"value": str(300 + n), "remarks": "", "revision": str(revisions.get(url, 0))}
        started = time.perf_counter()
        response = http.post(base + url, data=data, headers=headers)
        saves.append(time.perf_counter() - started)
        if response.status_code == 200:
            revisions[url] = response.json()["achievement"]["revision"]
        else:
            errors += 1
    return gets, saves, errors


def throughput(base: str, clients: list[dict], users: int, duration: int) -> dict:
    workdir = Path(tempfile.mkdtemp(prefix="apa-bench-locust-"))
    (workdir / "clients.json").write_text(json.dumps(clients))
    command = [
        str(ROOT / ".venv/bin/locust"),
        "-f",
        str(ROOT / "benchmarks/locustfile_entry.py"),
        "--headless",
        "--host",
        base,
        "-u",
        str(users),
        "-r",
        str(users),
        "-t",
        f"{duration}s",
        "--csv",
        str(workdir / "stats"),
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    import csv
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, check=False, env={**os.environ, "BENCH_CLIENTS": str(workdir / "clients.json")})
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(workdir / "stats_stats.csv") as handle:
        rows = {row["Name"]: row for row in csv.DictReader(handle)}
    shutil.rmtree(workdir, ignore_errors=True)
    rows["locust cpu"] = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=int, default=30)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--workers", type=int, help="default: gunicorn.conf.py (2 x cores + 1)")
    parser.add_argument("--worker-class", help="default: gunicorn.conf.py (sync)")
    parser.add_argument("--threads", type=int, help="for --worker-class=gthread")
    args = parser.parse_args()

    call_command("migrate", interactive=False, verbosity=0)
    started = time.perf_counter()
    # One office for the latency runs, one per concurrent client for the throughput run.
    clients = build(args.clients + 1)
    vacuum(os.environ["DATABASE_URL"])
    print(
        f"data: {len(clients)} agreements x {INDICATORS} indicators, "
        f"ready in {time.perf_counter() - started:.1f} s"
    )
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    workers = args.workers or conf["workers"]
    worker_class = args.worker_class or conf["worker_class"]
    options = [f"--workers={workers}", f"--worker-class={worker_class}"]
    if args.threads:
        options.append(f"--threads={args.threads}")
    server = start_gunicorn(port, options)
    try:
        gets, saves, errors = latency(base, clients[0], args.samples)
        threads = f" x {args.threads} threads" if args.threads else ""
        print(
            f"gunicorn: {workers} {worker_class} workers{threads} (gunicorn.conf.py), production settings, "
            f"PostgreSQL, {os.cpu_count()} cores shared with PostgreSQL and the load generator"
        )
        print(f"entry page GET (60 indicators): {summary(gets)}")
        print(f"one save (60 indicators)      : {summary(saves)}")
        print(f"errors in the latency runs    : {errors}")
        cpu_before, clock = cpu_seconds(server.pid), time.perf_counter()
        rows = throughput(base, clients[1:], args.clients, args.duration)
        elapsed = time.perf_counter() - clock
        cpu = {name: used - cpu_before[name] for name, used in cpu_seconds(server.pid).items()}
        cpu["locust"] = rows.pop("locust cpu")
        save = rows.get("save", {})
        total = rows.get("Aggregated", {})
        count = int(save.get("Request Count", 0))
        print(
            f"{args.clients} concurrent clients, {args.duration} s: "
            f"{float(save.get('Requests/s', 0)):.1f} saves/s, "
            f"{count} saves, {total.get('Failure Count', '?')} errors, "
            f"save median {save.get('Median Response Time', '?')} ms, p95 {save.get('95%', '?')} ms"
        )
        saves_per_second = float(save.get("Requests/s", 0))
        failures = int(total.get("Failure Count", 0) or 0)
        print("targets:")
        print(verdict("entry page GET p95 < 150 ms", p95(gets) < 0.150))
        print(verdict("one save p95 < 100 ms", p95(saves) < 0.100))
        print(verdict(f">= 100 saves/s with {args.clients} clients", saves_per_second >= 100))
        print(verdict("no errors", errors == 0 and failures == 0))
        print(
            "CPU while saving: "
            + ", ".join(
                f"{name} {used / elapsed:.2f} cores ({used / max(count, 1) * 1000:.1f} ms a save)"
                for name, used in cpu.items()
            )
        )
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
