"""Editing a draft: the overview texts and every part of the document, the governance area protected."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from agreements.access import lock
from agreements.audit import audit_record, snapshot
from indicators.models import Activity, Area, AreaKind, Indicator, RelatedOffice

from ..models import OVERVIEW_FIELDS, Agreement, User
from .core import refresh, require_editable


@transaction.atomic
def agreement_update(*, agreement: Agreement, changes: dict[str, Any], actor: User) -> Agreement:
    """Overview and Section 1 texts of an editable draft."""
    agreement = lock(agreement)
    require_editable(agreement, actor)
    before = {k: getattr(agreement, k) for k in changes}
    for key, value in changes.items():
        if key not in OVERVIEW_FIELDS:
            raise ValueError(f"{key} is not editable here")
        setattr(agreement, key, value)
    agreement.full_clean()
    agreement.save()
    audit_record(
        actor=actor,
        action="agreement_update",
        obj=agreement,
        agreement=agreement,
        before=before,
        after=changes,
    )
    return agreement


def agreement_of(item: models.Model) -> Agreement:

    if isinstance(item, Activity):
        return item.area.agreement
    if isinstance(item, RelatedOffice):
        return (
            item.indicator.agreement
            if item.indicator.agreement_id
            else item.indicator.activity.area.agreement
        )
    return item.agreement


def siblings(item: models.Model) -> models.QuerySet:
    """The items `item` is ordered among. Office areas move among themselves only: the governance area
    stays after them, where the document prints it."""

    if isinstance(item, Activity):
        return Activity.objects.filter(area=item.area_id)
    if isinstance(item, Indicator):
        return Indicator.objects.filter(activity=item.activity_id)
    if isinstance(item, RelatedOffice):
        return RelatedOffice.objects.filter(indicator=item.indicator_id)
    if isinstance(item, Area) and item.pk is not None:
        return Area.objects.filter(agreement=item.agreement_id, kind=item.kind)
    return type(item).objects.filter(agreement=item.agreement_id)


# What the fiscal year's framework and the governance plans decide for the governance area: the office
# never types these (its indicators' values are their plans' scores, their marks the year's allocations).
GOVERNANCE_FIXED_FIELDS = {
    "area": ("kind", "weight"),
    "indicator": ("method", "unit", "value_type", "weight", "targets", "governance_kind"),
}


def in_governance_area(item: models.Model) -> bool:
    """Whether `item` is part of the governance area that the year's five plans make. In a year of mandatory
    objectives (2019-20) that area holds the agreement's own rows, edited like the office's."""
    if isinstance(item, Area):
        area = item
    elif isinstance(item, Activity):
        area = item.area
    elif isinstance(item, Indicator):
        area = item.activity.area
    else:
        return False
    return area.kind == AreaKind.GOVERNANCE and area.agreement.fiscal_year.has_action_plans


def refuse_governance_structure(item: models.Model) -> None:
    """The mandatory governance area and its activities and indicators come from the fiscal year: removing
    or moving one would leave a draft that cannot be submitted and that the office cannot repair."""
    if in_governance_area(item):
        raise ValidationError(
            _("সুশাসন ও সংস্কারমূলক ক্ষেত্র এবং এর কার্যক্রম ও সূচক অর্থবছরের কাঠামো থেকে আসে; এগুলো মুছে ফেলা বা সরানো যায় না।")
        )


def refuse_governance_change(item: models.Model, before: dict[str, Any] | None) -> None:
    """New items under the governance area, and changes to what the framework decides there, are refused."""
    if not in_governance_area(item):
        return
    if before is None:
        raise ValidationError(
            _("সুশাসন ও সংস্কারমূলক ক্ষেত্রে নতুন অংশ যোগ করা যায় না; এর সূচকগুলো অর্থবছরের কাঠামো থেকে আসে।")
        )
    after = snapshot(item)
    fixed = GOVERNANCE_FIXED_FIELDS.get(item._meta.model_name, ())
    if any(before.get(name) != after.get(name) for name in fixed):
        raise ValidationError(
            _(
                "সুশাসন সূচকের মান, লক্ষ্যমাত্রা, একক ও গণনা পদ্ধতি অর্থবছরের কাঠামো ও কর্মপরিকল্পনা থেকে আসে; "
                "এগুলো পরিবর্তন করা যায় না।"
            )
        )


def place_new_area(area: models.Model) -> None:
    """A new office area goes after the office's other areas and before the governance area, which keeps
    the last position."""

    governance = (
        Area.objects.filter(agreement=area.agreement_id, kind=AreaKind.GOVERNANCE)
        .order_by("position")
        .first()
    )
    top = (Area.objects.filter(agreement=area.agreement_id).aggregate(m=Max("position"))["m"] or 0) + 1
    if governance is None:
        area.position = top
        return
    Area.objects.filter(pk=governance.pk).update(position=top)
    area.position = governance.position


def touches_scores(item: models.Model) -> bool:

    return isinstance(item, Area | Activity | Indicator)


@transaction.atomic
def content_item_save(*, item: models.Model, actor: User) -> models.Model:
    """Create or change one part of an editable draft: an outcome, a function, an acronym, an area, an
    activity, an indicator (with its Annex 2 columns) or an Annex 3 row. New items go last."""

    agreement = lock(agreement_of(item))
    require_editable(agreement, actor)
    before = snapshot(type(item).objects.get(pk=item.pk)) if item.pk else None
    refuse_governance_change(item, before)
    if item.pk is None and isinstance(item, Area):
        place_new_area(item)
    elif item.pk is None:
        item.position = (siblings(item).aggregate(m=Max("position"))["m"] or 0) + 1
    item.full_clean()
    item.save()
    audit_record(
        actor=actor,
        action="content_change" if before else "content_add",
        obj=item,
        agreement=agreement,
        before=before,
        after=snapshot(item),
    )
    if touches_scores(item):
        refresh(agreement)
    return item


@transaction.atomic
def content_item_delete(*, item: models.Model, actor: User) -> None:
    """Remove one part of an editable draft, with everything under it."""
    agreement = lock(agreement_of(item))
    require_editable(agreement, actor)
    refuse_governance_structure(item)
    audit_record(actor=actor, action="content_remove", obj=item, agreement=agreement, before=snapshot(item))
    item.delete()
    if touches_scores(item):
        refresh(agreement)


@transaction.atomic
def content_item_move(*, item: models.Model, up: bool, actor: User) -> None:
    """Swap an item with its neighbour above or below; at either end nothing changes."""

    agreement = lock(agreement_of(item))
    require_editable(agreement, actor)
    refuse_governance_structure(item)
    queryset = siblings(item)
    neighbour = (
        queryset.filter(position__lt=item.position).order_by("-position").first()
        if up
        else queryset.filter(position__gt=item.position).order_by("position").first()
    )
    if neighbour is None:
        return
    mine, theirs = item.position, neighbour.position
    # Positions are unique among siblings (an agreement's areas: among all its areas, whatever their kind):
    # park one item outside the range while the other moves.
    taken = Area.objects.filter(agreement=item.agreement_id) if isinstance(item, Area) else queryset
    parked = (taken.aggregate(m=Max("position"))["m"] or 0) + 1
    type(item).objects.filter(pk=item.pk).update(position=parked)
    type(item).objects.filter(pk=neighbour.pk).update(position=mine)
    type(item).objects.filter(pk=item.pk).update(position=theirs)
    item.position = theirs
    audit_record(
        actor=actor,
        action="content_move",
        obj=item,
        agreement=agreement,
        before={"position": mine},
        after={"position": theirs},
    )
    if touches_scores(item):
        refresh(agreement)
