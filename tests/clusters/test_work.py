"""Each officer's own page of work (clusters/work.py), and the year's dashboard built from the
same items: what a unit must do, with the page where it is done and its deadline."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from campaigns.models import CampaignReport
from clusters.models import EmulationYear, PhaseWindow, Representative
from clusters.timeline import local_date
from clusters.work import WorkItem, sort_work, work_for
from scoring import services as scoring
from scoring.models import Adjustment
from tests.campaigns.helpers import national_campaign
from tests.data import build_cluster
from tests.factories import RepresentativeFactory
from tests.scoring.builders import draft, make_sheet, open_self_assessment, submitted

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2018, 10, 1)
Phase = EmulationYear.Phase


def _window(year, phase, opens_on, due_on):
    PhaseWindow.objects.update_or_create(
        year=year, phase=phase, defaults={"opens_on": opens_on, "due_on": due_on}
    )


def _labels(items: list[WorkItem]) -> list[str]:
    return [item.label for item in items]


def _url(name, world, *more):
    return reverse(name, args=[world.cluster.slug, world.year.year, *more])


def test_an_officer_sees_their_units_work_with_links_and_deadlines(world):
    _window(world.year, Phase.COVENANT, datetime.date(2018, 1, 1), datetime.date(2018, 9, 15))
    _window(world.year, Phase.IN_PROGRESS, datetime.date(2018, 2, 1), datetime.date(2018, 10, 20))
    campaign = national_campaign(world)
    work = work_for(world.own, TODAY)
    by_label = {item.label: item for item in work}
    representative = by_label["Khai báo người đại diện ký giao ước"]
    assert representative.url == _url("clusters:representative_edit", world, "nam-dinh")
    assert representative.due == datetime.date(2018, 9, 15) and representative.overdue
    report = by_label[f"Báo cáo kết quả phong trào “{campaign.title}”"]
    assert report.url == _url("campaigns:report_edit", world, campaign.pk, "nam-dinh")
    assert report.due == datetime.date(2018, 10, 20) and not report.overdue
    assert {item.unit for item in work} == {world.nam_dinh}
    assert {item.year for item in work} == {world.year}
    # Overdue first.
    assert work[0] is representative
    # Done: the items leave the list (written here without the services, so without the audit
    # event that moves the year's version: the cached to-dos are forgotten by hand).
    RepresentativeFactory(year=world.year, unit=world.nam_dinh)
    CampaignReport.objects.create(
        year=world.year, campaign=campaign, unit=world.nam_dinh, report="Đã hoàn thành."
    )
    cache.clear()
    assert work_for(world.own, TODAY) == []


def test_overdue_first_then_by_deadline_and_undated_last(world):
    def item(label, due):
        overdue = due is not None and due < TODAY
        return WorkItem(label, "/", due, overdue, world.nam_dinh, world.year)

    items = [
        item("không hạn", None),
        item("hạn xa", datetime.date(2018, 12, 1)),
        item("quá hạn lâu", datetime.date(2018, 1, 1)),
        item("hạn gần", datetime.date(2018, 10, 2)),
        item("quá hạn", datetime.date(2018, 9, 30)),
    ]
    assert _labels(sort_work(items)) == ["quá hạn lâu", "quá hạn", "hạn gần", "hạn xa", "không hạn"]


def test_the_sheet_to_fill_then_the_adjustments_to_answer(world, django_app):
    criteria = make_sheet(world.year)
    open_self_assessment(world.year)
    _window(
        world.year, Phase.SELF_ASSESSMENT, datetime.date(2018, 9, 1), datetime.date(2018, 10, 5)
    )
    RepresentativeFactory(year=world.year, unit=world.nam_dinh)
    sheet_url = _url("scoring:sheet", world, "nam-dinh")
    [start] = work_for(world.own, TODAY)
    assert (start.label, start.url) == ("Tự chấm điểm (chưa bắt đầu)", sheet_url)
    assert start.due == datetime.date(2018, 10, 5)
    draft(world.year, world.nam_dinh, world.own, criteria)
    assert _labels(work_for(world.own, TODAY)) == ["Nộp bảng tự chấm điểm (đang nháp)"]
    assessment = submitted(world.year, world.nam_dinh, world.own, criteria)
    assert work_for(world.own, TODAY) == []
    # The secretariat adjusts: Nam Định must answer, by the answer deadline, from the sheet.
    adjustment = scoring.adjustment_create(
        actor=world.secretariat,
        assessment=assessment,
        criterion=criteria["I.1"],
        new_points="7",
        reason="Tăng trưởng thấp hơn số liệu thống kê",
    )
    [answer] = work_for(world.own, TODAY)
    assert answer.label == "Giải trình 1 điều chỉnh điểm"
    assert answer.url == f"{sheet_url}#answer-{adjustment.pk}"
    assert answer.due == local_date(adjustment.answer_due)
    # The page it links to has that answer form, where the link points.
    page = django_app.get(answer.url.split("#")[0], user=world.own)
    assert page.forms[f"answer-{adjustment.pk}"] is not None
    # Past its deadline the adjustment stands: nothing is left to answer (time passing moves no
    # version: the cached to-dos see it when they expire, forgotten by hand here).
    Adjustment.objects.filter(pk=adjustment.pk).update(
        answer_due=timezone.now() - datetime.timedelta(minutes=1)
    )
    cache.clear()
    assert work_for(world.own, TODAY) == []
    Adjustment.objects.filter(pk=adjustment.pk).update(answer_due=adjustment.answer_due)
    cache.clear()
    # Waived (the unit will not answer), nothing is left to do.
    scoring.adjustment_waive(actor=world.own, adjustment=adjustment)
    assert work_for(world.own, TODAY) == []


def test_the_secretariat_gets_the_sheets_awaiting_review_and_the_grant_too(world):
    criteria = make_sheet(world.year)
    open_self_assessment(world.year)
    submitted(world.year, world.thai_binh, world.other, criteria)
    submitted(world.year, world.nam_dinh, world.own, criteria)
    for person in (world.secretariat, world.granted):
        review = [i for i in work_for(person, TODAY) if i.label.startswith("Thẩm định")]
        assert _labels(review) == ["Thẩm định 2 bảng điểm đang chờ"], person
        # The first awaiting sheet, in the dashboard's order (by name): Nam Định.
        assert review[0].url == _url("scoring:sheet", world, "nam-dinh")
        assert review[0].unit == world.ha_nam
    assert not [i for i in work_for(world.own, TODAY) if i.label.startswith("Thẩm định")]


def test_leaders_administrators_and_closed_years_have_no_work(world):
    national_campaign(world)
    assert work_for(world.own, TODAY)
    assert work_for(world.viewer, TODAY) == []
    assert work_for(world.admin, TODAY) == []
    world.year.phase = Phase.CLOSED
    world.year.save(update_fields=["phase"])
    assert work_for(world.own, TODAY) == []


def test_an_open_round_asks_each_member_to_vote_until_it_has(world):
    from tests.scoring.ballot_builders import ballot_round

    RepresentativeFactory(year=world.year, unit=world.nam_dinh)
    voting = ballot_round(world.year, actor=world.secretariat, closing_passed=False)
    [vote] = work_for(world.own, TODAY)
    assert vote.url == _url("scoring:round", world, voting.pk)
    assert vote.label.startswith("Bỏ phiếu: ")
    assert vote.due == local_date(voting.closes_at)
    from scoring import ballots

    ballots.ballot_cast(
        actor=world.own, ballot_round=voting, candidate_ids=[voting.candidates.first().pk]
    )
    assert work_for(world.own, TODAY) == []


def test_work_for_runs_the_same_queries_for_nine_units_and_for_sixty():
    counts = []
    for size, slug in ((9, "nho"), (60, "lon")):
        sized = build_cluster(size, 3, slug=slug)
        Representative.objects.filter(year=sized.year, unit=sized.member_staff.unit).delete()
        with CaptureQueriesContext(connection) as queries:
            work = work_for(sized.member_staff, TODAY)
        assert work, "the member has a representative to name (half of them have)"
        counts.append(len(queries))
    assert counts[0] == counts[1]


# --- the year's dashboard and home, as a person sees them --------------------------------------


def test_home_lists_my_work_whose_links_open_the_page_where_it_is_done(world, django_app):
    campaign = national_campaign(world)
    home = django_app.get(reverse("home"), user=world.own)
    section = home.html.select_one('[data-testid="my-work"]')
    assert "Việc của tôi" in section.text and "Nam Định" in section.text
    links = {a.text.strip(): a["href"] for a in section.select("a")}
    report_url = _url("campaigns:report_edit", world, campaign.pk, "nam-dinh")
    assert links[f"Báo cáo kết quả phong trào “{campaign.title}”"] == report_url
    for url in links.values():
        assert django_app.get(url, user=world.own).status_code == 200, url
    # The current year and its pages are a click away.
    assert home.html.select_one(
        f'[data-testid="current-year"] a[href="{_url("clusters:year_detail", world)}"]'
    )


def test_home_says_when_nothing_is_left(world, django_app):
    RepresentativeFactory(year=world.year, unit=world.nam_dinh)
    home = django_app.get(reverse("home"), user=world.own)
    assert home.html.select_one('[data-testid="no-work"]') is not None
    assert not home.html.select('[data-testid="work-item"]')


def test_the_dashboard_puts_my_unit_first_and_links_what_i_do(world, django_app):
    criteria = make_sheet(world.year)
    open_self_assessment(world.year)
    campaign = national_campaign(world)
    submitted(world.year, world.thai_binh, world.other, criteria)
    draft(world.year, world.ha_nam, world.secretariat, criteria)
    page = django_app.get(_url("clusters:year_detail", world), user=world.own)
    rows = page.html.select('[data-testid="members"] tbody tr')
    assert "Nam Định" in rows[0].text and rows[0].get("data-testid") == "own-unit"
    own = rows[0]
    # Campaign reports summarised, with a link, instead of a bullet per campaign.
    assert "0/1 phong trào đã báo cáo" in own.text
    assert own.select_one(f'a[href="{_url("campaigns:year_campaigns", world)}"]')
    assert campaign.title not in page.text.split('data-testid="members"')[1].split("</table>")[0]
    # Its sheet state links to its sheet; its to-dos link to where they are done.
    assert own.select_one(f'a[href="{_url("scoring:sheet", world, "nam-dinh")}"]').text == (
        "Chưa bắt đầu"
    )
    assert own.select_one(f'a[href="{_url("clusters:representative_edit", world, "nam-dinh")}"]')
    # Another unit's submitted sheet is linked (the cluster reads it), a draft is not.
    thai_binh = next(r for r in rows if "Thái Bình" in r.text)
    ha_nam = next(r for r in rows if "Hà Nam" in r.text)
    assert thai_binh.select_one(f'a[href="{_url("scoring:sheet", world, "thai-binh")}"]')
    assert not ha_nam.select_one(f'a[href="{_url("scoring:sheet", world, "ha-nam")}"]')
    assert "Đang tự chấm" in ha_nam.text
    # Another unit's to-do is text: its link would only refuse.
    assert not thai_binh.select_one(
        f'a[href="{_url("clusters:representative_edit", world, "thai-binh")}"]'
    )
    assert "Khai báo người đại diện ký giao ước" in thai_binh.text
    # Every link of the table opens.
    for link in page.html.select('[data-testid="members"] a'):
        assert django_app.get(link["href"], user=world.own).status_code == 200, link["href"]


def test_the_secretariat_reads_every_sheet_and_its_review_from_the_dashboard(world, django_app):
    criteria = make_sheet(world.year)
    open_self_assessment(world.year)
    draft(world.year, world.nam_dinh, world.own, criteria)
    submitted(world.year, world.thai_binh, world.other, criteria)
    page = django_app.get(_url("clusters:year_detail", world), user=world.secretariat)
    rows = page.html.select('[data-testid="members"] tbody tr')
    assert "Hà Nam" in rows[0].text
    assert page.html.select_one(f'a[href="{_url("scoring:sheet", world, "nam-dinh")}"]')
    review = rows[0].select_one(f'a[href="{_url("scoring:sheet", world, "thai-binh")}"]')
    assert review is not None
    assert any("Thẩm định 1 bảng điểm đang chờ" in a.text for a in rows[0].select("a"))


def test_the_secretariat_moves_from_sheet_to_sheet(world, django_app):
    criteria = make_sheet(world.year)
    open_self_assessment(world.year)
    submitted(world.year, world.thai_binh, world.other, criteria)
    submitted(world.year, world.ha_nam, world.secretariat, criteria)
    # In name order: Hà Nam, Hải Dương, Nam Định, Thái Bình.
    page = django_app.get(_url("scoring:sheet", world, "nam-dinh"), user=world.secretariat)
    nav = page.html.select_one('[data-testid="review-nav"]')
    assert "Đơn vị 3/4" in nav.text
    assert nav.select_one('a[rel="prev"]')["href"] == _url("scoring:sheet", world, "hai-duong")
    assert nav.select_one('a[rel="next"]')["href"] == _url("scoring:sheet", world, "thai-binh")
    assert "Chờ thẩm định: 2 bảng điểm" in nav.text
    following = nav.select_one('[data-testid="next-awaiting"]')
    assert following["href"] == _url("scoring:sheet", world, "thai-binh")
    # From the last, the next awaiting wraps round to the first.
    page = django_app.get(following["href"], user=world.secretariat)
    nav = page.html.select_one('[data-testid="review-nav"]')
    assert nav.select_one('a[rel="next"]') is None
    assert nav.select_one('[data-testid="next-awaiting"]')["href"] == _url(
        "scoring:sheet", world, "ha-nam"
    )
    # A member reads a submitted sheet without the secretariat's navigation.
    page = django_app.get(_url("scoring:sheet", world, "thai-binh"), user=world.own)
    assert page.html.select_one('[data-testid="review-nav"]') is None
