"""Bangla digits, number parsing and South Asian number formatting (১,৪০,০০০).

Every numeric value a user types goes through `parse_decimal` / `parse_int`; every number shown goes through
`format_number` / `format_percent`. Pure Python: no Django import.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, localcontext

from .text import normalize_text

__all__ = [
    "BANGLA_DIGITS",
    "fiscal_year_label",
    "format_number",
    "format_percent",
    "parse_decimal",
    "parse_fiscal_year",
    "parse_int",
    "to_ascii_digits",
    "to_bangla_digits",
]

BANGLA_DIGITS = "০১২৩৪৫৬৭৮৯"
_ASCII_DIGITS = "0123456789"
_TO_BANGLA = str.maketrans(_ASCII_DIGITS, BANGLA_DIGITS)
_TO_ASCII = str.maketrans(BANGLA_DIGITS, _ASCII_DIGITS)

# What format_number accepts; text is read with parse_decimal.
Number = int | float | Decimal | str

# U+2212 MINUS SIGN arrives from word processors and PDFs pasted into forms.
_MINUS_SIGNS = ("-", "\u2212")

# Integer part: plain digits, Western grouping (1,234,567) or South Asian grouping (12,34,567).
_NUMBER_RE = re.compile(
    r"""
    (?P<int>
        \d{1,3}(?:,\d{3})+          # Western: 140,000
      | \d{1,2}(?:,\d{2})*,\d{3}    # South Asian: 1,40,000 / 12,34,56,789
      | \d*                         # ungrouped (may be empty when the text starts with the point)
    )
    (?:\.(?P<frac>\d*))?
    """,
    re.VERBOSE | re.ASCII,
)


def to_bangla_digits(value: object) -> str:
    """`value` as text with every ASCII digit replaced by its Bangla digit; other characters are kept."""
    return _as_text(value).translate(_TO_BANGLA)


def to_ascii_digits(text: object) -> str:
    """`text` with every Bangla digit replaced by its ASCII digit; other characters are kept."""
    return _as_text(text).translate(_TO_ASCII)


def _as_text(value: object) -> str:
    # str(Decimal("1E+2")) is "1E+2"; documents want the positional form.
    if isinstance(value, Decimal) and value.is_finite():
        return format(value, "f")
    return str(value)


def parse_decimal(text: str | int | Decimal) -> Decimal:
    """Parse a number typed by a user: Bangla or ASCII digits, surrounding spaces, thousands separators
    in South Asian (১,৪০,০০০) or Western (140,000) grouping, an optional leading minus and trailing %.

    A percentage is returned as written ("৮০%" -> Decimal("80")), not as a fraction. The scale is kept
    ("84.510" -> Decimal("84.510")). Raises ValueError for anything else (empty text, letters, misplaced
    separators, two decimal points, NaN, Infinity, exponents).
    """
    if isinstance(text, bool):
        raise ValueError(f"Not a number: {text!r}")
    if isinstance(text, int):
        return Decimal(text)
    if isinstance(text, Decimal):
        if not text.is_finite():
            raise ValueError(f"Not a finite number: {text!r}")
        return text
    if not isinstance(text, str):
        raise ValueError(f"Not a number: {text!r}")

    s = to_ascii_digits(normalize_text(text)).strip()
    if s.endswith("%"):
        s = s[:-1].rstrip()
    negative = s.startswith(_MINUS_SIGNS)
    if negative:
        s = s[1:].lstrip()
    match = _NUMBER_RE.fullmatch(s)
    if match is None or not any(ch.isdigit() for ch in s):
        raise ValueError(f"Not a number: {text!r}")
    digits = match["int"].replace(",", "") or "0"
    if match["frac"]:
        digits = f"{digits}.{match['frac']}"
    value = Decimal(digits)
    # copy_negate/copy_abs are exact; unary minus and abs() would round to the context precision (28 digits).
    return value.copy_negate() if negative and value else value


def parse_int(text: str | int | Decimal) -> int:
    """Parse a whole number like `parse_decimal` ("১,৪০,০০০" -> 140000; "5.0" is accepted, "5.5" is not)."""
    value = parse_decimal(text)
    if value != value.to_integral_value():
        raise ValueError(f"Not a whole number: {text!r}")
    return int(value)


def _to_decimal(value: Number) -> Decimal:
    if isinstance(value, bool):
        raise ValueError(f"Not a number: {value!r}")
    if isinstance(value, float):
        # repr() gives the shortest text that round-trips, so 0.1 formats as 0.1, not 0.1000000000000000055.
        value = Decimal(repr(value))
    elif isinstance(value, int):
        value = Decimal(value)
    elif isinstance(value, str):
        return parse_decimal(value)
    if not isinstance(value, Decimal):
        raise ValueError(f"Not a number: {value!r}")
    if not value.is_finite():
        raise ValueError(f"Not a finite number: {value!r}")
    return value


def _group_south_asian(digits: str) -> str:
    """'12345678' -> '1,23,45,678': the last three digits, then groups of two."""
    if len(digits) <= 3:
        return digits
    head, tail = digits[:-3], digits[-3:]
    groups = []
    while len(head) > 2:
        groups.insert(0, head[-2:])
        head = head[:-2]
    groups.insert(0, head)
    return ",".join([*groups, tail])


def format_number(value: Number, *, decimals: int | None = None, bangla: bool = True) -> str:
    """Format a number as on the seed documents: South Asian grouping (১,৪০,০০০; ১২,৩৪,৫৬,৭৮৯).

    decimals=None drops trailing zeros after the point (Decimal("800.00") -> "৮০০", Decimal("84.510") ->
    "৮৪.৫১"); decimals=n always shows n places, rounding half up ("৯৭.২০"). bangla=False gives ASCII digits
    with the same grouping. Strings are read with `parse_decimal`; NaN and Infinity raise ValueError.
    """
    number = _to_decimal(value)
    if decimals is not None:
        if decimals < 0:
            raise ValueError(f"decimals must be >= 0, got {decimals}")
        with localcontext() as ctx:
            # Enough precision for every integer digit plus the requested places, however large the number.
            ctx.prec = max(number.adjusted() + 1, 1) + decimals + 2
            number = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    text = format(number.copy_abs(), "f")
    int_part, _, frac_part = text.partition(".")
    if decimals is None:
        frac_part = frac_part.rstrip("0")
    result = _group_south_asian(int_part)
    if frac_part:
        result = f"{result}.{frac_part}"
    # A value that rounds to zero is shown without a sign ("-0.001" with decimals=2 -> "0.00").
    if number < 0 and any(ch not in "0.," for ch in result):
        result = f"-{result}"
    return result.translate(_TO_BANGLA) if bangla else result


def format_percent(value: Number, *, decimals: int | None = None, bangla: bool = True) -> str:
    """Format a percentage given in percent (84.51 -> "৮৪.৫১%"), with the rules of `format_number`."""
    return f"{format_number(value, decimals=decimals, bangla=bangla)}%"


def fiscal_year_label(start_year: int, *, bangla: bool = True, long: bool = False) -> str:
    """Label of the fiscal year starting 1 July `start_year`: "২০২২-২৩", or with long=True "২০২২-২০২৩"."""
    start_year = int(start_year)
    end = str(start_year + 1) if long else f"{(start_year + 1) % 100:02d}"
    label = f"{start_year}-{end}"
    return label.translate(_TO_BANGLA) if bangla else label


_FISCAL_YEAR_RE = re.compile(r"(\d{4})\s*[-\u2013\u2014/]\s*(\d{2}|\d{4})", re.ASCII)


def parse_fiscal_year(text: str) -> int:
    """Start year of a fiscal year label: "2022-23", "২০২২-২৩", "2022-2023" or "২০২২-২০২৩" -> 2022.

    An en dash, em dash or slash is accepted in place of the hyphen. The end year must be the start year + 1.
    """
    match = _FISCAL_YEAR_RE.fullmatch(to_ascii_digits(normalize_text(text)).strip())
    if match is None:
        raise ValueError(f"Not a fiscal year: {text!r}")
    start, end = int(match[1]), match[2]
    expected = str(start + 1) if len(end) == 4 else f"{(start + 1) % 100:02d}"
    if end != expected:
        raise ValueError(f"A fiscal year ends the year after it starts: {text!r}")
    return start
