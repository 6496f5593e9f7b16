"""The PDFs' text layer for Bangla: each shaped cluster that a per-glyph ToUnicode map cannot express carries its
own text as `/ActualText`, so that the PDF reads back (copy, search, screen readers, text extraction) in logical
Unicode order, as the page shows it.

WeasyPrint draws a line as TJ strings of glyph ids and writes one ToUnicode entry per glyph: the text of the
glyph's position in the first line it met the glyph in. That cannot say that a pre-base vowel sign (ি, ে, ৈ) is
drawn before its consonant, nor that one glyph is a conjunct, and a glyph met first inside a cluster maps to a
wrong or empty text everywhere ("প্রোগ্রোমোর" for "প্রোগ্রামার").

The layer wraps WeasyPrint's `draw.text.draw_first_line` (installed by `reports.pdf`): WeasyPrint draws the line
unchanged into a stream that splits its TJ strings at cluster boundaries, and every cluster whose glyphs are not
exactly one glyph mapped to the cluster's text goes inside `/Span <</ActualText <FEFF…>>> BDC … EMC`. The glyphs,
their order and their positions are WeasyPrint's own (splitting a TJ array keeps every glyph where it was), so
the pages look exactly as before. Poppler (pdftotext, Evince, Okular), PDFium (Chromium) and Acrobat read the
ActualText; readers that ignore it (pdfminer.six, Apple Preview) still get WeasyPrint's glyph map, improved
here: a glyph that is a whole cluster by itself keeps that cluster's text as its ToUnicode entry.

It depends on WeasyPrint internals (the Pango line's glyph strings, the TJ strings' form), so the WeasyPrint
version is pinned in pyproject.toml, and the layer raises `TextLayerMismatch` rather than write a wrong text
layer if a WeasyPrint release draws lines differently (tests/test_reports_pdf_text.py renders every seed).
"""

from __future__ import annotations

import re
import unicodedata
import weakref
from codecs import BOM_UTF16_BE
from dataclasses import dataclass

from functools import cache

# Per WeasyPrint font of a document: the glyphs whose ToUnicode entry the layer set from a cluster of one glyph.
EXACT_ENTRIES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
# A TJ string as WeasyPrint writes it: hex strings of glyph ids between numbers (positioning).
TJ_TOKEN = re.compile(r"<([0-9a-fA-F]*)>|([^<>\s]+)")


class TextLayerMismatch(RuntimeError):
    """WeasyPrint drew a line in a way the text layer does not know (a WeasyPrint upgrade changed its drawing)."""


@dataclass
class Cluster:
    """A shaped cluster of a line: its text, its drawn glyphs, and whether the glyph map alone says its text."""

    text: str
    glyphs: int = 0
    glyph_id: int | None = None  # its last drawn glyph, unless that is a missing one (.notdef)
    font: object = None  # WeasyPrint's PDF font of the glyph
    plain: bool = False


@dataclass
class Glyph:
    cluster: Cluster
    font: object  # WeasyPrint's PDF font
    digits: int  # hex digits per glyph id in the TJ string: 2 for bitmap fonts, 4 otherwise


def joins_previous(text: str) -> bool:
    """A shaped cluster that begins with a vowel sign or another mark (HarfBuzz gives "তু"'s ু a cluster of its
    own, drawn back under the ত) belongs to the letter before it: readers that place each glyph by its
    position would otherwise read "নতু ন" or "জনু" for "নতুন" and "জুন"."""
    return unicodedata.category(text[0])[0] == "M" or text[0] in "\u200c\u200d"


def line_glyphs(stream, textbox) -> list[Glyph]:
    """The glyphs WeasyPrint draws for the textbox's first line, in drawing order, each with its cluster. Fixes
    the ToUnicode entry of a glyph that is a whole cluster by itself, for readers that ignore ActualText."""
    from weasyprint.text.ffi import pango

    line = pango.pango_layout_get_line_readonly(textbox.pango_layout.layout, 0)
    utf8_text = textbox.pango_layout.text.encode()
    glyphs = []
    run = line.runs
    while run:
        glyph_item = run.data
        run = run.next
        string, item = glyph_item.glyphs, glyph_item.item
        font, _size = stream.add_font(item.analysis.font)
        starts = [string.log_clusters[i] for i in range(string.num_glyphs)]
        clusters: dict[int, Cluster] = {}
        bounds = sorted({*starts, item.length})
        for start, end in zip(bounds, bounds[1:], strict=False):
            text = utf8_text[item.offset + start : item.offset + end].decode()
            if clusters and joins_previous(text):
                previous = clusters[start] = list(clusters.values())[-1]
                previous.text += text
            else:
                clusters[start] = Cluster(text)
        for i, start in enumerate(starts):
            glyph_id = string.glyphs[i].glyph
            if glyph_id == pango.PANGO_GLYPH_EMPTY:
                continue  # drawn as a positioning number, no glyph
            cluster = clusters[start]
            cluster.glyphs += 1
            glyphs.append(Glyph(cluster, font, 2 if font.bitmap else 4))
            cluster.glyph_id = None if glyph_id & pango.PANGO_GLYPH_UNKNOWN_FLAG else glyph_id
            cluster.font = font
    for glyph in glyphs:
        cluster = glyph.cluster
        if cluster.glyphs == 1 and cluster.glyph_id is not None:
            # WeasyPrint keeps the first text it met a glyph with, in whatever cluster; a glyph alone in its
            # cluster says its text exactly, and the first such text is the glyph's entry from then on.
            exact = EXACT_ENTRIES.setdefault(cluster.font, set())
            if cluster.glyph_id not in exact:
                cluster.font.to_unicode[cluster.glyph_id] = cluster.text
                exact.add(cluster.glyph_id)
            cluster.plain = cluster.font.to_unicode[cluster.glyph_id] == cluster.text
    return glyphs


def trailing_advance(pieces: list) -> float:
    """How far the numbers after a span's last glyph move the pen on to the right (in thousandths of the font
    size): a vowel sign drawn back under its letter ("তু": ত, then ু moved left and the pen moved back right)."""
    glyphs = [i for i, piece in enumerate(pieces) if not isinstance(piece, str)]
    if not glyphs or pieces[glyphs[-1]][1].font.bitmap:
        return 0.0
    return -sum(float(number) for number in pieces[glyphs[-1] + 1 :])


def tj_number(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".")


def actual_text(text: str) -> bytes:
    return b"<" + (BOM_UTF16_BE + text.encode("utf-16-be")).hex().encode() + b">"


class ClusterStream:
    """Stands in for WeasyPrint's stream while it draws one line: TJ strings are split at cluster boundaries
    and the clusters that need it are wrapped in ActualText spans; everything else goes to the stream."""

    def __init__(self, stream, textbox):
        self._stream, self._textbox = stream, textbox
        self._glyphs: list[Glyph] | None = None
        self._position = 0
        self._cluster: Cluster | None = None  # the cluster of the last glyph shown
        self._open = False  # inside the ActualText span of self._cluster
        self._font_size = 1.0

    def __getattr__(self, name):
        return getattr(self._stream, name)

    def show_text(self, string: str) -> None:
        from pydyf import Dictionary  # WeasyPrint's PDF writer

        if self._glyphs is None:  # the line is final only once WeasyPrint starts drawing it (ellipsis)
            self._glyphs = line_glyphs(self._stream, self._textbox)
        pieces: list[str | tuple[str, Glyph]] = []  # positioning numbers and glyphs (hex id, glyph)
        for match in TJ_TOKEN.finditer(string):
            hex_ids, number = match.groups()
            if number is not None:
                pieces.append(number)
                continue
            for glyph_hex in self._split(hex_ids):
                if self._position >= len(self._glyphs):
                    raise TextLayerMismatch(f"more glyphs drawn than the line has: {self._textbox.text!r}")
                glyph = self._glyphs[self._position]
                self._position += 1
                if glyph.cluster is not self._cluster:
                    # Plain clusters share one TJ string: only a span's start and end split it.
                    if self._open or not glyph.cluster.plain:
                        self._flush(pieces)
                        self._close()
                    self._cluster = glyph.cluster
                    if not glyph.cluster.plain:
                        span = {"ActualText": actual_text(glyph.cluster.text)}
                        self._stream.begin_marked_content("Span", Dictionary(span))
                        self._open = True
                pieces.append((glyph_hex, glyph))
        self._flush(pieces)

    def _split(self, hex_ids: str) -> list[str]:
        if not hex_ids or self._position >= len(self._glyphs):
            return [hex_ids] if hex_ids else []
        digits = self._glyphs[self._position].digits
        if len(hex_ids) % digits:
            raise TextLayerMismatch(f"glyph ids of unexpected length {hex_ids!r}: {self._textbox.text!r}")
        return [hex_ids[i : i + digits] for i in range(0, len(hex_ids), digits)]

    def set_font_size(self, font, size):
        self._font_size = size
        self._stream.set_font_size(font, size)

    def _flush(self, pieces: list) -> None:
        """Shows the pieces. Poppler ends a span's text where its last glyph ends: when the pen then moves on
        to the right, the last glyph is drawn with that much character spacing instead, which moves the pen
        to the same place and makes the gap part of the glyph, so no space is read into the word."""
        advance = trailing_advance(pieces) if self._open else 0.0
        if advance > 0:
            last = max(i for i, piece in enumerate(pieces) if not isinstance(piece, str))
            self._show(pieces[:last])
            self._stream.stream.append(f"{tj_number(advance * self._font_size / 1000)} Tc".encode())
            self._show(pieces[last : last + 1])
            self._stream.stream.append(b"0 Tc")
        else:
            self._show(pieces)
        pieces.clear()

    def _show(self, pieces: list) -> None:
        if pieces:
            tokens = [piece if isinstance(piece, str) else f"<{piece[0]}>" for piece in pieces]
            self._stream.show_text(" ".join(tokens).replace("> <", ""))

    def _close(self) -> None:
        if self._open:
            self._stream.end_marked_content()
            self._open = False

    def finish(self) -> None:
        self._close()
        if self._glyphs is not None and self._position != len(self._glyphs):
            raise TextLayerMismatch(f"fewer glyphs drawn than the line has: {self._textbox.text!r}")


@cache
def install():
    """Draw every WeasyPrint text line of this process through the layer (once; WeasyPrint is imported only
    when a PDF is rendered). Returns WeasyPrint's own `draw_first_line`."""
    from weasyprint.draw import text

    weasyprint_draw_first_line = text.draw_first_line

    def draw_first_line(stream, textbox, text_overflow, block_ellipsis, matrix):
        clusters = ClusterStream(stream, textbox)
        emojis = weasyprint_draw_first_line(clusters, textbox, text_overflow, block_ellipsis, matrix)
        clusters.finish()
        return emojis

    text.draw_first_line = draw_first_line
    return weasyprint_draw_first_line
