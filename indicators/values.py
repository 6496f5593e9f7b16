"""Values typed, stored and shown, for every part of the agreement: `parse` reads what a person typed, `show`
gives a stored value back as they would type it, `decode`/`encode` are how target and actual values are stored
as text: numbers as plain ASCII decimals ("1470", "84.51"), dates as ISO dates ("2022-12-12"), blank as None.
One encoding for every column whose type varies by row."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from agreements.calendar import quarter_windows
from apa_portal import display
from apa_portal.bangla import parse_date, parse_decimal

DATE_TYPES = frozenset({"date"})


def decode(raw: str | None, value_type: str) -> Decimal | date | None:
    """The typed value of a stored cell; ValueError names the cell's text (in the interface's language) when
    it does not fit the type: the message reaches the admin and validation as it is."""
    if raw is None or raw == "":
        return None
    if value_type in DATE_TYPES:
        try:
            return date.fromisoformat(raw)
        except ValueError:
            raise ValueError(
                _("“%(value)s” কোনো তারিখ নয় (বছর-মাস-দিন, যেমন 2022-12-12)।") % {"value": raw}
            ) from None
    try:
        number = Decimal(raw)
    except InvalidOperation:
        raise ValueError(_("“%(value)s” কোনো সংখ্যা নয় (যেমন 1470 বা 84.51)।") % {"value": raw}) from None
    if not number.is_finite():
        raise ValueError(_("“%(value)s” কোনো সসীম সংখ্যা নয়।") % {"value": raw})
    return number


def encode(value: Decimal | int | date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    number = Decimal(value)
    text = format(number.normalize(), "f") if number == number.to_integral() else format(number, "f")
    return text


def parse(text: str | None, value_type: str) -> Decimal | date | None:
    """What a person typed, as a typed value: blank is None; a date as দিন/মাস/বছর (১৫/০৩/২০২৪, 15.3.24) or
    an ISO date; a number in Bangla or ASCII digits with South Asian or Western grouping and an optional %.
    Bangla text is read in NFC whatever the keyboard sent. The one parser of typed values: Section 3's entry
    and editor, Annex 4-8's plans and the supervisor's corrections all read through it. ValueError carries
    the Bangla message shown next to the field."""
    text = (text or "").strip()
    if not text:
        return None
    if value_type in DATE_TYPES:
        try:
            return parse_date(text)
        except ValueError:
            raise ValueError(_("তারিখটি বোঝা যায়নি। দিন/মাস/বছর আকারে লিখুন, যেমন ১৫/০৩/২০২৪।")) from None
    try:
        return parse_decimal(text)
    except ValueError:
        raise ValueError(_("সংখ্যাটি বোঝা যায়নি। কেবল অঙ্ক লিখুন, যেমন ১২৫ বা ৮৪.৫।")) from None


def show(raw: str | None, value_type: str) -> str:
    """A stored value as a person would type it back, in the interface's digits: ১৫/০৩/২০২৫ or ৮৪.৫১; text
    that is not a value of the type is shown as it is."""
    try:
        value = decode(raw, value_type)
    except ValueError:
        return raw or ""
    if value is None:
        return ""
    if isinstance(value, date):
        return display.date_slash(value)
    return display.digits(encode(value))


def check_date_in_quarter(day: date, start_year: int, quarter: int) -> None:
    """A date achievement is the day it was achieved, reported in that day's quarter: ValueError (Bangla, as
    shown next to the field) when it falls outside the fiscal year starting 1 July `start_year`, or outside
    `quarter`'s months."""
    windows = quarter_windows(start_year)
    year_start, year_end = windows[0][0], windows[-1][1]
    if not year_start <= day <= year_end:
        raise ValueError(
            _("তারিখ %(date)s %(year)s অর্থবছরের (%(start)s – %(end)s) মধ্যে নয়।")
            % {
                "date": display.date_slash(day),
                "year": display.fiscal_year(start_year),
                "start": display.date_slash(year_start),
                "end": display.date_slash(year_end),
            }
        )
    first, last, _deadline = windows[quarter - 1]
    if not first <= day <= last:
        raise ValueError(
            _(
                "তারিখ %(date)s %(quarter)s ত্রৈমাসিকের (%(start)s – %(end)s) মধ্যে নয়; যে ত্রৈমাসিকে "
                "অর্জিত হয়েছে সেই ত্রৈমাসিকে লিখুন।"
            )
            % {
                "date": display.date_slash(day),
                "quarter": display.quarter_ordinal(quarter),
                "start": display.date_slash(first),
                "end": display.date_slash(last),
            }
        )
