"""`{% document_seal as mark %}`: what a frozen document prints in its seal block
(templates/documents/_seal.html), set by clusters.documents.store.freeze while it renders.
A draft or a page gets None, so only the stored document carries a code."""

from django import template

from clusters import seal

register = template.Library()


@register.simple_tag
def document_seal() -> seal.SealMark | None:
    return seal.current_mark()
