"""A unit's sheet through its pages: draft, validation, submit, conflicts, review, finalise."""

from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from clusters.services import Refused
from scoring import services
from scoring.models import Adjustment, Assessment, ReviewAssignment, Score
from tests.scoring.builders import FULL, draft, make_sheet, open_self_assessment, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def criteria(world):
    made = make_sheet(world.year)
    open_self_assessment(world.year)
    return made


def _url(world, name="scoring:sheet", *extra):
    return reverse(name, args=[world.cluster.slug, world.year.year, world.nam_dinh.slug, *extra])


def _form(criteria, values, **extra):
    data = {f"points-{criteria[code].pk}": value for code, value in values.items()}
    data.update({f"explanation-{criteria[code].pk}": f"Giải thích {code}" for code in values})
    data.update(extra)
    return data


def _points(world) -> dict[str, D]:
    """The unit's scored criteria (rows left empty in the form are stored without points)."""
    return dict(
        Score.objects.filter(
            assessment__unit=world.nam_dinh, self_points__isnull=False
        ).values_list("criterion__code", "self_points")
    )


def test_officer_saves_a_draft_with_decimal_commas(world, criteria, as_persona):
    response = as_persona("own").post(
        _url(world), _form(criteria, {"I.1": "9,5", "IV.1": "-1"}, save="1")
    )
    assert response.status_code == 302
    assert _points(world) == {"I.1": D("9.5"), "IV.1": D("-1")}
    page = as_persona("own").get(_url(world)).text
    assert "8,50" in page  # the total is computed: 9.5 − 1
    assert "Đang tự chấm" in page


def test_bad_values_are_refused_per_cell_and_nothing_is_saved(world, criteria, as_persona):
    draft(world.year, world.nam_dinh, world.own, criteria, {"I.1": "5"})
    before = _points(world)
    response = as_persona("own").post(
        _url(world),
        _form(criteria, {"I.1": "chín", "I.2": "25", "IV.1": "3", "II.1": "7"}, save="1"),
    )
    assert response.status_code == 400
    text = response.text
    assert "không phải là số" in text
    assert "Điểm phải trong khoảng 0 đến 20" in text
    assert "Điểm trừ phải nhập số âm" in text
    assert 'value="chín"' in text and 'value="7"' in text  # the typed input is kept
    assert _points(world) == before


def test_submit_needs_every_criterion_and_required_evidence(world, criteria, as_persona):
    values = dict(FULL)
    del values["II.2"]
    response = as_persona("own").post(_url(world), _form(criteria, values, submit="1"))
    assert response.status_code == 400
    assert "Chưa nộp được: còn 2 tiêu chí" in response.text  # II.2 unscored, I.2 lacks evidence
    assert "Chưa chấm tiêu chí này." in response.text
    assert "bắt buộc có minh chứng" in response.text
    assert f'value="{FULL["I.1"]}"' in response.text  # the typed input is kept on the page
    # The whole submit is one transaction: refused, it leaves nothing behind.
    assert not Assessment.objects.filter(unit=world.nam_dinh).exists()


def test_a_submitted_sheet_is_locked_for_the_unit_and_open_to_the_cluster(
    world, criteria, as_persona
):
    assessment = submitted(world.year, world.nam_dinh, world.own, criteria)
    assert assessment.state == "submitted"
    response = as_persona("own").post(_url(world), _form(criteria, {"I.1": "1"}, save="1"))
    assert response.status_code == 400
    assert "Bảng điểm đã nộp, đơn vị không thể sửa nữa." in response.text
    assert _points(world)["I.1"] == D("9")
    assert as_persona("other").get(_url(world)).status_code == 200


def test_second_save_from_a_stale_page_is_refused_and_keeps_its_input(world, criteria):
    first, second = Client(), Client()
    first.force_login(world.own)
    second.force_login(world.own)
    draft(world.year, world.nam_dinh, world.own, criteria, {"I.1": "5"})
    version = Assessment.objects.get(unit=world.nam_dinh).version
    ok = first.post(_url(world), _form(criteria, {"I.1": "8"}, save="1", version=version))
    assert ok.status_code == 302
    stale = second.post(_url(world), _form(criteria, {"I.1": "3"}, save="1", version=version))
    assert stale.status_code == 409
    assert "vừa được người khác lưu" in stale.text
    assert 'value="3"' in stale.text
    assert _points(world)["I.1"] == D("8")


def test_review_adjust_answer_keep_and_finalise(world, criteria, as_persona):
    submitted(world.year, world.nam_dinh, world.own, criteria)
    secretariat, own = as_persona("secretariat"), as_persona("own")
    adjust_url = _url(world, "scoring:adjust", criteria["I.1"].pk)
    # No reason, no adjustment.
    secretariat.post(adjust_url, {"new_points": "7", "reason": ""})
    assert not Adjustment.objects.exists()
    secretariat.post(adjust_url, {"new_points": "7", "reason": "Tăng trưởng 6,8%, chưa đạt 7%"})
    adjustment = Adjustment.objects.get()
    assert (adjustment.old_points, adjustment.new_points) == (D("9"), D("7"))
    assert Assessment.objects.get(unit=world.nam_dinh).state == "under_review"
    answer_url = _url(world, "scoring:answer", adjustment.pk)
    own.post(answer_url, {"answer": "Số liệu thống kê chính thức là 7,1%"})
    response = own.post(answer_url, {"answer": "Giải trình lần hai"}, follow=True)
    assert "chỉ giải trình một lần" in response.text
    adjustment.refresh_from_db()
    assert adjustment.answer == "Số liệu thống kê chính thức là 7,1%"
    assert Assessment.objects.get(unit=world.nam_dinh).state == "answered"
    # Finalising waits for the reviewer's conclusion on the answer.
    response = secretariat.post(_url(world, "scoring:finalise"), follow=True)
    assert "chưa có kết luận" in response.text
    secretariat.post(_url(world, "scoring:resolve", adjustment.pk), {"outcome": "keep"})
    secretariat.post(_url(world, "scoring:finalise"))
    assessment = Assessment.objects.get(unit=world.nam_dinh)
    assert assessment.state == "finalised"
    # 7 + 18.5 + min(9 + 8, 15) + 2 − 1
    assert assessment.final_total == D("41.5")
    page = as_persona("other").get(_url(world)).text
    assert "Lịch sử thay đổi sau khi nộp" in page and "Tăng trưởng 6,8%, chưa đạt 7%" in page


def test_withdrawing_an_adjustment_restores_the_points_and_is_recorded(world, criteria):
    assessment = submitted(world.year, world.nam_dinh, world.own, criteria)
    adjustment = services.adjustment_create(
        assessment=assessment, criterion=criteria["I.1"], actor=world.secretariat,
        new_points="6", reason="Thiếu số liệu",
    )  # fmt: skip
    services.adjustment_answer(adjustment=adjustment, actor=world.own, answer="Đã bổ sung")
    services.adjustment_resolve(adjustment=adjustment, actor=world.secretariat, keep=False)
    score = Score.objects.get(assessment=assessment, criterion=criteria["I.1"])
    assert score.points == D("9")
    history = list(
        score.history.order_by("history_id").values_list("points", "history_change_reason")
    )
    assert history[-2:] == [
        (D("6"), "Thiếu số liệu"),
        (D("9"), "Chấp nhận giải trình, rút điều chỉnh"),
    ]


def test_a_finalised_sheet_refuses_every_later_change(world, criteria):
    assessment = submitted(world.year, world.nam_dinh, world.own, criteria)
    services.assessment_finalise(assessment=assessment, actor=world.secretariat)
    before = list(Score.objects.values_list("pk", "self_points", "points", "explanation"))
    attempts = [
        lambda: services.adjustment_create(
            assessment=assessment,
            criterion=criteria["I.1"],
            actor=world.secretariat,
            new_points="1",
            reason="Sửa sau khi hoàn tất",
        ),  # fmt: skip
        lambda: services.assessment_save(
            year=world.year,
            unit=world.nam_dinh,
            actor=world.own,
            version=None,
            entries={criteria["I.1"].pk: services.Entry("1")},
        ),  # fmt: skip
        lambda: services.assessment_finalise(assessment=assessment, actor=world.secretariat),
        lambda: services.evidence_add(
            year=world.year,
            unit=world.nam_dinh,
            criterion=criteria["I.1"],
            actor=world.own,
            upload=SimpleUploadedFile("x.pdf", b"%PDF", "application/pdf"),
        ),  # fmt: skip
    ]
    for attempt in attempts:
        with pytest.raises(Refused):
            attempt()
    assert list(Score.objects.values_list("pk", "self_points", "points", "explanation")) == before


def test_a_closed_year_refuses_changes(world, criteria):
    world.year.phase = "closed"
    world.year.save()
    with pytest.raises(Refused, match="đã tổng kết"):
        draft(world.year, world.nam_dinh, world.own, criteria)
    assert not Assessment.objects.exists()


def test_an_assigned_peer_unit_may_adjust(world, criteria, as_persona):
    submitted(world.year, world.nam_dinh, world.own, criteria)
    adjust_url = _url(world, "scoring:adjust", criteria["II.1"].pk)
    data = {"new_points": "8", "reason": "Chấm chéo: thiếu kế hoạch"}
    assert as_persona("other").post(adjust_url, data).status_code == 403
    ReviewAssignment.objects.create(
        year=world.year, reviewer_unit=world.thai_binh, reviewed_unit=world.nam_dinh
    )
    assert as_persona("other").post(adjust_url, data).status_code == 302
    assert Adjustment.objects.get().reviewer == world.other


def test_evidence_type_and_size_limits(world, criteria, as_persona):
    url = _url(world, "scoring:evidence_add")
    client = as_persona("own")
    exe = SimpleUploadedFile("virus.exe", b"MZ", "application/octet-stream")
    response = client.post(url, {"criterion": criteria["I.2"].pk, "file": exe}, follow=True)
    assert "Chỉ nhận tệp" in response.text
    big = SimpleUploadedFile("lon.pdf", b"0" * (10 * 1024 * 1024 + 1), "application/pdf")
    response = client.post(url, {"criterion": criteria["I.2"].pk, "file": big}, follow=True)
    assert "vượt quá 10 MB" in response.text
    pdf = SimpleUploadedFile("Báo cáo.pdf", b"%PDF-1.4 noi dung", "application/pdf")
    client.post(url, {"criterion": criteria["I.2"].pk, "file": pdf})
    evidence = Score.objects.get(criterion=criteria["I.2"]).evidence.get()
    download = client.get(_url(world, "scoring:evidence_download", evidence.pk))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 noi dung"
    assert "attachment" in download["Content-Disposition"]


def test_dashboard_shows_each_units_sheet_state(world, criteria, as_persona):
    submitted(world.year, world.nam_dinh, world.own, criteria)
    draft(world.year, world.thai_binh, world.other, criteria)
    text = (
        as_persona("viewer")
        .get(reverse("clusters:year_detail", args=[world.cluster.slug, 2018]))
        .text
    )
    assert (
        "Bảng điểm" in text
        and "Đã nộp" in text
        and "Đang tự chấm" in text
        and "Chưa bắt đầu" in text
    )
    assert "Nộp bảng tự chấm điểm (đang nháp)" in text
