"""The annual achievement from the four quarters, by calculation method."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from .common import QUANT, QUARTERS, Value, _check_quarters, _number


class Method(StrEnum):
    SUM = "sum"
    AVERAGE = "average"
    CUMULATIVE = "cumulative"
    DATE = "date"


_METHODS = frozenset(Method)


def annual_achievement(method: str | None, quarter_values: Sequence[Value | None]) -> Decimal | date | None:
    """The year's achievement from the four quarters, or None when no quarter is reported.

    Without a method a single reported quarter is taken as it is (sum, average and latest all agree on one
    value); two or more are a ValueError, because which of them counts depends on the missing method.
    """
    _check_quarters(quarter_values)
    if method is not None and method not in _METHODS:
        raise ValueError(f"unknown calculation method {method!r}; expected one of {', '.join(Method)}")
    reported = [value for value in quarter_values if value is not None]
    if not reported:
        return None
    if method is None:
        if len(reported) > 1:
            raise ValueError("calculation method missing: cannot combine more than one reported quarter")
        only = reported[0]
        return only if isinstance(only, date) else Decimal(_number(only, "quarter value"))
    if method == Method.DATE:
        for quarter, value in enumerate(quarter_values, start=1):
            if value is not None and not isinstance(value, date):
                raise ValueError(f"method 'date' needs dates, but quarter {quarter} holds the number {value}")
        return min(reported)
    for quarter, value in enumerate(quarter_values, start=1):
        if isinstance(value, date):
            raise ValueError(f"method '{method}' needs numbers, but quarter {quarter} holds the date {value}")
        if value is not None:
            _number(value, f"quarter {quarter} value")
    if method == Method.SUM:
        return Decimal(sum(reported))
    if method == Method.AVERAGE:
        # The mean is stored and shown, so the score is computed from the same rounded value.
        return (Decimal(sum(reported)) / len(reported)).quantize(QUANT, ROUND_HALF_UP)
    return Decimal(reported[-1])


def values_through(quarter_values: Sequence[Value | None], quarter: int) -> tuple[Value | None, ...]:
    """The quarter values as if the year had ended after `quarter` (1-4): later quarters become None."""
    _check_quarters(quarter_values)
    if type(quarter) is not int or not 1 <= quarter <= QUARTERS:
        raise ValueError(f"quarter must be 1-{QUARTERS}, got {quarter!r}")
    return (*quarter_values[:quarter], *(None,) * (QUARTERS - quarter))
