"""Excel import refuses a workbook that would expand beyond the IMPORT_MAX_* limits before openpyxl parses it:
a decompression bomb (a small file of millions of cells), a part too large or too compressed, too many parts
or sheets, too many cells, a far-away cell or a huge merged range (openpyxl would build every cell between).
Each is a message in Bangla on the import page and from `import_agreement`, never a server error; the
portal's own workbook of a 60-indicator agreement still imports."""

from __future__ import annotations

import zipfile
from io import BytesIO, StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from agreements.models import Agreement
from reports import builders, excel
from reports.importer import ImportRejected, import_agreement
from reports.importer import saving as import_saving
from reports.importer.limits import check_package

from .conftest import PASSWORD, build_agreement
from .test_reports_import import twin_for

pytestmark = pytest.mark.django_db

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"


def workbook_bytes(rows=(), *, repeat: int = 0, sheets: int = 1, merge: str = "", parts: int = 0) -> bytes:
    """A minimal .xlsx written part by part with zipfile: `sheets` sheets, the first holding `rows` (XML
    text) followed by `repeat` copies of one cell's row, streamed so that the test file stays small."""
    sheet_list = "".join(f'<sheet name="S{n}" sheetId="{n}" r:id="rId{n}"/>' for n in range(1, sheets + 1))
    sheet_rels = "".join(
        f'<Relationship Id="rId{n}" Type="{RELATIONSHIPS}/worksheet" Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, sheets + 1)
    )
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for n in range(1, sheets + 1)
    )
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            f"{overrides}</Types>",
        )
        archive.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{PACKAGE_RELATIONSHIPS}"><Relationship Id="rId1" '
            f'Type="{RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}"><sheets>{sheet_list}</sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{PACKAGE_RELATIONSHIPS}">{sheet_rels}</Relationships>',
        )
        for n in range(1, sheets + 1):
            with archive.open(f"xl/worksheets/sheet{n}.xml", "w") as part:
                part.write(f'<worksheet xmlns="{MAIN}"><sheetData>'.encode())
                if n == 1:
                    part.write("".join(rows).encode())
                    block = b"<row><c><v>1</v></c></row>" * 10_000
                    for _ in range(repeat // 10_000):
                        part.write(block)
                part.write(b"</sheetData>")
                if merge and n == 1:
                    part.write(f'<mergeCells count="1"><mergeCell ref="{merge}"/></mergeCells>'.encode())
                part.write(b"</worksheet>")
        for n in range(parts):
            archive.writestr(f"docProps/extra{n}.xml", "<x/>")
    return buffer.getvalue()


@pytest.fixture
def never_parsed(monkeypatch):
    """Fails the test if openpyxl is asked to parse the workbook: the limits must refuse it first."""

    def load_workbook(*args, **kwargs):
        raise AssertionError("openpyxl parsed a workbook that the limits should have refused")

    monkeypatch.setattr(import_saving, "load_workbook", load_workbook)


def refusal(content: bytes, actor) -> str:
    with pytest.raises(ImportRejected) as rejected:
        import_agreement(file=BytesIO(content), actor=actor, filename="bomb.xlsx")
    (problem,) = rejected.value.problems
    assert problem.sheet == "bomb.xlsx"
    return problem.message


# A million cells, 26 MB expanded, in a file of some 60 KB: the 820 KB workbook of 20 million cells
# in miniature (the same check refuses both from the ZIP's directory, before anything is expanded).
BOMB_CELLS = 1_000_000


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return workbook_bytes(repeat=BOMB_CELLS)


def test_the_bomb_is_small_and_expands_far_beyond_the_limit(bomb):
    with zipfile.ZipFile(BytesIO(bomb)) as archive:
        expanded = sum(item.file_size for item in archive.infolist())
    assert len(bomb) < 100 * 1024 and expanded > 24 * 1024 * 1024


def test_the_import_page_refuses_a_decompression_bomb_in_bangla_without_parsing_it(
    client, carol, bomb, never_parsed
):
    assert client.login(username="carol", password=PASSWORD)
    response = client.post(reverse("reports:import"), {"file": SimpleUploadedFile("bomb.xlsx", bomb)})
    assert response.status_code == 422
    page = response.content.decode()
    assert "ফাইলটি খুললে ২৪ মেগাবাইট হয়, সীমা ২০ মেগাবাইট" in page and "কিছুই সংরক্ষিত হয়নি" in page
    assert not Agreement.objects.exists()


def test_the_import_command_refuses_a_decompression_bomb_in_bangla_without_parsing_it(
    carol, bomb, never_parsed, tmp_path
):
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(bomb)
    errors = StringIO()
    with pytest.raises(CommandError, match="1 problem"):
        call_command("import_agreement", str(path), "--user", "carol", stderr=errors)
    assert "bomb.xlsx: ফাইলটি খুললে ২৪ মেগাবাইট হয়, সীমা ২০ মেগাবাইট" in errors.getvalue()


def test_a_part_larger_than_its_limit_is_refused(carol, never_parsed, settings):
    settings.IMPORT_MAX_PART_MB = 1
    message = refusal(workbook_bytes(repeat=60_000), carol)  # 1.5 MB of cells
    assert "একটি অংশ খুললে ১ মেগাবাইট হয়, সীমা ১ মেগাবাইট" in message


def test_a_part_compressed_out_of_proportion_is_refused(carol, never_parsed):
    message = refusal(workbook_bytes(repeat=100_000), carol)  # 2.6 MB that compress several hundredfold
    assert "অস্বাভাবিকভাবে সংকুচিত" in message and "সীমা ১০০ গুণ" in message


def test_too_many_parts_or_sheets_are_refused(carol, never_parsed):
    assert "৫০০টির বেশি অংশ" in refusal(workbook_bytes(parts=500), carol)
    assert "৩০টির বেশি শিট" in refusal(workbook_bytes(sheets=31), carol)


def test_more_cells_than_the_limit_are_refused(carol, never_parsed, settings):
    settings.IMPORT_MAX_CELLS = 1_000
    cells = [f'<row r="{n}"><c r="A{n}"><v>1</v></c><c r="B{n}"><v>2</v></c></row>' for n in range(1, 502)]
    assert "১,০০০টির বেশি ঘর" in refusal(workbook_bytes(cells), carol)


def test_a_sheet_padded_with_elements_is_refused_before_openpyxl_spends_its_time_on_them(
    carol, never_parsed, settings
):
    settings.IMPORT_MAX_CELLS = 1_000
    padding = ['<row r="1"><c r="A1"><v>1</v></c></row>', "<x/>" * 10_001]
    assert "১,০০০টির বেশি ঘর" in refusal(workbook_bytes(padding), carol)


def test_one_far_away_cell_is_refused_for_the_cells_openpyxl_would_fill_before_it(carol, never_parsed):
    far = ['<row r="1"><c r="A1"><v>1</v></c></row>', '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>']
    assert "২,০০,০০০টির বেশি ঘর" in refusal(workbook_bytes(far), carol)


def test_a_huge_merged_range_is_refused(carol, never_parsed):
    # openpyxl creates a MergedCell for every cell of a merged range: this one is 17 billion cells.
    message = refusal(
        workbook_bytes(['<row r="1"><c r="A1"><v>1</v></c></row>'], merge="A1:XFD1048576"), carol
    )
    assert "২,০০,০০০টির বেশি ঘর" in message


def test_the_portals_own_workbook_of_a_60_indicator_agreement_still_imports(
    supervisor_office, fiscal_year, office_a, office_c, carol
):
    agreement = build_agreement(office_a, supervisor_office, fiscal_year, indicators_per_area=30)
    assert agreement.indicators.count() == 60
    twin = twin_for(agreement, "office-c")
    with zipfile.ZipFile(twin) as archive:
        assert len(archive.infolist()) > 10  # a real package, every part counted
    twin.seek(0)
    imported = import_agreement(file=twin, actor=carol, filename="apa.xlsx")
    assert imported.office == office_c and imported.indicators.count() == 60


def test_the_limits_leave_the_file_at_its_start_for_openpyxl(agreement_a, carol, office_c):
    workbook = BytesIO(excel.render_xlsx(builders.build_agreement(agreement_a)))
    workbook.read(100)  # wherever the caller left it, the check reads from the start and rewinds
    workbook.seek(0)
    check_package(workbook, "a.xlsx")
    assert workbook.tell() == 0
