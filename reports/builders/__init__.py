"""Builders: one agreement's data, read in a fixed number of queries, turned into a `Document` shaped like the
seed documents (000 agreement, 001 quarterly report, 004 self-assessment, 002/003 governance plans).

Documents are Bangla whatever the reader's interface language: each builder runs under Bangla, so the choice
labels, explanations and numbers it takes from the rest of the project are Bangla too.

One module per document (`agreement`, `quarterly`, `self_assessment`, `governance`) and what they share
(`common`); the public names are re-exported here."""

from __future__ import annotations

from agreements.models import Agreement
from apa_portal.display import in_bangla

from ..document import Document
from .agreement import build_agreement
from .common import AGREEMENT, GOVERNANCE, KIND_TITLES, KINDS, QUARTERLY, SELF_ASSESSMENT, ReportUnavailable
from .governance import build_governance, plan_table
from .quarterly import build_quarterly
from .self_assessment import build_self_assessment, plan_assessment

__all__ = [
    "AGREEMENT",
    "GOVERNANCE",
    "KINDS",
    "KIND_TITLES",
    "QUARTERLY",
    "SELF_ASSESSMENT",
    "ReportUnavailable",
    "build",
    "build_agreement",
    "build_governance",
    "build_quarterly",
    "build_self_assessment",
    "plan_assessment",
    "plan_table",
]


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
