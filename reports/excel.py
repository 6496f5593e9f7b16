"""The Excel twin of a report: the same `Document` as the PDF, one sheet per section, numbers as numeric
cells (never Bangla-digit text), dates as date cells, headers frozen, readable column widths."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from apa_portal.display import in_bangla

from .document import (
    DATE,
    NUMBER,
    PERCENT,
    SCORE,
    Contents,
    Cover,
    Document,
    Heading,
    ItemList,
    Letter,
    Paragraph,
    Signatories,
    Signatory,
    Signatures,
    Table,
)

META_SHEET = "তথ্য"
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="EAEAEA")
GROUP_FILL = PatternFill("solid", fgColor="F3F3F3")
WRAP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")
# A percentage is the number itself (84.51 for ৮৪.৫১%, as the seeds write it) shown with a % sign.
NUMBER_FORMATS = {NUMBER: "General", PERCENT: 'General"%"', SCORE: "0.00", DATE: "DD/MM/YYYY"}
# Characters across a whole table, shared between its columns by their relative widths (as in the PDF).
WIDTH_ACROSS = 260


# A text that starts with one of these is a formula (or a DDE command such as =cmd|' /C calc'!A0) to a
# spreadsheet that reads the cell as typed: in a file, on editing the cell, or once saved as CSV.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def put(sheet, row: int, column: int, value):
    """Write `value` at (row, column): numbers and dates as typed cells, every text as a text cell, shown as
    typed. openpyxl would store a text starting with "=" as a live formula (and "#N/A" as an error): what
    an office typed is never one. A text starting with a formula character is also marked quotePrefix
    (Excel's leading apostrophe, which it does not show), so that editing the cell keeps it text."""
    target = sheet.cell(row=row, column=column)
    target.value = value
    if isinstance(value, str):
        target.data_type = "s"
        if value.startswith(FORMULA_TRIGGERS):
            target.quotePrefix = True
    return target


def cell_value(cell):
    """The cell's typed value: Decimal and int stay numbers, dates stay dates, the rest is text."""
    value = cell.value
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral() else float(value)
    if isinstance(value, int | date):
        return value
    return str(value)


def place(sheet, taken: set, row: int, column: int, value, *, rowspan: int = 1, colspan: int = 1):
    """Write `value` at the first free column from `column` on, merged over its span, and mark the span taken.
    Returns the cell and the column after the span."""
    while (row, column) in taken:  # covered by a cell with a rowspan above
        column += 1
    target = put(sheet, row, column, value)
    last_row, last_column = row + rowspan - 1, column + colspan - 1
    if last_row > row or last_column > column:
        sheet.merge_cells(start_row=row, start_column=column, end_row=last_row, end_column=last_column)
    taken.update((r, c) for r in range(row, last_row + 1) for c in range(column, last_column + 1))
    return target, last_column + 1


def write_table(sheet, table: Table, row: int) -> int:
    """Write `table` from `row` on; returns the row after it. Header and body cells merge as in the PDF; the
    cells' notes (Cell.note) go in an extra last column under `table.note_header`."""
    taken: set[tuple[int, int]] = set()
    notes = [" ".join(cell.note for cell in data_row.cells if cell.note) for data_row in table.rows]
    note_column = table.columns + 1 if table.note_header and any(notes) else None
    for offset, header_row in enumerate(table.header):
        placed = [(1, header.text, header.rowspan, header.colspan) for header in header_row]
        if note_column and offset == 0:
            placed.append((note_column, table.note_header, len(table.header), 1))
        column = 1
        for start, text, rowspan, colspan in placed:
            target, column = place(
                sheet, taken, row + offset, max(start, column), text, rowspan=rowspan, colspan=colspan
            )
            target.font, target.fill, target.alignment, target.border = (
                Font(bold=True),
                HEADER_FILL,
                CENTER,
                BORDER,
            )
    row += len(table.header)
    for data_row, note in zip(table.rows, notes, strict=True):
        column = 1
        for cell in data_row.cells:
            target, column = place(
                sheet, taken, row, column, cell_value(cell), rowspan=cell.rowspan, colspan=cell.colspan
            )
            target.border, target.alignment = BORDER, WRAP
            if cell.kind in NUMBER_FORMATS and target.value is not None and not isinstance(target.value, str):
                target.number_format = NUMBER_FORMATS[cell.kind]
            if data_row.css in ("group", "total"):
                target.font = Font(bold=True)
                if data_row.css == "group":
                    target.fill = GROUP_FILL
        if note_column:
            target = put(sheet, row, note_column, note or None)
            target.border, target.alignment = BORDER, WRAP
        row += 1
    widths = [*table.widths, *([max(table.widths)] if note_column else [])]
    for index, width in enumerate(widths, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(
            sheet.column_dimensions[letter].width or 0, 6 + WIDTH_ACROSS * width / sum(table.widths)
        )
    if table.footnote:
        put(sheet, row, 1, table.footnote)
        row += 1
    return row


def write_text(sheet, row: int, value: str, *, bold: bool = False) -> int:
    target = put(sheet, row, 1, value)
    target.alignment = WRAP
    if bold:
        target.font = Font(bold=True)
    return row + 1


def write_pairs(sheet, row: int, pairs) -> int:
    """Label in column A (bold), value in column B; a date value stays a date cell."""
    for label, value in pairs:
        if value in (None, ""):
            continue
        put(sheet, row, 1, label or None).font = Font(bold=True)
        target = put(sheet, row, 2, value)
        target.alignment = WRAP
        if isinstance(value, date):
            target.number_format = NUMBER_FORMATS[DATE]
        row += 1
    return row


def write_signatory(sheet, row: int, person: Signatory | None) -> int:
    if person is None:
        return row
    office = ", ".join(person.office_lines)
    return write_pairs(
        sheet,
        row,
        [("স্বাক্ষর", person.name), ("পদবি", person.title), ("অফিস", office), ("", person.signed_on)]
        + ([("", person.signed_on_text)] if person.signed_on is None else []),
    )


def write_letter(sheet, row: int, letter: Letter) -> int:
    row = write_pairs(
        sheet,
        row,
        [
            ("স্মারক নম্বর", letter.memo_number),
            ("তারিখ", letter.bangla_calendar_text),
            ("", letter.on),
            ("বিষয়", letter.subject),
            ("সূত্র", letter.reference),
            ("", letter.body),
        ],
    )
    row = write_pairs(
        sheet, row, [("সংযুক্তি" if n == 1 else "", item) for n, item in enumerate(letter.attachments, 1)]
    )
    row = write_signatory(sheet, row, letter.signatory)
    row = write_pairs(
        sheet,
        row,
        [
            ("প্রাপক", letter.addressee),
            ("ফোন", letter.phone),
            ("স্মারক নম্বর", letter.copy_memo_number),
            ("তারিখ", letter.copy_bangla_calendar_text),
            ("", letter.copy_on),
        ],
    )
    row = write_pairs(
        sheet, row, [("অনুলিপি" if n == 1 else "", name) for n, name in enumerate(letter.copy_to, 1)]
    )
    return write_signatory(sheet, row, letter.copy_signatory)


@in_bangla
def render_xlsx(document: Document) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    for section in document.sections:
        name = unique_sheet_name(section.sheet, used)
        sheet = workbook.create_sheet(name)
        row, frozen, has_table = 1, False, False
        for block in section.blocks:
            if isinstance(block, Table):
                if not frozen:
                    sheet.freeze_panes = sheet.cell(row=row + len(block.header), column=1)
                    frozen = True
                row = write_table(sheet, block, row) + 1
                has_table = True
            elif isinstance(block, Heading):
                row = write_text(sheet, row, block.text, bold=True)
            elif isinstance(block, Paragraph):
                if block.label:
                    row = write_text(sheet, row, block.label, bold=True)
                for line in block.text.splitlines():
                    if line.strip():
                        row = write_text(sheet, row, line)
            elif isinstance(block, ItemList):
                for number, item in enumerate(block.items, start=1):
                    put(sheet, row, 1, number)
                    put(sheet, row, 2, item).alignment = WRAP
                    row += 1
            elif isinstance(block, Cover):
                for line in [*block.lines, block.title, block.period]:
                    row = write_text(sheet, row, line, bold=line == block.title)
            elif isinstance(block, Contents):
                for title, _anchor in block.entries:
                    row = write_text(sheet, row, title)
            elif isinstance(block, Signatures):
                row = write_text(sheet, row, block.label, bold=True)
                for party in block.parties:
                    put(sheet, row, 1, party.title)
                    put(sheet, row, 2, party.office)
                    put(sheet, row, 3, party.name or None)
                    put(sheet, row, 4, party.signed_on)
                    if party.signed_on:
                        sheet.cell(row=row, column=4).number_format = NUMBER_FORMATS[DATE]
                    row += 1
            elif isinstance(block, Letter):
                row = write_letter(sheet, row, block)
            elif isinstance(block, Signatories):
                for person in block.people:
                    row = write_signatory(sheet, row, person)
        if not has_table:
            sheet.column_dimensions["A"].width = (
                110
                if not any(
                    isinstance(b, ItemList | Signatures | Letter | Signatories) for b in section.blocks
                )
                else 18
            )
            sheet.column_dimensions["B"].width = 90
            sheet.column_dimensions["C"].width = 30
            sheet.column_dimensions["D"].width = 14
    meta = workbook.create_sheet(META_SHEET)
    for row, (key, value) in enumerate(sorted(document.meta.items()), start=1):
        put(meta, row, 1, key)
        put(meta, row, 2, value)
    meta.sheet_state = "hidden"
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def unique_sheet_name(name: str, used: set[str]) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\, unique within the workbook."""
    clean = "".join("-" if ch in "[]:*?/\\" else ch for ch in name)[:31] or "sheet"
    candidate, n = clean, 2
    while candidate in used:
        suffix = f" ({n})"
        candidate, n = clean[: 31 - len(suffix)] + suffix, n + 1
    used.add(candidate)
    return candidate
