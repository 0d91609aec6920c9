from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from clusters.models import Membership
from clusters.wording import role_label

register = template.Library()

_BADGE_CLASS = {
    Membership.Role.HEAD: "text-bg-danger",
    Membership.Role.DEPUTY: "text-bg-warning",
    Membership.Role.MEMBER: "text-bg-light border",
}


@register.filter
def role_badge(role: str | None, kind: str | None = None) -> SafeString:
    """A role as a coloured badge; a dash where the unit had no membership. With the cluster's
    kind (`{{ m.role|role_badge:cluster.kind }}`) a khối's head is "Khối trưởng".

    A filter rather than an {% include %}: the cluster page renders one per unit and year.
    """
    if not role:
        return format_html('<span class="text-muted">—</span>')
    label = role_label(role, kind) if kind else Membership.Role(role).label
    return format_html('<span class="badge {}">{}</span>', _BADGE_CLASS[role], label)


@register.filter
def role_cells(roles: list[str | None], kind: str | None = None) -> SafeString:
    """One <td> per year with the unit's role: the members-over-time table has hundreds."""
    badges = {role: role_badge(role, kind) for role in set(roles)}
    # Safe: every badge comes from format_html, which escaped what it holds.
    return mark_safe("".join(f"<td>{badges[role]}</td>" for role in roles))  # nosec B308 B703
