from django.contrib import admin
from django.db import models

from .models import EvidenceItem


@admin.register(EvidenceItem)
class EvidenceItemAdmin(admin.ModelAdmin):
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
    raw_id_fields = ["indicator", "plan_item"]
    readonly_fields = ["sha256", "size", "content_type"]
    # A link typed without a scheme is taken as https (Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
