"""The seed files (agreements/seed_data/*.json) read, and their values turned into the models' values."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from indicators.models import TargetType, ValueType

SEED_DIR = Path(__file__).resolve().parent.parent / "seed_data"
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

METHOD_BY_BANGLA = {"সমষ্টি": "sum", "গড়": "average", "ক্রমপুঞ্জিভূত": "cumulative", "তারিখ": "date"}

GOVERNANCE_KIND_BY_KEYWORD = (
    ("শুদ্ধাচার", "integrity"),
    ("গভর্ন্যান্স", "egov"),
    ("অভিযোগ", "grs"),
    ("সেবা প্রদান প্রতিশ্রুতি", "citizen_charter"),
    ("তথ্য অধিকার", "rti"),
)


def read_json(name: str) -> Any:
    with (SEED_DIR / name).open(encoding="utf-8") as handle:
        return json.load(handle)


def decimal_or_none(raw: str | None) -> Decimal | None:
    return None if raw in (None, "") else Decimal(raw)


def text(raw: str | None) -> str:
    return raw or ""


def value_type_for(unit: str | None, method: str | None) -> str:
    unit = (unit or "").strip()
    if unit == "তারিখ" or method == "date":
        return ValueType.DATE
    if unit == "%":
        return ValueType.PERCENT
    if unit == "প্রাপ্ত নম্বর":
        return ValueType.SCORE
    return ValueType.NUMBER


def target_type_for(unit: str | None, targets: list[str | None]) -> str:
    # Seeds 002/004 give [২.২.৫] the unit "সংখ্যা" with date targets: the targets decide.
    if any(isinstance(t, str) and ISO_DATE.match(t) for t in targets):
        return TargetType.DATE
    if (unit or "").strip() == "%":
        return TargetType.PERCENT
    return TargetType.NUMBER


def governance_kind_for(title: str) -> str:
    for keyword, kind in GOVERNANCE_KIND_BY_KEYWORD:
        if keyword in title:
            return kind
    raise ValueError(f"cannot tell which governance plan '{title}' belongs to")


def plan_rows(plan: dict[str, Any]):
    for area in plan["areas"]:
        for item in area["items"]:
            yield area, item
