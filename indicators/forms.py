"""Forms for quarterly entry: they parse what the user typed (Bangla or ASCII digits) into typed values and
say in Bangla, next to the field, what is wrong. They never write: the views pass clean data to a service."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy

from apa_portal.forms import BanglaDateField, TypedTextForm

from . import values
from .models import ValueType


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


def chosen_methods(data) -> dict[int, str] | None:
    """The methods page's choices, `method-<indicator id>` → method, left blank rows out, in the page's
    order; None when a field names no indicator id (a forged form: the view answers 404). Which ids and
    methods are allowed is the service's decision (indicators.method_completion)."""
    chosen = {}
    for key in data:
        if not key.startswith("method-"):
            continue
        pk = key.removeprefix("method-")
        if not pk.isascii() or not pk.isdigit():
            return None
        if data.get(key):
            chosen[int(pk)] = data.get(key)
    return chosen


def requested_ids(data) -> list[int] | None:
    """The indicator ids a request for methods names; None when one is not an id."""
    ids = data.getlist("indicator")
    if not ids or not all(pk.isascii() and pk.isdigit() for pk in ids):
        return None
    return [int(pk) for pk in ids]


def quarter_of(data) -> int:
    """The quarter whose entry page a form was sent from (to return to it), else the first."""
    quarter = data.get("quarter", "")
    return int(quarter) if quarter in ("1", "2", "3", "4") else 1
