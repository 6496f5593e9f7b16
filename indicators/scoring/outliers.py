"""A reported value far outside its indicator's targets: what the supervisor's verification page flags as a
likely slip (1,250 typed against a best target of 20, a minus sign), for a second look, not a judgement."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from .common import Number

# How many times the largest target a value may reach before it looks like a slip rather than an achievement.
FAR_FACTOR = 3


def far_outside_targets(value: Number | date | None, targets: Sequence[Number | date | None]) -> bool:
    """Below zero, or above FAR_FACTOR times the largest filled target (the best one when higher is better,
    the worst one when lower is better: an achievement beyond every column by that much is a slip either way).
    Nothing reported, a date, and a row without a positive numeric target are never flagged above."""
    if value is None or isinstance(value, date):
        return False
    if value < 0:
        return True
    numbers = [t for t in targets if isinstance(t, int | Decimal) and not isinstance(t, bool)]
    largest = max(numbers, default=0)
    return largest > 0 and value > FAR_FACTOR * largest
