"""A new fiscal year set up by an administrator: its calendar, level columns, marks and scoring policy, with
the previous year's templates and governance marks carried over for the administrator to revise."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from agreements.audit import audit_record
from agreements.models import (
    Agreement,
    AgreementStatus,
    FiscalYear,
    GovernanceAllocation,
    GovernanceFramework,
    GovernancePlanKind,
    QuarterWindow,
    User,
)
from apa_portal import display
from apa_portal.bangla import fiscal_year_label
from indicators.governance import selectors
from indicators.governance.services.common import (
    ITEM_FIELDS,
    _json,
    _require_admin,
    texts_for,
    validate_allocation_total,
)
from indicators.models import GovernancePlanTemplate, PlanTemplateItem, TargetType
from indicators.scores import refresh_scores

CALENDAR_FIELDS = (
    "drafting_opens_on",
    "signing_deadline",
    "revision_deadline",
    "half_yearly_feedback_deadline",
    "self_assessment_deadline",
    "evaluation_publish_deadline",
)


@dataclass(frozen=True)
class QuarterDates:
    opens_on: date
    closes_on: date
    report_deadline: date


def shift_years(day: date, years: int) -> date:
    """The same day `years` later; 29 February becomes the 28th in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def validate_quarters(fiscal_year: FiscalYear, quarters: list[QuarterDates]) -> None:
    """Four windows in order inside the fiscal year, each report due on or after its window closes."""
    errors = []
    previous_close = None
    for number, window in enumerate(quarters, start=1):
        name = display.quarter_name(number)
        if window.closes_on < window.opens_on:
            errors.append(_("%(q)s: শেষের তারিখ শুরুর তারিখের আগে।") % {"q": name})
        if window.opens_on < fiscal_year.starts_on or window.closes_on > fiscal_year.ends_on:
            errors.append(_("%(q)s: সময়সূচি অর্থবছরের (১ জুলাই – ৩০ জুন) মধ্যে হতে হবে।") % {"q": name})
        if previous_close is not None and window.opens_on <= previous_close:
            errors.append(_("%(q)s: আগের ত্রৈমাসিক শেষ হওয়ার পর শুরু হতে হবে।") % {"q": name})
        if window.report_deadline < window.closes_on:
            errors.append(_("%(q)s: প্রতিবেদন দাখিলের শেষ তারিখ ত্রৈমাসিক শেষ হওয়ার আগে হতে পারে না।") % {"q": name})
        previous_close = window.closes_on
    if len(quarters) != 4:
        errors.append(_("চারটি ত্রৈমাসিকের সময়সূচি দিন।"))
    if errors:
        raise ValidationError({"quarters": errors})


def validate_calendar(fiscal_year: FiscalYear) -> None:
    """The calendar's dates in the order the year runs (DESIGN.md section 5), where both are given."""
    order = [
        (fiscal_year.drafting_opens_on, fiscal_year.signing_deadline, "signing_deadline"),
        (fiscal_year.starts_on, fiscal_year.revision_deadline, "revision_deadline"),
        (fiscal_year.revision_deadline, fiscal_year.ends_on, "revision_deadline"),
        (fiscal_year.ends_on, fiscal_year.self_assessment_deadline, "self_assessment_deadline"),
        (
            fiscal_year.self_assessment_deadline,
            fiscal_year.evaluation_publish_deadline,
            "evaluation_publish_deadline",
        ),
    ]
    errors: dict[str, str] = {}
    for earlier, later, name in order:
        if earlier is not None and later is not None and later < earlier:
            errors.setdefault(name, _("তারিখটি বছরের অন্য ধাপগুলোর সাথে ক্রমে মেলে না।"))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def fiscal_year_create(
    *,
    start_year: int,
    levels: list[dict],
    office_area_marks: Decimal,
    governance_area_marks: Decimal,
    scoring_policy: str,
    governance_framework: str = GovernanceFramework.ACTION_PLANS,
    calendar: dict[str, date | None],
    quarters: list[QuarterDates],
    allocations: dict[str, Decimal],
    copy_templates_from: FiscalYear | None,
    actor: User | None,
) -> FiscalYear:
    """Create the fiscal year starting 1 July `start_year` with its calendar, quarter windows, level columns,
    marks, scoring policy and governance framework, and, where the framework has the five plans, each plan's
    marks; with `copy_templates_from`, that year's current templates become this year's (version 1). All or
    nothing: any error leaves no trace."""
    _require_admin(actor)
    if FiscalYear.objects.filter(start_year=start_year).exists():
        raise ValidationError({"start_year": _("এই অর্থবছর আগেই আছে।")})
    fiscal_year = FiscalYear(
        start_year=start_year,
        levels=levels,
        office_area_marks=office_area_marks,
        governance_area_marks=governance_area_marks,
        scoring_policy=scoring_policy,
        governance_framework=governance_framework,
        **{name: calendar.get(name) for name in CALENDAR_FIELDS},
    )
    fiscal_year.full_clean()
    validate_calendar(fiscal_year)
    validate_quarters(fiscal_year, quarters)
    if fiscal_year.has_action_plans:
        validate_allocation_total(allocations, governance_area_marks)
    else:
        # Mandatory objectives are the agreements' own rows: no plan carries marks that year.
        allocations = {}
    fiscal_year.save()
    for number, window in enumerate(quarters, start=1):
        row = QuarterWindow(
            fiscal_year=fiscal_year,
            quarter=number,
            opens_on=window.opens_on,
            closes_on=window.closes_on,
            report_deadline=window.report_deadline,
        )
        row.full_clean()
        row.save()
    names = {}
    if copy_templates_from is not None:
        names = {a.kind: a.name_bn for a in selectors.allocations_of_year(copy_templates_from).values()}
    for position, kind in enumerate(GovernancePlanKind.values, start=1):
        if kind not in allocations:
            continue
        allocation = GovernanceAllocation(
            fiscal_year=fiscal_year,
            kind=kind,
            name_bn=names.get(kind) or str(GovernancePlanKind(kind).label),
            marks=allocations[kind],
            position=position,
        )
        allocation.full_clean()
        allocation.save()
    copied = []
    if copy_templates_from is not None:
        copied = templates_copy(source=copy_templates_from, target=fiscal_year, actor=actor)
    audit_record(
        actor=actor,
        action="fiscal_year_create",
        obj=fiscal_year,
        after={
            "start_year": start_year,
            "levels": levels,
            "office_area_marks": str(office_area_marks),
            "governance_area_marks": str(governance_area_marks),
            "scoring_policy": scoring_policy,
            "governance_framework": governance_framework,
            **{name: _json(getattr(fiscal_year, name)) for name in CALENDAR_FIELDS},
            "quarters": [[_json(d) for d in (q.opens_on, q.closes_on, q.report_deadline)] for q in quarters],
            "allocations": {kind: str(marks) for kind, marks in allocations.items()},
            "templates_from": copy_templates_from.start_year if copy_templates_from else None,
            "templates": [t.pk for t in copied],
        },
    )
    return fiscal_year


# An agreement in one of these has been signed by at least its office's head: its score rules are settled.
SIGNED_STATUSES = (AgreementStatus.SIGNED, AgreementStatus.ACTIVE, AgreementStatus.SUPERSEDED)


@transaction.atomic
def fiscal_year_policy_change(
    *,
    fiscal_year: FiscalYear,
    scoring_policy: str,
    governance_framework: str,
    reason: str,
    actor: User | None,
) -> FiscalYear:
    """Correct a year's scoring policy or governance framework chosen by mistake, with a reason, while no
    agreement of the year is signed; every agreement's stored scores are recomputed under the new rule."""
    _require_admin(actor)
    fiscal_year = FiscalYear.objects.select_for_update().get(pk=fiscal_year.pk)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("পরিবর্তনের কারণ লিখুন।")})
    before = {
        "scoring_policy": fiscal_year.scoring_policy,
        "governance_framework": fiscal_year.governance_framework,
    }
    after = {"scoring_policy": scoring_policy, "governance_framework": governance_framework}
    if before == after:
        return fiscal_year
    agreements = Agreement.objects.filter(fiscal_year=fiscal_year)
    if (
        agreements.filter(status__in=SIGNED_STATUSES).exists()
        or agreements.filter(signatures__isnull=False).exists()
    ):
        raise ValidationError(
            _(
                "%(year)s অর্থবছরের অন্তত একটি চুক্তি স্বাক্ষরিত হয়েছে; এখন স্কোর গণনার নীতি বা সুশাসন "
                "অংশের কাঠামো বদলানো যায় না।"
            )
            % {"year": display.fiscal_year(fiscal_year.start_year)}
        )
    fiscal_year.scoring_policy = scoring_policy
    fiscal_year.governance_framework = governance_framework
    fiscal_year.full_clean()
    fiscal_year.save(update_fields=["scoring_policy", "governance_framework"])
    for agreement in agreements.select_related("fiscal_year"):
        refresh_scores(agreement=agreement)
    audit_record(
        actor=actor,
        action="fiscal_year_policy_change",
        obj=fiscal_year,
        before=before,
        after={**after, "agreements": agreements.count()},
        reason=reason,
    )
    return fiscal_year


def relabel(text: str, source: int, target: int) -> str:
    """The fiscal year named in a title ("২০২৪-২৫", "২০২৪-২০২৫", "2024-25") moved to `target`."""
    for bangla in (True, False):
        for long in (True, False):
            text = text.replace(
                fiscal_year_label(source, bangla=bangla, long=long),
                fiscal_year_label(target, bangla=bangla, long=long),
            )
    return text


def shifted_item(item: PlanTemplateItem, source: int, target: int) -> dict[str, Any]:
    """A template row's fields for the year starting in `target`: the fiscal year its wording names and its
    date targets move with the year, and a transcribed target text stays only beside a value that did not
    move."""
    years = target - source
    fields = {name: getattr(item, name) for name in ITEM_FIELDS}
    for name in ("area_title", "activity", "indicator"):
        fields[name] = relabel(fields[name], source, target)
    if item.target_type == TargetType.DATE and years:

        def move(raw: str | None) -> str | None:
            return shift_years(date.fromisoformat(raw), years).isoformat() if raw else raw

        fields["targets"] = [move(t) for t in item.targets]
        fields["quarterly_targets"] = [move(t) for t in item.quarterly_targets]
        fields["annual_target"] = move(item.annual_target or None) or ""
        moved = copy.copy(item)
        for name in ("targets", "quarterly_targets", "annual_target"):
            setattr(moved, name, fields[name])
        fields["annual_target_text"], fields["quarterly_targets_text"] = texts_for(moved, item)
    return fields


def templates_copy(
    *, source: FiscalYear, target: FiscalYear, actor: User | None
) -> list[GovernancePlanTemplate]:
    """The source year's current templates as version 1 of the target year's, each audited."""
    copied = []
    for template in selectors.templates_of_year(source):
        new = GovernancePlanTemplate(
            fiscal_year=target,
            kind=template.kind,
            variant=template.variant,
            version=1,
            title_bn=relabel(template.title_bn, source.start_year, target.start_year),
            levels=template.levels,
            total_marks=template.total_marks,
            notes_bn=relabel(template.notes_bn, source.start_year, target.start_year),
            example_office_bn=template.example_office_bn,
        )
        new.full_clean()
        new.save()
        PlanTemplateItem.objects.bulk_create(
            PlanTemplateItem(
                template=new,
                position=item.position,
                **shifted_item(item, source.start_year, target.start_year),
            )
            for item in selectors.template_items(template)
        )
        audit_record(
            actor=actor,
            action="governance_template_copy",
            obj=new,
            before={"template": template.pk, "fiscal_year": source.start_year, "version": template.version},
            after={"template": new.pk, "fiscal_year": target.start_year, "version": 1},
        )
        copied.append(new)
    return copied
