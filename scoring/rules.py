"""The rules of a score sheet and of the ranking: plain functions, no database.

DESIGN.md, "Domain rules": a leaf criterion has a maximum and a kind (standard 0..max, bonus
+0..max, deduction −max..0); a section may cap its total; the total is computed, never typed.
Ranking: by final total, descending; equal totals share a rank (1, 2, 2, 4) unless the year's
tie-breakers separate them, and the rule used is shown.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusters.text import decimal_text as format_points  # points print as any number does

STANDARD = "standard"
BONUS = "bonus"
DEDUCTION = "deduction"

ZERO = Decimal("0")
POINTS_QUANTUM = Decimal("0.01")
_NUMBER = re.compile(r"^[+-]?\d+([.,]\d+)?$")


class PointsError(ValueError):
    """A points value that cannot be accepted; the message is Vietnamese, for the user."""


def parse_points(raw: object) -> Decimal | None:
    """A typed or uploaded value as points: a number, or text such as "9,5" or "9.5".

    Empty means "not scored yet" (None). Anything else raises PointsError.
    """
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise PointsError(_("Điểm phải là một số."))
    if isinstance(raw, int | float | Decimal):
        value = Decimal(str(raw))
    else:
        text = str(raw).strip().replace("\u00a0", "").replace(" ", "")
        if text == "":
            return None
        if not _NUMBER.match(text):
            raise PointsError(_("“%(raw)s” không phải là số (ví dụ hợp lệ: 9,5).") % {"raw": raw})
        try:
            value = Decimal(text.replace(",", "."))
        except InvalidOperation as error:  # pragma: no cover - the pattern already checked
            raise PointsError(_("“%(raw)s” không phải là số.") % {"raw": raw}) from error
    if not value.is_finite():
        raise PointsError(_("Điểm phải là một số."))
    # No criterion is worth a million points; larger numbers would also overflow quantize().
    if value.adjusted() >= 6:
        raise PointsError(_("Số quá lớn."))
    if value != value.quantize(POINTS_QUANTUM):
        raise PointsError(_("Điểm chỉ có tối đa hai chữ số thập phân."))
    return value.quantize(POINTS_QUANTUM)


def points_range(kind: str, maximum: Decimal) -> tuple[Decimal, Decimal]:
    """The allowed points of a leaf criterion: deductions are entered with their minus sign."""
    if kind == DEDUCTION:
        return -maximum, ZERO
    return ZERO, maximum


def check_points(kind: str, maximum: Decimal, value: Decimal) -> None:
    low, high = points_range(kind, maximum)
    if kind == DEDUCTION and value > ZERO:
        raise PointsError(
            _("Điểm trừ phải nhập số âm (từ %(low)s đến 0), không phải %(value)s.")
            % {"low": format_points(low), "value": format_points(value)}
        )
    if not low <= value <= high:
        raise PointsError(
            _("Điểm phải trong khoảng %(low)s đến %(high)s.")
            % {"low": format_points(low), "high": format_points(high)}
        )


@dataclass(frozen=True)
class Node:
    """A criterion as the rules see it."""

    id: int
    parent_id: int | None
    code: str
    kind: str = STANDARD
    max_points: Decimal | None = None  # leaves only
    cap: Decimal | None = None  # sections only: the most their total may count


@dataclass
class Totals:
    total: Decimal
    by_node: dict[int, Decimal] = field(default_factory=dict)  # every non-leaf's (capped) total

    def of(self, node_id: int) -> Decimal:
        return self.by_node.get(node_id, ZERO)


def children_map(nodes: Iterable[Node]) -> dict[int | None, list[Node]]:
    children: dict[int | None, list[Node]] = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node)
    return children


def leaves(nodes: Sequence[Node]) -> list[Node]:
    parents = {node.parent_id for node in nodes}
    return [node for node in nodes if node.id not in parents]


def compute_totals(nodes: Sequence[Node], points: Mapping[int, Decimal | None]) -> Totals:
    """Subtotals bottom-up; a node's cap limits its own subtotal; unscored leaves count 0."""
    children = children_map(nodes)
    totals = Totals(total=ZERO)

    def subtotal(node: Node) -> Decimal:
        kids = children.get(node.id)
        if not kids:
            return points.get(node.id) or ZERO
        value = sum((subtotal(kid) for kid in kids), ZERO)
        if node.cap is not None and value > node.cap:
            value = node.cap
        totals.by_node[node.id] = value
        return value

    totals.total = sum((subtotal(root) for root in children.get(None, [])), ZERO)
    return totals


def missing_leaves(nodes: Sequence[Node], points: Mapping[int, Decimal | None]) -> list[Node]:
    return [leaf for leaf in leaves(nodes) if points.get(leaf.id) is None]


# --- ranking ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    key: int  # e.g. the unit id
    total: Decimal
    tiebreaks: tuple[Decimal, ...] = ()  # values of the year's tie-breakers, in order


@dataclass(frozen=True)
class Ranked:
    key: int
    rank: int
    total: Decimal
    decided_by: str  # the rule that placed it among equal totals, or "" when its total alone did


# The ranking's notes are read in the person's language: resolved when a ranking is computed.
SHARED = gettext_lazy("Bằng điểm, đồng hạng")


def rank(entries: Sequence[Entry], tiebreak_names: Sequence[str] = ()) -> list[Ranked]:
    """Standard competition ranking (1, 2, 2, 4), with tie-breakers applied among equal totals.

    Within a group of equal totals, entries are ordered by the tie-breaker values (higher first);
    entries still equal on every tie-breaker share a rank. `decided_by` names the first tie-breaker
    that separates an entry from its neighbours, or says the rank is shared.
    """
    ordered = sorted(entries, key=lambda e: (-e.total, tuple(-v for v in e.tiebreaks), e.key))
    result: list[Ranked] = []
    position = 0
    while position < len(ordered):
        group = [e for e in ordered[position:] if e.total == ordered[position].total]
        result.extend(_rank_group(group, position + 1, tiebreak_names))
        position += len(group)
    return result


def _rank_group(group: list[Entry], first_rank: int, names: Sequence[str]) -> list[Ranked]:
    if len(group) == 1:
        entry = group[0]
        return [Ranked(entry.key, first_rank, entry.total, "")]
    ranked = []
    for entry in group:
        same = [other for other in group if other.tiebreaks == entry.tiebreaks]
        better = [other for other in group if _better(other, entry)]
        shared = len(same) > 1
        rule = str(SHARED) if shared else _separating_rule(entry, group, names)
        ranked.append(Ranked(entry.key, first_rank + len(better), entry.total, rule))
    return ranked


def _better(a: Entry, b: Entry) -> bool:
    return tuple(a.tiebreaks) > tuple(b.tiebreaks)


def _separating_rule(entry: Entry, group: list[Entry], names: Sequence[str]) -> str:
    """The first tie-breaker at which this entry differs from some other entry of its group."""
    depth = 0
    for other in group:
        if other is entry:
            continue
        for index, (mine, theirs) in enumerate(zip(entry.tiebreaks, other.tiebreaks, strict=False)):
            if mine != theirs:
                depth = max(depth, index)
                break
    if not names:
        return str(SHARED)
    return _("Bằng tổng điểm; xếp theo: %(rule)s") % {"rule": names[min(depth, len(names) - 1)]}


# --- ballots ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Threshold:
    """A share of all member units: "more than half" is (0.5, strict); "two thirds" (2/3, not)."""

    share: Decimal
    strict: bool = True

    def votes_needed(self, members: int) -> int:
        exact = self.share * members
        whole = int(exact)
        if self.strict:
            return whole + 1
        return whole if exact == whole else whole + 1


@dataclass(frozen=True)
class TallyLine:
    key: int
    votes: int
    reaches_threshold: bool
    elected: bool
    tied_at_cut: bool  # equal votes across the last seat: reported, not broken


def tally(
    candidates: Sequence[int],
    ballots: Sequence[Sequence[int]],
    *,
    members: int,
    seats: int,
    threshold: Threshold,
) -> list[TallyLine]:
    """Votes per candidate from the stored ballots; who is elected; ties at the cut reported.

    A candidate is elected when it reaches the threshold and ranks within the seats. Candidates
    with equal votes that straddle the last seat are all marked tied and none of them elected.
    """
    votes = {key: 0 for key in candidates}
    for ballot in ballots:
        for key in set(ballot):
            if key in votes:
                votes[key] += 1
    return tally_votes(candidates, votes, members=members, seats=seats, threshold=threshold)


def tally_votes(
    candidates: Sequence[int],
    votes: Mapping[int, int],
    *,
    members: int,
    seats: int,
    threshold: Threshold,
) -> list[TallyLine]:
    """The same decision from votes already counted (a paper count entered in the hall)."""
    votes = {key: votes.get(key, 0) for key in candidates}
    needed = threshold.votes_needed(members)
    ordered = sorted(candidates, key=lambda k: (-votes[k], candidates.index(k)))
    eligible = [k for k in ordered if votes[k] >= needed]
    elected: set[int] = set()
    tied: set[int] = set()
    if len(eligible) <= seats:
        elected = set(eligible)
    else:
        cut = votes[eligible[seats - 1]]
        above = [k for k in eligible if votes[k] > cut]
        at_cut = [k for k in eligible if votes[k] == cut]
        elected = set(above)
        if len(above) + len(at_cut) > seats:
            tied = set(at_cut)
        else:  # pragma: no cover - cannot happen: eligible exceeds seats
            elected |= set(at_cut)
    return [
        TallyLine(
            key=k,
            votes=votes[k],
            reaches_threshold=votes[k] >= needed,
            elected=k in elected,
            tied_at_cut=k in tied,
        )
        for k in ordered
    ]


# --- when a round may be tallied, and a paper count that holds together ----------------------

MIN_QUORUM = 3  # never fewer ballots than this: no tally may reveal a lone ballot


def default_quorum(members: int) -> int:
    """Two thirds of the member units, rounded up, and never fewer than three ballots."""
    return max(MIN_QUORUM, -(-2 * members // 3))


def close_refusal(
    *, members: int, cast: int, quorum: int, closing_passed: bool | None
) -> str | None:
    """Why a round cannot be tallied yet, or None when it can.

    A round is tallied when every member has voted, or once its closing time has passed
    (`closing_passed`; None: the round has no closing time) with at least its quorum of ballots.
    The answers: "no_closing_time", "before_closing_time", "below_quorum".
    """
    if members > 0 and cast >= members:
        return None
    if closing_passed is None:
        return "no_closing_time"
    if not closing_passed:
        return "before_closing_time"
    if cast < max(quorum, MIN_QUORUM):
        return "below_quorum"
    return None


@dataclass(frozen=True)
class PaperCount:
    """The counting committee's figures for a round voted on paper in the hall."""

    issued: int
    received: int
    valid: int
    invalid: int
    blank: int
    votes: Mapping[int, int]  # candidate key -> votes


def paper_count_errors(count: PaperCount, *, members: int, seats: int) -> dict[str, str]:
    """What does not hold together in a paper count: field name -> message (empty: it holds).

    One ballot per member unit, so no more issued than members; received <= issued; every
    received ballot is valid or invalid; a blank ballot is a valid ballot naming nobody; a valid
    ballot that is not blank names from 1 to `seats` candidates, so each candidate has at most
    valid - blank votes and the votes add up to between valid - blank and (valid - blank) x seats.
    Vote fields are named "votes_<key>"; the sum's error goes to "votes" (the form's top).
    """
    errors: dict[str, str] = {}
    figures = {
        "issued": count.issued,
        "received": count.received,
        "valid": count.valid,
        "invalid": count.invalid,
        "blank": count.blank,
    }
    for name, value in figures.items():
        if value < 0:
            errors[name] = _("Số phiếu không được âm.")
    for key, value in count.votes.items():
        if value < 0:
            errors[f"votes_{key}"] = _("Số phiếu không được âm.")
    if errors:
        return errors
    if count.issued > members:
        errors["issued"] = _(
            "Số phiếu phát ra không được lớn hơn số đơn vị thành viên (%(members)d): "
            "mỗi đơn vị một phiếu."
        ) % {"members": members}
    if count.received > count.issued:
        errors["received"] = _(
            "Số phiếu thu vào (%(received)d) không được lớn hơn số phiếu phát ra (%(issued)d)."
        ) % {"received": count.received, "issued": count.issued}
    if count.valid + count.invalid != count.received:
        errors["invalid"] = _(
            "Số phiếu hợp lệ cộng số phiếu không hợp lệ (%(sum)d) phải bằng số phiếu thu vào "
            "(%(received)d)."
        ) % {"sum": count.valid + count.invalid, "received": count.received}
    if count.blank > count.valid:
        errors["blank"] = _(
            "Phiếu trắng là phiếu hợp lệ: số phiếu trắng không được lớn hơn số phiếu hợp lệ "
            "(%(valid)d)."
        ) % {"valid": count.valid}
        return errors
    naming = count.valid - count.blank  # valid ballots that name at least one unit
    for key, value in count.votes.items():
        if value > naming:
            errors[f"votes_{key}"] = _(
                "Mỗi đơn vị có tối đa %(naming)d phiếu (số phiếu hợp lệ trừ phiếu trắng)."
            ) % {"naming": naming}
    total = sum(count.votes.values())
    if not errors and total > naming * seats:
        errors["votes"] = _(
            "Tổng số phiếu của các đơn vị (%(total)d) vượt quá %(most)d: mỗi phiếu hợp lệ chọn "
            "tối đa %(seats)d đơn vị."
        ) % {"total": total, "most": naming * seats, "seats": seats}
    elif not errors and total < naming:
        errors["votes"] = _(
            "Tổng số phiếu của các đơn vị (%(total)d) ít hơn số phiếu hợp lệ không trắng "
            "(%(naming)d): mỗi phiếu hợp lệ không trắng chọn ít nhất một đơn vị."
        ) % {"total": total, "naming": naming}
    return errors
