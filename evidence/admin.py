"""Admin for evidence items, audited like the rest of an agreement's content."""

from django.contrib import admin
from django.db import models

from agreements.admin_audit import AuditedAdmin

from .models import EvidenceItem


@admin.register(EvidenceItem)
class EvidenceItemAdmin(AuditedAdmin):
    list_display = [
        "__str__",
        "kind",
        "indicator",
        "plan_item",
        "quarter",
        "uploaded_by",
        "uploaded_at",
        "removed_at",
    ]
    list_filter = ["kind", "quarter"]
    search_fields = ["original_name", "url", "description", "indicator__code"]
    list_select_related = ["indicator", "plan_item", "uploaded_by"]
    raw_id_fields = ["indicator", "plan_item"]
    readonly_fields = ["sha256", "size", "content_type"]
    # A link typed without a scheme is taken as https (Django 6's default).
    formfield_overrides = {**AuditedAdmin.formfield_overrides, models.URLField: {"assume_scheme": "https"}}

    def agreement_of(self, obj: EvidenceItem):
        # An item proves either a Section 3 indicator or a governance plan item.
        return obj.indicator.agreement if obj.indicator_id else obj.plan_item.plan.agreement
