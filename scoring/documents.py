"""The vote-count minutes (biên bản kiểm phiếu) of a closed ballot round: data for the template.

Documents decide nothing: the tally comes from scoring.ballots, the details (number, place, time,
chair, counting committee) from the round as the secretariat recorded them, the layout from the
shared path. The round stays secret: counts and per-candidate totals only, never who chose whom.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from clusters import wording
from clusters.documents import DocumentHeader
from clusters.models import EmulationYear, Membership, Unit
from scoring import bulletin
from scoring.ballots import (
    CommitteeMember,
    Tally,
    counting_committee,
    round_bulletin,
    round_tally,
)
from scoring.models import BallotRound, VoterEntry

NUMBER_PREFIX = "Số:"
NUMBER_SUFFIX = "/BB-CTĐ"
NOBODY_SIGNS = "(chưa có người ký)"
SAMPLE = "(dữ liệu mẫu)"


@dataclass(frozen=True)
class Participant:
    """A member unit at the count, with its representative when the year names one."""

    unit: Unit
    name: str
    title: str


@dataclass(frozen=True)
class Signer:
    heading: str  # "TRƯỞNG BAN KIỂM PHIẾU"
    name: str  # empty: nobody named yet


def header_number(number: str) -> str:
    """ "Số: 01/BB-CTĐ"; without a number a blank to fill in, as paper drafts do."""
    return f"{NUMBER_PREFIX} {number}" if number else f"{NUMBER_PREFIX}       {NUMBER_SUFFIX}"


def minutes_day(ballot_round: BallotRound) -> datetime.date | None:
    """The day of the count: the conference's when the year records it, else the day the round
    closed; never the day the document is printed."""
    if ballot_round.year.conference_date:
        return ballot_round.year.conference_date
    if ballot_round.closed_at:
        return timezone.localdate(ballot_round.closed_at)
    return None


def minutes_time(ballot_round: BallotRound) -> datetime.time | None:
    if ballot_round.minutes_time:
        return ballot_round.minutes_time
    if ballot_round.closed_at:
        return timezone.localtime(ballot_round.closed_at).time()
    return None


def time_words(time: datetime.time | None) -> str:
    """ "10 giờ 30 phút" (the minutes' own wording of the time of day)."""
    if time is None:
        return "…… giờ …… phút"
    return f"{time.hour:02d} giờ {time.minute:02d} phút"


def lower_first(text: str) -> str:
    """A label inside a sentence: only its first letter lowered, the award's capitals kept
    ("Đề nghị tặng Cờ thi đua của Chính phủ" -> "đề nghị tặng Cờ thi đua của Chính phủ")."""
    return text[:1].lower() + text[1:]


def _place(year: EmulationYear, ballot_round: BallotRound) -> str:
    return (
        ballot_round.minutes_place
        or year.conference_place
        or (year.host_unit.name if year.host_unit else "")
    )


def _result_text(ballot_round: BallotRound, tally: Tally, year: EmulationYear) -> str:
    elected = ", ".join(unit.name for unit in tally.elected)
    kind = ballot_round.kind
    words = year.cluster.words
    if elected:
        if kind == BallotRound.Kind.HEAD:
            outcome = f"được suy tôn là {words.head} năm {year.year + 1}"
        elif kind == BallotRound.Kind.DEPUTIES:
            outcome = f"được suy tôn là {words.deputy} năm {year.year + 1}"
        else:
            outcome = (
                f"được {words.short} thống nhất {lower_first(ballot_round.get_kind_display())}"
            )
        text = f"Căn cứ kết quả kiểm phiếu, {elected} {outcome}."
    else:
        text = ""
    if tally.has_tie:
        tied = [row for row in tally.rows if row.tied_at_cut]
        names = ", ".join(row.unit.name for row in tied)
        text += (
            f" Các đơn vị {names} bằng phiếu ({tied[0].votes} phiếu) ở vị trí cuối; kết quả chưa"
            f" phân định, {words.short} tổ chức bỏ phiếu lại giữa các đơn vị này."
        )
    elif not elected:
        text = "Không đơn vị nào đạt ngưỡng thông qua."
    return text.strip()


def minutes_context(ballot_round: BallotRound) -> dict[str, Any]:
    year = ballot_round.year
    cluster = year.cluster
    memberships = list(year.memberships.select_related("unit").order_by("unit__search_name"))
    voted = set(VoterEntry.objects.filter(round=ballot_round).values_list("unit_id", flat=True))
    head = next((m.unit for m in memberships if m.role == Membership.Role.HEAD), None)
    representatives = year.representatives_by_unit
    day = minutes_day(ballot_round)
    # The date line names the host province ("Hà Nam, ngày …"), the body the full place.
    # (its locality, clusters/wording.py: "Hà Nội" for a ministry, not "Bộ Nội vụ").
    host = year.host_unit
    place_short = wording.for_unit(host).locality if host else _place(year, ballot_round)
    tally = round_tally(ballot_round)
    committee: list[CommitteeMember] = counting_committee(ballot_round.counting_committee)
    committee_head = committee[0] if committee else None
    present = []
    for membership in memberships:
        if membership.unit_id not in voted:
            continue
        representative = representatives.get(membership.unit_id)
        present.append(
            Participant(
                membership.unit,
                representative.full_name if representative else "",
                representative.title if representative else "",
            )
        )
    signers = [
        Signer("Trưởng ban kiểm phiếu", committee_head.name if committee_head else ""),
        Signer("Chủ trì hội nghị", ballot_round.chair_name),
    ]
    return {
        "header": DocumentHeader(
            issuer=cluster.name,
            place=place_short,
            date=day,
            number=header_number(ballot_round.minutes_number),
        ),
        "day": day,
        "time_words": time_words(minutes_time(ballot_round)),
        "round": ballot_round,
        "kind_text": lower_first(str(ballot_round.get_kind_display())),
        "threshold_text": lower_first(str(ballot_round.get_threshold_display())),
        "year": year,
        "cluster": cluster,
        "place": _place(year, ballot_round),
        "present": present,
        "absent": [m.unit for m in memberships if m.unit_id not in voted],
        "committee": committee,
        "tally": tally,
        # An online round's published bulletin, by its SHA-256 (the download's sha256sum).
        "bulletin_sha256": bulletin.sha256(published)
        if (published := round_bulletin(ballot_round, tally))
        else "",
        "bulletin_ballots": len(published["ballots"]) if published else 0,
        "result_text": _result_text(ballot_round, tally, year),
        "head": head,
        "signers": signers,
        "nobody_signs": NOBODY_SIGNS,
        "sample": SAMPLE if ballot_round.is_sample else "",
    }
