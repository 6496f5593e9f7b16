"""Loads the seed documents (agreements/seed_data/*.json, transcribed from the five real documents in
agreements/seed_data/source/) into the database.

`make run` runs it every time, over whatever the developer has done since, so it creates what is missing and
leaves what exists alone. The units are the offices, fiscal years, agreements, plan templates and demo users,
each found by its stable key (office code, start year, office and year, kind and variant, username): a unit
that is missing is created whole; one that exists is only compared with the seed, and where they differ (an
approved status, a revised target, a deleted row) the report says so and nothing is written. A second run
therefore creates, changes and audits nothing. What a seed leaves blank stays blank.

- `reading`: the seed files read and their values converted (`SEED_DIR`, `value_type_for`, ...);
- `loader`: `load_seeds` and its `SeedLoader`, unit by unit.

A year's typical calendar is `agreements.calendar`, which the fiscal-year set-up uses too.
"""

from .loader import ABSENT, DEMO_USERS, SEED_STATUS, LoadReport, SeedLoader, load_seeds
from .reading import (
    GOVERNANCE_KIND_BY_KEYWORD,
    ISO_DATE,
    METHOD_BY_BANGLA,
    SEED_DIR,
    decimal_or_none,
    governance_kind_for,
    plan_rows,
    read_json,
    target_type_for,
    text,
    value_type_for,
)

__all__ = [
    "ABSENT",
    "DEMO_USERS",
    "GOVERNANCE_KIND_BY_KEYWORD",
    "ISO_DATE",
    "METHOD_BY_BANGLA",
    "SEED_DIR",
    "SEED_STATUS",
    "LoadReport",
    "SeedLoader",
    "decimal_or_none",
    "governance_kind_for",
    "load_seeds",
    "plan_rows",
    "read_json",
    "target_type_for",
    "text",
    "value_type_for",
]
