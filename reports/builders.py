"""Builders: one agreement's data, read in a fixed number of queries, turned into a `Document` shaped like the
seed documents (000 agreement, 001 quarterly report, 004 self-assessment, 002/003 governance plans).

Documents are Bangla whatever the reader's interface language: each builder runs under Bangla, so the choice
labels, explanations and numbers it takes from the rest of the project are Bangla too."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy

from agreements.models import Agreement, SignatureParty
from apa_portal.bangla import format_date_long, format_date_weekday, to_bangla_digits
from apa_portal.display import in_bangla
from evidence.models import EvidenceItem
from indicators.models import (
    Achievement,
    Area,
    AreaKind,
    GovernancePlan,
    Indicator,
    IndicatorScore,
    PlanItem,
    ScoreKind,
    TargetType,
    ValueType,
    VerificationStatus,
)

from .document import (
    DATE,
    NUMBER,
    PERCENT,
    SCORE,
    Cell,
    Contents,
    Cover,
    Document,
    HeaderCell,
    Heading,
    ItemList,
    Letter,
    Paragraph,
    Row,
    Section,
    SignatureBlock,
    Signatures,
    Table,
)

AGREEMENT, QUARTERLY, SELF_ASSESSMENT, GOVERNANCE = "agreement", "quarterly", "self-assessment", "governance"
KINDS = (AGREEMENT, QUARTERLY, SELF_ASSESSMENT, GOVERNANCE)
KIND_TITLES = {
    AGREEMENT: "বার্ষিক কর্মসম্পাদন চুক্তি",
    QUARTERLY: "ত্রৈমাসিক অর্জন প্রতিবেদন",
    SELF_ASSESSMENT: "বার্ষিক স্ব-মূল্যায়িত প্রতিবেদন",
    GOVERNANCE: "সুশাসন কর্মপরিকল্পনার অগ্রগতি",
}
QUARTER_MONTHS = {1: "জুলাই - সেপ্টেম্বর", 2: "অক্টোবর - ডিসেম্বর", 3: "জানুয়ারি - মার্চ", 4: "এপ্রিল - জুন"}
PROVISIONAL_NOTE = "*সাময়িক (provisional) তথ্য"


class ReportUnavailable(Exception):
    """The agreement has nothing to put in this report. The message is lazy: it is read in the language of
    the user it is shown to, not in the documents' Bangla."""


# ------------------------------------------------------------------------------------------------
# Cells


def _decimal(raw: str) -> Decimal | None:
    try:
        number = Decimal(raw)
    except (InvalidOperation, TypeError):
        return None
    return number if number.is_finite() else None


def value_cell(raw: str | None, value_type: str = "", *, date_style: str = "table") -> Cell:
    """A stored value (ASCII decimal or ISO date, see `indicators.values`) as a typed cell."""
    if raw is None or raw == "":
        return Cell()
    if value_type == ValueType.DATE or (not value_type and len(raw) == 10 and raw[4] == "-"):
        try:
            return Cell(date.fromisoformat(raw), DATE, date_style=date_style)
        except ValueError:
            return Cell(raw)
    number = _decimal(raw)
    if number is None:
        return Cell(raw)
    return Cell(number, PERCENT if value_type in (ValueType.PERCENT, TargetType.PERCENT) else NUMBER)


def typed_cell(value, value_type: str = "", *, date_style: str = "table") -> Cell:
    if value is None:
        return Cell()
    if isinstance(value, date):
        return Cell(value, DATE, date_style=date_style)
    if value_type in (ValueType.PERCENT, TargetType.PERCENT):
        return Cell(Decimal(value), PERCENT)
    return Cell(Decimal(value), NUMBER)


def text(value: str) -> Cell:
    return Cell(value or "")


def bracket(code: str) -> str:
    return f"[{code}]" if code else ""


def level_header(
    levels: list[dict], *, with_percent_row: bool = True
) -> tuple[list[HeaderCell], list[HeaderCell]]:
    names = [HeaderCell(column["name_bn"]) for column in levels]
    percents = [HeaderCell(to_bangla_digits(column["percent"]) + "%") for column in levels]
    return names, percents if with_percent_row else []


def number_row(count: int) -> list[HeaderCell]:
    """The "১ ২ ৩ …" row under the headers of seeds 002-004."""
    return [HeaderCell(to_bangla_digits(n)) for n in range(1, count + 1)]


def year_label(start_year: int) -> str:
    return to_bangla_digits(f"{start_year}-{(start_year + 1) % 100:02d}")


def long_year_label(start_year: int) -> str:
    return to_bangla_digits(f"{start_year}-{start_year + 1}")


# ------------------------------------------------------------------------------------------------
# Loading


def load_areas(agreement: Agreement, *, quarter: int | None = None) -> list[Area]:
    """Areas → activities → indicators (with achievements, Annex 3 rows, stored scores and, for one quarter,
    its evidence), in document order."""
    evidence = EvidenceItem.objects.filter(removed_at__isnull=True)
    evidence = evidence.filter(quarter=quarter) if quarter else evidence.none()
    indicators = Indicator.objects.order_by("position").prefetch_related(
        Prefetch("achievements", queryset=Achievement.objects.order_by("quarter")),
        "related_offices",
        Prefetch("scores", queryset=IndicatorScore.objects.all()),
        Prefetch("evidence", queryset=evidence.order_by("uploaded_at", "id")),
    )
    return list(
        Area.objects.filter(agreement=agreement)
        .order_by("position")
        .prefetch_related(Prefetch("activities__indicators", queryset=indicators))
    )


def walk(areas: list[Area]):
    """(area, activity, indicator) in document order."""
    for area in areas:
        for activity in sorted(area.activities.all(), key=lambda a: a.position):
            for indicator in sorted(activity.indicators.all(), key=lambda i: i.position):
                yield area, activity, indicator


def load_plans(agreement: Agreement) -> list[GovernancePlan]:
    return list(
        GovernancePlan.objects.filter(agreement=agreement)
        .select_related("agreement__office")
        .order_by("kind")
        .prefetch_related(
            Prefetch("items", queryset=PlanItem.objects.order_by("position")), "items__achievements"
        )
    )


def footer_left(agreement: Agreement) -> str:
    if agreement.final_submission_at:
        return "চূড়ান্ত দাখিলের সময়: " + format_date_weekday(agreement.final_submission_at)
    return ""


def new_document(
    kind: str, agreement: Agreement, title: str, sections: list[Section], suffix: str = ""
) -> Document:
    year = agreement.fiscal_year.label
    return Document(
        kind=kind,
        title=title,
        filename=f"{agreement.office.code}_{year}_{kind}{suffix}",
        sections=sections,
        printed_on=timezone.localdate(),
        footer_left=footer_left(agreement),
        meta={
            "kind": kind,
            "office": agreement.office.code,
            "fiscal_year": year,
            "version": str(agreement.version),
            "status": agreement.status,
        },
    )


# ------------------------------------------------------------------------------------------------
# Seed 000: the agreement


@in_bangla
def build_agreement(agreement: Agreement) -> Document:
    fiscal_year = agreement.fiscal_year
    start = fiscal_year.start_year
    areas = load_areas(agreement)
    signatures = {s.party: s for s in agreement.signatures.all()}
    plans = load_plans(agreement)
    first, second = agreement.first_party_bn, agreement.second_party_bn
    office_label = "জেলা / সার্কেল অফিসের" if agreement.office.level in ("district", "upazila") else ""

    sections = [
        Section(
            "cover",
            "প্রচ্ছদ",
            [
                Cover(
                    ["গণপ্রজাতন্ত্রী বাংলাদেশ সরকার", first, "এবং", f"{second}-এর মধ্যে স্বাক্ষরিত"],
                    "বার্ষিক কর্মসম্পাদন চুক্তি",
                    f"{format_long_md(fiscal_year.starts_on)} - {format_long_md(fiscal_year.ends_on)}",
                )
            ],
            new_page=False,
        ),
    ]
    contents = Contents([])
    sections.append(Section("contents", "সূচিপত্র", [Heading("সূচিপত্র", 1), contents]))
    overview_title = f"{office_label} কর্মসম্পাদনের সার্বিক চিত্র".strip()
    sections.append(
        Section(
            "overview",
            "সার্বিক চিত্র",
            [
                Heading(overview_title, 1),
                Heading("সাম্প্রতিক অর্জন, চ্যালেঞ্জ এবং ভবিষ্যৎ পরিকল্পনা", 2),
                Paragraph(agreement.recent_achievements, label="সাম্প্রতিক বছরসমূহের (৩ বছর) প্রধান অর্জনসমূহ:"),
                Paragraph(agreement.problems_challenges, label="সমস্যা এবং চ্যালেঞ্জসমূহ:"),
                Paragraph(agreement.future_plans, label="ভবিষ্যৎ পরিকল্পনা:"),
                Paragraph(
                    agreement.expected_achievements,
                    label=f"{year_label(start)} অর্থবছরের সম্ভাব্য প্রধান অর্জনসমূহ:",
                ),
            ],
        )
    )
    first_signature = signatures.get(SignatureParty.FIRST)
    signed_on = first_signature.signed_on if first_signature else None
    when = (
        f"{to_bangla_digits(signed_on.year)} সালের {format_date_long(signed_on).split()[1]} মাসের "
        f"{to_bangla_digits(signed_on.day)} তারিখে"
        if signed_on
        else f"{to_bangla_digits(start)} সালের ........ মাসের ........ তারিখে"
    )
    sections.append(
        Section(
            "preamble",
            "প্রস্তাবনা",
            [
                Heading("প্রস্তাবনা (Preamble)", 1),
                Paragraph(
                    "মন্ত্রণালয়/বিভাগসমূহ এবং আওতাধীন দপ্তর/সংস্থাসমূহের প্রাতিষ্ঠানিক দক্ষতা বৃদ্ধি, স্বচ্ছতা ও জবাবদিহি "
                    "জোরদার করা, সুশাসন সংহতকরণ এবং সম্পদের যথাযথ ব্যবহার নিশ্চিতকরণের মাধ্যমে রূপকল্প ২০৪১ এর "
                    "যথাযথ বাস্তবায়নের লক্ষ্যে-"
                ),
                Paragraph(first, css="center"),
                Paragraph("এবং", css="center"),
                Paragraph(f"{second}-এর মধ্যে {when} এই বার্ষিক কর্মসম্পাদন চুক্তি স্বাক্ষরিত হল।", css="center"),
                Paragraph("এই চুক্তিতে স্বাক্ষরকারী উভয়পক্ষ নিম্নলিখিত বিষয়সমূহে সম্মত হলেন:"),
            ],
        )
    )
    office_areas = [a.title for a in areas if a.kind == AreaKind.OFFICE]
    governance_areas = [a.title for a in areas if a.kind == AreaKind.GOVERNANCE]
    sections.append(
        Section(
            "section1",
            "সেকশন ১",
            [
                Heading("সেকশন ১", 1),
                Heading(
                    f"{office_label} রূপকল্প (Vision), অভিলক্ষ্য (Mission), কর্মসম্পাদনের ক্ষেত্র এবং কার্যাবলি".strip(),
                    2,
                ),
                Heading("১.১ রূপকল্প (Vision)", 3),
                Paragraph(agreement.vision),
                Heading("১.২ অভিলক্ষ্য (Mission)", 3),
                Paragraph(agreement.mission),
                Heading("১.৩ কর্মসম্পাদনের ক্ষেত্র", 3),
                Heading(f"১.৩.১ {office_label} কর্মসম্পাদনের ক্ষেত্র".replace("  ", " "), 4),
                ItemList(office_areas),
                Heading("১.৩.২ সুশাসন ও সংস্কারমূলক কর্মসম্পাদনের ক্ষেত্র", 4),
                ItemList(governance_areas),
                Heading("১.৪ কার্যাবলি (Functions)", 3),
                ItemList([f.text for f in agreement.functions.all()]),
            ],
        )
    )
    sections.append(
        Section(
            "section2",
            "সেকশন ২",
            [
                Heading("সেকশন ২", 1),
                Heading("বিভিন্ন কার্যক্রমের চূড়ান্ত ফলাফল/প্রভাব (Outcome/Impact)", 2),
                section2_table(agreement),
            ],
            landscape=True,
        )
    )
    sections.append(
        Section(
            "section3",
            "সেকশন ৩",
            [
                Heading("সেকশন ৩", 1),
                Heading("কর্মসম্পাদন পরিকল্পনা", 2),
                section3_table(agreement, areas),
            ],
            landscape=True,
        )
    )
    second_signature = signatures.get(SignatureParty.SECOND)
    sections.append(
        Section(
            "signatures",
            "স্বাক্ষর",
            [
                Paragraph(
                    f"আমি, {first}, {second}-এর নিকট অঙ্গীকার করছি যে এই চুক্তিতে বর্ণিত লক্ষ্যমাত্রা অর্জনে সচেষ্ট থাকব।"
                ),
                Paragraph(
                    f"আমি, {second} হিসাবে {first}-এর নিকট অঙ্গীকার করছি যে এই চুক্তিতে বর্ণিত লক্ষ্যমাত্রা অর্জনে "
                    "প্রয়োজনীয় সহযোগিতা প্রদান করব।"
                ),
                Signatures(
                    [
                        signature_block(agreement.office, first_signature),
                        signature_block(agreement.supervisor_office, second_signature),
                    ]
                ),
            ],
        )
    )
    sections.append(
        Section(
            "annex1",
            "সংযোজনী ১",
            [
                Heading("সংযোজনী ১: শব্দসংক্ষেপ (Acronyms)", 1),
                Table(
                    "acronyms",
                    [[HeaderCell("ক্রমিক নম্বর"), HeaderCell("শব্দসংক্ষেপ (Acronyms)"), HeaderCell("বিবরণ")]],
                    [
                        Row([Cell(Decimal(a.position), NUMBER), text(a.acronym), text(a.description)])
                        for a in agreement.acronyms.all()
                    ],
                    [1, 3, 6],
                ),
            ],
        )
    )
    sections.append(
        Section(
            "annex2",
            "সংযোজনী ২",
            [
                Heading("সংযোজনী ২: কর্মসম্পাদন ব্যবস্থাপনা ও প্রমাণক", 1),
                Table(
                    "annex2",
                    [
                        [
                            HeaderCell("কার্যক্রম"),
                            HeaderCell("কর্মসম্পাদন সূচকসমূহ"),
                            HeaderCell("বাস্তবায়নকারী অনুবিভাগ, অধিশাখা, শাখা"),
                            HeaderCell("লক্ষ্যমাত্রা অর্জনের প্রমাণক"),
                        ]
                    ],
                    [
                        Row(
                            [
                                text(f"{bracket(activity.code)} {activity.title}"),
                                text(f"{bracket(indicator.code)} {indicator.title}"),
                                text(indicator.implementing_unit),
                                text(indicator.evidence_description),
                            ]
                        )
                        for area, activity, indicator in walk(areas)
                        if area.kind == AreaKind.OFFICE
                    ],
                    [4, 4, 4, 3],
                ),
            ],
            landscape=True,
        )
    )
    sections.append(
        Section(
            "annex3",
            "সংযোজনী ৩",
            [
                Heading("সংযোজনী ৩: অন্য অফিসের সঙ্গে সংশ্লিষ্ট কর্মসম্পাদন সূচকসমূহ", 1),
                Table(
                    "annex3",
                    [
                        [
                            HeaderCell("কার্যক্রম"),
                            HeaderCell("কর্মসম্পাদন সূচক"),
                            HeaderCell("যেসকল অফিসের সাথে সংশ্লিষ্ট"),
                            HeaderCell("সংশ্লিষ্ট অফিসের সাথে কার্যক্রম সমন্বয়ের কৌশল"),
                        ]
                    ],
                    [
                        Row(
                            [
                                text(activity.title),
                                text(indicator.title),
                                text(related.offices),
                                text(related.coordination_strategy),
                            ]
                        )
                        for area, activity, indicator in walk(areas)
                        for related in sorted(indicator.related_offices.all(), key=lambda r: r.position)
                    ],
                    [4, 3, 3, 4],
                ),
            ],
            landscape=True,
        )
    )
    annex48: list = [Heading("সংযোজনী ৪-৮: সংস্কার ও সুশাসনমূলক কার্যক্রমের বাস্তবায়ন সংক্রান্ত কর্মপরিকল্পনাসমূহ", 1)]
    for plan in plans:
        annex48.append(Heading(plan.title_bn, 2))
        annex48.append(plan_table(plan, fiscal_year.start_year, with_progress=False))
    if not plans:
        annex48.append(Paragraph("এই চুক্তিতে এখনো কোনো সুশাসন কর্মপরিকল্পনা যুক্ত হয়নি।", css="muted"))
    sections.append(Section("annex4-8", "সংযোজনী ৪-৮", annex48, landscape=True))

    titled = [s for s in sections if s.key not in ("cover", "contents", "signatures")]
    contents.entries = [(first_heading(s), s.anchor) for s in titled]
    return new_document(AGREEMENT, agreement, "বার্ষিক কর্মসম্পাদন চুক্তি", sections)


def first_heading(section: Section) -> str:
    headings = [b.text for b in section.blocks if isinstance(b, Heading)]
    if len(headings) > 1 and headings[0].startswith("সেকশন"):
        return f"{headings[0]}: {headings[1]}"
    return headings[0] if headings else section.sheet


def format_long_md(d: date) -> str:
    """ "জুলাই ১, ২০২২" as on seed 000's cover."""
    day, month, year = format_date_long(d).split()
    return f"{month} {day}, {year}"


def signature_block(office, signature) -> SignatureBlock:
    if signature is None:
        return SignatureBlock(office.head_title_bn, office.name_bn)
    return SignatureBlock(
        signature.signer_title_bn, office.name_bn, signature.signer_name_bn, signature.signed_on
    )


def section2_table(agreement: Agreement) -> Table:
    start = agreement.fiscal_year.start_year
    header = [
        [
            HeaderCell("চূড়ান্ত ফলাফল/প্রভাব", rowspan=2),
            HeaderCell("কর্মসম্পাদন সূচকসমূহ", rowspan=2),
            HeaderCell("একক", rowspan=2),
            HeaderCell(f"প্রকৃত অর্জন {year_label(start - 2)}", rowspan=2),
            HeaderCell(f"প্রকৃত অর্জন* {year_label(start - 1)}", rowspan=2),
            HeaderCell(f"লক্ষ্যমাত্রা {year_label(start)}", rowspan=2),
            HeaderCell("প্রক্ষেপণ", colspan=2),
            HeaderCell(
                "নির্ধারিত লক্ষ্যমাত্রা অর্জনের ক্ষেত্রে যৌথভাবে দায়িত্বপ্রাপ্ত মন্ত্রণালয়/বিভাগ/ সংস্থাসমূহের নাম", rowspan=2
            ),
            HeaderCell("উপাত্তসূত্র", rowspan=2),
        ],
        [HeaderCell(long_year_label(start + 1)), HeaderCell(long_year_label(start + 2))],
    ]
    rows, previous = [], None
    for outcome in agreement.outcome_indicators.all():
        value_type = ValueType.DATE if outcome.unit == "তারিখ" else ""
        rows.append(
            Row(
                [
                    text("" if outcome.outcome == previous else outcome.outcome),
                    text(outcome.title),
                    text(outcome.unit),
                    *(
                        value_cell(raw, value_type, date_style="dash")
                        for raw in (
                            outcome.actual_prev2,
                            outcome.actual_prev1,
                            outcome.target,
                            outcome.projection_next1,
                            outcome.projection_next2,
                        )
                    ),
                    text(outcome.joint_agencies),
                    text(outcome.data_source),
                ]
            )
        )
        previous = outcome.outcome
    return Table("section2", header, rows, [4, 5, 2, 2, 2, 2, 2, 2, 5, 4], footnote=PROVISIONAL_NOTE)


def section3_table(agreement: Agreement, areas: list[Area]) -> Table:
    fiscal_year = agreement.fiscal_year
    start, levels = fiscal_year.start_year, fiscal_year.levels
    names, percents = level_header(levels)
    fixed = [
        "কর্মসম্পাদনের ক্ষেত্র",
        "কর্মসম্পাদনের ক্ষেত্রের মান",
        "কার্যক্রম",
        "কর্মসম্পাদন সূচক",
        "গণনা পদ্ধতি",
        "একক",
        "কর্মসম্পাদন সূচকের মান",
        f"প্রকৃত অর্জন {year_label(start - 2)}",
        f"প্রকৃত অর্জন* {year_label(start - 1)}",
    ]
    header = [
        [
            *(HeaderCell(t, rowspan=3) for t in fixed),
            HeaderCell(f"লক্ষ্যমাত্রা/নির্ণায়ক {year_label(start)}", colspan=len(levels)),
            HeaderCell(f"প্রক্ষেপণ {long_year_label(start + 1)}", rowspan=3),
            HeaderCell(f"প্রক্ষেপণ {long_year_label(start + 2)}", rowspan=3),
        ],
        names,
        percents,
    ]
    columns = len(fixed) + len(levels) + 2
    rows: list[Row] = []
    kind, seen_area, seen_activity = None, None, None
    for area, activity, indicator in walk(areas):
        if area.kind != kind:
            kind = area.kind
            rows.append(Row([Cell(str(AreaKind(kind).label), colspan=columns)], css="group"))
        first_of_area, first_of_activity = area.pk != seen_area, activity.pk != seen_activity
        seen_area, seen_activity = area.pk, activity.pk
        vt = indicator.value_type
        targets = list(indicator.targets)[: len(levels)]
        targets += [None] * (len(levels) - len(targets))
        rows.append(
            Row(
                [
                    text(f"{bracket(area.code)} {area.title}" if first_of_area else ""),
                    Cell(area.weight, NUMBER) if first_of_area else Cell(),
                    text(f"{bracket(activity.code)} {activity.title}" if first_of_activity else ""),
                    text(f"{bracket(indicator.code)} {indicator.title}"),
                    text(indicator.get_method_display() if indicator.method else ""),
                    text(indicator.unit),
                    Cell(indicator.weight, NUMBER),
                    value_cell(indicator.actual_prev2, vt),
                    value_cell(indicator.actual_prev1, vt),
                    *(value_cell(raw, vt) for raw in targets),
                    value_cell(indicator.projection_next1, vt),
                    value_cell(indicator.projection_next2, vt),
                ]
            )
        )
    widths = [4, 2, 5, 5, 2, 2, 2, 2, 2, *([2] * len(levels)), 2, 2]
    return Table("section3", header, rows, widths, footnote=PROVISIONAL_NOTE)


# ------------------------------------------------------------------------------------------------
# Seeds 002 / 003 / 004: governance plans


def plan_area_rows(plan: GovernancePlan):
    """(item, area caption or "", area marks or None) with the area shown on its first row only."""
    seen = None
    for item in sorted(plan.items.all(), key=lambda i: i.position):
        key = (item.area_code, item.area_title)
        first = key != seen and (item.area_code or item.area_title)
        seen = key
        caption = f"{bracket(item.area_code)} {item.area_title}".strip() if first else ""
        yield item, caption, (item.area_marks if first else None), first


def plan_table(
    plan: GovernancePlan,
    start_year: int,
    *,
    with_progress: bool,
    assessment: dict | None = None,
) -> Table:
    """A plan with level columns (e-Gov, GRS, citizen charter, RTI), else the integrity plan's layout."""
    if not plan.levels:
        return integrity_table(plan, start_year)
    levels = plan.levels
    names, percents = level_header(levels)
    fixed = ["ক্রম", "কর্মসম্পাদন ক্ষেত্র", "মান", "কার্যক্রম", "কর্মসম্পাদন সূচক", "একক", "কর্মসম্পাদন সূচকের মান"]
    extra: list[str] = []
    if with_progress:
        extra = ["অগ্রগতি"]
    if assessment is not None:
        extra = ["বার্ষিক স্ব-মূল্যায়ন (প্রকৃত অর্জন)", "দাবিকৃত স্কোর"]
        if assessment.get("verified"):
            extra.append("যাচাইকৃত স্কোর")
    header = [
        [
            *(HeaderCell(t, rowspan=3) for t in fixed),
            HeaderCell(f"লক্ষ্যমাত্রা {long_year_label(start_year)}", colspan=len(levels)),
            *(HeaderCell(t, rowspan=3) for t in extra),
        ],
        names,
        percents,
        number_row(len(fixed) + len(levels) + len(extra)),
    ]
    rows = []
    serial = 0
    for item, caption, marks, first in plan_area_rows(plan):
        if first:
            serial += 1
        targets = list(item.targets)[: len(levels)] + [None] * max(0, len(levels) - len(item.targets))
        cells = [
            Cell(Decimal(serial), NUMBER) if first else Cell(),
            text(caption),
            Cell(marks, NUMBER) if marks is not None else Cell(),
            text(f"{bracket(item.activity_code)} {item.activity}".strip()),
            text(f"{bracket(item.indicator_code)} {item.indicator}".strip()),
            text(item.unit),
            Cell(item.weight, NUMBER) if item.weight is not None else Cell(),
            *(value_cell(raw, item.target_type, date_style="slash") for raw in targets),
        ]
        if with_progress:
            cells.append(text(item.progress_text))
        if assessment is not None:
            achieved = (
                item.achievement_text
                or typed_cell(item.achievement, item.target_type, date_style="slash").text
            )
            cells.append(text(achieved))
            cells.append(Cell(assessment["claimed"].get(item.pk), SCORE))
            if assessment.get("verified"):
                cells.append(Cell(assessment["verified"].get(item.pk), SCORE))
        rows.append(Row(cells))
    if assessment is not None:
        total = [Cell("মোট", colspan=len(fixed) + len(levels) + 1), Cell(assessment["claimed_total"], SCORE)]
        if assessment.get("verified"):
            total.append(Cell(assessment["verified_total"], SCORE))
        rows.append(Row(total, css="total"))
    widths = [
        1,
        4,
        1,
        5,
        5,
        2,
        2,
        *([2] * len(levels)),
        *([5] if with_progress else []),
        *([3, 2] if assessment is not None else []),
        *([2] if assessment and assessment.get("verified") else []),
    ]
    return Table(f"plan-{plan.kind}", header, rows, widths)


def integrity_table(plan: GovernancePlan, start_year: int) -> Table:
    """Seed 003's NIS plan: a target row and an achievement row per item, with the four quarters."""
    header = [
        [
            HeaderCell("কার্যক্রমের নাম", rowspan=2),
            HeaderCell("কর্মসম্পাদন সূচক", rowspan=2),
            HeaderCell("সূচকের মান", rowspan=2),
            HeaderCell("একক", rowspan=2),
            HeaderCell("বাস্তবায়নের দায়িত্বপ্রাপ্ত ব্যক্তি/পদ", rowspan=2),
            HeaderCell(f"{long_year_label(start_year)} অর্থ বছরের লক্ষ্যমাত্রা", rowspan=2),
            HeaderCell("বাস্তবায়ন অগ্রগতি পরিবীক্ষণ", colspan=6),
            HeaderCell("অর্জিত মান", rowspan=2),
        ],
        [
            HeaderCell(t)
            for t in ("লক্ষ্যমাত্রা /অর্জন", "১ম কোয়ার্টার", "২য় কোয়ার্টার", "৩য় কোয়ার্টার", "৪র্থ কোয়ার্টার", "মোট অর্জন")
        ],
        number_row(13),
    ]
    rows: list[Row] = []
    seen = None
    for item in sorted(plan.items.all(), key=lambda i: i.position):
        if (item.area_code, item.area_title) != seen and item.area_title:
            seen = (item.area_code, item.area_title)
            marks = f" {to_bangla_digits(plain(item.area_marks))}" if item.area_marks is not None else ""
            rows.append(
                Row(
                    [Cell(f"{item.area_code}. {item.area_title}{marks}".strip(". "), colspan=13)], css="group"
                )
            )
        date_type = item.target_type == TargetType.DATE
        quarterly = list(item.quarterly_targets)[:4] + [None] * max(0, 4 - len(item.quarterly_targets))
        achieved = {
            a.quarter: (a.value_date if date_type else a.value_number) for a in item.achievements.all()
        }
        reported = [v for v in achieved.values() if v is not None]
        total_achieved = None
        if reported:
            total_achieved = min(reported) if date_type else sum(reported, Decimal("0"))
        rows.append(
            Row(
                [
                    text(f"{item.activity_code} {item.activity}".strip()),
                    text(item.indicator),
                    Cell(item.weight, NUMBER) if item.weight is not None else Cell(),
                    text(item.unit),
                    text(item.responsible),
                    value_cell(item.annual_target, item.target_type, date_style="slash"),
                    text("লক্ষ্যমাত্রা"),
                    *(value_cell(raw, item.target_type, date_style="slash") for raw in quarterly),
                    value_cell(item.annual_target, item.target_type, date_style="slash"),
                    Cell(),
                ]
            )
        )
        rows.append(
            Row(
                [
                    *(Cell() for _ in range(6)),
                    text("অর্জন"),
                    *(
                        typed_cell(achieved.get(q), item.target_type, date_style="slash")
                        for q in (1, 2, 3, 4)
                    ),
                    typed_cell(total_achieved, item.target_type, date_style="slash"),
                    Cell(item.claimed_score, SCORE) if item.claimed_score is not None else Cell(),
                ],
                css="sub",
            )
        )
    return Table(f"plan-{plan.kind}", header, rows, [5, 4, 1, 2, 3, 2, 2, 2, 2, 2, 2, 2, 2])


def plain(value: Decimal) -> str:
    from .document import plain_number

    return plain_number(value)


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
        blocks.append(plan_table(plan, start, with_progress=bool(plan.levels)))
        sections.append(
            Section(
                f"plan-{plan.kind}", plan.get_kind_display()[:31], blocks, landscape=True, new_page=number > 1
            )
        )
    return new_document(GOVERNANCE, agreement, KIND_TITLES[GOVERNANCE], sections)


# ------------------------------------------------------------------------------------------------
# Seed 001: the quarterly report


def prefixed(prefix: str, code: str) -> str:
    """Seed 001 numbers the governance rows এম.১, এম.১.১ …; codes stored with the prefix keep it once."""
    return code if code.startswith(prefix) else prefix + code


@in_bangla
def build_quarterly(agreement: Agreement, quarter: int) -> Document:
    if quarter not in QUARTER_MONTHS:
        raise ReportUnavailable(gettext_lazy("ত্রৈমাসিক ১ থেকে ৪ এর মধ্যে হতে হবে।"))
    fiscal_year = agreement.fiscal_year
    levels = fiscal_year.levels
    areas = load_areas(agreement, quarter=quarter)
    names, percents = level_header(levels)
    fixed = [
        "ক্রমিক নম্বর",
        "কৌশলগত উদ্দেশ্য",
        "কৌশলগত উদ্দেশ্যের মান",
        "কার্যক্রম",
        "কর্মসম্পাদন সূচক",
        "একক",
        "কর্মসম্পাদন সূচকের মান",
    ]
    extra = ["অর্জন", "প্রমাণক", "মন্তব্য"]
    header = [
        [
            *(HeaderCell(t, rowspan=3) for t in fixed),
            HeaderCell("পরিমাপের মান", colspan=len(levels)),
            *(HeaderCell(t, rowspan=3) for t in extra),
        ],
        names,
        percents,
    ]
    rows, seen_area = [], None
    serial = {AreaKind.OFFICE: 0, AreaKind.GOVERNANCE: 0}
    for area, activity, indicator in walk(areas):
        first = area.pk != seen_area
        seen_area = area.pk
        if first:
            serial[area.kind] += 1
        prefix = "এম." if area.kind == AreaKind.GOVERNANCE else ""
        achievement = next((a for a in indicator.achievements.all() if a.quarter == quarter), None)
        vt = indicator.value_type
        targets = list(indicator.targets)[: len(levels)] + [None] * max(
            0, len(levels) - len(indicator.targets)
        )
        evidence = "\n".join(e.url or e.original_name for e in indicator.evidence.all())
        rows.append(
            Row(
                [
                    text(prefix + to_bangla_digits(serial[area.kind]) if first else ""),
                    text(area.title if first else ""),
                    Cell(area.weight, NUMBER) if first else Cell(),
                    text(f"[{prefixed(prefix, activity.code)}] {activity.title}"),
                    text(f"[{prefixed(prefix, indicator.code)}] {indicator.title}"),
                    text(indicator.unit),
                    Cell(indicator.weight, NUMBER),
                    *(value_cell(raw, vt) for raw in targets),
                    typed_cell(achievement.value if achievement else None, vt),
                    Cell(evidence, css="link"),
                    text(achievement.remarks if achievement else ""),
                ]
            )
        )
    widths = [2, 3, 2, 5, 4, 2, 2, *([2] * len(levels)), 2, 4, 3]
    table = Table("quarterly", header, rows, widths, footnote=PROVISIONAL_NOTE)
    period = f"{year_label(fiscal_year.start_year)} ({QUARTER_MONTHS[quarter]})"
    section = Section(
        "quarterly",
        f"ত্রৈমাসিক {to_bangla_digits(quarter)}",
        [
            Heading(agreement.office.name_bn, 1),
            Heading(KIND_TITLES[QUARTERLY], 2),
            Paragraph(period, css="center"),
            table,
        ],
        landscape=True,
        new_page=False,
    )
    return new_document(QUARTERLY, agreement, KIND_TITLES[QUARTERLY], [section], suffix=f"_q{quarter}")


# ------------------------------------------------------------------------------------------------
# Seed 004: the annual self-assessment


def agreement_is_verified(agreement: Agreement) -> bool:
    return Achievement.objects.filter(
        indicator__agreement=agreement,
        verification_status__in=(VerificationStatus.ACCEPTED, VerificationStatus.CORRECTED),
    ).exists()


def plan_assessment(plan: GovernancePlan, policy: str) -> dict:
    """Claimed score per item: the office's stated score, else the score computed from its achievement; and
    once the supervisor has verified any item of the plan, the verified score per item beside it."""
    from indicators import scores

    result = scores.plan_result(plan, ScoreKind.CLAIMED, policy)
    items = sorted(plan.items.all(), key=lambda i: i.position)
    claimed = {
        item.pk: item.claimed_score if item.claimed_score is not None else item_score.score
        for item, item_score in zip(items, result.score.items, strict=True)
    }
    total = plan.claimed_total if plan.claimed_total is not None else sum(claimed.values(), Decimal("0"))
    if all(item.verification_status == VerificationStatus.PENDING for item in items):
        return {"claimed": claimed, "claimed_total": total, "verified": False}
    verified = scores.plan_result(plan, ScoreKind.VERIFIED, policy).score
    return {
        "claimed": claimed,
        "claimed_total": total,
        "verified": {item.pk: s.score for item, s in zip(items, verified.items, strict=True)},
        "verified_total": verified.score,
    }


@in_bangla
def build_self_assessment(agreement: Agreement) -> Document:
    fiscal_year = agreement.fiscal_year
    levels = fiscal_year.levels
    areas = load_areas(agreement)
    plans = load_plans(agreement)
    verified = agreement_is_verified(agreement)
    sections: list[Section] = []

    letter_plan = next((p for p in plans if p.document.get("type", "").startswith("forwarding_letter")), None)
    if letter_plan is not None:
        doc = letter_plan.document
        sections.append(
            Section(
                "letter",
                "পত্র",
                [
                    Letter(
                        memo_number=doc.get("memo_number", ""),
                        on=date.fromisoformat(doc["date"]) if doc.get("date") else None,
                        subject=doc.get("subject_bn", ""),
                        reference=doc.get("reference_bn", ""),
                        body=doc.get("body_bn", ""),
                        attachments=list(doc.get("attachments_bn") or []),
                    )
                ],
                new_page=False,
            )
        )

    if areas:
        names, percents = level_header(levels)
        fixed = ["কর্মসম্পাদনের ক্ষেত্র", "ক্ষেত্রের মান", "কার্যক্রম", "কর্মসম্পাদন সূচক", "একক", "সূচকের মান"]
        extra = ["বার্ষিক স্ব-মূল্যায়ন (প্রকৃত অর্জন)", "দাবিকৃত স্কোর"] + (["যাচাইকৃত স্কোর"] if verified else [])
        header = [
            [
                *(HeaderCell(t, rowspan=3) for t in fixed),
                HeaderCell(f"লক্ষ্যমাত্রা {long_year_label(fiscal_year.start_year)}", colspan=len(levels)),
                *(HeaderCell(t, rowspan=3) for t in extra),
            ],
            names,
            percents,
            number_row(len(fixed) + len(levels) + len(extra)),
        ]
        rows, seen_area = [], None
        totals = {ScoreKind.CLAIMED: Decimal("0"), ScoreKind.VERIFIED: Decimal("0")}
        for area, activity, indicator in walk(areas):
            first = area.pk != seen_area
            seen_area = area.pk
            stored = {s.kind: s for s in indicator.scores.all()}
            claimed, checked = stored.get(ScoreKind.CLAIMED), stored.get(ScoreKind.VERIFIED)
            vt = indicator.value_type
            targets = list(indicator.targets)[: len(levels)] + [None] * max(
                0, len(levels) - len(indicator.targets)
            )
            annual = (
                value_cell(claimed.annual_value, vt, date_style="slash")
                if claimed and claimed.reported
                else Cell()
            )
            row = [
                text(f"{bracket(area.code)} {area.title}" if first else ""),
                Cell(area.weight, NUMBER) if first else Cell(),
                text(f"{bracket(activity.code)} {activity.title}"),
                text(f"{bracket(indicator.code)} {indicator.title}"),
                text(indicator.unit),
                Cell(indicator.weight, NUMBER),
                *(value_cell(raw, vt, date_style="slash") for raw in targets),
                Cell(annual.value, annual.kind, date_style="slash")
                if indicator.unit != "প্রাপ্ত নম্বর"
                else Cell(claimed.weighted if claimed else None, SCORE),
                Cell(claimed.weighted if claimed else None, SCORE),
            ]
            if claimed:
                totals[ScoreKind.CLAIMED] += claimed.weighted
            if verified:
                row.append(Cell(checked.weighted if checked else None, SCORE))
                if checked:
                    totals[ScoreKind.VERIFIED] += checked.weighted
            rows.append(Row(row))
        total_row = [
            Cell("মোট", colspan=len(fixed) + len(levels) + 1),
            Cell(totals[ScoreKind.CLAIMED], SCORE),
        ]
        if verified:
            total_row.append(Cell(totals[ScoreKind.VERIFIED], SCORE))
        rows.append(Row(total_row, css="total"))
        widths = [4, 2, 5, 5, 2, 2, *([2] * len(levels)), 3, 2, *([2] if verified else [])]
        sections.append(
            Section(
                "agreement",
                "চুক্তির স্ব-মূল্যায়ন",
                [
                    Heading(
                        f"{agreement.office.name_bn}: {KIND_TITLES[SELF_ASSESSMENT]} "
                        f"{year_label(fiscal_year.start_year)}",
                        1,
                    ),
                    Table("self-assessment", header, rows, widths),
                ],
                landscape=True,
                new_page=bool(sections),
            )
        )

    for plan in plans:
        assessment = plan_assessment(plan, fiscal_year.scoring_policy)
        sections.append(
            Section(
                f"plan-{plan.kind}",
                plan.get_kind_display()[:31],
                [
                    Heading(plan_heading(plan, "স্ব-মূল্যায়িত", KIND_TITLES[SELF_ASSESSMENT]), 1),
                    plan_table(plan, fiscal_year.start_year, with_progress=False, assessment=assessment)
                    if plan.levels
                    else integrity_table(plan, fiscal_year.start_year),
                ],
                landscape=True,
                new_page=bool(sections),
            )
        )
    if not sections:
        raise ReportUnavailable(gettext_lazy("এই চুক্তিতে স্ব-মূল্যায়নের জন্য কোনো সূচক বা কর্মপরিকল্পনা নেই।"))
    return new_document(SELF_ASSESSMENT, agreement, KIND_TITLES[SELF_ASSESSMENT], sections)


@in_bangla
def build(kind: str, agreement: Agreement, *, quarter: int | None = None) -> Document:
    if kind == AGREEMENT:
        return build_agreement(agreement)
    if kind == QUARTERLY:
        return build_quarterly(agreement, quarter or 0)
    if kind == SELF_ASSESSMENT:
        return build_self_assessment(agreement)
    if kind == GOVERNANCE:
        return build_governance(agreement)
    raise ValueError(f"unknown report kind {kind!r}")
