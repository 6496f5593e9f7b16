"""Bangladesh's revised Bangla calendar (2019 revision), for the dates on official letters (২৮ আষাঢ়, ১৪২৯).

The year starts on 14 April (১ বৈশাখ). Months 1-6 have 31 days, months 7-10 have 30, ফাল্গুন has 29 (30 when
the Gregorian year in which it ends is a leap year) and চৈত্র 30. Bangla year = Gregorian year - 593 from
14 April, - 594 before it. Dates before 14 April 2019 (১৪২৬) are computed with these same rules
(proleptically), so they can differ by a day from letters printed under the 1987 rules.

Written here rather than taken from PyPI: the calendar packages there implement other variants and get the
official dates wrong. Pure Python: no Django import.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta
from typing import NamedTuple

from .numerals import to_bangla_digits
from .text import normalize_text

__all__ = [
    "BANGLA_MONTHS_BN",
    "BANGLA_MONTHS_EN",
    "BanglaDate",
    "bangla_calendar_date",
    "bangla_calendar_to_gregorian",
    "bangla_month_lengths",
    "format_bangla_calendar_date",
]

# Spellings and code points as in the seeds where they appear (আষাঢ় with U+09A2 U+09BC, পৌষ); অগ্রহায়ণ is
# written with the decomposed য় the seeds use everywhere.
BANGLA_MONTHS_BN = (
    "বৈশাখ",
    "জ্যৈষ্ঠ",
    "আষাঢ়",
    "শ্রাবণ",
    "ভাদ্র",
    "আশ্বিন",
    "কার্তিক",
    "অগ্রহায়ণ",
    "পৌষ",
    "মাঘ",
    "ফাল্গুন",
    "চৈত্র",
)
# Bangladeshi romanisation, for pages shown in English.
BANGLA_MONTHS_EN = (
    "Boishakh",
    "Joishtho",
    "Asharh",
    "Shrabon",
    "Bhadro",
    "Ashwin",
    "Kartik",
    "Ogrohayon",
    "Poush",
    "Magh",
    "Falgun",
    "Choitro",
)

_NEW_YEAR_MONTH, _NEW_YEAR_DAY = 4, 14
_YEAR_OFFSET = 593  # Bangla year = Gregorian year of its 1 Boishakh - 593

_MONTH_LOOKUP = {
    **{normalize_text(name): index for index, name in enumerate(BANGLA_MONTHS_BN)},
    **{name.casefold(): index for index, name in enumerate(BANGLA_MONTHS_EN)},
    "জ্যেষ্ঠ": 1,  # a common spelling of জ্যৈষ্ঠ
}


class BanglaDate(NamedTuple):
    """A date of the Bangla calendar: (day, month name in Bangla, year)."""

    day: int
    month_name: str
    year: int


def bangla_month_lengths(bangla_year: int) -> tuple[int, ...]:
    """Lengths of the twelve months of `bangla_year`; ফাল্গুন ends in Gregorian year bangla_year + 594."""
    falgun = 30 if calendar.isleap(bangla_year + _YEAR_OFFSET + 1) else 29
    return (31,) * 6 + (30,) * 4 + (falgun, 30)


def _year_start(bangla_year: int) -> date:
    return date(bangla_year + _YEAR_OFFSET, _NEW_YEAR_MONTH, _NEW_YEAR_DAY)


def _position(d: date) -> tuple[int, int, int]:
    """(day, month index 0-11, Bangla year) of a Gregorian date."""
    if isinstance(d, datetime):
        d = d.date()
    year = d.year - _YEAR_OFFSET
    if (d.month, d.day) < (_NEW_YEAR_MONTH, _NEW_YEAR_DAY):
        year -= 1
    offset = (d - _year_start(year)).days
    for index, length in enumerate(bangla_month_lengths(year)):
        if offset < length:
            return offset + 1, index, year
        offset -= length
    raise AssertionError(f"{d} is past the end of Bangla year {year}")  # the month lengths sum to the year


def bangla_calendar_date(d: date) -> BanglaDate:
    """The Bangla calendar date of a Gregorian date: 2022-07-12 -> (28, "আষাঢ়", 1429)."""
    day, index, year = _position(d)
    return BanglaDate(day, BANGLA_MONTHS_BN[index], year)


def format_bangla_calendar_date(d: date, *, comma: bool = True, bangla: bool = True) -> str:
    """The Bangla calendar date as on letters: ২৮ আষাঢ়, ১৪২৯ (seed 004); comma=False: ১২ পৌষ ১৪২৮ (seed 002).

    bangla=False gives romanised month names and ASCII digits ("28 Asharh, 1429").
    """
    day, index, year = _position(d)
    month = BANGLA_MONTHS_BN[index] if bangla else BANGLA_MONTHS_EN[index]
    text = f"{day} {month}{',' if comma else ''} {year}"
    return to_bangla_digits(text) if bangla else text


def bangla_calendar_to_gregorian(day: int, month: int | str, year: int) -> date:
    """The Gregorian date of a Bangla calendar date; `month` is 1-12 or a month name in Bangla (typed in any
    Unicode form, see `normalize_text`) or romanised. Raises ValueError for an unknown month or a day the
    month does not have."""
    if isinstance(month, str):
        key = normalize_text(month.strip())
        index = _MONTH_LOOKUP.get(key, _MONTH_LOOKUP.get(key.casefold()))
        if index is None:
            raise ValueError(f"Not a Bangla month: {month!r}")
    elif 1 <= month <= 12:
        index = month - 1
    else:
        raise ValueError(f"Month must be 1-12, got {month!r}")
    lengths = bangla_month_lengths(year)
    if not 1 <= day <= lengths[index]:
        raise ValueError(f"{BANGLA_MONTHS_BN[index]} {year} has no day {day}")
    return _year_start(year) + timedelta(days=sum(lengths[:index]) + day - 1)
