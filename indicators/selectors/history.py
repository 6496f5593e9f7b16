"""History: every recorded change of an indicator, its achievements, evidence and quarterly reports."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from agreements.audit import READ_ACTIONS
from agreements.models import AuditEntry
from evidence.models import EvidenceItem

from ..models import Achievement, Indicator


def indicator_history(indicator: Indicator) -> QuerySet[AuditEntry]:
    """Every recorded change of the indicator (its calculation method completed), of its achievements and
    evidence, and of its agreement's quarterly reports (submitted, reopened, accepted, returned: they lock
    and unlock its values), newest first."""

    achievement_ids = [
        str(pk) for pk in Achievement.objects.filter(indicator=indicator).values_list("pk", flat=True)
    ]
    evidence_ids = [
        str(pk) for pk in EvidenceItem.objects.filter(indicator=indicator).values_list("pk", flat=True)
    ]
    return (
        AuditEntry.objects.filter(
            Q(object_type="indicators.indicator", object_id=str(indicator.pk))
            | Q(object_type="indicators.achievement", object_id__in=achievement_ids)
            | Q(object_type="evidence.evidenceitem", object_id__in=evidence_ids)
            | Q(object_type="indicators.quarterlyreport", agreement_id=indicator.agreement_id)
        )
        .exclude(action__in=READ_ACTIONS)
        .select_related("actor")
        .order_by("-at", "-id")
    )
