"""The one way a downloaded report file is named: kind, quarter, fiscal year, scope and date, in ASCII, so
that a folder of downloads sorts and tells its files apart on any system
("APA-self-assessment-2024-25-ict-dg-subtree-2026-12-07.zip"). Single downloads and bulk ZIPs both take their
names from `report_filename`."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.text import slugify

from agreements.models import Office

PREFIX = "APA"
SUBTREE = "subtree"


def office_scope(office: Office, *, subtree: bool = False, level: str = "") -> str:
    """The scope part of a name: the office's code (an ASCII slug, unique, unlike English names shared by the
    district offices of different departments), "-subtree" for every office under it, and a level filter."""
    return "-".join(part for part in (slugify(office.code), SUBTREE if subtree else "", level) if part)


def report_filename(
    *, kind: str, fiscal_year: str, scope: str, ext: str, quarter: int | None = None, on: date | None = None
) -> str:
    """ "APA-<kind>[-q<n>]-<fiscal year>-<scope>-<yyyy-mm-dd>.<ext>"; the date is today's unless given. A part
    that is blank (the fiscal year or scope of an export made before they were recorded) is left out."""
    day = on or timezone.localdate()
    parts = (PREFIX, kind, f"q{quarter}" if quarter else "", fiscal_year, scope, f"{day:%Y-%m-%d}")
    return "-".join(part for part in parts if part) + f".{ext}"
