"""The proposal letter (tờ trình) as a document: data computed here, rendered by the shared path.

The letter goes to the Central Emulation and Commendation Council (Hội đồng Thi đua - Khen thưởng
Trung ương), which examines a cluster's proposals and submits them to the Prime Minister: both the
Government emulation flag and the Prime Minister's certificate of merit are signed by the Prime
Minister, but a cluster does not write to him directly. The template decides nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone, translation

from awards.models import Proposal
from awards.queries import proposal_quotas
from awards.rules import QuotaCheck
from clusters import wording
from clusters.documents import DocumentHeader, render_html, render_pdf
from clusters.documents.format import date_words
from clusters.legal import basis_lines
from clusters.models import EmulationYear, Membership
from scoring.ballots import round_tally

TEMPLATE = "documents/proposal.html"
ADDRESSEE = "Hội đồng Thi đua - Khen thưởng Trung ương"
# How the letter names a quota's route (AwardQuota.Route), in the letter's own words.
ROUTE_WORDS = {
    "central_cluster": "cụm, khối thi đua do Hội đồng Thi đua - Khen thưởng Trung ương tổ chức",
    "within": "tập thể trong bộ, ban, ngành, tỉnh",
}
NUMBER_PREFIX = "Số:"
NUMBER_SUFFIX = "/TTr-CTĐ"


@dataclass(frozen=True)
class QuotaNote:
    check: QuotaCheck
    route: str  # "cụm, khối thi đua do Hội đồng Thi đua - Khen thưởng Trung ương tổ chức"


@dataclass(frozen=True)
class ProposedLine:
    unit_name: str
    votes: int
    share: str


def header_number(number: str) -> str:
    """ "Số: 12/TTr-CTĐ"; a draft without a number keeps a blank to fill in, as paper drafts do."""
    return f"{NUMBER_PREFIX} {number}" if number else f"{NUMBER_PREFIX}       {NUMBER_SUFFIX}"


def proposal_context(proposal: Proposal) -> dict[str, Any]:
    """The letter's data, in Vietnamese whatever the interface language."""
    with translation.override("vi"):
        return _proposal_context(proposal)


def _proposal_context(proposal: Proposal) -> dict[str, Any]:
    year = proposal.year
    cluster = year.cluster
    ballot_round = proposal.ballot_round
    head = year.memberships.filter(role=Membership.Role.HEAD).select_related("unit").first()
    table = wording.kind_table()
    host = head.unit if head else year.host_unit
    # The date line's place is the head's locality ("Hà Nội" for a ministry), not its name.
    place = wording.for_unit(host, table).locality if host else "…"
    words = cluster.words
    lines = [
        ProposedLine(item.unit.name, item.votes, item.share)
        for item in proposal.items.select_related("unit")
    ]
    tally = round_tally(ballot_round)
    # The vote took place at the conference: its date when recorded, else the day the round
    # closed (a round counted after the conference day, or a year without a conference date).
    closed = timezone.localdate(ballot_round.closed_at) if ballot_round.closed_at else None
    voted_on = year.conference_date or closed
    award = proposal.award_type
    quotas: list[QuotaCheck] = proposal_quotas(proposal, len(lines))
    return {
        "header": DocumentHeader(
            issuer=cluster.name,
            place=place,
            date=proposal.date,
            number=header_number(proposal.number),
        ),
        "draft": proposal.is_draft,
        "proposal": proposal,
        "cluster_name": cluster.name,
        "year_number": year.year,
        "award_name": award.name,
        "addressee": ADDRESSEE,
        # The texts in force on the letter's own date (a draft: the vote's date).
        "legal_basis": basis_lines(proposal.date or voted_on),
        "vote_date": date_words(voted_on) if voted_on else "",
        "conference_place": year.conference_place or place,
        "threshold": ballot_round.get_threshold_display().lower(),
        "tally": tally,
        "lines": lines,
        "quotas": [QuotaNote(q, ROUTE_WORDS.get(q.route, "")) for q in quotas],
        "signer_title": proposal.signer_title,
        "signer_name": proposal.signer_name,
        "closing_recipients": [
            "Như trên;",
            "Ban Thi đua - Khen thưởng Trung ương;",
            f"Các đơn vị thành viên {words.short};",
            f"Lưu: VT, {words.short}.",
        ],
        "closing_titles": [words.head, proposal.signer_title],
        "cluster_short": words.short,
        "closing_note": "(dữ liệu mẫu)" if proposal.is_sample else "",
    }


def proposal_html(proposal: Proposal) -> str:
    return render_html(TEMPLATE, proposal_context(proposal))


def proposal_pdf(proposal: Proposal) -> bytes:
    return render_pdf(TEMPLATE, proposal_context(proposal))


def proposal_filename(proposal: Proposal) -> str:
    year = proposal.year
    return f"to-trinh-{year.cluster.slug}-{year.year}-{proposal.ballot_round.kind}.pdf"


# --- A new decision: the words its certificates print unless the secretariat changes them


def decision_initial(year: EmulationYear) -> dict[str, str]:
    """A new decision is most often the head unit's own certificates of merit, granted by its
    head ("Chủ tịch Ủy ban nhân dân tỉnh Hà Nam", "Bộ trưởng Bộ Nội vụ"): its issuer, place,
    signer and achievement are printed on every certificate, in Vietnamese."""
    head = year.memberships.filter(role="head").select_related("unit").first()
    if head is None:
        issuer, place, title = "", "", "CHỦ TỊCH"
    else:
        words = wording.for_unit(head.unit)
        issuer, place, title = words.head, words.locality, words.head_title.upper()
    return {
        "issuer": issuer,
        "place": place,
        "signer_title": title,
        "achievement": (
            f"Đã có thành tích xuất sắc, đóng góp tích cực trong hoạt động của "
            f"{year.cluster.name} năm {year.year}"
        ),
    }
