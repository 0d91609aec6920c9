"""Secret ballots: rounds opened and closed by the secretariat, one ballot per member unit.

A round is online (each unit's officer casts its unit's ballot) or in the hall (paper ballots;
the secretariat enters the counting committee's count). While a round is open nobody sees any
count but how many units voted; it is tallied only when every member has voted or, after its
closing time, with at least its quorum (rules.close_refusal), so no tally shows a lone ballot.
Once closed, everyone in the cluster sees the tally, never who voted for whom.

Online, the register of who voted (VoterEntry: round, unit, person, time) and the ballot box
(Ballot: round, choices, a receipt's digest) are two tables written in one transaction, with
nothing that joins them: the unit gets a receipt code once, and checks it against the round's
bulletin (scoring.bulletin) once the round is closed.
"""

from __future__ import annotations

import datetime
import re
import secrets
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from clusters import audit
from clusters.closing import set_leaders
from clusters.models import EmulationYear, Membership, Unit, User
from clusters.services import Refused, lock_open_year, lock_year
from scoring import bulletin, rules
from scoring.models import Ballot, BallotRound, Candidate, VoterEntry, round_kind_label
from scoring.queries import year_ranking

BALLOT_PHASES = {EmulationYear.Phase.REVIEW, EmulationYear.Phase.CONFERENCE}


def candidates_in_ranking_order(year: EmulationYear) -> list[Unit]:
    """Member units, best-ranked first (units without a final sheet after, by name)."""
    return [row.unit for row in year_ranking(year).rows]


@transaction.atomic
def round_create(
    *,
    actor: User | None,
    year: EmulationYear,
    kind: str,
    seats: int,
    threshold: str,
    candidates: Sequence[Unit],
    mode: str = BallotRound.Mode.ONLINE,
    closes_at: datetime.datetime | None = None,
    quorum: int | None = None,
    is_sample: bool = False,
) -> BallotRound:
    """A draft round with its candidates in the order given (`is_sample`: the demo's rounds).

    One round per kind and year, unless the earlier one was cancelled. `closes_at` (online
    rounds) and `quorum` decide when a round short of some ballots may be tallied.
    """
    year = lock_open_year(year)
    members = set(year.memberships.values_list("unit_id", flat=True))
    if mode not in BallotRound.Mode.values:
        raise Refused(_("Hãy chọn hình thức bỏ phiếu."), field="mode")
    taken = _("Năm %(year)d đã có vòng “%(kind)s”; chỉ tạo vòng mới khi vòng đó đã bị hủy.") % {
        "year": year.year,
        "kind": round_kind_label(kind, year.cluster.kind),
    }
    if year.ballot_rounds.filter(kind=kind).exclude(state=BallotRound.State.CANCELLED).exists():
        raise Refused(taken, field="kind")
    if mode == BallotRound.Mode.HALL:
        closes_at = None  # the hall's ballot box closes when the committee counts
    elif closes_at is not None and closes_at <= timezone.now():
        raise Refused(_("Giờ kết thúc bỏ phiếu phải sau thời điểm hiện tại."), field="closes_at")
    if quorum is not None and not rules.MIN_QUORUM <= quorum <= max(len(members), 1):
        raise Refused(
            _("Số phiếu tối thiểu từ %(least)d đến %(members)d (số đơn vị thành viên).")
            % {"least": rules.MIN_QUORUM, "members": len(members)},
            field="quorum",
        )
    if not candidates:
        raise Refused(_("Vòng bỏ phiếu cần ít nhất một đơn vị ứng cử."), field="candidates")
    if any(unit.pk not in members for unit in candidates):
        raise Refused(_("Chỉ đơn vị thành viên của năm mới được ứng cử."), field="candidates")
    if seats > len(candidates):
        raise Refused(_("Số đơn vị được chọn không được lớn hơn số ứng cử viên."), field="seats")
    try:
        with transaction.atomic():  # a savepoint: a twin created at the same moment
            ballot_round = BallotRound.objects.create(
                year=year,
                kind=kind,
                seats=seats,
                threshold=threshold,
                mode=mode,
                closes_at=closes_at,
                quorum=quorum,
                is_sample=is_sample,
            )
    except IntegrityError as error:
        raise Refused(taken, field="kind") from error
    Candidate.objects.bulk_create(
        Candidate(round=ballot_round, unit=unit, position=index)
        for index, unit in enumerate(candidates)
    )
    audit.record(
        actor=actor,
        action="round.create",
        target=ballot_round,
        year=year,
        summary=_("Chọn %(seats)d; %(threshold)s; ứng cử: %(units)s")
        % {
            "seats": seats,
            "threshold": ballot_round.get_threshold_display(),
            "units": ", ".join(unit.name for unit in candidates),
        },
        changes={"mode": ["", str(ballot_round.get_mode_display())]}
        if mode == BallotRound.Mode.HALL
        else None,
    )
    return ballot_round


def round_url(ballot_round: BallotRound) -> str:
    year = ballot_round.year
    return reverse("scoring:round", args=[year.cluster.slug, year.year, ballot_round.pk])


def _locked(ballot_round: BallotRound) -> BallotRound:
    """The year's row locked once and checked open, then the round's row, in that order.

    A ballot cast at the very moment the round closes waits for the close, then sees the round
    closed: the tally never misses or gains a ballot after closing.
    """
    year = lock_open_year(ballot_round.year_id)
    locked = BallotRound.objects.select_for_update().get(pk=ballot_round.pk)
    locked.year = year  # the locked copy, not a stale one
    return locked


@transaction.atomic
def round_open(*, actor: User | None, ballot_round: BallotRound) -> BallotRound:
    ballot_round = _locked(ballot_round)
    if ballot_round.state != BallotRound.State.DRAFT:
        raise Refused(_("Vòng bỏ phiếu này đã mở hoặc đã kết thúc."))
    if ballot_round.year.phase not in BALLOT_PHASES:
        raise Refused(_("Chỉ mở bỏ phiếu trong giai đoạn thẩm định hoặc hội nghị tổng kết."))
    ballot_round.state = BallotRound.State.OPEN
    ballot_round.opened_at = timezone.now()
    ballot_round.save(update_fields=["state", "opened_at"])
    audit.record(
        actor=actor,
        action="round.open",
        target=ballot_round,
        year=ballot_round.year,
        summary=str(ballot_round.get_kind_display()),
    )
    if not ballot_round.is_hall:
        # Paper rounds are cast in the hall: nobody is asked to vote online.
        from clusters.notifications import notify

        notify(
            event="round_opened",
            year=ballot_round.year,
            units=[m.unit for m in ballot_round.year.memberships.select_related("unit")],
            url=round_url(ballot_round),
            params={"round": str(ballot_round.get_kind_display())},
        )
    return ballot_round


def _close_refusal(ballot_round: BallotRound, members: int) -> str | None:
    """Why the round cannot be tallied now (a Vietnamese sentence), or None."""
    quorum = ballot_round.quorum_for(members)
    if ballot_round.is_hall:
        if not ballot_round.hall_counted:
            return _("Chưa nhập kết quả kiểm phiếu của Ban kiểm phiếu.")
        cast = ballot_round.hall_received or 0
        closing_passed: bool | None = True  # the paper ballots are in: the box is closed
    else:
        cast = ballot_round.ballots.count()
        closes_at = ballot_round.closes_at
        closing_passed = None if closes_at is None else timezone.now() >= closes_at
    reason = rules.close_refusal(
        members=members, cast=cast, quorum=quorum, closing_passed=closing_passed
    )
    values = {"cast": cast, "members": members, "quorum": max(quorum, rules.MIN_QUORUM)}
    if reason == "no_closing_time":
        return (
            _(
                "Chưa thể kết thúc: mới có %(cast)d/%(members)d đơn vị bỏ phiếu. Vòng này không "
                "có giờ kết thúc bỏ phiếu nên chỉ kiểm phiếu khi mọi đơn vị đã bỏ phiếu."
            )
            % values
        )
    if reason == "before_closing_time":
        values["closes_at"] = timezone.localtime(ballot_round.closes_at).strftime("%H:%M %d/%m/%Y")
        return (
            _(
                "Chưa thể kết thúc: mới có %(cast)d/%(members)d đơn vị bỏ phiếu. Trước giờ kết "
                "thúc bỏ phiếu (%(closes_at)s) chỉ kiểm phiếu khi mọi đơn vị đã bỏ phiếu."
            )
            % values
        )
    if reason == "below_quorum":
        return (
            _(
                "Chưa thể kết thúc: mới có %(cast)d phiếu trên %(members)d đơn vị, chưa đủ số "
                "phiếu tối thiểu để kiểm phiếu (%(quorum)d). Kiểm phiếu ít phiếu hơn sẽ lộ phiếu "
                "của từng đơn vị."
            )
            % values
        )
    return None


@transaction.atomic
def round_close(*, actor: User | None, ballot_round: BallotRound) -> BallotRound:
    ballot_round = _locked(ballot_round)
    if ballot_round.state != BallotRound.State.OPEN:
        raise Refused(_("Chỉ kết thúc được vòng bỏ phiếu đang mở."))
    members = ballot_round.year.memberships.count()
    refusal = _close_refusal(ballot_round, members)
    if refusal:
        raise Refused(refusal)
    ballot_round.state = BallotRound.State.CLOSED
    ballot_round.closed_at = timezone.now()
    ballot_round.members_at_close = members
    ballot_round.save(update_fields=["state", "closed_at", "members_at_close"])
    audit.record(
        actor=actor,
        action="round.close",
        target=ballot_round,
        year=ballot_round.year,
        summary=_("%(cast)d/%(members)d đơn vị đã bỏ phiếu")
        % {
            "cast": ballot_round.hall_received
            if ballot_round.is_hall
            else ballot_round.ballots.count(),
            "members": ballot_round.members_at_close,
        },
    )
    if ballot_round.kind in (BallotRound.Kind.HEAD, BallotRound.Kind.DEPUTIES):
        leaders_apply_to_next_year(actor=actor, year=ballot_round.year)
    return ballot_round


@dataclass(frozen=True)
class Receipt:
    """What the officer who cast a ballot is shown once: the code is stored nowhere."""

    ballot_round: BallotRound
    code: str

    @property
    def grouped(self) -> str:
        return bulletin.grouped(self.code)


@transaction.atomic
def ballot_cast(*, actor: User, ballot_round: BallotRound, candidate_ids: Sequence[int]) -> Receipt:
    """The actor's unit's ballot: an entry in the register of who voted, a ballot in the box.

    The two are written in this one transaction and share nothing but the round. The event says
    that the unit voted, never what it chose. Returns the receipt, whose code only the caller
    ever sees (the box keeps its digest).
    """
    ballot_round = _locked(ballot_round)
    unit = actor.unit
    if ballot_round.state == BallotRound.State.DRAFT:
        raise Refused(_("Vòng bỏ phiếu chưa mở."))
    if ballot_round.state == BallotRound.State.CLOSED:
        raise Refused(_("Vòng bỏ phiếu đã kết thúc, không nhận thêm phiếu."))
    if ballot_round.state == BallotRound.State.CANCELLED:
        raise Refused(_("Vòng bỏ phiếu đã bị hủy, không nhận phiếu."))
    if ballot_round.is_hall:
        raise Refused(_("Vòng này bỏ phiếu giấy tại hội trường, không bỏ phiếu trực tuyến."))
    if unit is None or not Membership.objects.filter(year=ballot_round.year, unit=unit).exists():
        raise Refused(_("Đơn vị không phải thành viên của năm thi đua này."))
    chosen = set(candidate_ids)
    candidates = list(ballot_round.candidates.filter(pk__in=chosen))
    if len(candidates) != len(chosen):
        raise Refused(_("Phiếu có đơn vị không thuộc danh sách ứng cử của vòng này."))
    if len(chosen) > ballot_round.seats:
        raise Refused(
            _("Mỗi phiếu chọn tối đa %(seats)d đơn vị; phiếu này chọn %(chosen)d.")
            % {"seats": ballot_round.seats, "chosen": len(chosen)}
        )
    already = _("Đơn vị đã bỏ phiếu ở vòng này; phiếu đã bỏ không thể thay đổi.")
    if VoterEntry.objects.filter(round=ballot_round, unit=unit).exists():
        raise Refused(already, status=409)
    try:
        with transaction.atomic():  # a savepoint: the unique constraint may refuse a twin
            VoterEntry.objects.create(round=ballot_round, unit=unit, cast_by=actor)
    except IntegrityError as error:
        raise Refused(already, status=409) from error
    code = bulletin.new_receipt_code()
    Ballot.objects.create(
        round=ballot_round,
        choices=sorted(c.pk for c in candidates),
        receipt_digest=bulletin.receipt_digest(ballot_round.pk, code),
    )
    _shuffle_box(ballot_round)
    # Secret ballot: the event names the round and the unit that voted, as the register of
    # voters does; nothing of the choices or the receipt is passed to the audit.
    audit.record(
        actor=actor,
        action="ballot.cast",
        target=ballot_round,
        year=ballot_round.year,
        summary=_("%(unit)s đã bỏ phiếu") % {"unit": unit.name},
    )
    return Receipt(ballot_round, code)


def _shuffle_box(ballot_round: BallotRound) -> None:
    """Rewrite the round's box in a random order, with fresh random keys.

    Rows keep the order they were written in (PostgreSQL's heap and a dump of it, SQLite's
    rowid) and PostgreSQL stamps each with its transaction (xmin): set against the register's
    times, either would tell whose ballot is whose. Rewritten at each ballot, all of the
    round's live rows share the last transaction and lie in an order that tells nothing to a
    query or a dump. What it cannot hide: until VACUUM reclaims them, PostgreSQL's data files
    keep the deleted row versions, each box as it stood after each ballot, and SQLite's free
    pages may keep old rows too; reading those takes the database's files, not its SQL. Each
    ballot rewrites the round's box (a member count of rows, tens): cheap at a cluster's size.
    """
    kept = list(Ballot.objects.filter(round=ballot_round).values_list("choices", "receipt_digest"))
    secrets.SystemRandom().shuffle(kept)
    Ballot.objects.filter(round=ballot_round).delete()
    Ballot.objects.bulk_create(
        Ballot(id=uuid.uuid4(), round=ballot_round, choices=choices, receipt_digest=digest)
        for choices, digest in kept
    )


# --- cancelling an open round, deleting a draft one -------------------------------------------


@transaction.atomic
def round_cancel(*, actor: User | None, ballot_round: BallotRound, reason: str) -> BallotRound:
    """Cancel an open round: its ballots are deleted (a void round keeps nothing to recount and
    nothing to leak); it leaves the tallies, the report and the minutes; its events stay."""
    ballot_round = _locked(ballot_round)
    reason = " ".join(reason.split())
    if ballot_round.state != BallotRound.State.OPEN:
        raise Refused(_("Chỉ hủy được vòng bỏ phiếu đang mở; vòng chuẩn bị thì xóa."))
    if not reason:
        raise Refused(_("Hãy ghi lý do hủy vòng bỏ phiếu."), field="reason")
    if len(reason) > 1000:
        raise Refused(_("Lý do hủy tối đa 1000 ký tự."), field="reason")
    voided = ballot_round.ballots.count() if not ballot_round.is_hall else 0
    ballot_round.ballots.all().delete()
    ballot_round.register.all().delete()
    ballot_round.candidates.update(hall_votes=None)
    ballot_round.state = BallotRound.State.CANCELLED
    ballot_round.cancelled_at = timezone.now()
    ballot_round.cancel_reason = reason
    for name in HALL_FIELDS:
        setattr(ballot_round, name, None)
    ballot_round.save(update_fields=["state", "cancelled_at", "cancel_reason", *HALL_FIELDS])
    audit.record(
        actor=actor,
        action="round.cancel",
        target=ballot_round,
        year=ballot_round.year,
        summary=_("Lý do: %(reason)s; %(count)d phiếu đã bỏ bị hủy")
        % {"reason": reason, "count": voided},
    )
    return ballot_round


@transaction.atomic
def round_delete(*, actor: User | None, ballot_round: BallotRound) -> None:
    """Delete a round still in preparation (nobody has voted in it)."""
    ballot_round = _locked(ballot_round)
    if ballot_round.state != BallotRound.State.DRAFT:
        raise Refused(_("Chỉ xóa được vòng bỏ phiếu đang chuẩn bị; vòng đang mở thì hủy."))
    audit.record(
        actor=actor,
        action="round.delete",
        target=ballot_round,
        year=ballot_round.year,
        summary=str(ballot_round.get_kind_display()),
    )
    ballot_round.delete()  # its candidates go with it


# --- a round in the hall: the counting committee's paper count --------------------------------

HALL_FIELDS = ("hall_issued", "hall_received", "hall_valid", "hall_invalid", "hall_blank")


@transaction.atomic
def hall_count_save(
    *, actor: User | None, ballot_round: BallotRound, count: rules.PaperCount
) -> BallotRound:
    """Record the paper count of a round voted in the hall, as the counting committee read it.

    The secretariat types it in (the committee has no accounts); the committee must be named in
    the minutes' details first. Refused whole, field by field, when it does not hold together
    (rules.paper_count_errors). Correctable while the round is open. The event gives the ballots
    received, never the rest of the count: it is the tally, published when the round closes.
    """
    ballot_round = _locked(ballot_round)
    if not ballot_round.is_hall:
        raise Refused(_("Vòng này bỏ phiếu trực tuyến: số phiếu lấy từ các phiếu đã bỏ."))
    if ballot_round.state != BallotRound.State.OPEN:
        raise Refused(_("Chỉ nhập kết quả kiểm phiếu khi vòng bỏ phiếu đang mở."))
    committee = counting_committee(ballot_round.counting_committee)
    if not committee:
        raise Refused(
            _("Hãy ghi Ban kiểm phiếu trong thông tin biên bản trước khi nhập kết quả kiểm phiếu.")
        )
    candidates = {c.pk: c for c in ballot_round.candidates.all()}
    if set(count.votes) != set(candidates):
        raise Refused(_("Hãy ghi số phiếu của từng đơn vị ứng cử."))
    members = ballot_round.year.memberships.count()
    errors = rules.paper_count_errors(count, members=members, seats=ballot_round.seats)
    if errors:
        raise Refused(_("Kết quả kiểm phiếu chưa khớp, chưa lưu gì."), errors=errors)
    figures = {
        "hall_issued": count.issued,
        "hall_received": count.received,
        "hall_valid": count.valid,
        "hall_invalid": count.invalid,
        "hall_blank": count.blank,
    }
    for name, value in figures.items():
        setattr(ballot_round, name, value)
    ballot_round.save(update_fields=list(figures))
    for key, candidate in candidates.items():
        candidate.hall_votes = count.votes[key]
    Candidate.objects.bulk_update(candidates.values(), ["hall_votes"])
    audit.record(
        actor=actor,
        action="round.hall_count",
        target=ballot_round,
        year=ballot_round.year,
        # How many ballots came in, as the online register tells how many voted; the rest of
        # the count is the result, published when the round closes.
        summary=_("Ban kiểm phiếu (trưởng ban: %(head)s): thu vào %(received)d phiếu")
        % {"head": committee[0].name, "received": count.received},
    )
    return ballot_round


# --- the minutes' details (biên bản kiểm phiếu) -----------------------------------------------

MINUTES_FIELDS = (
    "minutes_number",
    "minutes_place",
    "minutes_time",
    "chair_name",
    "chair_title",
    "counting_committee",
)
# "Họ và tên — chức vụ": an em dash, an en dash or a spaced hyphen between name and title.
_COMMITTEE_SEPARATOR = re.compile(r"\s*[—–]\s*|\s+-\s+")
COMMITTEE_MAX_PEOPLE = 15


@dataclass(frozen=True)
class CommitteeMember:
    name: str
    title: str
    is_head: bool  # the first line: Trưởng ban kiểm phiếu; the others are members


def counting_committee(text: str) -> list[CommitteeMember]:
    """The counting committee from its lines, "Họ và tên — chức vụ"; the first is its head."""
    people: list[CommitteeMember] = []
    for line in (line.strip() for line in text.splitlines()):
        if not line:
            continue
        name, _sep, title = (part.strip() for part in _partition(line))
        people.append(CommitteeMember(name, title, is_head=not people))
    return people


def _partition(line: str) -> tuple[str, str, str]:
    match = _COMMITTEE_SEPARATOR.search(line)
    if match is None:
        return line, "", ""
    return line[: match.start()], match.group(0), line[match.end() :]


def _committee_text(text: str) -> str:
    """The committee as stored: one person a line, "Họ và tên — chức vụ", checked."""
    people = counting_committee(text)
    if len(people) > COMMITTEE_MAX_PEOPLE:
        raise Refused(
            _("Ban kiểm phiếu có tối đa %(count)d người.") % {"count": COMMITTEE_MAX_PEOPLE},
            field="counting_committee",
        )
    lines = []
    for person in people:
        if not person.name:
            raise Refused(
                _("Mỗi dòng của Ban kiểm phiếu bắt đầu bằng họ và tên: “Họ và tên — chức vụ”."),
                field="counting_committee",
            )
        if len(person.name) > 120 or len(person.title) > 200:
            raise Refused(
                _("Họ và tên tối đa 120 ký tự, chức vụ tối đa 200 ký tự: %(line)s")
                % {"line": person.name[:40]},
                field="counting_committee",
            )
        lines.append(f"{person.name} — {person.title}" if person.title else person.name)
    return "\n".join(lines)


@transaction.atomic
def round_minutes_save(
    *,
    actor: User | None,
    ballot_round: BallotRound,
    minutes_number: str = "",
    minutes_place: str = "",
    minutes_time: datetime.time | None = None,
    chair_name: str = "",
    chair_title: str = "",
    counting_committee: str = "",
) -> BallotRound:
    """Record the minutes' number, place, time, chair and counting committee of a round.

    Only the details the minutes print around the count: the counts themselves come from the
    ballots. Any state of the round, while the year is open.
    """
    ballot_round = _locked(ballot_round)
    before = audit.snapshot(ballot_round, MINUTES_FIELDS)
    ballot_round.minutes_number = " ".join(minutes_number.split())
    ballot_round.minutes_place = " ".join(minutes_place.split())
    ballot_round.minutes_time = minutes_time
    ballot_round.chair_name = " ".join(chair_name.split())
    ballot_round.chair_title = " ".join(chair_title.split())
    ballot_round.counting_committee = _committee_text(counting_committee)
    if ballot_round.chair_title and not ballot_round.chair_name:
        raise Refused(_("Hãy ghi họ và tên người chủ trì."), field="chair_name")
    changes = audit.diff(before, audit.snapshot(ballot_round, MINUTES_FIELDS))
    if not changes:
        return ballot_round
    ballot_round.save(update_fields=list(changes))
    audit.record(
        actor=actor,
        action="round.minutes",
        target=ballot_round,
        year=ballot_round.year,
        summary=str(ballot_round.get_kind_display()),
        changes=changes,
    )
    return ballot_round


@dataclass(frozen=True)
class TallyRow:
    unit: Unit
    votes: int
    reaches_threshold: bool
    elected: bool
    tied_at_cut: bool


@dataclass(frozen=True)
class Tally:
    rows: list[TallyRow]
    ballots_cast: int  # ballots received
    members: int
    votes_needed: int
    blank: int = 0  # ballots that chose no unit (counted among the valid ones)
    # Online ballots are checked as they are cast: none is invalid, one is issued per member.
    invalid: int = 0
    issued: int | None = None  # None: one per member
    in_hall: bool = False

    @property
    def received(self) -> int:
        return self.ballots_cast

    @property
    def ballots_issued(self) -> int:
        return self.members if self.issued is None else self.issued

    @property
    def valid(self) -> int:
        return self.ballots_cast - self.invalid

    @property
    def elected(self) -> list[Unit]:
        return [row.unit for row in self.rows if row.elected]

    @property
    def has_tie(self) -> bool:
        return any(row.tied_at_cut for row in self.rows)


def round_tally(ballot_round: BallotRound) -> Tally:
    """Recomputed from the stored ballots in three queries, whatever the number of units.

    A round in the hall: from the counting committee's figures, in two queries. Both go
    through the same decision (rules.tally_votes); only where the votes come from differs.
    """
    candidates = list(ballot_round.candidates.select_related("unit"))
    keys = [c.pk for c in candidates]
    members = ballot_round.members_at_close or ballot_round.year.memberships.count()
    rule = ballot_round.threshold_rule()
    if ballot_round.is_hall:
        votes = {c.pk: c.hall_votes or 0 for c in candidates}
        counts = {
            "ballots_cast": ballot_round.hall_received or 0,
            "blank": ballot_round.hall_blank or 0,
            "invalid": ballot_round.hall_invalid or 0,
            "issued": ballot_round.hall_issued or 0,
            "in_hall": True,
        }
    else:
        cast = ballot_round.ballots.values_list("choices", flat=True)
        votes, received, blank = bulletin.count(keys, cast)
        counts = {"ballots_cast": received, "blank": blank}
    lines = rules.tally_votes(
        keys, votes, members=members, seats=ballot_round.seats, threshold=rule
    )
    units = {c.pk: c.unit for c in candidates}
    rows = [
        TallyRow(
            units[line.key], line.votes, line.reaches_threshold, line.elected, line.tied_at_cut
        )
        for line in lines
    ]
    return Tally(rows, members=members, votes_needed=rule.votes_needed(members), **counts)


# --- the bulletin of a closed online round, and the units' receipts --------------------------


def has_bulletin(ballot_round: BallotRound) -> bool:
    return ballot_round.state == BallotRound.State.CLOSED and not ballot_round.is_hall


def round_bulletin(ballot_round: BallotRound, tally: Tally | None = None) -> dict | None:
    """The published bulletin of a closed online round (None before, or for a paper round).

    Rebuilt from the box each time; the box cannot change once the round is closed, so the
    bytes, and their SHA-256 in the minutes, stay the same.
    """
    if not has_bulletin(ballot_round):
        return None
    tally = tally or round_tally(ballot_round)
    year = ballot_round.year
    candidates = list(ballot_round.candidates.select_related("unit"))
    elected = {row.unit.pk for row in tally.rows if row.elected}
    return bulletin.build(
        cluster=year.cluster.slug,
        year=year.year,
        round_id=ballot_round.pk,
        kind=ballot_round.kind,
        kind_label=str(BallotRound.Kind(ballot_round.kind).label),
        seats=ballot_round.seats,
        members=tally.members,
        votes_needed=tally.votes_needed,
        candidates=[bulletin.CandidateLine(c.pk, c.unit.name) for c in candidates],
        ballots=[
            bulletin.BallotLine(digest, tuple(choices))
            for choices, digest in ballot_round.ballots.values_list("choices", "receipt_digest")
        ],
        elected=[c.pk for c in candidates if c.unit_id in elected],
    )


@dataclass(frozen=True)
class ReceiptCheck:
    """A unit's receipt code checked against a round's bulletin."""

    found: bool
    line: dict | None = None  # the bulletin's line: digest and choices
    chosen: tuple[str, ...] = ()  # the chosen units' names, as the bulletin gives them
    other_round: BallotRound | None = None  # the code is of this other round of the year

    @property
    def blank(self) -> bool:
        return self.found and not self.chosen


def receipt_check(ballot_round: BallotRound, typed: str) -> ReceiptCheck:
    """Find a receipt code in the round's bulletin (Refused if the text is not a code).

    Not found here, the code is tried against the year's other rounds, to tell the unit that it
    typed the code of another round. The bulletin lists the box's rows as they are (sorted by
    digest), so the code's digest is looked up in the year's boxes in one query rather than by
    building the bulletin.
    """
    code = bulletin.normalise_code(typed)
    if code is None:
        raise Refused(
            _(
                "Mã biên nhận gồm %(length)d ký tự (chữ và số), ví dụ 7KQ2M-XP9DA-3B8HW-Z4N6R; "
                "hãy nhập đúng mã đã nhận khi bỏ phiếu."
            )
            % {"length": bulletin.CODE_LENGTH},
            field="code",
        )
    if not has_bulletin(ballot_round):
        raise Refused(_("Bảng kết quả chỉ công bố khi vòng bỏ phiếu trực tuyến kết thúc."))
    # A code's digest is bound to its round: one digest per round of the year.
    rounds = {bulletin.receipt_digest(r.pk, code): r for r in ballot_round.year.ballot_rounds.all()}
    hit = Ballot.objects.filter(receipt_digest__in=rounds).values_list("receipt_digest", "choices")
    found = hit.first()
    if found is None:
        return ReceiptCheck(False)
    digest, choices = found
    if rounds[digest].pk != ballot_round.pk:
        return ReceiptCheck(False, other_round=rounds[digest])
    names = dict(ballot_round.candidates.values_list("pk", "unit__name"))
    line = {"receipt_digest": digest, "choices": sorted(choices)}
    return ReceiptCheck(True, line, tuple(names[key] for key in line["choices"]))


def elected_leaders(
    year: EmulationYear, tally: Callable[[BallotRound], Tally] | None = None
) -> tuple[Unit | None, list[Unit]]:
    """Next year's head and deputies as elected by the year's closed rounds (None when unclear).

    `tally`: the rounds' tallies when the caller has them already (the report tallies each
    round once)."""
    tally = tally or round_tally
    head: Unit | None = None
    deputies: list[Unit] = []
    for ballot_round in year.ballot_rounds.filter(
        state=BallotRound.State.CLOSED,
        kind__in=[BallotRound.Kind.HEAD, BallotRound.Kind.DEPUTIES],
    ).order_by("closed_at"):
        result = tally(ballot_round)
        if ballot_round.kind == BallotRound.Kind.HEAD:
            head = result.elected[0] if len(result.elected) == 1 else None
        else:
            deputies = result.elected
    return head, [unit for unit in deputies if unit != head]


def leaders_apply_to_next_year(*, actor: User | None, year: EmulationYear) -> bool:
    """Make the elected head and deputies next year's, when that year already exists.

    Returns whether anything changed. A unit that is not a member of the next year is left out
    (the secretariat adds it as a member first); a tie leaves the roles as they were; a closed
    next year is left as it is. Called inside round_close's transaction; `set_leaders` records
    the "year.leaders" event on the next year when the roles change.
    """
    following = EmulationYear.objects.filter(cluster=year.cluster, year=year.year + 1).first()
    head, deputies = elected_leaders(year)
    if following is None or (head is None and not deputies):
        return False
    following = lock_year(following)
    if following.is_closed:
        return False
    return set_leaders(following, head, deputies, actor=actor)
