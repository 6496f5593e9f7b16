from django.contrib import admin

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
