"""The compact (giao ước thi đua) as a document: data computed here, rendered by the shared path.

The template decides nothing: the header, the clauses, the appendix rows and the signature blocks
(authority line, title lines, name) are all computed from the covenant before rendering.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import translation

from campaigns import rules
from campaigns.appendix import AppendixRow, appendix_for
from campaigns.models import Covenant
from clusters import wording
from clusters.documents import DocumentHeader, render_html, render_pdf
from clusters.models import Unit
from clusters.queries import role_order
from clusters.text import decimal_text

TEMPLATE = "documents/compact.html"


# --- How a signature block reads (Nghị định 30/2020: "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / …";
# a ministry "BỘ NỘI VỤ / KT. BỘ TRƯỞNG / THỨ TRƯỞNG"): the unit's wording (clusters/wording.py).


def _unit(unit: Unit | str, kind: str | None) -> Unit:
    # A name and a kind (the older call, still made by the stamp of a signed compact) stand for
    # a unit without official names of its own: its kind's defaults.
    return Unit(name=unit, kind=kind or Unit.Kind.PROVINCE) if isinstance(unit, str) else unit


def signature_authority(unit: Unit | str, kind: str | None = None, *, table=None) -> list[str]:
    """The authority lines: "TM. ỦY BAN NHÂN DÂN" / "TỈNH NAM ĐỊNH"; "BỘ NỘI VỤ" for a ministry.

    Two lines at most, because three blocks share the width of a page.
    """
    return wording.for_unit(_unit(unit, kind), table).authority


def signature_titles(title: str, unit: Unit, table=None) -> list[str]:
    """The title lines of a block: "Phó Chủ tịch UBND tỉnh Nam Định" → KT. CHỦ TỊCH, PHÓ CHỦ TỊCH;
    "Thứ trưởng Bộ Nội vụ" → KT. BỘ TRƯỞNG, THỨ TRƯỞNG (the body is in the authority line)."""
    return wording.for_unit(unit, table).signer_titles(title)


@dataclass(frozen=True)
class SignatureBlock:
    unit_name: str
    authority: list[str]
    titles: list[str]
    full_name: str
    is_sample: bool
    signed: bool


@dataclass(frozen=True)
class AppendixLine:
    code: str
    text: str
    max_points: str
    kind: str


def signature_blocks(covenant: Covenant) -> list[SignatureBlock]:
    """One block per member, the head first: the recorded signature, else the representative."""
    year = covenant.year
    memberships = sorted(year.memberships.select_related("unit"), key=role_order)
    signatures = {s.unit_id: s for s in covenant.signatures.select_related("unit")}
    representatives = year.representatives_by_unit
    units = [m.unit for m in memberships]
    if covenant.is_signed:
        # A signed compact is frozen: exactly the units that signed, whatever the year's
        # memberships became afterwards (members first in their order, then any others).
        order = {unit.pk: index for index, unit in enumerate(units)}
        units = sorted(
            (s.unit for s in signatures.values()),
            key=lambda u: (order.get(u.pk, len(order)), u.search_name),
        )
    blocks = []
    table = wording.kind_table()
    for unit in units:
        signer = signatures.get(unit.pk) or representatives.get(unit.pk)
        blocks.append(
            SignatureBlock(
                unit_name=unit.name,
                authority=signature_authority(unit, table=table),
                titles=signature_titles(signer.title, unit, table) if signer else [],
                full_name=signer.full_name if signer else "",
                is_sample=bool(signer and signer.is_sample),
                signed=unit.pk in signatures,
            )
        )
    return blocks


def appendix_rows(covenant: Covenant) -> list[AppendixRow]:
    """A signed compact prints the criteria it was signed with; a draft the current ones."""
    if covenant.is_signed and covenant.appendix_snapshot is not None:
        return [AppendixRow.from_json(item) for item in covenant.appendix_snapshot]
    return appendix_for(covenant.year)


def compact_context(covenant: Covenant) -> dict[str, Any]:
    year = covenant.year
    cluster = year.cluster
    header = DocumentHeader(
        issuer=cluster.name,
        place=covenant.signing_place or year.conference_place or "…",
        date=covenant.signing_date,
    )
    appendix = [
        AppendixLine(row.code, row.text, decimal_text(row.max_points), row.kind)
        for row in appendix_rows(covenant)
    ]
    return {
        "header": header,
        "draft": not covenant.is_signed,
        "covenant": covenant,
        "year_number": year.year,
        "cluster_name": cluster.name,
        "clauses": list(covenant.clauses.all()),
        "appendix": appendix,
        "signature_rows": rules.rows_of(signature_blocks(covenant)),
    }


def compact_html(covenant: Covenant) -> str:
    with translation.override("vi"):  # the context's labels too, not only the template
        return render_html(TEMPLATE, compact_context(covenant))


def compact_pdf(covenant: Covenant) -> bytes:
    with translation.override("vi"):
        return render_pdf(TEMPLATE, compact_context(covenant))


def compact_filename(covenant: Covenant) -> str:
    suffix = f"-v{covenant.version}" if covenant.version > 1 else ""
    return f"giao-uoc-{covenant.year.cluster.slug}-{covenant.year.year}{suffix}.pdf"
