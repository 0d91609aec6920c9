"""Secret ballots: casting, secrecy, refusals, tallies, the head election, concurrency."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from clusters.models import Membership
from clusters.services import Refused
from scoring import ballots
from scoring.models import Ballot, BallotRound, VoterEntry
from tests.factories import MembershipFactory, UserFactory, YearFactory
from tests.scoring.ballot_builders import ballot_round

pytestmark = pytest.mark.django_db


def _url(world, name, pk):
    return reverse(name, args=[world.cluster.slug, world.year.year, pk])


def _candidate(round_, unit):
    return round_.candidates.get(unit=unit).pk


def test_vote_then_close_then_everyone_sees_the_tally_but_not_who_voted_what(
    world, as_persona, django_app
):
    round_ = ballot_round(world.year)
    page_url = _url(world, "scoring:round", round_.pk)
    for person, unit in (
        (world.own, world.ha_nam),
        (world.other, world.ha_nam),
        (world.secretariat, world.nam_dinh),
    ):
        form = django_app.get(page_url, user=person).forms["ballot-form"]
        chosen = str(_candidate(round_, unit))
        for index, box in enumerate(form.fields["candidate"]):
            form.set("candidate", box._value == chosen, index=index)
        assert form.submit().status_code == 200
    for persona in ("viewer", "secretariat"):  # while open: how many voted, nothing else
        page = as_persona(persona).get(page_url)
        assert page.context["tally"] is None and "Kết quả chỉ công bố khi kết thúc" in page.text
        assert "đã bỏ phiếu: 3/4 đơn vị" in page.text
    django_app.get(page_url, user=world.secretariat).forms["round-close-form"].submit()
    page = as_persona("viewer").get(_url(world, "scoring:round", round_.pk))
    tally = page.context["tally"]
    assert [(r.unit.name, r.votes) for r in tally.rows][:2] == [("Hà Nam", 2), ("Nam Định", 1)]
    # 2 of 4 is not more than half: nobody passes.
    assert tally.votes_needed == 3 and tally.elected == []


def test_refused_ballots_change_nothing(world):
    round_ = ballot_round(world.year, seats=1)
    ha_nam, nam_dinh = _candidate(round_, world.ha_nam), _candidate(round_, world.nam_dinh)
    ballots.ballot_cast(ballot_round=round_, actor=world.own, candidate_ids=[ha_nam])
    attempts = {
        "Đơn vị đã bỏ phiếu": dict(actor=world.own, candidate_ids=[nam_dinh]),
        "không phải thành viên": dict(actor=world.outsider, candidate_ids=[ha_nam]),
        "không thuộc danh sách ứng cử": dict(actor=world.other, candidate_ids=[99999]),
        "tối đa 1 đơn vị": dict(actor=world.other, candidate_ids=[ha_nam, nam_dinh]),
    }
    for message, kwargs in attempts.items():
        with pytest.raises(Refused, match=message):
            ballots.ballot_cast(ballot_round=round_, **kwargs)
    assert Ballot.objects.count() == 1
    assert Ballot.objects.get().choices == [ha_nam]


def test_no_ballot_before_open_or_after_close(world):
    draft = ballot_round(world.year, state="draft")
    with pytest.raises(Refused, match="chưa mở"):
        ballots.ballot_cast(ballot_round=draft, actor=world.own, candidate_ids=[])
    closed = ballot_round(world.year, state="closed")
    with pytest.raises(Refused, match="đã kết thúc"):
        ballots.ballot_cast(ballot_round=closed, actor=world.own, candidate_ids=[])
    assert not Ballot.objects.exists()


def test_the_form_prefills_candidates_in_ranking_order(world, as_persona):
    world.year.phase = "conference"
    world.year.save()
    form = (
        as_persona("secretariat")
        .get(reverse("scoring:rounds", args=[world.cluster.slug, 2018]))
        .context["form"]
    )
    assert [name for _, name in form.fields["candidates"].choices] == [
        "Hà Nam", "Hải Dương", "Nam Định", "Thái Bình",  # no final sheets yet: by name
    ]  # fmt: skip


def test_head_and_deputy_elections_become_next_years_roles(world):
    next_year = YearFactory(cluster=world.cluster, year=2019)
    for unit in (world.ha_nam, world.nam_dinh, world.thai_binh):
        MembershipFactory(
            year=next_year, unit=unit, role="head" if unit == world.ha_nam else "member"
        )
    staff = {
        world.ha_nam: world.secretariat,
        world.nam_dinh: world.own,
        world.thai_binh: world.other,
    }
    hai_duong = world.year.memberships.get(role="deputy").unit
    staff[hai_duong] = UserFactory(username="haiduong", unit=hai_duong)
    head_round = ballot_round(world.year, kind=BallotRound.Kind.HEAD)
    for person in staff.values():
        ballots.ballot_cast(ballot_round=head_round, actor=person,
                            candidate_ids=[_candidate(head_round, world.nam_dinh)])  # fmt: skip
    ballots.round_close(actor=world.secretariat, ballot_round=head_round)
    roles = dict(next_year.memberships.values_list("unit__name", "role"))
    assert roles == {"Nam Định": "head", "Hà Nam": "member", "Thái Bình": "member"}
    next_year.refresh_from_db()
    assert next_year.host_unit == world.nam_dinh
    deputies = ballot_round(world.year, kind=BallotRound.Kind.DEPUTIES, seats=2)
    for person in staff.values():
        ballots.ballot_cast(ballot_round=deputies, actor=person,
                            candidate_ids=[_candidate(deputies, world.thai_binh)])  # fmt: skip
    ballots.round_close(actor=world.secretariat, ballot_round=deputies)
    assert next_year.memberships.get(unit=world.thai_binh).role == "deputy"
    assert ballots.elected_leaders(world.year) == (world.nam_dinh, [world.thai_binh])


def test_tally_runs_a_fixed_number_of_queries(world, django_assert_num_queries):
    from tests.data import build_cluster

    for n in (9, 34):
        sized = build_cluster(n, 1, slug=f"cum-{n}")
        round_ = ballot_round(sized.year, state="closed")
        with django_assert_num_queries(2):  # candidates with units; the box's choices
            ballots.round_tally(round_)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real concurrent transactions")
def test_two_officers_casting_at_once_record_one_ballot(world):
    round_ = ballot_round(world.year)
    second_officer = UserFactory(username="namdinh2", unit=world.nam_dinh)
    choice = _candidate(round_, world.ha_nam)
    barrier = threading.Barrier(2)
    results: list[str] = []

    def cast(user):
        from django.db import connections

        barrier.wait()
        try:
            ballots.ballot_cast(ballot_round=round_, actor=user, candidate_ids=[choice])
            results.append("ok")
        except Refused:
            results.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=cast, args=(u,)) for u in (world.own, second_officer)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["ok", "refused"]
    # One name in the register, one ballot in the box (which knows no unit).
    assert VoterEntry.objects.filter(round=round_, unit=world.nam_dinh).count() == 1
    assert Ballot.objects.filter(round=round_).count() == 1


def test_viewer_cannot_vote_and_page_offers_no_form(world, as_persona):
    round_ = ballot_round(world.year)
    page = as_persona("viewer").get(_url(world, "scoring:round", round_.pk))
    assert not page.context["can_vote"]
    assert Client().get(_url(world, "scoring:round", round_.pk)).status_code == 302
    assert Membership.objects.filter(year=world.year).count() == 4


def test_minutes_of_a_closed_round_read_back_from_the_pdf(world, as_persona):
    import io

    from pypdf import PdfReader

    round_ = ballot_round(world.year)
    for person in (world.own, world.other, world.secretariat):
        ballots.ballot_cast(ballot_round=round_, actor=person,
                            candidate_ids=[_candidate(round_, world.ha_nam)])  # fmt: skip
    url = _url(world, "scoring:round_minutes", round_.pk)
    assert as_persona("own").get(url).status_code == 404  # still open: no minutes yet
    ballots.round_close(actor=None, ballot_round=round_)
    response = as_persona("viewer").get(url)
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "BIÊN BẢN KIỂM PHIẾU" in text
    assert "Số đơn vị có mặt và bỏ phiếu: 3 (vắng: Hải Dương)" in text
    assert "ít nhất 3 phiếu" in text
    assert "Hà Nam 3 75% Trúng cử / được đề nghị" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text


def test_the_tally_and_the_minutes_do_not_tell_who_voted_for_whom(world, as_persona):
    """Two rounds with the same tally from swapped ballots print exactly the same results."""
    import io
    import re

    from pypdf import PdfReader

    pages, minutes = [], []
    for nam_dinh_choice, thai_binh_choice in (
        (world.ha_nam, world.nam_dinh),
        (world.nam_dinh, world.ha_nam),
    ):
        round_ = ballot_round(world.year, seats=1)
        for person, chosen in (
            (world.own, nam_dinh_choice),
            (world.other, thai_binh_choice),
            (world.secretariat, world.thai_binh),
        ):
            ballots.ballot_cast(
                ballot_round=round_,
                actor=person,
                candidate_ids=[_candidate(round_, chosen)],
            )
        ballots.round_close(actor=None, ballot_round=round_)
        text = as_persona("viewer").get(_url(world, "scoring:round", round_.pk)).text
        pages.append(re.search(r'data-testid="tally">.*?</table>', text, re.S).group(0))
        pdf = as_persona("viewer").get(_url(world, "scoring:round_minutes", round_.pk)).content
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
        # The bulletin's SHA-256 differs (the receipts are random); the rest is the same.
        minutes.append(re.sub(r"(tệp bảng kết quả:)[\s0-9a-f]+\.", r"\1 ….", text))
    assert pages[0] == pages[1] and "Hà Nam" in pages[0]
    assert minutes[0] == minutes[1]
