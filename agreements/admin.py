"""Admin for offices, users, fiscal years and agreements, in Bangla."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from apa_portal import display
from apa_portal.forms import TypedTextForm
from indicators.governance.year_forms import GovernanceAllocationInlineFormSet
from indicators.models import Area, GovernancePlan, OutcomeIndicator

from .admin_audit import AuditedAdmin, BanglaNumbers, ReadOnlyAdmin, ViewOnlyAdmin
from .models import (
    Acronym,
    Agreement,
    AgreementFunction,
    AuditEntry,
    FiscalYear,
    GovernanceAllocation,
    Notification,
    Office,
    OfficeMembership,
    QuarterWindow,
    ReviewComment,
    SelfAssessment,
    Signature,
    User,
)

admin.site.site_header = _("এপিএ পোর্টাল — প্রশাসন")
admin.site.site_title = _("এপিএ পোর্টাল")
admin.site.index_title = _("প্রশাসন")


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ["code", "name_bn", "level", "supervisor", "parent"]
    list_filter = ["level"]
    list_select_related = ["supervisor", "parent"]
    search_fields = ["code", "name_bn", "name_en"]
    autocomplete_fields = ["parent", "supervisor"]
    readonly_fields = ["tree_path"]


class MembershipInline(admin.TabularInline):
    model = OfficeMembership
    extra = 0
    autocomplete_fields = ["office"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "name_bn", "designation_bn", "email", "is_active"]
    search_fields = ["username", "name_bn", "email"]
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("পরিচয় (বাংলা)"), {"fields": ["name_bn", "designation_bn"]}),
    )
    inlines = [MembershipInline]


@admin.register(OfficeMembership)
class OfficeMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "office", "role"]
    list_filter = ["role"]
    list_select_related = ["user", "office"]
    search_fields = ["user__username", "user__name_bn", "office__name_bn", "office__code"]
    autocomplete_fields = ["user", "office"]


class QuarterWindowInline(BanglaNumbers, admin.TabularInline):
    model = QuarterWindow
    extra = 0


class GovernanceAllocationInline(BanglaNumbers, admin.TabularInline):
    model = GovernanceAllocation
    extra = 0
    # The marks of the five plans make the governance area's marks (the rule of the year's page).
    formset = GovernanceAllocationInlineFormSet


class FiscalYearForm(TypedTextForm, forms.ModelForm):
    """Level columns and the scoring policy are the framework every agreement of the year was drafted,
    signed and scored under: once the year has agreements they stay as they are."""

    # Changing these later would move signed targets to other columns or rescore every office of the year
    # (some 24,000 agreements) inside one admin request. A mistaken policy or governance framework is
    # corrected on the year's page, with a reason, until an agreement is signed (`fiscal_year_policy_change`).
    FRAMEWORK_FIELDS = ("levels", "scoring_policy", "governance_framework")

    def clean(self):
        cleaned = super().clean()
        changed = [name for name in self.FRAMEWORK_FIELDS if name in self.changed_data]
        count = self.instance.agreements.count() if changed and self.instance.pk else 0
        for name in changed if count else []:
            self.add_error(
                name,
                _(
                    "এই অর্থবছরে ইতিমধ্যে %(count)sটি চুক্তি আছে: তাদের লক্ষ্যমাত্রা ও স্কোর এই কাঠামোতে "
                    "তৈরি, তাই এটি আর বদলানো যায় না।"
                )
                % {"count": display.number(count)},
            )
        return cleaned


@admin.register(FiscalYear)
class FiscalYearAdmin(AuditedAdmin):
    form = FiscalYearForm
    list_display = [
        "label",
        "office_area_marks",
        "governance_area_marks",
        "scoring_policy",
        "governance_framework",
        "revision_deadline",
    ]
    list_filter = ["scoring_policy", "governance_framework"]
    search_fields = ["start_year"]
    inlines = [QuarterWindowInline, GovernanceAllocationInline]


class FunctionInline(BanglaNumbers, admin.TabularInline):
    model = AgreementFunction
    extra = 0


class AcronymInline(BanglaNumbers, admin.TabularInline):
    model = Acronym
    extra = 0


class OutcomeInline(BanglaNumbers, admin.StackedInline):
    model = OutcomeIndicator
    extra = 0
    classes = ["collapse"]


class AreaInline(BanglaNumbers, admin.TabularInline):
    model = Area
    extra = 0
    show_change_link = True
    fields = ["position", "kind", "code", "title", "weight"]


class GovernancePlanInline(BanglaNumbers, admin.TabularInline):
    model = GovernancePlan
    extra = 0
    show_change_link = True
    fields = ["kind", "title_bn", "total_marks", "claimed_total"]


class SignatureInline(BanglaNumbers, admin.TabularInline):
    model = Signature
    extra = 0


@admin.register(Agreement)
class AgreementAdmin(AuditedAdmin):
    list_display = ["office", "fiscal_year", "version", "is_current", "status", "supervisor_office"]
    list_filter = ["fiscal_year", "status", "is_current", "office__level"]
    search_fields = ["office__name_bn", "office__code", "first_party_bn"]
    autocomplete_fields = ["office", "supervisor_office"]
    list_select_related = ["office", "fiscal_year", "supervisor_office"]
    inlines = [
        FunctionInline,
        OutcomeInline,
        AreaInline,
        AcronymInline,
        GovernancePlanInline,
        SignatureInline,
    ]
    fieldsets = (
        (None, {"fields": ["office", "supervisor_office", "fiscal_year", "version", "is_current", "status"]}),
        (_("পক্ষসমূহ"), {"fields": ["first_party_bn", "second_party_bn", "final_submission_at"]}),
        (
            _("কর্মসম্পাদনের সার্বিক চিত্র"),
            {
                "fields": [
                    "recent_achievements",
                    "problems_challenges",
                    "future_plans",
                    "expected_achievements",
                ]
            },
        ),
        (_("সেকশন ১"), {"fields": ["vision", "mission"]}),
        (_("সংশোধন"), {"fields": ["revision_justification"], "classes": ["collapse"]}),
    )
    agreement_path = ""


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """The audit trail is read-only: it is written by the services, never edited."""

    list_display = ["at", "actor", "action", "object_type", "object_repr", "agreement"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_repr", "actor__username", "reason"]
    list_select_related = ["actor", "agreement__office", "agreement__fiscal_year"]
    date_hierarchy = "at"


@admin.register(ReviewComment)
class ReviewCommentAdmin(AuditedAdmin):
    list_display = ["agreement", "item_label", "indicator", "author", "created_at", "resolved_at"]
    list_filter = ["agreement__fiscal_year", ("resolved_at", admin.EmptyFieldListFilter)]
    search_fields = ["text", "item_label", "agreement__office__name_bn", "agreement__office__code"]
    list_select_related = ["agreement__office", "agreement__fiscal_year", "indicator", "author"]
    raw_id_fields = ["agreement", "indicator", "author"]
    agreement_path = "agreement"


@admin.register(Notification)
class NotificationAdmin(ViewOnlyAdmin):
    """Messages the application sent: shown as sent; an administrator may delete them, not rewrite them."""

    list_display = ["recipient", "event", "message", "agreement", "created_at", "read_at"]
    list_filter = ["event", ("read_at", admin.EmptyFieldListFilter)]
    search_fields = ["message", "recipient__username", "recipient__name_bn"]
    list_select_related = ["recipient", "agreement__office", "agreement__fiscal_year"]
    date_hierarchy = "created_at"


@admin.register(SelfAssessment)
class SelfAssessmentAdmin(AuditedAdmin):
    list_display = [
        "agreement",
        "status",
        "claimed_total",
        "verified_total",
        "submitted_late",
        "submitted_at",
    ]
    list_filter = ["status", "submitted_late", "agreement__fiscal_year"]
    search_fields = ["agreement__office__name_bn", "agreement__office__code"]
    list_select_related = ["agreement__office", "agreement__fiscal_year"]
    raw_id_fields = ["agreement", "submitted_by", "verified_by"]
    agreement_path = "agreement"
