"""Seed 001: the quarterly achievement report."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from agreements.models import Agreement
from apa_portal import display
from apa_portal.bangla import to_bangla_digits
from apa_portal.display import in_bangla
from indicators.models import AreaKind

from ..document import NUMBER, Cell, Document, HeaderCell, Heading, Paragraph, Row, Section, Table
from .common import (
    KIND_TITLES,
    PROVISIONAL_NOTE,
    QUARTERLY,
    ReportUnavailable,
    evidence_text,
    level_header,
    load_areas,
    new_document,
    text,
    typed_cell,
    value_cell,
    walk,
    year_label,
)

QUARTER_MONTHS = {1: "জুলাই - সেপ্টেম্বর", 2: "অক্টোবর - ডিসেম্বর", 3: "জানুয়ারি - মার্চ", 4: "এপ্রিল - জুন"}


def prefixed(prefix: str, code: str) -> str:
    """Seed 001 numbers the governance rows এম.১, এম.১.১ …; codes stored with the prefix keep it once."""
    return code if code.startswith(prefix) else prefix + code


@in_bangla
def build_quarterly(agreement: Agreement, quarter: int) -> Document:
    if quarter not in QUARTER_MONTHS:
        raise ReportUnavailable(gettext_lazy("ত্রৈমাসিক ১ থেকে ৪ এর মধ্যে হতে হবে।"))
    fiscal_year = agreement.fiscal_year
    levels = fiscal_year.levels
    areas = load_areas(agreement, quarter=quarter)
    names, percents = level_header(levels)
    fixed = [
        "ক্রমিক নম্বর",
        "কৌশলগত উদ্দেশ্য",
        "কৌশলগত উদ্দেশ্যের মান",
        "কার্যক্রম",
        "কর্মসম্পাদন সূচক",
        "একক",
        "কর্মসম্পাদন সূচকের মান",
    ]
    extra = ["অর্জন", "প্রমাণক", "মন্তব্য"]
    header = [
        [
            *(HeaderCell(t, rowspan=3) for t in fixed),
            HeaderCell("পরিমাপের মান", colspan=len(levels)),
            *(HeaderCell(t, rowspan=3) for t in extra),
        ],
        names,
        percents,
    ]
    rows, seen_area = [], None
    serial = {AreaKind.OFFICE: 0, AreaKind.GOVERNANCE: 0}
    for area, activity, indicator in walk(areas):
        first = area.pk != seen_area
        seen_area = area.pk
        if first:
            serial[area.kind] += 1
        prefix = "এম." if area.kind == AreaKind.GOVERNANCE else ""
        achievement = next((a for a in indicator.achievements.all() if a.quarter == quarter), None)
        vt = indicator.value_type
        targets = list(indicator.targets)[: len(levels)] + [None] * max(
            0, len(levels) - len(indicator.targets)
        )
        rows.append(
            Row(
                [
                    text(prefix + to_bangla_digits(serial[area.kind]) if first else ""),
                    text(area.title if first else ""),
                    Cell(area.weight, NUMBER) if first else Cell(),
                    text(f"[{prefixed(prefix, activity.code)}] {activity.title}"),
                    text(f"[{prefixed(prefix, indicator.code)}] {indicator.title}"),
                    text(indicator.unit),
                    Cell(indicator.weight, NUMBER),
                    *(value_cell(raw, vt) for raw in targets),
                    typed_cell(achievement.value if achievement else None, vt),
                    Cell(evidence_text(indicator.evidence.all()), css="link"),
                    text(achievement.remarks if achievement else ""),
                ]
            )
        )
    # In half units: the remarks column is the widest after the activity, so that one long remark (seed
    # 001's Digital Bangladesh Day note) stays a few lines instead of twenty.
    widths = [3, 5, 4, 8, 7, 3, 5, *([4] * len(levels)), 3, 6, 11]
    table = Table("quarterly", header, rows, widths, footnote=PROVISIONAL_NOTE)
    period = f"{year_label(fiscal_year.start_year)} ({QUARTER_MONTHS[quarter]})"
    section = Section(
        "quarterly",
        display.quarter_name(quarter),  # ১ম ত্রৈমাসিক, as on the pages
        [
            Heading(agreement.office.name_bn, 1),
            Heading(KIND_TITLES[QUARTERLY], 2),
            Paragraph(period, css="center"),
            table,
        ],
        landscape=True,
        new_page=False,
    )
    return new_document(QUARTERLY, agreement, KIND_TITLES[QUARTERLY], [section], suffix=f"_q{quarter}")
