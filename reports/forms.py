from __future__ import annotations

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement, FiscalYear, Office, OfficeLevel, User
from agreements.selectors import (
    SUPERVISOR_ROLES,
    agreements_visible_to,
    is_administrator,
    latest_fiscal_year_id,
    offices_of,
)
from apa_portal.display import QUARTER_NAMES, QUARTERS
from apa_portal.forms import TypedTextForm

from .filenames import office_scope
from .models import ReportFormat, ReportKind
from .selectors import picked_office, picker_offices, picker_options, subtree_label


def can_bulk_export(user: User) -> bool:
    """Administrators and supervisor offices' people export many offices at once."""
    return is_administrator(user) or bool(offices_of(user, *SUPERVISOR_ROLES))


class BulkExportForm(TypedTextForm, forms.Form):
    # The server says what is missing, in Bangla; the browser's own bubble would say it in English.
    use_required_attribute = False

    # A picker value ("office:<code>" or "subtree:<code>"), checked against the user's scope in clean_office:
    # the options shown are only a page of the tree (reports.selectors.picker_offices); a script loads others.
    office = forms.CharField(
        label=_("অফিস"),
        widget=forms.Select,
        error_messages={"required": _("একটি অফিস, অথবা একটি অফিস ও এর অধীন সকল অফিস বেছে নিন।")},
    )
    level = forms.ChoiceField(
        label=_("অফিসের স্তর"), choices=[("", _("সকল স্তর")), *OfficeLevel.choices], required=False
    )
    kind = forms.ChoiceField(label=_("প্রতিবেদনের ধরন"), choices=ReportKind.choices)
    format = forms.ChoiceField(label=_("ফরম্যাট"), choices=ReportFormat.choices, initial=ReportFormat.PDF)
    fiscal_year = forms.ModelChoiceField(
        label=_("অর্থবছর"), queryset=FiscalYear.objects.all(), empty_label=None
    )
    quarter = forms.TypedChoiceField(
        label=_("ত্রৈমাসিক (শুধু ত্রৈমাসিক প্রতিবেদনের জন্য)"),
        choices=[("", "—"), *((q, QUARTER_NAMES[q]) for q in QUARTERS)],  # ১ম ত্রৈমাসিক …
        coerce=int,
        required=False,
        empty_value=None,
    )

    def __init__(self, *args, user: User, search: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        offices, self.more_offices = picker_offices(user, text=search)
        options = picker_options(offices)
        picked = picked_office(user, self.data.get("office", "")) if self.is_bound else None
        if picked is not None:  # what was chosen stays chosen when the form comes back with an error
            shown = {option.value for option in options}
            options = [o for o in picker_options([picked[0]]) if o.value not in shown] + options
        self.fields["office"].widget.choices = [
            ("", _("— অফিস বেছে নিন —")),
            *((option.value, option.indented_label) for option in options),
        ]
        self.fields["fiscal_year"].initial = latest_fiscal_year_id(user)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"

    def clean_office(self) -> tuple[Office, bool]:
        picked = picked_office(self.user, self.cleaned_data["office"])
        if picked is None:
            raise forms.ValidationError(_("এই অফিস আপনার আওতার বাইরে; এর প্রতিবেদন রপ্তানি করা যাবে না।"))
        return picked

    def clean(self):
        data = super().clean()
        if data.get("kind") == ReportKind.QUARTERLY and not data.get("quarter"):
            self.add_error("quarter", _("ত্রৈমাসিক প্রতিবেদনের জন্য ত্রৈমাসিক বেছে নিন।"))
        if self.errors:
            return data
        data["agreements"] = list(self.agreements(data))
        if not data["agreements"]:
            raise forms.ValidationError(_("নির্বাচিত অফিসসমূহের এই অর্থবছরের কোনো চুক্তি পাওয়া যায়নি।"))
        return data

    def agreements(self, data) -> QuerySet[Agreement]:
        office, subtree = data["office"]
        queryset = agreements_visible_to(self.user).filter(
            Q(office__tree_path__startswith=office.tree_path) if subtree else Q(office=office),
            is_current=True,
            fiscal_year=data["fiscal_year"],
        )
        if data.get("level"):
            queryset = queryset.filter(office__level=data["level"])
        return queryset.order_by("office__tree_path")

    def description(self) -> str:
        data = self.cleaned_data
        office, subtree = data["office"]
        offices = subtree_label(office) if subtree else office.name_bn
        level = dict(OfficeLevel.choices).get(data.get("level"), _("সকল স্তর"))
        return f"{offices} — {level} — {data['fiscal_year'].label}"

    def scope(self) -> str:
        """The offices chosen, as the export file's name says them (reports.filenames)."""
        office, subtree = self.cleaned_data["office"]
        return office_scope(office, subtree=subtree, level=self.cleaned_data.get("level", ""))


class ImportForm(TypedTextForm, forms.Form):
    file = forms.FileField(
        label=_("চুক্তির এক্সেল ফাইল (.xlsx)"),
        help_text=_("এই পোর্টাল থেকে নামানো চুক্তির এক্সেল ফরম্যাটে হতে হবে।"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("শুধু .xlsx ফাইল আমদানি করা যায়।"))
        if upload.size > 10 * 1024 * 1024:
            raise forms.ValidationError(_("ফাইলটি ১০ মেগাবাইটের বেশি বড়।"))
        return upload
