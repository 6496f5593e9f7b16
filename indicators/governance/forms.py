"""Forms for the governance action plans. They parse what people type (Bangla or ASCII digits, dates as
১৫/০৩/২০২৫ or 2025-03-15) into the stored encodings and put a Bangla message next to the field; the
services do the writing."""

from __future__ import annotations

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from agreements.models import GovernancePlanKind, OfficeLevel, default_levels
from apa_portal import display
from apa_portal.bangla import parse_date, parse_decimal, to_bangla_digits
from apa_portal.forms import BanglaDecimalField, TypedTextForm
from apa_portal.text_limits import form_field
from indicators import values
from indicators.governance.models import (
    GovernancePlanTemplate,
    PlanItem,
    PlanItemAchievement,
    PlanTemplateItem,
)
from indicators.governance.services import parse_value
from indicators.models import PlanItemScoring, TargetType

LEVEL_SETS = {
    "5": default_levels(),
    "3": [
        {"percent": 100, "name_bn": "অসাধারণ"},
        {"percent": 80, "name_bn": "উত্তম"},
        {"percent": 60, "name_bn": "চলতি মান"},
    ],
    "0": [],
}
LEVEL_CHOICES = (
    ("5", _("পাঁচটি কলাম (১০০%, ৯০%, ৮০%, ৭০%, ৬০%)")),
    ("3", _("তিনটি কলাম (১০০%, ৮০%, ৬০%)")),
    ("0", _("কলাম নেই — প্রতিটি সূচকের একক লক্ষ্যমাত্রা (শুদ্ধাচার)")),
)


def variant_label(variant: str, *, short: bool = False) -> str:
    """The variant as the template list names it; `short` for the table of which level receives which."""
    if short and variant in VARIANT_SHORT:
        return str(VARIANT_SHORT[variant])
    return str(dict(VARIANT_CHOICES).get(variant, variant))


VARIANT_CHOICES = (
    # The district plans of seed 003 are titled "জেলা/উপজেলা পর্যায়ের": every office whose level has no variant
    # of its own (nor a general one) receives them, upazila offices included (`choose_variant`).
    ("district", _("জেলা পর্যায় (নিজ স্তরের ছক না থাকলে অন্য স্তরের অফিসও)")),
    ("upazila", _("উপজেলা পর্যায়")),
    ("field", _("আঞ্চলিক/মাঠ পর্যায় (সকল অফিস)")),
    ("", _("সকল অফিস")),
    (OfficeLevel.MINISTRY, OfficeLevel.MINISTRY.label),
    (OfficeLevel.DEPARTMENT, OfficeLevel.DEPARTMENT.label),
    (OfficeLevel.DIVISIONAL, OfficeLevel.DIVISIONAL.label),
)
VARIANT_SHORT = {
    "district": _("জেলা পর্যায়"),
    "upazila": _("উপজেলা পর্যায়"),
    "field": _("আঞ্চলিক/মাঠ পর্যায়"),
    "": _("সকল অফিস"),
}
MAX_LEVELS = 5


def level_count(levels: list) -> str:
    return str(len(levels)) if str(len(levels)) in LEVEL_SETS else "5"


def encode_typed(text: str, target_type: str) -> str | None:
    """Typed text to the stored encoding; ValueError carries no message (the caller words it)."""
    text = (text or "").strip()
    if text in ("", "-", "--", "—"):
        return None
    if target_type == TargetType.DATE:
        return values.encode(parse_date(text))
    number = parse_decimal(text)
    if number < 0:
        raise ValueError("negative")
    return values.encode(number)


def _value_fields(prefix: str, count: int, label) -> dict[str, forms.CharField]:
    return {
        f"{prefix}{n}": forms.CharField(
            label=display.QUARTER_NAMES[n]
            if prefix == "q"
            else format_lazy("{} {}", label, display.digits_lazy(n)),
            required=False,
            max_length=32,
            widget=forms.TextInput(attrs={"size": 9, "class": "form-control form-control-sm"}),
        )
        for n in range(1, count + 1)
    }


class TargetCellsMixin:
    """Target cells t1..t5 (level columns) and q1..q4 (quarters), parsed by the row's target type."""

    target_type_field = "target_type"

    def target_type(self) -> str:
        return self.cleaned_data.get(self.target_type_field) or TargetType.NUMBER

    def encoded_cells(self, prefix: str, count: int) -> list[str | None]:
        cells, target_type = [], self.target_type()
        for n in range(1, count + 1):
            name = f"{prefix}{n}"
            try:
                cells.append(encode_typed(self.cleaned_data.get(name, ""), target_type))
            except ValueError:
                message = (
                    _("সঠিক তারিখ লিখুন, যেমন ১৫/০৩/২০২৫।")
                    if target_type == TargetType.DATE
                    else _("শূন্য বা ধনাত্মক সংখ্যা লিখুন।")
                )
                self.add_error(name, message)
                cells.append(None)
        return cells


class TemplateNewForm(TypedTextForm, forms.Form):
    kind = forms.ChoiceField(label=_("কর্মপরিকল্পনা"), choices=GovernancePlanKind.choices)
    variant = forms.ChoiceField(label=_("প্রযোজ্য অফিসের স্তর"), choices=VARIANT_CHOICES, required=False)
    title_bn = form_field(
        GovernancePlanTemplate, "title_bn", label=_("শিরোনাম"), widget=forms.Textarea(attrs={"rows": 2})
    )
    level_count = forms.ChoiceField(label=_("লক্ষ্যমাত্রার কলাম"), choices=LEVEL_CHOICES)
    total_marks = BanglaDecimalField(label=_("কর্মপরিকল্পনার মোট মান"))

    def clean_total_marks(self):
        marks = self.cleaned_data["total_marks"]
        if marks is None or marks <= 0:
            raise forms.ValidationError(_("মোট মান শূন্যের বেশি হতে হবে।"))
        return marks


class TemplateHeaderForm(TypedTextForm, forms.Form):
    title_bn = form_field(
        GovernancePlanTemplate, "title_bn", label=_("শিরোনাম"), widget=forms.Textarea(attrs={"rows": 2})
    )
    level_count = forms.ChoiceField(label=_("লক্ষ্যমাত্রার কলাম"), choices=LEVEL_CHOICES)
    total_marks = BanglaDecimalField(label=_("কর্মপরিকল্পনার মোট মান"))
    notes_bn = form_field(
        GovernancePlanTemplate,
        "notes_bn",
        label=_("টীকা"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_total_marks(self):
        marks = self.cleaned_data["total_marks"]
        if marks is None or marks <= 0:
            raise forms.ValidationError(_("মোট মান শূন্যের বেশি হতে হবে।"))
        return marks

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "title_bn": data["title_bn"].strip(),
            "levels": LEVEL_SETS[data["level_count"]],
            "total_marks": data["total_marks"],
            "notes_bn": data.get("notes_bn", "").strip(),
        }


class TemplateItemForm(TypedTextForm, TargetCellsMixin, forms.Form):
    """One row of a template: area, activity, indicator, unit, weight, how it is scored and its targets.

    `item_id` names the row it was, so that an edit keeps what the form does not show (the target texts
    transcribed from the document) wherever the row moved. The drop-downs start at the default a new row
    takes, so a blank row nobody touched counts as unchanged and is left out."""

    item_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    serial = forms.CharField(label=_("ক্রম"), required=False, max_length=16)
    area_code = forms.CharField(label=_("ক্ষেত্রের কোড"), required=False, max_length=32)
    area_title = form_field(
        PlanTemplateItem, "area_title", label=_("কার্যক্রমের ক্ষেত্র"), required=False, widget=forms.TextInput
    )
    area_marks = BanglaDecimalField(label=_("ক্ষেত্রের মান"), required=False)
    activity_code = forms.CharField(label=_("কার্যক্রমের কোড"), required=False, max_length=32)
    activity = form_field(
        PlanTemplateItem, "activity", label=_("কার্যক্রম"), widget=forms.Textarea(attrs={"rows": 2})
    )
    indicator_code = forms.CharField(label=_("সূচকের কোড"), required=False, max_length=32)
    indicator = form_field(
        PlanTemplateItem, "indicator", label=_("কর্মসম্পাদন সূচক"), widget=forms.Textarea(attrs={"rows": 2})
    )
    unit = forms.CharField(label=_("একক"), required=False, max_length=64)
    target_type = forms.ChoiceField(
        label=_("লক্ষ্যমাত্রার ধরন"), choices=TargetType.choices, initial=TargetType.NUMBER
    )
    scoring = forms.ChoiceField(
        label=_("স্কোর গণনা"), choices=PlanItemScoring.choices, initial=PlanItemScoring.LEVELS
    )
    weight = BanglaDecimalField(label=_("সূচকের মান"), required=False)
    alternative_to = forms.CharField(label=_("যে সূচকের বিকল্প"), required=False, max_length=32)
    responsible = forms.CharField(label=_("দায়িত্বপ্রাপ্ত ব্যক্তি/পদ"), required=False, max_length=255)
    annual_target = forms.CharField(label=_("বার্ষিক লক্ষ্যমাত্রা"), required=False, max_length=32)
    locals().update(_value_fields("t", MAX_LEVELS, _("কলাম")))
    locals().update(_value_fields("q", 4, _("ত্রৈমাসিক")))

    def __init__(self, *args, levels: list[dict] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.levels = levels or []
        for n, level in enumerate(self.levels, start=1):
            self.fields[f"t{n}"].label = display.level_label(level)

    @property
    def level_cells(self) -> list[tuple[str, forms.BoundField]]:
        """The target inputs of the plan's level columns, each with its column's percentage ("৯০%"); the
        field's label names the column in full."""
        return [
            (f"{display.digits(level['percent'])}%", self[f"t{n}"])
            for n, level in enumerate(self.levels, start=1)
        ]

    @property
    def quarter_cells(self) -> list[forms.BoundField]:
        return [self[f"q{n}"] for n in range(1, 5)]

    @property
    def single_target(self) -> bool:
        """Whether the row is scored against one target (quarterly targets shown open)."""
        return not self.levels or self["scoring"].value() != PlanItemScoring.LEVELS

    def has_changed(self) -> bool:
        # Moving or numbering a blank row is no content: only what was typed makes it a row.
        return any(name not in ("ORDER", "DELETE") for name in self.changed_data)

    def clean(self):
        data = super().clean()
        if self.errors or not data or data.get("DELETE"):
            return data
        data["targets"] = self.encoded_cells("t", MAX_LEVELS)
        data["quarterly_targets"] = self.encoded_cells("q", 4)
        try:
            data["annual_target_encoded"] = encode_typed(data.get("annual_target", ""), self.target_type())
        except ValueError:
            self.add_error("annual_target", _("বার্ষিক লক্ষ্যমাত্রা সূচকের ধরনের সাথে মেলে না।"))
        return data

    @classmethod
    def initial_for(cls, item) -> dict:
        targets = list(item.targets) + [None] * MAX_LEVELS
        quarterly = list(item.quarterly_targets) + [None] * 4
        initial = {
            name: getattr(item, name)
            for name in (
                "serial",
                "area_code",
                "area_title",
                "area_marks",
                "activity_code",
                "activity",
                "indicator_code",
                "indicator",
                "unit",
                "target_type",
                "scoring",
                "weight",
                "alternative_to",
                "responsible",
            )
        }
        initial["item_id"] = item.pk
        initial["annual_target"] = values.show(item.annual_target or None, item.target_type)
        initial.update(
            {f"t{n}": values.show(targets[n - 1], item.target_type) for n in range(1, MAX_LEVELS + 1)}
        )
        initial.update({f"q{n}": values.show(quarterly[n - 1], item.target_type) for n in range(1, 5)})
        return initial

    def service_row(self, level_total: int) -> dict:
        data = self.cleaned_data
        single = data["scoring"] != PlanItemScoring.LEVELS
        return {
            "id": data.get("item_id"),
            "serial": to_stored_digits(data["serial"]),
            "area_code": to_stored_digits(data["area_code"]),
            "area_title": data["area_title"].strip(),
            "area_marks": data["area_marks"],
            "activity_code": to_stored_digits(data["activity_code"]),
            "activity": data["activity"].strip(),
            "indicator_code": to_stored_digits(data["indicator_code"]),
            "indicator": data["indicator"].strip(),
            "unit": data["unit"].strip(),
            "target_type": data["target_type"],
            "scoring": data["scoring"],
            "weight": data["weight"],
            "alternative_to": to_stored_digits(data["alternative_to"]),
            "targets": [] if single else data["targets"][:level_total],
            "responsible": data["responsible"].strip(),
            "annual_target": (data.get("annual_target_encoded") or "") if single else "",
            "quarterly_targets": data["quarterly_targets"]
            if single and any(data["quarterly_targets"])
            else [],
        }


def to_stored_digits(text: str) -> str:
    """Codes and serials are stored in the documents' Bangla digits ("২.১.১"), however they were typed, so
    that a code typed in English still names the same row."""
    return to_bangla_digits(text.strip())


TemplateItemFormSet = forms.formset_factory(
    TemplateItemForm, extra=1, can_delete=True, can_order=True, max_num=200
)


class AllocationForm(TypedTextForm, forms.Form):
    """The marks each plan carries in the agreements of the year."""

    def __init__(self, *args, allocations: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in GovernancePlanKind.choices:
            allocation = allocations.get(kind)
            self.fields[kind] = BanglaDecimalField(
                label=label, initial=allocation.marks if allocation else None, required=True
            )


class PlanItemDraftForm(TypedTextForm, TargetCellsMixin, forms.Form):
    """What the office fills in while drafting: responsible person, quarterly/annual targets, and the level
    targets of a row the template left blank."""

    responsible = forms.CharField(label=_("দায়িত্বপ্রাপ্ত ব্যক্তি/পদ"), required=False, max_length=255)
    annual_target = forms.CharField(label=_("বার্ষিক লক্ষ্যমাত্রা"), required=False, max_length=32)
    locals().update(_value_fields("t", MAX_LEVELS, _("কলাম")))
    locals().update(_value_fields("q", 4, _("ত্রৈমাসিক")))

    def __init__(
        self, *args, item, quarterly: bool, targets_open: bool, level_total: int, levels=None, **kwargs
    ):
        self.item, self.quarterly, self.targets_open, self.level_total = (
            item,
            quarterly,
            targets_open,
            level_total,
        )
        targets = list(item.targets) + [None] * MAX_LEVELS
        quarterly_targets = list(item.quarterly_targets) + [None] * 4
        initial = {"responsible": item.responsible}
        initial["annual_target"] = values.show(item.annual_target or None, item.target_type)
        initial.update(
            {f"t{n}": values.show(targets[n - 1], item.target_type) for n in range(1, MAX_LEVELS + 1)}
        )
        initial.update(
            {f"q{n}": values.show(quarterly_targets[n - 1], item.target_type) for n in range(1, 5)}
        )
        super().__init__(*args, initial=initial, **kwargs)
        for n, level in enumerate(levels or [], start=1):
            self.fields[f"t{n}"].label = display.level_label(level)
        if not quarterly:
            for name in ("annual_target", "q1", "q2", "q3", "q4"):
                del self.fields[name]
        elif any(t is not None for t in item.quarterly_targets):
            # The year's target is the total of the quarters: shown, not typed over (the service derives it).
            self.fields["annual_target"].disabled = True
            self.fields["annual_target"].help_text = _("ত্রৈমাসিক লক্ষ্যমাত্রা থেকে")
        if quarterly or not targets_open:
            for n in range(1, MAX_LEVELS + 1):
                del self.fields[f"t{n}"]
        else:
            for n in range(level_total + 1, MAX_LEVELS + 1):
                del self.fields[f"t{n}"]

    def target_type(self) -> str:
        return self.item.target_type

    def changes(self) -> dict:
        """The keyword arguments of plan_item_update for what changed on this row."""
        data, changes = self.cleaned_data, {}
        if data.get("responsible", "").strip() != self.item.responsible:
            changes["responsible"] = data.get("responsible", "")
        if self.quarterly:
            quarterly = self.encoded_cells("q", 4)
            if quarterly != (list(self.item.quarterly_targets) + [None] * 4)[:4]:
                changes["quarterly_targets"] = quarterly
            if self.fields["annual_target"].disabled:
                return changes  # the annual target follows the quarters
            try:
                annual = encode_typed(data.get("annual_target", ""), self.item.target_type) or ""
            except ValueError:
                self.add_error("annual_target", _("বার্ষিক লক্ষ্যমাত্রা সূচকের ধরনের সাথে মেলে না।"))
                annual = self.item.annual_target
            if annual != self.item.annual_target:
                changes["annual_target"] = annual
        elif self.targets_open:
            targets = self.encoded_cells("t", self.level_total)
            if targets != (list(self.item.targets) + [None] * self.level_total)[: self.level_total]:
                changes["targets"] = targets
        return changes


class AchievementForm(TypedTextForm, forms.Form):
    """A plan item's achievement in one quarter."""

    value = forms.CharField(label=_("অর্জন"), required=False, max_length=32)
    remarks = form_field(
        PlanItemAchievement,
        "remarks",
        label=_("মন্তব্য"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 1}),
    )
    revision = forms.IntegerField(required=False, widget=forms.HiddenInput)


class EvidenceForm(TypedTextForm, forms.Form):
    url = forms.URLField(label=_("লিংক"), required=False, max_length=2000, assume_scheme="https")
    file = forms.FileField(label=_("ফাইল"), required=False)
    description = forms.CharField(label=_("বিবরণ"), required=False, max_length=500)

    def clean(self):
        data = super().clean()
        if bool(data.get("url")) == bool(data.get("file")):
            raise forms.ValidationError(_("একটি লিংক অথবা একটি ফাইল দিন।"))
        return data


class SelfAssessmentForm(TypedTextForm, forms.Form):
    achievement_text = form_field(
        PlanItem,
        "achievement_text",
        label=_("প্রকৃত অর্জন (বিবরণ)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 1}),
    )
    claimed_score = BanglaDecimalField(label=_("দাবিকৃত স্কোর"), required=False)


class PlanVerifyForm(TypedTextForm, forms.Form):
    """The supervisor's decision on a plan item: accept it, or correct it to a value or a score, with a
    reason."""

    decision = forms.ChoiceField(
        label=_("সিদ্ধান্ত"), choices=(("accept", _("গ্রহণ")), ("correct", _("সংশোধন"))), initial="accept"
    )
    value = forms.CharField(label=_("সংশোধিত অর্জন"), required=False, max_length=32)
    score = BanglaDecimalField(label=_("অথবা যাচাইকৃত স্কোর"), required=False)
    reason = form_field(
        PlanItem, "verification_reason", label=_("মন্তব্য/সংশোধনের কারণ"), required=False, widget=forms.TextInput
    )

    def __init__(self, *args, item, **kwargs):
        self.item = item
        super().__init__(*args, **kwargs)

    def clean_value(self):

        return parse_value(self.item, self.cleaned_data.get("value"))

    def clean(self):
        data = super().clean()
        both_or_none = (data.get("value") is None) == (data.get("score") is None)
        if data.get("decision") == "correct" and not self.errors and both_or_none:
            raise forms.ValidationError(_("সংশোধনে একটি অর্জন অথবা একটি স্কোর দিন।"))
        return data

    def service_arguments(self) -> dict:
        """The keyword arguments of `indicators.governance.services.plan_item_verify`."""
        data = self.cleaned_data
        if data["decision"] == "accept":
            return {"accept": True, "reason": data["reason"]}
        return {"corrected_value": data["value"], "corrected_score": data["score"], "reason": data["reason"]}
