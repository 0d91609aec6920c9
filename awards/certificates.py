"""Certificates of merit (Bằng khen) as PDF: one A4 landscape page per recipient.

The text of each certificate is prepared here from recorded data; the template only lays it
out, through the project's one rendering path (clusters.documents.render_pdf).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from awards.models import Recipient, RecipientKind
from clusters.documents import date_line, render_pdf

TEMPLATE = "documents/certificates.html"


@dataclass(frozen=True)
class Certificate:
    issuer: str  # "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH HÀ NAM"
    heading: str  # "TẶNG BẰNG KHEN"
    name: str
    details: str  # position and organisation, or the collective's organisation
    achievement: str
    decision_line: str  # "Quyết định số 412/QĐ-UBND ngày 15/03/2019"
    date_line: str  # "Hà Nam, ngày 15 tháng 3 năm 2019"
    signer_title: list[str]  # one line each: ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    signer_name: str
    is_sample: bool


def certificate_for(recipient: Recipient) -> Certificate:
    decision = recipient.decision
    if recipient.kind == RecipientKind.INDIVIDUAL:
        details = ", ".join(part for part in (recipient.position, recipient.organisation) if part)
    else:
        details = recipient.organisation
    return Certificate(
        issuer=decision.issuer.upper(),
        heading=recipient.award_type.certificate_heading.upper(),
        name=recipient.name,
        details=details,
        achievement=recipient.achievement_text,
        decision_line=f"Quyết định số {decision.number} ngày {decision.date:%d/%m/%Y}",
        date_line=date_line(decision.place, decision.date),
        signer_title=[line.strip() for line in decision.signer_title.splitlines() if line.strip()],
        signer_name=decision.signer_name,
        is_sample=recipient.is_sample or decision.is_sample,
    )


def render_certificates(recipients: Sequence[Recipient], *, title: str) -> bytes:
    """One PDF with one page per recipient (recipients loaded with decision and award type)."""
    certificates = [certificate_for(r) for r in recipients]
    return render_pdf(TEMPLATE, {"certificates": certificates, "title": title})


# The PDF's own title (its metadata), Vietnamese like the certificates.


def decision_title(decision) -> str:
    return f"Bằng khen theo {decision}"


def year_title(year) -> str:
    return f"Bằng khen — {year.cluster.name} — {year.year}"
