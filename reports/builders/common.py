"""What every document builder shares: the report kinds, typed cells from stored values, the headers' level
columns and year labels, and the reads (areas → activities → indicators; governance plans) done once per
document."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.db.models import Prefetch
from django.utils import timezone

from agreements.models import Agreement, GovernancePlanKind
from apa_portal.bangla import format_date_long, to_bangla_digits
from evidence.models import EvidenceItem
from indicators.models import (
    Achievement,
    Area,
    GovernancePlan,
    IndicatorScore,
    PlanItem,
    PlanItemAchievement,
    TargetType,
    ValueType,
)

from ..document import DATE, NUMBER, PERCENT, Cell, Document, HeaderCell, Section, plain_number

AGREEMENT, QUARTERLY, SELF_ASSESSMENT, GOVERNANCE = "agreement", "quarterly", "self-assessment", "governance"


KINDS = (AGREEMENT, QUARTERLY, SELF_ASSESSMENT, GOVERNANCE)


KIND_TITLES = {
    AGREEMENT: "বার্ষিক কর্মসম্পাদন চুক্তি",
    QUARTERLY: "ত্রৈমাসিক অর্জন প্রতিবেদন",
    SELF_ASSESSMENT: "বার্ষিক স্ব-মূল্যায়িত প্রতিবেদন",
    GOVERNANCE: "সুশাসন কর্মপরিকল্পনার অগ্রগতি",
}


PROVISIONAL_NOTE = "*সাময়িক (provisional) তথ্য"


class ReportUnavailable(Exception):
    """The agreement has nothing to put in this report. The message is lazy: it is read in the language of
    the user it is shown to, not in the documents' Bangla."""


def _decimal(raw: str) -> Decimal | None:
    try:
        number = Decimal(raw)
    except (InvalidOperation, TypeError):
        return None
    return number if number.is_finite() else None


def value_cell(raw: str | None, value_type: str = "") -> Cell:
    """A stored value (ASCII decimal or ISO date, see `indicators.values`) as a typed cell."""
    if raw is None or raw == "":
        return Cell()
    if value_type == ValueType.DATE or (not value_type and len(raw) == 10 and raw[4] == "-"):
        try:
            return Cell(date.fromisoformat(raw), DATE)
        except ValueError:
            return Cell(raw)
    number = _decimal(raw)
    if number is None:
        return Cell(raw)
    return Cell(number, PERCENT if value_type in (ValueType.PERCENT, TargetType.PERCENT) else NUMBER)


def typed_cell(value, value_type: str = "") -> Cell:
    if value is None:
        return Cell()
    if isinstance(value, date):
        return Cell(value, DATE)
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


def live_evidence():
    return EvidenceItem.objects.filter(removed_at__isnull=True)


def load_areas(agreement: Agreement, *, quarter: int | None = None) -> list[Area]:
    """Areas → activities → indicators (with achievements, Annex 3 rows, stored scores and, for one quarter,
    its evidence), in document order."""
    evidence = live_evidence().filter(quarter=quarter) if quarter else EvidenceItem.objects.none()
    return list(
        Area.objects.filter(agreement=agreement).with_tree(
            Prefetch("achievements", queryset=Achievement.objects.order_by("quarter")),
            "related_offices",
            Prefetch("scores", queryset=IndicatorScore.objects.all()),
            Prefetch("evidence", queryset=evidence.order_by("uploaded_at", "id")),
        )
    )


def walk(areas: list[Area]):
    """(area, activity, indicator) in document order."""
    for area in areas:
        for activity in sorted(area.activities.all(), key=lambda a: a.position):
            for indicator in sorted(activity.indicators.all(), key=lambda i: i.position):
                yield area, activity, indicator


def load_plans(agreement: Agreement) -> list[GovernancePlan]:
    """The agreement's plans in Annex order (4 integrity … 8 right to information), with their items'
    quarterly achievements and live evidence."""
    items = PlanItem.objects.order_by("position").prefetch_related(
        Prefetch("achievements", queryset=PlanItemAchievement.objects.order_by("quarter")),
        Prefetch("evidence", queryset=live_evidence().order_by("uploaded_at", "id")),
    )
    plans = GovernancePlan.objects.filter(agreement=agreement).select_related("agreement__office")
    annex = {kind: n for n, kind in enumerate(GovernancePlanKind.values)}
    plans = plans.prefetch_related(Prefetch("items", queryset=items))
    return sorted(plans, key=lambda plan: annex.get(plan.kind, 99))


def footer_left(agreement: Agreement) -> str:
    if agreement.final_submission_at:
        return "চূড়ান্ত দাখিলের সময়: " + format_date_long(agreement.final_submission_at)
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


def evidence_text(evidence) -> str:
    return "\n".join(e.url or e.original_name for e in evidence)


def plain(value: Decimal) -> str:

    return plain_number(value)
