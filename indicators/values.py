"""How target and actual values are stored as text: numbers as plain ASCII decimals ("1470", "84.51"),
dates as ISO dates ("2022-12-12"), blank as None. One encoding for every column whose type varies by row."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

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
