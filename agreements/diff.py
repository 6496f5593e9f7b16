"""Side-by-side differences between two versions of an agreement. Every part of the document is compared:
the overview and Section 1 texts, functions, Section 2 outcomes, the Section 3 tree (areas, activities,
indicators with every column, Annex 2 included), Annex 1 acronyms and Annex 3 rows. Parts are matched by their
code (areas, activities, indicators), their indicator and order (Annex 3 rows) or their position (the rest),
then compared field by field; values are shown as the interface shows them (digits in its language, dates
dd/mm/yyyy, the target columns by name), never as stored.

A return to the office (by the reviewer, or a reopened approval) keeps the version number, so comparing
versions cannot show what the office changed before resubmitting. The return's audit row therefore carries
the document as it stood (`freeze`, under the key "document"); `compare_with_returned` compares that state
with the agreement as it is now, by the same rules as two stored versions.

The history pages show an audited change of one part by the same rules (`audit_changes`): compared as values,
shown as here, only what changed."""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.core import serializers
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from apa_portal import display
from indicators import values
from indicators.models import Activity, Area, Indicator, OutcomeIndicator, RelatedOffice

from .models import OVERVIEW_FIELDS, Acronym, Agreement, AgreementFunction, AuditEntry

# The agreement's own texts that belong to the document (not its status, version or timestamps).
AGREEMENT_FIELDS = (
    "first_party_bn",
    "second_party_bn",
    *OVERVIEW_FIELDS,
    "final_submission_at",
    "revision_justification",
)
# An indicator's columns whose text is a value of the indicator's type (see `indicators.values`).
INDICATOR_VALUE_FIELDS = ("actual_prev2", "actual_prev1", "projection_next1", "projection_next2")
# An outcome's columns: figures as typed, shown in the interface's digits.
OUTCOME_VALUE_FIELDS = ("actual_prev2", "actual_prev1", "target", "projection_next1", "projection_next2")


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


def document_fields(model: type[Model]) -> list[str]:
    """The fields of a part that the document shows: everything the office edits, but not the links to the
    agreement or the parent and not the order (a moved part is matched by its code or position anyway)."""
    return [
        f.name
        for f in model._meta.concrete_fields
        if f.editable and not f.primary_key and not f.is_relation and f.name != "position"
    ]


def label(model: type[Model], field: str) -> str:
    return str(model._meta.get_field(field).verbose_name)


class Formatter:
    """A stored value as the interface shows it. `levels` are the fiscal year's target columns."""

    def __init__(self, levels: list[dict]):
        self.levels = levels

    def __call__(self, obj: Model, field: str) -> str:
        raw = getattr(obj, field)
        model_field = obj._meta.get_field(field)
        if isinstance(obj, Indicator) and field == "targets":
            return self.targets(raw, obj.value_type)
        if isinstance(obj, Indicator) and field in INDICATOR_VALUE_FIELDS:
            return self.value(raw, obj.value_type)
        if isinstance(obj, OutcomeIndicator) and field in OUTCOME_VALUE_FIELDS:
            return display.digits(raw) if raw else "—"
        if model_field.choices:
            return str(dict(model_field.flatchoices).get(raw, raw)) if raw else "—"
        return self.plain(raw)

    def plain(self, value) -> str:
        if value is None or value == "":
            return "—"
        if isinstance(value, bool):
            return _("হ্যাঁ") if value else _("না")
        if isinstance(value, date):
            return display.date_long(value)
        if isinstance(value, Decimal | int):
            return display.number(value)
        return str(value)

    def value(self, raw: str | None, value_type: str) -> str:
        try:
            return self.plain(values.decode(raw, value_type))
        except ValueError:
            return str(raw)

    def columns(self, *rows: list | None) -> tuple[list[str], list[list]]:
        """The target columns' names and each row of cells padded to them (a row longer than the year's
        columns gets numbered extra columns)."""
        width = max([len(self.levels), *(len(row or []) for row in rows)])
        names = [display.level_label(level) for level in self.levels]
        names += [display.digits(f"#{n}") for n in range(len(names) + 1, width + 1)]
        return names, [list(row or []) + [None] * (width - len(row or [])) for row in rows]

    def targets(self, raw: list, value_type: str) -> str:
        names, (cells,) = self.columns(raw)
        return "; ".join(
            f"{name}: {self.value(cell, value_type)}" for name, cell in zip(names, cells, strict=True)
        )

    def target_change(
        self, title: str, old: tuple[list | None, str], new: tuple[list | None, str]
    ) -> list[tuple[str, str, str]]:
        """The target columns that changed between two (cells, value type), as the document's row shows
        them: "৫০০ / ৪০০ → ৫২০ / —", the columns named after `title` unless all of them changed."""
        names, (before, after) = self.columns(old[0], new[0])
        changed = [n for n in range(len(names)) if typed(before[n], old[1]) != typed(after[n], new[1])]
        if not changed:
            return []
        was = " / ".join(self.value(before[n], old[1]) for n in changed)
        became = " / ".join(self.value(after[n], new[1]) for n in changed)
        if len(changed) < len(names):
            title = f"{title} — {' / '.join(names[n] for n in changed)}"
        return [(title, was, became)]


def typed(raw: str | None, value_type: str) -> object:
    """A stored cell's value for comparing: "4.00" and "4" are one number, "" and None one blank."""
    try:
        return values.decode(raw, value_type)
    except ValueError:
        return raw


def restore(model: type[Model], data: dict[str, Any]) -> Model:
    """An unsaved instance carrying an audit row's copy of a part (`services.snapshot`), each field as its
    Python value; what the model no longer has is skipped."""
    obj = model()
    for name, value in data.items():
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if not field.concrete or field.many_to_many:
            continue
        try:
            setattr(obj, field.attname, field.to_python(value))
        except ValidationError:
            setattr(obj, field.attname, value)
    return obj


def snapshot_changes(
    model: type[Model] | None, before: dict[str, Any], after: dict[str, Any], levels: list[dict]
) -> list[tuple[str, str, str]]:
    """(field, was, became) for each field an audited change really changed: compared as values (a weight
    of "4.00" and one of "4" are the same), shown as the diff between versions shows them; of the target
    columns only those that changed."""
    show = Formatter(levels)
    old, new = (restore(model, before), restore(model, after)) if model else (None, None)
    changes = []
    for name, value in after.items():
        if name in ("id", "position"):
            continue
        try:
            field = model._meta.get_field(name) if model else None
        except FieldDoesNotExist:
            field = None
        if field is None or not field.concrete or field.many_to_many:
            if before.get(name) != value:
                changes.append((name, show.plain(before.get(name)), show.plain(value)))
            continue
        title = str(field.verbose_name)
        if isinstance(new, Indicator) and name == "targets":
            was = old.targets if name in before else None
            changes += show.target_change(title, (was, old.value_type), (new.targets, new.value_type))
            continue
        was = getattr(old, field.attname) if name in before else None
        became = getattr(new, field.attname)
        if isinstance(new, Indicator) and name in INDICATOR_VALUE_FIELDS:
            was, became = typed(was, old.value_type), typed(became, new.value_type)
        if was == became or (was in (None, "") and became in (None, "")):
            continue
        if field.is_relation:
            changes.append((title, related_name_of(field, was), related_name_of(field, became)))
        else:
            changes.append((title, show(old, name) if name in before else "—", show(new, name)))
    return changes


# The audited actions whose rows carry a part's fields before and after the change.
FIELD_CHANGE_ACTIONS = ("content_change", "agreement_update", "achievement_verify")


def audit_changes(entry: AuditEntry, levels: list[dict]) -> list[tuple[str, str, str]]:
    """(field, was, became) for an audited change of a part's fields (`snapshot_changes`); `levels` are the
    agreement's target columns."""
    if entry.action not in FIELD_CHANGE_ACTIONS:
        return []
    try:
        model = apps.get_model(entry.object_type)
    except (LookupError, ValueError):
        model = None
    return snapshot_changes(model, entry.before or {}, entry.after or {}, levels)


def related_name_of(field, pk) -> str:
    """A related part by its name (as the interface names it), while it still exists."""
    if pk is None:
        return "—"
    related = field.related_model._default_manager.filter(pk=pk).first()
    return display.item_label(related) if related else "—"


def compare_items(section: str, model, left: dict, right: dict, show: Formatter, name=display.item_label):
    """The changes between two {key: part} maps of one kind of part, in the order of `left`, then what only
    `right` has."""
    fields = document_fields(model)
    changes = []
    for key in list(left) + [k for k in right if k not in left]:
        old, new = left.get(key), right.get(key)
        title = name(new or old)
        if old is None or new is None:
            changes.append(
                Change(section, title, "", None if old is None else title, None if new is None else title)
            )
            continue
        for field in fields:
            a, b = show(old, field), show(new, field)
            if a != b:
                changes.append(Change(section, title, label(model, field), a, b))
    return changes


@dataclass
class Document:
    """One version's parts, keyed for matching."""

    functions: dict
    outcomes: dict
    areas: dict
    activities: dict
    indicators: dict
    acronyms: dict
    related: dict


def by_position(queryset) -> dict:
    return {row.position: row for row in queryset.order_by("position", "id")}


def read(agreement: Agreement) -> Document:
    indicators = list(
        Indicator.objects.filter(agreement=agreement)
        .select_related("activity__area")
        .prefetch_related("related_offices")
        .order_by("activity__area__position", "activity__position", "position")
    )
    related = {}
    for indicator in indicators:
        rows = sorted(indicator.related_offices.all(), key=lambda r: (r.position, r.pk))
        for n, row in enumerate(rows, start=1):
            row.indicator = indicator  # named with its indicator, without another query
            related[indicator.area_kind, indicator.code, n] = row
    return Document(
        functions=by_position(AgreementFunction.objects.filter(agreement=agreement)),
        outcomes=by_position(OutcomeIndicator.objects.filter(agreement=agreement)),
        areas={(a.kind, a.code): a for a in Area.objects.filter(agreement=agreement).order_by("position")},
        activities={
            (a.area.kind, a.code): a
            for a in Activity.objects.filter(area__agreement=agreement)
            .select_related("area")
            .order_by("area__position", "position")
        },
        indicators={(i.area_kind, i.code): i for i in indicators},
        acronyms=by_position(Acronym.objects.filter(agreement=agreement)),
        related=related,
    )


def related_name(row: RelatedOffice) -> str:
    return f"{display.item_label(row.indicator)} — {row.offices}"


def function_name(row: AgreementFunction) -> str:
    return f"{display.digits(row.position)}. {row.text[:60]}"


def compare(left: Agreement, right: Agreement) -> list[Change]:
    """Every change from `left` to `right`, in document order."""
    return compare_documents(left, read(left), right, read(right))


def compare_documents(
    left: Agreement, old: Document, right: Agreement, new: Document, agreement_fields=AGREEMENT_FIELDS
) -> list[Change]:
    show = Formatter(right.fiscal_year.levels)
    changes = []
    for field in agreement_fields:
        a, b = show(left, field), show(right, field)
        if a != b:
            changes.append(Change(_("সার্বিক চিত্র ও সেকশন ১"), "", label(Agreement, field), a, b))
    section3 = _("সেকশন ৩")
    for section, model, part, name in (
        (_("সেকশন ১: কার্যাবলি"), AgreementFunction, "functions", function_name),
        (_("সেকশন ২"), OutcomeIndicator, "outcomes", lambda row: row.title),
        (section3, Area, "areas", display.item_label),
        (section3, Activity, "activities", display.item_label),
        (section3, Indicator, "indicators", display.item_label),
        (_("সংযোজনী ১"), Acronym, "acronyms", lambda row: row.acronym),
        (_("সংযোজনী ৩"), RelatedOffice, "related", related_name),
    ):
        changes += compare_items(section, model, getattr(old, part), getattr(new, part), show, name)
    return changes


# ------------------------------------------------------------------------------------------------
# The document as it stood when it was returned to the office

# The audit actions that send an agreement back to the office; their rows carry the document (`freeze`).
RETURN_ACTIONS = ("agreement_return", "agreement_reopen")


def dump(obj: Model) -> dict[str, Any]:
    """One stored row as JSON-safe data: Django's serialisation, every concrete field by its stored value."""
    return json.loads(serializers.serialize("json", [obj]))[0]


def load(row: dict[str, Any]) -> Model:
    """A row of `dump` as an unsaved instance; a field the model no longer has is skipped."""
    return next(serializers.deserialize("python", [row], ignorenonexistent=True)).object


def freeze(agreement: Agreement) -> dict[str, Any]:
    """The agreement's document as JSON-safe data: the agreement's row and every part, keyed as `read`
    keys them."""
    document = read(agreement)
    return {
        "agreement": dump(agreement),
        **{
            part.name: [[key, dump(obj)] for key, obj in getattr(document, part.name).items()]
            for part in fields(Document)
        },
    }


def thaw(frozen: dict[str, Any]) -> tuple[Agreement, Document]:
    """The agreement and its document from `freeze`, as unsaved instances that `compare_documents` reads like
    a stored version."""

    def key(value):
        return tuple(value) if isinstance(value, list) else value

    parts = {
        part.name: {key(k): load(row) for k, row in frozen.get(part.name, [])} for part in fields(Document)
    }
    for (kind, code, _n), row in parts["related"].items():
        row.indicator = parts["indicators"][kind, code]
    return load(frozen["agreement"]), Document(**parts)


def returned_states(agreement: Agreement) -> QuerySet[AuditEntry]:
    """The returns of this agreement to the office that recorded its document, newest first."""
    return AuditEntry.objects.filter(
        agreement=agreement,
        object_type=Agreement._meta.label_lower,
        object_id=str(agreement.pk),
        action__in=RETURN_ACTIONS,
        after__has_key="document",
    ).order_by("-at", "-id")


def compare_with_returned(entry: AuditEntry, agreement: Agreement) -> list[Change]:
    """Every change the office made since the return recorded by `entry`, in document order. The date of
    the final submission is left out: the resubmission stamps it, the office does not write it."""
    returned, document = thaw(entry.after["document"])
    fields = tuple(f for f in AGREEMENT_FIELDS if f != "final_submission_at")
    return compare_documents(returned, document, agreement, read(agreement), agreement_fields=fields)
