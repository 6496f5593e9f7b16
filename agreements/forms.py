"""Forms of the drafting editor, the review and the supervisor's workspace. Numbers and dates are typed in
Bangla or ASCII digits, stored in the one encoding of `indicators.values` and shown back in the
interface's digits; errors sit next to their field."""

from __future__ import annotations

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models.fields import BLANK_CHOICE_DASH
from django.utils.translation import gettext_lazy as _

from apa_portal import display
from apa_portal.forms import BanglaDateField, BanglaDecimalField, TypedTextForm
from apa_portal.text_limits import form_field
from indicators import scoring, values
from indicators.models import (
    Achievement,
    Activity,
    Area,
    Indicator,
    OutcomeIndicator,
    QuarterlyReport,
    RelatedOffice,
    ValueType,
)
from indicators.validation import target_column_order_message

from .models import (
    Acronym,
    Agreement,
    AgreementFunction,
    AgreementStatus,
    FiscalYear,
    Office,
    Role,
    SelfAssessment,
    User,
)
from .selectors import managed_offices
from .services import OVERVIEW_FIELDS, assignable_roles, current_fiscal_start_year

TEXTAREA = forms.Textarea(attrs={"rows": 3})
# Django's "---------" for "nothing chosen" means nothing to a reader of Bangla.
EMPTY_CHOICE = _("— বেছে নিন —")


class StyledForm(TypedTextForm):
    """Bootstrap classes on every widget, so templates render fields with `{{ field }}` alone; typed text
    without directional controls (TypedTextForm)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_widgets()

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
                attrs["aria-invalid"] = "true"

    def style_widgets(self) -> None:
        for field in self.fields.values():
            choices = list(getattr(field, "choices", ()))
            if choices and tuple(choices[0]) == tuple(BLANK_CHOICE_DASH[0]):
                field.choices = [("", EMPTY_CHOICE), *choices[1:]]
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.RadioSelect):
                continue
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = css


def parse_value(text: str, value_type: str):
    """values.parse, its message as the form field's error."""
    try:
        return values.parse(text, value_type)
    except ValueError as error:
        raise forms.ValidationError(str(error), code="invalid") from None


class OverviewForm(StyledForm, forms.ModelForm):
    """The overview (কর্মসম্পাদনের সার্বিক চিত্র) and Section 1's vision and mission."""

    class Meta:
        model = Agreement
        fields = list(OVERVIEW_FIELDS)
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in fields}


class FunctionForm(StyledForm, forms.ModelForm):
    class Meta:
        model = AgreementFunction
        fields = ["text"]
        widgets = {"text": TEXTAREA}


class AcronymForm(StyledForm, forms.ModelForm):
    class Meta:
        model = Acronym
        fields = ["acronym", "description"]


class AreaForm(StyledForm, forms.ModelForm):
    class Meta:
        model = Area
        fields = ["code", "title", "weight"]
        widgets = {"title": forms.Textarea(attrs={"rows": 2}), "weight": forms.TextInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["weight"] = BanglaDecimalField(label=_("ক্ষেত্রের মান"))
        if self.instance.pk:
            self.initial["weight"] = display.digits(values.encode(self.instance.weight))
            self.initial["code"] = self.instance.code
        self.style_widgets()


class ActivityForm(StyledForm, forms.ModelForm):
    class Meta:
        model = Activity
        fields = ["code", "title"]
        widgets = {"title": forms.Textarea(attrs={"rows": 2})}


class OutcomeForm(StyledForm, forms.ModelForm):
    class Meta:
        model = OutcomeIndicator
        fields = [
            "outcome",
            "title",
            "unit",
            "actual_prev2",
            "actual_prev1",
            "actual_prev1_provisional",
            "target",
            "projection_next1",
            "projection_next2",
            "joint_agencies",
            "data_source",
        ]
        widgets = {
            "outcome": forms.Textarea(attrs={"rows": 2}),
            "title": forms.Textarea(attrs={"rows": 2}),
            "joint_agencies": forms.Textarea(attrs={"rows": 2}),
            "data_source": forms.Textarea(attrs={"rows": 2}),
        }


VALUE_COLUMNS = ("actual_prev2", "actual_prev1", "projection_next1", "projection_next2")


class IndicatorForm(StyledForm, forms.ModelForm):
    """Every column of a Section 3 indicator, its Annex 2 entry, and one target field per level column of
    the fiscal year."""

    class Meta:
        model = Indicator
        fields = [
            "code",
            "title",
            "method",
            "unit",
            "value_type",
            "weight",
            "actual_prev2",
            "actual_prev1",
            "actual_prev1_provisional",
            "projection_next1",
            "projection_next2",
            "implementing_unit",
            "evidence_description",
        ]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "implementing_unit": forms.Textarea(attrs={"rows": 2}),
            "evidence_description": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, levels: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.levels = levels
        self.fields["weight"] = BanglaDecimalField(label=_("সূচকের মান"))
        value_type = self.instance.value_type or ValueType.NUMBER
        if self.instance.pk:
            self.initial["weight"] = display.digits(values.encode(self.instance.weight))
            for name in VALUE_COLUMNS:
                self.initial[name] = values.show(getattr(self.instance, name), value_type)
        targets = list(self.instance.targets or [])
        for index, level in enumerate(levels):
            name = f"target_{index}"
            self.fields[name] = forms.CharField(label=display.level_label(level), required=False)
            raw = targets[index] if index < len(targets) else None
            self.initial[name] = values.show(raw, value_type)
        self.style_widgets()

    def target_fields(self):
        return [self[f"target_{index}"] for index in range(len(self.levels))]

    def value_fields(self):
        return [self[name] for name in VALUE_COLUMNS]

    def clean(self):
        cleaned = super().clean()
        value_type = cleaned.get("value_type") or ValueType.NUMBER
        row = []
        for name in (*VALUE_COLUMNS, *(f"target_{i}" for i in range(len(self.levels)))):
            try:
                value = parse_value(self.data.get(self.add_prefix(name), ""), value_type)
            except forms.ValidationError as error:
                self.add_error(name, error)
                value = None
            cleaned[name] = values.encode(value)
            if name.startswith("target_"):
                row.append(value)
        # The model validates the row typed here, not the stored one, which may be of the old value type.
        self.instance.targets = self.typed_targets(cleaned)
        if not self.errors:
            self.check_target_order(row)
        return cleaned

    def check_target_order(self, row: list) -> None:
        """A row that rises and falls is refused here, the error beside each box out of the order the rest
        of the row follows (`scoring.TargetOrderError.misplaced`); a row with no target yet is kept (a draft
        may hold an unfinished indicator: validation reports it before submission)."""
        if all(value is None for value in row):
            return
        percents = tuple(level["percent"] for level in self.levels)
        try:
            scoring.target_direction(row, percents)
        except scoring.TargetOrderError as error:
            for level in error.misplaced:
                self.add_error(f"target_{percents.index(level)}", target_column_order_message(error))

    def add_error(self, field, error):
        # Indicator.clean() names its error `targets`, a field this form shows as one box per column.
        if field is None and isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            error = ValidationError(
                {NON_FIELD_ERRORS if name == "targets" else name: e for name, e in error.error_dict.items()}
            )
        super().add_error(field, error)

    def typed_targets(self, cleaned: dict) -> list:
        targets = [cleaned.get(f"target_{i}") for i in range(len(self.levels))]
        while targets and targets[-1] is None:
            targets.pop()
        return targets

    def save(self, commit: bool = False) -> Indicator:
        indicator = super().save(commit=False)
        for name in VALUE_COLUMNS:
            setattr(indicator, name, self.cleaned_data.get(name) or "")
        indicator.targets = self.typed_targets(self.cleaned_data)
        return indicator


class GovernanceIndicatorForm(IndicatorForm):
    """A governance indicator: its value is its plan's score and its marks the fiscal year's, so the office
    types only its code, title, earlier actuals, projections and Annex 2 entry."""

    FIXED = ("method", "unit", "value_type", "weight")

    def __init__(self, *args, levels: list[dict], **kwargs):
        super().__init__(*args, levels=[], **kwargs)
        for name in self.FIXED:
            del self.fields[name]

    def save(self, commit: bool = False) -> Indicator:
        targets = list(self.instance.targets or [])
        indicator = super().save(commit=False)
        indicator.targets = targets
        return indicator


class GovernanceAreaForm(AreaForm):
    """The governance area: its marks are the fiscal year's."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["weight"]


class RelatedOfficeForm(StyledForm, forms.ModelForm):
    """Annex 3: an office the indicator depends on, and how the work is coordinated with it."""

    class Meta:
        model = RelatedOffice
        fields = ["offices", "coordination_strategy"]
        widgets = {"offices": TEXTAREA, "coordination_strategy": TEXTAREA}


class RevisionForm(StyledForm, forms.Form):
    justification = form_field(
        Agreement,
        "revision_justification",
        required=True,
        label=_("সংশোধনের যৌক্তিকতা"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("সংশোধনের যৌক্তিকতা লিখুন।")},
    )


class CreateDraftForm(StyledForm, forms.Form):
    """The year of a new draft: the current or an upcoming fiscal year whose agreement the office has not
    started. A past year's agreement is history (it was signed, or never will be); it is not drafted now."""

    fiscal_year = forms.ModelChoiceField(
        label=_("অর্থবছর"),
        queryset=FiscalYear.objects.none(),
        empty_label=None,
        help_text=_(
            "কেবল চলতি বা আসন্ন অর্থবছর, যার চুক্তি এই অফিস এখনো তৈরি করেনি; "
            "শেষ হয়ে যাওয়া অর্থবছরের চুক্তি নতুন করে তৈরি করা যায় না।"
        ),
        error_messages={
            "required": _("অর্থবছর বেছে নিন।"),
            "invalid_choice": _(
                "এই অর্থবছরের খসড়া তৈরি করা যায় না: এর চুক্তি আগেই তৈরি হয়েছে অথবা বছরটি শেষ হয়ে গেছে।"
            ),
        },
    )
    from_agreement = forms.ModelChoiceField(
        label=_("যে চুক্তি থেকে শুরু করবেন"),
        queryset=Agreement.objects.none(),
        required=False,
        empty_label=_("— শূন্য থেকে শুরু —"),
    )

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        taken = Agreement.objects.filter(office=office).values("fiscal_year")
        self.fields["fiscal_year"].queryset = (
            FiscalYear.objects.exclude(pk__in=taken)
            .filter(start_year__gte=current_fiscal_start_year())
            .order_by("start_year")
        )
        self.fields["from_agreement"].queryset = (
            Agreement.objects.current().filter(office=office).select_related("fiscal_year")
        )
        self.fields["from_agreement"].label_from_instance = lambda a: (
            f"{a.fiscal_year} ({a.get_status_display()})"
        )


class VerifyForm(StyledForm, forms.Form):
    """Accept the reported value, or correct it with a reason."""

    decision = forms.ChoiceField(
        label=_("সিদ্ধান্ত"),
        choices=[("accept", _("গ্রহণ")), ("correct", _("সংশোধন"))],
        widget=forms.RadioSelect,
    )
    value = forms.CharField(label=_("সংশোধিত মান"), required=False)
    reason = form_field(
        Achievement, "verification_reason", label=_("কারণ"), required=False, widget=forms.TextInput
    )

    def __init__(self, *args, value_type: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.value_type = value_type

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "correct":
            try:
                cleaned["value"] = parse_value(cleaned.get("value", ""), self.value_type)
            except forms.ValidationError as error:
                self.add_error("value", error)
                return cleaned
            if cleaned["value"] is None:
                self.add_error("value", _("সংশোধিত মান দিন।"))
            if not cleaned.get("reason", "").strip():
                self.add_error("reason", _("মান সংশোধনের কারণ লিখুন।"))
        return cleaned


class ReportReturnForm(StyledForm, forms.Form):
    """A submitted quarterly report sent back: why, and until when the office may correct it."""

    reason = form_field(
        QuarterlyReport,
        "reason",
        required=True,
        label=_("ফেরত পাঠানোর কারণ"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("ফেরত পাঠানোর কারণ লিখুন।")},
    )
    until = BanglaDateField(
        label=_("যে তারিখ পর্যন্ত অফিস সংশোধন করতে পারবে"),
        help_text=_("দিন/মাস/বছর, যেমন ২০/০২/২০২৪। এর পরে ত্রৈমাসিকটি আবার বন্ধ হবে।"),
        error_messages={"required": _("তারিখ দিন।")},
    )


class NoteForm(StyledForm, forms.Form):
    # The office's and the supervisor's notes have one limit.
    note = form_field(
        SelfAssessment,
        "office_note",
        label=_("মন্তব্য"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class WorkspaceFilterForm(StyledForm, forms.Form):
    """Filters of the supervisor's agreement list."""

    q = forms.CharField(label=_("অফিস খুঁজুন (বাংলা বা ইংরেজি নাম, অথবা কোড)"), required=False)
    year = forms.ModelChoiceField(
        label=_("অর্থবছর"), queryset=FiscalYear.objects.all(), required=False, empty_label=_("সকল")
    )
    status = forms.ChoiceField(
        label=_("অবস্থা"), choices=[("", _("সকল")), *AgreementStatus.choices], required=False
    )
    deadline = forms.ChoiceField(
        label=_("সময়সীমা"),
        required=False,
        choices=[("", _("সকল")), ("overdue", _("স্বাক্ষরের শেষ তারিখ পার, এখনো কার্যকর নয়"))],
    )


class OrgImportForm(StyledForm, forms.Form):
    """The administrator's import of the office tree or of people (agreements.org_import)."""

    kind = forms.ChoiceField(
        label=_("কী আমদানি করবেন"),
        choices=[("offices", _("অফিসের শ্রেণিবিন্যাস")), ("users", _("ব্যবহারকারী ও ভূমিকা"))],
    )
    file = forms.FileField(
        label=_("ফাইল (UTF-8 CSV বা .xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("শুধু .csv বা .xlsx ফাইল আমদানি করা যায়।"))
        return upload


class ManagedOfficeField(forms.CharField):
    """An office of the actor's scope, typed as its code: a national administrator's scope is some 25,000
    offices, too many for a list to choose from."""

    def __init__(self, *, actor: User, **kwargs):
        super().__init__(label=_("অফিসের কোড"), max_length=64, **kwargs)
        self.actor = actor

    def clean(self, value) -> Office:
        code = super().clean(value).strip()
        office = managed_offices(self.actor).filter(code=code).first()
        if office is None:
            raise forms.ValidationError(_("«%(code)s» কোডের কোনো অফিস আপনার আওতায় নেই।") % {"code": code})
        return office


class RoleForm(StyledForm, forms.Form):
    """A role at an office of the actor's scope."""

    def __init__(self, *args, actor: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"] = ManagedOfficeField(actor=actor)
        self.fields["role"] = forms.ChoiceField(
            label=_("ভূমিকা"), choices=[(r, Role(r).label) for r in assignable_roles(actor)]
        )
        self.style_widgets()


class PersonForm(RoleForm):
    """A new person of the actor's scope, with one role; their password they set from the e-mailed link."""

    username = forms.CharField(label=_("লগইন নাম"), max_length=150, validators=[User.username_validator])
    name_bn = form_field(User, "name_bn", label=_("নাম (বাংলা)"))
    email = forms.EmailField(label=_("ই-মেইল"), help_text=_("পাসওয়ার্ড ঠিক করার লিংক এই ঠিকানায় যাবে।"))
    designation_bn = form_field(User, "designation_bn", label=_("পদবি (বাংলা)"), required=False)
    field_order = ["username", "name_bn", "email", "designation_bn", "office", "role"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(self.field_order)

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        if User.objects.filter(username=username).exists():
            raise forms.ValidationError(_("এই লগইন নাম আগে থেকেই আছে।"))
        return username
