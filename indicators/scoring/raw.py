"""The raw score, in percent, of an achievement against the filled target columns, and how it came about."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, localcontext
from enum import StrEnum
from itertools import combinations, pairwise

from .common import _CONTEXT, DEFAULT_LEVELS, QUANT, ZERO, Column, Level, Number, Value, _number


class Policy(StrEnum):
    INTERPOLATE = "interpolate"
    STEP = "step"


class Direction(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"
    EARLIER = "earlier"


class Rule(StrEnum):
    NOT_REPORTED = "not_reported"
    AT_OR_BEYOND_BEST = "at_or_beyond_best"
    EXACT = "exact"
    INTERPOLATED = "interpolated"
    STEPPED = "stepped"
    BELOW_WORST = "below_worst"


class TargetOrderError(ValueError):
    """A target row that is not monotonic.

    `direction` is the one most of the row follows: the direction of its longest monotonic run of filled
    columns (blanks skipped; a tie is higher is better, or the direction given). `misplaced` holds the
    levels of the fewest columns that break it -- the boxes to correct; where either of two columns could
    be the wrong one, the worse (later-typed) column is named. `breaks` holds the adjacent filled
    (better, worse) level pairs that run against the direction."""

    def __init__(
        self,
        message: str,
        breaks: tuple[tuple[Level, Level], ...],
        direction: Direction = Direction.HIGHER,
        misplaced: tuple[Level, ...] = (),
    ) -> None:
        super().__init__(message)
        self.breaks = breaks
        self.direction = direction
        self.misplaced = misplaced


@dataclass(frozen=True, slots=True)
class RawScoreExplanation:
    """How a raw score came about, as data; the Django layer words it in Bangla.

    `upper` is the better neighbouring column (level, target) and `lower` the worse one. For "exact" both
    are the column matched; "at_or_beyond_best" has only `lower` (the best column), "below_worst" only `upper`
    (the worst column), "stepped" has the column not reached as `upper` and the column reached as `lower`.
    `direction_assumed` is set when neither the targets (one number, or all equal) nor the caller told the
    direction, so that higher is better was assumed.
    """

    rule: Rule
    direction: Direction
    achievement: Value | None
    upper: Column | None
    lower: Column | None
    raw: Decimal
    direction_assumed: bool = False


def _fmt(value: Value) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def _longest_run(keys: list[Number], falling: bool) -> tuple[int, ...]:
    """The indices of the longest subsequence of `keys` that never rises (`falling`) or never falls; of the
    equally long ones, the one that keeps the earliest (better) columns. A row holds a handful of columns."""
    for size in range(len(keys), 0, -1):
        for kept in combinations(range(len(keys)), size):  # in lexicographic order: earlier columns first
            if all((b <= a) if falling else (b >= a) for a, b in pairwise(keys[i] for i in kept)):
                return kept
    return ()


def _order_error(
    cols: list[tuple[Level, Value, Number]], is_date: bool, hint: Direction | None = None
) -> TargetOrderError:
    keys = [key for _level, _value, key in cols]
    pairs = list(pairwise(cols))
    if is_date:
        direction, kept = Direction.EARLIER, _longest_run(keys, falling=False)
    else:
        falling, rising = _longest_run(keys, falling=True), _longest_run(keys, falling=False)
        if len(falling) > len(rising) or (len(falling) == len(rising) and hint is not Direction.LOWER):
            direction, kept = Direction.HIGHER, falling
        else:
            direction, kept = Direction.LOWER, rising
    misplaced = tuple(col[0] for index, col in enumerate(cols) if index not in kept)
    if is_date:
        breaks = [(a, b) for a, b in pairs if b[2] < a[2]]
        detail = ", ".join(
            f"{b[0]}% ({_fmt(b[1])}) is earlier than {a[0]}% ({_fmt(a[1])})" for a, b in breaks
        )
        message = f"date targets must not get earlier towards the worse columns (earlier is better): {detail}"
    else:
        falls = direction is Direction.HIGHER
        first = next((a, b) for a, b in pairs if (b[2] < a[2] if falls else b[2] > a[2]))
        breaks = [(a, b) for a, b in pairs if (b[2] > a[2] if falls else b[2] < a[2])]
        detail = " and ".join(f"from {a[0]}% ({_fmt(a[1])}) to {b[0]}% ({_fmt(b[1])})" for a, b in breaks)
        trend, against = ("falls", "rises") if falls else ("rises", "falls")
        message = (
            f"target row is not monotonic: it {trend} from {first[0][0]}% ({_fmt(first[0][1])}) "
            f"to {first[1][0]}% ({_fmt(first[1][1])}) but {against} {detail}"
        )
    message += "; out of order: " + ", ".join(f"{level}%" for level in misplaced)
    return TargetOrderError(message, tuple((a[0], b[0]) for a, b in breaks), direction, misplaced)


def _hinted(direction: str | None) -> Direction | None:
    if direction is None:
        return None
    try:
        return Direction(direction)
    except ValueError:
        raise ValueError(f"unknown direction {direction!r}; expected one of {', '.join(Direction)}") from None


def _columns(
    targets: Sequence[Value | None], levels: Sequence[Level], hint: Direction | None = None
) -> tuple[list[tuple[Level, Value, Number]], Direction, bool]:
    """The filled columns as (level, target, key), keys oriented so that a larger key is always better; the
    direction; and whether it was assumed (the targets cannot tell it and no hint was given)."""
    if len(targets) != len(levels):
        raise ValueError(f"{len(targets)} targets for {len(levels)} level columns")
    cols: list[tuple[Level, Value, Number]] = []
    has_date = has_number = False
    previous_level: Level | None = None
    for level, target in zip(levels, targets, strict=True):
        if previous_level is not None and level >= previous_level:
            raise ValueError(f"levels must fall from the best column to the worst, got {tuple(levels)}")
        previous_level = level
        if target is None:
            continue
        if isinstance(target, date):
            has_date = True
            cols.append((level, target, target.toordinal()))
        else:
            has_number = True
            cols.append((level, target, _number(target, f"target {level}%")))
    if not cols:
        raise ValueError("no target column is filled")
    if has_date and has_number:
        raise ValueError("targets mix dates and numbers")
    if not 0 < levels[0] <= 100 or previous_level <= 0:
        raise ValueError(f"levels must lie between 0 and 100, got {tuple(levels)}")
    rising = falling = False
    previous = cols[0][2]
    for _level, _target, key in cols:
        if key > previous:
            rising = True
        elif key < previous:
            falling = True
        previous = key
    read: Direction | None
    if has_date:
        if falling:
            raise _order_error(cols, is_date=True)
        read = Direction.EARLIER
    elif rising and falling:
        raise _order_error(cols, is_date=False, hint=hint)
    else:
        read = Direction.LOWER if rising else Direction.HIGHER if falling else None
    if hint is not None and hint is not read and (read is not None or hint is Direction.EARLIER):
        shown = "numbers whose direction they do not show" if read is None else f"{read} is better"
        raise ValueError(f"the direction given, {hint} is better, contradicts the targets: {shown}")
    direction = read or hint or Direction.HIGHER
    if direction is not Direction.HIGHER:
        # Lower (or earlier) is better is higher is better on negated values: one code path, mirror-symmetric
        # by construction.
        cols = [(level, target, -key) for level, target, key in cols]
    return cols, direction, read is None and hint is None


def target_direction(
    targets: Sequence[Value | None], levels: Sequence[Level] = DEFAULT_LEVELS, direction: str | None = None
) -> Direction:
    """The row's direction: higher, lower or earlier is better; TargetOrderError for a non-monotonic row.

    Falling numbers mean higher is better, rising ones lower, dates earlier. Where the numbers cannot tell
    (one filled column, or all equal) `direction` decides, and without it higher is better: the convention
    of the governance plan templates, where a lone "1" means at least one (see `readable_direction`). A
    `direction` that contradicts the targets is a ValueError."""
    return _columns(targets, levels, _hinted(direction))[1]


def readable_direction(
    targets: Sequence[Value | None], levels: Sequence[Level] = DEFAULT_LEVELS
) -> Direction | None:
    """The direction the targets themselves show, or None where they cannot tell (one filled number, or all
    filled numbers equal). Errors as `target_direction`."""
    _cols, direction, assumed = _columns(targets, levels)
    return None if assumed else direction


def _level_raw(level: Level) -> Decimal:
    return Decimal(level).quantize(QUANT, ROUND_HALF_UP)


def _explain(
    targets: Sequence[Value | None],
    achievement: Value | None,
    levels: Sequence[Level],
    policy: str,
    hint: Direction | None = None,
) -> RawScoreExplanation:
    if policy == Policy.INTERPOLATE:
        step = False
    elif policy == Policy.STEP:
        step = True
    else:
        raise ValueError(f"unknown scoring policy {policy!r}; expected one of {', '.join(Policy)}")
    cols, direction, assumed = _columns(targets, levels, hint)
    if achievement is None:
        return RawScoreExplanation(Rule.NOT_REPORTED, direction, None, None, None, ZERO, assumed)
    x: Number
    if direction is Direction.EARLIER:
        if not isinstance(achievement, date):
            raise ValueError(f"the targets are dates but the achievement is {achievement!r}")
        x = -achievement.toordinal()
    else:
        if isinstance(achievement, date):
            raise ValueError(f"the targets are numbers but the achievement is the date {achievement}")
        x = _number(achievement, "achievement")
        if direction is Direction.LOWER:
            x = -x
    better: tuple[Level, Value, Number] | None = None
    for col in cols:
        level, target, key = col
        if x >= key:
            reached = (level, target)
            if x == key:  # the first match is the best of any tied columns
                rule, upper, raw = Rule.EXACT, reached, _level_raw(level)
            elif better is None:
                rule, upper, raw = Rule.AT_OR_BEYOND_BEST, None, _level_raw(level)
            elif step:
                rule, upper, raw = Rule.STEPPED, (better[0], better[1]), _level_raw(level)
            else:
                upper_level, upper_target, upper_key = better
                # upper_key > x > key, so the denominator is never zero even where other columns tie.
                fraction = Decimal(upper_level - level) * (x - key) / (upper_key - key)
                rule, upper = Rule.INTERPOLATED, (upper_level, upper_target)
                raw = (fraction + level).quantize(QUANT, ROUND_HALF_UP)
            return RawScoreExplanation(rule, direction, achievement, upper, reached, raw, assumed)
        better = col
    worst = (better[0], better[1])
    return RawScoreExplanation(Rule.BELOW_WORST, direction, achievement, worst, None, ZERO, assumed)


def explain_raw_score(
    targets: Sequence[Value | None],
    achievement: Value | None,
    levels: Sequence[Level] = DEFAULT_LEVELS,
    policy: str = Policy.INTERPOLATE,
    direction: str | None = None,
) -> RawScoreExplanation:
    """The raw score with the rule, direction and neighbouring columns that produced it."""
    with localcontext(_CONTEXT):
        return _explain(targets, achievement, levels, policy, _hinted(direction))


def raw_score(
    targets: Sequence[Value | None],
    achievement: Value | None,
    levels: Sequence[Level] = DEFAULT_LEVELS,
    policy: str = Policy.INTERPOLATE,
    direction: str | None = None,
) -> Decimal:
    """Raw score in percent (0-100) of `achievement` against the target row; None (not reported) scores 0.

    `direction` ("higher" or "lower" is better) counts only where the targets cannot tell it (see
    `target_direction`); one that contradicts them is a ValueError."""
    with localcontext(_CONTEXT):
        return _explain(targets, achievement, levels, policy, _hinted(direction)).raw
