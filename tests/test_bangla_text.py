"""One normalisation of typed Bangla text (NFC), and the parsers that read typed values through it
(pure: no Django)."""

import unicodedata
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from apa_portal.bangla import (
    BANGLA_DIGITS,
    bangla_calendar_to_gregorian,
    normalize_text,
    parse_date,
    parse_decimal,
    parse_fiscal_year,
    parse_int,
)

# ড় ঢ় য় as one code point each, and as letter + nukta (the form Unicode's NFC gives them).
NUKTA_LETTERS = [("\u09dc", "\u09a1\u09bc"), ("\u09dd", "\u09a2\u09bc"), ("\u09df", "\u09af\u09bc")]
# ো and ৌ typed as two vowel signs compose to one under NFC.
VOWEL_SIGNS = [("\u09c7\u09be", "\u09cb"), ("\u09c7\u09d7", "\u09cc")]


@pytest.mark.parametrize(("single", "letter_and_nukta"), NUKTA_LETTERS)
def test_either_form_of_a_nukta_letter_becomes_letter_plus_nukta(single, letter_and_nukta):
    assert normalize_text(f"গ{single}") == f"গ{letter_and_nukta}"
    assert normalize_text(f"গ{letter_and_nukta}") == f"গ{letter_and_nukta}"


@pytest.mark.parametrize(("typed", "composed"), VOWEL_SIGNS)
def test_vowel_signs_typed_in_two_parts_become_one(typed, composed):
    assert normalize_text(f"ক{typed}") == f"ক{composed}"


@given(st.text(alphabet=st.characters(min_codepoint=0x0980, max_codepoint=0x09FF) | st.sampled_from(" .,%-")))
def test_it_is_nfc_and_idempotent(text):
    normal = normalize_text(text)
    assert normal == unicodedata.normalize("NFC", text)
    assert normalize_text(normal) == normal
    assert normalize_text(unicodedata.normalize("NFD", text)) == normal


@given(st.text(alphabet=BANGLA_DIGITS, min_size=1, max_size=12))
def test_digits_are_left_as_they_are(digits):
    assert normalize_text(digits) == digits
    ascii_digits = digits.translate(str.maketrans(BANGLA_DIGITS, "0123456789"))
    assert parse_int(normalize_text(digits)) == parse_int(digits) == int(ascii_digits)


@pytest.mark.parametrize("form", ["NFC", "NFD", "NFKC", "NFKD"])
def test_values_parse_alike_in_every_normal_form(form):
    def typed(text):
        return unicodedata.normalize(form, text)

    assert parse_decimal(typed("১,৪০,০০০.৫০")) == Decimal("140000.50")
    assert parse_decimal(typed("৮৪.৫১%")) == Decimal("84.51")
    assert parse_date(typed("১৬/০৩/২০২২")) == date(2022, 3, 16)
    assert parse_fiscal_year(typed("২০২২-২৩")) == 2022


@pytest.mark.parametrize("rha", ["\u09dd", "\u09a2\u09bc"])
def test_bangla_month_names_are_read_in_either_form_of_a_nukta_letter(rha):
    assert bangla_calendar_to_gregorian(28, f"আষা{rha}", 1429) == date(2022, 7, 12)


def test_bangla_month_names_are_read_with_a_vowel_sign_typed_in_two_parts():
    assert bangla_calendar_to_gregorian(12, "প\u09c7\u09d7ষ", 1428) == date(2021, 12, 27)


def test_the_projects_own_bangla_is_written_in_nfc():
    """Typed text is compared in NFC with the words in the code, templates, seeds and catalogue: those are
    written in NFC too, or the comparison would fail on text that looks the same."""
    root = Path(__file__).resolve().parent.parent
    suffixes = {".py", ".html", ".json", ".po", ".txt"}
    not_nfc = [
        f"{path.relative_to(root)}:{number}"
        for folder in ("agreements", "apa_portal", "evidence", "indicators", "reports", "templates", "locale")
        for path in (root / folder).rglob("*")
        if path.suffix in suffixes
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if normalize_text(line) != line
    ]
    assert not_nfc == []
