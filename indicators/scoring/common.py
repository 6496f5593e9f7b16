"""What the scoring modules share: the rounding, the default level columns, the value types, the three kinds
of score, the decimal context in which every score is computed, and the checks of numbers and quarters."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import ROUND_HALF_EVEN, Context, Decimal, DivisionByZero, InvalidOperation, Overflow
from enum import StrEnum

QUANT = Decimal("0.0001")
DEFAULT_LEVELS: tuple[int, ...] = (100, 90, 80, 70, 60)
QUARTERS = 4

Number = int | Decimal
Value = int | Decimal | date
Level = int | Decimal
Column = tuple[Level, Value]

ZERO = Decimal(0).quantize(QUANT)
_HUNDRED = Decimal(100)

# A private context so that a caller changing the thread's decimal precision cannot change anyone's score.
_CONTEXT = Context(prec=28, rounding=ROUND_HALF_EVEN, traps=[InvalidOperation, DivisionByZero, Overflow])


class ScoreKind(StrEnum):
    PROGRESS = "progress"
    CLAIMED = "claimed"
    VERIFIED = "verified"


def _number(value: object, what: str) -> Number:
    kind = type(value)
    if kind is int:
        return value
    if kind is Decimal:
        if not value.is_finite():
            raise ValueError(f"{what} is not a finite number: {value}")
        return value
    # Floats would bring binary rounding into published scores; bool is an int only by accident.
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise ValueError(f"{what} must be an int or a Decimal, not {type(value).__name__} {value!r}")
    return value


def _check_quarters(quarter_values: Sequence[object]) -> None:
    if len(quarter_values) != QUARTERS:
        raise ValueError(f"expected {QUARTERS} quarter values in order Q1-Q4, got {len(quarter_values)}")
