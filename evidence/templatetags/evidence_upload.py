"""The entry pages' inline evidence upload (static/js/evidence-upload.js) learns the server's limits and its
messages from data attributes written here, so that the browser's check before sending never drifts from
evidence.validation's."""

from django import template
from django.conf import settings
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from apa_portal import display
from evidence import validation

register = template.Library()


@register.simple_tag
def evidence_upload_attrs() -> SafeString:
    attributes = {
        "data-evidence-max-bytes": validation.max_upload_bytes(),
        "data-evidence-types": ",".join(validation.accepted_extensions()),
        "data-msg-ev-too-large": _("ফাইলটি %(limit)s মেগাবাইটের বেশি বড়; পাঠানো হয়নি।")
        % {"limit": display.number(settings.EVIDENCE_MAX_UPLOAD_MB)},
        "data-msg-ev-type": validation.type_refused_message(),
        "data-msg-ev-waiting": _("অপেক্ষমাণ…"),
        "data-msg-ev-sending": _("পাঠানো হচ্ছে…"),
        "data-msg-ev-offline": _("সংযোগ চলে গেছে; ফাইলটি পৌঁছায়নি।"),
        "data-msg-ev-error": _("ফাইলটি যুক্ত করা যায়নি।"),
        "data-msg-ev-retry": _("আবার পাঠান"),
        "data-msg-ev-file": _("ফাইল"),
    }
    return format_html_join(" ", '{}="{}"', attributes.items())
