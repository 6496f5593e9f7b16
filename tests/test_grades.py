"""The grade of a total score (indicators.scoring.grade): the band of the year's target columns it reaches,
and the geometry of the charts that draw it (apa_portal.charts)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from apa_portal import charts
from indicators.scoring import DEFAULT_LEVELS, grade

D = Decimal


@pytest.mark.parametrize(
    ("score", "expected"),
    [
        (D("100"), 0),
        (D("99.9999"), 1),
        (D("90"), 1),
        (D("89.9999"), 2),
        (D("80"), 2),
        (D("79.9999"), 3),
        (D("70"), 3),
        (D("69.9999"), 4),
        (D("60"), 4),
        (D("0"), 4),
    ],
)
def test_it_grades_a_total_by_the_band_it_reaches_at_each_boundary(score, expected):
    assert grade(score, DEFAULT_LEVELS) == expected


def test_a_score_below_every_column_is_called_by_the_last_column():
    assert grade(D("12.5")) == len(DEFAULT_LEVELS) - 1


def test_it_follows_the_years_own_columns():
    assert grade(D("85"), (100, 80, 60)) == 1
    assert grade(D("59"), (100, 80, 60)) == 2


@pytest.mark.parametrize("levels", [(), (90, 100), (100, 90, 90)])
def test_it_refuses_columns_that_are_not_distinct_and_best_first(levels):
    with pytest.raises(ValueError):
        grade(D("50"), levels)


@given(st.decimals(min_value=0, max_value=100, places=4), st.decimals(min_value=0, max_value=100, places=4))
def test_a_higher_score_never_has_a_lower_grade(a, b):
    low, high = sorted((a, b))
    assert grade(high) <= grade(low)


def test_a_bar_is_clamped_to_its_scale():
    assert charts.length(D("50"), 100, 160) == 80
    assert charts.length(D("150"), 100, 160) == 160
    assert charts.length(D("-5"), 100, 160) == 0
    assert charts.length(3, 0, 160) == 0


def test_a_sparkline_spreads_four_quarters_over_its_width_from_the_bottom_up():
    assert charts.sparkline([0, 50, 100], width=72, height=20) == [(0.0, 20.0), (24.0, 10.0), (48.0, 0.0)]
    assert charts.columns([D("25")], height=100, step=60) == [(0.0, 75.0, 25.0)]
