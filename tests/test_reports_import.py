"""Excel import: an agreement in its Excel twin's format becomes a new draft; any problem yields a
row-by-row report in Bangla and saves nothing."""

from __future__ import annotations

from io import BytesIO, StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from agreements.models import Agreement, AgreementStatus, AuditEntry
from indicators.models import Indicator, Method
from reports import builders, excel
from reports.importer import ImportRejected, import_agreement

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def twin_for(agreement, office_code: str, edit=None) -> BytesIO:
    """The agreement's Excel twin, re-addressed to another office (and optionally edited)."""
    book = load_workbook(BytesIO(excel.render_xlsx(builders.build_agreement(agreement))))
    meta = book[excel.META_SHEET]
    for row in meta.iter_rows():
        if row[0].value == "office":
            row[1].value = office_code
    if edit:
        edit(book)
    buffer = BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def section3_row(book, code: str) -> int:
    for row in book["সেকশন ৩"].iter_rows():
        if isinstance(row[3].value, str) and row[3].value.startswith(f"[{code}]"):
            return row[0].row
    raise AssertionError(code)


def test_it_imports_the_excel_twin_as_a_new_draft(agreement_a, office_c, carol):
    agreement = import_agreement(file=twin_for(agreement_a, "office-c"), actor=carol, filename="a.xlsx")
    assert (agreement.office, agreement.status, agreement.version) == (office_c, AgreementStatus.DRAFT, 1)
    imported = list(Indicator.objects.filter(agreement=agreement).order_by("code"))
    original = list(Indicator.objects.filter(agreement=agreement_a).order_by("code"))
    assert [(i.code, i.weight, i.targets, i.method) for i in imported] == [
        (i.code, i.weight, i.targets, i.method) for i in original
    ]
    entry = AuditEntry.objects.get(action="agreement_import")
    assert entry.actor == carol and entry.agreement == agreement


def test_it_reports_every_bad_row_in_bangla_and_saves_nothing(agreement_a, carol):
    def spoil(book):
        sheet = book["সেকশন ৩"]
        sheet.cell(row=section3_row(book, "1.1.1"), column=10, value="অনেক")  # a target that is no number
        sheet.cell(row=section3_row(book, "2.1.2"), column=5, value="যোগফল")  # an unknown method
        sheet.cell(row=section3_row(book, "2.1.1"), column=7, value=99)  # area weight no longer adds up

    before = (Agreement.objects.count(), Indicator.objects.count(), AuditEntry.objects.count())
    upload = twin_for(agreement_a, "office-c", spoil)
    book = load_workbook(BytesIO(upload.getvalue()))
    with pytest.raises(ImportRejected) as rejected:
        import_agreement(file=upload, actor=carol)
    problems = rejected.value.problems
    messages = " | ".join(p.message for p in problems)
    assert "“অনেক” বৈধ সংখ্যা নয়" in messages
    assert "গণনা পদ্ধতি “যোগফল” চেনা যায়নি" in messages
    assert "এর সূচকগুলোর মানের যোগফল" in messages
    assert all(p.sheet == "সেকশন ৩" and p.row for p in problems)
    assert {p.row for p in problems} >= {section3_row(book, code) for code in ("1.1.1", "2.1.2")}
    assert (Agreement.objects.count(), Indicator.objects.count(), AuditEntry.objects.count()) == before


def test_it_reports_targets_that_break_the_agreement_rules_on_their_row(agreement_a, carol):
    """Once every cell reads, the agreement's own validation runs on the imported rows (then rolls back)."""

    def spoil(book):
        for column, value in ((10, 500), (11, 300), (12, 450)):  # targets that are not monotonic
            book["সেকশন ৩"].cell(row=section3_row(book, "1.1.2"), column=column, value=value)

    upload = twin_for(agreement_a, "office-c", spoil)
    row = section3_row(load_workbook(BytesIO(upload.getvalue())), "1.1.2")
    with pytest.raises(ImportRejected) as rejected:
        import_agreement(file=upload, actor=carol)
    assert [p.row for p in rejected.value.problems] == [row]
    assert (
        Agreement.objects.count() == 1 and not AuditEntry.objects.filter(action="agreement_import").exists()
    )


@pytest.mark.parametrize(
    "typed",
    ["গ\u09dc", "গ\u09a1\u09bc", "  গ\u09dc "],
    ids=["rra-one-code-point", "rra-letter-and-nukta", "with-spaces"],
)
def test_it_reads_the_average_method_however_its_letter_is_typed(agreement_a, carol, typed):
    def retype(book):
        book["সেকশন ৩"].cell(row=section3_row(book, "1.1.2"), column=5, value=typed)

    agreement = import_agreement(file=twin_for(agreement_a, "office-c", retype), actor=carol)
    methods = dict(Indicator.objects.filter(agreement=agreement).values_list("code", "method"))
    assert methods["1.1.2"] == Method.AVERAGE
    assert methods["1.1.1"] == Method.SUM


def test_it_reports_the_area_sum_and_every_row_problem_at_once(agreement_a, carol):
    """An area whose weight no longer adds up does not hide the rows' own problems behind it: the cells that
    do not read and the rows that break the agreement's rules are all reported in one pass, in row order."""

    def spoil(book):
        sheet = book["সেকশন ৩"]
        sheet.cell(row=section3_row(book, "1.1.1"), column=2, value=55)  # area [1] 55, its rows add up to 40
        for code in ("1.1.1", "1.1.2", "2.1.1"):  # targets out of order: a rule of the agreement
            for column, value in ((10, 500), (11, 300), (12, 450)):
                sheet.cell(row=section3_row(book, code), column=column, value=value)
        sheet.cell(row=section3_row(book, "2.1.2"), column=10, value="অনেক")  # a cell that does not read

    upload = twin_for(agreement_a, "office-c", spoil)
    book = load_workbook(BytesIO(upload.getvalue()))
    rows = {code: section3_row(book, code) for code in ("1.1.1", "1.1.2", "2.1.1", "2.1.2")}
    before = (Agreement.objects.count(), Indicator.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ImportRejected) as rejected:
        import_agreement(file=upload, actor=carol)
    problems = rejected.value.problems
    by_row = {}
    for problem in problems:
        by_row.setdefault(problem.row, []).append(problem.message)
    assert any("এর সূচকগুলোর মানের যোগফল" in m for m in by_row[rows["1.1.1"]])
    for code in ("1.1.1", "1.1.2", "2.1.1"):
        assert any("লক্ষ্যমাত্রা" in m for m in by_row[rows[code]] if "যোগফল" not in m), code
    assert by_row[rows["2.1.2"]] == ["“লক্ষ্যমাত্রা” কলামে “অনেক” বৈধ সংখ্যা নয়।"]
    assert all(p.sheet == "সেকশন ৩" for p in problems)
    assert [p.row for p in problems] == sorted(p.row for p in problems)
    assert (Agreement.objects.count(), Indicator.objects.count(), AuditEntry.objects.count()) == before


def test_cells_that_break_the_tree_are_reported_once_and_the_other_rows_still_checked(agreement_a, carol):
    def spoil(book):
        sheet = book["সেকশন ৩"]
        sheet.cell(row=section3_row(book, "1.1.1"), column=2, value="চল্লিশ")  # area weight unreadable
        sheet.cell(row=section3_row(book, "1.1.2"), column=4, value="[1.1.1] আবার")  # a code used twice
        sheet.cell(row=section3_row(book, "2.1.1"), column=3, value="কোডহীন কার্যক্রম")  # activity without code
        for column, value in ((10, 500), (11, 300), (12, 450)):
            sheet.cell(row=section3_row(book, "1.1.1"), column=column, value=value)

    upload = twin_for(agreement_a, "office-c", spoil)
    book = load_workbook(BytesIO(upload.getvalue()))
    first, second = section3_row(book, "1.1.1"), section3_row(book, "1.1.1") + 1
    activity_row = next(row[0].row for row in book["সেকশন ৩"].iter_rows() if row[2].value == "কোডহীন কার্যক্রম")
    with pytest.raises(ImportRejected) as rejected:
        import_agreement(file=upload, actor=carol)
    by_row = {}
    for problem in rejected.value.problems:
        by_row.setdefault(problem.row, []).append(problem.message)
    # Under the unreadable area weight, the row's targets are still checked against the rules.
    assert len(by_row[first]) == 2 and "“চল্লিশ”" in by_row[first][0] and "লক্ষ্যমাত্রা" in by_row[first][1]
    assert by_row[second] == ["সূচকের কোড “1.1.1” একাধিকবার আছে।"]
    assert by_row[activity_row] == ["কার্যক্রমের কোড [ ] বন্ধনীর মধ্যে দিতে হবে, যেমন “[১.১] …”।"]
    assert Agreement.objects.count() == 1


def test_the_import_command_prints_every_problem_at_once(agreement_a, carol, tmp_path):
    def spoil(book):
        sheet = book["সেকশন ৩"]
        sheet.cell(row=section3_row(book, "1.1.1"), column=2, value=55)
        for code in ("1.1.2", "2.1.1"):
            for column, value in ((10, 500), (11, 300), (12, 450)):
                sheet.cell(row=section3_row(book, code), column=column, value=value)

    path = tmp_path / "apa.xlsx"
    path.write_bytes(twin_for(agreement_a, "office-c", spoil).getvalue())
    errors = StringIO()
    with pytest.raises(CommandError, match="3 problem"):
        call_command("import_agreement", str(path), "--user", "carol", stderr=errors)
    assert errors.getvalue().count("সেকশন ৩, সারি") == 3
    assert Agreement.objects.count() == 1


def test_it_refuses_an_office_that_already_has_this_years_agreement(agreement_a, agreement_b, bob):
    with pytest.raises(ImportRejected) as rejected:
        import_agreement(file=twin_for(agreement_a, "office-b"), actor=bob)
    assert "ইতিমধ্যে আছে" in rejected.value.problems[0].message


def test_it_refuses_an_office_the_user_does_not_work_for(agreement_a, office_c, alice):
    with pytest.raises(ImportRejected) as rejected:
        import_agreement(file=twin_for(agreement_a, "office-c"), actor=alice)
    assert "অনুমতি আপনার নেই" in rejected.value.problems[0].message
    assert not Agreement.objects.filter(office=office_c).exists()


def test_it_rejects_a_file_that_is_not_a_workbook(carol):
    with pytest.raises(ImportRejected) as rejected:
        import_agreement(file=BytesIO(b"not a workbook"), actor=carol, filename="x.xlsx")
    assert "এক্সেল (.xlsx) ফাইল নয়" in rejected.value.problems[0].message


def test_the_import_page_shows_the_row_report_and_keeps_nothing(client, agreement_a, carol):
    def spoil(book):
        book["সেকশন ৩"].cell(row=section3_row(book, "1.1.1"), column=10, value="অনেক")

    assert client.login(username="carol", password=PASSWORD)
    upload = SimpleUploadedFile("apa.xlsx", twin_for(agreement_a, "office-c", spoil).read())
    response = client.post(reverse("reports:import"), {"file": upload})
    assert response.status_code == 422
    page = response.content.decode()
    assert "কিছুই সংরক্ষিত হয়নি" in page and "সেকশন ৩, সারি" in page
    assert Agreement.objects.count() == 1


def test_the_import_page_creates_the_draft_and_opens_it(client, agreement_a, carol, office_c):
    assert client.login(username="carol", password=PASSWORD)
    upload = SimpleUploadedFile("apa.xlsx", twin_for(agreement_a, "office-c").read())
    response = client.post(reverse("reports:import"), {"file": upload})
    agreement = Agreement.objects.get(office=office_c)
    assert response.status_code == 302 and response["Location"] == reverse(
        "agreements:detail", args=[agreement.pk]
    )


@pytest.mark.parametrize("persona_name, status", [("oscar", 403), ("rita", 403), ("alice", 200)])
def test_the_import_page_is_for_offices_own_people(client, persona_name, status, request):
    user = request.getfixturevalue(persona_name)
    assert client.login(username=user.username, password=PASSWORD)
    assert client.get(reverse("reports:import")).status_code == status


def test_the_import_page_accepts_only_xlsx_files(client, alice):
    assert client.login(username="alice", password=PASSWORD)
    response = client.post(reverse("reports:import"), {"file": SimpleUploadedFile("apa.csv", b"a,b")})
    assert "শুধু .xlsx ফাইল" in response.content.decode()


def test_a_workbook_with_an_entity_bomb_is_refused_without_expanding_it(agreement_a, carol):
    import re
    import zipfile

    twin = twin_for(agreement_a, "office-c")
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    )
    rebuilt = BytesIO()
    with zipfile.ZipFile(twin) as source, zipfile.ZipFile(rebuilt, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/workbook.xml":
                # Declare the entities in front of the workbook's own root element.
                data = bomb.encode() + re.sub(rb"^<\?xml[^>]*\?>", b"", data)
            target.writestr(item, data)
    rebuilt.seek(0)
    before = Agreement.objects.count()
    with pytest.raises(ImportRejected):
        import_agreement(file=rebuilt, actor=carol, filename="bomb.xlsx")
    assert Agreement.objects.count() == before
