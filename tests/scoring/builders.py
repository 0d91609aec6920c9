"""A small criteria sheet and sheets in each state, for the scoring tests."""

from __future__ import annotations

from decimal import Decimal

from clusters.models import EmulationYear, Unit, User
from scoring import services
from scoring.models import Assessment, CriteriaSheet, Criterion

D = Decimal


def make_sheet(year: EmulationYear, *, tie_breakers: str = "I") -> dict[str, Criterion]:
    """I (I.1 max 10, I.2 max 20 with evidence), II capped at 15 (II.1, II.2 max 10 each),
    III bonus (III.1 +5), IV deductions (IV.1 −5)."""
    sheet = CriteriaSheet.objects.create(year=year, tie_breakers=tie_breakers)
    made: dict[str, Criterion] = {}

    def add(code, text, parent=None, position=1, **fields):
        made[code] = Criterion.objects.create(
            sheet=sheet, code=code, text=text, parent=made.get(parent), position=position, **fields
        )

    add("I", "Thực hiện nhiệm vụ chính trị, phát triển kinh tế - xã hội", position=1)
    add("I.1", "Tăng trưởng kinh tế đạt kế hoạch", "I", 1, max_points=D("10"))
    add("I.2", "Xây dựng nông thôn mới", "I", 2, max_points=D("20"), evidence_required=True)
    add("II", "Công tác thi đua, khen thưởng", position=2, cap=D("15"))
    add("II.1", "Tổ chức phong trào thi đua", "II", 1, max_points=D("10"))
    add("II.2", "Thẩm định hồ sơ khen thưởng đúng hạn", "II", 2, max_points=D("10"))
    add("III", "Điểm thưởng", position=3)
    add("III.1", "Sáng kiến được nhân rộng", "III", 1, max_points=D("5"), kind=Criterion.Kind.BONUS)
    add("IV", "Điểm trừ", position=4)
    add("IV.1", "Chậm gửi báo cáo", "IV", 1, max_points=D("5"), kind=Criterion.Kind.DEDUCTION)
    return made


FULL = {"I.1": "9", "I.2": "18,5", "II.1": "9", "II.2": "8", "III.1": "2", "IV.1": "-1"}


def entries(criteria: dict[str, Criterion], values: dict[str, str]) -> dict[int, services.Entry]:
    return {
        criteria[code].pk: services.Entry(points, f"Giải thích {code}")
        for code, points in values.items()
    }


def open_self_assessment(year: EmulationYear) -> None:
    year.phase = EmulationYear.Phase.SELF_ASSESSMENT
    year.save(update_fields=["phase"])


def draft(year: EmulationYear, unit: Unit, by: User, criteria, values=None) -> Assessment:
    return services.assessment_save(
        actor=by,
        year=year,
        unit=unit,
        version=None,
        entries=entries(criteria, values or {"I.1": "9"}),
    )


def submitted(year: EmulationYear, unit: Unit, by: User, criteria) -> Assessment:
    from django.core.files.uploadedfile import SimpleUploadedFile

    services.evidence_add(
        actor=by,
        year=year,
        unit=unit,
        criterion=criteria["I.2"],
        upload=SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4 minh chung", "application/pdf"),
    )
    return services.assessment_save(
        actor=by, year=year, unit=unit, version=None, entries=entries(criteria, FULL), submit=True
    )
