"""The geometry of the server-drawn SVG charts (bars and sparklines): numbers in, lengths and points out.

The charts are SVG in the page, drawn on the server, so they need no script, work offline and print; their
colours are classes of static/css/apa.css (the Content-Security-Policy allows no inline style)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

Number = int | float | Decimal


def length(value: Number, maximum: Number, full: Number) -> float:
    """The length of a bar for `value` on a scale where `maximum` is `full` long, clamped to [0, full]."""
    if maximum <= 0:
        return 0.0
    return round(float(max(min(value, maximum), 0)) / float(maximum) * float(full), 1)


def sparkline(values: Sequence[Number], *, width: Number, height: Number, top: Number = 100) -> list[tuple]:
    """The (x, y) points of a small line chart of `values` on a 0..`top` scale, spread over `width` as if
    there were four of them (the quarters of a year), y downwards as SVG draws it."""
    step = float(width) / 3
    return [
        (round(index * step, 1), round(float(height) - length(v, top, height), 1))
        for index, v in enumerate(values)
    ]


def columns(values: Sequence[Number], *, height: Number, step: Number, top: Number = 100) -> list[tuple]:
    """(x, y, column height) of upright columns for `values` on a 0..`top` scale, one every `step`, standing
    on the line y = `height`."""
    result = []
    for index, value in enumerate(values):
        tall = length(value, top, height)
        result.append((round(index * float(step), 1), round(float(height) - tall, 1), tall))
    return result
