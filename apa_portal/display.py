"""Numbers, dates and quarter names in the interface's language, for text composed in Python: messages, form
labels and values, score explanations, notifications.

Bangla digits and month names while the active language is Bangla, ASCII digits and English names otherwise
(the rule of the template filters in `apa_portal.templatetags.bangla`, which call these). The pure formatters
of `apa_portal.bangla` do the work. Documents (`reports/`) are built under Bangla, so whatever they take from
here is Bangla too.

    number(140000)          ১,৪০,০০০          1,40,000
    date_long(d)            ১৫ জানুয়ারি ২০২৪   15 January 2024   (the one date style of pages and documents)
    quarter_ordinal(1)      ১ম                1st
    quarter_name(1)         ১ম ত্রৈমাসিক        1st quarter
    level_name(column)      চলতি মান           Fair
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date
from typing import ParamSpec, TypeVar

from django.utils import translation
from django.utils.functional import lazy
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from apa_portal.bangla import (
    fiscal_year_label,
    format_date_long,
    format_date_slash,
    format_number,
    format_percent,
    to_ascii_digits,
    to_bangla_digits,
)
from apa_portal.bangla.numerals import Number

QUARTERS = (1, 2, 3, 4)
QUARTER_ORDINALS = {
    1: pgettext_lazy("quarter", "১ম"),
    2: pgettext_lazy("quarter", "২য়"),
    3: pgettext_lazy("quarter", "৩য়"),
    4: pgettext_lazy("quarter", "৪র্থ"),
}
QUARTER_NAMES = {1: _("১ম ত্রৈমাসিক"), 2: _("২য় ত্রৈমাসিক"), 3: _("৩য় ত্রৈমাসিক"), 4: _("৪র্থ ত্রৈমাসিক")}
QUARTER_MONTHS = {
    1: _("জুলাই-সেপ্টেম্বর"),
    2: _("অক্টোবর-ডিসেম্বর"),
    3: _("জানুয়ারি-মার্চ"),
    4: _("এপ্রিল-জুন"),
}


P = ParamSpec("P")
R = TypeVar("R")


def in_bangla(function: Callable[P, R]) -> Callable[P, R]:
    """Run `function` with Bangla active, whatever the user's language: the documents' builders and
    renderers. (`translation.override` used as a decorator keeps the language to restore on one shared
    object, which concurrent calls would overwrite; this makes a fresh one per call.)"""

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with translation.override("bn"):
            return function(*args, **kwargs)

    return wrapper


def is_bangla() -> bool:
    """Whether the active language is Bangla ("bn", "bn-bd"); ASCII digits when translation is off."""
    language = translation.get_language()
    return bool(language) and language.lower().startswith("bn")


def digits(value: object) -> str:
    """Any text with its digits in the interface's script: codes, typed values, serial numbers."""
    return to_bangla_digits(value) if is_bangla() else to_ascii_digits(value)


def number(value: Number, *, decimals: int | None = None) -> str:
    """`format_number` in the interface's digits: ১,৪০,০০০ / 1,40,000."""
    return format_number(value, decimals=decimals, bangla=is_bangla())


def percent(value: Number, *, decimals: int | None = None) -> str:
    """`format_percent` in the interface's digits: ৮৪.৫১% / 84.51%."""
    return format_percent(value, decimals=decimals, bangla=is_bangla())


def date_long(d: date) -> str:
    """১৫ জানুয়ারি ২০২৪ / 15 January 2024."""
    return format_date_long(d, bangla=is_bangla())


def date_slash(d: date) -> str:
    """১৫/০১/২০২৪ / 15/01/2024, the form a date is typed in: only for a value put back into a field."""
    return format_date_slash(d, bangla=is_bangla())


def fiscal_year(start_year: int, *, long: bool = False) -> str:
    """২০২৩-২৪ / 2023-24 (long: ২০২৩-২০২৪ / 2023-2024)."""
    return fiscal_year_label(start_year, bangla=is_bangla(), long=long)


def quarter_ordinal(quarter: int) -> str:
    """১ম … ৪র্থ / 1st … 4th, for sentences such as "%(q)s ত্রৈমাসিকের অর্জন"."""
    return str(QUARTER_ORDINALS[quarter])


def quarter_name(quarter: int) -> str:
    """১ম ত্রৈমাসিক / 1st quarter."""
    return str(QUARTER_NAMES[quarter])


def quarter_months(quarter: int) -> str:
    """জুলাই-সেপ্টেম্বর / July-September."""
    return str(QUARTER_MONTHS[quarter])


def item_label(item: object) -> str:
    """A coded part of an agreement as the interface names it: "[১.১.১] title", the code in the interface's
    digits (its `__str__` keeps the stored code, for the audit trail); anything else as its own text."""
    code, title = getattr(item, "code", None), getattr(item, "title", None)
    if isinstance(code, str) and isinstance(title, str):
        return f"[{digits(code)}] {title}" if code else title
    return str(item)


def level_name(column: dict | str) -> str:
    """The name of a target column (a fiscal year's or a plan's `{"percent", "name_bn"}`, or the name alone).

    The data keep the Bangla name the documents print. The standard names (`agreements.models.default_levels`)
    are catalogue messages and read in the interface's language; a name an administrator typed is shown as
    typed."""
    name = column.get("name_bn", "") if isinstance(column, dict) else column
    return gettext(name) if name else ""


def level_label(column: dict) -> str:
    """A target column as a header or form label: "চলতি মান ৭০%" / "Fair 70%"."""
    return f"{level_name(column)} {digits(column['percent'])}%"


# For labels fixed when a module is imported (form fields declared on the class).
digits_lazy = lazy(digits, str)
