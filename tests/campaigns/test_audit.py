"""Every write of the campaigns app leaves its audit event: who (and their unit), what, on what.

A refused write changes nothing and writes no event.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from campaigns import services
from campaigns.models import Campaign, Conference, Covenant
from clusters.audit import events_for
from clusters.models import AuditEvent, EmulationYear, Unit
from clusters.services import Refused, YearClosedRefused
from tests.campaigns import helpers
from tests.campaigns.pages import form_with, year_url
from tests.factories import UserFactory, YearFactory

pytestmark = pytest.mark.django_db


def _only_event(action: str) -> AuditEvent:
    events = list(AuditEvent.objects.filter(action=action))
    assert len(events) == 1, [e.action for e in AuditEvent.objects.all()]
    return events[0]


def _assert_event(event: AuditEvent, *, actor, target, year) -> None:
    assert (event.actor, event.actor_name, event.unit_id) == (
        actor,
        actor.full_name or actor.username,
        actor.unit_id,
    )
    assert (event.target_type.model_class(), event.target_id) == (type(target), target.pk)
    assert event.year_id == year.pk and event.cluster_id == year.cluster_id


def test_choosing_the_years_campaigns_is_recorded_on_the_year(world):
    national = helpers.national_campaign(world)
    other = Campaign.objects.create(title="Doanh nghiệp Việt Nam hội nhập và phát triển")
    services.year_campaigns_set(actor=world.secretariat, year=world.year, campaigns=[other])
    event = _only_event("campaigns.set")
    _assert_event(event, actor=world.secretariat, target=world.year, year=world.year)
    assert event.changes == {"campaigns": [national.title, other.title]}


def test_a_campaign_report_is_recorded_with_what_changed(world):
    campaign = helpers.national_campaign(world)
    report = services.campaign_report_save(
        actor=world.own,
        year=world.year,
        campaign=campaign,
        unit=world.nam_dinh,
        registration="Đăng ký",
        report="",
        indicators=[services.IndicatorInput("Xã đạt chuẩn", "xã", Decimal("10"), None)],
    )
    event = _only_event("campaign_report.save")
    _assert_event(event, actor=world.own, target=report, year=world.year)
    assert event.unit_id == world.nam_dinh.pk
    assert event.changes["indicators"] == ["", "Xã đạt chuẩn: 10"]
    assert campaign.title in event.summary


def test_every_step_of_the_covenant_is_in_its_history(world):
    helpers.representatives(world)
    covenant = services.covenant_save_draft(
        actor=world.secretariat,
        year=world.year,
        preamble="Các tỉnh thống nhất.",
        signing_place="Hà Nam",
        signing_date=helpers.SIGNING_DAY,
        clauses=[services.ClauseInput("Điều khoản một.")],
    )
    _assert_event(
        _only_event("covenant.draft"), actor=world.secretariat, target=covenant, year=world.year
    )
    services.covenant_open(actor=world.secretariat, covenant=covenant)
    _assert_event(
        _only_event("covenant.open"), actor=world.secretariat, target=covenant, year=world.year
    )
    officers = {world.ha_nam: world.secretariat, world.nam_dinh: world.own}
    hai_duong = Unit.objects.get(slug="hai-duong")
    officers[world.thai_binh] = world.other
    officers[hai_duong] = UserFactory(unit=hai_duong)
    for unit, officer in officers.items():
        services.covenant_sign(
            actor=officer,
            covenant=covenant,
            unit=unit,
            full_name=f"Người ký {unit.name}",
            title="Phó Chủ tịch UBND tỉnh",
            signed_on=helpers.SIGNING_DAY,
        )
    signs = AuditEvent.objects.filter(action="covenant.sign").order_by("pk")
    assert [(e.actor, e.unit_id) for e in signs] == [(o, u.pk) for u, o in officers.items()]
    assert all(e.target_id == covenant.pk for e in signs)
    assert "Người ký Nam Định" in signs[1].summary
    signed = _only_event("covenant.signed")
    _assert_event(signed, actor=officers[hai_duong], target=covenant, year=world.year)

    amendment = services.covenant_amend(actor=world.secretariat, covenant=covenant)
    _assert_event(
        _only_event("covenant.amend"), actor=world.secretariat, target=amendment, year=world.year
    )
    assert list(events_for(covenant).values_list("action", flat=True)) == [
        "covenant.signed",
        *["covenant.sign"] * 4,
        "covenant.open",
        "covenant.draft",
    ]


def test_the_conference_record_is_recorded_on_the_year_with_a_diff(world):
    services.conference_record(
        actor=world.secretariat,
        year=world.year,
        fields={"chair": "Chủ tịch UBND tỉnh Hà Nam", "conference_place": "tỉnh Hà Nam"},
        guests=[("Đặng Thị Ngọc Thịnh", "Phó Chủ tịch nước")],
    )
    first = _only_event("conference.save")
    _assert_event(first, actor=world.secretariat, target=world.year, year=world.year)
    assert first.changes == {
        "chair": ["", "Chủ tịch UBND tỉnh Hà Nam"],
        "conference_place": ["", "tỉnh Hà Nam"],
        "guests": ["", "Đặng Thị Ngọc Thịnh (Phó Chủ tịch nước)"],
    }
    services.conference_record(
        actor=world.secretariat, year=world.year, fields={"chair": "Phó Chủ tịch UBND tỉnh"}
    )
    second = AuditEvent.objects.filter(action="conference.save").latest("pk")
    assert second.changes == {"chair": ["Chủ tịch UBND tỉnh Hà Nam", "Phó Chủ tịch UBND tỉnh"]}
    assert Conference.objects.get().guests.count() == 1  # guests left out: kept


def test_the_covenant_carried_over_is_a_draft_in_the_next_years_history(world):
    helpers.signed_covenant(world)
    following = YearFactory(cluster=world.cluster, year=2019)
    draft = services.covenant_carry_over(
        actor=world.secretariat, closed=world.year, following=following
    )
    assert draft.year == following and draft.clauses.count() == 2
    event = _only_event("covenant.draft")
    _assert_event(event, actor=world.secretariat, target=draft, year=following)
    assert "2018" in event.summary


def test_registering_a_campaign_is_recorded(world):
    campaign = services.campaign_register(
        actor=world.admin,
        title="Phong trào mới",
        fields={"launched_on": datetime.date(2019, 1, 1)},
    )
    event = _only_event("campaign.save")
    assert (event.actor, event.target_id, event.year_id) == (world.admin, campaign.pk, None)
    services.campaign_register(
        actor=world.admin, title="Phong trào mới", fields={"launched_on": datetime.date(2019, 1, 1)}
    )
    assert AuditEvent.objects.filter(action="campaign.save").count() == 1  # nothing changed


def _rows() -> tuple:
    return (
        list(Covenant.objects.values_list("pk", "state", "version", "preamble")),
        list(Conference.objects.values_list("pk", "chair")),
        list(EmulationYear.objects.values_list("pk", "conference_place")),
        AuditEvent.objects.count(),
    )


@pytest.mark.parametrize(
    "refused",
    [
        lambda w, c: services.covenant_open(actor=w.secretariat, covenant=c),  # already open
        lambda w, c: services.covenant_amend(actor=w.secretariat, covenant=c),  # not signed
        lambda w, c: services.covenant_save_draft(
            actor=w.secretariat,
            year=w.year,
            preamble="Chen vào",
            signing_place="",
            signing_date=None,
            clauses=[],
        ),  # open: no edit
        lambda w, c: services.covenant_sign(
            actor=w.own,
            covenant=c,
            unit=w.thai_binh,
            full_name="Mạo danh",
            title="Không có",
            signed_on=helpers.SIGNING_DAY,
        ),  # another unit's signature
        lambda w, c: services.conference_record(
            actor=w.secretariat,
            year=w.year,
            fields={"host_unit": w.other_unit, "conference_place": "Nơi khác"},
        ),  # a host outside the year
        lambda w, c: services.conference_record(
            actor=w.secretariat,
            year=w.year,
            fields={"chair": "Ai đó"},
            guests=[("Không chức vụ", " ")],
        ),
    ],
)
def test_a_refused_write_changes_nothing_and_writes_no_event(world, refused):
    covenant = helpers.covenant(world, Covenant.State.OPEN)
    before = _rows()
    with pytest.raises(Refused):
        refused(world, covenant)
    assert _rows() == before


def test_a_closed_year_refuses_every_write_with_the_one_guard(world):
    covenant = helpers.covenant(world)
    campaign = helpers.national_campaign(world)
    EmulationYear.objects.filter(pk=world.year.pk).update(phase=EmulationYear.Phase.CLOSED)
    before = _rows()
    writes = [
        lambda: services.year_campaigns_set(actor=world.secretariat, year=world.year, campaigns=[]),
        lambda: services.campaign_report_save(
            actor=world.own,
            year=world.year,
            campaign=campaign,
            unit=world.nam_dinh,
            registration="",
            report="",
            indicators=[],
        ),
        lambda: services.covenant_open(actor=world.secretariat, covenant=covenant),
        lambda: services.conference_record(
            actor=world.secretariat, year=world.year, fields={"chair": "X"}
        ),
    ]
    for write in writes:
        with pytest.raises(YearClosedRefused, match="Năm thi đua đã tổng kết"):
            write()
    assert _rows() == before


def test_a_page_records_the_client_address_it_was_sent_from(world, django_app):
    page = django_app.get(
        year_url(world, "campaigns:conference_edit"),
        user=world.secretariat,
        extra_environ={"REMOTE_ADDR": "203.0.113.7"},
    )
    form = form_with(page, "chair")
    form["chair"] = "Chủ tịch UBND tỉnh Hà Nam"
    form.submit(extra_environ={"REMOTE_ADDR": "203.0.113.7"})
    event = _only_event("conference.save")
    assert (event.ip, event.actor, event.unit_id) == (
        "203.0.113.7",
        world.secretariat,
        world.ha_nam.pk,
    )
