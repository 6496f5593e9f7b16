"""Reading and checking an agreement's Excel twin: every problem is collected, row by row, before anything
is saved (see `reports.importer`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from agreements.models import Agreement, FiscalYear, Office, Role, User
from agreements.seeding import governance_kind_for, value_type_for
from agreements.selectors import is_administrator, offices_of
from apa_portal import display
from apa_portal.bangla import (
    normalize_text,
    parse_date,
    parse_decimal,
    parse_fiscal_year,
    strip_bidi_controls,
)
from indicators import values as values_io
from indicators.models import AreaKind, Method, ValueType

from ..excel import META_SHEET

CODE = re.compile(r"^\s*\[([^\]]+)\]\s*(.*)$", re.S)
# The workbook has these labels in Bangla, whatever the language of the request that imports this module.
# Cells are read through `normalize_text` (`text_of`), so the labels are kept in the same form.
with translation.override("bn"):
    AREA_KIND_BY_LABEL = {normalize_text(str(label)): value for value, label in AreaKind.choices}
    # The 2019-20 documents head their governance part so (DESIGN.md: the year's framework).
    AREA_KIND_BY_LABEL[normalize_text("আবশ্যিক কৌশলগত উদ্দেশ্যসমূহ")] = AreaKind.GOVERNANCE
    METHOD_BY_LABEL = {normalize_text(str(label)): value for value, label in Method.choices}
SECTION1, SECTION2, SECTION3 = "সেকশন ১", "সেকশন ২", "সেকশন ৩"
ANNEX1, ANNEX2, ANNEX3, OVERVIEW = "সংযোজনী ১", "সংযোজনী ২", "সংযোজনী ৩", "সার্বিক চিত্র"
SIGNATURES, ACHIEVEMENTS = "স্বাক্ষর", "ত্রৈমাসিক অর্জন"
SHEET_ORDER = (
    META_SHEET,
    OVERVIEW,
    SECTION1,
    SECTION2,
    SECTION3,
    SIGNATURES,
    ANNEX1,
    ANNEX2,
    ANNEX3,
    ACHIEVEMENTS,
)
SIGNED_LABEL = "স্বাক্ষরিত:"
# Where each field of a Section 2 row sits (the exporter's columns); Section 3's depend on the year's
# level columns (`section3_columns`).
SECTION2_COLUMNS = {
    "title": 1,
    "unit": 2,
    "actual_prev2": 3,
    "actual_prev1": 4,
    "target": 5,
    "projection_next1": 6,
    "projection_next2": 7,
}
OVERVIEW_LABELS = {
    "সাম্প্রতিক বছরসমূহের (৩ বছর) প্রধান অর্জনসমূহ:": "recent_achievements",
    "সমস্যা এবং চ্যালেঞ্জসমূহ:": "problems_challenges",
    "ভবিষ্যৎ পরিকল্পনা:": "future_plans",
}
# The agreement's fields read from the overview sheet (the others from Section 1).
OVERVIEW_SHEET_FIELDS = {*OVERVIEW_LABELS.values(), "expected_achievements"}


class ImportRejected(Exception):
    def __init__(self, problems: list[ImportProblem]):
        super().__init__("; ".join(f"{p.where}: {p.message}" for p in problems[:5]))
        self.problems = problems


@dataclass(frozen=True)
class ImportProblem:
    sheet: str
    row: int | None
    message: str
    # The cell's field ("weight", "area_code", ...), so that the save pass does not report that cell again.
    field: str = ""
    # The cell's column letter ("J"), where the problem is one cell's.
    column: str = ""

    @property
    def where(self) -> str:
        """The sheet (named as in the workbook), the row and the column, in the interface's language."""
        if not self.row:
            return self.sheet
        if self.column:
            return _("%(sheet)s, সারি %(row)s, কলাম %(column)s") % {
                "sheet": self.sheet,
                "row": display.digits(self.row),
                "column": self.column,
            }
        return _("%(sheet)s, সারি %(row)s") % {"sheet": self.sheet, "row": display.digits(self.row)}


@dataclass
class Reader:
    problems: list[ImportProblem] = field(default_factory=list)
    # sheet -> field -> column index (0 = A) of the sheet's table, to name the cell of a field's problem.
    columns: dict[str, dict[str, int]] = field(default_factory=dict)

    def problem(self, sheet: str, row: int | None, message: str, field: str = "") -> None:
        index = self.columns.get(sheet, {}).get(field)
        column = get_column_letter(index + 1) if index is not None and row else ""
        self.problems.append(ImportProblem(sheet, row, message, field, column))

    def reported(self, sheet: str) -> set[tuple[int | None, str]]:
        """(row, field) of every cell of `sheet` already reported."""
        return {(p.row, p.field) for p in self.problems if p.sheet == sheet}

    def in_document_order(self) -> list[ImportProblem]:
        """The problems sheet by sheet as the workbook orders them, row by row within a sheet."""
        order = {name: n for n, name in enumerate(SHEET_ORDER)}
        return sorted(self.problems, key=lambda p: (order.get(p.sheet, -1), p.row or 0))


def text_of(value) -> str:
    """A cell as text, as typed text is compared and kept everywhere: Unicode NFC, without directional
    controls (`strip_bidi_controls`) or outer spaces."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return normalize_text(strip_bidi_controls(str(value))).strip()


def split_code(value) -> tuple[str, str]:
    match = CODE.match(text_of(value))
    return (match.group(1).strip(), match.group(2).strip()) if match else ("", text_of(value))


def table_rows(sheet, header_rows: int):
    """(row number, values) of a table sheet, after the headers, up to the footnote."""
    start = None
    for row in sheet.iter_rows(min_row=1, max_row=12):
        if row[0].value and any(c.value for c in row[1:]):
            start = row[0].row
            break
    if start is None:
        return
    for row in sheet.iter_rows(min_row=start + header_rows, values_only=False):
        values = [c.value for c in row]
        first = text_of(values[0]) if values else ""
        if first.startswith("*"):
            return
        if not any(v not in (None, "") for v in values):
            continue
        yield row[0].row, values


def read_meta(workbook, reader: Reader) -> dict[str, str]:
    if META_SHEET not in workbook.sheetnames:
        reader.problem(META_SHEET, None, _("ফাইলটি এপিএ পোর্টালের চুক্তির এক্সেল ফরম্যাটে নয় (তথ্য শিট নেই)।"))
        return {}
    return {text_of(key): text_of(value) for key, value in workbook[META_SHEET].iter_rows(values_only=True)}


def encode_value(
    value, value_type: str, reader: Reader, sheet: str, row: int, column: str, field: str = ""
) -> str | None:
    """A cell as stored (see `indicators.values`): ISO date or ASCII decimal; Bangla digits are accepted."""
    if value is None or text_of(value) in ("", "-", "--"):
        return None
    try:
        if value_type == ValueType.DATE:
            if isinstance(value, datetime):
                return value.date().isoformat()
            if isinstance(value, date):
                return value.isoformat()
            return parse_date(text_of(value)).isoformat()
        number = (
            Decimal(str(value))
            if isinstance(value, int | float)
            else parse_decimal(text_of(value).rstrip("%"))
        )
        return values_io.encode(number)
    except (ValueError, ArithmeticError):
        kind = _("তারিখ") if value_type == ValueType.DATE else _("সংখ্যা")
        reader.problem(
            sheet,
            row,
            _("“%(column)s” কলামে “%(value)s” বৈধ %(kind)s নয়।")
            % {"column": column, "value": text_of(value), "kind": kind},
            field,
        )
        return None


def number_cell(value, reader: Reader, sheet: str, row: int, column: str, field: str = "") -> Decimal | None:
    try:
        return Decimal(str(value)) if isinstance(value, int | float) else parse_decimal(text_of(value))
    except (ValueError, ArithmeticError):
        reader.problem(
            sheet,
            row,
            _("“%(column)s” কলামে সংখ্যা দিতে হবে, আছে “%(value)s”।")
            % {"column": column, "value": text_of(value)},
            field,
        )
        return None


@dataclass
class Parsed:
    office: Office | None = None
    fiscal_year: FiscalYear | None = None
    texts: dict[str, str] = field(default_factory=dict)
    functions: list[str] = field(default_factory=list)
    outcomes: list[dict] = field(default_factory=list)
    areas: list[dict] = field(default_factory=list)
    acronyms: list[tuple[str, str]] = field(default_factory=list)
    annex2: dict[str, tuple[str, str]] = field(default_factory=dict)
    annex3: list[tuple[str, str, str, str]] = field(default_factory=list)
    # A past year's agreement comes in as the record in force, with its signatures and achievements.
    historical: bool = False
    signatures: list[dict] = field(default_factory=list)
    achievements: list[dict] = field(default_factory=list)
    # The sheets were read, and the workbook's office and year allow a draft: the rows can be saved and
    # checked against the agreement's rules (then rolled back if anything is wrong).
    saveable: bool = False


def parse(workbook, reader: Reader, actor: User) -> Parsed:
    parsed = Parsed()
    meta = read_meta(workbook, reader)
    if meta:
        parsed.office = (
            Office.objects.filter(code=meta.get("office", "")).select_related("supervisor").first()
        )
        if parsed.office is None:
            reader.problem(
                META_SHEET, None, _("অফিস “%(code)s” পাওয়া যায়নি।") % {"code": meta.get("office", "")}
            )
        try:
            parsed.fiscal_year = FiscalYear.objects.filter(
                start_year=parse_fiscal_year(meta.get("fiscal_year", ""))
            ).first()
        except ValueError:
            parsed.fiscal_year = None
        if parsed.fiscal_year is None:
            reader.problem(
                META_SHEET, None, _("অর্থবছর “%(year)s” পাওয়া যায়নি।") % {"year": meta.get("fiscal_year", "")}
            )
    office, fiscal_year = parsed.office, parsed.fiscal_year
    # A signed agreement of a year that has ended is its record in force; anything else is a new draft.
    if SIGNATURES in workbook.sheetnames:
        parsed.signatures = read_signatures(workbook[SIGNATURES])
    parsed.historical = (
        fiscal_year is not None
        and fiscal_year.ends_on < timezone.localdate()
        and len(parsed.signatures) == 2
        and all(s["signed_on"] for s in parsed.signatures)
    )
    if parsed.historical and not is_administrator(actor):
        reader.problem(
            META_SHEET, None, _("শেষ হয়ে যাওয়া অর্থবছরের চুক্তি কেবল প্রশাসক রেকর্ড হিসেবে আমদানি করতে পারেন।")
        )
    if office is not None:
        allowed = is_administrator(actor) or office in offices_of(actor, Role.FOCAL_POINT, Role.OFFICE_HEAD)
        if not allowed:
            reader.problem(META_SHEET, None, _("এই অফিসের চুক্তি আমদানির অনুমতি আপনার নেই।"))
        if office.supervisor is None:
            reader.problem(META_SHEET, None, _("অফিসটির তত্ত্বাবধায়ক অফিস নির্ধারিত নেই।"))
        if (
            fiscal_year is not None
            and Agreement.objects.filter(office=office, fiscal_year=fiscal_year).exists()
        ):
            reader.problem(
                META_SHEET, None, _("এই অফিসের এই অর্থবছরের চুক্তি ইতিমধ্যে আছে; নতুন খসড়া হিসেবে আমদানি করা যাবে না।")
            )
    for name in (SECTION1, SECTION2, SECTION3):
        if name not in workbook.sheetnames:
            reader.problem(name, None, _("“%(sheet)s” শিট পাওয়া যায়নি।") % {"sheet": name})
    if reader.problems:
        return parsed
    parsed.saveable = True
    parse_overview(workbook, parsed)
    parse_section1(workbook[SECTION1], parsed)
    parse_section2(workbook[SECTION2], parsed, reader)
    parse_section3(workbook[SECTION3], parsed, reader, fiscal_year)
    if parsed.historical:
        reader.columns[SIGNATURES] = {"signer_title_bn": 0, "signer_name_bn": 2}
        for signature in parsed.signatures:
            if not signature["name"]:
                reader.problem(SIGNATURES, signature["row"], _("স্বাক্ষরকারীর নাম নেই।"), "signer_name_bn")
        if ACHIEVEMENTS in workbook.sheetnames:
            for row, values in table_rows(workbook[ACHIEVEMENTS], 1):
                code, title = split_code(values[0])
                parsed.achievements.append(
                    {
                        "row": row,
                        "code": code,
                        "title": title,
                        "quarters": (list(values[1:5]) + [None] * 4)[:4],
                    }
                )
    if ANNEX1 in workbook.sheetnames:
        for row, values in table_rows(workbook[ANNEX1], 1):
            acronym, description = text_of(values[1]), text_of(values[2])
            if not acronym or not description:
                reader.problem(ANNEX1, row, _("শব্দসংক্ষেপ ও বিবরণ দুটোই দিতে হবে।"))
            elif acronym in {a for a, _d in parsed.acronyms}:
                reader.problem(ANNEX1, row, _("শব্দসংক্ষেপ “%(a)s” একাধিকবার আছে।") % {"a": acronym})
            else:
                parsed.acronyms.append((acronym, description))
    if ANNEX2 in workbook.sheetnames:
        for _row, values in table_rows(workbook[ANNEX2], 1):
            code, _title = split_code(values[1])
            parsed.annex2[code] = (text_of(values[2]), text_of(values[3]))
    if ANNEX3 in workbook.sheetnames:
        for _row, values in table_rows(workbook[ANNEX3], 1):
            parsed.annex3.append(tuple(text_of(v) for v in values[:4]))
    return parsed


def parse_overview(workbook, parsed: Parsed) -> None:
    if OVERVIEW not in workbook.sheetnames:
        return
    current, lines = None, {}
    for (value,) in workbook[OVERVIEW].iter_rows(max_col=1, values_only=True):
        line = text_of(value)
        if line in OVERVIEW_LABELS:
            current = OVERVIEW_LABELS[line]
        elif line.endswith("অর্থবছরের সম্ভাব্য প্রধান অর্জনসমূহ:"):
            current = "expected_achievements"
        elif current and line:
            lines.setdefault(current, []).append(line)
    parsed.texts.update({key: "\n".join(value) for key, value in lines.items()})


def parse_section1(sheet, parsed: Parsed) -> None:
    current = None
    for values in sheet.iter_rows(max_col=2, values_only=True):
        first, second = text_of(values[0]), text_of(values[1])
        if first.startswith("১.১ রূপকল্প"):
            current = "vision"
        elif first.startswith("১.২ অভিলক্ষ্য"):
            current = "mission"
        elif first.startswith("১.৩"):
            current = None
        elif first.startswith("১.৪ কার্যাবলি"):
            current = "functions"
        elif current == "functions" and second:
            parsed.functions.append(second)
        elif current in ("vision", "mission") and first:
            parsed.texts[current] = "\n".join(filter(None, [parsed.texts.get(current, ""), first]))


def read_signatures(sheet) -> list[dict]:
    """The two parties' signatures as the document gives them (the exporter's rows after "স্বাক্ষরিত:":
    title, office, name, date); a party's date is None where none can be read (an unsigned agreement)."""
    rows = list(sheet.iter_rows(max_col=4))
    start = next((n for n, row in enumerate(rows) if text_of(row[0].value) == SIGNED_LABEL), None)
    signatures = []
    for row in rows[start + 1 : start + 3] if start is not None else []:
        signed_on = row[3].value if len(row) > 3 else None
        if isinstance(signed_on, datetime):
            signed_on = signed_on.date()
        elif not isinstance(signed_on, date):
            try:
                signed_on = parse_date(text_of(signed_on))
            except ValueError:
                signed_on = None
        signatures.append(
            {
                "title": text_of(row[0].value),
                "name": text_of(row[2].value),
                "signed_on": signed_on,
                "row": row[0].row,
            }
        )
    return signatures


def parse_section2(sheet, parsed: Parsed, reader: Reader) -> None:
    reader.columns[SECTION2] = SECTION2_COLUMNS
    outcome = ""
    for row, values in table_rows(sheet, 2):
        values = (list(values) + [None] * 10)[:10]
        outcome = text_of(values[0]) or outcome
        title, unit = text_of(values[1]), text_of(values[2])
        if not title:
            reader.problem(SECTION2, row, _("কর্মসম্পাদন সূচকের নাম নেই।"))
            continue
        value_type = ValueType.DATE if unit == "তারিখ" else ValueType.NUMBER
        columns = ("actual_prev2", "actual_prev1", "target", "projection_next1", "projection_next2")
        encoded = {
            key: encode_value(values[3 + n], value_type, reader, SECTION2, row, key) or ""
            for n, key in enumerate(columns)
        }
        parsed.outcomes.append(
            {
                "outcome": outcome,
                "title": title,
                "unit": unit,
                **encoded,
                "joint_agencies": text_of(values[8]),
                "data_source": text_of(values[9]),
            }
        )


def section3_columns(levels: int) -> dict[str, int]:
    """The column of each field of a Section 3 row (the exporter's layout), 0 for column A."""
    return {
        "area_code": 0,
        "area_title": 0,
        "area_weight": 1,
        "activity_code": 2,
        "activity_title": 2,
        "code": 3,
        "title": 3,
        "governance_kind": 3,
        "method": 4,
        "unit": 5,
        "value_type": 5,
        "weight": 6,
        "actual_prev2": 7,
        "actual_prev1": 8,
        "targets": 9,
        "projection_next1": 9 + levels,
        "projection_next2": 10 + levels,
    }


def parse_section3(sheet, parsed: Parsed, reader: Reader, fiscal_year: FiscalYear) -> None:
    levels = len(fiscal_year.levels)
    width = 9 + levels + 2
    reader.columns[SECTION3] = section3_columns(levels)
    kind, area, activity = None, None, None
    codes: set[tuple[str, str]] = set()
    for row, values in table_rows(sheet, 3):
        values = (list(values) + [None] * width)[:width]
        first = text_of(values[0])
        if first in AREA_KIND_BY_LABEL and not any(values[1:]):
            kind = AREA_KIND_BY_LABEL[first]
            continue
        if kind is None:
            reader.problem(SECTION3, row, _("ক্ষেত্রের ধরন (অফিসের/সুশাসন) লেখা সারির আগে সূচক আছে।"))
            continue
        if first:
            code, title = split_code(first)
            weight = number_cell(values[1], reader, SECTION3, row, _("কর্মসম্পাদনের ক্ষেত্রের মান"), "area_weight")
            if not code:
                reader.problem(
                    SECTION3, row, _("ক্ষেত্রের কোড [ ] বন্ধনীর মধ্যে দিতে হবে, যেমন “[১] …”।"), "area_code"
                )
            area = {
                "kind": kind,
                "code": code,
                "title": title,
                "weight": weight,
                "row": row,
                "activities": [],
            }
            parsed.areas.append(area)
            activity = None
        if text_of(values[2]):
            code, title = split_code(values[2])
            if not code:
                reader.problem(
                    SECTION3,
                    row,
                    _("কার্যক্রমের কোড [ ] বন্ধনীর মধ্যে দিতে হবে, যেমন “[১.১] …”।"),
                    "activity_code",
                )
            if area is None:
                reader.problem(SECTION3, row, _("কার্যক্রমের আগে কর্মসম্পাদনের ক্ষেত্র দিতে হবে।"))
                continue
            activity = {"code": code, "title": title, "row": row, "indicators": []}
            area["activities"].append(activity)
        if activity is None:
            reader.problem(SECTION3, row, _("সূচকের আগে কার্যক্রম দিতে হবে।"))
            continue
        code, title = split_code(values[3])
        if not code or not title:
            reader.problem(SECTION3, row, _("সূচকের কোড ও নাম দিতে হবে, যেমন “[১.১.১] সেবা গ্রহীতার সংখ্যা”।"))
            continue
        if (kind, code) in codes:
            reader.problem(SECTION3, row, _("সূচকের কোড “%(code)s” একাধিকবার আছে।") % {"code": code}, "code")
        codes.add((kind, code))
        method_label = text_of(values[4])
        method = METHOD_BY_LABEL.get(method_label, "")
        if method_label and not method:
            reader.problem(
                SECTION3,
                row,
                _("গণনা পদ্ধতি “%(m)s” চেনা যায়নি (সমষ্টি, গড়, ক্রমপুঞ্জিভূত বা তারিখ)।") % {"m": method_label},
                "method",
            )
        unit = text_of(values[5])
        if not unit:
            reader.problem(SECTION3, row, _("একক দিতে হবে।"), "unit")
        value_type = value_type_for(unit, method)
        weight = number_cell(values[6], reader, SECTION3, row, _("কর্মসম্পাদন সূচকের মান"), "weight")
        targets = [
            encode_value(values[9 + n], value_type, reader, SECTION3, row, _("লক্ষ্যমাত্রা"), "targets")
            for n in range(levels)
        ]
        governance_kind = ""
        # Mandatory objectives (2019-20) are rows of their own, scored like the office's.
        if kind == AreaKind.GOVERNANCE and fiscal_year.has_action_plans:
            try:
                governance_kind = governance_kind_for(title)
            except ValueError:
                reader.problem(
                    SECTION3, row, _("সুশাসন সূচকটি কোন কর্মপরিকল্পনার তা নাম থেকে বোঝা যায়নি।"), "governance_kind"
                )
        activity["indicators"].append(
            {
                "row": row,
                "code": code,
                "title": title,
                "method": method,
                "unit": unit,
                "value_type": value_type,
                "weight": weight,
                "governance_kind": governance_kind,
                "actual_prev2": encode_value(
                    values[7], value_type, reader, SECTION3, row, _("প্রকৃত অর্জন"), "actual_prev2"
                )
                or "",
                "actual_prev1": encode_value(
                    values[8], value_type, reader, SECTION3, row, _("প্রকৃত অর্জন"), "actual_prev1"
                )
                or "",
                "targets": targets,
                "projection_next1": encode_value(
                    values[9 + levels], value_type, reader, SECTION3, row, _("প্রক্ষেপণ"), "projection_next1"
                )
                or "",
                "projection_next2": encode_value(
                    values[10 + levels], value_type, reader, SECTION3, row, _("প্রক্ষেপণ"), "projection_next2"
                )
                or "",
            }
        )
    if not parsed.areas:
        reader.problem(SECTION3, None, _("সেকশন ৩-এ কোনো কর্মসম্পাদনের ক্ষেত্র পাওয়া যায়নি।"))
    for area in parsed.areas:
        weights = [i["weight"] for a in area["activities"] for i in a["indicators"]]
        if area["weight"] is not None and None not in weights and sum(weights, Decimal(0)) != area["weight"]:
            reader.problem(
                SECTION3,
                area["row"],
                _("ক্ষেত্র [%(code)s]-এর মান %(area)s, কিন্তু এর সূচকগুলোর মানের যোগফল %(sum)s।")
                % {
                    "code": display.digits(area["code"]),
                    "area": display.digits(values_io.encode(area["weight"])),
                    "sum": display.digits(values_io.encode(sum(weights, Decimal(0)))),
                },
                "area_weight",
            )
