"""How the audit trail reads on a page: every recorded action by a Bangla name (never its key), a status
change by the statuses' names, and the changed object with its quarter named as the interface names it."""

from __future__ import annotations

import re

from django import template
from django.utils.translation import gettext_lazy as _

from agreements.models import AgreementStatus, AuditEntry, SelfAssessmentStatus
from apa_portal import display
from indicators.models import QuarterlyReportStatus, VerificationStatus

register = template.Library()

# Every action a service records (`audit_record(action=...)`); tests/test_audit_labels.py finds them in the
# code and fails when one has no name here.
ACTION_LABELS = {
    "agreement_create_draft": _("খসড়া তৈরি"),
    "office.create": _("অফিস যোগ (ফাইল থেকে)"),
    "office.update": _("অফিস পরিবর্তন (ফাইল থেকে)"),
    "user.create": _("ব্যবহারকারী যোগ"),
    "user.update": _("ব্যবহারকারীর তথ্য পরিবর্তন"),
    "user.roles": _("ব্যবহারকারীর ভূমিকা বদল"),
    "user.invite": _("পাসওয়ার্ড ঠিক করার লিংক পাঠানো"),
    "agreement_submit": _("দাখিল"),
    "agreement_resubmit": _("পুনরায় দাখিল"),
    "agreement_return": _("ফেরত"),
    "agreement_approve": _("অনুমোদন"),
    "agreement_sign": _("অফিস প্রধানের স্বাক্ষর"),
    "agreement_countersign": _("তত্ত্বাবধায়ক অফিস প্রধানের প্রতিস্বাক্ষর"),
    "agreement_reopen": _("পুনরায় খোলা"),
    "agreement_update": _("সার্বিক চিত্র/সেকশন ১ পরিবর্তন"),
    "agreement_supersede": _("সংশোধিত সংস্করণ দ্বারা প্রতিস্থাপিত"),
    "agreement_import": _("এক্সেল থেকে আমদানি"),
    "agreement_import_withdraw": _("আমদানি করা খসড়া প্রত্যাহার"),
    "governance_area_add": _("সুশাসন ও সংস্কারমূলক ক্ষেত্র যোগ"),
    "seed_import": _("নথি থেকে আমদানি"),
    "admin_create": _("প্রশাসক কর্তৃক যোগ"),
    "admin_change": _("প্রশাসক কর্তৃক পরিবর্তন"),
    "admin_delete": _("প্রশাসক কর্তৃক মুছে ফেলা"),
    "content_add": _("অংশ যোগ"),
    "content_change": _("অংশ পরিবর্তন"),
    "content_remove": _("অংশ মুছে ফেলা"),
    "content_move": _("ক্রম পরিবর্তন"),
    "revision_propose": _("সংশোধন প্রস্তাব"),
    "revision_approve": _("সংশোধন অনুমোদন"),
    "achievement.record": _("ত্রৈমাসিক অর্জন লেখা"),
    "achievement_verify": _("অর্জন যাচাই"),
    "achievement_accept_remaining": _("বাকি অর্জন অপরিবর্তিত গ্রহণ"),
    "evidence.add": _("প্রমাণক যোগ"),
    "evidence.remove": _("প্রমাণক অপসারণ"),
    "evidence.download": _("প্রমাণক ডাউনলোড"),
    "report.download": _("প্রতিবেদন ডাউনলোড"),
    "report.bulk_download": _("একসাথে রপ্তানি করা প্রতিবেদন ডাউনলোড"),
    "indicator.method_complete": _("গণনা পদ্ধতি যোগ"),
    "indicator.method_request": _("গণনা পদ্ধতি চেয়ে অনুরোধ"),
    "quarterly_report.submit": _("ত্রৈমাসিক প্রতিবেদন দাখিল"),
    "quarterly_report.reopen": _("ত্রৈমাসিক পুনরায় খোলা"),
    "quarterly_report.accept": _("ত্রৈমাসিক প্রতিবেদন গ্রহণ"),
    "quarterly_report.return": _("ত্রৈমাসিক প্রতিবেদন ফেরত"),
    "self_assessment_submit": _("স্ব-মূল্যায়ন দাখিল"),
    "self_assessment_verify": _("স্ব-মূল্যায়ন যাচাই"),
    "self_assessment_publish": _("মূল্যায়ন প্রকাশ"),
    "governance_plan_create": _("সুশাসন কর্মপরিকল্পনা যোগ"),
    "governance_plan_item_update": _("কর্মপরিকল্পনার সারি পরিবর্তন"),
    "governance_achievement_record": _("কর্মপরিকল্পনার অর্জন লেখা"),
    "governance_self_assessment_record": _("কর্মপরিকল্পনার স্ব-মূল্যায়ন"),
    "governance_evidence_add": _("কর্মপরিকল্পনার প্রমাণক যোগ"),
    "governance_evidence_remove": _("কর্মপরিকল্পনার প্রমাণক অপসারণ"),
    "governance_template_create": _("কর্মপরিকল্পনার ছক তৈরি"),
    "governance_template_version": _("ছকের নতুন সংস্করণ"),
    "governance_template_update": _("ছক পরিবর্তন"),
    "governance_allocation_update": _("সুশাসন ক্ষেত্রের মান বণ্টন পরিবর্তন"),
    "governance_plan_verify": _("কর্মপরিকল্পনার অর্জন যাচাই"),
    "governance_template_copy": _("আগের বছরের ছক অনুলিপি"),
    "fiscal_year_create": _("নতুন অর্থবছর তৈরি"),
    "fiscal_year_policy_change": _("স্কোর গণনার নীতি বা সুশাসন অংশের কাঠামো পরিবর্তন"),
    # Accounts (agreements/account_audit.py).
    "account.login": _("লগইন"),
    "account.logout": _("লগ আউট"),
    "account.login_failed": _("ব্যর্থ লগইন চেষ্টা"),
    "account.lockout": _("বারবার ভুল পাসওয়ার্ডে লগইন বন্ধ"),
    "account.password_change": _("পাসওয়ার্ড পরিবর্তন"),
    "account.password_reset_request": _("পাসওয়ার্ড পুনরুদ্ধারের অনুরোধ"),
    "account.password_reset": _("পাসওয়ার্ড পুনরুদ্ধার"),
    "account.second_factor_enrol": _("দ্বিতীয় ধাপের যাচাই চালু"),
    "account.second_factor_verify": _("দ্বিতীয় ধাপে যাচাই"),
    "account.second_factor_failed": _("দ্বিতীয় ধাপে ভুল কোড"),
    "account.second_factor_remove": _("দ্বিতীয় ধাপের যাচাই বন্ধ"),
}
# An action recorded by code newer than this table still reads as a sentence, never as its key.
UNKNOWN_ACTION = _("অন্যান্য পরিবর্তন")

STATUS_LABELS = {
    "indicators.quarterlyreport": dict(QuarterlyReportStatus.choices),
    "agreements.selfassessment": dict(SelfAssessmentStatus.choices),
    "agreements.agreement": dict(AgreementStatus.choices),
    "indicators.achievement": dict(VerificationStatus.choices),
}
ANY_STATUS = {
    **dict(QuarterlyReportStatus.choices),
    **dict(SelfAssessmentStatus.choices),
    **dict(AgreementStatus.choices),
}
# How a quarter ends an object's stored name ("১.১.১ Q3", "<agreement> Q3"; see the models' __str__).
QUARTER_SUFFIX = re.compile(r"\s+Q([1-4])$")


@register.filter
def action_label(action: str) -> str:
    """The recorded action's name in the interface's language."""
    return str(ACTION_LABELS.get(action, UNKNOWN_ACTION))


@register.filter
def status_change(entry: AuditEntry) -> tuple[str, str] | None:
    """(status before, status after) by name, when the entry records a status; "—" for none."""
    before, after = entry.before, entry.after
    before = before if isinstance(before, dict) else {}
    after = after if isinstance(after, dict) else {}
    if not (before.get("status") or after.get("status")):
        return None
    labels = STATUS_LABELS.get(entry.object_type, ANY_STATUS)

    def name(status: str | None) -> str:
        return str(labels.get(status) or ANY_STATUS.get(status) or "—") if status else "—"

    return name(before.get("status")), name(after.get("status"))


@register.filter
def audit_subject(entry: AuditEntry) -> str:
    """The changed object as stored, its quarter named ("১.১.১, ৩য় ত্রৈমাসিক") and digits in the
    interface's script."""
    match = QUARTER_SUFFIX.search(entry.object_repr)
    if match is None:
        return display.digits(entry.object_repr)
    name = entry.object_repr[: match.start()]
    return f"{display.digits(name)}, {display.quarter_name(int(match.group(1)))}"


@register.filter
def audit_quarter(entry: AuditEntry) -> int | None:
    """The quarter the entry concerns: recorded with it, or named in the object's stored name."""
    for data in (entry.after, entry.before):
        if isinstance(data, dict) and data.get("quarter") in (1, 2, 3, 4):
            return data["quarter"]
    match = QUARTER_SUFFIX.search(entry.object_repr)
    return int(match.group(1)) if match else None
