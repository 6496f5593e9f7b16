"""Admin for the agreement's content and the governance plans, in Bangla."""

from django.contrib import admin

from agreements.admin_audit import AuditedAdmin

from .models import (
    Achievement,
    Activity,
    Area,
    GovernancePlan,
    GovernancePlanTemplate,
    Indicator,
    OutcomeIndicator,
    PlanItem,
    PlanItemAchievement,
    PlanTemplateItem,
    RelatedOffice,
)


class ActivityInline(admin.TabularInline):
    model = Activity
    extra = 0
    show_change_link = True


@admin.register(Area)
class AreaAdmin(AuditedAdmin):
    list_display = ["code", "title", "weight", "kind", "agreement"]
    list_filter = ["kind", "agreement__fiscal_year"]
    search_fields = ["title", "code", "agreement__office__name_bn"]
    list_select_related = ["agreement__office", "agreement__fiscal_year"]
    inlines = [ActivityInline]

    def agreement_of(self, obj):
        return obj.agreement


class IndicatorInline(admin.StackedInline):
    model = Indicator
    extra = 0
    show_change_link = True
    fields = ["position", "code", "title", "method", "unit", "value_type", "weight", "targets"]


@admin.register(Activity)
class ActivityAdmin(AuditedAdmin):
    list_display = ["code", "title", "area"]
    search_fields = ["title", "code"]
    list_select_related = ["area"]
    inlines = [IndicatorInline]

    def agreement_of(self, obj):
        return obj.area.agreement


class RelatedOfficeInline(admin.TabularInline):
    model = RelatedOffice
    extra = 0


class AchievementInline(admin.TabularInline):
    model = Achievement
    extra = 0
    fields = ["quarter", "value_number", "value_date", "remarks", "verification_status", "updated_by"]
    readonly_fields = ["updated_by"]


@admin.register(Indicator)
class IndicatorAdmin(AuditedAdmin):
    list_display = ["code", "title", "method", "unit", "weight", "agreement"]
    list_filter = ["method", "value_type", "area_kind", "agreement__fiscal_year"]
    search_fields = ["code", "title", "agreement__office__name_bn"]
    list_select_related = ["agreement__office", "agreement__fiscal_year"]
    inlines = [RelatedOfficeInline, AchievementInline]

    def agreement_of(self, obj):
        return obj.activity.area.agreement


@admin.register(OutcomeIndicator)
class OutcomeIndicatorAdmin(admin.ModelAdmin):
    list_display = ["title", "unit", "target", "agreement"]
    search_fields = ["title", "outcome"]


@admin.register(Achievement)
class AchievementAdmin(AuditedAdmin):
    list_display = ["indicator", "quarter", "value_number", "value_date", "verification_status", "updated_at"]
    list_filter = ["quarter", "verification_status", "indicator__agreement__fiscal_year"]
    search_fields = ["indicator__code", "indicator__title", "indicator__agreement__office__name_bn"]
    list_select_related = ["indicator"]
    raw_id_fields = ["indicator"]

    def agreement_of(self, obj):
        return obj.indicator.agreement


class PlanTemplateItemInline(admin.StackedInline):
    model = PlanTemplateItem
    extra = 0


@admin.register(GovernancePlanTemplate)
class GovernancePlanTemplateAdmin(admin.ModelAdmin):
    list_display = ["fiscal_year", "kind", "variant", "version", "total_marks"]
    list_filter = ["fiscal_year", "kind", "variant"]
    search_fields = ["title_bn"]
    inlines = [PlanTemplateItemInline]


class PlanItemInline(admin.StackedInline):
    model = PlanItem
    extra = 0
    show_change_link = True


@admin.register(GovernancePlan)
class GovernancePlanAdmin(AuditedAdmin):
    list_display = ["agreement", "kind", "total_marks", "claimed_total"]
    list_filter = ["kind", "agreement__fiscal_year"]
    search_fields = ["agreement__office__name_bn", "title_bn"]
    inlines = [PlanItemInline]

    def agreement_of(self, obj):
        return obj.agreement


class PlanItemAchievementInline(admin.TabularInline):
    model = PlanItemAchievement
    extra = 0


@admin.register(PlanItem)
class PlanItemAdmin(AuditedAdmin):
    list_display = ["indicator_code", "indicator", "weight", "claimed_score", "plan"]
    list_filter = ["plan__kind"]
    search_fields = ["indicator", "activity"]
    inlines = [PlanItemAchievementInline]

    def agreement_of(self, obj):
        return obj.plan.agreement
