"""python manage.py prune_report_cache [--days 30]: delete cached renders and ZIPs older than N days, and the
uploads kept for the retry of imports that failed before then."""

from __future__ import annotations

from datetime import timedelta

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.utils import timezone

from reports.imports import import_uploads_prune
from reports.services import CACHE_DIR, EXPORT_DIR


def walk(folder: str):
    """Every file under `folder` in Django's storage (local disk or object storage alike)."""
    if not default_storage.exists(folder):
        return
    folders, files = default_storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}"
    for sub in folders:
        yield from walk(f"{folder}/{sub}")


class Command(BaseCommand):
    help = (
        "Delete cached report renders and bulk-export ZIPs that are older than --days (default 30), and the "
        "uploads of imports that failed before then."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--days", type=int, default=30)

    def handle(self, *args, days: int, **options) -> None:
        cutoff = timezone.now() - timedelta(days=days)
        removed = 0
        for folder in (CACHE_DIR, EXPORT_DIR):
            for path in list(walk(folder)):
                if default_storage.get_modified_time(path) < cutoff:
                    default_storage.delete(path)
                    removed += 1
        removed += import_uploads_prune(before=cutoff)
        self.stdout.write(f"removed {removed} file(s) older than {days} day(s)")
