"""Template filters for numbers and dates in the active language.

Registered as a template builtin (settings TEMPLATES OPTIONS "builtins"), so templates use them without
{% load %}. Bangla digits and names are used when the active language starts with "bn", ASCII digits and
English names otherwise. None and "" render as ""; a value a filter cannot read is rendered unchanged, as
Django's own filters do, so a page never fails over one odd value.

    {{ 140000|bn_number }}              ১,৪০,০০০
    {{ value|bn_number:2 }}             ৯৭.২০
    {{ 84.51|bn_percent }}              ৮৪.৫১%
    {{ d|bn_date }}                     ১২ জুলাই ২০২২    (every date shown: one style, four-digit years)
    {{ d|bn_date_slash }}               ১৬/০৩/২০২২        (only a date put in a box to be typed over)
    {{ d|bn_calendar }}                 ২৮ আষাঢ়, ১৪২৯   ({{ d|bn_calendar:False }}: ১২ পৌষ ১৪২৮)
    {{ fy|fiscal_year }}                ২০২২-২৩          ({{ fy|fiscal_year:"long" }}: ২০২২-২০২৩)
    {{ q|quarter_name }}                ১ম ত্রৈমাসিক       (1st quarter)
    {{ column|level_name }}             চলতি মান          (Fair): a target column's standard name, translated
    {{ indicator|item_label }}          [১.১.১] title     ([1.1.1] title)
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal

from django import template

from apa_portal import display
from apa_portal.bangla import (
    fiscal_year_label,
    format_bangla_calendar_date,
    format_date_long,
    format_date_slash,
    format_number,
    format_percent,
    parse_date,
    parse_fiscal_year,
    parse_int,
    to_ascii_digits,
    to_bangla_digits,
)

register = template.Library()


_bangla = display.is_bangla


def _empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


@register.filter(is_safe=True)
def bn_digits(value: object) -> str:
    """Digits of any text in the active language's script; other characters are kept."""
    if _empty(value):
        return ""
    return to_bangla_digits(value) if _bangla() else to_ascii_digits(value)


def _places(decimals: object) -> int | None:
    return None if decimals is None or decimals == "" else int(decimals)


@register.filter(is_safe=True)
def bn_number(value: object, decimals: object = None) -> object:
    """A number with South Asian grouping; the optional argument fixes the decimal places."""
    if _empty(value):
        return ""
    try:
        return format_number(value, decimals=_places(decimals), bangla=_bangla())
    except (TypeError, ValueError, ArithmeticError):
        return value


@register.filter(is_safe=True)
def bn_percent(value: object, decimals: object = None) -> object:
    """A percentage given in percent (84.51 -> ৮৪.৫১%); the optional argument fixes the decimal places."""
    if _empty(value):
        return ""
    try:
        return format_percent(value, decimals=_places(decimals), bangla=_bangla())
    except (TypeError, ValueError, ArithmeticError):
        return value


def _format_date(value: object, formatter: Callable[..., str], **options: object) -> object:
    if _empty(value):
        return ""
    if isinstance(value, datetime):
        # Aware datetimes arrive already in local time (expects_localtime).
        value = value.date()
    elif isinstance(value, str):
        try:
            value = parse_date(value)
        except ValueError:
            return value
    elif not isinstance(value, date):
        return value
    return formatter(value, bangla=_bangla(), **options)


@register.filter(is_safe=True, expects_localtime=True)
def bn_date(value: object) -> object:
    """Long form: ১২ জুলাই ২০২২ / 12 July 2022."""
    return _format_date(value, format_date_long)


@register.filter(is_safe=True, expects_localtime=True)
def bn_date_slash(value: object) -> object:
    """Slash form: ১৬/০৩/২০২২ / 16/03/2022."""
    return _format_date(value, format_date_slash)


@register.filter(is_safe=True, expects_localtime=True)
def bn_calendar(value: object, comma: object = True) -> object:
    """Bangla calendar date: ২৮ আষাঢ়, ১৪২৯ (argument False: ১২ পৌষ ১৪২৮); romanised months in English."""
    return _format_date(value, format_bangla_calendar_date, comma=bool(comma))


@register.filter(is_safe=True)
def fiscal_year(value: object, style: object = None) -> object:
    """Fiscal year label from a start year or an object with `start_year`: ২০২২-২৩ ("long": ২০২২-২০২৩)."""
    start = getattr(value, "start_year", value)
    if _empty(start):
        return ""
    try:
        if isinstance(start, str):
            try:
                start = parse_int(start)
            except ValueError:
                start = parse_fiscal_year(start)
        elif isinstance(start, Decimal | float):
            start = parse_int(Decimal(start))
        elif not isinstance(start, int) or isinstance(start, bool):
            return value
        return fiscal_year_label(start, bangla=_bangla(), long=style == "long")
    except (TypeError, ValueError, ArithmeticError):
        return value


@register.filter
def quarter_name(value: object) -> object:
    """১ম ত্রৈমাসিক / 1st quarter for 1 to 4; anything else unchanged."""
    try:
        return display.quarter_name(int(value))
    except (TypeError, ValueError, KeyError):
        return value


@register.filter
def level_name(column: object) -> str:
    """A target column's name (the column or its stored name) in the interface's language."""
    return display.level_name(column) if isinstance(column, dict | str) else ""


@register.filter
def item_label(item: object) -> str:
    """An area, activity or indicator as "[code] title", the code in the interface's digits."""
    return display.item_label(item)
