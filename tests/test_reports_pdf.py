"""The seed documents rendered as PDFs and checked as images: page count, no blank page, landscape where
the seed's tables need it, and the pages compared with the reference images kept in the repository.

Set UPDATE_REFERENCE_IMAGES=1 to rewrite tests/reference_images after an intended layout change (then look
at the new PNGs before committing them)."""

from __future__ import annotations

import os

import pytest

from . import test_reports_support as support
from .test_reports_support import difference, ink_fraction, pdf_pages, reference_pages, write_reference_pages

pytestmark = pytest.mark.django_db  # makes pytest-django set up the test database for the session fixture
seed_renders = support.seed_renders  # the session fixture, shared with the other report test modules

# Pages of each seed document as rendered with the shipped fonts; a change here is a layout change.
PAGE_COUNTS = {
    "000-agreement": 16,
    "001-quarterly": 4,
    "002-governance": 2,
    "003-governance": 8,
    "004-self-assessment": 3,
    "000-signed": 1,  # the agreement's signature page once signed and counter-signed
}
TOLERANCE = 0.02  # share of clearly different pixels allowed per page (anti-aliasing, poppler versions)


@pytest.fixture(scope="session")
def seed_pages(seed_renders):
    return {key: pdf_pages(render.pdf) for key, render in seed_renders.items()}


@pytest.mark.parametrize("key", sorted(PAGE_COUNTS))
def test_it_renders_each_seed_document_on_the_expected_number_of_a4_pages(seed_pages, key):
    pages = seed_pages[key]
    assert len(pages) == PAGE_COUNTS[key]
    for page in pages:
        long_side, short_side = max(page.size), min(page.size)
        assert abs(long_side / short_side - 297 / 210) < 0.01  # A4, either way round


@pytest.mark.parametrize("key", sorted(PAGE_COUNTS))
def test_it_leaves_no_page_blank(seed_pages, key):
    for number, page in enumerate(seed_pages[key], start=1):
        assert ink_fraction(page) > 0.004, f"{key} page {number} is blank"


def test_it_prints_the_agreement_cover_in_portrait_and_its_wide_tables_in_landscape(seed_pages):
    pages = seed_pages["000-agreement"]
    assert pages[0].height > pages[0].width  # cover
    landscape = [page.width > page.height for page in pages]
    assert landscape.count(True) >= 6  # Section 2, Section 3 and the annex tables
    assert all(page.width > page.height for page in seed_pages["001-quarterly"])


@pytest.mark.parametrize("key", sorted(PAGE_COUNTS))
def test_table_cells_break_lines_between_words_never_inside_one(seed_renders, key):
    """Narrow columns are wide enough for their longest word: "কর্মসম্পাদনের" is never cut into
    "কর্মসম্পাদ" and "নের", a fiscal year never into "২০২৩-২০" and "২৪"."""
    assert seed_renders[key].breaks == []


@pytest.mark.parametrize("key", sorted(PAGE_COUNTS))
def test_it_matches_the_reference_images(seed_pages, key):
    pages = seed_pages[key]
    if os.environ.get("UPDATE_REFERENCE_IMAGES"):
        write_reference_pages(key, pages)
    references = reference_pages(key)
    assert len(references) == len(pages), "reference images missing: run with UPDATE_REFERENCE_IMAGES=1"
    for number, (page, reference) in enumerate(zip(pages, references, strict=True), start=1):
        assert difference(page, reference) < TOLERANCE, f"{key} page {number} differs from its reference"


def test_the_image_check_notices_a_changed_page(seed_pages):
    """The comparison is not vacuous: another document's page is far outside the tolerance."""
    agreement, quarterly = seed_pages["000-agreement"], seed_pages["001-quarterly"]
    assert difference(agreement[7], agreement[8]) > TOLERANCE
    assert difference(quarterly[0], reference_pages("001-quarterly")[1]) > TOLERANCE


def test_the_break_check_notices_a_word_cut_in_two():
    from reports import pdf

    html = (
        '<table class="data" style="width: 30pt; table-layout: fixed"><tbody><tr>'
        "<td style='overflow-wrap: break-word'>কর্মসম্পাদনের ক্ষেত্র</td></tr></tbody></table>"
    )
    assert support.mid_word_breaks(pdf.layout(html))
