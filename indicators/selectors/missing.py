"""Submission: what a quarter's report still lacks (values, evidence, a calculation method)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q

from agreements.models import Agreement
from evidence.models import EvidenceItem

from ..models import Achievement, Indicator, ValueType
from .entry import EntryPage


@dataclass(frozen=True)
class Gap:
    indicator: Indicator
    lacks_value: bool
    lacks_evidence: bool
    # No value can be entered: the agreement gives no calculation method (see blocked_reason).
    blocked: bool = False


def report_gaps(page: EntryPage) -> list[Gap]:
    """Indicators the office must still give a value or evidence for (governance rows excluded: their
    value comes from the plans), those whose value cannot be entered for want of a method marked."""
    gaps = []
    for row in page.rows:
        if row.is_governance:
            continue
        current = row.current
        lacks_value = current is None or current.value is None
        lacks_evidence = not row.evidence
        if lacks_value or lacks_evidence:
            gaps.append(
                Gap(row.indicator, lacks_value, lacks_evidence, lacks_value and row.blocked_by_method)
            )
    return gaps


@dataclass(frozen=True)
class Missing:
    """What the office still owes for a quarter: indicators to report, those lacking a value it can enter,
    those lacking evidence, and those whose value cannot be entered for want of a calculation method."""

    to_report: int = 0
    lacking_value: int = 0
    lacking_evidence: int = 0
    blocked: int = 0


def missing_counts(agreement: Agreement, quarter: int) -> Missing:
    """The home page's counts (see Missing), in four queries."""

    office = Indicator.objects.filter(agreement=agreement, governance_kind="").exclude(
        value_type=ValueType.SCORE
    )
    count = office.count()
    valued = Achievement.objects.filter(Q(value_number__isnull=False) | Q(value_date__isnull=False))
    with_value = valued.filter(indicator__in=office, quarter=quarter).count()
    with_evidence = (
        EvidenceItem.objects.filter(indicator__in=office, quarter=quarter, removed_at__isnull=True)
        .values("indicator")
        .distinct()
        .count()
    )
    # As blocked_reason: no method, a value in another quarter, and none yet in this one.
    of_indicator = valued.filter(indicator=OuterRef("pk"))
    blocked = (
        office.filter(method="")
        .filter(Exists(of_indicator.exclude(quarter=quarter)))
        .exclude(Exists(of_indicator.filter(quarter=quarter)))
        .count()
    )
    return Missing(count, count - with_value - blocked, count - with_evidence, blocked)
