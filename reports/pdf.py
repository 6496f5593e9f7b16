"""PDF rendering with WeasyPrint: the document template, the fonts shipped in static/fonts, A4 pages.

Tagged (PDF/UA-1) with the document's language and title; the text layer reads back as the page shows
(`reports.pdf_text`), which tests/test_reports_pdf_text.py checks with the readers people use.
"""

from __future__ import annotations

import atexit
from functools import cache
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from . import pdf_text
from .document import Document

FONT_DIR = Path(settings.BASE_DIR) / "static" / "fonts"
TEMPLATE_DIR = Path(settings.BASE_DIR) / "templates" / "reports"
# Tagged for screen readers, with the <html lang> and <title> as the PDF's language and title.
PDF_OPTIONS = {"pdf_variant": "pdf/ua-1"}


def css_string(value: str) -> str:
    """Text for a CSS string literal (the page margin boxes)."""
    return mark_safe(value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " "))


def render_html(document: Document) -> str:
    with translation.override("bn"):
        return render_to_string(
            "reports/document.html",
            {
                "document": document,
                "font_dir": mark_safe(FONT_DIR.as_uri()),
                "footer_left": css_string(document.footer_left),
                "printed": css_string(document.printed_text),
            },
        )


@cache
def font_config():
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


# The cached configuration removes its font folder when it is collected; at interpreter exit that would run
# after the modules it calls are torn down (a TypeError printed at the end of every run), so drop it first.
atexit.register(font_config.cache_clear)


def layout(html: str):
    """WeasyPrint's laid-out pages (its `Document`): what `html_to_pdf` writes, and what the tests inspect for
    line breaks without reading the PDF's text layer."""
    from weasyprint import HTML

    return HTML(string=html, base_url=str(settings.BASE_DIR)).render(font_config=font_config(), **PDF_OPTIONS)


def write_pdf(laid_out) -> bytes:
    """The laid-out pages as a PDF, with the project's text layer."""
    pdf_text.install()
    return laid_out.write_pdf(**PDF_OPTIONS)


def html_to_pdf(html: str) -> bytes:
    return write_pdf(layout(html))


def render_pdf(document: Document) -> bytes:
    return html_to_pdf(render_html(document))


@cache
def renderer_fingerprint() -> str:
    """Changes whenever a document template, the stylesheet or a font changes, so that cached renders are not
    reused across them (the pages' own templates in the same folder do not count)."""
    import hashlib

    digest = hashlib.sha256()
    sources = [TEMPLATE_DIR / "document.html", TEMPLATE_DIR / "pdf.css", *TEMPLATE_DIR.glob("blocks/*.html")]
    for path in sorted([*sources, *FONT_DIR.glob("*.ttf")]):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
