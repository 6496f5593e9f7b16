"""Properties of the scoring rules over generated target rows (valid monotone rows with random blanks)."""

from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from indicators.scoring import (
    AreaInput,
    IndicatorInput,
    TargetOrderError,
    annual_achievement,
    explain_raw_score,
    raw_score,
    readable_direction,
    score_agreement,
    score_indicator,
    target_direction,
    values_through,
)

FIVE_LEVELS = (100, 90, 80, 70, 60)
LEVEL_SETS = st.sampled_from([FIVE_LEVELS, (100, 80, 60)])
HUNDREDTHS = st.integers(-20_000, 20_000).map(lambda n: Decimal(n).scaleb(-2))
YEAR_START = date(2024, 7, 1)


def filled(targets):
    return [t for t in targets if t is not None]


def is_constant(targets):
    return len(set(filled(targets))) == 1


@st.composite
def blanked(draw, values):
    keep = draw(st.lists(st.booleans(), min_size=len(values), max_size=len(values)).filter(any))
    return [value if kept else None for value, kept in zip(values, keep, strict=True)]


@st.composite
def number_rows(draw):
    """(levels, targets, lower_is_better): a monotone row of two-decimal numbers, ties and blanks included."""
    levels = draw(LEVEL_SETS)
    lower_is_better = draw(st.booleans())
    value = draw(st.integers(-10_000, 10_000))
    values = [value]
    for step in draw(st.lists(st.integers(0, 600), min_size=len(levels) - 1, max_size=len(levels) - 1)):
        value += step if lower_is_better else -step
        values.append(value)
    targets = draw(blanked([Decimal(v).scaleb(-2) for v in values]))
    return levels, targets, lower_is_better and not is_constant(targets)


@st.composite
def date_rows(draw):
    levels = draw(LEVEL_SETS)
    day = YEAR_START + timedelta(days=draw(st.integers(0, 300)))
    values = [day]
    for gap in draw(st.lists(st.integers(0, 30), min_size=len(levels) - 1, max_size=len(levels) - 1)):
        day += timedelta(days=gap)
        values.append(day)
    return levels, draw(blanked(values))


def achievements_for(targets):
    """Anywhere on the line, with a good chance of landing exactly on a target."""
    return st.one_of(HUNDREDTHS, st.sampled_from(filled(targets)))


@given(data=st.data(), row=number_rows(), policy=st.sampled_from(["interpolate", "step"]))
def test_it_stays_between_0_and_the_best_filled_level(data, row, policy):
    levels, targets, _ = row
    score = raw_score(targets, data.draw(achievements_for(targets)), levels, policy)
    best = next(level for level, t in zip(levels, targets, strict=True) if t is not None)
    assert 0 <= score <= best <= 100


@given(data=st.data(), row=number_rows())
def test_it_never_drops_as_the_achievement_improves(data, row):
    levels, targets, lower_is_better = row
    a, b = sorted([data.draw(achievements_for(targets)), data.draw(achievements_for(targets))])
    worse, better = (b, a) if lower_is_better else (a, b)
    assert raw_score(targets, worse, levels) <= raw_score(targets, better, levels)
    assert raw_score(targets, worse, levels, "step") <= raw_score(targets, better, levels, "step")


@given(row=number_rows())
def test_it_gives_each_filled_column_its_level_or_the_best_tied_one(row):
    levels, targets, _ = row
    for target in filled(targets):
        best_tied = next(level for level, t in zip(levels, targets, strict=True) if t == target)
        assert raw_score(targets, target, levels) == best_tied


@given(data=st.data(), row=number_rows(), policy=st.sampled_from(["interpolate", "step"]))
def test_it_is_mirror_symmetric(data, row, policy):
    levels, targets, _ = row
    assume(not is_constant(targets))  # a constant row is assumed higher is better either way
    achievement = data.draw(achievements_for(targets))
    mirrored = [None if t is None else -t for t in targets]
    expected = raw_score(targets, achievement, levels, policy)
    assert raw_score(mirrored, -achievement, levels, policy) == expected


OPPOSITE = {"higher": "lower", "lower": "higher"}


@given(
    data=st.data(),
    row=number_rows(),
    policy=st.sampled_from(["interpolate", "step"]),
    hint=st.sampled_from(["higher", "lower"]),
)
def test_with_a_direction_every_row_is_mirror_symmetric_single_and_constant_ones_too(data, row, policy, hint):
    levels, targets, _ = row
    direction = readable_direction(targets, levels) or hint
    achievement = data.draw(achievements_for(targets))
    mirrored = [None if t is None else -t for t in targets]
    expected = raw_score(targets, achievement, levels, policy, direction)
    assert raw_score(mirrored, -achievement, levels, policy, OPPOSITE[direction]) == expected


@given(data=st.data(), row=number_rows(), hint=st.sampled_from(["higher", "lower"]))
def test_a_direction_hint_matters_only_where_the_targets_cannot_tell(data, row, hint):
    levels, targets, lower_is_better = row
    achievement = data.draw(achievements_for(targets))
    read = readable_direction(targets, levels)
    plain = explain_raw_score(targets, achievement, levels)
    assert read == (None if is_constant(targets) else "lower" if lower_is_better else "higher")
    assert plain.direction_assumed == (read is None)
    if read is not None:
        assert raw_score(targets, achievement, levels, direction=read) == plain.raw
        with pytest.raises(ValueError, match="contradicts"):
            raw_score(targets, achievement, levels, direction=OPPOSITE[read])
    else:
        # One value in every filled column: the best filled level at or beyond it, 0 short of it.
        (target,) = set(filled(targets))
        best = next(level for level, t in zip(levels, targets, strict=True) if t is not None)
        reached = achievement <= target if hint == "lower" else achievement >= target
        assert raw_score(targets, achievement, levels, direction=hint) == (best if reached else 0)


@given(data=st.data(), row=number_rows())
def test_stepping_never_scores_above_interpolating(data, row):
    levels, targets, _ = row
    achievement = data.draw(achievements_for(targets))
    stepped = raw_score(targets, achievement, levels, "step")
    assert stepped <= raw_score(targets, achievement, levels)
    filled_levels = {level for level, t in zip(levels, targets, strict=True) if t is not None}
    assert stepped == 0 or stepped in filled_levels


@given(data=st.data(), row=number_rows())
def test_an_interpolated_score_lies_between_its_neighbours(data, row):
    levels, targets, _ = row
    explanation = explain_raw_score(targets, data.draw(achievements_for(targets)), levels)
    if explanation.rule == "interpolated":
        assert explanation.lower[0] < explanation.raw < explanation.upper[0]
        assert explanation.lower[1] != explanation.upper[1]


@given(row=number_rows())
def test_the_direction_follows_the_row(row):
    levels, targets, lower_is_better = row
    assert target_direction(targets, levels) == ("lower" if lower_is_better else "higher")


def rises_and_falls(values):
    pairs = list(pairwise(values))
    return any(b > a for a, b in pairs) and any(b < a for a, b in pairs)


@st.composite
def zigzag_rows(draw):
    """(targets, filled levels): a five-column row whose filled targets both rise and fall."""
    values = draw(st.lists(st.integers(-1_000, 1_000), min_size=3, max_size=5).filter(rises_and_falls))
    slots = sorted(draw(st.permutations(range(5)))[: len(values)])
    targets = [None] * 5
    for slot, value in zip(slots, values, strict=True):
        targets[slot] = value
    return targets, [FIVE_LEVELS[slot] for slot in slots]


@given(row=zigzag_rows())
def test_a_row_that_rises_and_falls_is_rejected_naming_adjacent_columns(row):
    targets, filled_levels = row
    with pytest.raises(TargetOrderError) as caught:
        target_direction(targets, FIVE_LEVELS)
    assert caught.value.breaks
    assert set(caught.value.breaks) <= set(pairwise(filled_levels))


@given(data=st.data(), row=date_rows())
def test_earlier_dates_never_score_less(data, row):
    levels, targets = row
    days = st.integers(-30, 400).map(lambda n: YEAR_START + timedelta(days=n))
    earlier, later = sorted([data.draw(days), data.draw(days)])
    assert raw_score(targets, earlier, levels) >= raw_score(targets, later, levels)
    assert target_direction(targets, levels) == "earlier"


@given(data=st.data(), row=date_rows())
def test_dates_score_as_day_numbers_where_fewer_is_better(data, row):
    levels, targets = row
    achievement = YEAR_START + timedelta(days=data.draw(st.integers(-30, 400)))
    ordinals = [None if t is None else t.toordinal() for t in targets]
    expected = raw_score(targets, achievement, levels)
    assert raw_score(ordinals, achievement.toordinal(), levels, direction="lower") == expected


@given(row=date_rows())
def test_a_date_row_that_gets_earlier_is_rejected(row):
    levels, targets = row
    assume(not is_constant(targets))
    with pytest.raises(TargetOrderError):
        target_direction(list(reversed(targets)), levels)


QUARTERS = st.lists(st.one_of(st.none(), HUNDREDTHS), min_size=4, max_size=4)


@given(quarters=QUARTERS)
def test_the_annual_sum_is_the_sum_of_the_reported_quarters(quarters):
    reported = filled(quarters)
    assert annual_achievement("sum", quarters) == (sum(reported) if reported else None)


@given(quarters=QUARTERS)
def test_the_annual_average_lies_within_the_reported_quarters(quarters):
    reported = filled(quarters)
    average = annual_achievement("average", quarters)
    if reported:
        assert min(reported) <= average <= max(reported)
    else:
        assert average is None


@given(quarters=QUARTERS)
def test_the_cumulative_value_is_the_latest_reported(quarters):
    reported = filled(quarters)
    assert annual_achievement("cumulative", quarters) == (reported[-1] if reported else None)


@given(quarters=st.lists(st.one_of(st.none(), st.dates()), min_size=4, max_size=4))
def test_the_date_is_the_earliest_reported(quarters):
    reported = filled(quarters)
    assert annual_achievement("date", quarters) == (min(reported) if reported else None)


@given(quarters=QUARTERS, quarter=st.integers(1, 4))
def test_values_through_keeps_the_quarters_up_to_n(quarters, quarter):
    kept = values_through(quarters, quarter)
    assert list(kept[:quarter]) == quarters[:quarter]
    assert all(value is None for value in kept[quarter:])


@st.composite
def agreements(draw):
    """Areas of indicators on valid rows, some of them broken by a row that rises and falls."""
    areas = []
    for area in range(draw(st.integers(1, 3))):
        indicators = []
        for number in range(draw(st.integers(1, 4))):
            if draw(st.booleans()):
                levels, targets, _ = draw(number_rows())
            else:
                levels, targets = FIVE_LEVELS, draw(zigzag_rows())[0]
            quarters = draw(st.lists(st.one_of(st.none(), HUNDREDTHS), min_size=4, max_size=4))
            weight = draw(st.integers(0, 1000).map(lambda n: Decimal(n).scaleb(-2)))
            code = f"{area}.{number}"
            indicators.append(IndicatorInput(code, weight, "sum", targets, quarters, levels))
        areas.append(AreaInput(str(area), Decimal(10), indicators))
    return areas


@given(areas=agreements(), through_quarter=st.sampled_from([None, 1, 2, 3, 4]))
def test_scoring_leniently_scores_the_scorable_indicators_exactly_and_the_others_0(areas, through_quarter):
    result = score_agreement(areas, through_quarter=through_quarter, strict=False)
    expected_total = Decimal(0)
    for area, area_score in zip(areas, result.areas, strict=True):
        for indicator, score in zip(area.indicators, area_score.indicators, strict=True):
            try:
                strict = score_indicator(indicator, through_quarter=through_quarter)
            except ValueError as error:
                assert (score.raw, score.weighted, score.problem) == (0, 0, str(error))
            else:
                assert score == strict and not score.problem
                expected_total += strict.weighted
    assert result.total == expected_total
