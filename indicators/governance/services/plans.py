"""An agreement's plans: copied from the fiscal year's templates, then completed by the office in drafting."""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from agreements.access import lock, require_role
from agreements.audit import audit_record
from agreements.models import OFFICE_ROLES, Agreement, GovernancePlanKind, User
from indicators import values
from indicators.governance import selectors
from indicators.governance.services.common import (
    ITEM_FIELDS,
    _item_snapshot,
    _refresh,
    texts_for,
    validate_item_targets,
)
from indicators.models import GovernancePlan, PlanItem, PlanTemplateItem, TargetType

# ------------------------------------------------------------------------------------------------
# An agreement's plans


@transaction.atomic
def plans_instantiate(*, agreement: Agreement, actor: User | None) -> list[GovernancePlan]:
    """Copy the fiscal year's current templates into the agreement's plans (Annex 4-8), one per kind, the
    variant chosen by the office's level. Kinds the agreement already has are left alone, so calling it
    again (or after an administrator adds a template) adds only what is missing. Returns the new plans."""
    agreement = lock(agreement)
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
    agreement = lock(item.plan.agreement)
    require_role(actor, agreement, *OFFICE_ROLES)
    if agreement.status not in selectors.DRAFTING_STATUSES:
        raise ValidationError(_("কর্মপরিকল্পনার লক্ষ্যমাত্রা কেবল খসড়া বা ফেরতকৃত চুক্তিতে পরিবর্তন করা যায়।"))
    item = PlanItem.objects.select_for_update().select_related("plan").get(pk=item.pk)
    before = _item_snapshot(item)
    original = copy.copy(item)
    quarterly = selectors.takes_quarterly_targets(item)
    if responsible is not None:
        item.responsible = responsible.strip()
    if annual_target is not None or quarterly_targets is not None:
        if not quarterly:
            raise ValidationError(_("এই সূচকে ত্রৈমাসিক বা বার্ষিক লক্ষ্যমাত্রা প্রযোজ্য নয়।"))
        if quarterly_targets is not None:
            item.quarterly_targets = list(quarterly_targets)
        derived = values.encode(derived_annual_target(item)) or ""
        if derived:
            # The annual target is the total of the quarters (the seed's মোট column), kept in step.
            if annual_target and annual_target != derived:
                raise ValidationError(
                    {
                        "annual_target": _(
                            "ত্রৈমাসিক লক্ষ্যমাত্রা দেওয়া থাকলে বার্ষিক লক্ষ্যমাত্রা সেগুলো থেকে আসে (%(total)s); "
                            "বার্ষিক ঘরটি ফাঁকা রাখুন।"
                        )
                        % {"total": selectors.show(selectors.decode(derived, item))}
                    }
                )
            item.annual_target = derived
        elif annual_target is not None:
            item.annual_target = annual_target
        item.annual_target_text, item.quarterly_targets_text = texts_for(item, original)
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
