"""Bangla digits, number parsing and South Asian formatting (pure: no Django)."""

import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from apa_portal.bangla import (
    BANGLA_DIGITS,
    fiscal_year_label,
    format_number,
    format_percent,
    parse_decimal,
    parse_fiscal_year,
    parse_int,
    to_ascii_digits,
    to_bangla_digits,
)

SOUTH_ASIAN = re.compile(r"-?(\d{1,3}|\d{1,2}(,\d{2})*,\d{3})(\.\d+)?")


@st.composite
def decimals(draw, max_places=6):
    """Finite Decimals, positive, negative and zero, with any scale up to max_places."""
    unscaled = draw(st.integers(min_value=-(10**40), max_value=10**40))  # past the 28-digit context
    places = draw(st.integers(min_value=0, max_value=max_places))
    return Decimal(unscaled).scaleb(-places)


# --- digits -------------------------------------------------------------------------------------------


def test_it_converts_ascii_digits_to_bangla():
    assert to_bangla_digits("2022-23") == "২০২২-২৩"
    assert to_bangla_digits(140000) == "১৪০০০০"
    assert to_bangla_digits("পৃষ্ঠা: 10") == "পৃষ্ঠা: ১০"


def test_it_writes_decimals_positionally():
    assert to_bangla_digits(Decimal("1E+2")) == "১০০"
    assert to_bangla_digits(Decimal("84.510")) == "৮৪.৫১০"


def test_it_converts_bangla_digits_to_ascii():
    assert to_ascii_digits("১৬/০৩/২০২২") == "16/03/2022"
    assert to_ascii_digits("সেকশন ৩: 12") == "সেকশন 3: 12"


def test_the_bangla_digits_are_the_seed_code_points():
    assert [ord(d) for d in BANGLA_DIGITS] == list(range(0x09E6, 0x09F0))


@given(st.text(alphabet=st.characters(blacklist_characters=BANGLA_DIGITS)))
def test_digits_round_trip_from_ascii(text):
    assert to_ascii_digits(to_bangla_digits(text)) == text


@given(st.text(alphabet=st.characters(blacklist_characters="0123456789")))
def test_digits_round_trip_from_bangla(text):
    assert to_bangla_digits(to_ascii_digits(text)) == text


# --- parse_decimal ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("১,৪০,০০০", Decimal(140000)),
        ("1,40,000", Decimal(140000)),
        ("140,000", Decimal(140000)),
        ("১৪০০০০", Decimal(140000)),
        ("১২,৩৪,৫৬,৭৮৯", Decimal(123456789)),
        ("123,456,789", Decimal(123456789)),
        ("১,০০০", Decimal(1000)),
        ("  ৮৪.৫১  ", Decimal("84.51")),
        ("৮০%", Decimal(80)),
        ("80 %", Decimal(80)),
        ("১০০.০০%", Decimal(100)),
        ("-5", Decimal(-5)),
        ("- 5", Decimal(-5)),
        ("\u22125", Decimal(-5)),
        ("-১,২৩৪.৫", Decimal("-1234.5")),
        ("-১২.৫%", Decimal("-12.5")),
        ("0.5", Decimal("0.5")),
        (".5", Decimal("0.5")),
        ("0", Decimal(0)),
        ("৫০,০০০", Decimal(50000)),
        ("1,000.25", Decimal("1000.25")),
        ("3১", Decimal(31)),
    ],
)
def test_it_parses_numbers(text, expected):
    assert parse_decimal(text) == expected


def test_it_keeps_the_scale():
    assert str(parse_decimal("৮৪.৫১০")) == "84.510"


def test_it_never_returns_negative_zero():
    assert not parse_decimal("-0.00").is_signed()


def test_it_passes_numbers_through():
    assert parse_decimal(7) == Decimal(7)
    assert parse_decimal(Decimal("1.50")) == Decimal("1.50")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "abc",
        "১২ক",
        "12a",
        "1.2.3",
        "১.২.৩",
        "NaN",
        "nan",
        "Infinity",
        "inf",
        "-Infinity",
        "1e5",
        "1E+2",
        "-",
        "%",
        "5%%",
        "%5",
        "+5",
        "--5",
        "5-",
        "1,00",
        "12,3456",
        "1,,000",
        ",100",
        "100,",
        "1 000",
        "1,000,00",
        "١٢",  # Arabic-Indic digits
        "৳ ১০০",
        "0x10",
    ],
)
def test_it_rejects_what_is_not_a_number(text):
    with pytest.raises(ValueError):
        parse_decimal(text)


@pytest.mark.parametrize(
    "value", [None, True, 1.5, Decimal("NaN"), Decimal("Infinity"), Decimal("-Infinity")]
)
def test_it_rejects_non_text_that_is_not_a_finite_number(value):
    with pytest.raises(ValueError):
        parse_decimal(value)


def test_parse_int_reads_whole_numbers():
    assert parse_int("১,৪০,০০০") == 140000
    assert parse_int("-৭") == -7
    assert parse_int("5.0") == 5


@pytest.mark.parametrize("text", ["5.5", "", "abc", "১২.০১"])
def test_parse_int_rejects_fractions_and_text(text):
    with pytest.raises(ValueError):
        parse_int(text)


# --- format_number ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, "০"),
        (5, "৫"),
        (999, "৯৯৯"),
        (1000, "১,০০০"),
        (10000, "১০,০০০"),
        (100000, "১,০০,০০০"),
        (140000, "১,৪০,০০০"),
        (123456789, "১২,৩৪,৫৬,৭৮৯"),
        (-1234, "-১,২৩৪"),
        (-140000, "-১,৪০,০০০"),
        (Decimal("800.00"), "৮০০"),
        (Decimal("84.510"), "৮৪.৫১"),
        (Decimal("-0.50"), "-০.৫"),
        (Decimal("1E+7"), "১,০০,০০,০০০"),
        (0.1, "০.১"),
        ("১,৪০,০০০", "১,৪০,০০০"),
    ],
)
def test_it_formats_with_south_asian_grouping(value, expected):
    assert format_number(value) == expected


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (Decimal("97.2"), 2, "৯৭.২০"),
        (Decimal("800"), 2, "৮০০.০০"),
        (Decimal("2.345"), 2, "২.৩৫"),  # half up, as on paper, not to even
        (Decimal("0.125"), 2, "০.১৩"),
        (Decimal("1234.5"), 0, "১,২৩৫"),
        (Decimal("-0.001"), 2, "০.০০"),  # rounds to zero: no sign
        (Decimal("123456.789"), 1, "১,২৩,৪৫৬.৮"),
    ],
)
def test_it_formats_fixed_decimal_places(value, decimals, expected):
    assert format_number(value, decimals=decimals) == expected


def test_it_formats_ascii_digits_with_the_same_grouping():
    assert format_number(140000, bangla=False) == "1,40,000"
    assert format_number(Decimal("-1234567.5"), bangla=False) == "-12,34,567.5"


@pytest.mark.parametrize(
    "value", [Decimal("NaN"), Decimal("Infinity"), float("nan"), float("inf"), "abc", None]
)
def test_it_refuses_to_format_what_is_not_a_number(value):
    with pytest.raises(ValueError):
        format_number(value)


def test_it_refuses_negative_decimal_places():
    with pytest.raises(ValueError):
        format_number(1, decimals=-1)


def test_it_formats_percentages_given_in_percent():
    assert format_percent(Decimal("84.51")) == "৮৪.৫১%"
    assert format_percent(Decimal("97.2"), decimals=2) == "৯৭.২০%"
    assert format_percent(80, bangla=False) == "80%"


@given(decimals())
def test_formatted_numbers_parse_back_to_the_same_value(value):
    assert parse_decimal(format_number(value)) == value
    assert parse_decimal(format_number(value, bangla=False)) == value
    assert parse_decimal(format_percent(value)) == value


@given(decimals(), st.integers(min_value=0, max_value=6))
def test_fixed_places_are_always_shown(value, places):
    text = format_number(value, decimals=places, bangla=False)
    assert SOUTH_ASIAN.fullmatch(text)
    assert len(text.partition(".")[2]) == places
    assert abs(parse_decimal(text) - value) <= Decimal(1).scaleb(-places) / 2


@given(st.integers(min_value=-(10**30), max_value=10**30))
def test_integers_keep_their_digits(value):
    text = format_number(value, bangla=False)
    assert SOUTH_ASIAN.fullmatch(text)
    assert text.replace(",", "") == str(value)
    assert to_ascii_digits(format_number(value)) == text


# --- fiscal years -------------------------------------------------------------------------------------


def test_it_labels_fiscal_years():
    assert fiscal_year_label(2022) == "২০২২-২৩"
    assert fiscal_year_label(2022, long=True) == "২০২২-২০২৩"
    assert fiscal_year_label(2023, bangla=False) == "2023-24"
    assert fiscal_year_label(2099, bangla=False) == "2099-00"
    assert fiscal_year_label(2008, bangla=False) == "2008-09"


@pytest.mark.parametrize(
    "text", ["2022-23", "২০২২-২৩", "2022-2023", "২০২২-২০২৩", " ২০২২ - ২৩ ", "2022\u201323", "2022/23"]
)
def test_it_parses_fiscal_years(text):
    assert parse_fiscal_year(text) == 2022


def test_it_parses_a_fiscal_year_across_a_century():
    assert parse_fiscal_year("2099-00") == 2099


@pytest.mark.parametrize(
    "text",
    ["", "2022", "2022-24", "2022-2024", "২০২২-২২", "22-23", "2022-23-24", "2022-023", "FY2022-23", "abc"],
)
def test_it_rejects_what_is_not_a_fiscal_year(text):
    with pytest.raises(ValueError):
        parse_fiscal_year(text)


@given(st.integers(min_value=1000, max_value=9998), st.booleans(), st.booleans())
def test_fiscal_year_labels_parse_back(start_year, bangla, long):
    assert parse_fiscal_year(fiscal_year_label(start_year, bangla=bangla, long=long)) == start_year
