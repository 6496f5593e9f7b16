"""The office's home page: its current agreements with the open quarter, the score and what is missing."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from agreements.models import Agreement
from agreements.selectors import OFFICE_ROLES, offices_of

from ..models import AgreementScore, Area, AreaKind, ScoreKind
from .missing import Missing, missing_counts
from .quarters import QuarterState, open_quarter


@dataclass(frozen=True)
class AreaBar:
    code: str
    title: str
    weight: Decimal
    total: Decimal
    kind: str = AreaKind.OFFICE

    @property
    def percent(self) -> Decimal:
        return min(self.total / self.weight * 100, Decimal(100)) if self.weight else Decimal(0)


@dataclass(frozen=True)
class HomeCard:
    """One of the user's own office's current agreements: its open quarter, its score and what is missing."""

    agreement: Agreement
    state: QuarterState | None
    total: Decimal | None
    bars: list[AreaBar]
    missing: Missing = field(default_factory=Missing)

    # Each area takes two lines of the chart: its name, then its bar.
    @property
    def chart_rows(self) -> list[tuple[AreaBar, int]]:
        return [(bar, index * 36) for index, bar in enumerate(self.bars)]

    @property
    def chart_height(self) -> int:
        return len(self.bars) * 36 + 4


def office_home_cards(user, *, today: date | None = None) -> list[HomeCard]:
    """The current agreements of the offices where `user` is focal point or head, newest year first."""

    offices = offices_of(user, *OFFICE_ROLES)
    if not offices:
        return []
    agreements = (
        Agreement.objects.filter(office__in=offices, is_current=True)
        .select_related("office", "fiscal_year", "supervisor_office")
        .order_by("-fiscal_year__start_year", "office__name_bn")[:5]
    )
    cards = []
    for agreement in agreements:
        state = open_quarter(agreement, today=today)
        score = AgreementScore.objects.filter(agreement=agreement, kind=ScoreKind.PROGRESS).first()
        totals = score.area_totals if score else {}
        bars = [
            AreaBar(area.code, area.title, area.weight, Decimal(totals.get(str(area.pk), "0")), area.kind)
            for area in Area.objects.filter(agreement=agreement).order_by("position")
        ]
        missing = missing_counts(agreement, state.quarter) if state else Missing()
        cards.append(HomeCard(agreement, state, score.total if score else None, bars, missing))
    return cards
