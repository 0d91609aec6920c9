"""Admin pages of scoring. Ballots are deliberately absent: nobody, an administrator included,
reads who voted for whom."""

from django.contrib import admin

from clusters.admin import AuditedAdmin, ClosedYearReadOnly
from clusters.models import EmulationYear
from scoring import services
from scoring.models import Assessment, BallotRound, CriteriaSheet, Criterion, ReviewAssignment


def criteria_editable(sheet: CriteriaSheet | None) -> bool:
    """The services' rule (`_lock_editable_criteria`): criteria change during set-up only."""
    return sheet is None or sheet.year.phase in services.EDITABLE_CRITERIA_PHASES


class CriterionInline(admin.TabularInline):
    """The sheet's criteria, editable as in the app: during the year's set-up only."""

    model = Criterion
    extra = 0
    fields = [
        "code",
        "text",
        "parent",
        "kind",
        "max_points",
        "cap",
        "evidence_required",
        "position",
    ]

    def has_add_permission(self, request, obj=None) -> bool:
        return criteria_editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return criteria_editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return criteria_editable(obj) and super().has_delete_permission(request, obj)


@admin.register(CriteriaSheet)
class CriteriaSheetAdmin(AuditedAdmin, ClosedYearReadOnly, admin.ModelAdmin):
    """For corrections; the secretariat edits the sheet in the app during set-up. The admin keeps
    the app's rules: the sheet changes only while its year is in set-up, its tie-breakers never
    once a score sheet of the year is final, and every change bumps its version (workbooks
    downloaded before no longer match)."""

    list_display = ["year", "version", "tie_breakers", "is_sample"]
    list_filter = ["year__cluster", "year__year"]
    readonly_fields = ["version"]
    inlines = [CriterionInline]

    def has_change_permission(self, request, obj=None) -> bool:
        return criteria_editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return criteria_editable(obj) and super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request, obj=None) -> list[str]:
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and services.any_sheet_final(obj.year):
            fields.append("tie_breakers")
        return fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "year":
            kwargs["queryset"] = EmulationYear.objects.filter(
                phase__in=services.EDITABLE_CRITERIA_PHASES
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        changed_rows = any(
            f.new_objects or f.changed_objects or f.deleted_objects for f in formsets
        )
        if change and (form.changed_data or changed_rows):
            services._criteria_changed(form.instance)


@admin.register(ReviewAssignment)
class ReviewAssignmentAdmin(AuditedAdmin, ClosedYearReadOnly, admin.ModelAdmin):
    """Cross-review (chấm chéo): which peer unit reviews which unit's sheet in a year."""

    list_display = ["year", "reviewer_unit", "reviewed_unit"]
    list_filter = ["year__cluster", "year__year"]
    search_fields = ["reviewer_unit__name", "reviewed_unit__name"]
    autocomplete_fields = ["year", "reviewer_unit", "reviewed_unit"]


@admin.register(Assessment)
class AssessmentAdmin(AuditedAdmin, admin.ModelAdmin):
    """Read only: a sheet changes through its services, which record every change."""

    list_display = ["unit", "year", "state", "final_total", "is_sample"]
    list_filter = ["state", "year__cluster", "year__year"]
    search_fields = ["unit__name"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(BallotRound)
class BallotRoundAdmin(AssessmentAdmin):
    """Rounds, read only, without their ballots."""

    list_display = ["year", "kind", "seats", "threshold", "state", "is_sample"]
    list_filter = ["kind", "state", "year__cluster", "year__year"]
    search_fields = []
