"""Scoring rules (DESIGN.md sections 3-4) on worked examples and rows transcribed from the seed documents."""

from datetime import date
from decimal import Decimal as D

import pytest

from indicators.scoring import (
    DEFAULT_LEVELS,
    AreaInput,
    Direction,
    IndicatorInput,
    Method,
    PlanItemInput,
    PlanItemKind,
    Policy,
    Rule,
    ScoreKind,
    TargetOrderError,
    annual_achievement,
    explain_raw_score,
    quarterly_proportional,
    raw_score,
    readable_direction,
    scale_plan_score,
    score_agreement,
    score_indicator,
    score_plan,
    target_direction,
    values_through,
)

THREE_LEVELS = (100, 80, 60)
NOTHING = (None, None, None, None)


def dmy(text: str) -> date:
    """A date as the seeds print it: 16/03/2022."""
    day, month, year = text.split("/")
    return date(int(year), int(month), int(day))


# Annual achievement from the quarters


def test_it_sums_the_quarters():
    assert annual_achievement("sum", [10, 15, 20, 25]) == 70


def test_it_sums_only_the_reported_quarters():
    assert annual_achievement(Method.SUM, [10, None, D("2.5"), None]) == D("12.5")


def test_it_averages_the_reported_quarters_only():
    assert annual_achievement("average", [10, None, 20, None]) == 15


def test_it_rounds_an_average_to_four_decimals_half_up():
    assert annual_achievement("average", [1, 1, 2, None]) == D("1.3333")
    assert annual_achievement("average", [D("0.00005"), 0, None, None]) == D("0.0000")
    assert annual_achievement("average", [D("0.0001"), 0, None, None]) == D("0.0001")  # 0.00005 rounds up


def test_it_takes_the_latest_reported_value_for_cumulative():
    assert annual_achievement("cumulative", [5, 12, None, None]) == 12
    assert annual_achievement("cumulative", [5, None, 9, None]) == 9


def test_it_takes_the_earliest_reported_date():
    reported = [None, date(2022, 1, 23), date(2021, 12, 29), None]
    assert annual_achievement("date", reported) == date(2021, 12, 29)


@pytest.mark.parametrize("method", list(Method))
def test_it_returns_none_when_no_quarter_is_reported(method):
    assert annual_achievement(method, NOTHING) is None


def test_it_returns_decimals_for_numbers():
    assert type(annual_achievement("sum", [1, 2, 3, 4])) is D
    assert type(annual_achievement("cumulative", [1, None, None, None])) is D


@pytest.mark.parametrize("values", [[1, 2, 3], [1, 2, 3, 4, 5], []])
def test_it_rejects_anything_but_four_quarters(values):
    with pytest.raises(ValueError, match="4 quarter values"):
        annual_achievement("sum", values)


def test_it_rejects_an_unknown_method():
    with pytest.raises(ValueError, match="unknown calculation method 'median'"):
        annual_achievement("median", [1, 2, 3, 4])


@pytest.mark.parametrize("method", ["sum", "average", "cumulative"])
def test_it_rejects_a_date_for_a_numeric_method(method):
    with pytest.raises(ValueError, match=f"method '{method}' needs numbers, but quarter 2 holds the date"):
        annual_achievement(method, [1, date(2022, 1, 1), None, None])


def test_it_rejects_a_number_for_the_date_method():
    with pytest.raises(ValueError, match="method 'date' needs dates, but quarter 1 holds the number 5"):
        annual_achievement("date", [5, None, None, None])


@pytest.mark.parametrize("value", [1.5, True, "12"])
def test_it_rejects_floats_booleans_and_text(value):
    with pytest.raises(ValueError, match="must be an int or a Decimal"):
        annual_achievement("sum", [value, None, None, None])


def test_it_uses_the_single_reported_quarter_when_the_method_is_missing():
    assert annual_achievement(None, [None, 386, None, None]) == 386
    assert annual_achievement(None, [None, None, date(2022, 12, 12), None]) == date(2022, 12, 12)
    assert annual_achievement(None, NOTHING) is None


def test_it_refuses_several_quarters_when_the_method_is_missing():
    with pytest.raises(ValueError, match="calculation method missing"):
        annual_achievement(None, [1, 2, None, None])


def test_values_through_blanks_the_quarters_after_the_one_given():
    assert values_through([1, 2, 3, 4], 2) == (1, 2, None, None)
    assert values_through([1, 2, 3, 4], 4) == (1, 2, 3, 4)
    assert values_through([None, 2, 3, 4], 1) == (None, None, None, None)


@pytest.mark.parametrize("quarter", [0, 5, None, 2.0])
def test_values_through_rejects_a_quarter_outside_1_to_4(quarter):
    with pytest.raises(ValueError, match="quarter must be 1-4"):
        values_through([1, 2, 3, 4], quarter)


# Raw score against the target row

SERVICES = [500, 450, 400, 350, 300]  # DESIGN.md section 4 worked example


def test_it_interpolates_between_filled_neighbours():
    assert raw_score(SERVICES, 475) == 95


def test_it_interpolates_percentages_with_two_decimals():
    targets = [D("30.00"), D("29.95"), D("29.90"), D("29.85"), D("29.80")]
    assert raw_score(targets, D("29.97")) == 94


def test_it_scores_the_khulna_advice_row_of_seed_001():
    # [১.২.১] প্রদানকৃত পরামর্শ/সেবা: 400/350/300/250/200, achievement 386.
    assert raw_score([400, 350, 300, 250, 200], 386) == D("97.2")


def test_it_quantizes_to_four_decimals_half_up():
    # 90 + 10 * 1/3 = 93.3333..; 90 + 10 * 2/3 = 96.6666.. rounds up.
    assert str(raw_score([3, 0, None, None, None], 1)) == "93.3333"
    assert str(raw_score([3, 0, None, None, None], 2)) == "96.6667"


@pytest.mark.parametrize(("achievement", "level"), list(zip(SERVICES, DEFAULT_LEVELS, strict=True)))
def test_it_gives_the_column_level_exactly_at_a_column(achievement, level):
    assert raw_score(SERVICES, achievement) == level


@pytest.mark.parametrize("achievement", [500, 501, 10_000])
def test_it_never_gives_more_than_the_best_level(achievement):
    assert raw_score(SERVICES, achievement) == 100


@pytest.mark.parametrize("achievement", [299, D("299.99"), 0])
def test_it_scores_zero_below_the_worst_filled_column(achievement):
    assert raw_score(SERVICES, achievement) == 0


def test_it_scores_a_reported_zero_as_zero_and_not_reported_as_zero():
    assert raw_score(SERVICES, 0) == 0
    assert raw_score(SERVICES, None) == 0


@pytest.mark.parametrize(
    ("achievement", "expected"),
    [(3, 100), (2, 100), (D("1.5"), 95), (1, 90), (0, 80), (-1, 0)],
)
def test_it_gives_the_best_tied_level_to_an_achievement_at_tied_columns(achievement, expected):
    # Seed 001 [৩.৪.১] পরিদর্শনের সংখ্যা: 2/1/0/0/0.
    assert raw_score([2, 1, 0, 0, 0], achievement) == expected


@pytest.mark.parametrize(("achievement", "expected"), [(30, 100), (25, 100), (22, 94), (20, 90), (19, 0)])
def test_it_skips_blank_columns_after_the_filled_ones(achievement, expected):
    # Seed 000 [৪.১.১] প্রশিক্ষণার্থীদের সংখ্যা: only 25 and 20 are filled.
    assert raw_score([25, 20, None, None, None], achievement) == expected


@pytest.mark.parametrize(("achievement", "expected"), [(2, 100), (D("1.5"), 90), (1, 80), (0, 0)])
def test_it_interpolates_across_a_blank_column(achievement, expected):
    # Seed 003 e-Governance [৮.১.১]: 2, -, 1, -, -.
    assert raw_score([2, None, 1, None, None], achievement) == expected


def test_it_reads_a_blank_best_column_as_capping_at_the_best_filled_level():
    assert raw_score([None, 450, 400, 350, 300], 1000) == 90


@pytest.mark.parametrize(
    ("achievement", "expected"),
    [(date(2022, 12, 1), 100), (date(2022, 12, 12), 100), (date(2022, 12, 13), 0)],
)
def test_it_scores_a_date_row_with_only_t100_as_all_or_nothing(achievement, expected):
    # Seed 000 [৩.১.১] ডিজিটাল বাংলাদেশ দিবস উদ্যাপন: 12.12.22 and nothing else.
    assert raw_score([date(2022, 12, 12), None, None, None, None], achievement) == expected


@pytest.mark.parametrize(
    ("achievement", "expected"),
    [("08/03/25", 100), ("09/03/25", 100), ("12/03/25", D("95.7143")), ("16/03/25", 90), ("07/04/25", 0)],
)
def test_it_interpolates_dates_in_days_with_earlier_better(achievement, expected):
    # Seed 003 e-Governance [১.১.১]: one week between columns; 3 days late of 7 costs 30/7 points.
    targets = [date(2025, 3, 9), date(2025, 3, 16), date(2025, 3, 23), date(2025, 3, 30), date(2025, 4, 6)]
    day, month, year = achievement.split("/")
    assert raw_score(targets, date(2000 + int(year), int(month), int(day))) == expected


@pytest.mark.parametrize(("days", "expected"), [(5, 100), (10, 100), (12, 96), (15, 90), (30, 60), (31, 0)])
def test_it_scores_rising_targets_as_lower_is_better(days, expected):
    # Days to dispose of a complaint: fewer is better.
    assert raw_score([10, 15, 20, 25, 30], days) == expected


def test_it_is_mirror_symmetric_on_the_worked_example():
    assert raw_score([-t for t in SERVICES], -475) == raw_score(SERVICES, 475) == 95


def test_it_assumes_higher_is_better_for_a_constant_row_and_says_so():
    assert raw_score([5, 5, 5, 5, 5], 6) == 100
    assert raw_score([5, 5, 5, 5, 5], 5) == 100
    assert raw_score([5, 5, 5, 5, 5], 4) == 0
    assert explain_raw_score([5, 5, 5, 5, 5], 4).direction_assumed
    assert not explain_raw_score(SERVICES, 475).direction_assumed


@pytest.mark.parametrize(
    ("targets", "achievement", "direction", "expected"),
    [
        # Days to dispose of a complaint, only the 100% column filled: fewer is better.
        ([2, None, None, None, None], 1, "lower", 100),
        ([2, None, None, None, None], 2, "lower", 100),
        ([2, None, None, None, None], 3, "lower", 0),
        ([2, None, None, None, None], 1, "higher", 0),
        # Zero errors in every column: any error scores 0 when fewer is better.
        ([0, 0, 0, 0, 0], 3, "lower", 0),
        ([0, 0, 0, 0, 0], 0, "lower", 100),
        ([0, 0, 0, 0, 0], 3, "higher", 100),
        # The hint only decides where the targets cannot: agreeing with them changes nothing.
        (SERVICES, 475, "higher", 95),
        ([10, 15, 20, 25, 30], 12, "lower", 96),
    ],
)
def test_a_direction_hint_decides_where_the_targets_cannot(targets, achievement, direction, expected):
    assert raw_score(targets, achievement, direction=direction) == expected
    explanation = explain_raw_score(targets, achievement, direction=direction)
    assert (explanation.direction, explanation.direction_assumed) == (direction, False)


@pytest.mark.parametrize(
    ("targets", "direction"),
    [
        (SERVICES, "lower"),
        ([10, 15, 20, 25, 30], "higher"),
        ([5, 5, 5, 5, 5], "earlier"),
        ([date(2022, 12, 12), None, None, None, None], "higher"),
        ([date(2022, 12, 12), None, None, None, None], "lower"),
    ],
)
def test_a_direction_hint_that_contradicts_the_targets_is_an_error(targets, direction):
    with pytest.raises(ValueError, match="contradicts the targets"):
        raw_score(targets, None, direction=direction)
    with pytest.raises(ValueError, match="contradicts the targets"):
        target_direction(targets, direction=direction)


def test_an_unknown_direction_hint_is_an_error():
    with pytest.raises(ValueError, match="unknown direction 'up'"):
        raw_score([5, None, None, None, None], 5, direction="up")


@pytest.mark.parametrize(
    ("targets", "readable"),
    [
        (SERVICES, "higher"),
        ([10, 15, 20, 25, 30], "lower"),
        ([2, None, None, None, None], None),
        ([0, 0, 0, 0, 0], None),
        ([None, 7, None, 7, None], None),
        ([date(2022, 12, 12), None, None, None, None], "earlier"),
    ],
)
def test_readable_direction_is_none_where_the_numbers_cannot_tell(targets, readable):
    assert readable_direction(targets) == readable


def test_it_scores_three_level_rows():
    # Seed 004 [১.৫.১] ই-ফাইলে নোট নিষ্পত্তিকৃত: 80%/70%/60% on levels 100/80/60.
    assert raw_score([80, 70, 60], D("84.51"), THREE_LEVELS) == 100
    assert raw_score([80, 70, 60], 75, THREE_LEVELS) == 90
    assert raw_score([80, 70, 60], 60, THREE_LEVELS) == 60


@pytest.mark.parametrize(
    ("achievement", "expected"), [(475, 90), (450, 90), (449, 80), (500, 100), (600, 100), (299, 0)]
)
def test_step_policy_snaps_down_to_the_column_reached(achievement, expected):
    assert raw_score(SERVICES, achievement, policy="step") == expected
    assert raw_score(SERVICES, achievement, policy=Policy.STEP) == expected


def test_it_rejects_an_unknown_policy():
    with pytest.raises(ValueError, match="unknown scoring policy 'round'"):
        raw_score(SERVICES, 475, policy="round")


def test_it_rejects_a_non_monotonic_row_naming_the_columns():
    with pytest.raises(
        TargetOrderError, match=r"falls from 100% \(10\) to 90% \(8\) but rises from 90% \(8\) to 80% \(9\)"
    ) as caught:
        raw_score([10, 8, 9, 7, 6], 8)
    assert caught.value.breaks == ((90, 80),)
    assert isinstance(caught.value, ValueError)


def test_it_names_every_break_and_skips_blanks_when_reporting_order():
    with pytest.raises(TargetOrderError) as caught:
        target_direction([1, None, 3, 2, 4])
    assert caught.value.breaks == ((80, 70),)
    assert "rises from 100% (1) to 80% (3) but falls from 80% (3) to 70% (2)" in str(caught.value)


@pytest.mark.parametrize(
    ("targets", "direction", "misplaced", "breaks"),
    [
        # The 90% typed above the 100%: three pairs still fall, so higher is better and the 90% is wrong.
        ([10, 12, 8, 7, 6], "higher", (90,), ((100, 90),)),
        # The 100% typed below the 90%: the rest falls, the 100% is the odd one out.
        ([5, 9, 8, 7, 6], "higher", (100,), ((100, 90),)),
        # The ends swapped: the middle falls, both ends are out of order.
        ([300, 450, 400, 350, 500], "higher", (100, 60), ((100, 90), (70, 60))),
        # Lower is better with the 80% typed too low; blanks are skipped.
        ([1, None, 0, 3, 4], "lower", (80,), ((100, 80),)),
        # Either neighbour could be wrong: the later-typed (worse) column is marked.
        ([10, 8, 9, 7, 6], "higher", (80,), ((90, 80),)),
    ],
)
def test_an_order_error_names_the_columns_out_of_the_majority_order(targets, direction, misplaced, breaks):
    with pytest.raises(TargetOrderError) as caught:
        target_direction(targets)
    assert caught.value.direction == direction
    assert caught.value.misplaced == misplaced
    assert caught.value.breaks == breaks


def test_an_order_error_in_dates_marks_the_later_column_that_got_earlier():
    targets = [date(2022, 3, 1), date(2022, 2, 1), date(2022, 3, 20)]
    with pytest.raises(TargetOrderError) as caught:
        target_direction(targets, THREE_LEVELS)
    assert (caught.value.direction, caught.value.misplaced) == ("earlier", (80,))


def test_it_rejects_a_date_row_that_gets_earlier_towards_the_worse_columns():
    targets = [date(2022, 3, 16), date(2022, 3, 1), None]
    with pytest.raises(
        TargetOrderError, match=r"80% \(2022-03-01\) is earlier than 100% \(2022-03-16\)"
    ) as caught:
        raw_score(targets, date(2022, 3, 1), THREE_LEVELS)
    assert caught.value.breaks == ((100, 80),)


def test_it_rejects_a_non_monotonic_row_even_when_nothing_is_reported():
    with pytest.raises(TargetOrderError):
        raw_score([10, 8, 9, 7, 6], None)


def test_it_rejects_targets_that_mix_dates_and_numbers():
    with pytest.raises(ValueError, match="mix dates and numbers"):
        raw_score([date(2022, 1, 1), 5, None, None, None], 5)


def test_it_rejects_a_row_without_any_target():
    with pytest.raises(ValueError, match="no target column is filled"):
        raw_score([None] * 5, 5)


def test_it_rejects_an_achievement_of_the_wrong_kind():
    with pytest.raises(ValueError, match="targets are numbers but the achievement is the date"):
        raw_score(SERVICES, date(2022, 1, 1))
    with pytest.raises(ValueError, match="targets are dates but the achievement is 5"):
        raw_score([date(2022, 1, 1), None, None, None, None], 5)


def test_it_rejects_targets_that_do_not_match_the_levels():
    with pytest.raises(ValueError, match="3 targets for 5 level columns"):
        raw_score([3, 2, 1], 2)


@pytest.mark.parametrize("levels", [(100, 100, 80), (80, 100, 60), (120, 90, 80), (100, 50, 0)])
def test_it_rejects_levels_that_do_not_fall_within_0_to_100(levels):
    with pytest.raises(ValueError, match="levels must"):
        raw_score([3, 2, 1], 2, levels)


def test_it_rejects_a_float_target():
    with pytest.raises(ValueError, match="target 90% must be an int or a Decimal"):
        raw_score([10, 9.5, 9, 8, 7], 9)


@pytest.mark.parametrize(
    ("targets", "direction"),
    [
        (SERVICES, "higher"),
        ([10, 15, 20, 25, 30], "lower"),
        ([5, 5, 5, 5, 5], "higher"),
        ([None, None, 7, None, None], "higher"),
        ([2, 1, 0, 0, 0], "higher"),
        ([0, 0, 1, None, 2], "lower"),
        ([date(2022, 1, 1), date(2022, 1, 1), None, date(2022, 2, 1), None], "earlier"),
    ],
)
def test_target_direction_follows_the_filled_targets(targets, direction):
    assert target_direction(targets) == direction
    assert target_direction(targets) is Direction(direction)


# Explanations


def test_the_explanation_of_an_interpolation_names_both_neighbours():
    explanation = explain_raw_score(SERVICES, 475)
    assert explanation.rule == Rule.INTERPOLATED == "interpolated"
    assert explanation.direction == "higher"
    assert explanation.achievement == 475
    assert explanation.upper == (100, 500)
    assert explanation.lower == (90, 450)
    assert explanation.raw == 95


def test_the_explanation_of_an_exact_match_names_the_best_tied_column():
    explanation = explain_raw_score([2, 1, 0, 0, 0], 0)
    assert (explanation.rule, explanation.upper, explanation.lower, explanation.raw) == (
        "exact",
        (80, 0),
        (80, 0),
        80,
    )


def test_the_explanation_beyond_the_best_column_names_it_as_the_lower_neighbour():
    explanation = explain_raw_score([None, 450, 400, 350, 300], 460)
    assert (explanation.rule, explanation.upper, explanation.lower) == ("at_or_beyond_best", None, (90, 450))


def test_the_explanation_below_the_worst_column_names_it_as_the_upper_neighbour():
    explanation = explain_raw_score([10, 15, 20, None, None], 21)
    assert (explanation.rule, explanation.direction) == ("below_worst", "lower")
    assert (explanation.upper, explanation.lower, explanation.raw) == ((80, 20), None, 0)


def test_the_explanation_of_a_step_names_the_column_reached_and_the_one_missed():
    explanation = explain_raw_score(SERVICES, 475, policy="step")
    assert (explanation.rule, explanation.upper, explanation.lower, explanation.raw) == (
        "stepped",
        (100, 500),
        (90, 450),
        90,
    )


def test_the_explanation_of_a_date_keeps_the_dates():
    targets = [date(2022, 1, 13), date(2022, 1, 20), date(2022, 1, 27)]
    explanation = explain_raw_score(targets, date(2022, 1, 11), THREE_LEVELS)
    assert explanation.direction == "earlier"
    assert explanation.lower == (100, date(2022, 1, 13))


def test_the_explanation_of_nothing_reported_says_so():
    explanation = explain_raw_score(SERVICES, None)
    assert (explanation.rule, explanation.achievement, explanation.upper, explanation.lower) == (
        "not_reported",
        None,
        None,
        None,
    )
    assert explanation.raw == 0


# Indicators, areas, agreements


def indicator(code="1.1.1", weight=D(5), method="sum", targets=SERVICES, quarters=(100, 125, 150, 100), **kw):
    return IndicatorInput(code, weight, method, targets, quarters, **kw)


def test_it_weights_the_raw_score():
    score = score_indicator(indicator())
    assert (score.annual_value, score.raw, score.weighted) == (475, 95, D("4.75"))
    assert score.reported and not score.governance
    assert score.explanation.rule == "interpolated"
    assert score.quarter_values == (100, 125, 150, 100)


def test_it_quantizes_the_weighted_score_half_up():
    score = score_indicator(indicator(weight=D("3"), targets=[3, 0, None, None, None], quarters=(1, 0, 0, 0)))
    assert str(score.raw) == "93.3333"
    assert str(score.weighted) == "2.8000"  # 3 x 93.3333 / 100 = 2.79999..


def test_a_reported_zero_is_reported_and_a_blank_year_is_not():
    zero = score_indicator(indicator(quarters=(0, None, None, None)))
    blank = score_indicator(indicator(quarters=NOTHING))
    assert (zero.reported, zero.raw, zero.annual_value) == (True, 0, 0)
    assert (blank.reported, blank.raw, blank.weighted, blank.annual_value) == (False, 0, 0, None)
    assert blank.explanation.rule == "not_reported"


def test_through_quarter_scores_progress_as_if_the_year_ended_then():
    ind = indicator(method="cumulative", quarters=(150, 330, 460, 520))
    assert score_indicator(ind, through_quarter=2).raw == 66
    assert score_indicator(ind, through_quarter=3).raw == 92
    assert score_indicator(ind, through_quarter=3).quarter_values == (150, 330, 460, None)
    assert score_indicator(ind).raw == 100


def test_the_policy_reaches_indicator_scores():
    assert score_indicator(indicator(), policy="step").raw == 90


def test_a_governance_indicator_takes_its_plans_scaled_score():
    score = score_indicator(
        indicator(code="M.1.2.1", weight=D(10), method="cumulative", fixed_score=D("7.5"))
    )
    assert (score.governance, score.reported, score.weighted, score.raw) == (True, True, D("7.5"), 75)
    assert score.explanation is None
    assert score.annual_value == D("7.5")


def test_a_governance_score_is_capped_at_its_weight():
    score = score_indicator(indicator(weight=D(4), fixed_score=D("4.2")))
    assert (score.weighted, score.raw) == (4, 100)


def test_a_governance_indicator_without_a_plan_score_is_not_reported():
    # Seed 001's এম.১.x rows: no targets and no achievement yet.
    score = score_indicator(IndicatorInput("M.1.1.1", D(10), None, [None] * 5, NOTHING, governance=True))
    assert (score.governance, score.reported, score.raw, score.weighted) == (True, False, 0, 0)


def test_a_governance_fixed_score_ignores_through_quarter():
    score = score_indicator(indicator(weight=D(3), fixed_score=D("1.5")), through_quarter=1)
    assert score.weighted == D("1.5")


def test_it_rejects_a_negative_fixed_score_or_weight():
    with pytest.raises(ValueError, match="fixed score is negative"):
        score_indicator(indicator(fixed_score=D(-1)))
    with pytest.raises(ValueError, match="weight is negative"):
        score_indicator(indicator(weight=D(-1)))


def test_an_indicator_that_cannot_be_scored_raises_unless_the_caller_asks_for_0():
    broken = indicator(code="1.1.2", targets=[300, 450, 400, 350, 500], quarters=(100, 150, None, None))
    areas = [AreaInput("1", D(10), [indicator(), broken])]
    with pytest.raises(TargetOrderError):
        score_agreement(areas)
    result = score_agreement(areas, strict=False)
    fine, unscored = result.areas[0].indicators
    assert fine == score_indicator(indicator()) and fine.problem == ""
    assert (unscored.raw, unscored.weighted, unscored.explanation) == (0, 0, None)
    assert "not monotonic" in unscored.problem
    assert (unscored.reported, unscored.annual_value, unscored.quarter_values) == (
        True,
        250,
        (100, 150, None, None),
    )
    assert result.total == fine.weighted == D("4.75")


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"targets": [None] * 5}, "no target column is filled"),
        ({"targets": [None] * 5, "quarters": NOTHING}, "no target column is filled"),
        ({"quarters": (date(2023, 1, 1), None, None, None), "method": "date"}, "targets are numbers"),
        ({"method": None}, "calculation method missing"),
    ],
)
def test_an_unscorable_indicator_scores_0_with_the_reason(changes, problem):
    score = score_indicator(indicator(**changes), strict=False)
    assert (score.raw, score.weighted) == (0, 0)
    assert problem in score.problem
    assert score.reported == any(v is not None for v in score.quarter_values)


def test_an_unscorable_indicator_keeps_through_quarter():
    score = score_indicator(indicator(targets=[None] * 5), through_quarter=1, strict=False)
    assert score.quarter_values == (100, None, None, None) and score.annual_value == 100


def test_an_error_names_the_indicator():
    with pytest.raises(ValueError, match="calculation method missing") as caught:
        score_indicator(indicator(code="[২.১.১]", method=None))
    assert "while scoring indicator [২.১.১]" in caught.value.__notes__


def test_it_scores_the_khulna_q2_report_of_seed_001():
    # The quarterly report states no calculation method and one figure per indicator, which the missing-method
    # rule accepts. Governance rows have no plan score yet.
    def row(code, weight, targets, achievement):
        return IndicatorInput(code, D(weight), None, targets, (None, achievement, None, None))

    areas = [
        AreaInput(
            "1",
            D(20),
            [
                row("১.১.১", 5, [500, 450, 400, 350, 300], 69),
                row("১.২.১", 5, [400, 350, 300, 250, 200], 386),
                row("১.৩.১", 5, [20, 15, 10, 5, 0], 12),
                row("১.৪.১", 5, [12, 10, 8, 6, 4], 1),
            ],
        ),
        AreaInput(
            "2",
            D(20),
            [
                row("২.১.১", 5, [60, 40, 30, 25, 20], 30),
                row("২.২.১", 5, [40, 30, 25, 20, 10], 45),
                row("২.৩.১", 4, [50, 40, 30, 20, 10], None),
                row("২.৪.১", 6, [80, 70, 60, 50, 40], None),
            ],
        ),
        AreaInput(
            "3",
            D(15),
            [
                row("৩.১.১", 4, [140, 130, 120, 110, 100], 57),
                row("৩.২.১", 3, [12, 10, 8, 6, 4], 1),
                row("৩.৩.১", 4, [9, 8, 7, 6, 5], 2),
                row("৩.৪.১", 4, [2, 1, 0, 0, 0], 1),
            ],
        ),
        AreaInput(
            "4",
            D(15),
            [
                row("৪.১.১", 5, [10, 9, 8, 7, 6], 10),
                row("৪.২.১", 5, [10, 9, 8, 7, 6], None),
                row("৪.৩.১", 5, [10, 9, 8, 7, 6], 10),
            ],
        ),
        AreaInput(
            "M.1",
            D(30),
            [
                IndicatorInput(f"এম.১.{i}.১", D(marks), None, [None] * 5, NOTHING, governance=True)
                for i, marks in enumerate((10, 10, 4, 3, 3), start=1)
            ],
        ),
    ]
    result = score_agreement(areas, through_quarter=2)
    assert [area.total for area in result.areas] == [D("9.06"), 9, D("3.6"), 10, 0]
    assert result.total == D("31.66")
    khulna_advice = result.areas[0].indicators[1]
    assert (khulna_advice.raw, khulna_advice.weighted) == (D("97.2"), D("4.86"))
    assert [i.reported for i in result.areas[1].indicators] == [True, True, False, False]


def test_agreement_totals_add_the_already_quantized_weighted_scores():
    # Each weighted score rounds up by 0.00005 on its own; the total is their sum, as the report shows it.
    rows = [
        indicator(code=str(i), weight=D(3), targets=[3, 0, None, None, None], quarters=(1, 0, 0, 0))
        for i in range(3)
    ]
    result = score_agreement([AreaInput("1", D(9), rows)])
    assert str(result.total) == "8.4000"


# Governance action plans


def seed_004_plan():
    """The e-Governance plan 2021-22 self-assessment of seed 004: 13 items on levels 100/80/60, total 50."""

    def item(code, weight, targets, achievement):
        return PlanItemInput(code, D(weight), "levels", targets, THREE_LEVELS, achievement)

    return [
        item("১.১.১", 5, [dmy("16/03/2022"), dmy("14/04/2022"), dmy("05/05/2022")], dmy("15/03/2022")),
        item("১.২.১", 5, [dmy("25/02/2022"), dmy("04/03/2022"), dmy("25/03/2022")], dmy("24/02/2022")),
        item("১.৩.১", 5, [dmy("30/12/2021"), dmy("13/01/2022"), dmy("20/01/2022")], dmy("29/12/2021")),
        item("১.৪.১", 4, [dmy("30/08/2021"), dmy("15/09/2021"), dmy("30/09/2021")], dmy("26/08/2021")),
        item("১.৫.১", 6, [80, 70, 60], D("84.51")),
        item("১.৬.১", 4, [4, 3, 2], 4),  # four workshops, dates listed
        item("২.১.১", 4, [4, 3, 2], 4),  # "implemented every quarter"
        item("২.১.২", 2, [4, 3, 2], 4),  # "implemented every quarter"
        item("২.২.১", 3, [4, 3, 2], 4),  # four trainings, dates listed
        # No figure in the seed (evidence went with the Q4 report); the full claimed score means 100% column.
        item("২.২.২", 3, [80, 70, 60], 80),
        item("২.২.৩", 3, [4, 3, 2], 4),  # four meetings, dates listed
        item("২.২.৪", 3, [dmy("13/01/2022"), dmy("20/01/2022"), dmy("27/01/2022")], dmy("11/01/2022")),
        # Unit says সংখ্যা but the targets are dates; the 60% column is "-".
        item("২.২.৫", 3, [dmy("30/05/2022"), dmy("30/06/2022"), None], dmy("23/01/2022")),
    ]


def test_the_seed_004_plan_scores_50_of_50_and_scales_to_10_of_10():
    plan = score_plan(seed_004_plan())
    assert len(plan.items) == 13
    assert (plan.total_weight, plan.score) == (50, 50)
    assert all(item.raw == 100 and item.score == item.weight for item in plan.items)
    assert plan.items[0].explanation.rule == "at_or_beyond_best"
    assert scale_plan_score(plan.score, 50, 10) == 10


def test_a_levels_item_interpolates_like_an_indicator():
    item = PlanItemInput("১.৫.১", D(6), PlanItemKind.LEVELS, [80, 70, 60], THREE_LEVELS, 75)
    scored = score_plan([item]).items[0]
    assert (scored.raw, scored.score, scored.explanation.rule) == (90, D("5.4"), "interpolated")


def test_a_proportional_item_earns_its_share_of_the_weight_up_to_the_whole():
    def proportional(achievement):
        return PlanItemInput("1.1", D(2), "proportional", achievement=achievement, target=4)

    items = score_plan([proportional(3), proportional(6), proportional(None), proportional(0)]).items
    assert [(i.raw, i.score, i.reported) for i in items] == [
        (75, D("1.5"), True),
        (100, 2, True),
        (0, 0, False),
        (0, 0, True),
    ]


@pytest.mark.parametrize("target", [0, None, D(-1), date(2024, 7, 31)])
def test_a_proportional_item_needs_a_positive_number_as_target(target):
    with pytest.raises(ValueError, match="proportional item needs"):
        score_plan([PlanItemInput("1.1", D(2), "proportional", achievement=1, target=target)])


@pytest.mark.parametrize(
    ("achievement", "score"),
    [(date(2024, 7, 30), 2), (date(2024, 7, 31), 2), (date(2024, 8, 1), 0), (None, 0)],
)
def test_a_date_bound_item_earns_nothing_when_late(achievement, score):
    # Seed 003 integrity plan ২.১: procurement plan on the website by 31/07/24.
    item = PlanItemInput("2.1", D(2), "date_bound", achievement=achievement, target=date(2024, 7, 31))
    assert score_plan([item]).items[0].score == score


def test_a_date_bound_item_needs_dates():
    with pytest.raises(ValueError, match="needs a date as its target"):
        score_plan([PlanItemInput("2.1", D(2), "date_bound", achievement=date(2024, 7, 1), target=31)])
    with pytest.raises(ValueError, match="needs a date as its achievement"):
        score_plan([PlanItemInput("2.1", D(2), "date_bound", achievement=31, target=date(2024, 7, 31))])


def test_an_item_without_a_weight_scores_zero_and_is_flagged():
    # Seed 003 GRS [১.২.১] leaves its weight blank.
    item = PlanItemInput("১.২.১", None, "levels", [5, 4, 3, 2, 1], DEFAULT_LEVELS, 5)
    plan = score_plan([item, PlanItemInput("১.১.১", D(15), "levels", [90, 80, 70, 60, None], achievement=90)])
    blank = plan.items[0]
    assert (blank.weight_missing, blank.raw, blank.score) == (True, 100, 0)
    assert not plan.items[1].weight_missing
    assert (plan.total_weight, plan.score) == (15, 15)


def test_a_plan_rejects_an_unknown_item_kind_and_names_the_item():
    with pytest.raises(ValueError, match="unknown plan item kind 'bonus'") as caught:
        score_plan([PlanItemInput("৯.৯", D(1), "bonus")])
    assert "while scoring plan item ৯.৯" in caught.value.__notes__


@pytest.mark.parametrize(
    ("score", "plan_total", "marks", "expected"),
    [(50, 50, 10, 10), (40, 50, 10, 8), (D("23.5"), 25, 4, D("3.76")), (55, 50, 10, 10), (0, 25, 4, 0)],
)
def test_scale_plan_score_maps_a_plan_onto_its_marks(score, plan_total, marks, expected):
    assert scale_plan_score(score, plan_total, marks) == expected


def test_scale_plan_score_rounds_to_four_decimals():
    assert str(scale_plan_score(D("33.3"), 50, 3)) == "1.9980"
    assert str(scale_plan_score(1, 3, 1)) == "0.3333"


def test_scale_plan_score_rejects_a_plan_total_of_zero():
    with pytest.raises(ValueError, match="plan total must be positive"):
        scale_plan_score(10, 0, 10)


def test_quarterly_proportional_sums_the_filled_quarters():
    # Seed 003 integrity plan ১.২: stakeholder meetings "--", 1, "--", 1.
    assert quarterly_proportional([None, 1, None, 1], [None, 1, None, None]) == (1, 2)
    assert quarterly_proportional([1, 1, 1, 1], [1, 2, 0, None]) == (3, 4)
    assert quarterly_proportional([None, 1, None, 1], NOTHING) == (None, 2)


def test_quarterly_proportional_feeds_the_proportional_rule():
    achieved, target = quarterly_proportional([None, 1, None, 1], [None, 1, None, None])
    item = PlanItemInput("১.২", D(2), "proportional", achievement=achieved, target=target)
    assert score_plan([item]).score == 1


def test_quarterly_proportional_rejects_an_item_without_targets():
    with pytest.raises(ValueError, match="no quarter has a positive target"):
        quarterly_proportional(NOTHING, [1, None, None, None])


def test_score_kinds_are_shared_names():
    assert [kind.value for kind in ScoreKind] == ["progress", "claimed", "verified"]
    assert ScoreKind("verified") == "verified"
