"""Report rendering benchmark (`make bench-reports`).

1. Time: the seed-000 agreement PDF through the product, `reports.services.render_report` (database reads,
   the document, its content hash, the HTML template, WeasyPrint with the text layer of `reports.pdf_text`,
   storing the render in the cache), from a cold cache every run; the same without the text layer; and
   WeasyPrint alone on the same HTML with the same PDF options, as separate renders in rotation. Printed: the
   product's overhead (without the text layer, against WeasyPrint alone; target within 10%) and the text
   layer's cost (target at most 10% more), from the medians and minimums of each render's CPU time (the
   process's own, which other processes on a shared machine disturb far less than the wall clock, printed
   beside it).
2. Memory, native memory included: WeasyPrint lays out through C libraries (Pango, HarfBuzz, FreeType) whose
   memory tracemalloc cannot see, so each figure comes from a fresh child process that renders once and
   reports its peak resident set (getrusage's ru_maxrss) beside its resident set just before rendering; one
   child for the product path, one for WeasyPrint alone on the same HTML, and one more for tracemalloc's peak
   of the Python heap alone (tracing costs memory itself, so it gets a process of its own).
3. Bulk-export throughput with real Celery workers: `celery -A apa_portal worker --concurrency N` (N = 1, 2)
   against Redis at 127.0.0.1:6379 (a queue of this run's own), one job of --offices copies of the seed-000
   agreement as PDFs, in parts of one office each so that every worker process has work; from a cold render
   cache, then again from the warm one (unchanged data, every render reused).

It runs on a scratch PostgreSQL database created and dropped here, never the development one
(BENCH_DATABASE_URL names another; SQLite works for 1 and 2 only). Figures on a shared 2-core machine are
noisy: compare runs of the same machine, and read the spread printed beside each median.

    .venv/bin/python benchmarks/bench_reports.py [--runs 6] [--offices 8] [--time-only]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from io import BytesIO, StringIO
from pathlib import Path
from unittest import mock
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SCRATCH_URL = "postgres://postgres@127.0.0.1:5432/apa_bench_reports"
BROKER_URL = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/0")
WORKER_LOG = Path(tempfile.gettempdir()) / "apa-bench-reports-worker.log"
CHILD = "--child" in sys.argv  # a measuring child process: its parent set up the environment and the database

if not CHILD:
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", SCRATCH_URL)
    os.environ["MEDIA_ROOT"] = tempfile.mkdtemp(prefix="apa-bench-media-")
    os.environ["CELERY_BROKER_URL"] = BROKER_URL  # tasks go to the workers, not run in-process
    os.environ["BENCH_QUEUE"] = f"bench-reports-{os.getpid()}"
os.environ["DJANGO_SETTINGS_MODULE"] = "apa_portal.settings.development"
os.environ["DEMO_USERS"] = "false"
os.environ.setdefault("LOG_LEVEL", "WARNING")


def admin_url(url: str) -> str:
    return urlsplit(url)._replace(path="/postgres").geturl()


def recreate_scratch_database(url: str) -> None:
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(admin_url(url), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def drop_scratch_database(url: str) -> None:
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(admin_url(url), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if not CHILD and os.environ["DATABASE_URL"] == SCRATCH_URL:
    recreate_scratch_database(SCRATCH_URL)

import django  # noqa: E402

django.setup()

import logging  # noqa: E402

from django.conf import settings  # noqa: E402
from django.core.files.storage import default_storage  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connections  # noqa: E402
from openpyxl import load_workbook  # noqa: E402

from agreements.models import Agreement, Office, OfficeLevel, User  # noqa: E402
from apa_portal.celery import app as celery_app  # noqa: E402
from reports import builders, excel, pdf, pdf_text, services  # noqa: E402
from reports.importer import import_agreement  # noqa: E402
from reports.models import ExportJob, ExportStatus  # noqa: E402

logging.getLogger("weasyprint").setLevel(logging.WARNING)
logging.getLogger("fontTools").setLevel(logging.WARNING)


def seed_agreement() -> Agreement:
    return Agreement.objects.select_related("office", "supervisor_office", "fiscal_year").get(
        office__code="ict-dc-mymensingh", fiscal_year__start_year=2022, is_current=True
    )


def weasyprint_alone(html: str) -> bytes:
    """WeasyPrint on the product's HTML with the product's PDF options (tagged PDF/UA), without the text
    layer: what the product adds is then its own work alone."""
    from weasyprint import HTML

    with without_text_layer():
        return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
            font_config=pdf.font_config(), **pdf.PDF_OPTIONS
        )


def without_text_layer():
    return mock.patch("weasyprint.draw.text.draw_first_line", pdf_text.install())


def product_render(agreement: Agreement) -> services.RenderedReport:
    rendered = services.render_report(kind="agreement", agreement=agreement, fmt="pdf")
    assert not rendered.reused and rendered.path, "the cache must be cold for every timed render"
    default_storage.delete(rendered.path)  # cold again for the next run
    return rendered


def product_render_without_text_layer(agreement: Agreement) -> services.RenderedReport:
    with without_text_layer():
        return product_render(agreement)


# ------------------------------------------------------------------------------------------------
# 1. Time


def timed(function, *args) -> tuple[float, float, object]:
    """Wall-clock and CPU seconds of one call. The CPU time is this process's own, so other processes on a
    shared machine inflate it far less than the wall clock."""
    # Each render starts with the previous one's garbage collected: a render leaves tens of MiB of cyclic
    # layout objects, and whichever render came next would otherwise pay for collecting them.
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    result = function(*args)
    return time.perf_counter() - wall, time.process_time() - cpu, result


def spread(values: list[float]) -> str:
    return f"median {statistics.median(values):.2f} s (min {min(values):.2f}, max {max(values):.2f})"


def more(values: list[float], than: list[float]) -> str:
    """The medians' difference, and the minimums' (a render's CPU time is its work plus what other processes
    cost it, so the fastest run of each is the least disturbed)."""
    median = 100 * (statistics.median(values) / statistics.median(than) - 1)
    return f"{median:+.1f}% (minimums {100 * (min(values) / min(than) - 1):+.1f}%)"


def render_time(runs: int) -> None:
    agreement = seed_agreement()
    html = pdf.render_html(builders.build_agreement(agreement))
    renders = {
        "product": lambda: product_render(agreement),
        "product without text layer": lambda: product_render_without_text_layer(agreement),
        "WeasyPrint alone": lambda: weasyprint_alone(html),
    }
    for render in renders.values():
        render()  # warm-up: fonts, templates, imports
    wall = {name: [] for name in renders}
    cpu = {name: [] for name in renders}
    # Separate renders, in turn first, second and third (rotated), so that neither the machine's slow minutes
    # nor the order favours any of them.
    names = list(renders)
    for run in range(runs):
        for name in names[run % 3 :] + names[: run % 3]:
            seconds, cpu_seconds, _result = timed(renders[name])
            wall[name].append(seconds)
            cpu[name].append(cpu_seconds)
    pages = len(pdf.layout(html).pages)
    print(f"seed-000 agreement PDF (tagged PDF/UA-1): {pages} pages, {runs} separate renders each")
    for name in renders:
        print(f"  {name + ':':28} CPU {spread(cpu[name])}; wall clock {spread(wall[name])}")
    product, plain, alone = (cpu[name] for name in renders)
    product_wall, plain_wall, alone_wall = (wall[name] for name in renders)
    print(
        f"  product overhead (product without text layer against WeasyPrint alone, CPU): "
        f"{more(plain, alone)}; target within 10%; wall clock {more(plain_wall, alone_wall)}"
    )
    print(
        f"  text layer's cost (product against product without it, CPU): {more(product, plain)}; "
        f"target at most 10%; wall clock {more(product_wall, plain_wall)}"
    )


# ------------------------------------------------------------------------------------------------
# 2. Memory, each figure from a fresh child process


def rss_now_mib() -> float:
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(measure: str) -> None:
    """Render once in this fresh process and print what `measure` asks for, as JSON."""
    import tracemalloc

    agreement = seed_agreement()
    if measure == "weasyprint-rss":
        html = pdf.render_html(builders.build_agreement(agreement))
        before = rss_now_mib()
        weasyprint_alone(html)
    else:
        before = rss_now_mib()
        if measure == "product-heap":
            tracemalloc.start()
        product_render(agreement)
    result = {"before": before, "peak": peak_rss_mib()}
    if measure == "product-heap":
        result["heap"] = tracemalloc.get_traced_memory()[1] / 1024 / 1024
    print(json.dumps(result))


def run_child(measure: str) -> dict:
    env = {**os.environ, "MEDIA_ROOT": tempfile.mkdtemp(prefix="apa-bench-media-")}  # a cold cache
    output = subprocess.run(
        [sys.executable, __file__, "--child", measure], env=env, check=True, capture_output=True, text=True
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def memory() -> None:
    connections.close_all()
    product, alone, heap = (run_child(m) for m in ("product-rss", "weasyprint-rss", "product-heap"))
    print("peak memory of one render, each in a fresh process (resident set, native memory included):")
    print(
        f"  product: peak RSS {product['peak']:.0f} MiB, {product['peak'] - product['before']:.0f} MiB above "
        f"the process before rendering ({product['before']:.0f} MiB: Python, Django, WeasyPrint imported)"
    )
    print(
        f"  WeasyPrint alone on the same HTML: peak RSS {alone['peak']:.0f} MiB, "
        f"{alone['peak'] - alone['before']:.0f} MiB above the process before it"
    )
    print(
        f"  peak Python heap during the product render (tracemalloc, its own process): {heap['heap']:.1f} MiB"
    )


# ------------------------------------------------------------------------------------------------
# 3. Bulk export with Celery workers


def make_offices(count: int) -> list[Agreement]:
    """Copies of the seed-000 agreement for `count` district offices, made through the Excel import."""
    source = seed_agreement()
    twin = excel.render_xlsx(builders.build_agreement(source))
    admin, _ = User.objects.get_or_create(username="bench-admin", defaults={"is_superuser": True})
    agreements = []
    for number in range(count):
        code = f"bench-dc-{number:03d}"
        Office.objects.get_or_create(
            code=code,
            defaults={
                "name_bn": f"জেলা কার্যালয় {number}, আইসিটি অধিদপ্তর",
                "level": OfficeLevel.DISTRICT,
                "parent": source.supervisor_office,
                "supervisor": source.supervisor_office,
                "head_title_bn": "প্রোগ্রামার",
            },
        )
        book = load_workbook(BytesIO(twin))
        for row in book[excel.META_SHEET].iter_rows():
            if row[0].value == "office":
                row[1].value = code
        buffer = BytesIO()
        book.save(buffer)
        buffer.seek(0)
        agreements.append(import_agreement(file=buffer, actor=admin, filename="bench.xlsx"))
    return agreements


def start_workers(concurrency: int, media_root: str) -> subprocess.Popen:
    node = f"bench-{os.getpid()}-{concurrency}@%h"
    env = {**os.environ, "MEDIA_ROOT": media_root}
    worker = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("celery")),
            "-A",
            "apa_portal",
            "worker",
            "--concurrency",
            str(concurrency),
            "--pool",
            "prefork",
            "-Q",
            os.environ["BENCH_QUEUE"],
            "-n",
            node,
            "--without-gossip",
            "--without-mingle",
            "--loglevel",
            "WARNING",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,  # its own process group: stopped with its pool processes
        stdout=subprocess.DEVNULL,
        stderr=open(WORKER_LOG, "a"),  # noqa: SIM115 (the worker holds it open)
    )
    deadline = time.monotonic() + 90
    while not celery_app.control.ping(destination=[node.replace("%h", os.uname().nodename)], timeout=1.0):
        if worker.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"the Celery worker did not start; see {WORKER_LOG}")
    return worker


def stop_workers(worker: subprocess.Popen) -> None:
    os.killpg(worker.pid, signal.SIGTERM)  # warm shutdown of the worker and its pool
    try:
        worker.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()


def export(agreements: list[Agreement]) -> tuple[float, ExportJob]:
    """One job of all `agreements` through the product's service, from creation to the packed ZIP."""
    admin = User.objects.get(username="bench-admin")
    started = time.perf_counter()
    job = services.export_job_create(
        actor=admin, kind="agreement", fmt="pdf", agreements=agreements, part_size=1
    )
    while job.status not in (ExportStatus.DONE, ExportStatus.FAILED):
        time.sleep(0.1)
        job.refresh_from_db()
    elapsed = time.perf_counter() - started
    assert job.status == ExportStatus.DONE and not job.failures, (job.status, job.failures, job.error)
    return elapsed, job


def bulk_throughput(count: int) -> None:
    agreements = make_offices(count)
    celery_app.conf.task_default_queue = os.environ["BENCH_QUEUE"]
    print(f"bulk export of {count} seed-000 agreements as PDFs by Celery workers ({os.cpu_count()} cores):")
    for concurrency in (1, 2):
        media_root = tempfile.mkdtemp(prefix="apa-bench-media-")
        worker = start_workers(concurrency, media_root)
        try:
            for cache in ("cold", "warm"):
                seconds, job = export(agreements)
                print(
                    f"  {concurrency} worker process(es), {cache} cache: {seconds:.1f} s, "
                    f"{60 * count / seconds:.1f} PDFs/minute ({job.reused} of {count} renders reused)"
                )
        finally:
            stop_workers(worker)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=6)
    parser.add_argument("--offices", type=int, default=8)
    parser.add_argument("--child", choices=("product-rss", "weasyprint-rss", "product-heap"))
    parser.add_argument("--time-only", action="store_true", help="part 1 only")
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    try:
        call_command("migrate", verbosity=0)
        call_command("load_seeds", verbosity=0, stdout=StringIO())
        render_time(args.runs)
        if not args.time_only:
            memory()
            bulk_throughput(args.offices)
    finally:
        connections.close_all()
        if os.environ["DATABASE_URL"] == SCRATCH_URL:
            drop_scratch_database(SCRATCH_URL)


if __name__ == "__main__":
    main()
