"""Closing checks everything: blockers refuse with their list, warnings are confirmed.

A year like 2019 as it was closed — the conference record empty, a proposal letter left as a
draft, campaign reports missing — cannot close; once the record is written, the draft deleted
and the decision entered, it closes after the secretariat confirms the remaining warnings.
"""

import pytest
from django.urls import reverse

from awards.models import Proposal
from campaigns.models import Conference
from clusters import closing
from clusters.flow import Problem
from clusters.models import AuditEvent, EmulationYear
from tests.awards.helpers import make_decision
from tests.awards.proposal_builders import drafted
from tests.campaigns.helpers import national_campaign
from tests.clusters.closing_builders import GUESTS, RECORD, record_the_conference

pytestmark = pytest.mark.django_db


def _url(world, name="clusters:year_close"):
    return reverse(name, args=[world.cluster.slug, world.year.year])


def _unchanged(world) -> None:
    world.year.refresh_from_db()
    assert world.year.phase != EmulationYear.Phase.CLOSED
    assert not EmulationYear.objects.filter(cluster=world.cluster, year=2019).exists()
    assert not AuditEvent.objects.filter(action="year.close").exists()


@pytest.fixture
def like_2019(world):
    """The conference held, nothing written down; a letter drafted, never sent; one campaign
    followed, no province reported."""
    world.year.phase = EmulationYear.Phase.CONFERENCE
    world.year.save()
    proposal = drafted(world)
    national_campaign(world)
    return proposal


def test_the_closing_page_lists_blockers_and_warnings(world, django_app, like_2019):
    page = django_app.get(_url(world), user=world.secretariat)
    blockers = page.html.find(attrs={"data-testid": "close-blockers"}).text
    assert "Chưa ghi hội nghị tổng kết" in blockers
    assert "Tờ trình đề nghị tặng Cờ thi đua của Chính phủ còn là dự thảo" in blockers
    assert "Chưa nhập quyết định khen thưởng của năm." in blockers
    warnings = page.html.find(attrs={"data-testid": "close-warnings"}).text
    assert (
        "Phong trào “Cả nước chung sức xây dựng nông thôn mới”: chưa đơn vị nào báo cáo (0/4)."
        in (warnings)
    )
    assert "year-close-form" not in page.forms  # nothing to send while blockers remain


def test_with_blockers_a_post_is_refused_and_changes_nothing(world, as_persona, like_2019):
    client = as_persona("secretariat")
    response = client.post(_url(world), {"confirm": "on"})
    assert response.status_code == 302 and response["Location"] == _url(world)
    page = client.get(_url(world))
    text = page.content.decode()
    assert "Chưa thể khép lại năm thi đua: còn việc chưa xong." in text
    assert "Chưa ghi hội nghị tổng kết" in text
    _unchanged(world)
    with pytest.raises(closing.YearNotReady) as refused:
        closing.year_close(actor=world.secretariat, year=world.year)
    assert "Chưa ghi hội nghị tổng kết (chủ trì, số báo cáo, nội dung báo cáo)." in (
        refused.value.remaining
    )
    _unchanged(world)


def _write_the_record(world, django_app) -> None:
    """Through the conference page, as the secretariat does."""
    form = django_app.get(_url(world, "campaigns:conference_edit"), user=world.secretariat).forms[
        "conference-form"
    ]
    for name, value in RECORD.items():
        form[name] = value.strftime("%d/%m/%Y") if hasattr(value, "strftime") else value
    for index, (full_name, title) in enumerate(GUESTS):
        form[f"guests-{index}-full_name"] = full_name
        form[f"guests-{index}-title"] = title
    assert form.submit().status_code == 302


def test_cleared_blockers_then_confirmed_warnings_close_the_year(world, django_app, like_2019):
    _write_the_record(world, django_app)
    # The draft letter is withdrawn from its page; the head's decision is entered.
    page = django_app.get(like_2019.get_absolute_url(), user=world.secretariat)
    page.forms["proposal-delete-form"].submit().follow()
    assert not Proposal.objects.exists()
    make_decision(world.year)

    page = django_app.get(_url(world), user=world.secretariat)
    assert page.html.find(attrs={"data-testid": "close-blockers"}) is None
    assert (
        "chưa đơn vị nào báo cáo (0/4)"
        in page.html.find(attrs={"data-testid": "close-warnings"}).text
    )
    form = page.forms["year-close-form"]
    # Sent without ticking the box: asked next to the box, nothing closed.
    refused = form.submit()
    assert refused.status_code == 200
    box = refused.html.find(id="div_id_confirm")
    assert "Hãy xác nhận đã xem các cảnh báo." in box.text
    _unchanged(world)

    form = refused.forms["year-close-form"]
    form["confirm"] = True
    response = form.submit()
    following = EmulationYear.objects.get(cluster=world.cluster, year=2019)
    assert response.status_code == 302 and response["Location"] == following.get_absolute_url()
    world.year.refresh_from_db()
    assert world.year.phase == EmulationYear.Phase.CLOSED
    event = AuditEvent.objects.get(action="year.close")
    assert event.summary == (
        "Đã xác nhận các cảnh báo: Phong trào “Cả nước chung sức xây dựng nông thôn mới”: "
        "chưa đơn vị nào báo cáo (0/4)."
    )


def test_a_warning_that_appeared_after_the_page_was_read_is_asked_again(world, django_app):
    world.year.phase = EmulationYear.Phase.CONFERENCE
    world.year.save()
    record_the_conference(world.year, world.secretariat)
    Conference.objects.get().guests.all().delete()  # one warning: no guests
    form = django_app.get(_url(world), user=world.secretariat).forms["year-close-form"]
    form["confirm"] = True
    national_campaign(world)  # meanwhile: a campaign nobody reported on
    response = form.submit()
    assert response.status_code == 200
    assert "Danh sách đã thay đổi từ khi trang được mở" in response.text
    assert "chưa đơn vị nào báo cáo (0/4)" in response.text
    assert "Hãy xác nhận đã xem các cảnh báo." in response.html.find(id="div_id_confirm").text
    _unchanged(world)


def test_a_campaign_some_reported_names_the_others(world):
    from campaigns.models import CampaignReport

    campaign = national_campaign(world)
    CampaignReport.objects.create(
        year=world.year, campaign=campaign, unit=world.nam_dinh, report="Đã hoàn thành."
    )
    CampaignReport.objects.create(year=world.year, campaign=campaign, unit=world.ha_nam)
    (warning,) = [p for p in closing.close_problems(world.year) if not p.blocking]
    assert warning.text == (
        "Phong trào “Cả nước chung sức xây dựng nông thôn mới”: 3/4 đơn vị chưa báo cáo "
        "(Hà Nam, Hải Dương, Thái Bình)."
    )


def test_a_year_with_nothing_left_closes_without_a_box_to_tick(world, django_app):
    world.year.phase = EmulationYear.Phase.CONFERENCE
    world.year.save()
    record_the_conference(world.year, world.secretariat)
    page = django_app.get(_url(world), user=world.secretariat)
    assert page.html.find(attrs={"data-testid": "close-ready"}) is not None
    form = page.forms["year-close-form"]
    assert "confirm" not in form.fields
    assert form.submit().status_code == 302
    world.year.refresh_from_db()
    assert world.year.is_closed


def test_the_service_refuses_warnings_not_confirmed_as_they_are(world):
    record_the_conference(world.year, world.secretariat)
    national_campaign(world)
    with pytest.raises(closing.YearNotReady) as refused:
        closing.year_close(actor=world.secretariat, year=world.year, seen_warnings="stale")
    assert refused.value.blockers == [] and len(refused.value.warnings) == 1
    assert refused.value.message.startswith("Hãy xác nhận đã xem các cảnh báo")
    _unchanged(world)
    seen = closing.warnings_digest(closing.close_problems(world.year))
    closing.year_close(actor=world.secretariat, year=world.year, seen_warnings=seen)
    world.year.refresh_from_db()
    assert world.year.is_closed


@pytest.mark.parametrize(
    ("field", "sentence"),
    [
        ("chair", "Hội nghị tổng kết chưa ghi người chủ trì."),
        ("report_number", "Báo cáo tổng kết chưa có số."),
        ("shortcomings", "Báo cáo tổng kết chưa có phần “Tồn tại, hạn chế”."),
        ("next_tasks", "Báo cáo tổng kết chưa có phần “Phương hướng, nhiệm vụ năm sau”."),
    ],
)
def test_each_missing_part_of_the_record_blocks(world, field, sentence):
    record_the_conference(world.year, world.secretariat)
    Conference.objects.update(**{field: ""})
    assert closing.remaining_work(world.year) == [sentence]


def test_an_open_round_blocks_and_a_cancelled_one_does_not(world):
    from scoring import ballots
    from tests.scoring.ballot_builders import ballot_round

    record_the_conference(world.year, world.secretariat)
    open_round = ballot_round(world.year)
    assert closing.remaining_work(world.year) == [
        "Vòng bỏ phiếu “Đề nghị tặng Cờ thi đua của Chính phủ” chưa kết thúc"
    ]
    ballots.round_cancel(
        actor=world.secretariat, ballot_round=open_round, reason="Tạo nhầm vòng thứ hai"
    )
    assert closing.remaining_work(world.year) == []


def test_a_conference_without_its_date_blocks(world):
    record_the_conference(world.year, world.secretariat)
    EmulationYear.objects.filter(pk=world.year.pk).update(conference_date=None)
    world.year.refresh_from_db()
    assert closing.remaining_work(world.year) == ["Hội nghị tổng kết chưa có ngày tổ chức."]


def test_problems_list_blockers_first_and_plain_sentences_block():
    refusal = closing.YearNotReady([Problem("Cảnh báo", blocking=False), "Việc phải làm"])
    assert [p.text for p in refusal.problems] == ["Việc phải làm", "Cảnh báo"]
    assert refusal.remaining == ["Việc phải làm"]
    assert closing.warnings_digest(refusal.problems) == closing.warnings_digest(
        [Problem("Cảnh báo", blocking=False)]
    )
    assert closing.warnings_digest([Problem("Việc phải làm")]) == ""


def test_moving_on_and_closing_count_the_same_missing_reports(world, django_app):
    """The phase move and the closing read one list (campaigns.phases.missing_reports): a report
    by a unit no longer a member fills no member's gap."""
    from campaigns.models import CampaignReport
    from tests.factories import UnitFactory

    world.year.phase = EmulationYear.Phase.COVENANT
    world.year.save()
    campaign = national_campaign(world)
    former = UnitFactory(name="Hưng Yên", slug="hung-yen")
    for unit in (world.nam_dinh, former):
        CampaignReport.objects.create(campaign=campaign, year=world.year, unit=unit, report="Xong.")
    move = _url(world, "clusters:year_phase") + "?to=self_assessment"  # over "in progress"
    skipped = django_app.get(move, user=world.secretariat).html.find(
        attrs={"data-testid": "phase-skipped"}
    )
    assert "còn 3 báo cáo phong trào thi đua chưa gửi" in skipped.text
    page = django_app.get(_url(world), user=world.secretariat)
    warnings = page.html.find(attrs={"data-testid": "close-warnings"}).text
    assert "3/4 đơn vị chưa báo cáo (Hà Nam, Hải Dương, Thái Bình)" in warnings


def test_moving_on_and_closing_name_the_same_unfinished_sheets(world, django_app):
    """Passing over review and closing both wait for every sheet final (scoring.phases
    .sheets_holding): one finalised sheet leaves the same three named on both pages."""
    from django.utils import timezone

    from scoring.models import Assessment
    from tests.scoring.builders import make_sheet, open_self_assessment, submitted

    criteria = make_sheet(world.year)
    open_self_assessment(world.year)
    sheet = submitted(world.year, world.nam_dinh, world.own, criteria)
    Assessment.objects.filter(pk=sheet.pk).update(
        state=Assessment.State.FINALISED, final_total=90, finalised_at=timezone.now()
    )
    move = _url(world, "clusters:year_phase") + "?to=conference"  # over review
    skipped = django_app.get(move, user=world.secretariat).html.find(
        attrs={"data-testid": "phase-skipped"}
    )
    assert "bảng điểm chưa hoàn tất: Hà Nam, Hải Dương, Thái Bình" in skipped.text
    page = django_app.get(_url(world), user=world.secretariat)
    blockers = page.html.find(attrs={"data-testid": "close-blockers"}).text
    for name in ("Hà Nam", "Hải Dương", "Thái Bình"):
        assert f"Bảng điểm của {name} chưa hoàn tất" in blockers
    assert "Bảng điểm của Nam Định" not in blockers
