"""The grade of a stored or computed total in its fiscal year's bands, named in the interface's language."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from agreements.models import FiscalYear
from apa_portal import display

from .. import scoring


@dataclass(frozen=True)
class Grade:
    """The band of the year's target columns a total reaches (`scoring.grade`), with its name."""

    index: int
    name: str


def grade_of(total: Decimal, year: FiscalYear) -> Grade:
    index = scoring.grade(total, year.level_percents)
    return Grade(index, display.level_name(year.levels[index]))
