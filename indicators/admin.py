"""Admin for the agreement's content and the governance plans, in Bangla."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.translation import gettext as _

from agreements.admin_audit import AuditedAdmin, BanglaNumbers, ReadOnlyAdmin
from agreements.services import audit_record, snapshot

from .models import (
    Achievement,
    Activity,
    AgreementScore,
    Area,
    GovernancePlan,
    GovernancePlanTemplate,
    Indicator,
    IndicatorScore,
    OutcomeIndicator,
    PlanItem,
    PlanItemAchievement,
    PlanTemplateItem,
    QuarterlyReport,
    RelatedOffice,
)


class ActivityInline(BanglaNumbers, admin.TabularInline):
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
    agreement_path = "agreement"


class IndicatorInline(BanglaNumbers, admin.StackedInline):
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
    agreement_path = "area__agreement"


class RelatedOfficeInline(BanglaNumbers, admin.TabularInline):
    model = RelatedOffice
    extra = 0


class AchievementInline(BanglaNumbers, admin.TabularInline):
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
    agreement_path = "agreement"


@admin.register(OutcomeIndicator)
class OutcomeIndicatorAdmin(AuditedAdmin):
    list_display = ["title", "unit", "target", "agreement"]
    list_filter = ["agreement__fiscal_year"]
    search_fields = ["title", "outcome", "agreement__office__name_bn"]
    list_select_related = ["agreement__office", "agreement__fiscal_year"]
    agreement_path = "agreement"


@admin.register(Achievement)
class AchievementAdmin(AuditedAdmin):
    list_display = ["indicator", "quarter", "value_number", "value_date", "verification_status", "updated_at"]
    list_filter = ["quarter", "verification_status", "indicator__agreement__fiscal_year"]
    search_fields = ["indicator__code", "indicator__title", "indicator__agreement__office__name_bn"]
    list_select_related = ["indicator"]
    raw_id_fields = ["indicator"]
    agreement_path = "indicator__agreement"


def template_frozen(template: GovernancePlanTemplate | None) -> bool:
    """A signed agreement's plan came from it, or a later version exists: it may only be read here."""
    from .governance_selectors import template_is_current, template_is_locked

    return template is not None and (not template_is_current(template) or template_is_locked(template))


class PlanTemplateItemInline(admin.StackedInline):
    model = PlanTemplateItem
    extra = 0

    def has_add_permission(self, request, obj=None) -> bool:
        return not template_frozen(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return not template_frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return not template_frozen(obj) and super().has_delete_permission(request, obj)


@admin.register(GovernancePlanTemplate)
class GovernancePlanTemplateAdmin(admin.ModelAdmin):
    """Templates in the admin: read-only once a signed agreement uses them (a change then goes through the
    template page, which makes a new version); every change is audited with the rows before and after."""

    list_display = ["fiscal_year", "kind", "variant", "version", "total_marks"]
    list_filter = ["fiscal_year", "kind", "variant"]
    search_fields = ["title_bn"]
    inlines = [PlanTemplateItemInline]

    def has_change_permission(self, request, obj=None) -> bool:
        return not template_frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return not template_frozen(obj) and super().has_delete_permission(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        template = self.get_object(request, object_id)
        if template_frozen(template):
            messages.info(
                request,
                _(
                    "এই ছক স্বাক্ষরিত চুক্তিতে ব্যবহৃত বা পুরোনো সংস্করণ, তাই এখানে কেবল দেখা যায়। "
                    "পরিবর্তনের জন্য %(url)s পাতা খুলুন।"
                )
                % {"url": reverse("governance:template", args=[template.pk])},
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change) -> None:
        # The audit row is written once the rows are saved too (save_related): a template is its rows.
        obj.audit_before = template_state(type(obj).objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        audit_record(
            actor=request.user,
            action="admin_change" if change else "admin_create",
            obj=form.instance,
            before=getattr(form.instance, "audit_before", None),
            after=template_state(form.instance),
        )

    def delete_model(self, request, obj) -> None:
        audit_record(actor=request.user, action="admin_delete", obj=obj, before=template_state(obj))
        super().delete_model(request, obj)


def template_state(template: GovernancePlanTemplate) -> dict:
    return {**snapshot(template), "items": [snapshot(item) for item in template.items.order_by("position")]}


class PlanItemInline(BanglaNumbers, admin.StackedInline):
    model = PlanItem
    extra = 0
    show_change_link = True


@admin.register(GovernancePlan)
class GovernancePlanAdmin(AuditedAdmin):
    list_display = ["agreement", "kind", "total_marks", "claimed_total"]
    list_filter = ["kind", "agreement__fiscal_year"]
    search_fields = ["agreement__office__name_bn", "title_bn"]
    list_select_related = ["agreement__office", "agreement__fiscal_year"]
    inlines = [PlanItemInline]
    agreement_path = "agreement"


class PlanItemAchievementInline(BanglaNumbers, admin.TabularInline):
    model = PlanItemAchievement
    extra = 0


@admin.register(PlanItem)
class PlanItemAdmin(AuditedAdmin):
    list_display = ["indicator_code", "indicator", "weight", "claimed_score", "plan"]
    list_filter = ["plan__kind"]
    search_fields = ["indicator", "activity"]
    list_select_related = ["plan__agreement__office", "plan__agreement__fiscal_year"]
    inlines = [PlanItemAchievementInline]
    agreement_path = "plan__agreement"


@admin.register(QuarterlyReport)
class QuarterlyReportAdmin(AuditedAdmin):
    list_display = ["agreement", "quarter", "status", "submitted_at", "submitted_by", "reopened_until"]
    list_filter = ["status", "quarter", "agreement__fiscal_year"]
    search_fields = ["agreement__office__name_bn", "agreement__office__code", "reason"]
    list_select_related = ["agreement__office", "agreement__fiscal_year", "submitted_by"]
    raw_id_fields = ["agreement", "submitted_by"]
    agreement_path = "agreement"


@admin.register(IndicatorScore)
class IndicatorScoreAdmin(ReadOnlyAdmin):
    """Stored scores are computed by `indicators.scores`; the admin shows them, never edits them."""

    list_display = ["indicator", "agreement", "kind", "reported", "annual_value", "raw", "weighted"]
    list_filter = ["kind", "reported", "agreement__fiscal_year"]
    search_fields = ["indicator__code", "indicator__title", "agreement__office__name_bn"]
    list_select_related = ["indicator", "agreement__office", "agreement__fiscal_year"]


@admin.register(AgreementScore)
class AgreementScoreAdmin(ReadOnlyAdmin):
    """Stored totals, computed by `indicators.scores`; read-only."""

    list_display = ["agreement", "kind", "total", "fiscal_year", "supervisor_office", "computed_at"]
    list_filter = ["kind", "fiscal_year"]
    search_fields = ["agreement__office__name_bn", "agreement__office__code"]
    list_select_related = ["agreement__office", "agreement__fiscal_year", "fiscal_year", "supervisor_office"]
