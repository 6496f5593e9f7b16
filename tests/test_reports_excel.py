"""The Excel twins read back with openpyxl and compared with the database: same rows, numbers as numeric
cells, dates as date cells, frozen headers, readable widths, one sheet per section."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from . import test_reports_support as support

pytestmark = pytest.mark.django_db  # makes pytest-django set up the test database for the session fixture
seed_renders = support.seed_renders


def workbook(render):
    return load_workbook(BytesIO(render.xlsx))


def data_rows(sheet, header_rows: int):
    """Rows after the frozen header, up to the footnote."""
    first = int("".join(ch for ch in sheet.freeze_panes if ch.isdigit()))
    for row in sheet.iter_rows(min_row=first, values_only=True):
        if isinstance(row[0], str) and row[0].startswith("*"):
            return
        yield row


def as_decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def test_it_writes_one_sheet_per_section_of_the_agreement(seed_renders):
    book = workbook(seed_renders["000-agreement"])
    assert book.sheetnames[:5] == ["প্রচ্ছদ", "সূচিপত্র", "সার্বিক চিত্র", "প্রস্তাবনা", "সেকশন ১"]
    for name in ("সেকশন ২", "সেকশন ৩", "স্বাক্ষর", "সংযোজনী ১", "সংযোজনী ২", "সংযোজনী ৩", "সংযোজনী ৪-৮"):
        assert name in book.sheetnames
    assert book["তথ্য"].sheet_state == "hidden"


def test_it_carries_section3_weights_and_targets_as_numbers_and_dates_equal_to_the_database(seed_renders):
    render = seed_renders["000-agreement"]
    sheet = workbook(render)["সেকশন ৩"]
    assert sheet.freeze_panes == "A6"  # the two title rows and the three header rows stay in view
    rows = [row for row in data_rows(sheet, 3) if row[3]]  # indicator rows (group captions have no indicator)
    expected = render.expected["indicators"]
    assert len(rows) == len(expected) == 24
    for row, (code, _kind, weight, targets) in zip(rows, expected, strict=True):
        assert row[3].startswith(f"[{code}]")
        assert isinstance(row[6], int | float) and as_decimal(row[6]) == weight
        for cell, target in zip(row[9:14], targets, strict=False):
            if isinstance(target, date):
                assert isinstance(cell, datetime) and cell.date() == target
            else:
                assert as_decimal(cell) == target
    assert all(not isinstance(row[6], str) for row in rows)  # never Bangla-digit text


def test_it_gives_the_tables_readable_widths(seed_renders):
    sheet = workbook(seed_renders["000-agreement"])["সেকশন ৩"]
    assert sheet.column_dimensions["C"].width >= 30  # activity
    assert sheet.column_dimensions["B"].width >= 15


def test_it_lists_the_acronyms_in_annex1(seed_renders):
    render = seed_renders["000-agreement"]
    sheet = workbook(render)["সংযোজনী ১"]
    assert [row[1] for row in data_rows(sheet, 1)] == render.expected["acronyms"]


def test_it_puts_the_quarter_achievements_beside_the_targets(seed_renders):
    render = seed_renders["001-quarterly"]
    sheet = workbook(render)["২য় ত্রৈমাসিক"]
    found = {}
    for row in data_rows(sheet, 3):
        code = row[4].split("]")[0].lstrip("[")
        found[code] = row[12]
    achievements = render.expected["achievements"]
    assert achievements
    for code, value in achievements.items():
        assert as_decimal(found[code]) == value
    assert found["এম.১.১.১"] is None  # governance rows carry no typed achievement (seed 001)


def test_it_totals_the_claimed_plan_scores_of_the_self_assessment(seed_renders):
    render = seed_renders["004-self-assessment"]
    book = workbook(render)
    plan_sheet = book[book.sheetnames[1]]
    rows = list(data_rows(plan_sheet, 4))
    rows = rows[: next(n for n, row in enumerate(rows) if row[0] == "মোট") + 1]  # the signatories follow
    total = rows[-1]
    assert total[0] == "মোট"
    claimed = [as_decimal(row[11]) for row in rows[:-1]]
    assert all(value is not None for value in claimed)
    assert as_decimal(total[11]) == render.expected["claimed_total"] == Decimal("50")
    assert sum(claimed) == Decimal("50")


def test_the_letter_sheet_carries_the_signature_addressee_and_copy_list(seed_renders):
    sheet = workbook(seed_renders["004-self-assessment"])["পত্র"]
    rows = [row[:2] for row in sheet.iter_rows(values_only=True)]
    labels = dict(row for row in rows if row[0])
    assert labels["প্রাপক"] == "সচিব, সমন্বয় ও সংস্কার, মন্ত্রিপরিষদ বিভাগ"
    assert labels["ফোন"] == "+৮৮০-২-২২৩৩৫৪৫১৬"
    assert ("স্মারক নম্বর", "৫৮.০০.০০০০.০১৮.৩১.০০৬.১৭.১২৩/১(১১)") in rows
    copies = rows.index(("অনুলিপি", "অতিরিক্ত সচিব, প্রশাসন ও অর্থ অনুবিভাগ, সুরক্ষা সেবা বিভাগ, স্বরাষ্ট্র মন্ত্রণালয়"))
    assert rows[copies + 10][1] == "সহঃ প্রোগ্রামার, আইসিটি সেল, সুরক্ষা সেবা বিভাগ, স্বরাষ্ট্র মন্ত্রণালয়"
    dates = [value for _label, value in rows if isinstance(value, datetime)]
    assert [d.date() for d in dates] == [
        date(2022, 7, 12)
    ] * 4  # letter, signature, copy memo, copy signature


def test_the_self_assessed_achievements_are_typed_cells_with_the_offices_wording_beside_them(seed_renders):
    render = seed_renders["004-self-assessment"]
    sheet = workbook(render)[workbook(render).sheetnames[1]]
    header = [cell.value for cell in sheet[2]]
    achieved_column, note_column = header.index("বার্ষিক স্ব-মূল্যায়ন (প্রকৃত অর্জন)"), len(header) - 1
    assert header[note_column] == "প্রকৃত অর্জনের বিবরণ"
    cells = {}
    for row in sheet.iter_rows(min_row=6):
        code = str(row[4].value or "").split("]")[0].lstrip("[")
        if code:
            cells[code] = (row[achieved_column], row[note_column].value)
    expected = render.expected["plan_items"]
    assert len(cells) == len(expected) == 13
    for code, target_type, achievement, text in expected:
        cell, note = cells[code]
        assert note == (text or None)
        if achievement is None:
            assert cell.value is None
        elif isinstance(achievement, date):
            assert isinstance(cell.value, datetime) and cell.value.date() == achievement
        else:
            assert not isinstance(cell.value, str) and as_decimal(cell.value) == achievement
            assert cell.number_format == ('General"%"' if target_type == "percent" else "General")
    assert (as_decimal(cells["১.৫.১"][0].value), cells["১.৫.১"][1]) == (Decimal("84.51"), "৮৪.৫১%")
    assert cells["১.১.১"][0].value == datetime(2022, 3, 15)
