"""Rankings: current agreements by stored score."""

from __future__ import annotations

from django.db.models import QuerySet

from agreements.models import FiscalYear, Office

from ..models import AgreementScore


def ranking(
    *, fiscal_year: FiscalYear, kind: str, supervisor_office: Office | None = None
) -> QuerySet[AgreementScore]:
    """Current agreements by stored score, best first: one indexed query, however many offices."""
    queryset = AgreementScore.objects.filter(fiscal_year=fiscal_year, kind=kind, agreement__is_current=True)
    if supervisor_office is not None:
        queryset = queryset.filter(supervisor_office=supervisor_office)
    return queryset.select_related("agreement__office", "agreement__fiscal_year").order_by(
        "-total", "agreement__office__name_bn"
    )
