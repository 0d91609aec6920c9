from django import forms
from django.contrib import admin

from awards.models import AwardQuota, AwardType, Decision, Recipient
from clusters.admin import AuditedAdmin, ClosedYearReadOnly


class AwardQuotaForm(forms.ModelForm):
    """The share is typed the Vietnamese way: 0,20. A quota names its route and its source."""

    class Meta:
        model = AwardQuota
        fields = [
            "award_type",
            "route",
            "rule",
            "share",
            "max_units",
            "base",
            "source",
            "clause",
            "legal_basis",
            "basis_verified",
            "is_active",
        ]
        localized_fields = ["share"]
        error_messages = {
            "route": {"required": AwardQuota.ROUTE_REQUIRED},
            "source": {"required": AwardQuota.SOURCE_REQUIRED},
        }


class AwardQuotaInline(admin.TabularInline):
    model = AwardQuota
    form = AwardQuotaForm
    extra = 0


@admin.register(AwardType)
class AwardTypeAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ["name", "recipient_kinds", "level", "legal_basis", "basis_verified", "order"]
    list_editable = ["order"]
    list_filter = ["level", "recipient_kinds", "basis_verified", "is_active"]
    search_fields = ["name", "code", "legal_basis"]
    prepopulated_fields = {"code": ["name"]}
    inlines = [AwardQuotaInline]


@admin.register(AwardQuota)
class AwardQuotaAdmin(AuditedAdmin, admin.ModelAdmin):
    form = AwardQuotaForm
    list_display = ["award_type", "route", "rule", "share", "max_units", "source", "is_active"]
    list_filter = ["award_type", "route", "base", "is_active"]
    list_select_related = ["award_type", "source"]
    search_fields = ["rule", "award_type__name", "legal_basis"]


class RecipientInline(ClosedYearReadOnly, admin.TabularInline):
    model = Recipient
    extra = 0
    fields = ["order", "kind", "name", "position", "organisation", "unit", "award_type"]
    autocomplete_fields = ["unit"]


@admin.register(Decision)
class DecisionAdmin(AuditedAdmin, ClosedYearReadOnly, admin.ModelAdmin):
    """For corrections by an administrator; the secretariat works in the app's pages."""

    list_display = ["number", "date", "issuer", "year", "is_sample"]
    list_filter = ["year__cluster", "year__year", "is_sample"]
    search_fields = ["number", "issuer", "signer_name"]
    autocomplete_fields = ["year"]
    inlines = [RecipientInline]


@admin.register(Recipient)
class RecipientAdmin(AuditedAdmin, ClosedYearReadOnly, admin.ModelAdmin):
    closed_year_path = "decision__year"

    list_display = ["name", "kind", "award_type", "unit", "decision"]
    list_filter = ["kind", "award_type", "decision__year__year"]
    search_fields = ["name", "search_name", "organisation"]
    list_select_related = ["award_type", "unit", "decision"]
    autocomplete_fields = ["unit", "decision"]
