"""The PDFs' text layer for Bangla: each shaped cluster that a per-glyph ToUnicode map cannot express carries
its own text as `/ActualText`, so that the PDF reads back (copy, search, screen readers, text extraction) in
logical Unicode order, as the page shows it.

WeasyPrint draws a line as TJ strings of glyph ids and writes one ToUnicode entry per glyph: the text of the
glyph's position in the first line it met the glyph in. That cannot say that a pre-base vowel sign (ি, ে, ৈ)
is drawn before its consonant, nor that one glyph is a conjunct, and a glyph met first inside a cluster maps
to a wrong or empty text everywhere ("প্রোগ্রোমোর" for "প্রোগ্রামার").

The layer wraps WeasyPrint's `draw.text.draw_first_line` (installed by `reports.pdf`): WeasyPrint draws the
line unchanged into a stream that splits its TJ strings at cluster boundaries, and every cluster whose
glyphs are not exactly one glyph mapped to the cluster's text goes inside `/Span <</ActualText <FEFF…>>> BDC
… EMC`. A vowel sign or other mark that HarfBuzz shapes as a cluster of its own joins its letter's cluster.
The glyphs, their order and their positions are WeasyPrint's own (splitting a TJ array keeps every glyph
where it was), so the pages look exactly as before. Poppler (pdftotext, Evince, Okular), PDFium (Chromium)
and Acrobat read the ActualText; readers that ignore it (pdfminer.six, Apple Preview) read WeasyPrint's
glyph map, made right here where one glyph can be: a glyph that is a whole cluster by itself maps to that
cluster's text, a glyph the font draws a character with maps to that character (a pre-base vowel sign then
still reads before its consonant, as drawn).

It depends on WeasyPrint internals (the Pango line's glyph strings, the TJ strings' form), so the WeasyPrint
version is pinned in pyproject.toml, and the layer raises `TextLayerMismatch` rather than write a wrong text
layer if a WeasyPrint release draws lines differently (tests/test_reports_pdf_text.py renders every seed).
"""

from __future__ import annotations

import re
import unicodedata
import weakref
from bisect import bisect_left
from codecs import BOM_UTF16_BE
from dataclasses import dataclass, field
from functools import cache, lru_cache
from io import BytesIO
from itertools import pairwise

# Per WeasyPrint font of a document: the glyphs whose ToUnicode entry the layer set from a one-glyph cluster.
EXACT_ENTRIES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
# A TJ string as WeasyPrint writes it: hex strings of glyph ids between numbers (positioning).
TJ_TOKEN = re.compile(r"<([0-9a-fA-F]*)>|([^<>\s]+)")


class TextLayerMismatch(RuntimeError):
    """WeasyPrint drew a line in a way the text layer does not know (an upgrade changed its drawing)."""


@dataclass
class Cluster:
    """A shaped cluster of a line: its text, its drawn glyphs, whether the glyph map alone says its text."""

    text: str
    font: object  # WeasyPrint's PDF font
    glyph_ids: list[int | None] = field(default_factory=list)  # drawn glyphs; None: a missing one (.notdef)
    plain: bool = False


@dataclass
class Line:
    """What WeasyPrint draws for a line, glyph by glyph in drawing order: each glyph's cluster, and where a TJ
    string must be split (the glyph indexes where an ActualText span starts or ends)."""

    clusters: list[Cluster]  # per glyph
    digits: list[int]  # per glyph: hex digits of its id in the TJ string, 2 for bitmap fonts, 4 otherwise
    bitmap: list[bool]  # per glyph: drawn in a bitmap font (emoji), at font size 1
    cuts: list[int]


def joins_previous(text: str) -> bool:
    """A shaped cluster that begins with a vowel sign or another mark (HarfBuzz gives "তু"'s ু a cluster of its
    own, drawn back under the ত) belongs to the letter before it: readers that place each glyph by its
    position would otherwise read "নতু ন" or "জনু" for "নতুন" and "জুন"."""
    return unicodedata.category(text[0])[0] == "M" or text[0] in "\u200c\u200d"


def line_glyphs(stream, textbox) -> Line:
    """The glyphs WeasyPrint draws for the textbox's first line. Fixes the ToUnicode entry of a glyph that is
    a whole cluster by itself, for readers that ignore ActualText."""
    from weasyprint.text.ffi import ffi, pango

    line = pango.pango_layout_get_line_readonly(textbox.pango_layout.layout, 0)
    stride = ffi.sizeof("PangoGlyphInfo") // ffi.sizeof("PangoGlyph")  # glyph ids read in one go
    utf8_text = textbox.pango_layout.text.encode()
    glyph_clusters, digits, bitmap = [], [], []
    empty, unknown = pango.PANGO_GLYPH_EMPTY, pango.PANGO_GLYPH_UNKNOWN_FLAG
    run = line.runs
    while run:
        glyph_item = run.data
        run = run.next
        string, item = glyph_item.glyphs, glyph_item.item
        font, _size = stream.add_font(item.analysis.font)
        starts = ffi.unpack(string.log_clusters, string.num_glyphs)
        size = string.num_glyphs * ffi.sizeof("PangoGlyphInfo")
        glyph_ids = memoryview(ffi.buffer(string.glyphs, size)).cast("I")[::stride].tolist()
        clusters: dict[int, Cluster] = {}
        previous = None
        bounds = sorted({*starts, item.length})
        for start, end in pairwise(bounds):
            text = utf8_text[item.offset + start : item.offset + end].decode()
            if previous and joins_previous(text):
                previous.text += text
            else:
                previous = Cluster(text, font)
            clusters[start] = previous
        drawn = 0
        for start, glyph_id in zip(starts, glyph_ids, strict=True):
            if glyph_id == empty:
                continue  # drawn as a positioning number, no glyph
            cluster = clusters[start]
            cluster.glyph_ids.append(None if glyph_id & unknown else glyph_id)
            glyph_clusters.append(cluster)
            drawn += 1
        digits += [2 if font.bitmap else 4] * drawn
        bitmap += [font.bitmap] * drawn
    cuts, before = [], None
    for index, cluster in enumerate(glyph_clusters):
        if cluster is before:
            continue
        if len(cluster.glyph_ids) == 1 and cluster.glyph_ids[0] is not None:
            # WeasyPrint keeps the first text it met a glyph with, in whatever cluster; a glyph alone in its
            # cluster says its text exactly, and the first such text is the glyph's entry from then on.
            font, glyph_id = cluster.font, cluster.glyph_ids[0]
            exact = EXACT_ENTRIES.setdefault(font, set())
            if glyph_id not in exact:
                font.to_unicode[glyph_id] = cluster.text
                exact.add(glyph_id)
            cluster.plain = font.to_unicode[glyph_id] == cluster.text
        elif len(cluster.glyph_ids) > 1:
            spell_glyphs(cluster.font, cluster)
        if not cluster.plain or (before is not None and not before.plain):
            cuts.append(index)
        before = cluster
    return Line(glyph_clusters, digits, bitmap, cuts)


# Per font file (its PDF name and size): glyph id -> the character the font's cmap draws with that glyph.
NOMINAL_GLYPHS: dict[tuple[str, int], dict[int, str]] = {}


def nominal_glyphs(font) -> dict[int, str]:
    key = (font.hash, len(font.file_content))
    if key not in NOMINAL_GLYPHS:
        from fontTools.ttLib import TTFont  # WeasyPrint's own dependency

        ttfont = TTFont(BytesIO(font.file_content), fontNumber=font.index, lazy=True)
        NOMINAL_GLYPHS[key] = {
            ttfont.getGlyphID(name): chr(code) for code, name in (ttfont.getBestCmap() or {}).items()
        }
    return NOMINAL_GLYPHS[key]


def spell_glyphs(font, cluster: Cluster) -> None:
    """ToUnicode entries for the glyphs of a cluster of several, for readers that ignore ActualText: a glyph
    the font draws a character with (ক, া, ু, ে) stands for that character, and the one other glyph, if any
    (a conjunct, a contextual form), for the rest of the cluster. "কা" then reads back whole; a pre-base vowel
    sign still comes first ("েক"), as drawn."""
    exact = EXACT_ENTRIES.setdefault(font, set())
    nominal = nominal_glyphs(font)
    rest = list(unicodedata.normalize("NFD", cluster.text))
    others = []
    for glyph_id in cluster.glyph_ids:
        character = nominal.get(glyph_id)
        if character in rest:
            rest.remove(character)
            if glyph_id not in exact:
                font.to_unicode[glyph_id] = character
                exact.add(glyph_id)
        elif glyph_id is not None:
            others.append(glyph_id)
    if len(others) == 1 and rest and others[0] not in exact:
        font.to_unicode[others[0]] = unicodedata.normalize("NFC", "".join(rest))
        exact.add(others[0])


def trailing_advance(pieces: list[str]) -> float:
    """How far the numbers after a span's last glyph move the pen on to the right (in thousandths of the
    font size): a vowel sign drawn back under its letter ("তু": ত, then ু moved left, the pen moved back)."""
    last = max((i for i, piece in enumerate(pieces) if piece[0] == "<"), default=None)
    return 0.0 if last is None else -sum(float(number) for number in pieces[last + 1 :])


def tj_number(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".")


@lru_cache(maxsize=4096)
def actual_text_span(text: str) -> bytes:
    """The marked content's property list, written as is (cached: the same syllables recur)."""
    return b"<</ActualText <" + (BOM_UTF16_BE + text.encode("utf-16-be")).hex().encode() + b">>>"


class ClusterStream:
    """Stands in for WeasyPrint's stream while it draws one line: TJ strings are split where an ActualText
    span starts or ends, and the spans are written around the clusters that need them; everything else goes
    to the stream."""

    def __init__(self, stream, textbox):
        self._stream, self._textbox = stream, textbox
        self._line: Line | None = None
        self._position = 0  # index of the next glyph drawn
        self._open = False  # inside an ActualText span
        self._font_size = 1.0

    def __getattr__(self, name):
        return getattr(self._stream, name)

    def set_font_size(self, font, size):
        self._font_size = size
        self._stream.set_font_size(font, size)

    def show_text(self, string: str) -> None:
        if self._line is None:  # the line is final only once WeasyPrint starts drawing it (ellipsis)
            self._line = line_glyphs(self._stream, self._textbox)
        line, pieces = self._line, []
        for match in TJ_TOKEN.finditer(string):
            hex_ids, number = match.groups()
            if number is not None:
                pieces.append(number)
            elif hex_ids:
                start = self._position
                if start >= len(line.clusters) or len(hex_ids) % line.digits[start]:
                    raise TextLayerMismatch(f"glyphs {hex_ids!r} not in the line {self._textbox.text!r}")
                digits = line.digits[start]
                end = start + len(hex_ids) // digits
                if end > len(line.clusters):
                    raise TextLayerMismatch(f"more glyphs drawn than the line has: {self._textbox.text!r}")
                at = start
                for cut in line.cuts[bisect_left(line.cuts, start) : bisect_left(line.cuts, end)]:
                    if cut > at:
                        pieces.append(f"<{hex_ids[(at - start) * digits : (cut - start) * digits]}>")
                    self._flush(pieces)
                    self._close()
                    if not line.clusters[cut].plain:
                        self._stream.begin_marked_content("Span", actual_text_span(line.clusters[cut].text))
                        self._open = not line.bitmap[cut] or None  # None: no character spacing (font size 1)
                    at = cut
                pieces.append(f"<{hex_ids[(at - start) * digits :]}>")
                self._position = end
        self._flush(pieces)

    def _flush(self, pieces: list[str]) -> None:
        """Shows the pieces. Poppler ends a span's text where its last glyph ends: when the pen then moves on
        to the right, the last glyph is drawn with that much character spacing instead, which moves the pen
        to the same place and makes the gap part of the glyph, so no space is read into the word."""
        advance = trailing_advance(pieces) if self._open else 0.0
        if advance > 0:
            last = max(i for i, piece in enumerate(pieces) if piece[0] == "<")
            # Character spacing follows every glyph shown: only the last one goes with it (4 hex digits a
            # glyph id here, as spans in bitmap fonts take no spacing).
            before, glyph = pieces[last][1:-5], pieces[last][-5:-1]
            self._show([*pieces[:last], *([f"<{before}>"] if before else [])])
            self._stream.stream.append(f"{tj_number(advance * self._font_size / 1000)} Tc".encode())
            self._show([f"<{glyph}>"])
            self._stream.stream.append(b"0 Tc")
        else:
            self._show(pieces)
        pieces.clear()

    def _show(self, pieces: list[str]) -> None:
        if pieces:
            self._stream.show_text(" ".join(pieces).replace("> <", ""))

    def _close(self) -> None:
        if self._open is not False:
            self._stream.end_marked_content()
            self._open = False

    def finish(self) -> None:
        self._close()
        if self._line is not None and self._position != len(self._line.clusters):
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
