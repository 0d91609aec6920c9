from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from clusters.forms import MembershipInlineFormSet
from clusters.models import (
    Cluster,
    EmulationYear,
    Membership,
    Representative,
    SecretariatGrant,
    Unit,
    User,
)


class ClosedYearReadOnly:
    """Admin pages of a year's data are read-only once the year is closed, as the app's pages are.

    `closed_year_path` names the path from the object to its emulation year.
    """

    closed_year_path = "year"

    def _closed(self, obj) -> bool:
        year = obj
        for part in self.closed_year_path.split("__"):
            year = getattr(year, part)
        return year.is_closed

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and self._closed(obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and self._closed(obj):
            return False
        return super().has_delete_permission(request, obj)


admin.site.site_header = _("Cụm thi đua — Quản trị")
admin.site.site_title = _("Cụm thi đua")
admin.site.index_title = _("Danh mục và tài khoản")


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "admin_code", "kind", "valid_from", "valid_to"]
    list_filter = ["kind", ("valid_to", admin.EmptyFieldListFilter)]
    search_fields = ["name", "search_name", "admin_code", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["successors"]


@admin.register(Cluster)
class ClusterAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "council"]
    list_filter = ["kind"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class MembershipInline(admin.TabularInline):
    model = Membership
    formset = MembershipInlineFormSet
    extra = 0
    autocomplete_fields = ["unit"]


class RepresentativeInline(admin.TabularInline):
    model = Representative
    extra = 0
    autocomplete_fields = ["unit"]


class SecretariatGrantInline(admin.TabularInline):
    model = SecretariatGrant
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(EmulationYear)
class EmulationYearAdmin(admin.ModelAdmin):
    list_display = ["cluster", "year", "phase", "host_unit", "conference_date"]
    list_filter = ["cluster", "phase", "year"]
    search_fields = ["cluster__name", "year"]
    autocomplete_fields = ["host_unit"]
    inlines = [MembershipInline, RepresentativeInline, SecretariatGrantInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["unit", "year", "role"]
    list_filter = ["role", "year__cluster", "year__year"]
    search_fields = ["unit__name", "unit__search_name"]
    autocomplete_fields = ["unit", "year"]


@admin.register(Representative)
class RepresentativeAdmin(admin.ModelAdmin):
    list_display = ["full_name", "title", "unit", "year", "is_sample"]
    list_filter = ["is_sample", "year__cluster", "year__year"]
    search_fields = ["full_name", "unit__name"]
    autocomplete_fields = ["unit", "year"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "full_name", "unit", "role", "is_active", "last_login"]
    list_filter = ["role", "is_active", "unit"]
    search_fields = ["username", "full_name", "email", "unit__name"]
    autocomplete_fields = ["unit"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets,
        (_("Đơn vị và vai trò"), {"fields": ["full_name", "unit", "role"]}),
    ]
    add_fieldsets = [
        *DjangoUserAdmin.add_fieldsets,
        (_("Đơn vị và vai trò"), {"fields": ["full_name", "unit", "role"]}),
    ]
