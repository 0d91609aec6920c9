"""Access cases of the scoring views: criteria, a unit's sheet, review, Excel, ranking."""

from django.core.files.uploadedfile import SimpleUploadedFile

from scoring import services
from scoring.models import Adjustment
from tests.access import READ_IN_CLUSTER, SECRETARIAT_ONLY, Case
from tests.personas import World
from tests.scoring.builders import draft, make_sheet, open_self_assessment, submitted

SETUP_WRITE = {"secretariat": 302, "own": 403, "other": 403, "viewer": 403, "outsider": 404}
DRAFT_READ = {"secretariat": 200, "own": 200, "other": 404, "viewer": 200, "outsider": 404}
OWN_WRITE_ON_DRAFT = {"secretariat": 403, "own": 302, "other": 404, "viewer": 403, "outsider": 404}
REVIEW_WRITE = {"secretariat": 302, "own": 403, "other": 403, "viewer": 403, "outsider": 404}
OWN_WRITE_IN_REVIEW = {"secretariat": 403, "own": 302, "other": 403, "viewer": 403, "outsider": 404}


def _year(w: World) -> list:
    return [w.cluster.slug, w.year.year]


def _setup(w: World) -> list:
    make_sheet(w.year)
    w.year.phase = "setup"
    w.year.save()
    return _year(w)


def _criterion(w: World) -> list:
    criteria = make_sheet(w.year)
    w.year.phase = "setup"
    w.year.save()
    return [*_year(w), criteria["II.2"].pk]


def _copy(w: World) -> list:
    from tests.factories import YearFactory

    earlier = YearFactory(cluster=w.cluster, year=2017)
    make_sheet(earlier)
    w.year.phase = "setup"
    w.year.save()
    return _year(w)


def _draft(w: World) -> list:
    criteria = make_sheet(w.year)
    open_self_assessment(w.year)
    draft(w.year, w.nam_dinh, w.own, criteria)
    return [*_year(w), w.nam_dinh.slug]


def _submitted(w: World) -> tuple[list, dict]:
    criteria = make_sheet(w.year)
    open_self_assessment(w.year)
    submitted(w.year, w.nam_dinh, w.own, criteria)
    return [*_year(w), w.nam_dinh.slug], criteria


def _submitted_args(w: World) -> list:
    return _submitted(w)[0]


def _adjust_args(w: World) -> list:
    args, criteria = _submitted(w)
    return [*args, criteria["I.1"].pk]


def _adjusted(w: World) -> tuple[list, Adjustment]:
    args, criteria = _submitted(w)
    assessment = w.nam_dinh.assessments.get()
    adjustment = services.adjustment_create(
        actor=w.secretariat,
        assessment=assessment,
        criterion=criteria["I.1"],
        new_points="7",
        reason="Chưa đạt chỉ tiêu",
    )
    return args, adjustment


def _answer_args(w: World) -> list:
    args, adjustment = _adjusted(w)
    return [*args, adjustment.pk]


def _resolve_args(w: World) -> list:
    args, adjustment = _adjusted(w)
    services.adjustment_answer(actor=w.own, adjustment=adjustment, answer="Đã đạt theo số liệu mới")
    return [*args, adjustment.pk]


def _evidence_args(w: World) -> list:
    criteria = make_sheet(w.year)
    open_self_assessment(w.year)
    evidence = services.evidence_add(
        actor=w.own,
        year=w.year,
        unit=w.nam_dinh,
        criterion=criteria["I.2"],
        upload=SimpleUploadedFile("minh-chung.pdf", b"%PDF-1.4 x", "application/pdf"),
    )
    return [*_year(w), w.nam_dinh.slug, evidence.pk]


def _ranked(w: World) -> list:
    _submitted(w)
    return _year(w)


def _evidence_upload(w: World) -> dict:
    criterion = w.year.criteria_sheet.criteria.get(code="I.2")
    pdf = SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4 x", "application/pdf")
    return {"criterion": criterion.pk, "file": pdf}


def _workbook_upload(w: World) -> dict:
    """Nam Định's own workbook, filled in: a valid upload."""
    from scoring.excel import LeafLine, unit_workbook
    from scoring.models import CriteriaSheet

    sheet = CriteriaSheet.objects.get(year=w.year)
    lines = [
        LeafLine(
            c.code,
            c.text,
            c.kind,
            c.max_points,
            points=c.max_points if c.kind == "standard" else None,
        )
        for c in sheet.criteria.filter(max_points__isnull=False)
    ]
    identity = services.workbook_identity(w.year, w.nam_dinh, sheet)
    content = unit_workbook(identity, w.nam_dinh.name, lines)
    return {"file": SimpleUploadedFile("bang-diem.xlsx", content)}


CASES = [
    Case("scoring:criteria", _setup, expect=READ_IN_CLUSTER),
    Case(
        "scoring:criteria", _setup, method="post", data={"tie_breakers": "II"}, expect=SETUP_WRITE
    ),
    Case("scoring:criterion_create", _setup, expect=SECRETARIAT_ONLY),
    Case(
        "scoring:criterion_create",
        _setup,
        method="post",
        data={"code": "V", "text": "Mục mới", "kind": "standard"},
        expect=SETUP_WRITE,
    ),
    Case("scoring:criteria_copy", _copy, method="post", expect=SETUP_WRITE),
    Case("scoring:criterion_edit", _criterion, expect=SECRETARIAT_ONLY),
    Case(
        "scoring:criterion_edit",
        _criterion,
        method="post",
        data={"code": "II.2", "text": "Tiêu chí đã sửa", "kind": "standard", "max_points": "5"},
        expect=SETUP_WRITE,
    ),
    Case("scoring:criterion_delete", _criterion, method="post", expect=SETUP_WRITE),
    Case(
        "scoring:criterion_move",
        _criterion,
        method="post",
        data={"direction": "up"},
        expect=SETUP_WRITE,
    ),
    Case("scoring:ranking", _ranked, expect=READ_IN_CLUSTER),
    Case("scoring:consolidated", _ranked, expect=READ_IN_CLUSTER),
    Case("scoring:sheet", _draft, expect=DRAFT_READ),
    Case("scoring:sheet", _submitted_args, expect=READ_IN_CLUSTER),
    Case("scoring:sheet", _draft, method="post", data={"save": "1"}, expect=OWN_WRITE_ON_DRAFT),
    Case(
        "scoring:evidence_add",
        _draft,
        method="post",
        data=_evidence_upload,
        expect=OWN_WRITE_ON_DRAFT,
    ),
    Case("scoring:evidence_download", _evidence_args, expect=DRAFT_READ),
    Case("scoring:evidence_delete", _evidence_args, method="post", expect=OWN_WRITE_ON_DRAFT),
    Case(
        "scoring:adjust",
        _adjust_args,
        method="post",
        data={"new_points": "7", "reason": "Sai số liệu"},
        expect=REVIEW_WRITE,
    ),
    Case(
        "scoring:answer",
        _answer_args,
        method="post",
        data={"answer": "Số liệu đúng"},
        expect=OWN_WRITE_IN_REVIEW,
    ),
    # The unit's officer says the unit will not answer (the right of reply, scoring/reply.py).
    Case("scoring:waive", _answer_args, method="post", expect=OWN_WRITE_IN_REVIEW),
    Case(
        "scoring:resolve",
        _resolve_args,
        method="post",
        data={"outcome": "keep"},
        expect=REVIEW_WRITE,
    ),
    Case("scoring:finalise", _submitted_args, method="post", expect=REVIEW_WRITE),
    Case(
        "scoring:workbook_download",
        _draft,
        expect={"secretariat": 200, "own": 200, "other": 404, "viewer": 403, "outsider": 404},
    ),
    Case(
        "scoring:workbook_upload",
        _draft,
        method="post",
        data=_workbook_upload,
        expect=OWN_WRITE_ON_DRAFT,
    ),
]


def _round(state: str):
    def build(w: World) -> list:
        from tests.scoring.ballot_builders import ballot_round

        return [*_year(w), ballot_round(w.year, state=state).pk]

    return build


def _round_with_quorum(w: World) -> list:
    from scoring import ballots
    from tests.scoring.ballot_builders import ballot_round

    round_ = ballot_round(w.year)  # its closing time has passed
    for person in (w.secretariat, w.own, w.other):
        ballots.ballot_cast(actor=person, ballot_round=round_, candidate_ids=[])
    return [*_year(w), round_.pk]


def _hall_round(w: World) -> list:
    from scoring import ballots
    from tests.scoring.ballot_builders import ballot_round

    round_ = ballot_round(w.year, mode="hall")
    ballots.round_minutes_save(
        actor=None, ballot_round=round_, counting_committee="Nguyễn Thị Lan — Trưởng ban"
    )
    return [*_year(w), round_.pk]


def _hall_count(w: World) -> dict:
    from scoring.models import Candidate

    data = {"issued": 4, "received": 4, "valid": 4, "invalid": 0, "blank": 0}
    for candidate in Candidate.objects.filter(round__year=w.year):
        data[f"votes_{candidate.pk}"] = 1
    return data


def _choose_first(w: World) -> dict:
    from scoring.models import Candidate

    return {"candidate": Candidate.objects.filter(round__year=w.year).first().pk}


def _closed_with_ballots(w: World) -> list:
    from scoring import ballots
    from tests.scoring.ballot_builders import ballot_round

    round_ = ballot_round(w.year)  # its closing time has passed
    for person in (w.secretariat, w.own, w.other):
        ballots.ballot_cast(actor=person, ballot_round=round_, candidate_ids=[])
    ballots.round_close(actor=None, ballot_round=round_)
    return [*_year(w), round_.pk]


# The administrator has no unit, so no ballot of its own. A ballot cast answers 200: the page
# with the receipt's code, shown once.
ALL_STAFF_VOTE = {
    "secretariat": 200,
    "admin": 403,
    "own": 200,
    "other": 200,
    "viewer": 403,
    "outsider": 404,
}
CASES += [
    Case("scoring:rounds", _year, expect=READ_IN_CLUSTER),
    Case(
        "scoring:rounds",
        lambda w: (setattr(w.year, "phase", "conference"), w.year.save(), _year(w))[2],
        method="post",
        data=lambda w: {
            "kind": "flag",
            "seats": 1,
            "threshold": "half",
            "mode": "online",
            "candidates": [w.ha_nam.pk, w.nam_dinh.pk],
        },  # fmt: skip
        expect={"secretariat": 302, "own": 403, "other": 403, "viewer": 403, "outsider": 404},
    ),
    Case("scoring:round", _round("open"), expect=READ_IN_CLUSTER),
    Case("scoring:round_minutes", _round("closed"), expect=READ_IN_CLUSTER),
    Case("scoring:round_bulletin", _closed_with_ballots, expect=READ_IN_CLUSTER),
    Case("scoring:receipt_check", _closed_with_ballots, expect=READ_IN_CLUSTER),
    Case(
        "scoring:receipt_check",
        _closed_with_ballots,
        method="post",
        data={"code": "7KQ2M-XP9DA-3B8HW-Z4N6R"},
        expect=READ_IN_CLUSTER,
    ),
    Case(
        "scoring:round_minutes_save",
        _round("closed"),
        method="post",
        data={
            "minutes_number": "01/BB-CTĐ",
            "chair_name": "Trần Thị Hằng",
            "chair_title": "Phó Chủ tịch UBND tỉnh Hà Nam",
            "counting_committee": "Nguyễn Thị Lan — Trưởng Ban Thi đua - Khen thưởng",
        },
        expect=REVIEW_WRITE,
    ),
    Case("scoring:round_open", _round("draft"), method="post", expect=REVIEW_WRITE),
    Case("scoring:round_close", _round_with_quorum, method="post", expect=REVIEW_WRITE),
    Case(
        "scoring:round_cancel",
        _round("open"),
        method="post",
        data={"reason": "Danh sách ứng cử thiếu một đơn vị"},
        expect=REVIEW_WRITE,
    ),
    Case("scoring:round_delete", _round("draft"), method="post", expect=REVIEW_WRITE),
    Case(
        "scoring:round_hall_count",
        _hall_round,
        method="post",
        data=_hall_count,
        expect=REVIEW_WRITE,
    ),
    Case(
        "scoring:ballot_cast",
        _round("open"),
        method="post",
        data=_choose_first,
        expect=ALL_STAFF_VOTE,
    ),
]
