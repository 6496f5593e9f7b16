"""Report rendering benchmark.

1. The seed-000 agreement as a PDF through the product (DB reads, document, template, WeasyPrint):
   wall time and peak memory.
2. WeasyPrint alone on the same HTML, so the product's own overhead shows as a ratio (target: under 15%).
3. Bulk export throughput in PDFs per minute with one and with two workers (worker processes each running an
   export job, as Celery workers would), from a cold render cache, and once more from a warm one.

Runs against its own database, never the development one: a temporary SQLite file (or BENCH_DATABASE_URL).

    .venv/bin/python benchmarks/bench_reports.py [--runs 3] [--offices 8]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from io import BytesIO, StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "apa_portal.settings.development")
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", f"sqlite:///{tempfile.gettempdir()}/apa-bench-reports.sqlite3"
)
os.environ["DEMO_USERS"] = "false"

import django  # noqa: E402

django.setup()

import logging  # noqa: E402

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connections  # noqa: E402
from openpyxl import load_workbook  # noqa: E402

from agreements.models import Agreement, Office, OfficeLevel, User  # noqa: E402
from reports import builders, excel, pdf, tasks  # noqa: E402
from reports.importer import import_agreement  # noqa: E402
from reports.services import export_job_create, export_part_run  # noqa: E402

logging.getLogger("weasyprint").setLevel(logging.WARNING)
logging.getLogger("fontTools").setLevel(logging.WARNING)


def seed_agreement() -> Agreement:
    return Agreement.objects.select_related("office", "supervisor_office", "fiscal_year").get(
        office__code="ict-dc-mymensingh", fiscal_year__start_year=2022, is_current=True
    )


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def single_render(runs: int) -> None:
    agreement = seed_agreement()
    pdf.render_pdf(builders.build_agreement(agreement))  # warm-up: fonts, template loading
    product, layout, building = [], [], []
    for _ in range(runs):
        started = time.perf_counter()
        document = builders.build_agreement(seed_agreement())
        html = pdf.render_html(document)
        built = time.perf_counter()
        content = pdf.html_to_pdf(html)
        product.append(time.perf_counter() - started)
        building.append(built - started)
        started = time.perf_counter()
        from weasyprint import HTML

        laid_out = HTML(string=html, base_url=str(settings.BASE_DIR)).render(font_config=pdf.font_config())
        laid_out.write_pdf()
        layout.append(time.perf_counter() - started)
    pages = len(laid_out.pages)
    before = rss_mb()
    tracemalloc.start()
    pdf.render_pdf(builders.build_agreement(seed_agreement()))
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    product_s, layout_s = statistics.median(product), statistics.median(layout)
    print(f"seed-000 agreement PDF: {pages} pages, {len(content) / 1024:.0f} KiB")
    print(
        f"  product render (DB + document + template + WeasyPrint): median {product_s:.2f} s, {runs} runs "
        f"({product_s / max(pages, 1):.3f} s/page)"
    )
    print(
        f"  of which DB reads, document and HTML template: median {statistics.median(building) * 1000:.0f} ms"
    )
    print(f"  WeasyPrint alone on the same HTML: median {layout_s:.2f} s")
    # The product's own work is everything before WeasyPrint's layout, measured directly: the difference
    # of two noisy wall times on a shared machine can even come out negative.
    overhead = statistics.median(building) / layout_s
    print(f"  product overhead over WeasyPrint's layout: {100 * overhead:.1f}% (target < 15%)")
    print(f"  peak Python heap during one render (tracemalloc): {peak / 1024 / 1024:.1f} MiB")
    print(f"  process peak RSS: {rss_mb():.0f} MiB (was {before:.0f} MiB before the traced render)")


def make_offices(count: int) -> list[Agreement]:
    """Copies of the seed-000 agreement for `count` district offices, made through the Excel import."""
    source = seed_agreement()
    twin = excel.render_xlsx(builders.build_agreement(source))
    admin, _ = User.objects.get_or_create(username="bench-admin", defaults={"is_superuser": True})
    agreements = []
    for number in range(count):
        code = f"bench-dc-{number:03d}"
        office, _ = Office.objects.get_or_create(
            code=code,
            defaults={
                "name_bn": f"জেলা কার্যালয় {number}, আইসিটি অধিদপ্তর",
                "level": OfficeLevel.DISTRICT,
                "parent": source.supervisor_office,
                "supervisor": source.supervisor_office,
                "head_title_bn": "প্রোগ্রামার",
            },
        )
        existing = Agreement.objects.filter(office=office, fiscal_year=source.fiscal_year).first()
        if existing is None:
            book = load_workbook(BytesIO(twin))
            for row in book[excel.META_SHEET].iter_rows():
                if row[0].value == "office":
                    row[1].value = code
            buffer = BytesIO()
            book.save(buffer)
            buffer.seek(0)
            existing = import_agreement(file=buffer, actor=admin, filename="bench.xlsx")
        agreements.append(existing)
    return agreements


def worker(queue, media_root: str) -> None:
    """A worker process, as a Celery worker is: it takes export parts off the queue until it is empty."""
    settings.MEDIA_ROOT = media_root
    from django.core.files.storage import default_storage
    from django.utils.functional import empty

    default_storage._wrapped = empty  # the forked child opens the storage at its own MEDIA_ROOT
    connections.close_all()
    while True:
        part_id = queue.get()
        if part_id is None:
            return
        export_part_run(part_id=part_id)


def bulk(agreements: list[Agreement], workers: int, media_root: str) -> float:
    """One export job of all `agreements`, cut into one part per agreement, run by `workers` processes."""
    admin = User.objects.get(username="bench-admin")
    # The parts go to this benchmark's own worker processes, not to Celery (eager here, without a broker).
    tasks.run_export_part.delay = lambda part_id: None
    job = export_job_create(actor=admin, kind="agreement", fmt="pdf", agreements=agreements, part_size=1)
    part_ids = list(job.parts.order_by("index").values_list("pk", flat=True))
    connections.close_all()
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    for part_id in part_ids:
        queue.put(part_id)
    for _ in range(workers):
        queue.put(None)
    started = time.perf_counter()
    processes = [context.Process(target=worker, args=(queue, media_root)) for _ in range(workers)]
    for process in processes:
        process.start()
    for process in processes:
        process.join()
    elapsed = time.perf_counter() - started
    job.refresh_from_db()
    assert job.status == "done" and not job.failures and job.result_name, (
        job.status,
        job.failures,
        job.error,
    )
    return elapsed


def bulk_throughput(count: int) -> None:
    agreements = make_offices(count)
    print(
        f"bulk export of {count} seed-000-sized agreement PDFs ({os.cpu_count()} CPU cores on this machine):"
    )
    for workers in (1, 2):
        cold = tempfile.mkdtemp(prefix="apa-bench-media-")
        seconds = bulk(agreements, workers, cold)
        print(f"  {workers} worker(s), cold cache: {seconds:.1f} s, {60 * count / seconds:.1f} PDFs/minute")
    seconds = bulk(agreements, 1, cold)
    print(
        f"  1 worker, warm cache (unchanged data, every render reused): {seconds:.2f} s, "
        f"{60 * count / seconds:.0f} PDFs/minute"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--offices", type=int, default=8)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("load_seeds", verbosity=0, stdout=StringIO())
    single_render(args.runs)
    bulk_throughput(args.offices)


if __name__ == "__main__":
    main()
