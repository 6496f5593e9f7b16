"""Bangla digits, numbers, Gregorian dates and the Bangla calendar, as written on APA documents, and the one
normalisation of typed Bangla text (`normalize_text`).

Pure Python with no Django import, so scoring, reports and bulk jobs can use it anywhere; templates use the
filters in `apa_portal.templatetags.bangla`.
"""

from .bangla_calendar import (
    BANGLA_MONTHS_BN,
    BANGLA_MONTHS_EN,
    BanglaDate,
    bangla_calendar_date,
    bangla_calendar_to_gregorian,
    bangla_month_lengths,
    format_bangla_calendar_date,
)
from .dates import (
    MONTHS_BN,
    MONTHS_EN,
    format_date_long,
    format_date_slash,
    parse_date,
)
from .numerals import (
    BANGLA_DIGITS,
    fiscal_year_label,
    format_number,
    format_percent,
    parse_decimal,
    parse_fiscal_year,
    parse_int,
    to_ascii_digits,
    to_bangla_digits,
)
from .text import BIDI_CONTROLS, normalize_text, strip_bidi_controls

__all__ = [
    "BANGLA_DIGITS",
    "BANGLA_MONTHS_BN",
    "BANGLA_MONTHS_EN",
    "BIDI_CONTROLS",
    "MONTHS_BN",
    "MONTHS_EN",
    "BanglaDate",
    "bangla_calendar_date",
    "bangla_calendar_to_gregorian",
    "bangla_month_lengths",
    "fiscal_year_label",
    "format_bangla_calendar_date",
    "format_date_long",
    "format_date_slash",
    "format_number",
    "format_percent",
    "normalize_text",
    "parse_date",
    "parse_decimal",
    "parse_fiscal_year",
    "parse_int",
    "strip_bidi_controls",
    "to_ascii_digits",
    "to_bangla_digits",
]
