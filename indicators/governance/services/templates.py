"""Templates and their versions, and the marks each plan carries (administrators)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from agreements.audit import audit_record
from agreements.models import FiscalYear, GovernanceAllocation, GovernancePlanKind, User, validate_levels
from apa_portal import display
from indicators.governance import selectors
from indicators.governance.services.common import (
    ITEM_FIELDS,
    TEMPLATE_FIELDS,
    _item_snapshot,
    _json,
    _require_admin,
    texts_for,
    validate_allocation_total,
    validate_item_targets,
    validate_rows,
)
from indicators.models import GovernancePlanTemplate, PlanTemplateItem

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
            template=new, position=item.position, **{name: getattr(item, name) for name in ITEM_FIELDS}
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


# The text fields of a row as the form sends it: blank when the form leaves them out.
TEXT_DEFAULTS = {
    "area_code": "",
    "area_title": "",
    "serial": "",
    "activity_code": "",
    "indicator_code": "",
    "unit": "",
    "alternative_to": "",
    "responsible": "",
    "annual_target": "",
}


@transaction.atomic
def template_update(
    *,
    template: GovernancePlanTemplate,
    fields: dict[str, Any],
    items: list[dict[str, Any]],
    actor: User | None,
) -> GovernancePlanTemplate:
    """Replace the template's heading fields and rows (in the order given). Only the latest version may be
    edited; when a signed agreement uses it, the edit goes into a new version (returned) and the signed one
    stays as it was.

    A row may name the row it was (`"id"`, a row of this template): it then keeps the target texts
    transcribed from the document (`annual_target_text`, `quarterly_targets_text`) where its values are
    unchanged, wherever the edit moved it."""
    _require_admin(actor)
    if not selectors.template_is_current(template):
        raise ValidationError(_("কেবল ছকের সর্বশেষ সংস্করণ সম্পাদনা করা যায়।"))
    previous = {item.pk: item for item in template.items.order_by("position")}
    before = {
        **{name: _json(getattr(template, name)) for name in TEMPLATE_FIELDS},
        "items": [_item_snapshot(i) for i in previous.values()],
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
    errors: dict[int, ValidationError] = {}
    for position, data in enumerate(items, start=1):
        row = PlanTemplateItem(
            template=template,
            position=position,
            **{**TEXT_DEFAULTS, **{k: data[k] for k in ITEM_FIELDS if data.get(k) is not None}},
        )
        if "annual_target_text" not in data and "quarterly_targets_text" not in data:
            row.annual_target_text, row.quarterly_targets_text = texts_for(row, previous.get(data.get("id")))
        try:
            row.full_clean(exclude=["template"])
            validate_item_targets(row, template.levels)
        except ValidationError as error:
            errors[position] = error
        rows.append(row)
    if errors:
        # `position` (in the order saved) lets the page put each message beside its row.
        raise ValidationError(
            {
                "items": [
                    ValidationError(
                        _("সারি %(n)s: %(e)s"),
                        code="row",
                        params={"n": display.number(n), "e": "; ".join(error.messages), "position": n},
                    )
                    for n, error in errors.items()
                ]
            }
        )
    validate_rows(rows, template.total_marks)
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
    validate_allocation_total(marks, fiscal_year.governance_area_marks)
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
