"""Forms for the fiscal year as a whole: a new year set up in the browser, a mistaken policy corrected, and
the check the fiscal year's admin applies to the marks of the five plans."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from agreements.calendar import default_calendar, quarter_windows
from agreements.models import FiscalYear, GovernanceFramework, GovernancePlanKind, ScoringPolicy
from apa_portal import display, text_limits
from apa_portal.bangla import parse_fiscal_year, to_ascii_digits
from apa_portal.forms import BanglaDateField, BanglaDecimalField, TypedTextForm
from indicators.governance import selectors
from indicators.governance.forms import LEVEL_CHOICES, LEVEL_SETS, level_count
from indicators.governance.services import QuarterDates, validate_allocation_total
from indicators.governance.services.years import CALENDAR_FIELDS, shift_years

# A browser's date picker reads and sends ISO dates; typed Bangla dates are accepted too (BanglaDateField).
DATE_WIDGET = {
    "widget": forms.DateInput(
        format="%Y-%m-%d", attrs={"type": "date", "class": "form-control form-control-sm"}
    )
}
CALENDAR_LABELS = {
    "drafting_opens_on": _("খসড়া প্রণয়ন শুরু"),
    "signing_deadline": _("স্বাক্ষরের শেষ তারিখ"),
    "revision_deadline": _("সংশোধনের শেষ তারিখ"),
    "half_yearly_feedback_deadline": _("অর্ধবার্ষিক ফলাবর্তকের শেষ তারিখ"),
    "self_assessment_deadline": _("বার্ষিক স্ব-মূল্যায়নের শেষ তারিখ"),
    "evaluation_publish_deadline": _("মূল্যায়ন প্রকাশের শেষ তারিখ"),
}
QUARTER_PARTS = (
    ("opens_on", _("শুরু")),
    ("closes_on", _("শেষ")),
    ("report_deadline", _("প্রতিবেদনের শেষ তারিখ")),
)
SAME_LEVELS = "same"


def levels_choice(previous: FiscalYear) -> str:
    """The choice that gives `previous`'s level columns: a standard set, or "as the previous year"."""
    count = level_count(previous.levels)
    return count if previous.levels == LEVEL_SETS[count] else SAME_LEVELS


def quarter_field(number: int, part: str) -> str:
    return f"q{number}_{part}"


class FiscalYearForm(TypedTextForm, forms.Form):
    """Everything a fiscal year needs before its agreements are drafted, filled in from `previous`."""

    label = forms.CharField(label=_("অর্থবছর"), max_length=16, help_text=_("যেমন ২০২৫-২৬"))
    level_count = forms.ChoiceField(label=_("লক্ষ্যমাত্রার কলাম (সেকশন ৩)"))
    office_area_marks = BanglaDecimalField(label=_("অফিসের কর্মসম্পাদন ক্ষেত্রের মোট মান"))
    governance_area_marks = BanglaDecimalField(label=_("সুশাসন ও সংস্কারমূলক ক্ষেত্রের মোট মান"))
    scoring_policy = forms.ChoiceField(label=_("স্কোর গণনার নীতি"), choices=ScoringPolicy.choices)
    governance_framework = forms.ChoiceField(label=_("সুশাসন অংশের কাঠামো"), choices=GovernanceFramework.choices)
    copy_templates = forms.BooleanField(label=_("আগের অর্থবছরের ছকগুলো এই বছরে নিন"), required=False)

    def __init__(self, *args, previous: FiscalYear | None, **kwargs):
        self.previous = previous
        super().__init__(*args, initial=self.initial_from(previous), **kwargs)
        choices = [(value, label) for value, label in LEVEL_CHOICES if LEVEL_SETS[value]]
        if previous is not None and levels_choice(previous) == SAME_LEVELS:
            choices.insert(0, (SAME_LEVELS, _("আগের অর্থবছরের কলাম")))
        self.fields["level_count"].choices = choices
        if previous is None:
            del self.fields["copy_templates"]
        for name in CALENDAR_FIELDS:
            self.fields[name] = BanglaDateField(label=CALENDAR_LABELS[name], required=False, **DATE_WIDGET)
        for number in display.QUARTERS:
            for part, label in QUARTER_PARTS:
                self.fields[quarter_field(number, part)] = BanglaDateField(
                    label=label, error_messages={"required": _("তারিখ দিন।")}, **DATE_WIDGET
                )
        for kind, label in GovernancePlanKind.choices:
            # Needed with the five plans only (`clean`): mandatory objectives carry their marks as rows.
            self.fields[f"marks_{kind}"] = BanglaDecimalField(label=label, required=False)

    @staticmethod
    def initial_from(previous: FiscalYear | None) -> dict:
        """The previous year one year on (the calendar moves with it), or the typical calendar."""
        if previous is None:
            start = date.today().year
            initial = {
                "level_count": "5",
                "office_area_marks": Decimal(70),
                "governance_area_marks": Decimal(30),
                **default_calendar(start),
            }
            windows = quarter_windows(start)
        else:
            start = previous.start_year + 1
            windows = [
                tuple(shift_years(d, 1) for d in (w.opens_on, w.closes_on, w.report_deadline))
                for w in previous.quarters.order_by("quarter")
            ] or quarter_windows(start)
            initial = {
                "level_count": levels_choice(previous),
                "office_area_marks": previous.office_area_marks,
                "governance_area_marks": previous.governance_area_marks,
                "scoring_policy": previous.scoring_policy,
                "governance_framework": previous.governance_framework,
                "copy_templates": True,
                **{
                    name: shift_years(getattr(previous, name), 1)
                    for name in CALENDAR_FIELDS
                    if getattr(previous, name)
                },
            }
            initial.update(
                {f"marks_{a.kind}": a.marks for a in selectors.allocations_of_year(previous).values()}
            )
        initial["label"] = display.fiscal_year(start)
        for number, window in enumerate(windows, start=1):
            for (part, _label), day in zip(QUARTER_PARTS, window, strict=True):
                initial[quarter_field(number, part)] = day
        return initial

    def clean_label(self) -> int:
        text = self.cleaned_data["label"]
        try:
            return parse_fiscal_year(text) if "-" in to_ascii_digits(text) else int(to_ascii_digits(text))
        except ValueError:
            raise forms.ValidationError(_("অর্থবছর লিখুন, যেমন ২০২৫-২৬।")) from None

    def clean(self) -> dict:
        data = super().clean()
        if data.get("governance_framework") == GovernanceFramework.ACTION_PLANS:
            for kind in GovernancePlanKind.values:
                if data.get(f"marks_{kind}") is None and f"marks_{kind}" not in self.errors:
                    self.add_error(f"marks_{kind}", _("মান দিন।"))
        return data

    def levels(self) -> list[dict]:
        choice = self.cleaned_data["level_count"]
        return list(self.previous.levels) if choice == SAME_LEVELS else LEVEL_SETS[choice]

    def service_arguments(self) -> dict:
        """The keyword arguments of `indicators.governance.services.fiscal_year_create`."""
        data = self.cleaned_data
        return {
            "start_year": data["label"],
            "levels": self.levels(),
            "office_area_marks": data["office_area_marks"],
            "governance_area_marks": data["governance_area_marks"],
            "scoring_policy": data["scoring_policy"],
            "governance_framework": data["governance_framework"],
            "calendar": {name: data.get(name) for name in CALENDAR_FIELDS},
            "quarters": [
                QuarterDates(*(data[quarter_field(number, part)] for part, _label in QUARTER_PARTS))
                for number in display.QUARTERS
            ],
            "allocations": {
                kind: data[f"marks_{kind}"]
                for kind in GovernancePlanKind.values
                if data.get(f"marks_{kind}") is not None
            },
            "copy_templates_from": self.previous if data.get("copy_templates") else None,
        }

    def add_service_error(self, error: ValidationError) -> None:
        """The service's refusal beside the field it concerns ("start_year" is the label typed here)."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for name, errors in error.error_dict.items():
            field = {"start_year": "label", "levels": "level_count"}.get(name, name)
            self.add_error(field if field in self.fields else None, errors)

    def calendar_fields(self) -> list:
        return [self[name] for name in CALENDAR_FIELDS]

    def quarter_rows(self) -> list:
        return [
            (display.quarter_name(n), [self[quarter_field(n, part)] for part, _label in QUARTER_PARTS])
            for n in display.QUARTERS
        ]

    def marks_fields(self) -> list:
        return [self[f"marks_{kind}"] for kind in GovernancePlanKind.values]


class FiscalYearPolicyForm(TypedTextForm, forms.Form):
    """A year's scoring policy and governance framework corrected, with the reason on record."""

    scoring_policy = forms.ChoiceField(label=_("স্কোর গণনার নীতি"), choices=ScoringPolicy.choices)
    governance_framework = forms.ChoiceField(label=_("সুশাসন অংশের কাঠামো"), choices=GovernanceFramework.choices)
    reason = forms.CharField(
        label=_("পরিবর্তনের কারণ"),
        # As long as the audit row's reason may be.
        max_length=text_limits.NOTE,
        widget=forms.Textarea,
        error_messages={"required": _("পরিবর্তনের কারণ লিখুন।")},
    )

    def __init__(self, *args, fiscal_year: FiscalYear, **kwargs):
        initial = {
            "scoring_policy": fiscal_year.scoring_policy,
            "governance_framework": fiscal_year.governance_framework,
        }
        super().__init__(*args, initial=initial, **kwargs)


class GovernanceAllocationInlineFormSet(BaseInlineFormSet):
    """The fiscal year admin's marks of the five plans: together they make the governance area's marks, the
    rule `allocation_update` applies on the year's page. (A year with no marks yet is left alone.)"""

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        marks = {
            form.cleaned_data["kind"]: form.cleaned_data.get("marks")
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        }
        if not marks:
            return
        try:
            validate_allocation_total(marks, self.instance.governance_area_marks)
        except ValidationError as error:
            raise forms.ValidationError(error.messages) from None
