"""Admin pages of scoring. Ballots are deliberately absent: nobody, an administrator included,
reads who voted for whom."""

from django.contrib import admin

from clusters.admin import AuditedAdmin, ClosedYearReadOnly
from scoring.models import Assessment, BallotRound, CriteriaSheet, Criterion, ReviewAssignment


class CriterionInline(admin.TabularInline):
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


@admin.register(CriteriaSheet)
class CriteriaSheetAdmin(AuditedAdmin, ClosedYearReadOnly, admin.ModelAdmin):
    """For corrections; the secretariat edits the sheet in the app during set-up."""

    list_display = ["year", "version", "tie_breakers", "is_sample"]
    list_filter = ["year__cluster", "year__year"]
    readonly_fields = ["version"]
    inlines = [CriterionInline]


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
