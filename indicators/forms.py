"""Forms for quarterly entry: they parse what the user typed (Bangla or ASCII digits) into typed values and
say in Bangla, next to the field, what is wrong. They never write: the views pass clean data to a service."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy

from apa_portal.forms import BanglaDateField, TypedTextForm

from . import values
from .models import Method, ValueType


class AchievementForm(TypedTextForm, forms.Form):
    value = forms.CharField(label=gettext_lazy("অর্জন"), required=False, max_length=64)
    remarks = forms.CharField(label=gettext_lazy("মন্তব্য"), required=False, max_length=4000)
    revision = forms.IntegerField(min_value=0, required=False, widget=forms.HiddenInput)
    # "Keep mine" after a conflict: the revision of the other person's value, which this one replaces.
    overwrite = forms.IntegerField(min_value=0, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, value_type: str = ValueType.NUMBER, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.value_type = value_type

    def clean_value(self) -> Decimal | date | None:
        try:
            return values.parse(self.cleaned_data.get("value", ""), self.value_type)
        except ValueError as error:
            raise forms.ValidationError(str(error), code="invalid") from None

    def clean_revision(self) -> int:
        return self.cleaned_data.get("revision") or 0

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("overwrite") is not None:
            cleaned["revision"] = cleaned["overwrite"]
        return cleaned


class ReopenForm(TypedTextForm, forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("পুনরায় খোলার কারণ"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        error_messages={"required": gettext_lazy("পুনরায় খোলার কারণ লিখুন।")},
    )
    until = BanglaDateField(
        label=gettext_lazy("যে তারিখ পর্যন্ত খোলা থাকবে"),
        error_messages={"required": gettext_lazy("তারিখ দিন।")},
    )


class MethodForm(TypedTextForm, forms.Form):
    """The supervisor's choice of a calculation method for an indicator the agreement left without one."""

    method = forms.ChoiceField(
        label=gettext_lazy("গণনা পদ্ধতি"),
        choices=Method.choices,
        error_messages={
            "required": gettext_lazy("একটি গণনা পদ্ধতি বেছে নিন।"),
            "invalid_choice": gettext_lazy("একটি গণনা পদ্ধতি বেছে নিন।"),
        },
    )
    # The quarter whose entry page the form was on, to return to it.
    quarter = forms.TypedChoiceField(choices=[(q, q) for q in (1, 2, 3, 4)], coerce=int, required=False)
