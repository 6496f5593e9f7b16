"""The PDFs print numbers as the pages do: grouped the South Asian way, in Bangla digits."""

from __future__ import annotations

from decimal import Decimal

import pytest

from reports.document import NUMBER, PERCENT, SCORE, Cell


@pytest.mark.parametrize(
    ("value", "kind", "printed"),
    [
        (Decimal("1470"), NUMBER, "১,৪৭০"),
        (Decimal("1400000"), NUMBER, "১৪,০০,০০০"),
        (Decimal("84.5100"), NUMBER, "৮৪.৫১"),
        (Decimal("-2500"), NUMBER, "-২,৫০০"),
        (Decimal("12345.5"), PERCENT, "১২,৩৪৫.৫%"),
        (Decimal("100.00"), PERCENT, "১০০%"),
        (Decimal("97.2"), SCORE, "৯৭.২০"),
        (12, NUMBER, "১২"),
    ],
)
def test_a_table_cell_prints_numbers_grouped_as_on_the_pages(value, kind, printed):
    assert Cell(value, kind).text == printed


def test_a_cell_in_the_office_s_words_prints_the_words():
    assert Cell(Decimal("1470"), NUMBER, note="এক হাজার চারশত সত্তর").text == "এক হাজার চারশত সত্তর"
