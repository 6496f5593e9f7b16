"""The fiscal year's plan templates, their versions and use, and the variant each office level receives."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from agreements.models import (
    AgreementStatus,
    FiscalYear,
    GovernanceAllocation,
    GovernancePlanKind,
    OfficeLevel,
)
from indicators.models import GovernancePlan, GovernancePlanTemplate, PlanTemplateItem

# A template in use by agreements in these states cannot change under them (DESIGN.md section 5: a signed
# version stays frozen; a superseded version was signed before it was revised).
SIGNED_STATUSES = (AgreementStatus.SIGNED, AgreementStatus.ACTIVE, AgreementStatus.SUPERSEDED)
# Variants that are not tied to one office level: "field" (মাঠ পর্যায়, the integrity plan) and "" (all).
GENERAL_VARIANTS = ("", "field")


def templates_of_year(fiscal_year: FiscalYear) -> list[GovernancePlanTemplate]:
    """The current (latest) version of each kind and variant of the year's templates, in Annex order."""
    latest: dict[tuple[str, str], GovernancePlanTemplate] = {}
    for template in GovernancePlanTemplate.objects.filter(fiscal_year=fiscal_year).order_by("-version"):
        latest.setdefault((template.kind, template.variant), template)
    order = {kind: n for n, kind in enumerate(GovernancePlanKind.values)}
    return sorted(latest.values(), key=lambda t: (order.get(t.kind, 99), t.variant))


def template_versions(template: GovernancePlanTemplate) -> QuerySet[GovernancePlanTemplate]:
    return GovernancePlanTemplate.objects.filter(
        fiscal_year_id=template.fiscal_year_id, kind=template.kind, variant=template.variant
    ).order_by("-version")


def template_is_current(template: GovernancePlanTemplate) -> bool:
    return not template_versions(template).filter(version__gt=template.version).exists()


def template_is_locked(template: GovernancePlanTemplate) -> bool:
    """True when a signed agreement's plan was copied from this version: editing must make a new version."""
    return template.plans.filter(agreement__status__in=SIGNED_STATUSES).exists()


def template_usage(template_ids: list[int]) -> dict[int, dict[str, int]]:
    """Per template: its rows, the plans copied from it and how many of those belong to signed agreements
    (three queries, however many templates)."""
    usage = {pk: {"items": 0, "plans": 0, "signed": 0} for pk in template_ids}
    rows = PlanTemplateItem.objects.filter(template_id__in=template_ids).values("template_id")
    for row in rows.annotate(n=Count("id")):
        usage[row["template_id"]]["items"] = row["n"]
    plans = GovernancePlan.objects.filter(template_id__in=template_ids).values("template_id")
    for row in plans.annotate(n=Count("id")):
        usage[row["template_id"]]["plans"] = row["n"]
    for row in plans.filter(agreement__status__in=SIGNED_STATUSES).annotate(n=Count("id")):
        usage[row["template_id"]]["signed"] = row["n"]
    return usage


def choose_variant(
    candidates: dict[str, GovernancePlanTemplate], office_level: str
) -> GovernancePlanTemplate | None:
    """Of one kind's templates by variant, the one an office of `office_level` receives: the variant named
    after its level (upazila offices get the upazila plans of seed 003), else a general one ("" or "field"),
    else the district variant (seed 003 titles its district plans "জেলা/উপজেলা পর্যায়ের", and gives no
    plan of its own to other levels), else any."""
    if office_level in candidates:
        return candidates[office_level]
    for variant in (*GENERAL_VARIANTS, OfficeLevel.DISTRICT):
        if variant in candidates:
            return candidates[variant]
    return next(iter(candidates.values()), None)


def template_for_office(
    fiscal_year: FiscalYear, kind: str, office_level: str
) -> GovernancePlanTemplate | None:
    candidates = {t.variant: t for t in templates_of_year(fiscal_year) if t.kind == kind}
    return choose_variant(candidates, office_level)


def variants_by_level(
    templates: list[GovernancePlanTemplate],
) -> list[tuple[str, list[GovernancePlanTemplate | None]]]:
    """For each office level, the template of each plan kind it receives (None where the year has none),
    as the year's page shows it so that nobody has to work out the rule."""
    by_kind: dict[str, dict[str, GovernancePlanTemplate]] = {kind: {} for kind in GovernancePlanKind.values}
    for template in templates:
        by_kind.setdefault(template.kind, {})[template.variant] = template
    return [
        (str(label), [choose_variant(by_kind[kind], level) for kind in GovernancePlanKind.values])
        for level, label in OfficeLevel.choices
    ]


def template_items(template: GovernancePlanTemplate) -> list[PlanTemplateItem]:
    return list(template.items.order_by("position"))


def allocations_of_year(fiscal_year: FiscalYear) -> dict[str, GovernanceAllocation]:
    return {a.kind: a for a in GovernanceAllocation.objects.filter(fiscal_year=fiscal_year)}
