"""Secret ballots: rounds opened and closed by the secretariat, one ballot per member unit.

While a round is open nobody sees any count; once closed, everyone in the cluster sees the tally,
recomputed from the stored ballots, never who voted for whom.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clusters import audit
from clusters.closing import set_leaders
from clusters.models import EmulationYear, Membership, Unit, User
from clusters.services import Refused, lock_open_year, lock_year
from scoring import rules
from scoring.models import Ballot, BallotRound, Candidate
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
    is_sample: bool = False,
) -> BallotRound:
    """A draft round with its candidates in the order given (`is_sample`: the demo's rounds)."""
    year = lock_open_year(year)
    members = set(year.memberships.values_list("unit_id", flat=True))
    if not candidates:
        raise Refused(_("Vòng bỏ phiếu cần ít nhất một đơn vị ứng cử."), field="candidates")
    if any(unit.pk not in members for unit in candidates):
        raise Refused(_("Chỉ đơn vị thành viên của năm mới được ứng cử."), field="candidates")
    if seats > len(candidates):
        raise Refused(_("Số đơn vị được chọn không được lớn hơn số ứng cử viên."), field="seats")
    ballot_round = BallotRound.objects.create(
        year=year, kind=kind, seats=seats, threshold=threshold, is_sample=is_sample
    )
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
    )
    return ballot_round


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
    return ballot_round


@transaction.atomic
def round_close(*, actor: User | None, ballot_round: BallotRound) -> BallotRound:
    ballot_round = _locked(ballot_round)
    if ballot_round.state != BallotRound.State.OPEN:
        raise Refused(_("Chỉ kết thúc được vòng bỏ phiếu đang mở."))
    ballot_round.state = BallotRound.State.CLOSED
    ballot_round.closed_at = timezone.now()
    ballot_round.members_at_close = ballot_round.year.memberships.count()
    ballot_round.save(update_fields=["state", "closed_at", "members_at_close"])
    audit.record(
        actor=actor,
        action="round.close",
        target=ballot_round,
        year=ballot_round.year,
        summary=_("%(cast)d/%(members)d đơn vị đã bỏ phiếu")
        % {"cast": ballot_round.ballots.count(), "members": ballot_round.members_at_close},
    )
    if ballot_round.kind in (BallotRound.Kind.HEAD, BallotRound.Kind.DEPUTIES):
        leaders_apply_to_next_year(actor=actor, year=ballot_round.year)
    return ballot_round


@transaction.atomic
def ballot_cast(*, actor: User, ballot_round: BallotRound, candidate_ids: Sequence[int]) -> Ballot:
    """The actor's unit's ballot. Its event says that the unit voted, never what it chose."""
    ballot_round = _locked(ballot_round)
    unit = actor.unit
    if ballot_round.state == BallotRound.State.DRAFT:
        raise Refused(_("Vòng bỏ phiếu chưa mở."))
    if ballot_round.state == BallotRound.State.CLOSED:
        raise Refused(_("Vòng bỏ phiếu đã kết thúc, không nhận thêm phiếu."))
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
    if Ballot.objects.filter(round=ballot_round, unit=unit).exists():
        raise Refused(already, status=409)
    try:
        with transaction.atomic():  # a savepoint: the unique constraint may refuse a twin
            ballot = Ballot.objects.create(round=ballot_round, unit=unit, cast_by=actor)
    except IntegrityError as error:
        raise Refused(already, status=409) from error
    ballot.choices.set(candidates)
    # Secret ballot: the event names the round and the unit that voted, as the register of
    # voters does; nothing of the choices is passed to the audit.
    audit.record(
        actor=actor,
        action="ballot.cast",
        target=ballot_round,
        year=ballot_round.year,
        summary=_("%(unit)s đã bỏ phiếu") % {"unit": unit.name},
    )
    return ballot


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
    ballots_cast: int
    members: int
    votes_needed: int
    blank: int = 0  # ballots that chose no unit (counted among the valid ones)

    @property
    def invalid(self) -> int:
        """Online ballots are checked as they are cast: none is invalid."""
        return 0

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
    """Recomputed from the stored ballots in three queries, whatever the number of units."""
    candidates = list(ballot_round.candidates.select_related("unit"))
    through = Ballot.choices.through.objects.filter(ballot__round=ballot_round).values_list(
        "ballot_id", "candidate_id"
    )
    by_ballot: dict[int, list[int]] = {}
    for ballot_id, candidate_id in through:
        by_ballot.setdefault(ballot_id, []).append(candidate_id)
    ballots_cast = ballot_round.ballots.count()
    members = ballot_round.members_at_close or ballot_round.year.memberships.count()
    rule = ballot_round.threshold_rule()
    lines = rules.tally(
        [c.pk for c in candidates],
        list(by_ballot.values()),
        members=members,
        seats=ballot_round.seats,
        threshold=rule,
    )
    units = {c.pk: c.unit for c in candidates}
    rows = [
        TallyRow(
            units[line.key], line.votes, line.reaches_threshold, line.elected, line.tied_at_cut
        )
        for line in lines
    ]
    blank = ballots_cast - len(by_ballot)  # a ballot without a choice has no through row
    return Tally(rows, ballots_cast, members, rule.votes_needed(members), blank=blank)


def elected_leaders(year: EmulationYear) -> tuple[Unit | None, list[Unit]]:
    """Next year's head and deputies as elected by the year's closed rounds (None when unclear)."""
    head: Unit | None = None
    deputies: list[Unit] = []
    for ballot_round in year.ballot_rounds.filter(
        state=BallotRound.State.CLOSED,
        kind__in=[BallotRound.Kind.HEAD, BallotRound.Kind.DEPUTIES],
    ).order_by("closed_at"):
        result = round_tally(ballot_round)
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
