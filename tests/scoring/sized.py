"""A year with N units and M criteria, every sheet finalised: for query counts and benchmarks."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from scoring.models import Assessment, CriteriaSheet, Criterion, Score
from tests.data import Sized, build_cluster

LEAVES_PER_SECTION = 20


def build_scored(n_units: int, n_criteria: int, slug: str) -> tuple[Sized, list[Criterion]]:
    sized = build_cluster(n_units, 1, slug=slug)
    year = sized.year
    year.phase = "review"
    year.save()
    sheet = CriteriaSheet.objects.create(year=year, tie_breakers="I")
    sections = Criterion.objects.bulk_create(
        Criterion(sheet=sheet, code=_roman(i + 1), text=f"Mục {i + 1}", position=i)
        for i in range(max(1, n_criteria // LEAVES_PER_SECTION))
    )
    leaves = Criterion.objects.bulk_create(
        Criterion(
            sheet=sheet,
            parent=sections[i % len(sections)],
            code=f"{sections[i % len(sections)].code}.{i // len(sections) + 1}",
            text=f"Tiêu chí số {i + 1} về kết quả thực hiện nhiệm vụ",
            position=i,
            max_points=Decimal("10"),
        )
        for i in range(n_criteria)
    )
    now = timezone.now()
    assessments = Assessment.objects.bulk_create(
        Assessment(
            year=year,
            unit=unit,
            state=Assessment.State.FINALISED,
            submitted_at=now,
            finalised_at=now,
            final_total=Decimal(n_criteria * 8),
            final_sections={s.code: str(Decimal(8 * LEAVES_PER_SECTION)) for s in sections},
        )
        for unit in sized.units
    )
    Score.objects.bulk_create(
        Score(
            assessment=a,
            criterion=c,
            self_points=Decimal("8"),
            points=Decimal("8") - (index % 3 == 0) * Decimal("0.5") * (i % 2),
            explanation="Đạt",
        )
        for i, a in enumerate(assessments)
        for index, c in enumerate(leaves)
    )
    return sized, leaves


def _roman(n: int) -> str:
    numerals = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for value, letters in numerals:
        while n >= value:
            out += letters
            n -= value
    return out
