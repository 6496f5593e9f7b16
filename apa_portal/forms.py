"""What every form of the project shares, below the features that use it: the directional controls taken out
of typed text, and numbers and dates typed in Bangla or ASCII digits (dates as দিন/মাস/বছর, the same on every
computer whatever its language)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext as _

from apa_portal import display
from apa_portal.bangla import parse_date, parse_decimal, strip_bidi_controls


class TypedTextForm:
    """A form whose typed text loses the directional controls (`apa_portal.bangla.text.BIDI_CONTROLS`)
    before any field sees it: so the cleaned data, what is saved, and the form shown again with an error all
    hold the text without them. Every form of the project mixes this in (tests/test_typed_text.py checks)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound:
            self.data = without_bidi_controls(self.data)


def without_bidi_controls(data):
    """A copy of submitted form data (a QueryDict or a plain dict) with every text value cleaned."""
    if isinstance(data, QueryDict):
        cleaned = data.copy()
        for key, values in data.lists():
            cleaned.setlist(key, [clean_value(value) for value in values])
        cleaned._mutable = False
        return cleaned
    return {key: clean_value(value) for key, value in data.items()}


def clean_value(value):
    if isinstance(value, str):
        return strip_bidi_controls(value)
    if isinstance(value, list | tuple):
        return type(value)(clean_value(v) for v in value)
    return value


class BanglaDecimalField(forms.CharField):
    """A number typed with Bangla or ASCII digits."""

    default_error_messages = {"invalid": _("সংখ্যা লিখুন, যেমন ১০ বা ২.৫।")}

    def __init__(self, *args, min_value: Decimal | None = Decimal(0), **kwargs):
        self.min_value = min_value
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "size": 6}))
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, Decimal | int):
            return display.number(value)
        return value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            number = parse_decimal(value)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if self.min_value is not None and number < self.min_value:
            raise forms.ValidationError(_("মান ঋণাত্মক হতে পারে না।"), code="min_value")
        return number


class BanglaDateField(forms.CharField):
    """A date typed as দিন/মাস/বছর with Bangla or ASCII digits (an ISO date is understood too)."""

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        try:
            return parse_date(text)
        except ValueError:
            raise forms.ValidationError(
                _("তারিখটি বোঝা যায়নি। দিন/মাস/বছর আকারে লিখুন, যেমন ১৫/০৩/২০২৪।"), code="invalid"
            ) from None
