"""Admin for the agreement's content (Section 2, Section 3, achievements, reports, scores), in Bangla; the
governance plans' admin is indicators.governance.admin, registered from here."""

from django.contrib import admin

from agreements.admin_audit import AuditedAdmin, BanglaNumbers, ReadOnlyAdmin

from .governance import admin as governance_admin  # noqa: F401 (registers the Annex 4-8 models)
from .models import (
    Achievement,
    Activity,
    AgreementScore,
    Area,
    Indicator,
    IndicatorScore,
    OutcomeIndicator,
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
    # Newest first, by the primary key's index: the model's order (by indicator, that is by its area's and
    # activity's positions) sorted every achievement of the nation for each page (0.9-1.6 s for 491,520).
    ordering = ["-pk"]
    raw_id_fields = ["indicator"]
    agreement_path = "indicator__agreement"


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
