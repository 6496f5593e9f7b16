from __future__ import annotations

from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement, FiscalYear, Office, OfficeLevel, User
from agreements.selectors import SUPERVISOR_ROLES, agreements_visible_to, is_administrator, offices_of
from apa_portal.forms import TypedTextForm

from .models import ReportFormat, ReportKind


def can_bulk_export(user: User) -> bool:
    """Administrators and supervisor offices' people export many offices at once."""
    return is_administrator(user) or bool(offices_of(user, *SUPERVISOR_ROLES))


def export_root_offices(user: User) -> QuerySet[Office]:
    """The offices whose subtree `user` may export: those with offices below them (a single office's report
    is a download of its own), within the user's supervisor offices' subtrees. Nationally some 450 of 25,000
    offices: the list of every office made the form a 2 MB page."""
    with_offices_below = Office.objects.filter(Exists(Office.objects.filter(parent=OuterRef("pk"))))
    if is_administrator(user):
        return with_offices_below
    scope = Q(pk__in=[])
    for office in offices_of(user, *SUPERVISOR_ROLES):
        scope |= Q(tree_path__startswith=office.tree_path)
    return with_offices_below.filter(scope)


class BulkExportForm(TypedTextForm, forms.Form):
    kind = forms.ChoiceField(label=_("প্রতিবেদনের ধরন"), choices=ReportKind.choices)
    format = forms.ChoiceField(label=_("ফরম্যাট"), choices=ReportFormat.choices, initial=ReportFormat.PDF)
    fiscal_year = forms.ModelChoiceField(
        label=_("অর্থবছর"), queryset=FiscalYear.objects.all(), empty_label=None
    )
    quarter = forms.TypedChoiceField(
        label=_("ত্রৈমাসিক (শুধু ত্রৈমাসিক প্রতিবেদনের জন্য)"),
        choices=[("", "—"), *((q, str(q)) for q in range(1, 5))],
        coerce=int,
        required=False,
        empty_value=None,
    )
    root = forms.ModelChoiceField(label=_("যে অফিসের অধীন সকল অফিস"), queryset=Office.objects.none())
    level = forms.ChoiceField(
        label=_("অফিসের স্তর"), choices=[("", _("সকল স্তর")), *OfficeLevel.choices], required=False
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["root"].queryset = export_root_offices(user)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"

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
        queryset = agreements_visible_to(self.user).filter(
            is_current=True,
            fiscal_year=data["fiscal_year"],
            office__tree_path__startswith=data["root"].tree_path,
        )
        if data.get("level"):
            queryset = queryset.filter(office__level=data["level"])
        return queryset.order_by("office__tree_path")

    def description(self) -> str:
        data = self.cleaned_data
        level = dict(OfficeLevel.choices).get(data.get("level"), _("সকল স্তর"))
        return f"{data['root'].name_bn} — {level} — {data['fiscal_year'].label}"


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
