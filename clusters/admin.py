from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import models
from django.utils.translation import gettext_lazy as _

from clusters import audit
from clusters.forms import MembershipInlineFormSet
from clusters.models import (
    AuditEvent,
    Cluster,
    Council,
    CouncilOfficer,
    EmulationYear,
    LegalText,
    Membership,
    PhaseWindow,
    Representative,
    SecretariatGrant,
    Unit,
    User,
)
from clusters.wording import role_label

# Never written to the audit, even as "changed".
SECRET_FIELDS = {"password"}


class AuditedAdmin:
    """Every change made in the admin writes its audit event, inside the admin's transaction:
    "admin.add", "admin.change" (the changed fields, before and after) and "admin.delete", for
    the object itself and for each row of its inlines.

    Put it first among the bases: `class UnitAdmin(AuditedAdmin, admin.ModelAdmin)`.
    """

    def save_model(self, request, obj, form, change) -> None:
        names = _audited_fields(obj, form.changed_data)
        before = _values(type(obj)._default_manager.get(pk=obj.pk), names) if change else {}
        super().save_model(request, obj, form, change)
        after = _values(obj, names, form)
        if change:
            changes = audit.diff(before, after)
            if changes:
                _record(request, "admin.change", obj, changes)
        else:
            _record(request, "admin.add", obj, {name: ["", value] for name, value in after.items()})

    def save_formset(self, request, form, formset, change) -> None:
        before = {}
        for inline in formset.initial_forms:
            obj = inline.instance
            if obj.pk is not None and inline.has_changed():
                names = _audited_fields(obj, inline.changed_data)
                before[obj.pk] = _values(type(obj)._default_manager.get(pk=obj.pk), names)
        for inline in formset.deleted_forms:
            if inline.instance.pk is not None:  # recorded while it still exists
                _record(request, "admin.delete", inline.instance, {}, parent=form.instance)
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            names = _audited_fields(obj, [f.name for f in obj._meta.concrete_fields])
            values = _values(obj, names)
            added = {name: ["", value] for name, value in values.items() if value}
            _record(request, "admin.add", obj, added, parent=form.instance)
        for obj, changed in formset.changed_objects:
            names = _audited_fields(obj, changed)
            changes = audit.diff(before.get(obj.pk, {}), _values(obj, names))
            if changes:
                _record(request, "admin.change", obj, changes, parent=form.instance)

    def delete_model(self, request, obj) -> None:
        _record(request, "admin.delete", obj, {})
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset) -> None:
        for obj in queryset:
            _record(request, "admin.delete", obj, {})
        super().delete_queryset(request, queryset)


def _audited_fields(obj: models.Model, names) -> list[str]:
    """The model fields among `names` (form-only fields such as password1 are left out)."""
    fields = {f.name for f in obj._meta.get_fields() if f.concrete or f.many_to_many}
    return [name for name in names if name in fields and name not in SECRET_FIELDS]


def _values(obj: models.Model, names, form=None) -> dict[str, str]:
    values = {}
    for name in names:
        field = obj._meta.get_field(name)
        if field.many_to_many:
            # The form's choice, as the relation is saved after save_model.
            related = form.cleaned_data.get(name, ()) if form is not None else None
            if related is None:
                related = getattr(obj, name).all() if obj.pk else ()
            values[name] = ", ".join(sorted(str(item) for item in related))
        else:
            values.update(audit.snapshot(obj, [name]))
    return values


def _year_of(obj: models.Model, parent: models.Model | None) -> EmulationYear | None:
    """The emulation year an object belongs to: itself, its `year`, or its parent's."""
    for candidate in (obj, parent):
        if isinstance(candidate, EmulationYear):
            return candidate
        year = getattr(candidate, "year", None) if candidate is not None else None
        if isinstance(year, EmulationYear):
            return year
        decision_year = getattr(getattr(candidate, "decision", None), "year", None)
        if isinstance(decision_year, EmulationYear):
            return decision_year
    return None


def _record(request, action: str, obj: models.Model, changes, parent=None) -> None:
    label = f"{obj._meta.verbose_name}: {obj}"[:200]
    if action == "admin.delete" and isinstance(obj, EmulationYear | Cluster):
        # Deleting a year or a cluster deletes its events with it: this one stays outside both.
        audit.record(actor=request.user, action=action, summary=label, changes=changes)
        return
    audit.record(
        actor=request.user,
        action=action,
        target=obj,
        year=_year_of(obj, parent),
        summary=label,
        changes=changes,
    )


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The activity log, read only: events are written by the services, never edited."""

    list_display = ["at", "actor_name", "unit", "ip", "action_label", "target_repr", "year"]
    list_filter = ["action", "year__cluster", "year__year"]
    search_fields = ["actor_name", "target_repr", "summary", "ip"]
    list_select_related = ["unit", "year__cluster"]
    date_hierarchy = "at"

    @admin.display(description=_("thao tác"), ordering="action")
    def action_label(self, event: AuditEvent) -> str:
        return audit.action_label(event.action)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ClosedYearReadOnly:
    """Admin pages of a year's data are read-only once the year is closed, as the app's pages
    are: no change, no deletion, no addition, for the object and for the rows of its inlines.

    `closed_year_path` names the path from the object (for an inline: from its parent) to its
    emulation year, "" for the year itself. A new object can only be given an open year: the
    first step of the path offers only those. Put it after AuditedAdmin, before the admin class.
    """

    closed_year_path = "year"

    def _year(self, obj) -> EmulationYear | None:
        year = obj
        for part in filter(None, self.closed_year_path.split("__")):
            year = getattr(year, part, None) if year is not None else None
        return year if isinstance(year, EmulationYear) else None

    def _closed(self, obj) -> bool:
        year = self._year(obj) if obj is not None else None
        return year is not None and year.is_closed

    def has_change_permission(self, request, obj=None) -> bool:
        if self._closed(obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        if self._closed(obj):
            return False
        return super().has_delete_permission(request, obj)

    def has_add_permission(self, request, *args) -> bool:
        # A model admin is asked without an object, an inline with its parent.
        if args and self._closed(args[0]):
            return False
        return super().has_add_permission(request, *args)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        first, _sep, rest = self.closed_year_path.partition("__")
        if first and db_field.name == first and "queryset" not in kwargs:
            closed = f"{rest}__phase" if rest else "phase"
            kwargs["queryset"] = db_field.related_model._default_manager.exclude(
                **{closed: EmulationYear.Phase.CLOSED}
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


# Folds Vietnamese names before Django's URLify suggests a slug (it would drop "đ" and marks).
# Listed after Django's urlify.js in each Media, so that the merged media keep that order.
VIETNAMESE_URLIFY = "js/urlify_vi.js"

# Neutral: the administrators keep cụm and khối alike (the product name stays in the title).
admin.site.site_header = _("Quản trị cụm, khối thi đua")
admin.site.site_title = _("Cụm thi đua")
admin.site.index_title = _("Danh mục và tài khoản")


@admin.register(Unit)
class UnitAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ["name", "admin_code", "kind", "valid_from", "valid_to"]
    list_filter = ["kind", ("valid_to", admin.EmptyFieldListFilter)]
    search_fields = ["name", "search_name", "admin_code", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["successors"]

    class Media:
        js = ["admin/js/urlify.js", VIETNAMESE_URLIFY]


@admin.register(Cluster)
class ClusterAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ["name", "kind", "council"]
    list_filter = ["kind"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    class Media:
        js = ["admin/js/urlify.js", VIETNAMESE_URLIFY]


class CouncilOfficerInline(admin.TabularInline):
    model = CouncilOfficer
    autocomplete_fields = ["user"]
    extra = 0


@admin.register(Council)
class CouncilAdmin(AuditedAdmin, admin.ModelAdmin):
    """The organising councils and their officers (who read every cluster the council
    organises: clusters.access)."""

    list_display = ["name", "kind", "province"]
    list_filter = ["kind"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["province"]
    inlines = [CouncilOfficerInline]

    class Media:
        js = ["admin/js/urlify.js", VIETNAMESE_URLIFY]


class MembershipInline(ClosedYearReadOnly, admin.TabularInline):
    model = Membership
    formset = MembershipInlineFormSet
    extra = 0
    autocomplete_fields = ["unit"]
    closed_year_path = ""


class RepresentativeInline(ClosedYearReadOnly, admin.TabularInline):
    model = Representative
    extra = 0
    autocomplete_fields = ["unit"]
    closed_year_path = ""


class SecretariatGrantInline(ClosedYearReadOnly, admin.TabularInline):
    model = SecretariatGrant
    extra = 0
    autocomplete_fields = ["user"]
    closed_year_path = ""


class PhaseWindowInline(ClosedYearReadOnly, admin.TabularInline):
    """The timeline, to read: dates move on the year's timeline page, with a reason."""

    model = PhaseWindow
    extra = 0
    closed_year_path = ""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(EmulationYear)
class EmulationYearAdmin(AuditedAdmin, ClosedYearReadOnly, admin.ModelAdmin):
    """The phase is read-only here: it moves on the year's page, which says what opens and locks
    and refuses passing over unfinished work; closing is its own action there too."""

    list_display = ["cluster", "year", "phase", "host_unit", "conference_date"]
    list_filter = ["cluster", "phase", "year"]
    search_fields = ["cluster__name", "year"]
    autocomplete_fields = ["host_unit"]
    readonly_fields = ["phase"]
    inlines = [MembershipInline, RepresentativeInline, SecretariatGrantInline, PhaseWindowInline]
    closed_year_path = ""


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin, ClosedYearReadOnly, admin.ModelAdmin):
    list_display = ["unit", "year", "role_in_cluster"]
    list_filter = ["role", "year__cluster", "year__year"]
    list_select_related = ["unit", "year__cluster"]
    search_fields = ["unit__name", "unit__search_name"]
    autocomplete_fields = ["unit", "year"]

    @admin.display(description=_("vai trò"), ordering="role")
    def role_in_cluster(self, membership: Membership) -> str:
        """ "Khối trưởng" in a khối: the role in its cluster's words, not the model's label."""
        return role_label(membership.role, membership.year.cluster.kind)


@admin.register(Representative)
class RepresentativeAdmin(AuditedAdmin, ClosedYearReadOnly, admin.ModelAdmin):
    list_display = ["full_name", "title", "unit", "year", "is_sample"]
    list_filter = ["is_sample", "year__cluster", "year__year"]
    search_fields = ["full_name", "unit__name"]
    autocomplete_fields = ["unit", "year"]


@admin.register(User)
class UserAdmin(AuditedAdmin, DjangoUserAdmin):
    list_display = ["username", "full_name", "unit", "role", "is_active", "last_login"]
    list_filter = ["role", "is_active", "unit"]
    # Folded names too: "nguyen van an" finds "Nguyễn Văn An", as the set-up pages do.
    search_fields = [
        "username",
        "full_name",
        "email",
        "search_name",
        "unit__name",
        "unit__search_name",
    ]
    autocomplete_fields = ["unit"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets,
        (_("Đơn vị và vai trò"), {"fields": ["full_name", "unit", "role"]}),
    ]
    add_fieldsets = [
        *DjangoUserAdmin.add_fieldsets,
        (_("Đơn vị và vai trò"), {"fields": ["full_name", "unit", "role"]}),
    ]


@admin.register(LegalText)
class LegalTextAdmin(AuditedAdmin, admin.ModelAdmin):
    """The legal texts the documents cite on their date: kept by the administrator."""

    list_display = [
        "number",
        "kind",
        "purpose",
        "issued_on",
        "in_force_from",
        "in_force_until",
        "replaced_by",
        "verified",
    ]
    list_filter = ["purpose", "kind", "verified"]
    search_fields = ["number", "title", "clauses"]
    autocomplete_fields = ["amends", "replaced_by"]


# --- Wording by unit kind (clusters/wording.py) ------------------------------------------------

from clusters.models import UnitKindWording  # noqa: E402 - this block is kept apart on purpose


@admin.register(UnitKindWording)
class UnitKindWordingAdmin(AuditedAdmin, admin.ModelAdmin):
    """Each unit kind's words on documents, seeded with the law's defaults for every kind: the
    administrator corrects them (a signed, stored document keeps the words it was signed with).
    One row per kind, none added or removed here."""

    list_display = ["kind", "council", "head_title", "deputy_title", "on_behalf", "locality"]
    readonly_fields = ["kind"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
