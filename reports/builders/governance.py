"""Seeds 002 / 003 / 004: the governance plans (Annex 4-8) as tables (the level plans and the integrity plan)
with the progress the offices enter each quarter, and the plans' progress document."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy

from agreements.models import Agreement
from apa_portal import display
from apa_portal.bangla import to_bangla_digits
from apa_portal.display import in_bangla
from indicators import scores
from indicators.governance import selectors as governance_selectors
from indicators.models import GovernancePlan, PlanItem, ScoreKind

from ..document import (
    NUMBER,
    SCORE,
    Cell,
    Document,
    HeaderCell,
    Heading,
    Paragraph,
    Row,
    Section,
    Table,
    merge_down,
)
from .common import (
    GOVERNANCE,
    KIND_TITLES,
    ReportUnavailable,
    bracket,
    evidence_text,
    level_header,
    load_plans,
    long_year_label,
    new_document,
    number_row,
    plain,
    text,
    typed_cell,
    value_cell,
)


def quarter_headers() -> list[str]:
    """১ম ত্রৈমাসিক …: the pages' names of the quarters, not the seeds' "১ম কোয়ার্টার" (issue 14)."""
    return [display.quarter_name(quarter) for quarter in display.QUARTERS]


def progress_note(item: PlanItem) -> str:
    """The progress text on record (seed 002's free-text column) and the remarks entered with each quarter."""
    lines = [item.progress_text] if item.progress_text else []
    lines += [f"{display.quarter_name(a.quarter)}: {a.remarks}" for a in item.achievements.all() if a.remarks]
    return "\n".join(lines)


def progress_cells(item: PlanItem) -> list[Cell]:
    """What the office entered: the four quarters' achievements, the year's (by the same rule the scores use),
    the remarks and the evidence."""
    quarters = governance_selectors.quarter_values(item, ScoreKind.PROGRESS)
    annual = governance_selectors.annual_value(item, ScoreKind.PROGRESS)
    return [
        *(typed_cell(value, item.target_type) for value in (*quarters, annual)),
        text(progress_note(item)),
        Cell(evidence_text(item.evidence.all()), css="link"),
    ]


def item_scores(plan: GovernancePlan, kind: str, policy: str) -> dict[int, Decimal | None]:
    """Each item's score of `kind` (None where nothing is reported)."""

    result = scores.plan_result(plan, kind, policy)
    items = sorted(plan.items.all(), key=lambda i: i.position)
    return {
        item.pk: score.score if score.reported else None
        for item, score in zip(items, result.score.items, strict=True)
    }


def plan_table(
    plan: GovernancePlan,
    start_year: int,
    *,
    with_progress: bool,
    assessment: dict | None = None,
    scores: dict[int, Decimal | None] | None = None,
) -> Table:
    """A plan with level columns (e-Gov, GRS, citizen charter, RTI), else the integrity plan's layout. As in
    the seeds, the serial, the area and a repeated activity are one merged cell over their rows, and a plan
    whose template numbers no rows (or has no areas) has no serial (or area) columns."""
    if not plan.levels:
        score_columns = [("অর্জিত মান", assessment["claimed"] if assessment is not None else scores or {})]
        if assessment is not None and assessment.get("verified"):
            score_columns.append(("যাচাইকৃত মান", assessment["verified"]))
        return integrity_table(plan, start_year, with_progress=with_progress, score_columns=score_columns)
    levels = plan.levels
    names, percents = level_header(levels)
    items = sorted(plan.items.all(), key=lambda i: i.position)
    # Templates that number their rows (seed 003's ০১, ০২ …; seeds 002/004 number the areas) keep their own
    # serials, a blank one continuing the row above.
    numbered = any(item.serial for item in items)
    has_areas = any(item.area_code or item.area_title for item in items)
    fixed = [
        *([("ক্রম", 3)] if numbered else []),
        *([("কর্মসম্পাদন ক্ষেত্র", 6), ("মান", 3)] if has_areas else []),
        ("কার্যক্রম", 9),
        ("কর্মসম্পাদন সূচক", 8),
        ("একক", 4),
        ("কর্মসম্পাদন সূচকের মান", 6),
    ]
    # Values (targets, quarters) get room for a date (১৬ মার্চ ২০২২ wraps onto two lines in five-level plans).
    value_width = 5 if len(levels) > 3 else 6
    if with_progress:
        extra, extra_widths = [], [value_width] * 5 + [10, 5]
    elif assessment is not None:
        extra = ["বার্ষিক স্ব-মূল্যায়ন (প্রকৃত অর্জন)", "দাবিকৃত স্কোর"]
        extra += ["যাচাইকৃত স্কোর"] if assessment.get("verified") else []
        extra_widths = [8, 4, 4][: len(extra)]
    else:
        extra, extra_widths = [], []
    first_row = [
        *(HeaderCell(title, rowspan=3) for title, _width in fixed),
        HeaderCell(f"লক্ষ্যমাত্রা {long_year_label(start_year)}", colspan=len(levels)),
        *(HeaderCell(title, rowspan=3) for title in extra),
    ]
    if with_progress:
        first_row.append(HeaderCell("অগ্রগতি", colspan=7))
        names = [
            *names,
            HeaderCell("ত্রৈমাসিকভিত্তিক অর্জন", colspan=4),
            *(HeaderCell(title, rowspan=2) for title in ("মোট অর্জন", "মন্তব্য", "প্রমাণক")),
        ]
        percents = [*percents, *(HeaderCell(name.split()[0]) for name in quarter_headers())]
    widths = [width for _title, width in fixed] + [value_width] * len(levels) + extra_widths
    header = [first_row, names, percents, number_row(len(widths))]
    rows, merge_keys = [], []
    serial, seen_area, area_number = "", None, 0
    for item in items:
        area = (item.area_code, item.area_title) if item.area_code or item.area_title else None
        first_of_area = area is not None and area != seen_area
        seen_area, area_number = area, area_number + first_of_area
        serial = item.serial or ("" if first_of_area else serial)
        activity = f"{bracket(item.activity_code)} {item.activity}".strip()
        cells, keys = [], []
        if numbered:
            cells.append(text(serial))
            keys.append((area_number, serial) if serial else None)
        if has_areas:
            cells.append(
                text(f"{bracket(item.area_code)} {item.area_title}".strip() if first_of_area else "")
            )
            cells.append(
                Cell(item.area_marks, NUMBER) if first_of_area and item.area_marks is not None else Cell()
            )
            keys += [area_number if area else None] * 2
        targets = list(item.targets)[: len(levels)] + [None] * max(0, len(levels) - len(item.targets))
        cells += [
            text(activity),
            text(f"{bracket(item.indicator_code)} {item.indicator}".strip()),
            text(item.unit),
            Cell(item.weight, NUMBER) if item.weight is not None else Cell(),
            *(value_cell(raw, item.target_type) for raw in targets),
        ]
        keys.append((area_number, activity) if activity else None)
        if with_progress:
            cells += progress_cells(item)
        if assessment is not None:
            # The typed value (number, percentage, date) for the workbook; the office's own wording of it
            # (seed 004: "১. ২২/০৯/২০২১ … ০৪টি কর্মশালা") is printed in its place and kept beside it.
            year = governance_selectors.annual_value(item, ScoreKind.CLAIMED)
            achieved = typed_cell(year, item.target_type)
            achieved.note = item.achievement_text
            cells.append(achieved)
            cells.append(Cell(assessment["claimed"].get(item.pk), SCORE))
            if assessment.get("verified"):
                cells.append(Cell(assessment["verified"].get(item.pk), SCORE))
        rows.append(Row(cells))
        merge_keys.append(keys)
    for column in reversed(range(len(merge_keys[0]) if merge_keys else 0)):
        merge_down(rows, column, [keys[column] for keys in merge_keys])
    if assessment is not None:
        total = [Cell("মোট", colspan=len(fixed) + len(levels) + 1), Cell(assessment["claimed_total"], SCORE)]
        if assessment.get("verified"):
            total.append(Cell(assessment["verified_total"], SCORE))
        rows.append(Row(total, css="total"))
    # Progress adds seven columns: a smaller type keeps the longest words of the narrow ones whole.
    return Table(
        f"plan-{plan.kind}",
        header,
        rows,
        widths,
        css="compact" if with_progress else "",
        note_header="প্রকৃত অর্জনের বিবরণ" if assessment is not None else "",
    )


def integrity_table(
    plan: GovernancePlan,
    start_year: int,
    *,
    with_progress: bool,
    score_columns: list[tuple[str, dict[int, Decimal | None]]],
) -> Table:
    """Seed 003's NIS plan: a target row and an achievement row per item, with the four quarters, the year's
    achievement and the item's scores (progress, or claimed and verified); with progress, also the remarks
    and the evidence."""
    after = [title for title, _scores in score_columns] + (["মন্তব্য", "প্রমাণক"] if with_progress else [])
    header = [
        [
            HeaderCell("কার্যক্রমের নাম", rowspan=2),
            HeaderCell("কর্মসম্পাদন সূচক", rowspan=2),
            HeaderCell("সূচকের মান", rowspan=2),
            HeaderCell("একক", rowspan=2),
            HeaderCell("বাস্তবায়নের দায়িত্বপ্রাপ্ত ব্যক্তি/পদ", rowspan=2),
            HeaderCell(f"{long_year_label(start_year)} অর্থ বছরের লক্ষ্যমাত্রা", rowspan=2),
            HeaderCell("বাস্তবায়ন অগ্রগতি পরিবীক্ষণ", colspan=6),
            *(HeaderCell(title, rowspan=2) for title in after),
        ],
        [HeaderCell(t) for t in ("লক্ষ্যমাত্রা /অর্জন", *quarter_headers(), "মোট অর্জন")],
    ]
    widths = (
        [9, 7, 4, 4, 6, 5, 5, 4, 4, 4, 4, 4] + [4] * len(score_columns) + ([8, 6] if with_progress else [])
    )
    header.append(number_row(len(widths)))
    rows: list[Row] = []
    pairs: list = []  # per row, the item whose two rows (target, achievement) share merged cells
    seen = None
    for item in sorted(plan.items.all(), key=lambda i: i.position):
        if (item.area_code, item.area_title) != seen and item.area_title:
            seen = (item.area_code, item.area_title)
            marks = f" {to_bangla_digits(plain(item.area_marks))}" if item.area_marks is not None else ""
            caption = f"{item.area_code}. {item.area_title}{marks}".strip(". ")
            rows.append(Row([Cell(caption, colspan=len(widths))], css="group"))
            pairs.append(None)
        quarterly = list(item.quarterly_targets)[:4] + [None] * max(0, 4 - len(item.quarterly_targets))
        achieved = progress_cells(item)
        after_cells = [Cell(scores.get(item.pk), SCORE) for _title, scores in score_columns]
        after_cells += achieved[5:] if with_progress else []
        rows.append(
            Row(
                [
                    text(f"{item.activity_code} {item.activity}".strip()),
                    text(item.indicator),
                    Cell(item.weight, NUMBER) if item.weight is not None else Cell(),
                    text(item.unit),
                    text(item.responsible),
                    value_cell(item.annual_target, item.target_type),
                    text("লক্ষ্যমাত্রা"),
                    *(value_cell(raw, item.target_type) for raw in quarterly),
                    value_cell(item.annual_target, item.target_type),
                    *after_cells,
                ]
            )
        )
        rows.append(
            Row(
                [*(Cell() for _ in range(6)), text("অর্জন"), *achieved[:5], *(Cell() for _ in after_cells)],
                css="sub",
            )
        )
        pairs += [item.pk, item.pk]
    # The leading cells, the scores, the remarks and the evidence belong to both rows of an item.
    for column in [*reversed(range(12, len(widths))), *reversed(range(6))]:
        merge_down(rows, column, pairs)
    return Table(f"plan-{plan.kind}", header, rows, widths)


def plan_heading(plan: GovernancePlan, marker: str, suffix: str) -> str:
    """The plan's own title when it already names the document (seeds 002, 004), else title and document."""
    office = plan.agreement.office.name_bn
    title = plan.title_bn if office in plan.title_bn else f"{office}: {plan.title_bn}"
    return title if marker in title else f"{title} — {suffix}"


@in_bangla
def build_governance(agreement: Agreement) -> Document:
    plans = load_plans(agreement)
    if not plans:
        raise ReportUnavailable(gettext_lazy("এই চুক্তিতে কোনো সুশাসন কর্মপরিকল্পনা নেই।"))
    start = agreement.fiscal_year.start_year
    sections = []
    for number, plan in enumerate(plans, start=1):
        blocks: list = []
        if number == 1:
            blocks.append(Heading("সংযোজনী ৪-৮: সংস্কার ও সুশাসনমূলক কার্যক্রমের বাস্তবায়ন সংক্রান্ত কর্মপরিকল্পনাসমূহ", 1))
        blocks.append(Heading(plan_heading(plan, "অগ্রগতি", "অগ্রগতি"), 2))
        blocks.append(Paragraph(f"অফিস: {agreement.office.name_bn}", css="muted"))
        progress = item_scores(plan, ScoreKind.PROGRESS, agreement.fiscal_year.scoring_policy)
        blocks.append(plan_table(plan, start, with_progress=True, scores=progress))
        sections.append(
            Section(
                f"plan-{plan.kind}", plan.get_kind_display()[:31], blocks, landscape=True, new_page=number > 1
            )
        )
    return new_document(GOVERNANCE, agreement, KIND_TITLES[GOVERNANCE], sections)
