from django import template

from clusters.documents.format import keep_place_names

register = template.Library()


@register.filter
def place_together(text: str) -> str:
    """A signature title never breaks inside the place it names ("TỈNH HÀ NAM" stays whole)."""
    return keep_place_names(str(text))
