"""The size of an imported workbook's package, checked before openpyxl parses it (`workbook_problem`): every
import of an .xlsx (an agreement's twin in `reports.importer`, the office tree and users in
`agreements.org_import`) passes through it first."""

from __future__ import annotations

import zipfile
from typing import BinaryIO
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser
from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string, range_boundaries

from apa_portal import display

# The package's size, before openpyxl parses anything. An .xlsx is a ZIP of XML parts: a few hundred KB can
# expand to gigabytes of cells (issue 17: an 820 KB workbook of 20 million cells held a worker at 2.8 GiB for
# 61 s). openpyxl builds every cell in memory, and also every cell of a merged range and every cell between
# A1 and the farthest one it is asked to iterate, so those count as cells too. The ZIP's directory gives the
# sizes without expanding anything (zipfile never inflates a part beyond the size its directory declares);
# the cells are then counted by streaming each part through a SAX parser (defusedxml: no DTD entities),
# stopping at the first limit passed, so memory stays a read buffer and time is bounded by the size limit.

SPREADSHEET_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
COUNTED_ROOTS = {f"{SPREADSHEET_MAIN}worksheet", f"{SPREADSHEET_MAIN}workbook"}
MEGABYTE = 1024 * 1024
# Below this size a part's compression ratio says nothing: the size limits already bound it.
RATIO_FROM_BYTES = MEGABYTE
# A cell is at most a few elements (<c><is><t>, <c><f><v>): many more elements than cells is padding that
# would only cost parsing time.
ELEMENTS_PER_CELL = 10
READ_CHUNK = 64 * 1024


class PackageTooLarge(Exception):
    """A limit passed while counting a part's cells; carries the message for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotCounted(Exception):
    """The part is neither the workbook nor a worksheet: nothing in it is counted."""


class CellCounter:
    """A parser target counting the workbook's sheets, cells, rows, merged cells and elements, and each
    sheet's extent that openpyxl would fill when iterated (its last row × its last column); raises
    PackageTooLarge as soon as one passes its limit. `start_part` before each part."""

    def __init__(self, *, max_cells: int, max_sheets: int):
        self.max_cells, self.max_sheets = max_cells, max_sheets
        self.sheets = self.cells = self.rows = self.merged = self.elements = 0
        self.start_part()

    def start_part(self) -> None:
        self.root = True
        self.row = self.column = self.last_row = self.last_column = 0

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        if self.root:
            if tag not in COUNTED_ROOTS:
                raise NotCounted
            self.root = False
        self.elements += 1
        reference = attributes.get("r") or attributes.get("ref")
        if tag == f"{SPREADSHEET_MAIN}row":
            self.rows += 1
            self.row = int(reference) if reference and reference.isdigit() else self.row + 1
            self.column = 0
        elif tag == f"{SPREADSHEET_MAIN}c":
            self.cells += 1
            if reference:
                letters, self.row = coordinate_from_string(reference)
                self.column = column_index_from_string(letters)
            else:
                self.column += 1
        elif tag == f"{SPREADSHEET_MAIN}mergeCell" and reference:
            first_column, first_row, last_column, last_row = range_boundaries(reference)
            self.merged += (last_row - first_row + 1) * (last_column - first_column + 1)
            self.row, self.column = max(self.row, last_row), max(self.column, last_column)
        elif tag == f"{SPREADSHEET_MAIN}sheet":
            self.sheets += 1
            if self.sheets > self.max_sheets:
                raise PackageTooLarge(
                    _("ওয়ার্কবুকে %(limit)sটির বেশি শিট আছে: এত শিটের ওয়ার্কবুক আমদানি করা যায় না।")
                    % {"limit": display.number(self.max_sheets)}
                )
        self.last_row, self.last_column = max(self.last_row, self.row), max(self.last_column, self.column)
        extent = self.last_row * self.last_column
        if (
            max(self.cells, self.rows, self.merged, extent) > self.max_cells
            or self.elements > ELEMENTS_PER_CELL * self.max_cells
        ):
            raise PackageTooLarge(
                _(
                    "ওয়ার্কবুকে %(limit)sটির বেশি ঘর আছে (সারি, একত্র করা ঘর ও মাঝের ফাঁকা ঘরসহ): এত বড় "
                    "ওয়ার্কবুক আমদানি করা যায় না।"
                )
                % {"limit": display.number(self.max_cells)}
            )

    def close(self) -> None:
        return None


def count_part(archive: zipfile.ZipFile, item: zipfile.ZipInfo, counter: CellCounter) -> None:
    """Stream one part through the counter (defusedxml's parser: no DTD entities). A part that is not the
    workbook or a worksheet stops at its first element; one that is not well-formed XML (an image, or XML
    that declares entities) is left to openpyxl, which refuses what it cannot read."""
    counter.start_part()
    parser = DefusedXMLParser(target=counter)
    try:
        with archive.open(item) as part:
            while chunk := part.read(READ_CHUNK):
                parser.feed(chunk)
        parser.close()
    except (NotCounted, ParseError, DefusedXmlException, ValueError, zipfile.BadZipFile):
        return


def workbook_problem(file: BinaryIO) -> str:
    """The first IMPORT_MAX_* limit the workbook's package passes (its expanded size, a part's size, a part's
    compression ratio, its sheets or its cells), as a message in the user's language; "" when within every
    limit. A file that is not a ZIP is left to openpyxl's own refusal. Leaves `file` at its start."""
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError, ValueError):
        file.seek(0)
        return ""
    try:
        return package_problem(archive)
    finally:
        archive.close()
        file.seek(0)


def package_problem(archive: zipfile.ZipFile) -> str:
    """The first limit the package passes, as a message; "" when it is within every limit."""
    items = archive.infolist()
    if len(items) > settings.IMPORT_MAX_PARTS:
        return _("ফাইলটিতে %(limit)sটির বেশি অংশ আছে: এটি আমদানি করা যায় না।") % {
            "limit": display.number(settings.IMPORT_MAX_PARTS)
        }
    expanded = sum(item.file_size for item in items)
    if expanded > settings.IMPORT_MAX_UNCOMPRESSED_MB * MEGABYTE:
        return _("ফাইলটি খুললে %(size)s মেগাবাইট হয়, সীমা %(limit)s মেগাবাইট: এত বড় ওয়ার্কবুক আমদানি করা যায় না।") % {
            "size": display.number(expanded // MEGABYTE),
            "limit": display.number(settings.IMPORT_MAX_UNCOMPRESSED_MB),
        }
    for item in items:
        if item.file_size > settings.IMPORT_MAX_PART_MB * MEGABYTE:
            return _(
                "ফাইলের একটি অংশ খুললে %(size)s মেগাবাইট হয়, সীমা %(limit)s মেগাবাইট: এত বড় ওয়ার্কবুক আমদানি করা যায় না।"
            ) % {
                "size": display.number(item.file_size // MEGABYTE),
                "limit": display.number(settings.IMPORT_MAX_PART_MB),
            }
        ratio = item.file_size / max(item.compress_size, 1)
        if item.file_size > RATIO_FROM_BYTES and ratio > settings.IMPORT_MAX_COMPRESSION_RATIO:
            return _(
                "ফাইলটি অস্বাভাবিকভাবে সংকুচিত (একটি অংশ খুললে %(ratio)s গুণ হয়, সীমা %(limit)s গুণ): এটি "
                "আমদানি করা যায় না।"
            ) % {
                "ratio": display.number(int(ratio)),
                "limit": display.number(settings.IMPORT_MAX_COMPRESSION_RATIO),
            }
    counter = CellCounter(max_cells=settings.IMPORT_MAX_CELLS, max_sheets=settings.IMPORT_MAX_SHEETS)
    try:
        for item in items:
            count_part(archive, item, counter)
    except PackageTooLarge as too_large:
        return too_large.message
    return ""
