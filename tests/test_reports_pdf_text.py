"""The PDFs' text layer reads back as the page shows: the Bangla words of each seed document's HTML, found in
the text that poppler (pdftotext) and PDFium (pypdfium2, Chromium's reader) extract from its PDF, in logical
order; pdfminer.six ignores ActualText, so its figure is printed (pytest -s) for the README, not asserted."""

from __future__ import annotations

import io
import re
import subprocess
import unicodedata
from html.parser import HTMLParser
from unittest import mock

import pypdfium2
import pytest
from pdfminer.high_level import extract_text as pdfminer_text
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import resolve1

from reports import pdf, pdf_text

from . import test_reports_support as support

pytestmark = pytest.mark.django_db  # makes pytest-django set up the test database for the session fixture
seed_renders = support.seed_renders  # the session fixture, shared with the other report test modules

KEYS = [
    "000-agreement",
    "000-signed",
    "001-quarterly",
    "002-governance",
    "003-governance",
    "004-self-assessment",
]
REQUIRED = 0.95
# Letters, signs and digits of the Bengali block; ZWJ/ZWNJ only steer the shaping and are no part of a word.
BANGLA_WORD = re.compile(r"[\u0980-\u09FF]+")
TRICKY = "প্রোগ্রামার, জেলা কার্যালয়, কর্মসম্পাদনের ক্ষেত্র, বৈশাখ, কিশোরী, শৃঙ্খলা, স্বচ্ছতা, ২০২২-২৩"


class VisibleText(HTMLParser):
    """The text a browser shows of an HTML document: without its head (title, stylesheet)."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        self._hidden += tag in ("head", "style", "script")

    def handle_endtag(self, tag):
        self._hidden -= tag in ("head", "style", "script")

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


class VisibleTitle(HTMLParser):
    """The document's <title>."""

    def __init__(self):
        super().__init__()
        self.title, self._inside = "", False

    def handle_starttag(self, tag, attrs):
        self._inside = tag == "title"

    def handle_endtag(self, tag):
        self._inside = False

    def handle_data(self, data):
        if self._inside:
            self.title += data

    @classmethod
    def of(cls, html: str) -> str:
        parser = cls()
        parser.feed(html)
        return parser.title


def words(text: str) -> set[str]:
    text = unicodedata.normalize("NFC", text.replace("\u200c", "").replace("\u200d", ""))
    return set(BANGLA_WORD.findall(text))


def html_words(html: str) -> set[str]:
    parser = VisibleText()
    parser.feed(html)
    return words(" ".join(parser.parts))


def poppler_text(data: bytes) -> str:
    result = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True)
    return result.stdout.decode()


def pdfium_text(data: bytes) -> str:
    document = pypdfium2.PdfDocument(data)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def found(expected: set[str], text: str) -> float:
    return len(expected & words(text)) / len(expected)


def small_pdf(body: str) -> bytes:
    stylesheet = (pdf.TEMPLATE_DIR / "pdf.css").read_text().replace("{{ font_dir }}", pdf.FONT_DIR.as_uri())
    head = f"<title>পরীক্ষা</title><style>{stylesheet}</style>"
    return pdf.html_to_pdf(f'<html lang="bn"><head>{head}</head><body>{body}</body></html>')


@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize("reader", [poppler_text, pdfium_text], ids=["pdftotext", "pdfium"])
def test_it_reads_back_the_bangla_words_of_each_seed_document(seed_renders, key, reader):
    render = seed_renders[key]
    expected = html_words(render.html)
    assert len(expected) > 20  # the document has Bangla text to find
    share = found(expected, reader(render.pdf))
    print(f"{key} {reader.__name__}: {100 * share:.1f}% of {len(expected)} words")
    assert share >= REQUIRED, sorted(expected - words(reader(render.pdf)))[:20]


def test_it_prints_what_pdfminer_reads(seed_renders):
    """pdfminer.six ignores ActualText (its issue 1288): it reads the glyph map, which the layer makes right
    where one glyph can be (README, Reports)."""
    for key in KEYS:
        render = seed_renders[key]
        expected = html_words(render.html)
        share = found(expected, pdfminer_text(io.BytesIO(render.pdf)))
        print(f"{key} pdfminer.six: {100 * share:.1f}% of {len(expected)} words")


def test_it_reads_back_reordered_vowels_and_conjuncts_exactly():
    data = small_pdf(f"<p>{TRICKY}</p><p><b>{TRICKY}</b></p>")
    for text in (poppler_text(data), pdfium_text(data)):
        lines = [unicodedata.normalize("NFC", line.strip()) for line in text.splitlines() if line.strip()]
        assert lines[:2] == [TRICKY, TRICKY]  # then the footer


def test_readers_that_ignore_actualtext_read_the_glyph_a_character_is_drawn_with_as_that_character():
    """pdfminer.six reads the glyph map: after "কোনো" (whose া glyph WeasyPrint maps to "ো"), "তারা" is still
    "তারা", not "তোরো"."""
    text = pdfminer_text(io.BytesIO(small_pdf("<p>কোনো তারা</p>")))
    assert "তারা" in words(text)


def test_weasyprint_alone_garbles_the_same_text():
    """The check is not vacuous: without the layer the same words do not read back."""
    with mock.patch("weasyprint.draw.text.draw_first_line", pdf_text.install()):
        data = small_pdf(f"<p>{TRICKY}</p>")
    assert found(words(TRICKY), poppler_text(data)) < 0.5


def test_it_leaves_what_the_page_shows_unchanged():
    """The same glyphs at the same places: the pages with and without the layer are the same image."""
    body = f"<p>{TRICKY}</p><table class='data'><tr><td>{TRICKY}</td></tr></table>"
    with mock.patch("weasyprint.draw.text.draw_first_line", pdf_text.install()):
        plain = support.pdf_pages(small_pdf(body), dpi=100)
    layered = support.pdf_pages(small_pdf(body), dpi=100)
    assert [support.difference(a, b) for a, b in zip(plain, layered, strict=True)] == [0.0]


def test_it_refuses_a_line_it_cannot_follow():
    """A WeasyPrint release that draws lines differently fails the render loudly, not with a wrong text
    layer."""
    with (
        mock.patch.object(pdf_text, "line_glyphs", return_value=pdf_text.Line([], [], [], [])),
        pytest.raises(pdf_text.TextLayerMismatch),
    ):
        small_pdf(f"<p>{TRICKY}</p>")


def test_it_tags_the_pdf_with_its_language_and_title(seed_renders):
    document = PDFDocument(PDFParser(io.BytesIO(seed_renders["001-quarterly"].pdf)))
    catalog = document.catalog
    assert resolve1(catalog["Lang"]) == b"bn"
    assert "StructTreeRoot" in catalog and resolve1(catalog["MarkInfo"])["Marked"] is True
    title = resolve1(document.info[0]["Title"])
    assert title.decode("utf-16") == VisibleTitle.of(seed_renders["001-quarterly"].html)
