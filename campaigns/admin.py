from django.contrib import admin

from campaigns.models import (
    Campaign,
    CampaignIndicator,
    CampaignReport,
    Covenant,
    CovenantClause,
    CovenantSignature,
)
from clusters.admin import AuditedAdmin, ClosedYearReadOnly


@admin.register(Campaign)
class CampaignAdmin(AuditedAdmin, admin.ModelAdmin):
    """The campaign registry is kept by the administrator; secretariats pick a year's campaigns."""

    list_display = ["title", "launched_by", "launched_on", "document_number", "kind"]
    list_filter = ["launched_by", "kind"]
    search_fields = ["title", "document_number"]
    filter_horizontal = ["years"]
    autocomplete_fields = ["launcher_unit", "launcher_cluster"]


class IndicatorInline(ClosedYearReadOnly, admin.TabularInline):
    model = CampaignIndicator
    extra = 0


@admin.register(CampaignReport)
class CampaignReportAdmin(AuditedAdmin, ClosedYearReadOnly, admin.ModelAdmin):
    list_display = ["unit", "campaign", "year", "updated_at"]
    list_filter = ["year__cluster", "campaign"]
    inlines = [IndicatorInline]
    readonly_fields = ["updated_by", "updated_at"]


class _FrozenWhenSigned:
    """A signed covenant is frozen here too: its clauses and signatures are read-only."""

    def has_change_permission(self, request, obj=None) -> bool:
        return not (obj is not None and obj.is_signed) and super().has_change_permission(
            request, obj
        )

    def has_add_permission(self, request, obj=None) -> bool:
        return not (obj is not None and obj.is_signed) and super().has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return not (obj is not None and obj.is_signed) and super().has_delete_permission(
            request, obj
        )


class ClauseInline(_FrozenWhenSigned, ClosedYearReadOnly, admin.TabularInline):
    model = CovenantClause
    extra = 0


class SignatureInline(_FrozenWhenSigned, ClosedYearReadOnly, admin.TabularInline):
    model = CovenantSignature
    extra = 0
    readonly_fields = ["recorded_by", "recorded_at"]


@admin.register(Covenant)
class CovenantAdmin(AuditedAdmin, ClosedYearReadOnly, admin.ModelAdmin):
    """Read-mostly: states change through the app's pages, where the rules are enforced."""

    list_display = ["year", "version", "state", "signing_date", "signed_at"]
    list_filter = ["state", "year__cluster"]
    inlines = [ClauseInline, SignatureInline]
    readonly_fields = ["state", "signed_at", "created_at"]

    def get_readonly_fields(self, request, obj=None) -> list[str]:
        if obj is not None and obj.is_signed:
            return [f.name for f in Covenant._meta.fields]
        return self.readonly_fields
