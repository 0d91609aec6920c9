"""Read side of scoring: the rows of a sheet, the ranking, in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from clusters.models import EmulationYear, Membership, Unit
from scoring import rules
from scoring.models import Adjustment, Assessment, CriteriaSheet, Criterion, Evidence, Score


def ordered_tree(criteria: list[Criterion]) -> list[tuple[Criterion, int, bool]]:
    """Depth-first order (sections before their criteria) with depth and is-leaf."""
    children: dict[int | None, list[Criterion]] = defaultdict(list)
    for criterion in criteria:
        children[criterion.parent_id].append(criterion)
    for siblings in children.values():
        siblings.sort(key=lambda c: (c.position, c.pk))
    ordered: list[tuple[Criterion, int, bool]] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for criterion in children.get(parent_id, []):
            ordered.append((criterion, depth, criterion.pk not in children))
            walk(criterion.pk, depth + 1)

    walk(None, 0)
    return ordered


@dataclass
class SheetRow:
    criterion: Criterion
    depth: int
    is_leaf: bool
    score: Score | None = None
    subtotal: Decimal | None = None
    evidence: list[Evidence] = field(default_factory=list)
    adjustments: list[Adjustment] = field(default_factory=list)
    error: str = ""
    typed_points: str | None = None  # what the person typed, kept when a save is refused
    typed_explanation: str | None = None

    @property
    def points_range(self) -> tuple[Decimal, Decimal] | None:
        if not self.is_leaf or self.criterion.max_points is None:
            return None
        return rules.points_range(self.criterion.kind, self.criterion.max_points)


@dataclass
class Sheet:
    rows: list[SheetRow]
    total: Decimal
    sections: list[tuple[Criterion, Decimal]]  # top-level sections with their (capped) subtotal


def sheet_rows(sheet: CriteriaSheet, assessment: Assessment | None) -> Sheet:
    """Four queries: criteria, scores, evidence, adjustments."""
    criteria = list(sheet.criteria.all())
    scores: dict[int, Score] = {}
    evidence: dict[int, list[Evidence]] = defaultdict(list)
    adjustments: dict[int, list[Adjustment]] = defaultdict(list)
    if assessment is not None:
        scores = {s.criterion_id: s for s in assessment.scores.all()}
        for item in Evidence.objects.filter(score__assessment=assessment).select_related("score"):
            evidence[item.score.criterion_id].append(item)
        for item in Adjustment.objects.filter(score__assessment=assessment).select_related(
            "score", "reviewer", "answered_by"
        ):
            adjustments[item.score.criterion_id].append(item)
    points = {criterion_id: score.points for criterion_id, score in scores.items()}
    totals = rules.compute_totals([c.as_node() for c in criteria], points)
    rows = [
        SheetRow(
            criterion=criterion,
            depth=depth,
            is_leaf=is_leaf,
            score=scores.get(criterion.pk),
            subtotal=None if is_leaf else totals.of(criterion.pk),
            evidence=evidence.get(criterion.pk, []),
            adjustments=adjustments.get(criterion.pk, []),
        )
        for criterion, depth, is_leaf in ordered_tree(criteria)
    ]
    sections = [(row.criterion, row.subtotal or Decimal("0")) for row in rows if row.depth == 0]
    return Sheet(rows=rows, total=totals.total, sections=sections)


@dataclass(frozen=True)
class HistoryLine:
    when: object
    who: str
    code: str
    old: Decimal | None
    new: Decimal | None
    reason: str


def score_history(assessment: Assessment) -> list[HistoryLine]:
    """Every change of points after submission, from the score's recorded history (one query)."""
    if assessment.submitted_at is None:
        return []
    records = list(
        Score.history.filter(assessment_id=assessment.pk)
        .select_related("history_user", "criterion")
        .order_by("id", "history_date", "history_id")
    )
    lines: list[HistoryLine] = []
    previous: dict[int, object] = {}
    for record in records:
        before = previous.get(record.id)
        previous[record.id] = record
        if before is None or before.points == record.points:
            continue
        if record.history_date < assessment.submitted_at:
            continue
        who = record.history_user
        lines.append(
            HistoryLine(
                when=record.history_date,
                who=(who.full_name or who.username) if who else "",
                code=record.criterion.code if record.criterion_id else "",
                old=before.points,
                new=record.points,
                reason=record.history_change_reason or "",
            )
        )
    lines.sort(key=lambda line: line.when)
    return lines


# --- ranking ---------------------------------------------------------------------------------


@dataclass
class RankingRow:
    unit: Unit
    assessment: Assessment | None
    sections: list[Decimal]  # one per top-level section, capped
    total: Decimal | None
    rank: int | None = None
    decided_by: str = ""


@dataclass
class Ranking:
    sections: list[Criterion]
    rows: list[RankingRow]  # ranked rows first, then units without a final sheet
    tie_breakers: list[str]


def year_ranking(year: EmulationYear) -> Ranking:
    """Final totals, section subtotals and ranks: three queries whatever the size.

    Totals were computed and stored when each sheet was finalised (a final sheet is frozen).
    """
    memberships = list(year.memberships.select_related("unit"))
    sections = list(
        Criterion.objects.filter(sheet__year=year, parent=None)
        .select_related("sheet")
        .order_by("position", "pk")
    )
    assessments = {a.unit_id: a for a in Assessment.objects.filter(year=year)}
    tie_codes = []
    if sections:
        codes = {s.code for s in sections}
        tie_codes = [c for c in sections[0].sheet.tie_breaker_codes() if c in codes]
    rows: list[RankingRow] = []
    entries: list[rules.Entry] = []
    for membership in memberships:
        assessment = assessments.get(membership.unit_id)
        if assessment is None or not assessment.is_finalised:
            rows.append(RankingRow(membership.unit, assessment, [], None))
            continue
        by_code = {code: Decimal(value) for code, value in assessment.final_sections.items()}
        row = RankingRow(
            membership.unit,
            assessment,
            [by_code.get(s.code, Decimal("0")) for s in sections],
            assessment.final_total,
        )
        rows.append(row)
        entries.append(
            rules.Entry(
                key=membership.unit_id,
                total=assessment.final_total,
                tiebreaks=tuple(by_code.get(code, Decimal("0")) for code in tie_codes),
            )
        )
    names = [_("điểm mục %(code)s") % {"code": code} for code in tie_codes]
    ranked = {r.key: r for r in rules.rank(entries, names)}
    for row in rows:
        if row.unit.pk in ranked:
            row.rank = ranked[row.unit.pk].rank
            row.decided_by = ranked[row.unit.pk].decided_by
    rows.sort(key=lambda r: (r.rank is None, r.rank or 0, r.unit.search_name))
    return Ranking(sections=sections, rows=rows, tie_breakers=tie_codes)


def _by_name(row: RankingRow) -> str:
    return row.unit.search_name


def totals_across_years(year: EmulationYear) -> tuple[list[int], list[tuple[Unit, list]]]:
    """Each member's final total in every year of the cluster (two queries)."""
    finals = Assessment.objects.filter(
        year__cluster_id=year.cluster_id, state=Assessment.State.FINALISED
    ).values_list("unit_id", "year__year", "final_total")
    by_unit: dict[int, dict[int, Decimal]] = defaultdict(dict)
    years: set[int] = set()
    for unit_id, number, total in finals:
        by_unit[unit_id][number] = total
        years.add(number)
    ordered_years = sorted(years)
    units = [m.unit for m in Membership.objects.filter(year=year).select_related("unit")]
    units.sort(key=lambda u: u.search_name)
    return ordered_years, [(u, [by_unit[u.pk].get(n) for n in ordered_years]) for u in units]


def consolidated_table(year: EmulationYear) -> bytes:
    """The year's consolidated workbook: every scored criterion × every member (five queries)."""
    from scoring.excel import consolidated_workbook

    sheet = CriteriaSheet.objects.filter(year=year).first()
    criteria = list(sheet.criteria.all()) if sheet else []
    leaves = [c for c, _, is_leaf in ordered_tree(criteria) if is_leaf]
    memberships = sorted(year.memberships.select_related("unit"), key=lambda m: m.unit.search_name)
    assessments = {a.unit_id: a for a in Assessment.objects.filter(year=year)}
    points: dict[int, dict[int, Decimal | None]] = defaultdict(dict)
    for assessment_id, criterion_id, value in (
        Score.objects.filter(assessment__year=year)
        .exclude(assessment__state=Assessment.State.DRAFT)
        .values_list("assessment_id", "criterion_id", "points")
    ):
        points[assessment_id][criterion_id] = value
    units = []
    for membership in memberships:
        assessment = assessments.get(membership.unit_id)
        if assessment is None or assessment.is_draft:
            state = _("Chưa nộp")
            values: list[Decimal | None] = [None] * len(leaves)
            total = None
        else:
            state = assessment.get_state_display()
            values = [points[assessment.pk].get(c.pk) for c in leaves]
            total = rules.compute_totals(
                [c.as_node() for c in criteria], points[assessment.pk]
            ).total
        units.append((membership.unit.name, values, total, str(state)))
    title = _("BẢNG TỔNG HỢP ĐIỂM THI ĐUA NĂM %(year)d — %(cluster)s") % {
        "year": year.year,
        "cluster": year.cluster.name.upper(),
    }
    return consolidated_workbook(title, [(c.code, c.text) for c in leaves], units)
