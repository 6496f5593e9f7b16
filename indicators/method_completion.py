"""Completing a signed agreement: the supervisor office fills in a calculation method the agreement left
blank (the Khulna document has none for most of its indicators). Without one, an indicator reported in
more than one quarter has no annual achievement, so the office cannot enter further quarters. A blank
method is filled in, never changed: a changed method changes what a target means, which only a revision
of the agreement may do."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from agreements import notifications
from agreements.access import lock, require_role
from agreements.audit import audit_record
from agreements.models import AgreementStatus, Role, User
from apa_portal import display

from .models import Indicator, Method, ValueType
from .scores import refresh_scores
from .selectors import allowed_methods

METHOD_ROLES = (Role.SUPERVISOR_REVIEWER, Role.ADMINISTRATOR)


def method_problem(indicator: Indicator, method: str) -> str:
    """Why `method` cannot complete `indicator`, or ""."""
    if indicator.agreement.status != AgreementStatus.ACTIVE or not indicator.agreement.is_current:
        return _("কেবল কার্যকর চুক্তির সূচকে গণনা পদ্ধতি যোগ করা যায়।")
    if indicator.governance_kind or indicator.value_type == ValueType.SCORE:
        return _("সুশাসন সূচকের মান কর্মপরিকল্পনার স্কোর থেকে আসে; এর গণনা পদ্ধতি লাগে না।")
    if indicator.method:
        return _("এই সূচকের গণনা পদ্ধতি চুক্তিতে দেওয়া আছে (%(method)s); বদলাতে হলে চুক্তি সংশোধন করতে হবে।") % {
            "method": indicator.get_method_display()
        }
    if method not in Method.values:
        return _("একটি গণনা পদ্ধতি বেছে নিন।")
    if method not in allowed_methods(indicator.value_type):
        return _(
            "এই সূচকের জন্য '%(method)s' পদ্ধতি চলে না: তারিখের সূচকের পদ্ধতি 'তারিখ', আর শতাংশের সমষ্টি অর্থবহ নয়।"
        ) % {"method": Method(method).label}
    return ""


@transaction.atomic
def indicator_method_complete(*, indicator: Indicator, method: str, actor: User) -> Indicator:
    """Fill in the blank calculation method of an indicator of an active agreement, with an audit row
    (who, when, — → method), the agreement's scores refreshed and the office told."""
    agreement = lock(indicator.agreement_id)
    require_role(actor, agreement, *METHOD_ROLES)
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    indicator.agreement = agreement
    problem = method_problem(indicator, method)
    if problem:
        raise ValidationError({"method": problem})
    indicator.method = method
    indicator.full_clean()
    indicator.save(update_fields=["method"])
    audit_record(
        actor=actor,
        action="indicator.method_complete",
        obj=indicator,
        agreement=agreement,
        before={"method": ""},
        after={"method": method},
    )
    refresh_scores(agreement=agreement)
    notifications.notify_agreement(
        agreement,
        "method_completed",
        actor=actor,
        details=lambda: {"code": display.digits(indicator.code), "method": indicator.get_method_display()},
    )
    return indicator
