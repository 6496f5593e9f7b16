"""Gregorian dates in Bangla and English, and the date parser (pure: no Django)."""

import unicodedata
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from apa_portal.bangla import (
    MONTHS_BN,
    format_date_long,
    format_date_slash,
    normalize_text,
    parse_date,
    to_bangla_digits,
)

YA_COMPOSED, YA_DECOMPOSED = "\u09df", "\u09af\u09bc"
RHA_COMPOSED, RHA_DECOMPOSED = "\u09dd", "\u09a2\u09bc"
RRA_COMPOSED, RRA_DECOMPOSED = "\u09dc", "\u09a1\u09bc"


# --- formatting, as on the seeds ----------------------------------------------------------------------


def test_it_formats_the_long_form():
    assert format_date_long(date(2022, 7, 12)) == "১২ জুলাই ২০২২"
    assert format_date_long(date(2021, 12, 27)) == "২৭ ডিসেম্বর ২০২১"
    assert format_date_long(date(2022, 7, 1)) == "১ জুলাই ২০২২"
    assert format_date_long(date(2022, 7, 12), bangla=False) == "12 July 2022"


def test_it_formats_the_slash_form():
    assert format_date_slash(date(2022, 3, 16)) == "১৬/০৩/২০২২"
    assert format_date_slash(date(2022, 3, 16), bangla=False) == "16/03/2022"


def test_it_accepts_datetimes():
    assert format_date_long(datetime(2022, 7, 12, 23, 59)) == "১২ জুলাই ২০২২"


def test_it_names_every_month():
    assert [format_date_long(date(2023, m, 1)).split()[1] for m in range(1, 13)] == list(MONTHS_BN)


def test_month_names_are_spelled_as_in_the_seeds():
    assert MONTHS_BN[0] == "জানু" + YA_DECOMPOSED + "ারি"
    assert MONTHS_BN[1] == "ফেব্রু" + YA_DECOMPOSED + "ারি"
    for name in MONTHS_BN:
        assert normalize_text(name) == name


# --- nukta letters ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("composed", "decomposed"),
    [(YA_COMPOSED, YA_DECOMPOSED), (RHA_COMPOSED, RHA_DECOMPOSED), (RRA_COMPOSED, RRA_DECOMPOSED)],
)
def test_nfc_never_produces_the_single_code_point(composed, decomposed):
    # These letters are excluded from Unicode composition, so the seeds' letter + nukta is the only form
    # both spellings can be brought to.
    assert unicodedata.normalize("NFC", decomposed) == decomposed
    assert unicodedata.normalize("NFC", composed) == decomposed


@pytest.mark.parametrize(
    ("composed", "decomposed"),
    [(YA_COMPOSED, YA_DECOMPOSED), (RHA_COMPOSED, RHA_DECOMPOSED), (RRA_COMPOSED, RRA_DECOMPOSED)],
)
def test_normalize_text_writes_letter_plus_nukta(composed, decomposed):
    assert normalize_text(f"আষা{composed}") == f"আষা{decomposed}"
    assert normalize_text(f"আষা{decomposed}") == f"আষা{decomposed}"


# --- parsing ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "2022-03-16",
        "২০২২-০৩-১৬",
        "16/03/2022",
        "১৬/০৩/২০২২",
        "16-03-2022",
        "১৬-০৩-২০২২",
        "16.03.2022",
        "16.03.22",
        "১৬.০৩.২২",
        "16/03/22",
        "১৬/০৩/ ২০২২",
        " 16 / 03 / 2022 ",
        "16/3/2022",
        "2022-3-16",
    ],
)
def test_it_parses_dates(text):
    assert parse_date(text) == date(2022, 3, 16)


def test_it_reads_the_stray_space_of_seed_002():
    assert parse_date("১৩/০১/ ২০২২") == date(2022, 1, 13)


def test_it_reads_two_digit_years_as_this_century():
    assert parse_date("০৯/০৩/২৫") == date(2025, 3, 9)
    assert parse_date("31.12.99") == date(2099, 12, 31)


def test_it_passes_dates_through():
    assert parse_date(date(2022, 3, 16)) == date(2022, 3, 16)
    assert parse_date(datetime(2022, 3, 16, 10, 0)) == date(2022, 3, 16)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "abc",
        "31/02/2022",
        "29/02/2023",
        "16/13/2022",
        "00/03/2022",
        "32/01/2022",
        "2022-02-30",
        "16/03-2022",
        "16/03/022",
        "16/03/20222",
        "2022/03/16",
        "16 March 2022",
        "১৬ মার্চ ২০২২",
        "১৬/০৩/২০২২ খ্রি:",
        "16032022",
        "16/03",
        "١٦/٠٣/٢٠٢٢",
    ],
)
def test_it_rejects_what_is_not_a_date(text):
    with pytest.raises(ValueError):
        parse_date(text)


def test_it_rejects_non_text():
    with pytest.raises(ValueError):
        parse_date(20220316)


@given(st.dates(min_value=date(1000, 1, 1)), st.booleans())
def test_slash_and_iso_dates_parse_back(d, bangla):
    assert parse_date(format_date_slash(d, bangla=bangla)) == d
    assert parse_date(d.isoformat()) == d


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)), st.booleans())
def test_the_seeds_two_digit_years_parse_back_within_the_century(d, bangla):
    typed = d.strftime("%d.%m.%y")
    assert parse_date(to_bangla_digits(typed) if bangla else typed) == d


def test_every_date_is_written_in_one_style_with_a_four_digit_year():
    # Issue 14: pages and documents wrote ৭ ডিসেম্বর ২০২৬, ০৭.১২.২৬ and ডিসেম্বর ০৭, ২০২৬ for one day.
    assert format_date_long(date(2026, 12, 7)) == "৭ ডিসেম্বর ২০২৬"
    assert format_date_long(date(2026, 12, 7), bangla=False) == "7 December 2026"
