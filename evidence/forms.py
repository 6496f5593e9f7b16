"""Forms for attaching evidence: a file or a link, with an optional description."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apa_portal.forms import TypedTextForm


class EvidenceFileForm(TypedTextForm, forms.Form):
    file = forms.FileField(label=_("ফাইল"), error_messages={"required": _("একটি ফাইল বেছে নিন।")})
    description = forms.CharField(label=_("বিবরণ"), required=False, max_length=500)


class EvidenceLinkForm(TypedTextForm, forms.Form):
    # A CharField, not a URLField: the scheme rule and its Bangla message live in evidence.validation.
    url = forms.CharField(label=_("লিংক"), max_length=2000, error_messages={"required": _("লিংক লিখুন।")})
    description = forms.CharField(label=_("বিবরণ"), required=False, max_length=500)


class EvidenceRemoveForm(TypedTextForm, forms.Form):
    reason = forms.CharField(label=_("অপসারণের কারণ"), required=False, max_length=1000)
