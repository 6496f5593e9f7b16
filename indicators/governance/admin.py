"""Admin for the governance plans (Annex 4-8): templates (read-only once a signed agreement uses them),
an agreement's plans, their rows and quarterly achievements."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.translation import gettext as _

from agreements.admin_audit import AuditedAdmin, BanglaNumbers
from agreements.audit import audit_record, snapshot
from indicators.governance.models import (
    GovernancePlan,
    GovernancePlanTemplate,
    PlanItem,
    PlanItemAchievement,
    PlanTemplateItem,
)
from indicators.governance.selectors import template_is_current, template_is_locked


def template_frozen(template: GovernancePlanTemplate | None) -> bool:
    """A signed agreement's plan came from it, or a later version exists: it may only be read here."""
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
