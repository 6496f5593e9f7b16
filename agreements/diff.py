"""Side-by-side differences between two versions of an agreement: every part is matched by its code (areas,
activities, indicators) or its position (outcomes, functions, acronyms), then compared field by field."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Model
from django.utils.translation import gettext as _

from apa_portal import display
from indicators.models import Indicator

from .models import Agreement

AGREEMENT_FIELDS = (
    "recent_achievements",
    "problems_challenges",
    "future_plans",
    "expected_achievements",
    "vision",
    "mission",
    "revision_justification",
)
AREA_FIELDS = ("title", "weight")
ACTIVITY_FIELDS = ("title",)
INDICATOR_FIELDS = (
    "title",
    "method",
    "unit",
    "weight",
    "actual_prev2",
    "actual_prev1",
    "targets",
    "projection_next1",
    "projection_next2",
    "implementing_unit",
    "evidence_description",
)
OUTCOME_FIELDS = (
    "outcome",
    "title",
    "unit",
    "actual_prev2",
    "actual_prev1",
    "target",
    "projection_next1",
    "projection_next2",
    "joint_agencies",
    "data_source",
)


@dataclass(frozen=True)
class Change:
    """One difference: `left` is the earlier version's value (None when the item was added), `right` the
    later one's (None when removed)."""

    section: str
    item: str
    field: str
    left: object
    right: object

    @property
    def kind(self) -> str:
        if self.left is None:
            return "added"
        if self.right is None:
            return "removed"
        return "changed"


def label(model: type[Model], field: str) -> str:
    return str(model._meta.get_field(field).verbose_name)


def shown(value) -> object:
    if isinstance(value, list):
        return " | ".join("—" if v in (None, "") else str(v) for v in value)
    return "" if value is None else value


def compare_items(section: str, model, fields, left: dict, right: dict) -> list[Change]:
    changes = []
    for key in list(left) + [k for k in right if k not in left]:
        old, new = left.get(key), right.get(key)
        name = display.item_label(new or old)
        if old is None or new is None:
            changes.append(
                Change(section, name, "", None if old is None else name, None if new is None else name)
            )
            continue
        for field in fields:
            a, b = getattr(old, field), getattr(new, field)
            if a != b:
                changes.append(Change(section, name, label(model, field), shown(a), shown(b)))
    return changes


def tree(agreement: Agreement):
    from indicators.models import Activity, Area

    areas = {(a.kind, a.code): a for a in Area.objects.filter(agreement=agreement).order_by("position")}
    activities = {
        (a.area.kind, a.code): a
        for a in Activity.objects.filter(area__agreement=agreement)
        .select_related("area")
        .order_by("area__position", "position")
    }
    indicators = {
        (i.area_kind, i.code): i
        for i in Indicator.objects.filter(agreement=agreement).order_by(
            "activity__area__position", "activity__position", "position"
        )
    }
    return areas, activities, indicators


def compare(left: Agreement, right: Agreement) -> list[Change]:
    """Every change from `left` to `right`, in document order."""
    from indicators.models import Activity, Area, OutcomeIndicator

    from .models import Acronym, AgreementFunction

    changes = []
    for field in AGREEMENT_FIELDS:
        a, b = getattr(left, field), getattr(right, field)
        if a != b:
            changes.append(Change(str(Agreement._meta.verbose_name), "", label(Agreement, field), a, b))
    by_position = lambda qs: {row.position: row for row in qs}  # noqa: E731
    changes += compare_items(
        _("সেকশন ১"),
        AgreementFunction,
        ("text",),
        by_position(left.functions.all()),
        by_position(right.functions.all()),
    )
    changes += compare_items(
        _("সেকশন ২"),
        OutcomeIndicator,
        OUTCOME_FIELDS,
        by_position(left.outcome_indicators.all()),
        by_position(right.outcome_indicators.all()),
    )
    left_tree, right_tree = tree(left), tree(right)
    for model, fields, a, b in zip(
        (Area, Activity, Indicator),
        (AREA_FIELDS, ACTIVITY_FIELDS, INDICATOR_FIELDS),
        left_tree,
        right_tree,
        strict=True,
    ):
        changes += compare_items(_("সেকশন ৩"), model, fields, a, b)
    changes += compare_items(
        _("সংযোজনী ১"),
        Acronym,
        ("acronym", "description"),
        by_position(left.acronyms.all()),
        by_position(right.acronyms.all()),
    )
    return changes
