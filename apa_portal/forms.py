"""What every form of the project shares, below the features that use it."""

from __future__ import annotations

from django.http import QueryDict

from apa_portal.bangla import strip_bidi_controls


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
