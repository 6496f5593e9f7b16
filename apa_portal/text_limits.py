"""How long typed free text may be, decided on the model field (issue 17: 2 MB in the overview's vision was
accepted and the document then took 33 s to render).

A limit fits the text's place in the printed document, with generous headroom over the longest real value in
the seed documents (agreements/seed_data/*.json, measured when the limits were set):

| limit | fields | longest in the seeds |
| --- | --- | --- |
| SECTION 5,000 | the overview's four sections | 1,763 (recent achievements) |
| STATEMENT 1,000 | vision, mission, functions, plan activities, evidence descriptions | 315 (an activity) |
| TITLE 500 | titles of areas, activities, indicators and plans; outcomes, agencies, data sources | 143 |
| NOTE 2,000 | remarks, reasons, notes, justifications, comments, related offices' strategy | 231 (a remark) |

`LimitedTextField` is a TextField whose `max_length` is checked by `full_clean` (Django checks a TextField's
`max_length` only in forms) and by its form field, both with the Bangla message of `MaxLength`; the form's
textarea carries the `maxlength` attribute. A form that is not a ModelForm takes its field from the model
(`form_field`), never a second number.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from apa_portal import display

SECTION = 5000
STATEMENT = 1000
TITLE = 500
NOTE = 2000


@deconstructible
class MaxLength(MaxLengthValidator):
    """Django's check, with the message in Bangla and the numbers in the interface's digits."""

    message = _("লেখাটি সর্বোচ্চ %(limit)s অক্ষরের হতে পারে; এখানে আছে %(length)s অক্ষর।")

    def __call__(self, value) -> None:
        length = self.clean(value)
        if self.compare(length, self.limit_value):
            raise ValidationError(
                self.message,
                code=self.code,
                params={
                    "limit": display.digits(self.limit_value),
                    "length": display.digits(length),
                    "limit_value": self.limit_value,
                    "show_value": length,
                    "value": value,
                },
            )


class LimitedTextField(models.TextField):
    """A TextField with a required `max_length`, checked on the model and in its form field."""

    def __init__(self, *args, max_length: int, **kwargs):
        super().__init__(*args, max_length=max_length, **kwargs)
        self.validators.append(MaxLength(max_length))

    def formfield(self, **kwargs):
        field = super().formfield(**kwargs)
        if field is not None:
            field.validators = [v for v in field.validators if type(v) is not MaxLengthValidator]
            if not any(isinstance(v, MaxLength) for v in field.validators):
                field.validators.append(MaxLength(self.max_length))
        return field


def form_field(model: type[models.Model], name: str, **kwargs) -> forms.Field:
    """The form field of `model.name`, with its limit, for a form that is not a ModelForm."""
    return model._meta.get_field(name).formfield(**kwargs)
