"""A past year's signed agreement (its Excel twin) imported by an administrator as the record in force: the
2019-20 framework (75 marks for the office's objectives, 25 for mandatory objectives scored like Section 3
rows), blank calculation methods, a date target and a lower-is-better row, with its signatures and
achievements; scored as an independent computation says, and exported again to PDF and Excel."""

from __future__ import annotations

import itertools
import subprocess
import tempfile
import unicodedata
from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from agreements.models import (
    Agreement,
    AgreementStatus,
    AuditEntry,
    FiscalYear,
    GovernanceFramework,
    Signature,
    SignatureParty,
)
from agreements.services import prior_actuals
from indicators.models import Achievement, AreaKind, Indicator, IndicatorScore, Method, ScoreKind, ValueType
from indicators.scores import ranking
from reports import builders, excel, pdf
from reports.importer import ImportRejected, import_agreement

from .factories import ActivityFactory, AgreementFactory, AreaFactory, IndicatorFactory

pytestmark = pytest.mark.django_db

# (area kind, area code, area weight, indicator code, title, method, unit, weight, targets, quarters)
ROWS = [
    (AreaKind.OFFICE, "1", 40, "1.1.1", "প্রশিক্ষিত কর্মকর্তা", Method.SUM, "সংখ্যা", 20,
     ["500", "450", "400", "350", "300"], [100, 120, 130, 125]),
    (AreaKind.OFFICE, "1", 40, "1.1.2", "নিষ্পন্ন আবেদনের মোট সংখ্যা", "", "সংখ্যা", 20,
     ["100", "90", "80", "70", "60"], [None, None, None, 85]),
    (AreaKind.OFFICE, "2", 35, "2.1.1", "ই-নথি চালুর তারিখ", Method.DATE, "তারিখ", 15,
     ["2019-12-31", "2020-01-31", "2020-02-29", "2020-03-31", "2020-04-30"],
     [None, None, date(2020, 1, 31), None]),
    (AreaKind.OFFICE, "2", 35, "2.1.2", "আবেদন নিষ্পত্তির গড় সময়", "", "দিন", 20,
     ["10", "12", "14", "16", "18"], [None, None, None, 13]),
    (AreaKind.GOVERNANCE, "1", 10, "1.1.1", "ই-ফাইলে নিষ্পন্ন নথি", "", "%", 10,
     ["100", "90", "80", "70", "60"], [None, None, None, 75]),
    (AreaKind.GOVERNANCE, "2", 15, "2.1.1", "শুদ্ধাচার সভা", "", "সংখ্যা", 15,
     ["4", "3", "2", "1", None], [None, None, None, 4]),
]  # fmt: skip
SIGNED = {SignatureParty.FIRST: date(2019, 6, 20), SignatureParty.SECOND: date(2019, 6, 24)}


def independent_raw(achieved, targets: list) -> Decimal:
    """DESIGN.md section 4 written out again for this test: the filled columns' percents, linear between
    them, 100 at or beyond the best, 0 beyond the worst; dates as day numbers, earlier better."""
    as_number = (
        (lambda v: Decimal(date.fromisoformat(v).toordinal())) if isinstance(achieved, date) else Decimal
    )
    columns = [
        (as_number(t), p) for t, p in zip(targets, (100, 90, 80, 70, 60), strict=True) if t is not None
    ]
    a = Decimal(achieved.toordinal()) if isinstance(achieved, date) else Decimal(achieved)
    higher = columns[0][0] > columns[-1][0]
    better = (lambda x, y: x >= y) if higher else (lambda x, y: x <= y)
    if better(a, columns[0][0]):
        return Decimal(100)
    for (t_hi, p_hi), (t_lo, p_lo) in itertools.pairwise(columns):
        if better(a, t_lo):
            return p_lo + (p_hi - p_lo) * (a - t_lo) / (t_hi - t_lo)
    return Decimal(0)


def expected_total() -> Decimal:
    total = Decimal(0)
    for _kind, _a, _aw, _code, _title, method, _unit, weight, targets, quarters in ROWS:
        reported = [q for q in quarters if q is not None]
        achieved = sum(reported) if method == Method.SUM else reported[0]
        total += Decimal(weight) * independent_raw(achieved, targets) / 100
    return total.quantize(Decimal("0.01"))


@pytest.fixture
def year_2019_20(db):
    return FiscalYear.objects.create(
        start_year=2019,
        office_area_marks=Decimal(75),
        governance_area_marks=Decimal(25),
        governance_framework=GovernanceFramework.MANDATORY_OBJECTIVES,
    )


def the_2019_20_twin(office, supervisor, fiscal_year, *, to_office: str, edit=None) -> BytesIO:
    """The Excel twin the product exports of a signed 2019-20 agreement, addressed to `to_office`, with the
    sheet of quarterly achievements a historical record carries; the agreement it came from is removed."""
    agreement = AgreementFactory(
        office=office, supervisor_office=supervisor, fiscal_year=fiscal_year, status=AgreementStatus.ACTIVE
    )
    areas, activities = {}, {}
    for n, (kind, area_code, area_weight, code, title, method, unit, weight, targets, _q) in enumerate(ROWS):
        if (kind, area_code) not in areas:
            areas[kind, area_code] = AreaFactory(
                agreement=agreement,
                kind=kind,
                position=len(areas) + 1,
                code=area_code,
                title=f"কৌশলগত উদ্দেশ্য {kind} {area_code}",
                weight=Decimal(area_weight),
            )
            activities[kind, area_code] = ActivityFactory(
                area=areas[kind, area_code], position=1, code=f"{area_code}.1", title=f"কার্যক্রম {kind} {n}"
            )
        IndicatorFactory(
            activity=activities[kind, area_code],
            position=int(code[-1]),
            code=code,
            title=title,
            method=method,
            unit=unit,
            value_type={"তারিখ": ValueType.DATE, "%": ValueType.PERCENT}.get(unit, ValueType.NUMBER),
            weight=Decimal(weight),
            targets=targets,
        )
    for party, signed_on in SIGNED.items():
        Signature.objects.create(
            agreement=agreement,
            party=party,
            signer_name_bn=f"স্বাক্ষরকারী {party}",
            signer_title_bn="পরিচালক",
            signed_on=signed_on,
        )
    book = load_workbook(BytesIO(excel.render_xlsx(builders.build_agreement(agreement))))
    agreement.delete()
    for row in book[excel.META_SHEET].iter_rows():
        if row[0].value == "office":
            row[1].value = to_office
    sheet = book.create_sheet("ত্রৈমাসিক অর্জন")
    sheet.append(["কর্মসম্পাদন সূচক", "১ম ত্রৈমাসিক", "২য় ত্রৈমাসিক", "৩য় ত্রৈমাসিক", "৪র্থ ত্রৈমাসিক"])
    for *_rest, code, title, _m, _u, _w, _t, quarters in ROWS:
        sheet.append([f"[{code}] {title}", *quarters])
    if edit:
        edit(book)
    buffer = BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def test_it_imports_a_signed_2019_20_agreement_as_its_record_without_invented_data(
    year_2019_20, office_a, office_c, supervisor_office, ada
):
    upload = the_2019_20_twin(office_a, supervisor_office, year_2019_20, to_office="office-c")
    agreement = import_agreement(file=upload, actor=ada, filename="apa-2019-20.xlsx")

    assert (agreement.office, agreement.status, agreement.imported_by) == (
        office_c,
        AgreementStatus.ACTIVE,
        ada,
    )
    rows = Indicator.objects.filter(agreement=agreement).order_by("area_kind", "code")
    assert sorted((i.area_kind, i.code, i.method, i.governance_kind, i.targets) for i in rows) == sorted(
        (kind, code, method, "", [t for t in targets])
        for kind, _a, _w, code, _t, method, _u, _iw, targets, _q in ROWS
    )
    signatures = {s.party: s for s in agreement.signatures.all()}
    assert {p: s.signed_on for p, s in signatures.items()} == SIGNED
    assert all(s.imported_by == ada and s.signer is None for s in signatures.values())
    achievements = Achievement.objects.filter(indicator__agreement=agreement)
    assert sorted((a.indicator.code, a.quarter, a.value) for a in achievements) == sorted(
        (code, quarter, value if isinstance(value, date) else Decimal(value))
        for *_r, code, _t, _m, _u, _w, _tg, quarters in ROWS
        for quarter, value in enumerate(quarters, start=1)
        if value is not None
    )
    stored = agreement.scores.get(kind=ScoreKind.PROGRESS)
    assert stored.total == expected_total() == Decimal("89.00")
    assert IndicatorScore.objects.filter(indicator__agreement=agreement, kind=ScoreKind.PROGRESS).count() == 6
    assert list(
        ranking(fiscal_year=year_2019_20, kind=ScoreKind.PROGRESS).values_list("agreement", flat=True)
    ) == [agreement.pk]
    entry = AuditEntry.objects.get(action="agreement_import")
    assert entry.actor == ada and entry.after["historical"] is True and entry.after["achievements"] == 9
    # The next year's draft takes its actuals from the record (provisional: nobody verified them).
    actuals = prior_actuals(agreement)
    assert actuals[AreaKind.OFFICE, "1.1.1"] == ("475", True)
    assert actuals[AreaKind.OFFICE, "2.1.1"] == ("2020-01-31", True)


def test_the_record_round_trips_to_excel_and_pdf(year_2019_20, office_a, supervisor_office, ada):
    upload = the_2019_20_twin(office_a, supervisor_office, year_2019_20, to_office="office-a")
    original = load_workbook(BytesIO(upload.getvalue()))
    agreement = import_agreement(file=upload, actor=ada, filename="apa-2019-20.xlsx")

    document = builders.build_agreement(agreement)
    again = load_workbook(BytesIO(excel.render_xlsx(document)))
    for name in ("সেকশন ৩", "স্বাক্ষর"):
        assert [[c for c in row] for row in again[name].iter_rows(values_only=True)] == [
            [c for c in row] for row in original[name].iter_rows(values_only=True)
        ]
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf.render_pdf(document))
        file.flush()
        text = subprocess.run(
            ["pdftotext", file.name, "-"], capture_output=True, check=True, text=True
        ).stdout
    # The targets of [1.1.1] and of the lower-is-better row, and the titles as the page shows them (the text
    # layer reads Bangla back in logical order); the achievements sheet is the workbook's alone.
    assert all(number in text for number in ("৫০০", "৪৫০", "১২", "১৮"))
    words = set(unicodedata.normalize("NFC", text).split())
    assert all(
        word in words
        for *_r, title, _m, _u, _w, _t, _q in ROWS
        for word in unicodedata.normalize("NFC", title).split()
    )
    assert "ত্রৈমাসিক অর্জন" not in text


def test_the_workbook_the_portal_writes_of_a_record_brings_it_back_whole(
    year_2019_20, office_a, supervisor_office, ada
):
    """Exported and imported again with no sheet added by hand: the same rows, signatures, achievements."""
    upload = the_2019_20_twin(office_a, supervisor_office, year_2019_20, to_office="office-a")
    first = import_agreement(file=upload, actor=ada, filename="apa-2019-20.xlsx")

    def achievements(agreement):
        rows = Achievement.objects.filter(indicator__agreement=agreement)
        return sorted((a.indicator.code, a.quarter, a.value) for a in rows)

    expected = achievements(first)
    assert expected  # the record has achievements to carry
    exported = BytesIO(excel.render_xlsx(builders.build_agreement(first)))
    first.delete()
    again = import_agreement(file=exported, actor=ada, filename="again.xlsx")
    assert again.status == AgreementStatus.ACTIVE
    assert achievements(again) == expected
    assert again.scores.get(kind=ScoreKind.PROGRESS).total == expected_total()


def test_it_reports_every_problem_with_sheet_row_and_column_and_saves_nothing(
    year_2019_20, office_a, supervisor_office, ada
):
    def spoil(book):
        sheet = book["সেকশন ৩"]
        row = next(r[0].row for r in sheet.iter_rows() if str(r[3].value).startswith("[2.1.2]"))
        sheet.cell(row=row, column=11, value="9")  # 10, 9, 14 … : out of order
        book["ত্রৈমাসিক অর্জন"].cell(row=4, column=4, value=date(2020, 7, 5))  # the date row, after the year
        book["ত্রৈমাসিক অর্জন"].append(["[1.1.1] প্রশিক্ষিত কর্মকর্তা", 1, 2, 3, 4])  # [1.1.1] twice

    upload = the_2019_20_twin(office_a, supervisor_office, year_2019_20, to_office="office-a", edit=spoil)
    with pytest.raises(ImportRejected) as rejected:
        import_agreement(file=upload, actor=ada, filename="apa-2019-20.xlsx")

    where = [(p.sheet, p.column) for p in rejected.value.problems]
    assert ("সেকশন ৩", "J") in where
    assert ("ত্রৈমাসিক অর্জন", "D") in where
    dated = next(p for p in rejected.value.problems if p.sheet == "ত্রৈমাসিক অর্জন")
    assert "০৫/০৭/২০২০" in dated.message and "অর্থবছরের" in dated.message
    assert "কলাম D" in dated.where
    assert any("একাধিক সারিতে" in p.message for p in rejected.value.problems)
    assert Agreement.objects.count() == 0


def test_only_an_administrator_imports_a_past_year_as_its_record(
    year_2019_20, office_a, supervisor_office, alice
):
    upload = the_2019_20_twin(office_a, supervisor_office, year_2019_20, to_office="office-a")
    with pytest.raises(ImportRejected) as rejected:
        import_agreement(file=upload, actor=alice, filename="apa-2019-20.xlsx")
    assert "প্রশাসক" in rejected.value.problems[0].message
    assert Agreement.objects.count() == 0


def test_bangla_text_in_another_normal_form_is_read_as_the_same(
    year_2019_20, office_a, supervisor_office, ada
):
    title = "নিষ্পন্ন আবেদনের মোট সংখ্যা"
    decomposed = unicodedata.normalize("NFD", title)
    assert decomposed != title  # ো is two code points in NFD

    def decompose(book):
        for row in book["ত্রৈমাসিক অর্জন"].iter_rows():
            if row[0].value == f"[1.1.2] {title}":
                row[0].value = f"[1.1.2] {decomposed}"

    upload = the_2019_20_twin(office_a, supervisor_office, year_2019_20, to_office="office-a", edit=decompose)
    agreement = import_agreement(file=upload, actor=ada, filename="apa-2019-20.xlsx")
    assert Achievement.objects.get(indicator__agreement=agreement, indicator__code="1.1.2").value == 85


def test_the_import_page_says_a_record_came_in_not_a_draft(
    year_2019_20, office_a, supervisor_office, ada, client
):
    upload = the_2019_20_twin(office_a, supervisor_office, year_2019_20, to_office="office-a")
    upload.name = "apa-2019-20.xlsx"
    client.force_login(ada)
    response = client.post(reverse("reports:import"), {"file": upload}, follow=True)
    agreement = Agreement.objects.get()
    assert agreement.status == AgreementStatus.ACTIVE
    assert "রেকর্ড হিসেবে আমদানি হয়েছে" in response.content.decode()
    assert "নতুন খসড়া হিসেবে" not in response.content.decode()
