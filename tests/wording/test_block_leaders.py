"""A block (khối) elects its Khối trưởng: the rounds page, its refusals, the round, its minutes,
the report and the activity log name the block's leaders in its words, as do the set-up's
refusals, the year's summary and the admin's members (issue 11, item 4). Kind-blind labels
would say "Cụm trưởng" here: Kind's and Role's labels are a cụm's."""

from __future__ import annotations

import pytest
from django.urls import reverse

from clusters import wording
from clusters.models import AuditEvent, Cluster, EmulationYear, Membership, Unit
from scoring.models import BallotRound, round_kind_choices, round_kind_label
from tests.campaigns.pages import field_errors
from tests.factories import ClusterFactory, UnitFactory, YearFactory
from tests.wording.builders import build_block
from tests.wording.test_block_and_cities import _flat, _pdf_text, _wrong_words

HEAD_ROUND = "Suy tôn Khối trưởng năm sau"


def test_a_round_kind_reads_its_clusters_words():
    assert round_kind_label("head", "khoi") == HEAD_ROUND
    assert round_kind_label("deputies", "khoi") == "Suy tôn Khối phó năm sau"
    assert round_kind_label("head", "cum") == "Suy tôn Cụm trưởng năm sau"
    assert round_kind_label("flag", "khoi") == "Đề nghị tặng Cờ thi đua của Chính phủ"
    assert round_kind_label("gone", "khoi") == "gone"  # an old code shows as it is
    assert [value for value, _label in round_kind_choices("khoi")] == BallotRound.Kind.values


@pytest.mark.parametrize(
    ("name", "kind", "full_name", "official"),
    [
        ("TP Hồ Chí Minh", "city", "", "Thành phố Hồ Chí Minh"),
        ("TP. Hồ Chí Minh", "city", "", "Thành phố Hồ Chí Minh"),
        ("Hà Nội", "city", "", "thành phố Hà Nội"),
        ("Tỉnh Hà Nam", "province", "", "Tỉnh Hà Nam"),
        ("Hà Nam", "province", "", "tỉnh Hà Nam"),
        ("Bộ Nội vụ", "agency", "", "Bộ Nội vụ"),
        ("TP Hồ Chí Minh", "city", "Thành phố Hồ Chí Minh", "Thành phố Hồ Chí Minh"),
    ],
)
def test_a_short_name_with_its_kinds_word_is_not_prefixed_twice(name, kind, full_name, official):
    assert wording.official_name(name, kind, full_name) == official


@pytest.mark.django_db
def test_a_blocks_head_election_speaks_of_its_khoi_truong_from_form_to_log(django_app):
    built, _flag = build_block()
    year, cluster = built.year, built.cluster
    # The conference: ballots are cast (the phases' own moves are tested in tests/clusters).
    EmulationYear.objects.filter(pk=year.pk).update(phase=EmulationYear.Phase.CONFERENCE)
    following = YearFactory(cluster=cluster, year=2025, phase=EmulationYear.Phase.SETUP)
    for unit, role in zip(built.units, ["head", "member", "member"], strict=True):
        Membership.objects.create(year=following, unit=unit, role=role)
    head, elected = built.officers[0], built.units[1]
    rounds_url = reverse("scoring:rounds", args=[cluster.slug, year.year])

    # The secretariat creates the head round from the block's own choices.
    page = django_app.get(rounds_url, user=head)
    choices = [o.get_text() for o in page.html.select("#round-form [name=kind] option")]
    assert HEAD_ROUND in choices and not any("Cụm" in choice for choice in choices)
    form = page.forms["round-form"]
    form["kind"] = "head"
    round_page = form.submit().follow()
    assert round_page.html.select_one("h1").get_text(strip=True) == HEAD_ROUND
    # A second one is refused next to its field, in the block's words.
    form = django_app.get(rounds_url, user=head).forms["round-form"]
    form["kind"] = "head"
    refused = form.submit()
    assert f"Năm 2024 đã có vòng “{HEAD_ROUND}”" in field_errors(refused, "kind")
    assert BallotRound.objects.filter(year=year, kind="head").count() == 1

    # Opened, every ministry votes for Bộ Tài chính, closed: next year's head changes.
    head_round = BallotRound.objects.get(year=year, kind="head")
    round_url = reverse("scoring:round", args=[cluster.slug, year.year, head_round.pk])
    django_app.get(round_url, user=head).forms["round-open-form"].submit()
    chosen = str(head_round.candidates.get(unit=elected).pk)
    for officer in built.officers:
        ballot = django_app.get(round_url, user=officer).forms["ballot-form"]
        for index, box in enumerate(ballot.fields["candidate"]):
            ballot.set("candidate", box._value == chosen, index=index)
        assert ballot.submit().status_code == 200
    django_app.get(round_url, user=head).forms["round-close-form"].submit()
    assert following.memberships.get(role=Membership.Role.HEAD).unit == elected

    pages = {
        "rounds": django_app.get(rounds_url, user=head).text,
        "round": django_app.get(round_url, user=built.officers[2]).text,
        "round, secretariat": django_app.get(round_url, user=head).text,
        "log": django_app.get(
            reverse("clusters:year_activity", args=[cluster.slug, year.year]), user=head
        ).text,
        # Bộ Tài chính's staff are next year's secretariat now.
        "next log": django_app.get(
            reverse("clusters:year_activity", args=[cluster.slug, following.year]),
            user=built.officers[1],
        ).text,
    }
    assert {name: _wrong_words(text) for name, text in pages.items()} == dict.fromkeys(pages, [])
    listed = django_app.get(rounds_url, user=head).html.select_one("[data-testid=rounds]")
    assert HEAD_ROUND in listed.get_text() and HEAD_ROUND in pages["round"]
    # The minutes' form gives the chair's example in the host ministry's words.
    assert "Ví dụ: Thứ trưởng Bộ Nội vụ." in pages["round, secretariat"]
    assert HEAD_ROUND in pages["log"]  # the round's creation, as the secretariat named it
    log = pages["next log"]
    assert "Khối trưởng: Bộ Nội vụ → Bộ Tài chính" in " ".join(log.split())

    minutes = _flat(
        _pdf_text(
            django_app.get(
                reverse("scoring:round_minutes", args=[cluster.slug, year.year, head_round.pk]),
                user=head,
            ).body
        )
    )
    assert "kiểm phiếu suy tôn Khối trưởng năm sau" in minutes
    assert "Bộ Tài chính được suy tôn là Khối trưởng năm 2025" in minutes
    assert not _wrong_words(minutes)
    report = _flat(
        _pdf_text(
            django_app.get(
                reverse("campaigns:report_pdf", args=[cluster.slug, year.year]), user=head
            ).body
        )
    )
    assert HEAD_ROUND in report and not _wrong_words(report)


def _block_and_ministries() -> tuple[Cluster, list[Unit]]:
    block = ClusterFactory(
        name="Khối thi đua các bộ, ngành Nội chính", slug="khoi-noi-chinh", kind=Cluster.Kind.KHOI
    )
    ministries = [
        UnitFactory(name=name, slug=slug, kind=Unit.Kind.AGENCY)
        for name, slug in (
            ("Bộ Nội vụ", "bo-noi-vu"),
            ("Bộ Tài chính", "bo-tai-chinh"),
            ("Bộ Tư pháp", "bo-tu-phap"),
        )
    ]
    return block, ministries


def _tick(form, name: str, units: list[Unit]) -> None:
    # The unit picker's text box, as sent without JavaScript: the units' slugs.
    form[name] = ", ".join(unit.slug for unit in units)


@pytest.mark.django_db
def test_opening_a_blocks_year_refuses_and_records_it_in_the_blocks_words(world, django_app):
    block, ministries = _block_and_ministries()
    url = reverse("setup:year_create", args=[block.slug])
    form = django_app.get(url, user=world.admin).forms["year-open-form"]
    form["year"] = "2024"
    _tick(form, "members", ministries[1:])
    form["head"] = str(ministries[0].pk)
    page = form.submit()
    assert field_errors(page, "head") == "Khối trưởng phải là đơn vị thành viên."
    assert not EmulationYear.objects.filter(cluster=block).exists()

    form = page.forms["year-open-form"]
    _tick(form, "members", ministries)
    form.submit().follow()
    year = EmulationYear.objects.get(cluster=block, year=2024)
    event = AuditEvent.objects.get(action="year.open", target_id=year.pk)
    assert event.summary == "3 đơn vị thành viên; Khối trưởng: Bộ Nội vụ"
    log = django_app.get(reverse("clusters:activity"), user=world.admin).text
    assert "3 đơn vị thành viên; Khối trưởng: Bộ Nội vụ" in log and "Cụm trưởng:" not in log

    form = django_app.get(url, user=world.admin).forms["year-open-form"]
    form["year"] = "2024"
    _tick(form, "members", ministries)
    form["head"] = str(ministries[0].pk)
    page = form.submit()
    assert field_errors(page, "year") == (
        "Khối thi đua các bộ, ngành Nội chính đã có năm thi đua 2024."
    )
    assert EmulationYear.objects.filter(cluster=block).count() == 1


@pytest.mark.django_db
def test_the_admin_is_neutral_and_refuses_a_blocks_second_head_in_its_words(world, django_app):
    index = django_app.get(reverse("admin:index"), user=world.admin)
    assert "Quản trị cụm, khối thi đua" in index.text and "Cụm thi đua — Quản trị" not in index.text
    block, ministries = _block_and_ministries()
    year = YearFactory(cluster=block, year=2024, phase=EmulationYear.Phase.SETUP)
    for unit, role in zip(ministries, ["head", "member", "member"], strict=True):
        Membership.objects.create(year=year, unit=unit, role=role)
    page = django_app.get(
        reverse("admin:clusters_emulationyear_change", args=[year.pk]), user=world.admin
    )
    form = page.forms["emulationyear_form"]
    row = next(
        name.removesuffix("-unit")
        for name in form.fields
        if name.startswith("memberships-")
        and name.endswith("-unit")
        and form[name].value == str(ministries[1].pk)
    )
    form[f"{row}-role"] = "head"
    refused = form.submit()
    errors = refused.html.select_one(".errorlist.nonform").get_text()
    assert errors == "Mỗi năm thi đua phải có đúng một Khối trưởng (hiện có 2)."
    assert year.memberships.filter(role=Membership.Role.HEAD).count() == 1


@pytest.mark.django_db
def test_the_admins_members_list_names_a_blocks_head_in_its_words(world, django_app):
    block, ministries = _block_and_ministries()
    year = YearFactory(cluster=block, year=2024, phase=EmulationYear.Phase.SETUP)
    head = Membership.objects.create(year=year, unit=ministries[0], role="head")
    page = django_app.get(
        reverse("admin:clusters_membership_changelist") + f"?year__cluster__id__exact={block.pk}",
        user=world.admin,
    )
    row = page.html.select_one(f'input[name="_selected_action"][value="{head.pk}"]').find_parent(
        "tr"
    )
    assert "Khối trưởng" in row.get_text() and "Cụm trưởng" not in row.get_text()
    assert str(head) == "Bộ Nội vụ — 2024 — Khối trưởng"


@pytest.mark.django_db
def test_a_citys_administrative_name_is_its_official_name():
    city = UnitFactory(name="TP Hồ Chí Minh", slug="tp-hcm-ten", kind=Unit.Kind.CITY)
    assert city.administrative_name == "Thành phố Hồ Chí Minh"
    assert city.administrative_name == wording.official_name(city.name, city.kind)


@pytest.mark.django_db
def test_a_campaign_launched_by_a_ministry_is_named_by_it_not_as_a_province(world, django_app):
    from campaigns.models import Campaign

    _block, ministries = _block_and_ministries()
    campaign = Campaign.objects.create(
        title="Phong trào thi đua của Bộ Nội vụ năm 2024",
        launched_by=Campaign.Launcher.PROVINCE,
        launcher_unit=ministries[0],
    )
    assert campaign.launcher_label == "Bộ Nội vụ"
    page = django_app.get(
        reverse("campaigns:campaign_detail", args=[campaign.pk]), user=world.admin
    )
    assert "Bộ Nội vụ" in page.text and "Tỉnh Bộ Nội vụ" not in page.text
    assert str(Campaign.Launcher.PROVINCE.label) == "Đơn vị thành viên"
