"""Legal texts as dated data: which texts a document cites on its own date, and the seed.

A document's "Căn cứ" lines come from `basis_lines(on)`: for each purpose (the emulation law, its
decree, its circular) the texts in force on the document's date, so a letter of 25/03/2019 cites
the 2003 law as amended in 2005 and 2013, Nghị định 91/2017/NĐ-CP and Thông tư 08/2017/TT-BNV,
and a letter of 2025 Luật 06/2022/QH15 and Nghị định 98/2023/NĐ-CP. A text without an
"in force from" date is never cited: the seed leaves it empty where it could not be checked.

The seed (`SEED`, with the citation's words, in clusters/documents/legal.py) serves the data
migration clusters.0004 and the test fixtures after a flush; it only creates what is missing.
The administrator keeps the table in the admin.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from clusters.documents.legal import CIRCULAR, DECREE, LAW, SEED, citation

if TYPE_CHECKING:
    from clusters.models import LegalText

# The order of a document's "Căn cứ" lines.
PURPOSES = (LAW, DECREE, CIRCULAR)


def in_force(texts: Iterable[LegalText], on: datetime.date, purpose: str) -> list[LegalText]:
    """The texts of `purpose` in force on `on`, oldest first (no database)."""
    chosen = [t for t in texts if t.purpose == purpose and t.in_force_on(on)]
    return sorted(chosen, key=lambda t: (t.issued_on or t.in_force_from, t.number))


def texts_in_force(
    on: datetime.date, purpose: str, texts: Iterable[LegalText] | None = None
) -> list[LegalText]:
    """The texts a document dated `on` cites for `purpose` (from the table unless given)."""
    if texts is None:
        from clusters.models import LegalText

        texts = LegalText.objects.filter(purpose=purpose)
    return in_force(texts, on, purpose)


def basis_lines(on: datetime.date | None, texts: Iterable[LegalText] | None = None) -> list[str]:
    """The "Căn cứ" lines of a document dated `on`, one per purpose (one query): each line is
    the citations of that purpose's texts in force, joined by "; ". An undated draft is measured
    on the day it is printed."""
    if on is None:
        from django.utils import timezone

        on = timezone.localdate()
    if texts is None:
        from clusters.models import LegalText

        texts = list(LegalText.objects.all())
    texts = list(texts)
    lines = []
    for purpose in PURPOSES:
        chosen = in_force(texts, on, purpose)
        if chosen:
            lines.append("; ".join(citation(t) for t in chosen))
    return lines


_LINKS = ("amends", "replaced_by")


def seed_texts(model) -> None:
    """Create the missing seed texts, then link them (model passed in, so that a migration can
    give its historical one). An administrator's rows and changes are never overwritten."""
    created = {}
    for row in SEED:
        fields = {k: v for k, v in row.items() if k not in _LINKS and k != "number"}
        text, was_created = model.objects.get_or_create(number=row["number"], defaults=fields)
        if was_created:
            created[row["number"]] = text
    for row in SEED:
        text = created.get(row["number"])
        if text is None:
            continue
        for link in _LINKS:
            if row.get(link):
                setattr(text, link, model.objects.filter(number=row[link]).first())
        text.save()


def seed_numbers() -> list[str]:
    return [row["number"] for row in SEED]
