"""`import_offices` (agreements.org_import.offices) and its command: a generated tree of a few hundred
offices comes in; every problem of every row is reported in one pass with its row and column, in Bangla, and
nothing is saved; a dry run saves nothing; a second run changes nothing; a move rewrites the subtree's paths;
a cycle is caught."""

from __future__ import annotations

import csv
import io
import unicodedata

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from agreements.models import AuditEntry, Office
from agreements.org_import import OFFICE_COLUMNS, import_offices

pytestmark = pytest.mark.django_db


def csv_file(rows: list[dict], columns=OFFICE_COLUMNS) -> io.BytesIO:
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=columns)
    writer.writeheader()
    writer.writerows(rows)
    return io.BytesIO(text.getvalue().encode("utf-8"))


def office_row(code, parent="", supervisor="", level="district", name=None, **fields) -> dict:
    return {
        "code": code,
        "name_bn": name or f"অফিস {code}",
        "name_en": "",
        "level": level,
        "parent": parent,
        "supervisor": supervisor,
        "head_title_bn": "",
        "head_title_en": "",
        **fields,
    }


def generated_tree(ministries=2, departments=3, districts=8, upazilas=4) -> list[dict]:
    """A national tree in miniature, children listed before their parents (a file may name a parent later):
    ministry → department → district → upazila, each signing with its parent."""
    rows = []
    for m in range(ministries):
        ministry = f"m{m}"
        for d in range(departments):
            department = f"{ministry}-d{d}"
            for z in range(districts):
                district = f"{department}-z{z}"
                for u in range(upazilas):
                    rows.append(office_row(f"{district}-u{u}", district, district, "upazila"))
                rows.append(office_row(district, department, department, "district"))
            rows.append(office_row(department, ministry, ministry, "department"))
        rows.append(office_row(ministry, level="ministry"))
    return rows


def test_a_generated_tree_comes_in_with_paths_links_and_audit_rows():
    rows = generated_tree()
    outcome = import_offices(file=csv_file(rows))
    assert not outcome.problems
    assert Office.objects.count() == len(rows) == 2 * (1 + 3 * (1 + 8 * 5))
    upazila = Office.objects.select_related("parent", "supervisor").get(code="m1-d2-z7-u3")
    assert upazila.tree_path == "/m1/m1-d2/m1-d2-z7/m1-d2-z7-u3/"
    assert upazila.parent.code == upazila.supervisor.code == "m1-d2-z7"
    assert AuditEntry.objects.filter(action="office.create").count() == len(rows)
    assert outcome.counts["নতুন অফিস"] == len(rows)


def test_a_second_run_changes_nothing_and_says_so(capsys):
    rows = generated_tree(ministries=1)
    import_offices(file=csv_file(rows))
    audit_rows = AuditEntry.objects.count()
    outcome = import_offices(file=csv_file(rows))
    assert not outcome.changed and not outcome.changes
    assert "কোনো পরিবর্তন নেই" in outcome.summary()
    assert AuditEntry.objects.count() == audit_rows


def test_bangla_typed_in_another_unicode_form_is_no_change():
    """ "অফিস ঢাকা" stored with ঢ় as one code point (U+09DD) reads the same as the file's NFC form."""
    Office.objects.create(code="dhaka", name_bn="বাড়ি \u09dd", level="district")
    assert unicodedata.normalize("NFC", "\u09dd") != "\u09dd"
    outcome = import_offices(file=csv_file([office_row("dhaka", name="বাড়ি \u09dd")]))
    assert not outcome.problems and not outcome.changed


def test_a_dry_run_saves_nothing_and_reports_what_it_would_do():
    outcome = import_offices(file=csv_file(generated_tree(ministries=1)), dry_run=True)
    assert outcome.counts["নতুন অফিস"] == 124
    assert "কিছুই সংরক্ষণ করা হয়নি" in outcome.summary()
    assert not Office.objects.exists() and not AuditEntry.objects.exists()


def test_every_problem_of_every_row_is_reported_in_one_pass_and_nothing_is_saved():
    rows = generated_tree(ministries=1, departments=1, districts=2, upazilas=1)
    rows += [
        office_row("orphan", parent="nowhere"),  # row 8
        office_row("m0-d0-z0", parent="m0"),  # row 9, duplicate code
        office_row("strange", level="village"),  # row 10
        office_row("nameless", name=" "),  # row 11
        office_row("loop-a", parent="loop-b"),  # row 12
        office_row("loop-b", parent="loop-a"),  # row 13
        office_row("self-signer", supervisor="self-signer"),  # row 14
        office_row("bad code!"),  # row 15
    ]
    outcome = import_offices(file=csv_file(rows))
    found = {(p.row, p.column) for p in outcome.problems}
    assert found == {
        (8, "parent"),
        (9, "code"),
        (10, "level"),
        (11, "name_bn"),
        (12, "parent"),
        (13, "parent"),
        (14, "supervisor"),
        (15, "code"),
    }
    messages = {(p.row, p.column): str(p) for p in outcome.problems}
    assert messages[(8, "parent")] == "সারি ৮, কলাম parent: «nowhere» কোডের কোনো অফিস নেই, ফাইলেও নেই।"
    assert "সারি ৩-এও আছে" in messages[(9, "code")]
    assert "loop-a → loop-b → loop-a" in messages[(12, "parent")]
    assert not Office.objects.exists()


def test_the_command_prints_every_problem_and_saves_nothing(tmp_path, capsys):
    path = tmp_path / "offices.csv"
    path.write_bytes(csv_file([office_row("a", parent="x"), office_row("b", level="x")]).getvalue())
    with pytest.raises(CommandError, match="২টি সমস্যা"):
        call_command("import_offices", str(path))
    err = capsys.readouterr().err
    assert "সারি ২, কলাম parent" in err and "সারি ৩, কলাম level" in err
    assert not Office.objects.exists()


def test_the_command_dry_run_then_real_run(tmp_path, capsys):
    path = tmp_path / "offices.csv"
    path.write_bytes(
        csv_file(generated_tree(ministries=1, departments=1, districts=1, upazilas=1)).getvalue()
    )
    call_command("import_offices", str(path), "--dry-run")
    assert "পরীক্ষামূলক" in capsys.readouterr().out and not Office.objects.exists()
    call_command("import_offices", str(path))
    assert Office.objects.count() == 4
    call_command("import_offices", str(path))
    assert "কোনো পরিবর্তন নেই" in capsys.readouterr().out


def test_a_move_rewrites_the_subtree_paths_and_is_audited():
    rows = generated_tree(ministries=2, departments=1, districts=2, upazilas=2)
    import_offices(file=csv_file(rows))
    moved = [dict(r) for r in rows]
    for row in moved:
        if row["code"] == "m0-d0":
            row.update(parent="m1", supervisor="m1", name_bn="নতুন নাম")
    # The department moves; its districts and upazilas are not in the second file at all.
    outcome = import_offices(file=csv_file([r for r in moved if r["code"] in ("m0-d0", "m1")]))
    assert outcome.counts["স্থানান্তরিত অফিস"] == 1
    assert outcome.counts["নতুন পথে অধীনস্থ অফিস"] == 6
    assert Office.objects.get(code="m0-d0-z1-u1").tree_path == "/m1/m0-d0/m0-d0-z1/m0-d0-z1-u1/"
    assert not Office.objects.filter(tree_path__startswith="/m0/m0-d0/").exists()
    department = Office.objects.get(code="m0-d0")
    assert (department.parent.code, department.supervisor.code, department.name_bn) == ("m1", "m1", "নতুন নাম")
    entry = AuditEntry.objects.get(action="office.update")
    assert entry.before == {"name_bn": "অফিস m0-d0", "parent": "m0", "supervisor": "m0"}
    assert entry.after == {"name_bn": "নতুন নাম", "parent": "m1", "supervisor": "m1"}


def test_moving_an_office_under_its_own_descendant_is_a_cycle():
    import_offices(file=csv_file(generated_tree(ministries=1, departments=1, districts=1, upazilas=1)))
    outcome = import_offices(file=csv_file([office_row("m0-d0", parent="m0-d0-z0-u0", level="department")]))
    assert [(p.row, p.column) for p in outcome.problems] == [(2, "parent")]
    assert "m0-d0 → m0-d0-z0-u0 → m0-d0-z0 → m0-d0" in outcome.problems[0].message
    assert Office.objects.get(code="m0-d0").parent.code == "m0"


def test_a_missing_column_leaves_the_stored_value_and_an_unknown_column_is_a_problem():
    import_offices(file=csv_file([office_row("a", head_title_bn="প্রোগ্রামার")]))
    outcome = import_offices(
        file=csv_file([{"code": "a", "name_bn": "ক", "level": "district"}], ("code", "name_bn", "level"))
    )
    office = Office.objects.get(code="a")
    assert (office.name_bn, office.head_title_bn) == ("ক", "প্রোগ্রামার") and outcome.changed
    outcome = import_offices(file=csv_file([{"code": "a", "nme_bn": "x"}], ("code", "nme_bn")))
    assert {(p.row, p.column) for p in outcome.problems} == {(1, "name_bn"), (1, "level"), (1, "nme_bn")}


def test_an_xlsx_file_comes_in_and_a_bomb_is_refused(settings):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(OFFICE_COLUMNS)
    sheet.append(list(office_row("m0", level="ministry").values()))
    sheet.append(list(office_row("m0-d0", parent="m0", level="department").values()))
    content = io.BytesIO()
    workbook.save(content)
    outcome = import_offices(file=io.BytesIO(content.getvalue()), filename="tree.xlsx")
    assert not outcome.problems and Office.objects.get(code="m0-d0").tree_path == "/m0/m0-d0/"
    settings.IMPORT_MAX_CELLS = 10
    outcome = import_offices(file=io.BytesIO(content.getvalue()), filename="tree.xlsx")
    assert outcome.problems[0].row is None and "ঘর আছে" in outcome.problems[0].message


def test_a_file_that_is_not_utf8_is_refused():
    outcome = import_offices(file=io.BytesIO("code,name_bn,level\nক,খ,district\n".encode("utf-16")))
    assert [p.message for p in outcome.problems] == ["ফাইলটি UTF-8 CSV বা .xlsx নয়।"]
