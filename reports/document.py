"""The shape every report takes before it becomes a PDF or a workbook.

A builder (`reports.builders`) reads the database once and returns a `Document`: sections made of blocks
(headings, paragraphs, lists, tables, signature blocks, a letter head). The PDF template and the Excel writer
both walk the same `Document`, so the two files cannot disagree on a row, a column or a number. Pure Python:
nothing here touches the database.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal

from apa_portal.bangla import (
    format_bangla_calendar_date,
    format_date_long,
    format_number,
    format_percent,
    to_bangla_digits,
)

TEXT, NUMBER, PERCENT, DATE, SCORE = "text", "number", "percent", "date", "score"


def plain_number(value: Decimal | int) -> str:
    """1470 -> "1470", 84.5100 -> "84.51": the seeds print table numbers without grouping or padding."""
    number = Decimal(value)
    if number == number.to_integral():
        return str(number.quantize(Decimal(1)))
    return format(number.normalize(), "f")


@dataclass
class Cell:
    """One table cell: a typed value (Decimal, date, text or None) and how it is shown. A cell with a
    `rowspan` covers the same column of the rows below it, which then leave that cell out (as in HTML).
    `note` is the office's own wording of the value: the PDF prints it in place of the value, the workbook
    keeps the typed value and puts the wording in the table's note column."""

    value: object = None
    kind: str = TEXT
    colspan: int = 1
    rowspan: int = 1
    css: str = ""
    note: str = ""

    @property
    def text(self) -> str:
        """The value as printed on the PDF: Bangla digits, dates in the one long form (১২ জুলাই ২০২২)."""
        if self.note:
            return self.note
        value = self.value
        if value is None or value == "":
            return ""
        if self.kind == DATE and isinstance(value, date):
            return format_date_long(value)
        if self.kind == PERCENT and isinstance(value, Decimal | int):
            return format_percent(value)
        if self.kind == SCORE and isinstance(value, Decimal | int):
            return format_number(value, decimals=2)
        if self.kind == NUMBER and isinstance(value, Decimal | int):
            return format_number(value)  # grouped as on the pages: ১,৪৭০
        return str(value)

    @property
    def shows_number(self) -> bool:
        """Printed as a number or a date (centred, on one line), not as text or the office's wording."""
        if self.note:
            return False
        if self.kind == DATE:
            return isinstance(self.value, date)
        return self.kind in (NUMBER, PERCENT, SCORE) and isinstance(self.value, Decimal | int)


@dataclass
class Row:
    cells: list[Cell]
    css: str = ""  # "group" (a full-width caption row), "total", "sub" (second row of an item)


def merge_down(rows: list[Row], column: int, keys: list) -> None:
    """Merge runs of equal `keys` (one per row, None never merges) in `column` into one cell with a rowspan,
    as the seeds merge a repeated activity. Rows must still have every cell; merge the rightmost column first
    so that the column numbers of the others stay true."""
    start = 0
    while start < len(rows):
        end = start + 1
        while end < len(rows) and keys[start] is not None and keys[end] == keys[start]:
            end += 1
        if end - start > 1:
            rows[start].cells[column].rowspan = end - start
            for row in rows[start + 1 : end]:
                del row.cells[column]
        start = end


@dataclass
class HeaderCell:
    text: str
    colspan: int = 1
    rowspan: int = 1


@dataclass
class Table:
    """A table whose header rows repeat on every page; `widths` are relative column widths."""

    key: str
    header: list[list[HeaderCell]]
    rows: list[Row]
    widths: list[int]
    caption: str = ""
    footnote: str = ""
    css: str = ""  # "compact": a smaller type for the widest tables
    note_header: str = ""  # the workbook's extra last column holding the cells' notes (see Cell.note)
    block: str = "table"

    @property
    def columns(self) -> int:
        return len(self.widths)

    @property
    def percent_widths(self) -> list[str]:
        total = sum(self.widths)
        return [f"{100 * w / total:.2f}%" for w in self.widths]


@dataclass
class Heading:
    text: str
    level: int = 2
    anchor: str = ""
    block: str = "heading"


@dataclass
class Paragraph:
    text: str
    label: str = ""
    css: str = ""
    block: str = "paragraph"


@dataclass
class ItemList:
    items: list[str]
    numbered: bool = True
    block: str = "list"

    @property
    def numbered_items(self) -> list[tuple[str, str]]:
        return [
            (to_bangla_digits(n) + "." if self.numbered else "•", item)
            for n, item in enumerate(self.items, 1)
        ]


@dataclass
class SignatureBlock:
    title: str
    office: str
    name: str = ""
    signed_on: date | None = None

    @property
    def date_text(self) -> str:
        return format_date_long(self.signed_on) if self.signed_on else ""


@dataclass
class Signatures:
    parties: list[SignatureBlock]
    label: str = "স্বাক্ষরিত:"
    block: str = "signatures"


@dataclass
class Signatory:
    """A printed signature as letters and reports end (seed 004): date, name, title and office (a line each).
    `signed_on_text` is the date as the document wrote it ("১২-৭-২০২২"), when there is one."""

    name: str
    title: str = ""
    office: str = ""
    signed_on: date | None = None
    signed_on_text: str = ""

    @property
    def date_text(self) -> str:
        # A date the document itself wrote stays as written; one the portal knows is printed in its one style.
        if self.signed_on_text or self.signed_on is None:
            return self.signed_on_text
        return format_date_long(self.signed_on)

    @property
    def office_lines(self) -> list[str]:
        return [line for line in self.office.splitlines() if line.strip()]


@dataclass
class Signatories:
    people: list[Signatory]
    block: str = "signatories"


@dataclass
class Letter:
    """A forwarding letter (seed 004): memo number and both dates (Bangla calendar first, as on letters),
    subject, reference, body, attachments, the signature, the addressee, then the copy memo with its own
    dates, the copy list (অনুলিপি) and its signature."""

    memo_number: str
    on: date | None
    subject: str = ""
    reference: str = ""
    body: str = ""
    attachments: list[str] = field(default_factory=list)
    signatory: Signatory | None = None
    addressee: str = ""
    phone: str = ""
    copy_memo_number: str = ""
    copy_on: date | None = None
    copy_to: list[str] = field(default_factory=list)
    copy_signatory: Signatory | None = None
    block: str = "letter"

    @property
    def bangla_calendar_text(self) -> str:
        return format_bangla_calendar_date(self.on) if self.on else ""

    @property
    def gregorian_text(self) -> str:
        return format_date_long(self.on) if self.on else ""

    @property
    def copy_bangla_calendar_text(self) -> str:
        return format_bangla_calendar_date(self.copy_on) if self.copy_on else ""

    @property
    def copy_gregorian_text(self) -> str:
        return format_date_long(self.copy_on) if self.copy_on else ""

    @property
    def numbered_copies(self) -> list[tuple[str, str]]:
        """ "১) অতিরিক্ত সচিব, …" as the seed numbers its copy list."""
        return [(to_bangla_digits(n) + ")", name) for n, name in enumerate(self.copy_to, start=1)]


@dataclass
class Cover:
    lines: list[str]
    title: str
    period: str
    block: str = "cover"


@dataclass
class Contents:
    entries: list[tuple[str, str]]  # (title, anchor of the section)
    block: str = "contents"


Block = Heading | Paragraph | ItemList | Table | Signatures | Signatories | Letter | Cover | Contents


@dataclass
class Section:
    """A run of pages (and one sheet of the workbook)."""

    key: str
    sheet: str
    blocks: list[Block]
    landscape: bool = False
    new_page: bool = True
    contents_title: str = ""  # the entry in the table of contents, when it differs from the headings
    # A sheet of the workbook that the printed document does not have (the agreement's achievements, which
    # its Excel twin carries so that a record imported from it comes back whole).
    workbook_only: bool = False

    @property
    def anchor(self) -> str:
        return f"section-{self.key}"


@dataclass
class Document:
    kind: str
    title: str
    filename: str
    sections: list[Section]
    printed_on: date
    footer_left: str = ""
    meta: dict[str, str] = field(default_factory=dict)

    @property
    def printed_text(self) -> str:

        return format_date_long(self.printed_on)

    def content_hash(self, *extra: str, with_print_date: bool = True) -> str:
        """SHA-256 of everything the document shows: equal hashes mean byte-for-byte reusable renders. The
        print date counts only where it is printed (the PDF's footer, not the workbook)."""
        content = asdict(self)
        if not with_print_date:
            content.pop("printed_on")
        payload = json.dumps(content, ensure_ascii=False, sort_keys=True, default=str)
        digest = hashlib.sha256(payload.encode())
        for part in extra:
            digest.update(part.encode())
        return digest.hexdigest()
