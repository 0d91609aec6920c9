"""Demo: the 2018 score sheets of the nine provinces, self-assessed, reviewed and finalised.

The article says the conference "bình xét, chấm điểm thi đua" but gives no criteria and no scores:
the sheet and every number here are SAMPLES, flagged is_sample so the pages say so. The data goes
through the real services (history recorded), with the year's phase moved through set-up,
self-assessment and review inside one transaction and put back at the end.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction

from clusters.demo import CLUSTER_SLUG, MEMBERS
from clusters.models import EmulationYear, Unit, User
from scoring import ballots, services
from scoring.models import Assessment, BallotRound, CriteriaSheet, Criterion

D = Decimal

# (code, text, parent code, kind, max points, cap, evidence required)
SAMPLE_SHEET = [
    ("I", "Thực hiện nhiệm vụ phát triển kinh tế - xã hội, quốc phòng, an ninh", None, "standard", None, None, False),
    ("I.1", "Tốc độ tăng trưởng GRDP đạt hoặc vượt kế hoạch", "I", "standard", "10", None, True),
    ("I.2", "Thu ngân sách nhà nước trên địa bàn đạt dự toán", "I", "standard", "8", None, False),
    ("I.3", "Giảm tỷ lệ hộ nghèo theo kế hoạch", "I", "standard", "7", None, False),
    ("I.4", "Bảo đảm quốc phòng, an ninh, trật tự an toàn xã hội", "I", "standard", "5", None, False),
    ("II", "Tổ chức các phong trào thi đua", None, "standard", None, "30", False),
    ("II.1", "Phong trào “Cả nước chung sức xây dựng nông thôn mới”", "II", "standard", "10", None, True),
    ("II.2", "Phong trào “Doanh nghiệp Việt Nam hội nhập và phát triển”", "II", "standard", "8", None, False),
    ("II.3", "Phong trào “Cả nước chung tay vì người nghèo - Không để ai bị bỏ lại phía sau”", "II", "standard", "8", None, False),
    ("II.4", "Kỷ niệm 70 năm Ngày Chủ tịch Hồ Chí Minh ra Lời kêu gọi thi đua ái quốc", "II", "standard", "6", None, False),
    ("III", "Công tác khen thưởng", None, "standard", None, None, False),
    ("III.1", "Khen thưởng đúng người, đúng thành tích, kịp thời", "III", "standard", "8", None, False),
    ("III.2", "Tỷ lệ khen thưởng người trực tiếp lao động, sản xuất", "III", "standard", "7", None, False),
    ("IV", "Tham gia hoạt động chung của Cụm", None, "standard", None, None, False),
    ("IV.1", "Tham dự đầy đủ hội nghị, giao ban của Cụm", "IV", "standard", "5", None, False),
    ("IV.2", "Gửi báo cáo, bảng tự chấm điểm đúng hạn", "IV", "standard", "5", None, False),
    ("V", "Điểm thưởng", None, "standard", None, None, False),
    ("V.1", "Mô hình mới, cách làm hay được Trung ương ghi nhận", "V", "bonus", "5", None, False),
    ("VI", "Điểm trừ", None, "standard", None, None, False),
    ("VI.1", "Chậm gửi báo cáo, hồ sơ theo quy định", "VI", "deduction", "5", None, False),
]  # fmt: skip

# Sample self-assessed points per province (fraction of each maximum, then bonus and deduction).
SAMPLE_SHARE = {
    "ha-nam": (D("0.96"), "4", "0"),
    "hai-duong": (D("0.95"), "4", "0"),
    "bac-ninh": (D("0.94"), "5", "-1"),
    "quang-ninh": (D("0.93"), "4", "0"),
    "hung-yen": (D("0.92"), "3", "0"),
    "vinh-phuc": (D("0.91"), "3", "0"),
    "nam-dinh": (D("0.90"), "3", "-0,5"),
    "ninh-binh": (D("0.89"), "2", "0"),
    "thai-binh": (D("0.88"), "2", "-1"),
}
# Sample review: (province, criterion, new points, reason, the province's answer, keep?)
SAMPLE_REVIEW = [
    ("bac-ninh", "I.1", "9", "Số liệu GRDP sơ bộ thấp hơn số tự chấm.", "Đơn vị thống nhất với số liệu của Cục Thống kê.", True),
    ("nam-dinh", "IV.2", "4", "Gửi bảng tự chấm điểm chậm 3 ngày.", "Đơn vị đã gửi bản điện tử đúng hạn, bản giấy gửi sau.", False),
    ("thai-binh", "II.1", "8", "Chưa có minh chứng đủ số xã đạt chuẩn nông thôn mới.", "", True),
]  # fmt: skip


def load() -> None:
    """Idempotent: each part loads only when it is not there yet."""
    year = EmulationYear.objects.get(cluster__slug=CLUSTER_SLUG, year=2018)
    finals = Assessment.objects.filter(year=year, state=Assessment.State.FINALISED).count()
    if finals != len(MEMBERS):
        _load_sheets(year)
    if not year.ballot_rounds.exists():
        _load_ballots(year)


def _load_sheets(year: EmulationYear) -> None:
    with transaction.atomic():
        phase = year.phase
        criteria = _sheet(year)
        people = _officers()
        units = {u.slug: u for u in Unit.objects.filter(slug__in=SAMPLE_SHARE)}
        _set_phase(year, EmulationYear.Phase.SELF_ASSESSMENT)
        for slug, share in SAMPLE_SHARE.items():
            _self_assess(year, units[slug], people[slug], criteria, share)
        _set_phase(year, EmulationYear.Phase.REVIEW)
        secretariat = people["ha-nam"]
        for slug, code, points, reason, answer, keep in SAMPLE_REVIEW:
            assessment = Assessment.objects.get(year=year, unit=units[slug])
            adjustment = services.adjustment_create(
                actor=secretariat, assessment=assessment, criterion=criteria[code],
                new_points=points, reason=reason,
            )  # fmt: skip
            if answer:
                services.adjustment_answer(actor=people[slug], adjustment=adjustment, answer=answer)
                services.adjustment_resolve(actor=secretariat, adjustment=adjustment, keep=keep)
        for assessment in Assessment.objects.filter(year=year):
            services.assessment_finalise(actor=secretariat, assessment=assessment)
        Assessment.objects.filter(year=year).update(is_sample=True)
        _set_phase(year, phase)
        _copy_to_2019(year, secretariat)


def _set_phase(year: EmulationYear, phase: str) -> None:
    year.phase = phase
    year.save(update_fields=["phase"])


def _sheet(year: EmulationYear) -> dict[str, Criterion]:
    sheet, created = CriteriaSheet.objects.get_or_create(
        year=year, defaults={"tie_breakers": "I,II", "is_sample": True}
    )
    if created or not sheet.criteria.exists():
        made: dict[str, Criterion] = {}
        for position, (code, text, parent, kind, maximum, cap, evidence) in enumerate(SAMPLE_SHEET):
            made[code] = Criterion.objects.create(
                sheet=sheet,
                parent=made.get(parent) if parent else None,
                position=position,
                code=code,
                text=text,
                kind=kind,
                max_points=D(maximum) if maximum else None,
                cap=D(cap) if cap else None,
                evidence_required=evidence,
                guidance="Tiêu chí mẫu, minh họa." if parent is None else "",
            )
    return {c.code: c for c in sheet.criteria.all()}


def _officers() -> dict[str, User]:
    people = User.objects.filter(unit__slug__in=SAMPLE_SHARE, role=User.Role.STAFF)
    return {person.unit.slug: person for person in people.select_related("unit")}


def _self_assess(year, unit, officer, criteria, share) -> None:
    fraction, bonus, deduction = share
    values: dict[int, services.Entry] = {}
    for code, criterion in criteria.items():
        if criterion.children.exists():
            continue
        if criterion.kind == Criterion.Kind.BONUS:
            points: object = bonus
        elif criterion.kind == Criterion.Kind.DEDUCTION:
            points = deduction
        else:
            points = (criterion.max_points * fraction).quantize(D("0.5"))
        values[criterion.pk] = services.Entry(
            points, f"Theo báo cáo tổng kết năm 2018 (mẫu) — {code}"
        )
        if criterion.evidence_required:
            services.evidence_add(
                actor=officer, year=year, unit=unit, criterion=criterion,
                upload=ContentFile(b"%PDF-1.4\n% minh chung mau\n", name="minh-chung-mau.pdf"),
            )  # fmt: skip
    services.assessment_save(
        actor=officer, year=year, unit=unit, version=None, entries=values, submit=True
    )


def _copy_to_2019(year_2018: EmulationYear, secretariat: User) -> None:
    """2019 starts from the 2018 sheet, as a cluster would (copied while 2019 is in set-up)."""
    year_2019 = EmulationYear.objects.get(cluster=year_2018.cluster, year=2019)
    if Criterion.objects.filter(sheet__year=year_2019).exists():
        return
    phase = year_2019.phase
    _set_phase(year_2019, EmulationYear.Phase.SETUP)
    target = services.sheet_get_or_create(year=year_2019)
    services.criteria_copy(actor=secretariat, source=year_2018.criteria_sheet, target=target)
    CriteriaSheet.objects.filter(pk=target.pk).update(is_sample=True)
    _set_phase(year_2019, phase)


# Sample ballots of the 2018 conference: (kind, seats, the choices of each of the nine provinces).
# The article says the conference proposed awards and elected the 2019 head and deputies; the
# issue gives the result (Hải Dương head; Hưng Yên and Quảng Ninh deputies); the votes are samples.
SAMPLE_ROUNDS = [
    (BallotRound.Kind.FLAG, 1, [["ha-nam"]] * 8 + [["hai-duong"]]),
    (
        BallotRound.Kind.PM_CERTIFICATE,
        2,
        [["hai-duong", "bac-ninh"]] * 7 + [["quang-ninh", "hai-duong"]] * 2,
    ),
    (BallotRound.Kind.HEAD, 1, [["hai-duong"]] * 9),
    (BallotRound.Kind.DEPUTIES, 2, [["hung-yen", "quang-ninh"]] * 8 + [["hung-yen", "bac-ninh"]]),
]


def _load_ballots(year: EmulationYear) -> None:
    people = _officers()
    voters = [people[member.slug] for member in MEMBERS]
    secretariat = people["ha-nam"]
    with transaction.atomic():
        phase = year.phase
        _set_phase(year, EmulationYear.Phase.CONFERENCE)
        ranked = ballots.candidates_in_ranking_order(year)
        for kind, seats, choices in SAMPLE_ROUNDS:
            ballot_round = ballots.round_create(
                actor=secretariat, year=year, kind=kind, seats=seats, threshold="half",
                candidates=ranked,
            )  # fmt: skip
            ballots.round_open(actor=secretariat, ballot_round=ballot_round)
            by_unit = {c.unit.slug: c.pk for c in ballot_round.candidates.select_related("unit")}
            for voter, chosen in zip(voters, choices, strict=True):
                ballots.ballot_cast(
                    actor=voter, ballot_round=ballot_round,
                    candidate_ids=[by_unit[slug] for slug in chosen],
                )  # fmt: skip
            ballots.round_close(actor=secretariat, ballot_round=ballot_round)
        year.ballot_rounds.update(is_sample=True)
        _set_phase(year, phase)
