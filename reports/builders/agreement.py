"""Seed 000: the agreement — cover, contents, overview, preamble, Sections 1-3, pledges and signatures,
Annex 1-3 and the Annex 4-8 plans."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from agreements.models import Agreement, OfficeLevel, SignatureParty
from apa_portal import display
from apa_portal.bangla import format_date_long, to_bangla_digits
from apa_portal.display import in_bangla
from indicators.models import Achievement, Area, AreaKind, ValueType
from indicators.values import encode

from ..document import (
    NUMBER,
    Cell,
    Contents,
    Cover,
    Document,
    HeaderCell,
    Heading,
    ItemList,
    Paragraph,
    Row,
    Section,
    SignatureBlock,
    Signatures,
    Table,
)
from .common import (
    AGREEMENT,
    PROVISIONAL_NOTE,
    bracket,
    level_header,
    load_areas,
    load_plans,
    long_year_label,
    new_document,
    text,
    value_cell,
    walk,
    year_label,
)
from .governance import plan_table

# How seed 000 names a district office in its titles ("জেলা / সার্কেল অফিসের রূপকল্প …"); upazila offices
# sign the same field-office format. Other levels' agreements name no office level in their titles.
OFFICE_LABELS = {
    OfficeLevel.DISTRICT: ("জেলা / সার্কেল অফিসের", "District/Circle Office"),
    OfficeLevel.UPAZILA: ("জেলা / সার্কেল অফিসের", "District/Circle Office"),
}


SECTION2_TITLE = "বিভিন্ন কার্যক্রমের চূড়ান্ত ফলাফল/প্রভাব (Outcome/Impact)"


@in_bangla
def build_agreement(agreement: Agreement) -> Document:
    fiscal_year = agreement.fiscal_year
    start = fiscal_year.start_year
    areas = load_areas(agreement)
    signatures = {s.party: s for s in agreement.signatures.all()}
    plans = load_plans(agreement)
    first, second = agreement.first_party_display, agreement.second_party_display
    office_label, office_label_en = OFFICE_LABELS.get(agreement.office.level, ("", ""))

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
    overview_english = f" (Overview of the Performance of the {office_label_en})" if office_label_en else ""
    sections.append(
        Section(
            "overview",
            "সার্বিক চিত্র",
            [
                Heading(overview_title + overview_english, 1),
                Heading("সাম্প্রতিক অর্জন, চ্যালেঞ্জ এবং ভবিষ্যৎ পরিকল্পনা", 2),
                Paragraph(agreement.recent_achievements, label="সাম্প্রতিক বছরসমূহের (৩ বছর) প্রধান অর্জনসমূহ:"),
                Paragraph(agreement.problems_challenges, label="সমস্যা এবং চ্যালেঞ্জসমূহ:"),
                Paragraph(agreement.future_plans, label="ভবিষ্যৎ পরিকল্পনা:"),
                Paragraph(
                    agreement.expected_achievements,
                    label=f"{year_label(start)} অর্থবছরের সম্ভাব্য প্রধান অর্জনসমূহ:",
                ),
            ],
            contents_title=overview_title,
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
                Heading(SECTION2_TITLE, 2),
                section2_table(agreement),
            ],
            landscape=True,
            # Seed 000 names the office in the contents only, not above the table.
            contents_title=f"সেকশন ২: {office_label} {SECTION2_TITLE}".replace("  ", " "),
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
    achievements = achievements_table(agreement, areas)
    if achievements:
        sections.append(Section("achievements", "ত্রৈমাসিক অর্জন", [achievements], workbook_only=True))

    titled = [s for s in sections if s.key not in ("cover", "contents", "signatures") and not s.workbook_only]
    contents.entries = [(s.contents_title or first_heading(s), s.anchor) for s in titled]
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
                        value_cell(raw, value_type)
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


def achievements_table(agreement: Agreement, areas: list[Area]) -> Table | None:
    """The office's quarterly achievements by indicator, as the agreement import reads them back (sheet
    "ত্রৈমাসিক অর্জন": "[code] title", then the four quarters); None while nothing is reported."""
    values: dict[tuple[int, int], object] = {
        (indicator_id, quarter): value_date if value_date is not None else value_number
        for indicator_id, quarter, value_date, value_number in Achievement.objects.filter(
            indicator__agreement=agreement
        ).values_list("indicator_id", "quarter", "value_date", "value_number")
    }
    if not any(value is not None for value in values.values()):
        return None
    header = [[HeaderCell("কর্মসম্পাদন সূচক"), *(HeaderCell(display.quarter_name(q)) for q in display.QUARTERS)]]
    rows = [
        Row(
            [
                text(f"{bracket(indicator.code)} {indicator.title}"),
                *(
                    value_cell(encode(values.get((indicator.pk, quarter))), indicator.value_type)
                    for quarter in display.QUARTERS
                ),
            ]
        )
        for _area, _activity, indicator in walk(areas)
        if not indicator.governance_kind
    ]
    return Table("achievements", header, rows, [9, 4, 4, 4, 4])


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
    # In half units: the weight, method and projection columns are just wide enough for their longest word
    # ("কর্মসম্পাদনের", "ক্রমপুঞ্জিভূত", "২০২৩-২০২৪"), so that headers break between words.
    widths = [7, 6, 10, 9, 5, 4, 5, 4, 4, *([4] * len(levels)), 5, 5]
    return Table("section3", header, rows, widths, footnote=PROVISIONAL_NOTE)
