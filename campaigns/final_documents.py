"""The campaigns app's final documents (issue 16): the signed compact, the closed year's report.

Each is frozen (clusters.documents.store.freeze) by the service that freezes its source: the
compact when its last signature comes in (services.covenant_sign), the report when the year
closes (the flow's `final_documents`, called by clusters.closing.year_close). `freeze_final`
freezes whatever of a year should be final and is not yet (manage.py freeze_documents).
"""

from __future__ import annotations

from campaigns.documents import compact_filename, compact_pdf
from campaigns.models import Conference, Covenant
from clusters.documents import render_pdf, store
from clusters.models import EmulationYear, StoredDocument

COMPACT = StoredDocument.Kind.COMPACT
REPORT = StoredDocument.Kind.REPORT
REPORT_TEMPLATE = "documents/report.html"


def _signed_compact(covenant: Covenant) -> bytes:
    """The compact as its members signed it: the last revision of the file, when it was signed
    digitally (campaigns/compact_signing.py); else rendered from the recorded signatures."""
    last = covenant.compact_revisions.order_by("-number").first()
    return bytes(last.pdf) if last is not None else compact_pdf(covenant)


def freeze_compact(covenant: Covenant) -> StoredDocument:
    return store.freeze(
        kind=COMPACT,
        source=covenant,
        render=lambda: _signed_compact(covenant),
        filename=compact_filename(covenant),
        year=covenant.year,
        version=covenant.version,
    )


def stored_compact(covenant: Covenant) -> StoredDocument | None:
    if not covenant.is_signed:
        return None
    return store.stored_for(COMPACT, covenant, version=covenant.version)


def report_filename(year: EmulationYear) -> str:
    return f"bao-cao-tong-ket-{year.year}.pdf"


def report_pdf(year: EmulationYear) -> bytes:
    from campaigns.report import report_context  # the report composes the flow

    return render_pdf(REPORT_TEMPLATE, report_context(year))


def freeze_report(year: EmulationYear) -> StoredDocument:
    return store.freeze(
        kind=REPORT,
        source=year,
        render=lambda: report_pdf(year),
        filename=report_filename(year),
        year=year,
    )


def stored_report(year: EmulationYear) -> StoredDocument | None:
    return store.stored_for(REPORT, year) if year.is_closed else None


def freeze_final(year: EmulationYear) -> list[StoredDocument]:
    """Every signed version of the covenant; the report once the year is closed (it has one
    when the conference was recorded)."""
    frozen = []
    for covenant in Covenant.objects.filter(year=year, state=Covenant.State.SIGNED).order_by(
        "version"
    ):
        covenant.year = year
        frozen.append(freeze_compact(covenant))
    if year.is_closed and Conference.objects.filter(year=year).exists():
        frozen.append(freeze_report(year))
    return frozen
