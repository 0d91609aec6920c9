"""Read side of scoring: the rows of a sheet, the ranking, in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import formats
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
    # Numbers formatted once, in Python (a template formats each lookup again, and that was most
    # of the sheet's cost at 200 criteria): the page prints these strings.
    max_text: str = ""
    points_text: str = ""
    self_text: str = ""
    changed: bool = False  # the points that count differ from the self-assessed ones
    subtotal_text: str = ""
    cap_text: str = ""
    indent: int = 0  # the indent class, at most 6
    # Links built once per sheet by the view (scoring.views.attach_links), not reversed per row.
    adjust_url: str = ""

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
    total_text: str = ""
    sections_text: list[tuple[str, str]] = field(default_factory=list)  # (code, subtotal)


class NumberText:
    """Localised numbers, each distinct value formatted once (a sheet repeats a few values)."""

    def __init__(self) -> None:
        self._memo: dict[str, str] = {}

    def __call__(self, value: Decimal | None) -> str:
        if value is None:
            return ""
        key = str(value)  # 8 and 8.00 are equal but print differently
        text = self._memo.get(key)
        if text is None:
            text = self._memo[key] = str(formats.localize(value))
        return text


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
    text = NumberText()
    rows = []
    for criterion, depth, is_leaf in ordered_tree(criteria):
        score = scores.get(criterion.pk)
        row = SheetRow(
            criterion=criterion,
            depth=depth,
            is_leaf=is_leaf,
            score=score,
            subtotal=None if is_leaf else totals.of(criterion.pk),
            evidence=evidence.get(criterion.pk, []),
            adjustments=adjustments.get(criterion.pk, []),
            indent=min(depth, 6),
        )
        if is_leaf:
            row.max_text = text(criterion.max_points)
            if score is not None:
                row.points_text = "—" if score.points is None else text(score.points)
                row.self_text = text(score.self_points)
                row.changed = score.points != score.self_points
        else:
            row.subtotal_text = text(row.subtotal)
            row.cap_text = text(criterion.cap)
        rows.append(row)
    sections = [(row.criterion, row.subtotal or Decimal("0")) for row in rows if row.depth == 0]
    return Sheet(
        rows=rows,
        total=totals.total,
        sections=sections,
        total_text=text(totals.total),
        sections_text=[(criterion.code, text(subtotal)) for criterion, subtotal in sections],
    )


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
    # Formatted once in Python (the page prints strings; see NumberText).
    section_texts: list[str] = field(default_factory=list)
    total_text: str = ""
    url: str = ""  # the unit's sheet, set by the ranking page
    cells_html: str = ""  # the sections' cells, joined by the ranking page


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
    text = NumberText()
    for row in rows:
        if row.unit.pk in ranked:
            row.rank = ranked[row.unit.pk].rank
            row.decided_by = ranked[row.unit.pk].decided_by
        row.section_texts = [text(value) for value in row.sections]
        row.total_text = text(row.total)
    rows.sort(key=lambda r: (r.rank is None, r.rank or 0, r.unit.search_name))
    return Ranking(sections=sections, rows=rows, tie_breakers=tie_codes)


def _by_name(row: RankingRow) -> str:
    return row.unit.search_name


def totals_across_years(year: EmulationYear) -> tuple[list[int], list[tuple[str, list[str]]]]:
    """Each member's final total in every year of the cluster (two queries): the unit's name and
    the totals formatted ("—" for a year without one); plain values, no model instances."""
    finals = Assessment.objects.filter(
        year__cluster_id=year.cluster_id, state=Assessment.State.FINALISED
    ).values_list("unit_id", "year__year", "final_total")
    by_unit: dict[int, dict[int, Decimal]] = defaultdict(dict)
    years: set[int] = set()
    for unit_id, number, total in finals:
        by_unit[unit_id][number] = total
        years.add(number)
    ordered_years = sorted(years)
    units = sorted(
        Membership.objects.filter(year=year).values_list(
            "unit__search_name", "unit__name", "unit_id"
        )
    )
    text = NumberText()
    return ordered_years, [
        (name, [text(by_unit[unit_id].get(n)) or "—" for n in ordered_years])
        for _search, name, unit_id in units
    ]


def consolidated_table(year: EmulationYear) -> bytes:
    """The year's consolidated workbook (five queries): every criterion × every member.

    A row per criterion, sections with each unit's subtotal as counted (its cap applied, the
    uncapped sum noted beside it when the cap cut it), then the total and the rank; units in
    ranking order (the year's tie-breakers), units without a submitted sheet last.
    """
    from scoring.excel import ConsolidatedLine, ConsolidatedUnit, consolidated_workbook

    sheet = CriteriaSheet.objects.filter(year=year).first()
    criteria = list(sheet.criteria.all()) if sheet else []
    tree = ordered_tree(criteria)
    nodes = [c.as_node() for c in criteria]
    children = rules.children_map(nodes)
    memberships = sorted(year.memberships.select_related("unit"), key=lambda m: m.unit.search_name)
    assessments = {a.unit_id: a for a in Assessment.objects.filter(year=year)}
    points: dict[int, dict[int, Decimal | None]] = defaultdict(dict)
    for assessment_id, criterion_id, value in (
        Score.objects.filter(assessment__year=year)
        .exclude(assessment__state=Assessment.State.DRAFT)
        .values_list("assessment_id", "criterion_id", "points")
    ):
        points[assessment_id][criterion_id] = value
    tie_codes = sheet.tie_breaker_codes() if sheet else []
    section_ids = {c.code: c.pk for c in criteria if c.parent_id is None}
    units: list[ConsolidatedUnit] = []
    entries: list[rules.Entry] = []
    for membership in memberships:
        assessment = assessments.get(membership.unit_id)
        if assessment is None or assessment.is_draft:
            units.append(
                ConsolidatedUnit(
                    key=membership.unit_id,
                    name=membership.unit.name,
                    values=[None] * len(tree),
                    uncapped=[None] * len(tree),
                    total=None,
                    state=str(_("Chưa nộp")),
                    is_final=False,
                )
            )
            continue
        scored = points[assessment.pk]
        totals = rules.compute_totals(nodes, scored)

        def value(node_id: int, scored=scored, totals=totals) -> Decimal:
            return totals.of(node_id) if node_id in children else (scored.get(node_id) or ZERO)

        values: list[Decimal | None] = []
        uncapped: list[Decimal | None] = []
        for criterion, _depth, is_leaf in tree:
            if is_leaf:
                values.append(scored.get(criterion.pk))
                uncapped.append(None)
                continue
            counted = totals.of(criterion.pk)
            raw = sum((value(kid.id) for kid in children[criterion.pk]), ZERO)
            values.append(counted)
            uncapped.append(raw if raw != counted else None)
        units.append(
            ConsolidatedUnit(
                key=membership.unit_id,
                name=membership.unit.name,
                values=values,
                uncapped=uncapped,
                total=totals.total,
                state=str(assessment.get_state_display()),
                is_final=assessment.is_finalised,
            )
        )
        entries.append(
            rules.Entry(
                key=membership.unit_id,
                total=totals.total,
                tiebreaks=tuple(
                    totals.of(section_ids[code]) for code in tie_codes if code in section_ids
                ),
            )
        )
    ranked = {r.key: r.rank for r in rules.rank(entries)}
    for unit in units:
        unit.rank = ranked.get(unit.key)
    units.sort(key=lambda u: (u.rank is None, u.rank or 0, u.name))
    lines = [
        ConsolidatedLine(
            code=criterion.code,
            text=criterion.text,
            depth=depth,
            is_leaf=is_leaf,
            maximum=_line_maximum(criterion, is_leaf, children, {c.pk: c for c in criteria}),
            cap=criterion.cap,
        )
        for criterion, depth, is_leaf in tree
    ]
    title = _("BẢNG TỔNG HỢP ĐIỂM THI ĐUA NĂM %(year)d — %(cluster)s") % {
        "year": year.year,
        "cluster": year.cluster.name.upper(),
    }
    return consolidated_workbook(title, lines, units)


ZERO = Decimal("0")


def _line_maximum(criterion, is_leaf, children, by_id) -> Decimal | None:
    """A criterion's maximum with its sign (a deduction's is negative); a section's is its cap,
    else the sum of its standard criteria."""
    if is_leaf:
        if criterion.max_points is None:
            return None
        if criterion.kind == Criterion.Kind.DEDUCTION:
            return -criterion.max_points
        return criterion.max_points
    if criterion.cap is not None:
        return criterion.cap

    def standard(node_id: int) -> Decimal:
        kids = children.get(node_id)
        if not kids:
            leaf = by_id[node_id]
            if leaf.kind != Criterion.Kind.STANDARD:
                return ZERO
            return leaf.max_points or ZERO
        if by_id[node_id].cap is not None:
            return by_id[node_id].cap
        return sum((standard(kid.id) for kid in kids), ZERO)

    def signed(node_id: int) -> Decimal:
        kids = children.get(node_id)
        if kids:
            return sum((signed(kid.id) for kid in kids), ZERO)
        leaf = by_id[node_id]
        points = leaf.max_points or ZERO
        return -points if leaf.kind == Criterion.Kind.DEDUCTION else points

    # A section of only bonus (or only deduction) criteria: theirs, with its sign.
    return standard(criterion.pk) or signed(criterion.pk) or None
