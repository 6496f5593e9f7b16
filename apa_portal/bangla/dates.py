"""Gregorian dates in Bangla or English, and a tolerant date parser.

    format_date_long     ১২ জুলাই ২০২২     12 July 2022     every date a page or a document shows
    format_date_slash    ১৬/০৩/২০২২        16/03/2022       a date put back into a field to be typed over

The seeds print dates in several more forms (১২.১২.২২, রবিবার, জুলাই ০৩, ২০২২); the parser reads them all,
the product writes one (issue 14: one day was written three ways).

Pure Python: no Django import.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from .numerals import to_ascii_digits, to_bangla_digits
from .text import normalize_text

__all__ = [
    "MONTHS_BN",
    "MONTHS_EN",
    "format_date_long",
    "format_date_slash",
    "parse_date",
]

# Spellings and code points as in the seeds: য় is written as letter + nukta (U+09AF U+09BC) there, which is
# also its NFC form (`normalize_text`).
MONTHS_BN = (
    "জানুয়ারি",
    "ফেব্রুয়ারি",
    "মার্চ",
    "এপ্রিল",
    "মে",
    "জুন",
    "জুলাই",
    "আগস্ট",
    "সেপ্টেম্বর",
    "অক্টোবর",
    "নভেম্বর",
    "ডিসেম্বর",
)
MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _digits(text: str, bangla: bool) -> str:
    return to_bangla_digits(text) if bangla else text


def format_date_long(d: date, *, bangla: bool = True) -> str:
    """Long form, day not zero-padded: ১২ জুলাই ২০২২ (bangla=False: 12 July 2022)."""
    months = MONTHS_BN if bangla else MONTHS_EN
    return _digits(f"{d.day} {months[d.month - 1]} {d.year}", bangla)


def format_date_slash(d: date, *, bangla: bool = True) -> str:
    """Slash form, day/month/year as in seeds 002 and 004: ১৬/০৩/২০২২."""
    return _digits(f"{d.day:02d}/{d.month:02d}/{d.year:04d}", bangla)


_ISO_RE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII)
# Day, month, year with the same separator twice; seed 002 has a stray space ("১৩/০১/ ২০২২").
_DMY_RE = re.compile(r"(\d{1,2})\s*([/.\-])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})", re.ASCII)


def parse_date(text: str | date) -> date:
    """Parse a date typed or pasted by a user, with Bangla or ASCII digits.

    Accepts ISO (2022-03-16) and day-month-year with "/", "." or "-" (16/03/2022, 16-03-2022, 16.03.2022),
    spaces around the separators, and two-digit years (16.03.22, 16/03/22), which are read as 20xx.
    Raises ValueError for any other text and for impossible dates (31/02/2022).
    """
    if isinstance(text, datetime):
        return text.date()
    if isinstance(text, date):
        return text
    if not isinstance(text, str):
        raise ValueError(f"Not a date: {text!r}")
    s = to_ascii_digits(normalize_text(text)).strip()
    if match := _ISO_RE.fullmatch(s):
        year, month, day = (int(part) for part in match.groups())
    elif match := _DMY_RE.fullmatch(s):
        day, month, year = int(match[1]), int(match[3]), int(match[4])
        if len(match[4]) == 2:
            year += 2000
    else:
        raise ValueError(f"Not a date: {text!r}")
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise ValueError(f"No such date: {text!r}") from exc
