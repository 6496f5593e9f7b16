"""Admin for bulk exports and background imports: what was asked, by whom, how far it got and what failed.
Jobs are written by the workers, so the admin shows them and may delete old ones, but never edits them."""

from django.contrib import admin

from agreements.admin_audit import ViewOnlyAdmin

from .models import ExportJob, ExportJobPart, ImportJob


class ExportJobPartInline(admin.TabularInline):
    model = ExportJobPart
    extra = 0
    fields = ["index", "status", "reused", "failures"]


@admin.register(ExportJob)
class ExportJobAdmin(ViewOnlyAdmin):
    list_display = ["__str__", "kind", "format", "status", "done", "total", "created_by", "created_at"]
    list_filter = ["status", "kind", "format"]
    search_fields = ["description", "created_by__username", "result_name"]
    list_select_related = ["created_by"]
    date_hierarchy = "created_at"
    inlines = [ExportJobPartInline]


@admin.register(ExportJobPart)
class ExportJobPartAdmin(ViewOnlyAdmin):
    list_display = ["__str__", "job", "index", "status", "reused"]
    list_filter = ["status"]
    search_fields = ["job__description", "job__created_by__username"]
    list_select_related = ["job"]


@admin.register(ImportJob)
class ImportJobAdmin(ViewOnlyAdmin):
    list_display = ["__str__", "status", "done", "total", "attempts", "created_by", "created_at"]
    list_filter = ["status"]
    search_fields = ["filename", "created_by__username"]
    list_select_related = ["created_by"]
    date_hierarchy = "created_at"
