"""What scoring gives the year's flow for the apps below it (config/year.py): what keeps a year
from closing, what a closed year carries over to the next, and the criteria as the compact's
appendix."""

from __future__ import annotations

from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _

from campaigns.appendix import AppendixRow
from clusters.flow import Problem
from clusters.models import EmulationYear, User
from scoring import services
from scoring.models import BallotRound, CriteriaSheet, Criterion
from scoring.phases import sheets_holding
from scoring.queries import ordered_tree


def close_check(year: EmulationYear) -> list[Problem]:
    """Sheets not finalised and ballot rounds neither closed nor cancelled keep a year from
    closing (a draft round is deleted or cancelled first)."""
    remaining = [
        Problem(_("Bảng điểm của %(unit)s chưa hoàn tất") % {"unit": name})
        for name in sheets_holding(year, EmulationYear.Phase.REVIEW)
    ]
    done = [BallotRound.State.CLOSED, BallotRound.State.CANCELLED]
    for ballot_round in year.ballot_rounds.exclude(state__in=done):
        remaining.append(
            Problem(
                _("Vòng bỏ phiếu “%(kind)s” chưa kết thúc")
                % {"kind": ballot_round.get_kind_display()}
            )
        )
    return remaining


def carry_over_criteria(
    *, closed: EmulationYear, following: EmulationYear, actor: User | None
) -> None:
    """The next year starts from a copy of this year's criteria, to edit during its set-up."""
    source = CriteriaSheet.objects.filter(year=closed).first()
    if source is None or not source.criteria.exists():
        return
    target = services.sheet_get_or_create(year=following)
    if not target.criteria.exists():
        services.criteria_copy(actor=actor, source=source, target=target)


def criteria_appendix(year: EmulationYear) -> list:
    """The criteria sheet as the compact's appendix: sections with their maximum, then criteria.

    Maxima carry their sign: a deduction's is negative (printed −5), a bonus's positive (+5). A
    section's maximum is its cap, or else the sum of its standard criteria; a section of only
    bonus or only deduction criteria has theirs, and their kind (two queries). Labels are
    Vietnamese whatever the reader's language: a signed compact keeps them.
    """
    criteria = list(Criterion.objects.filter(sheet__year=year))
    rows = ordered_tree(criteria)
    children: dict[int | None, list[Criterion]] = {}
    for criterion in criteria:
        children.setdefault(criterion.parent_id, []).append(criterion)

    def leaves_under(criterion: Criterion) -> list[Criterion]:
        if criterion.pk not in children:
            return [criterion]
        return [leaf for c in children[criterion.pk] for leaf in leaves_under(c)]

    def leaf_kinds(criterion: Criterion) -> set[str]:
        return {leaf.kind for leaf in leaves_under(criterion)}

    def maximum(criterion: Criterion) -> Decimal:
        if criterion.pk not in children:
            points = criterion.max_points or Decimal("0")
            return -points if criterion.kind == Criterion.Kind.DEDUCTION else points
        if criterion.cap is not None:
            return criterion.cap
        kids = children[criterion.pk]
        standard = [c for c in kids if Criterion.Kind.STANDARD in leaf_kinds(c)]
        if standard:
            return sum((maximum(c) for c in standard), Decimal("0"))
        return sum((maximum(c) for c in kids), Decimal("0"))

    def kind(criterion: Criterion, is_leaf: bool) -> str:
        if is_leaf:
            return str(criterion.get_kind_display())
        kinds = leaf_kinds(criterion)
        if len(kinds) == 1 and Criterion.Kind.STANDARD not in kinds:
            return str(Criterion.Kind(kinds.pop()).label)
        return ""

    with translation.override("vi"):
        return [
            AppendixRow(
                code=criterion.code,
                text=criterion.text,
                max_points=maximum(criterion),
                kind=kind(criterion, is_leaf),
            )
            for criterion, _depth, is_leaf in rows
        ]
