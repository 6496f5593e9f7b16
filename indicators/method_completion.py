"""Completing a signed agreement: the supervisor office fills in the calculation methods the agreement left
blank (the Khulna document has none for most of its indicators). Without one, an indicator reported in
more than one quarter has no annual achievement, so the office cannot enter further quarters. A blank
method is filled in, never changed: a changed method changes what a target means, which only a revision
of the agreement may do.

The reviewer fills every blank method of an agreement on one page in one save (`methods_complete`); the
office asks for them from its blocked rows (`methods_request`)."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements import notifications
from agreements.access import lock, require_role
from agreements.audit import audit_record
from agreements.models import OFFICE_ROLES, Agreement, AgreementStatus, AuditEntry, Role, User
from apa_portal import display

from .models import Indicator, Method, ValueType
from .scores import refresh_scores
from .selectors import allowed_methods, needs_method

METHOD_ROLES = (Role.SUPERVISOR_REVIEWER, Role.ADMINISTRATOR)
REQUEST_ROLES = OFFICE_ROLES
# The office asks once; the reviewers are not asked again about the same rows for this long.
REQUEST_QUIET = timedelta(days=1)


class UnknownIndicators(LookupError):
    """Ids that name no indicator of the agreement (a forged or mistaken form): the view answers 404."""


class MethodsFilledMeanwhile(ValidationError):
    """A method chosen on the page was filled in by someone else since the page was shown: nothing saved."""


class MethodsAlreadyRequested(ValidationError):
    """The office already asked for these rows' methods within the last day."""


def method_problem(indicator: Indicator, method: str) -> str:
    """Why `method` cannot complete `indicator` (whose method is blank: methods_complete checks that first),
    or ""."""
    if indicator.agreement.status != AgreementStatus.ACTIVE or not indicator.agreement.is_current:
        return _("কেবল কার্যকর চুক্তির সূচকে গণনা পদ্ধতি যোগ করা যায়।")
    if indicator.governance_kind or indicator.value_type == ValueType.SCORE:
        return _("সুশাসন সূচকের মান কর্মপরিকল্পনার স্কোর থেকে আসে; এর গণনা পদ্ধতি লাগে না।")
    if method not in Method.values:
        return _("একটি গণনা পদ্ধতি বেছে নিন।")
    if method not in allowed_methods(indicator.value_type):
        return _(
            "এই সূচকের জন্য '%(method)s' পদ্ধতি চলে না: তারিখের সূচকের পদ্ধতি 'তারিখ', আর শতাংশের সমষ্টি অর্থবহ নয়।"
        ) % {"method": Method(method).label}
    return ""


def codes(indicators) -> str:
    return ", ".join(display.digits(indicator.code) for indicator in indicators)


def locked_indicators(agreement: Agreement, ids) -> list[Indicator]:
    """The agreement's indicators `ids`, in the order given, locked; UnknownIndicators for any other id."""
    ids = list(dict.fromkeys(ids))
    found = {i.pk: i for i in Indicator.objects.select_for_update().filter(agreement=agreement, pk__in=ids)}
    unknown = [pk for pk in ids if pk not in found]
    if unknown:
        raise UnknownIndicators(unknown)
    for indicator in found.values():
        indicator.agreement = agreement
    return [found[pk] for pk in ids]


@transaction.atomic
def methods_complete(*, agreement: Agreement, methods: dict[int, str], actor: User) -> list[Indicator]:
    """Fill in the blank calculation methods `methods` (indicator id → method) of an active agreement, all or
    none: an audit row per indicator (who, when, — → method), the agreement's scores refreshed once and the
    office told once, naming every row."""
    agreement = lock(agreement)
    require_role(actor, agreement, *METHOD_ROLES)
    if not methods:
        raise ValidationError(_("অন্তত একটি সূচকের গণনা পদ্ধতি বেছে নিন।"))
    indicators = locked_indicators(agreement, methods)
    filled = [indicator for indicator in indicators if indicator.method]
    if filled:
        raise MethodsFilledMeanwhile(
            _(
                "এই পাতা খোলার পর অন্য কেউ এই সূচকগুলোর গণনা পদ্ধতি যোগ করেছেন: [%(codes)s]। কিছুই সংরক্ষণ "
                "হয়নি; পাতাটি নতুন করে দেখানো হলো, বাকি সূচকগুলোর পদ্ধতি আবার বেছে সংরক্ষণ করুন।"
            )
            % {"codes": codes(filled)}
        )
    problems = {}
    for indicator in indicators:
        problem = method_problem(indicator, methods[indicator.pk])
        if problem:
            problems[f"method-{indicator.pk}"] = problem
    if problems:
        raise ValidationError(problems)
    for indicator in indicators:
        indicator.method = methods[indicator.pk]
        indicator.full_clean()
        indicator.save(update_fields=["method"])
        audit_record(
            actor=actor,
            action="indicator.method_complete",
            obj=indicator,
            agreement=agreement,
            before={"method": ""},
            after={"method": indicator.method},
        )
    refresh_scores(agreement=agreement)
    notifications.notify_agreement(
        agreement,
        "method_completed",
        actor=actor,
        details=lambda: {
            "count": display.number(len(indicators)),
            "rows": "; ".join(f"[{display.digits(i.code)}] {i.get_method_display()}" for i in indicators),
        },
    )
    return indicators


@transaction.atomic
def methods_request(*, agreement: Agreement, indicator_ids, actor: User) -> list[Indicator]:
    """The office asks the supervisor office's reviewers for the blank methods of `indicator_ids`: one
    notification naming the rows not asked for within the last day, audited; MethodsAlreadyRequested when
    every row was."""
    agreement = lock(agreement)
    require_role(actor, agreement, *REQUEST_ROLES)
    indicators = locked_indicators(agreement, indicator_ids)
    if not indicators or agreement.status != AgreementStatus.ACTIVE or not agreement.is_current:
        raise ValidationError(_("এই চুক্তির কোনো সূচকের গণনা পদ্ধতি চাওয়ার প্রয়োজন নেই।"))
    wanting = [indicator for indicator in indicators if needs_method(indicator)]
    if not wanting:
        raise ValidationError(_("এই সূচকগুলোর গণনা পদ্ধতি এর মধ্যে যোগ হয়েছে; পাতাটি নতুন করে খুলুন।"))
    recent = AuditEntry.objects.filter(
        agreement=agreement, action="indicator.method_request", at__gte=timezone.now() - REQUEST_QUIET
    ).order_by("-at")
    asked = {pk for entry in recent for pk in (entry.after or {}).get("indicators", [])}
    new = [indicator for indicator in wanting if indicator.pk not in asked]
    if not new:
        last = recent.first()
        raise MethodsAlreadyRequested(
            _(
                "এই সূচকগুলোর গণনা পদ্ধতি %(when)s তারিখে (%(by)s) চাওয়া হয়েছে; তত্ত্বাবধায়ক অফিসের এপিএ "
                "টিমকে জানানো আছে। এক দিনের মধ্যে আবার অনুরোধ পাঠানো হয় না।"
            )
            % {"when": display.date_long(timezone.localdate(last.at)), "by": last.actor or "—"}
        )
    audit_record(
        actor=actor,
        action="indicator.method_request",
        obj=agreement,
        agreement=agreement,
        after={"indicators": [indicator.pk for indicator in new], "codes": [i.code for i in new]},
    )
    notifications.notify_agreement(
        agreement,
        "method_requested",
        actor=actor,
        url=reverse("indicators:methods", args=[agreement.pk]),
        details=lambda: {"count": display.number(len(new)), "codes": codes(new)},
    )
    return new
