"""How target and actual values are stored as text: numbers as plain ASCII decimals ("1470", "84.51"),
dates as ISO dates ("2022-12-12"), blank as None. One encoding for every column whose type varies by row."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

DATE_TYPES = frozenset({"date"})


def decode(raw: str | None, value_type: str) -> Decimal | date | None:
    """The typed value of a stored cell; ValueError names the cell's text when it does not fit the type."""
    if raw is None or raw == "":
        return None
    if value_type in DATE_TYPES:
        try:
            return date.fromisoformat(raw)
        except ValueError:
            raise ValueError(f"'{raw}' is not a date (YYYY-MM-DD)") from None
    try:
        number = Decimal(raw)
    except InvalidOperation:
        raise ValueError(f"'{raw}' is not a number") from None
    if not number.is_finite():
        raise ValueError(f"'{raw}' is not a finite number")
    return number


def encode(value: Decimal | int | date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    number = Decimal(value)
    text = format(number.normalize(), "f") if number == number.to_integral() else format(number, "f")
    return text
