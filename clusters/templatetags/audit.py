from django import template

from clusters.audit import action_label as label_of

register = template.Library()


@register.filter
def action_label(code: str) -> str:
    """The activity log's words for an action code."""
    return label_of(code)
