"""Admin for offices, users, fiscal years and agreements, in Bangla."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from indicators.models import Area, GovernancePlan, OutcomeIndicator

from .admin_audit import AuditedAdmin
from .models import (
    Acronym,
    Agreement,
    AgreementFunction,
    AuditEntry,
    FiscalYear,
    GovernanceAllocation,
    Office,
    OfficeMembership,
    QuarterWindow,
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
    search_fields = ["user__username", "user__name_bn", "office__name_bn", "office__code"]
    autocomplete_fields = ["user", "office"]


class QuarterWindowInline(admin.TabularInline):
    model = QuarterWindow
    extra = 0


class GovernanceAllocationInline(admin.TabularInline):
    model = GovernanceAllocation
    extra = 0


@admin.register(FiscalYear)
class FiscalYearAdmin(admin.ModelAdmin):
    list_display = [
        "label",
        "office_area_marks",
        "governance_area_marks",
        "scoring_policy",
        "revision_deadline",
    ]
    inlines = [QuarterWindowInline, GovernanceAllocationInline]


class FunctionInline(admin.TabularInline):
    model = AgreementFunction
    extra = 0


class AcronymInline(admin.TabularInline):
    model = Acronym
    extra = 0


class OutcomeInline(admin.StackedInline):
    model = OutcomeIndicator
    extra = 0
    classes = ["collapse"]


class AreaInline(admin.TabularInline):
    model = Area
    extra = 0
    show_change_link = True
    fields = ["position", "kind", "code", "title", "weight"]


class GovernancePlanInline(admin.TabularInline):
    model = GovernancePlan
    extra = 0
    show_change_link = True
    fields = ["kind", "title_bn", "total_marks", "claimed_total"]


class SignatureInline(admin.TabularInline):
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

    def agreement_of(self, obj):
        return obj


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit trail is read-only: it is written by the services, never edited."""

    list_display = ["at", "actor", "action", "object_type", "object_repr", "agreement"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_repr", "actor__username", "reason"]
    date_hierarchy = "at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
