"""Bangladesh's revised Bangla calendar (2019 revision) (pure: no Django)."""

import ast
import calendar
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from apa_portal.bangla import (
    BANGLA_MONTHS_BN,
    bangla_calendar_date,
    bangla_calendar_to_gregorian,
    bangla_month_lengths,
    format_bangla_calendar_date,
    normalize_text,
)

BOISHAKH, ASHARH, SHRABON, POUSH, FALGUN, CHOITRO = (BANGLA_MONTHS_BN[i] for i in (0, 2, 3, 8, 10, 11))


@pytest.mark.parametrize(
    ("gregorian", "expected"),
    [
        # The checks of DESIGN.md section 6.
        (date(2022, 7, 12), (28, ASHARH, 1429)),
        (date(2021, 12, 27), (12, POUSH, 1428)),
        (date(2022, 12, 16), (1, POUSH, 1429)),
        (date(2024, 2, 21), (8, FALGUN, 1430)),
        (date(2023, 4, 14), (1, BOISHAKH, 1430)),
        (date(2020, 3, 14), (30, FALGUN, 1426)),
        # Either side of the new year and of Falgun's end.
        (date(2023, 4, 13), (30, CHOITRO, 1429)),
        (date(2019, 4, 14), (1, BOISHAKH, 1426)),
        (date(2023, 3, 14), (29, FALGUN, 1429)),
        (date(2023, 3, 15), (1, CHOITRO, 1429)),
        (date(2024, 3, 14), (30, FALGUN, 1430)),
        (date(2024, 3, 15), (1, CHOITRO, 1430)),
    ],
)
def test_it_converts_known_dates(gregorian, expected):
    assert bangla_calendar_date(gregorian) == expected


def test_it_returns_a_named_tuple():
    result = bangla_calendar_date(date(2022, 7, 12))
    assert (result.day, result.month_name, result.year) == (28, ASHARH, 1429)


def test_it_accepts_datetimes():
    assert bangla_calendar_date(datetime(2022, 7, 12, 23, 30)) == (28, ASHARH, 1429)


def test_it_formats_dates_as_on_the_letters():
    assert format_bangla_calendar_date(date(2022, 7, 12)) == "২৮ আষাঢ়, ১৪২৯"  # seed 004
    assert format_bangla_calendar_date(date(2021, 12, 27), comma=False) == "১২ পৌষ ১৪২৮"  # seed 002
    assert format_bangla_calendar_date(date(2022, 7, 12), bangla=False) == "28 Asharh, 1429"


def test_month_names_are_spelled_as_in_the_seeds():
    assert ASHARH == "আষা\u09a2\u09bc"
    assert POUSH == "পৌষ"
    for name in BANGLA_MONTHS_BN:
        assert normalize_text(name) == name


@given(st.integers(min_value=2019, max_value=2200))
def test_national_days_fall_on_fixed_bangla_dates(year):
    # The 2019 revision was made so that these days keep their Bangla dates every year.
    assert bangla_calendar_date(date(year, 2, 21))[:2] == (8, FALGUN)
    assert bangla_calendar_date(date(year, 3, 26))[:2] == (12, CHOITRO)
    assert bangla_calendar_date(date(year, 8, 15))[:2] == (31, SHRABON)
    assert bangla_calendar_date(date(year, 12, 16))[:2] == (1, POUSH)


def test_every_day_from_2019_to_2040_follows_the_rules():
    expected_lengths = [31] * 6 + [30] * 4 + [None, 30]  # Falgun depends on the year
    day = date(2019, 1, 1)
    previous = bangla_calendar_date(day)
    while day < date(2040, 12, 31):
        day += timedelta(days=1)
        current = bangla_calendar_date(day)
        prev_day, prev_month, prev_year = previous
        cur_day, cur_month, cur_year = current
        prev_index, cur_index = BANGLA_MONTHS_BN.index(prev_month), BANGLA_MONTHS_BN.index(cur_month)

        if cur_day != 1:
            assert (cur_day, cur_index, cur_year) == (prev_day + 1, prev_index, prev_year), day
        else:
            # The previous day closed a month, which must have had the right length.
            length = expected_lengths[prev_index]
            if length is None:
                length = 30 if calendar.isleap(day.year) else 29
            assert prev_day == length, (day, previous)
            if prev_index == 11:
                assert (cur_index, cur_year) == (0, prev_year + 1), day
            else:
                assert (cur_index, cur_year) == (prev_index + 1, prev_year), day

        # Each Bangla year starts on 14 April, and only there.
        assert ((cur_day, cur_index) == (1, 0)) == ((day.month, day.day) == (4, 14)), day
        new_year_passed = (day.month, day.day) >= (4, 14)
        assert cur_year == day.year - (593 if new_year_passed else 594), day

        assert bangla_calendar_to_gregorian(*current) == day
        previous = current


@given(st.integers(min_value=1000, max_value=9000))
def test_month_lengths_add_up_to_the_gregorian_year(bangla_year):
    lengths = bangla_month_lengths(bangla_year)
    start = date(bangla_year + 593, 4, 14)
    assert start + timedelta(days=sum(lengths)) == date(bangla_year + 594, 4, 14)
    assert lengths[10] == (30 if calendar.isleap(bangla_year + 594) else 29)


@given(st.dates(min_value=date(1000, 1, 1), max_value=date(9000, 12, 31)))
def test_every_date_round_trips(d):
    result = bangla_calendar_date(d)
    assert bangla_calendar_to_gregorian(*result) == d
    assert 1 <= result.day <= 31
    text = format_bangla_calendar_date(d)
    assert not any(ch.isascii() and ch.isdigit() for ch in text)


@pytest.mark.parametrize(
    "month",
    [
        3,
        "আষা\u09a2\u09bc",  # as in the seeds
        "আষা\u09dd",  # the single code point ঢ়
        " আষাঢ় ",
        "Asharh",
        "asharh",
    ],
)
def test_it_converts_back_with_any_form_of_the_month(month):
    assert bangla_calendar_to_gregorian(28, month, 1429) == date(2022, 7, 12)


def test_it_converts_back_with_the_composed_ya():
    assert bangla_calendar_to_gregorian(1, "অগ্রহা\u09dfণ", 1429) == date(2022, 11, 16)


def test_it_accepts_the_common_spelling_of_joishtho():
    assert bangla_calendar_to_gregorian(1, "জ্যেষ্ঠ", 1429) == date(2022, 5, 15)


@pytest.mark.parametrize(
    ("day", "month", "year"),
    [
        (31, 7, 1429),  # Kartik has 30 days
        (30, FALGUN, 1429),  # Falgun 1429 ends in 2023, not a leap year
        (0, 1, 1429),
        (1, 0, 1429),
        (1, 13, 1429),
        (1, "Foo", 1429),
        (1, "", 1429),
    ],
)
def test_it_rejects_impossible_bangla_dates(day, month, year):
    with pytest.raises(ValueError):
        bangla_calendar_to_gregorian(day, month, year)


def test_falgun_has_thirty_days_when_it_ends_in_a_leap_year():
    assert bangla_calendar_to_gregorian(30, FALGUN, 1430) == date(2024, 3, 14)


def test_the_bangla_package_imports_nothing_from_django():
    # Scoring, reports and bulk jobs rely on it being pure; importing apa_portal itself may pull in Django.
    package = Path(bangla_calendar_date.__code__.co_filename).parent
    for module in package.glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not any(name.split(".")[0] == "django" for name in names), module.name
