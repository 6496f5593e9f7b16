"""The grade of a total score: the band of the fiscal year's target columns it reaches (DESIGN.md section 2:
অসাধারণ 100, অতি উত্তম 90, উত্তম 80, চলতি মান 70, চলতি মানের নিম্নে 60)."""

from __future__ import annotations

from collections.abc import Sequence

from .common import DEFAULT_LEVELS, Number


def grade(score: Number, levels: Sequence[int] = DEFAULT_LEVELS) -> int:
    """The index in `levels` (percents, best first) of the best column whose percent the score reaches.

    A score below every column still falls in the last band: the last column's name ("চলতি মানের নিম্নে",
    below the usual standard) is what such a score is called, so every score has a grade."""
    if not levels or list(levels) != sorted(set(levels), reverse=True):
        raise ValueError(f"levels must be distinct percents, best first: {levels!r}")
    return next((index for index, percent in enumerate(levels) if score >= percent), len(levels) - 1)
