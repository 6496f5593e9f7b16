"""Seed 004: the annual self-assessment — the forwarding letter, the agreement's claimed (and verified) scores
and each plan's self-assessment with its signatories."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils.translation import gettext_lazy

from agreements.models import Agreement
from apa_portal.display import in_bangla
from indicators import scores
from indicators.models import Achievement, GovernancePlan, ScoreKind, VerificationStatus

from ..document import (
    NUMBER,
    SCORE,
    Cell,
    Document,
    HeaderCell,
    Heading,
    Letter,
    Row,
    Section,
    Signatories,
    Signatory,
    Table,
)
from .common import (
    KIND_TITLES,
    SELF_ASSESSMENT,
    ReportUnavailable,
    bracket,
    level_header,
    load_areas,
    load_plans,
    long_year_label,
    new_document,
    number_row,
    text,
    value_cell,
    walk,
    year_label,
)
from .governance import plan_heading, plan_table


def agreement_is_verified(agreement: Agreement) -> bool:
    return Achievement.objects.filter(
        indicator__agreement=agreement,
        verification_status__in=(VerificationStatus.ACCEPTED, VerificationStatus.CORRECTED),
    ).exists()


def plan_assessment(plan: GovernancePlan, policy: str) -> dict:
    """Claimed score per item: the office's stated score, else the score computed from its achievement; and
    once the supervisor has verified any item of the plan, the verified score per item beside it."""

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


def iso_date(raw: str | None) -> date | None:
    return date.fromisoformat(raw) if raw else None


def signatory(person: dict | None) -> Signatory | None:
    """A signature as `GovernancePlan.document` records it (seed 004's letter and report)."""
    if not person:
        return None
    return Signatory(
        name=person.get("name_bn") or "",
        title=person.get("title_bn") or "",
        office=person.get("office_bn") or "",
        signed_on=iso_date(person.get("signed_on")),
        signed_on_text=person.get("signed_on_text") or "",
    )


def forwarding_letter(doc: dict) -> Letter:
    """Seed 004's forwarding letter from the plan's recorded document: every part the seed prints."""
    return Letter(
        memo_number=doc.get("memo_number", ""),
        on=iso_date(doc.get("date")),
        subject=doc.get("subject_bn", ""),
        reference=doc.get("reference_bn", ""),
        body=doc.get("body_bn", ""),
        attachments=list(doc.get("attachments_bn") or []),
        signatory=signatory(doc.get("signed_by")),
        addressee=doc.get("addressee_bn", ""),
        phone=doc.get("phone_text", ""),
        copy_memo_number=doc.get("copy_memo_number", ""),
        copy_on=iso_date(doc.get("copy_date")),
        copy_to=list(doc.get("copy_to_bn") or []),
        copy_signatory=signatory(doc.get("copy_signed_by")),
    )


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
        sections.append(Section("letter", "পত্র", [forwarding_letter(letter_plan.document)], new_page=False))

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
            annual = value_cell(claimed.annual_value, vt) if claimed and claimed.reported else Cell()
            row = [
                text(f"{bracket(area.code)} {area.title}" if first else ""),
                Cell(area.weight, NUMBER) if first else Cell(),
                text(f"{bracket(activity.code)} {activity.title}"),
                text(f"{bracket(indicator.code)} {indicator.title}"),
                text(indicator.unit),
                Cell(indicator.weight, NUMBER),
                *(value_cell(raw, vt) for raw in targets),
                Cell(annual.value, annual.kind)
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
        blocks = [
            Heading(plan_heading(plan, "স্ব-মূল্যায়িত", KIND_TITLES[SELF_ASSESSMENT]), 1),
            plan_table(plan, fiscal_year.start_year, with_progress=False, assessment=assessment),
        ]
        people = [signatory(person) for person in plan.document.get("report_signatories") or []]
        if people:
            blocks.append(Signatories(people))
        sections.append(
            Section(
                f"plan-{plan.kind}",
                plan.get_kind_display()[:31],
                blocks,
                landscape=True,
                new_page=bool(sections),
            )
        )
    if not sections:
        raise ReportUnavailable(gettext_lazy("এই চুক্তিতে স্ব-মূল্যায়নের জন্য কোনো সূচক বা কর্মপরিকল্পনা নেই।"))
    return new_document(SELF_ASSESSMENT, agreement, KIND_TITLES[SELF_ASSESSMENT], sections)
