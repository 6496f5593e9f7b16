"""Reading an import file, a UTF-8 CSV or an .xlsx whose first row names the columns, into rows of text.

Every cell comes out stripped, without directional controls and in Unicode NFC (`apa_portal.bangla`), so
that what looks the same compares equal. Problems carry the file's row (the header is row 1) and column."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import BinaryIO

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from apa_portal import display
from apa_portal.bangla import normalize_text, strip_bidi_controls
from apa_portal.workbook_limits import workbook_problem

ZIP_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class RowProblem:
    """One problem of an import file: its row (None for the file as a whole), its column and what is wrong."""

    row: int | None
    column: str
    message: str

    @property
    def where(self) -> str:
        if self.row is None:
            return _("ফাইল")
        if not self.column:
            return _("সারি %(row)s") % {"row": display.digits(self.row)}
        return _("সারি %(row)s, কলাম %(column)s") % {"row": display.digits(self.row), "column": self.column}

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class ImportRefused(Exception):
    """The file has problems: every one of them, nothing saved."""

    def __init__(self, problems: list[RowProblem]):
        super().__init__("\n".join(map(str, problems[:5])))
        self.problems = problems


@dataclass(frozen=True)
class Row:
    number: int
    cells: dict[str, str]

    def __getitem__(self, column: str) -> str:
        return self.cells.get(column, "")


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date):
        value = value.isoformat()
    return normalize_text(strip_bidi_controls(str(value))).strip()


def read_rows(
    file: BinaryIO, *, columns: tuple[str, ...], required: tuple[str, ...], filename: str = ""
) -> list[Row]:
    """The file's rows after its header, blank rows left out. ImportRefused when the file cannot be read or
    its header lacks a required column or names one that is not known."""
    head = file.read(4)
    file.seek(0)
    if head == ZIP_MAGIC or filename.lower().endswith(".xlsx"):
        records = workbook_records(file)
    else:
        records = csv_records(file)
    try:
        header = next(records, None)
    except UnicodeDecodeError:
        raise ImportRefused([RowProblem(None, "", _("ফাইলটি UTF-8 CSV বা .xlsx নয়।"))]) from None
    names = [cell_text(name).lower() for name in header or ()]
    problems = [
        RowProblem(1, column, _("প্রথম সারিতে এই কলামটি নেই।")) for column in required if column not in names
    ]
    problems += [
        RowProblem(1, name, _("অজানা কলাম; কলামগুলো হলো: %(columns)s।") % {"columns": ", ".join(columns)})
        for name in names
        if name and name not in columns
    ]
    if problems:
        raise ImportRefused(problems)
    rows = []
    try:
        for number, record in enumerate(records, start=2):
            cells = {name: cell_text(value) for name, value in zip(names, record, strict=False) if name}
            if any(cells.values()):
                rows.append(Row(number, cells))
    except UnicodeDecodeError:
        raise ImportRefused([RowProblem(None, "", _("ফাইলটি UTF-8 CSV বা .xlsx নয়।"))]) from None
    return rows


def csv_records(file: BinaryIO) -> Iterator[list[str]]:
    text = io.TextIOWrapper(file, encoding="utf-8-sig", newline="")
    try:
        yield from csv.reader(text)
    finally:
        text.detach()


def workbook_records(file: BinaryIO) -> Iterator[Iterable[object]]:
    """The first sheet's rows, after the package passes the size limits every workbook import passes."""
    message = workbook_problem(file)
    if message:
        raise ImportRefused([RowProblem(None, "", message)])
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a file that is not a workbook
        raise ImportRefused([RowProblem(None, "", _("ফাইলটি পড়া গেল না: এটি .xlsx ওয়ার্কবুক নয়।"))]) from None
    try:
        yield from workbook.worksheets[0].iter_rows(values_only=True)
    finally:
        workbook.close()
