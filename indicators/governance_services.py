"""Writes for the governance action plans (Annex 4-8): templates and their versions, the marks each plan
carries, an agreement's plans copied from the templates, the office's drafting edits, quarterly
achievements and their evidence.

Every service is keyword-only, runs in one transaction, validates with full_clean(), writes its audit row in
that transaction and, where a plan value changes, refreshes the agreement's stored scores in it too.
"""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.models import (
    Agreement,
    FiscalYear,
    GovernanceAllocation,
    GovernancePlanKind,
    Role,
    User,
    validate_levels,
)
from agreements.selectors import is_administrator, roles_for
from agreements.services import audit_record
from apa_portal.bangla import format_number, parse_date, parse_decimal

from . import governance_selectors as selectors
from . import scoring, values
from .models import (
    GovernancePlan,
    GovernancePlanTemplate,
    PlanItem,
    PlanItemAchievement,
    PlanItemScoring,
    PlanTemplateItem,
    QuarterlyReport,
    QuarterlyReportStatus,
    TargetType,
)

OFFICE_ROLES = (Role.FOCAL_POINT, Role.OFFICE_HEAD)
MAX_EVIDENCE_BYTES = 20 * 1024 * 1024

TEMPLATE_FIELDS = ("title_bn", "levels", "total_marks", "notes_bn", "example_office_bn")
# What a template row holds; an agreement's plan item copies these from its template.
ITEM_FIELDS = (
    "area_code",
    "area_title",
    "area_marks",
    "serial",
    "activity_code",
    "activity",
    "indicator_code",
    "indicator",
    "unit",
    "target_type",
    "scoring",
    "weight",
    "targets",
    "responsible",
    "annual_target",
    "quarterly_targets",
)


def _refresh(agreement: Agreement) -> None:
    from .scores import refresh_scores

    refresh_scores(agreement=agreement)


def _require_admin(actor: User | None) -> None:
    if actor is not None and not is_administrator(actor):
        raise PermissionDenied(_("কেবল প্রশাসক সুশাসন কর্মপরিকল্পনার ছক সম্পাদনা করতে পারেন।"))


def _require_office(actor: User | None, agreement: Agreement) -> None:
    if actor is not None and not roles_for(actor, agreement) & set(OFFICE_ROLES):
        raise PermissionDenied(_("এই কাজের অনুমতি আপনার নেই।"))


def _lock(agreement: Agreement) -> Agreement:
    """The agreement re-read under a row lock, so that its status is the one the write relies on."""
    return (
        Agreement.objects.select_for_update(of=("self",))
        .select_related("office", "fiscal_year")
        .get(pk=agreement.pk)
    )


def _item_snapshot(item: PlanItem | PlanTemplateItem) -> dict[str, Any]:
    return {name: _json(getattr(item, name)) for name in ITEM_FIELDS}


def _json(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


# ------------------------------------------------------------------------------------------------
# Validation shared by templates and plans


def validate_item_targets(
    item: PlanItem | PlanTemplateItem, levels: list[dict], *, require_filled: bool = False
) -> None:
    """Targets fit the item's type and scoring: level targets line up with the plan's columns in one
    direction; a single-target item has a positive number or a date. Raises a Bangla ValidationError."""
    errors: dict[str, str] = {}
    kind = selectors.value_type(item)
    try:
        decoded = [values.decode(t, kind) for t in item.targets]
        quarterly = [values.decode(t, kind) for t in item.quarterly_targets]
        annual = values.decode(item.annual_target or None, kind)
    except ValueError:
        raise ValidationError(_("লক্ষ্যমাত্রা সূচকের ধরনের সাথে মেলে না।")) from None
    if item.scoring == PlanItemScoring.LEVELS:
        if len(decoded) > len(levels):
            errors["targets"] = _("লক্ষ্যমাত্রার কলাম কর্মপরিকল্পনার কলামের চেয়ে বেশি।")
        elif any(t is not None for t in decoded):
            padded = decoded + [None] * (len(levels) - len(decoded))
            try:
                scoring.target_direction(padded, tuple(c["percent"] for c in levels))
            except scoring.TargetOrderError:
                errors["targets"] = _("লক্ষ্যমাত্রাগুলো কলাম অনুযায়ী একই দিকে ক্রমানুসারে নেই।")
            except ValueError:
                errors["targets"] = _("লক্ষ্যমাত্রা সঠিক নয়।")
        elif require_filled:
            errors["targets"] = _("অন্তত একটি কলামে লক্ষ্যমাত্রা দিন।")
        if not levels:
            errors["scoring"] = _("এই কর্মপরিকল্পনায় লক্ষ্যমাত্রার কলাম নেই; একক লক্ষ্যমাত্রার গণনা বেছে নিন।")
    else:
        if len(quarterly) not in (0, 4):
            errors["quarterly_targets"] = _("চার ত্রৈমাসিকের লক্ষ্যমাত্রা দিন (ফাঁকা রাখা যায়)।")
        if item.scoring == PlanItemScoring.DATE_BOUND and item.target_type != TargetType.DATE:
            errors["target_type"] = _("নির্ধারিত তারিখের সূচকের লক্ষ্যমাত্রার ধরন 'তারিখ' হতে হবে।")
        if item.scoring == PlanItemScoring.PROPORTIONAL and item.target_type == TargetType.DATE:
            errors["target_type"] = _("অনুপাতে গণনার সূচকের লক্ষ্যমাত্রা সংখ্যা বা শতাংশ হতে হবে।")
        numbers = [v for v in [*quarterly, annual] if v is not None and not isinstance(v, date)]
        if any(v < 0 for v in numbers):
            errors["quarterly_targets"] = _("লক্ষ্যমাত্রা ঋণাত্মক হতে পারে না।")
        if require_filled and annual is None and not any(v is not None for v in quarterly):
            errors["annual_target"] = _("বার্ষিক বা ত্রৈমাসিক লক্ষ্যমাত্রা দিন।")
    if item.target_type == TargetType.PERCENT:
        numbers = [v for v in [*decoded, *quarterly, annual] if v is not None and not isinstance(v, date)]
        if any(v > 100 for v in numbers):
            errors.setdefault("targets", _("শতাংশ ১০০-এর বেশি হতে পারে না।"))
    if errors:
        raise ValidationError(errors)


# ------------------------------------------------------------------------------------------------
# Templates (administrators)


@transaction.atomic
def template_create(
    *,
    fiscal_year: FiscalYear,
    kind: str,
    variant: str,
    title_bn: str,
    levels: list[dict],
    total_marks: Decimal,
    notes_bn: str = "",
    actor: User | None,
) -> GovernancePlanTemplate:
    """A new template (version 1) for a kind and variant the year does not have yet."""
    _require_admin(actor)
    if GovernancePlanTemplate.objects.filter(fiscal_year=fiscal_year, kind=kind, variant=variant).exists():
        raise ValidationError(
            {"variant": _("এই অর্থবছরে এই কর্মপরিকল্পনার এই স্তরের ছক আগেই আছে; সেটি সম্পাদনা করুন।")}
        )
    template = GovernancePlanTemplate(
        fiscal_year=fiscal_year,
        kind=kind,
        variant=variant,
        version=1,
        title_bn=title_bn,
        levels=levels,
        total_marks=total_marks,
        notes_bn=notes_bn,
    )
    template.full_clean()
    template.save()
    audit_record(
        actor=actor,
        action="governance_template_create",
        obj=template,
        after={"kind": kind, "variant": variant, "title_bn": title_bn, "total_marks": str(total_marks)},
    )
    return template


@transaction.atomic
def template_create_version(
    *, template: GovernancePlanTemplate, actor: User | None
) -> GovernancePlanTemplate:
    """A copy of `template` with its items as the next version of its kind and variant. Plans copied from
    the earlier version keep it: a signed agreement's plan never changes under it."""
    _require_admin(actor)
    # Serialise version numbering for this kind and variant.
    list(selectors.template_versions(template).select_for_update())
    latest = selectors.template_versions(template).aggregate(m=Max("version"))["m"] or template.version
    new = GovernancePlanTemplate.objects.get(pk=template.pk)
    new.pk, new.version = None, latest + 1
    new.full_clean()
    new.save()
    PlanTemplateItem.objects.bulk_create(
        PlanTemplateItem(
            template=new,
            position=item.position,
            annual_target_text=item.annual_target_text,
            quarterly_targets_text=item.quarterly_targets_text,
            **{name: getattr(item, name) for name in ITEM_FIELDS},
        )
        for item in template.items.order_by("position")
    )
    audit_record(
        actor=actor,
        action="governance_template_version",
        obj=new,
        before={"version": template.version, "id": template.pk},
        after={"version": new.version, "id": new.pk},
    )
    return new


@transaction.atomic
def template_update(
    *,
    template: GovernancePlanTemplate,
    fields: dict[str, Any],
    items: list[dict[str, Any]],
    actor: User | None,
) -> GovernancePlanTemplate:
    """Replace the template's heading fields and rows. Only the latest version may be edited; when a signed
    agreement uses it, the edit goes into a new version (returned) and the signed one stays as it was."""
    _require_admin(actor)
    if not selectors.template_is_current(template):
        raise ValidationError(_("কেবল ছকের সর্বশেষ সংস্করণ সম্পাদনা করা যায়।"))
    before = {
        **{name: _json(getattr(template, name)) for name in TEMPLATE_FIELDS},
        "items": [_item_snapshot(i) for i in template.items.order_by("position")],
    }
    if selectors.template_is_locked(template):
        template = template_create_version(template=template, actor=actor)
    for name, value in fields.items():
        if name not in TEMPLATE_FIELDS:
            raise ValueError(f"not a template field: {name}")
        setattr(template, name, value)
    template.full_clean()
    if template.levels:
        validate_levels(template.levels)
    template.save()
    rows = []
    errors: dict[str, Any] = {}
    for position, data in enumerate(items, start=1):
        row = PlanTemplateItem(
            template=template, position=position, **{k: data.get(k) for k in ITEM_FIELDS if k in data}
        )
        for name in ("targets", "quarterly_targets"):
            if getattr(row, name) is None:
                setattr(row, name, [])
        for name in (
            "area_code",
            "area_title",
            "serial",
            "activity_code",
            "indicator_code",
            "unit",
            "responsible",
            "annual_target",
        ):
            if getattr(row, name) is None:
                setattr(row, name, "")
        try:
            row.full_clean(exclude=["template"])
            validate_item_targets(row, template.levels)
        except ValidationError as error:
            errors[str(position - 1)] = error
        rows.append(row)
    if errors:
        raise ValidationError(
            {
                "items": [
                    ValidationError(
                        _("সারি %(n)s: %(e)s") % {"n": format_number(int(k) + 1), "e": "; ".join(v.messages)}
                    )
                    for k, v in errors.items()
                ]
            }
        )
    weights = [r.weight for r in rows if r.weight is not None]
    if weights and sum(weights) > template.total_marks:
        raise ValidationError(
            {
                "total_marks": _("সূচকের মানের যোগফল %(sum)s, কর্মপরিকল্পনার মোট মান %(total)s-এর চেয়ে বেশি।")
                % {"sum": format_number(sum(weights)), "total": format_number(template.total_marks)}
            }
        )
    template.items.all().delete()
    PlanTemplateItem.objects.bulk_create(rows)
    audit_record(
        actor=actor,
        action="governance_template_update",
        obj=template,
        before=before,
        after={
            **{name: _json(getattr(template, name)) for name in TEMPLATE_FIELDS},
            "items": [_item_snapshot(r) for r in rows],
        },
    )
    return template


@transaction.atomic
def allocation_update(*, fiscal_year: FiscalYear, marks: dict[str, Decimal], actor: User | None) -> None:
    """The marks each plan carries in the year's agreements; together they make the governance area's marks.
    Agreements already drafted keep the marks they were drafted with."""
    _require_admin(actor)
    total = sum(marks.values(), Decimal(0))
    if total != fiscal_year.governance_area_marks:
        raise ValidationError(
            _("পাঁচটি কর্মপরিকল্পনার মানের যোগফল %(sum)s; সুশাসন ক্ষেত্রের মোট মান %(total)s হতে হবে।")
            % {"sum": format_number(total), "total": format_number(fiscal_year.governance_area_marks)}
        )
    existing = selectors.allocations_of_year(fiscal_year)
    for position, kind in enumerate(GovernancePlanKind.values, start=1):
        if kind not in marks:
            continue
        allocation = existing.get(kind) or GovernanceAllocation(
            fiscal_year=fiscal_year, kind=kind, name_bn=str(GovernancePlanKind(kind).label), position=position
        )
        before = None if allocation.pk is None else {"marks": str(allocation.marks)}
        if before is not None and allocation.marks == marks[kind]:
            continue
        allocation.marks = marks[kind]
        allocation.full_clean()
        allocation.save()
        audit_record(
            actor=actor,
            action="governance_allocation_update",
            obj=allocation,
            before=before,
            after={"marks": str(allocation.marks)},
        )


# ------------------------------------------------------------------------------------------------
# An agreement's plans


@transaction.atomic
def plans_instantiate(*, agreement: Agreement, actor: User | None) -> list[GovernancePlan]:
    """Copy the fiscal year's current templates into the agreement's plans (Annex 4-8), one per kind, the
    variant chosen by the office's level. Kinds the agreement already has are left alone, so calling it
    again (or after an administrator adds a template) adds only what is missing. Returns the new plans."""
    agreement = _lock(agreement)
    created = []
    existing = set(GovernancePlan.objects.filter(agreement=agreement).values_list("kind", flat=True))
    for kind in GovernancePlanKind.values:
        if kind in existing:
            continue
        template = selectors.template_for_office(agreement.fiscal_year, kind, agreement.office.level)
        if template is None:
            continue
        plan = GovernancePlan(
            agreement=agreement,
            template=template,
            kind=kind,
            title_bn=template.title_bn,
            levels=template.levels,
            total_marks=template.total_marks,
        )
        plan.full_clean()
        plan.save()
        PlanItem.objects.bulk_create(
            PlanItem(plan=plan, position=item.position, **{name: getattr(item, name) for name in ITEM_FIELDS})
            for item in template.items.order_by("position")
        )
        audit_record(
            actor=actor,
            action="governance_plan_create",
            obj=plan,
            agreement=agreement,
            after={"template": template.pk, "version": template.version, "variant": template.variant},
        )
        created.append(plan)
    if created:
        _refresh(agreement)
    return created


def derived_annual_target(item: PlanItem) -> Decimal | date | None:
    """The year's target from the quarterly ones: their sum, their mean for a percentage (four quarters at
    100% are 100% for the year), the earliest date."""
    try:
        filled = [t for t in (selectors.decode(t, item) for t in item.quarterly_targets) if t is not None]
    except ValueError:
        raise ValidationError({"quarterly_targets": _("লক্ষ্যমাত্রা সূচকের ধরনের সাথে মেলে না।")}) from None
    if not filled:
        return None
    if item.target_type == TargetType.DATE:
        return min(filled)
    if item.target_type == TargetType.PERCENT:
        return (sum(filled, Decimal(0)) / len(filled)).quantize(Decimal("0.01")).normalize()
    return sum(filled, Decimal(0))


def template_item_for(item: PlanItem) -> PlanTemplateItem | None:
    if item.plan.template_id is None:
        return None
    return PlanTemplateItem.objects.filter(template_id=item.plan.template_id, position=item.position).first()


@transaction.atomic
def plan_item_update(
    *,
    item: PlanItem,
    actor: User | None,
    responsible: str | None = None,
    annual_target: str | None = None,
    quarterly_targets: list[str | None] | None = None,
    targets: list[str | None] | None = None,
) -> PlanItem:
    """The office fills in what the template leaves open while drafting: the responsible person, the
    quarterly and annual targets of single-target items, and the level targets of rows the template left
    blank (office-specific targets). Arguments left None are not changed; targets are encoded values."""
    agreement = _lock(item.plan.agreement)
    _require_office(actor, agreement)
    if agreement.status not in selectors.DRAFTING_STATUSES:
        raise ValidationError(_("কর্মপরিকল্পনার লক্ষ্যমাত্রা কেবল খসড়া বা ফেরতকৃত চুক্তিতে পরিবর্তন করা যায়।"))
    item = PlanItem.objects.select_for_update().select_related("plan").get(pk=item.pk)
    before = _item_snapshot(item)
    quarterly = selectors.takes_quarterly_targets(item)
    if responsible is not None:
        item.responsible = responsible.strip()
    if annual_target is not None or quarterly_targets is not None:
        if not quarterly:
            raise ValidationError(_("এই সূচকে ত্রৈমাসিক বা বার্ষিক লক্ষ্যমাত্রা প্রযোজ্য নয়।"))
        if annual_target is not None:
            item.annual_target = annual_target
        if quarterly_targets is not None:
            item.quarterly_targets = list(quarterly_targets)
            if annual_target is None:
                # The annual target is the total of the quarters (the seed's মোট column), kept in step.
                item.annual_target = values.encode(derived_annual_target(item)) or ""
    if targets is not None and list(targets) != list(item.targets):
        source = template_item_for(item)
        if quarterly:
            raise ValidationError(_("এই সূচকের লক্ষ্যমাত্রা ত্রৈমাসিক ভিত্তিতে দিন।"))
        if source is not None and any(t is not None for t in source.targets):
            raise ValidationError(_("এই সূচকের লক্ষ্যমাত্রা সরকার নির্ধারিত ছক থেকে আসে; পরিবর্তন করা যায় না।"))
        item.targets = list(targets)
    item.full_clean()
    validate_item_targets(item, item.plan.levels)
    item.save()
    audit_record(
        actor=actor,
        action="governance_plan_item_update",
        obj=item,
        agreement=agreement,
        before=before,
        after=_item_snapshot(item),
    )
    _refresh(agreement)
    return item


# ------------------------------------------------------------------------------------------------
# Quarterly achievements and evidence


def quarter_lock_reason(agreement: Agreement, quarter: int, today: date | None = None) -> str | None:
    """Why achievements of `quarter` cannot be entered now (None when they can): the agreement is not yet
    signed, the quarter's report is submitted or accepted, the quarter has not begun, or its deadline has
    passed without the supervisor reopening it."""
    if quarter not in selectors.QUARTERS:
        return _("ত্রৈমাসিক ১ থেকে ৪ এর মধ্যে হতে হবে।")
    if agreement.status not in selectors.ENTRY_STATUSES:
        return _("চুক্তি স্বাক্ষরিত ও কার্যকর হওয়ার পর অর্জন লেখা যায়।")
    today = today or timezone.localdate()
    report = QuarterlyReport.objects.filter(agreement=agreement, quarter=quarter).first()
    if report is not None and report.status in (
        QuarterlyReportStatus.SUBMITTED,
        QuarterlyReportStatus.ACCEPTED,
    ):
        return _("এই ত্রৈমাসিকের প্রতিবেদন দাখিল হয়েছে; অর্জন আর পরিবর্তন করা যায় না।")
    window = agreement.fiscal_year.quarters.filter(quarter=quarter).first()
    if window is None:
        return None
    if today < window.opens_on:
        return _("এই ত্রৈমাসিক এখনো শুরু হয়নি।")
    reopened = (
        report is not None
        and report.status == QuarterlyReportStatus.REOPENED
        and (report.reopened_until is None or today <= report.reopened_until)
    )
    if today > window.report_deadline and not reopened:
        return _("এই ত্রৈমাসিকের প্রতিবেদন দাখিলের শেষ তারিখ পেরিয়ে গেছে।")
    return None


def parse_value(item: PlanItem, value: Any) -> Decimal | date | None:
    """A typed or given achievement value for `item` (Bangla or ASCII digits); ValidationError in Bangla."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if item.target_type == TargetType.DATE:
        try:
            return parse_date(value)
        except ValueError:
            raise ValidationError(_("সঠিক তারিখ লিখুন, যেমন ১৫/০৩/২০২৫।")) from None
    try:
        number = parse_decimal(value)
    except ValueError:
        raise ValidationError(_("সংখ্যা লিখুন, যেমন ১২ বা ৮৪.৫১।")) from None
    if number < 0:
        raise ValidationError(_("অর্জন ঋণাত্মক হতে পারে না।"))
    if item.target_type == TargetType.PERCENT and number > 100:
        raise ValidationError(_("শতাংশ ১০০-এর বেশি হতে পারে না।"))
    return number


@transaction.atomic
def plan_item_achievement_record(
    *,
    item: PlanItem,
    quarter: int,
    value: Any,
    remarks: str,
    actor: User | None,
    expected_revision: int | None = None,
) -> PlanItemAchievement:
    """Record (or clear, with a blank value) a plan item's achievement in one quarter. `value` may be text
    typed by the user, a Decimal or a date. A save naming an older revision than the stored one is a
    conflicting edit and is refused, so that nobody overwrites a colleague's entry unknowingly."""
    agreement = _lock(item.plan.agreement)
    _require_office(actor, agreement)
    reason = quarter_lock_reason(agreement, quarter)
    if reason:
        raise ValidationError(reason)
    parsed = parse_value(item, value)
    fiscal_year = agreement.fiscal_year
    if isinstance(parsed, date):
        if parsed < fiscal_year.starts_on or parsed > fiscal_year.ends_on:
            raise ValidationError(_("তারিখটি এই অর্থবছরের (১ জুলাই – ৩০ জুন) মধ্যে হতে হবে।"))
        if parsed > timezone.localdate():
            raise ValidationError(_("ভবিষ্যতের তারিখ অর্জন হিসেবে লেখা যায় না।"))
    achievement = PlanItemAchievement.objects.select_for_update().filter(item=item, quarter=quarter).first()
    stored_revision = 0 if achievement is None else achievement.revision
    if expected_revision is not None and stored_revision != expected_revision:
        raise ValidationError(
            _("আপনি পাতা খোলার পর অন্য কেউ এই অর্জন পরিবর্তন করেছেন। পাতাটি আবার খুলে দেখে নিন।"), code="conflict"
        )
    before = None
    if achievement is None:
        achievement = PlanItemAchievement(item=item, quarter=quarter, revision=0)
    else:
        before = {
            "value": _json(achievement.value_date or achievement.value_number),
            "remarks": achievement.remarks,
        }
    is_date = item.target_type == TargetType.DATE
    achievement.value_date = parsed if is_date else None
    achievement.value_number = None if is_date else parsed
    achievement.remarks = (remarks or "").strip()
    achievement.updated_by = actor
    achievement.revision += 1
    achievement.full_clean()
    achievement.save()
    audit_record(
        actor=actor,
        action="governance_achievement_record",
        obj=achievement,
        agreement=agreement,
        before=before,
        after={"value": _json(parsed), "remarks": achievement.remarks},
    )
    _refresh(agreement)
    return achievement


@transaction.atomic
def plan_item_self_assessment_record(
    *, item: PlanItem, claimed_score: Decimal | None, achievement_text: str, actor: User | None
) -> PlanItem:
    """The office's annual self-assessment of an item: its description of the achievement and the score it
    claims (দাবিকৃত স্কোর), at most the item's weight."""
    agreement = _lock(item.plan.agreement)
    _require_office(actor, agreement)
    if agreement.status not in selectors.ENTRY_STATUSES:
        raise ValidationError(_("চুক্তি স্বাক্ষরিত ও কার্যকর হওয়ার পর স্ব-মূল্যায়ন লেখা যায়।"))
    item = PlanItem.objects.select_for_update().get(pk=item.pk)
    if claimed_score is not None and (
        claimed_score < 0 or item.weight is None or claimed_score > item.weight
    ):
        raise ValidationError(
            {
                "claimed_score": _("দাবিকৃত স্কোর ০ থেকে সূচকের মান (%(w)s) এর মধ্যে হতে হবে।")
                % {"w": format_number(item.weight or 0)}
            }
        )
    before = {"claimed_score": _json(item.claimed_score), "achievement_text": item.achievement_text}
    item.claimed_score = claimed_score
    item.achievement_text = (achievement_text or "").strip()
    item.full_clean()
    item.save()
    audit_record(
        actor=actor,
        action="governance_self_assessment_record",
        obj=item,
        agreement=agreement,
        before=before,
        after={"claimed_score": _json(claimed_score), "achievement_text": item.achievement_text},
    )
    _refresh(agreement)
    return item


@transaction.atomic
def plan_item_evidence_add(
    *,
    item: PlanItem,
    quarter: int,
    actor: User | None,
    url: str = "",
    file: UploadedFile | None = None,
    description: str = "",
):
    """Attach a link or an uploaded file as evidence (প্রমাণক) of a plan item's achievement in a quarter."""
    from evidence.models import EvidenceItem, EvidenceKind

    agreement = _lock(item.plan.agreement)
    _require_office(actor, agreement)
    reason = quarter_lock_reason(agreement, quarter)
    if reason:
        raise ValidationError(reason)
    if bool(url) == bool(file):
        raise ValidationError(_("একটি লিংক অথবা একটি ফাইল দিন।"))
    evidence = EvidenceItem(
        plan_item=item, quarter=quarter, uploaded_by=actor, description=(description or "").strip()
    )
    if file is not None:
        if file.size > MAX_EVIDENCE_BYTES:
            raise ValidationError(_("ফাইলের আকার ২০ মেগাবাইটের বেশি হতে পারে না।"))
        digest = hashlib.sha256()
        for chunk in file.chunks():
            digest.update(chunk)
        file.seek(0)
        evidence.kind = EvidenceKind.FILE
        evidence.file = file
        evidence.original_name = (file.name or "")[:255]
        evidence.content_type = (getattr(file, "content_type", "") or "")[:128]
        evidence.size = file.size
        evidence.sha256 = digest.hexdigest()
    else:
        evidence.kind = EvidenceKind.LINK
        evidence.url = url.strip()
    evidence.full_clean()
    evidence.save()
    audit_record(
        actor=actor,
        action="governance_evidence_add",
        obj=evidence,
        agreement=agreement,
        after={
            "plan_item": item.pk,
            "quarter": quarter,
            "kind": evidence.kind,
            "url": evidence.url,
            "sha256": evidence.sha256,
        },
    )
    return evidence


@transaction.atomic
def plan_item_evidence_remove(*, evidence, actor: User | None) -> None:
    """Withdraw an evidence item; the row stays (removed_at/by) so that a score stays explainable."""
    agreement = _lock(evidence.plan_item.plan.agreement)
    _require_office(actor, agreement)
    reason = quarter_lock_reason(agreement, evidence.quarter or 1)
    if reason:
        raise ValidationError(reason)
    if evidence.removed_at is not None:
        return
    evidence.removed_at = timezone.now()
    evidence.removed_by = actor
    evidence.save(update_fields=["removed_at", "removed_by"])
    audit_record(
        actor=actor,
        action="governance_evidence_remove",
        obj=evidence,
        agreement=agreement,
        before={"removed": False},
        after={"removed": True},
    )
