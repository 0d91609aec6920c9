"""Proposals (tờ trình) drafted from passed ballot rounds: pages, states, refusals, the letter."""

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from awards import services
from awards.models import Proposal, ProposalItem
from clusters.models import EmulationYear, Membership
from clusters.services import Refused
from scoring import ballots
from scoring.models import BallotRound
from tests.awards.helpers import url
from tests.awards.proposal_builders import drafted, voted_round
from tests.factories import MembershipFactory, RepresentativeFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def _round_url(world, round_):
    return reverse("scoring:round", args=[world.cluster.slug, world.year.year, round_.pk])


def _snapshot():
    return (
        list(Proposal.objects.values_list("pk", "state", "number", "date", "decision_reference")),
        list(ProposalItem.objects.values_list("proposal_id", "unit_id", "votes")),
    )


def _pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.getvalue()))  # sent: a FileResponse
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_secretariat_drafts_the_proposal_from_the_round_page(world, as_persona):
    RepresentativeFactory(
        year=world.year, unit=world.ha_nam, full_name="Trần Văn Hà", title="Phó Chủ tịch UBND tỉnh"
    )
    round_ = voted_round(world)
    secretariat = as_persona("secretariat")
    page = secretariat.get(_round_url(world, round_))
    assert "Lập tờ trình đề nghị" in page.text and "Trong chỉ tiêu: 1/1" in page.text
    # Members read the tally but have no button.
    assert "Lập tờ trình đề nghị" not in as_persona("own").get(_round_url(world, round_)).text

    response = secretariat.post(url("awards:proposal_from_round", world, round_.pk))
    proposal = Proposal.objects.get()
    assert response.status_code == 302 and response.url == proposal.get_absolute_url()
    assert proposal.award_type.code == "co-thi-dua-chinh-phu"
    assert (
        proposal.state == "draft"
        and proposal.number == ""
        and proposal.created_by == world.secretariat
    )
    assert (proposal.signer_name, proposal.signer_title) == (
        "Trần Văn Hà",
        "Phó Chủ tịch UBND tỉnh",
    )
    assert list(proposal.items.values_list("unit__name", "votes", "share", "position")) == [
        ("Hà Nam", 3, "3/4", 1)
    ]
    # Every member of the cluster reads it; the round page now links to it.
    page = as_persona("viewer").get(proposal.get_absolute_url())
    assert "Cờ thi đua của Chính phủ" in page.text and "Hà Nam" in page.text
    assert "Ghi nhận đã gửi" not in page.text
    assert proposal.get_absolute_url() in as_persona("own").get(_round_url(world, round_)).text
    listing = as_persona("other").get(url("awards:year_awards", world))
    assert "Hà Nam (3)" in listing.text and "Dự thảo" in listing.text


def test_pm_certificate_round_proposes_its_elected_units_in_tally_order(world):
    voters = (world.secretariat, world.own, world.other)
    proposal = drafted(
        world,
        kind=BallotRound.Kind.PM_CERTIFICATE,
        seats=2,
        votes=[(p, [world.nam_dinh, world.ha_nam]) for p in voters[:2]]
        + [(world.other, [world.nam_dinh, world.thai_binh])],
    )
    assert proposal.award_type.code == "bang-khen-thu-tuong"
    # Nam Định 3, Hà Nam 2 (under the threshold of 3): only the elected unit is proposed.
    assert list(proposal.items.values_list("unit__name", "votes")) == [("Nam Định", 3)]


def test_a_proposal_goes_draft_sent_decided_through_the_pages(world, as_persona):
    proposal = drafted(world)
    client = as_persona("secretariat")
    detail = proposal.get_absolute_url()

    client.post(url("awards:proposal_send", world, proposal.pk))
    proposal.refresh_from_db()
    assert proposal.state == "draft" and proposal.sent_at is None
    assert "còn thiếu số, ngày ký" in client.get(detail).text

    client.post(url("awards:proposal_decide", world, proposal.pk), {"decision_reference": "x"})
    proposal.refresh_from_db()
    assert proposal.state == "draft" and proposal.decision_reference == ""

    response = client.post(
        url("awards:proposal_edit", world, proposal.pk),
        {"number": "Số: 12/TTr-CTĐ", "date": "20/03/2019", "signer_title": "", "signer_name": "B"},
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.number, proposal.date) == ("12/TTr-CTĐ", datetime.date(2019, 3, 20))

    client.post(url("awards:proposal_send", world, proposal.pk))
    proposal.refresh_from_db()
    assert proposal.state == "sent" and proposal.sent_at is not None
    # What was sent stays as sent.
    page = client.get(url("awards:proposal_edit", world, proposal.pk), follow=True)
    assert "không sửa được nữa" in page.text
    with pytest.raises(Refused, match="không sửa được"):
        services.proposal_update(
            actor=world.secretariat, proposal=proposal, fields={"number": "13/TTr-CTĐ"}
        )

    reference = "Quyết định số 345/QĐ-TTg ngày 10/4/2019 của Thủ tướng Chính phủ"
    client.post(
        url("awards:proposal_decide", world, proposal.pk), {"decision_reference": reference}
    )
    proposal.refresh_from_db()
    assert proposal.state == "decided" and proposal.decision_reference == reference
    assert reference in as_persona("viewer").get(detail).text


def test_refused_drafts_change_nothing(world, as_persona):
    client = as_persona("secretariat")
    open_round = voted_round(world, close=False)
    response = client.post(url("awards:proposal_from_round", world, open_round.pk), follow=True)
    assert "Vòng bỏ phiếu chưa kết thúc" in response.text
    assert Proposal.objects.count() == 0

    head = voted_round(world, kind=BallotRound.Kind.HEAD)
    with pytest.raises(Refused, match="Chỉ vòng bỏ phiếu đề nghị"):
        services.proposal_draft_from_round(actor=world.secretariat, ballot_round=head)
    assert "proposal-panel" not in client.get(_round_url(world, head)).text

    # 2 of 4 votes is not more than half: nobody passed, nothing to propose.
    nobody = voted_round(
        world,
        votes=[
            (world.own, [world.nam_dinh]),
            (world.other, [world.thai_binh]),
            (world.secretariat, []),  # a third ballot: the round's quorum
        ],
    )
    with pytest.raises(Refused, match="Không đơn vị nào được thông qua"):
        services.proposal_draft_from_round(actor=world.secretariat, ballot_round=nobody)
    assert "Không đơn vị nào được thông qua" in client.get(_round_url(world, nobody)).text

    # Not the secretariat: the page answers 403 (who may ask is the view's check).
    passed = voted_round(world)
    assert (
        as_persona("own").post(url("awards:proposal_from_round", world, passed.pk)).status_code
        == 403
    )
    assert _snapshot() == ([], [])

    # One proposal per round: the second attempt is refused and the first is untouched.
    client.post(url("awards:proposal_from_round", world, passed.pk))
    before = _snapshot()
    response = client.post(url("awards:proposal_from_round", world, passed.pk), follow=True)
    assert "đã có tờ trình" in response.text
    assert _snapshot() == before and len(before[0]) == 1


def test_a_tie_at_the_cut_gives_no_proposal(world, as_persona):
    hai_duong = Membership.objects.get(year=world.year, role="deputy").unit
    hung_yen = UnitFactory(name="Hưng Yên", slug="hung-yen")
    MembershipFactory(year=world.year, unit=hung_yen)
    officers = [world.secretariat, world.own, world.other,
                UserFactory(username="haiduong", unit=hai_duong),
                UserFactory(username="hungyen", unit=hung_yen)]  # fmt: skip
    a, b, c = world.ha_nam, world.nam_dinh, world.thai_binh
    # 5 members, 3 votes needed, 2 seats: Hà Nam 4, Nam Định 3, Thái Bình 3 — tied at the cut.
    choices = [[a, b], [a, b], [a, c], [a, c], [b, c]]
    round_ = voted_round(
        world,
        kind=BallotRound.Kind.PM_CERTIFICATE,
        seats=2,
        votes=list(zip(officers, choices, strict=True)),
    )
    assert ballots.round_tally(round_).has_tie
    client = as_persona("secretariat")
    assert "cần bỏ phiếu lại trước khi lập tờ trình" in client.get(_round_url(world, round_)).text
    response = client.post(url("awards:proposal_from_round", world, round_.pk), follow=True)
    assert "bằng phiếu ở vị trí cuối" in response.text
    assert _snapshot() == ([], [])


def test_a_closed_year_refuses_every_change_to_proposals(world, as_persona):
    proposal = drafted(world)
    services.proposal_update(
        actor=world.secretariat,
        proposal=proposal,
        fields={"number": "12/TTr-CTĐ", "date": datetime.date(2019, 3, 20)},
    )
    spare = voted_round(world)
    EmulationYear.objects.filter(pk=world.year.pk).update(phase=EmulationYear.Phase.CLOSED)
    before = _snapshot()
    actor = world.secretariat
    attempts = [
        lambda: services.proposal_draft_from_round(actor=actor, ballot_round=spare),
        lambda: services.proposal_update(
            actor=actor, proposal=proposal, fields={"number": "99/TTr-CTĐ"}
        ),
        lambda: services.proposal_send(actor=actor, proposal=proposal),
        lambda: services.proposal_decide(actor=actor, proposal=proposal, decision_reference="x"),
    ]
    for attempt in attempts:
        with pytest.raises(Refused, match="Năm thi đua đã tổng kết"):
            attempt()
    client = as_persona("secretariat")
    client.post(url("awards:proposal_send", world, proposal.pk))
    client.post(url("awards:proposal_edit", world, proposal.pk), {"number": "98/TTr-CTĐ"})
    client.post(url("awards:proposal_from_round", world, spare.pk))
    assert _snapshot() == before
    page = client.get(proposal.get_absolute_url()).text
    assert "Ghi nhận đã gửi" not in page and "Sửa số, ngày" not in page


def test_quota_exceeded_warns_on_the_round_and_the_proposal_but_does_not_block(world, as_persona):
    # Two units for the flag; a cluster of the central council proposes one leading unit.
    voters = (world.secretariat, world.own, world.other)
    round_ = voted_round(
        world, seats=2, votes=[(p, [world.ha_nam, world.nam_dinh]) for p in voters]
    )
    client = as_persona("secretariat")
    page = client.get(_round_url(world, round_)).text
    assert "Vượt chỉ tiêu: đề nghị 2 đơn vị" in page and "cho phép tối đa 1 đơn vị." in page
    assert "Quy định áp dụng:" in page and "20%" not in page
    client.post(url("awards:proposal_from_round", world, round_.pk))
    proposal = Proposal.objects.get()
    assert proposal.items.count() == 2
    page = as_persona("viewer").get(proposal.get_absolute_url()).text
    assert "Vượt chỉ tiêu: đề nghị 2 đơn vị" in page
    text = _pdf_text(client.get(url("awards:proposal_document", world, proposal.pk)))
    assert "vượt chỉ tiêu" in text


def test_pm_certificate_has_no_quota_and_no_warning(world, as_persona):
    voters = (world.secretariat, world.own, world.other)
    proposal = drafted(
        world,
        kind=BallotRound.Kind.PM_CERTIFICATE,
        seats=2,
        votes=[(p, [world.ha_nam, world.nam_dinh]) for p in voters],
    )
    page = as_persona("own").get(proposal.get_absolute_url()).text
    assert proposal.items.count() == 2 and "chỉ tiêu" not in page.lower()


def test_the_letter_reads_back_from_the_pdf_with_the_draft_watermark_until_sent(world, as_persona):
    RepresentativeFactory(
        year=world.year, unit=world.ha_nam, full_name="Trần Văn Hà", title="Phó Chủ tịch UBND tỉnh"
    )
    proposal = drafted(world)
    client = as_persona("viewer")
    text = _pdf_text(client.get(url("awards:proposal_document", world, proposal.pk)))
    assert "DỰ THẢO" in text
    assert "TỜ TRÌNH" in text
    assert "Về việc đề nghị tặng Cờ thi đua của Chính phủ năm 2018" in text
    assert "Kính gửi: Hội đồng Thi đua - Khen thưởng Trung ương" in text
    assert "3/4 đơn vị thành viên bỏ phiếu" in text and "ít nhất 3 phiếu" in text
    assert "1 Hà Nam 3 3/4" in text
    assert "trong chỉ tiêu" in text
    assert "CỤM TRƯỞNG" in text and "Trần Văn Hà" in text
    assert "Nơi nhận:" in text and "Hà Nam, ngày tháng năm" in text

    services.proposal_update(
        actor=world.secretariat,
        proposal=proposal,
        fields={"number": "12/TTr-CTĐ", "date": datetime.date(2019, 3, 20)},
    )
    services.proposal_send(actor=world.secretariat, proposal=proposal)
    text = _pdf_text(client.get(url("awards:proposal_document", world, proposal.pk)))
    assert "DỰ THẢO" not in text
    assert "Số: 12/TTr-CTĐ" in text and "Hà Nam, ngày 20 tháng 3 năm 2019" in text
    html = client.get(url("awards:proposal_document", world, proposal.pk), {"format": "html"})
    assert "Cờ thi đua của Chính phủ" in html.text


@pytest.mark.parametrize("count", [1, 3])
def test_year_awards_query_count_does_not_grow_with_proposals(
    world, as_persona, count, django_assert_num_queries
):
    for index in range(count):
        proposal = drafted(world)
        services.proposal_update(
            actor=world.secretariat, proposal=proposal, fields={"number": f"{index + 1}/TTr-CTĐ"}
        )
    client = as_persona("own")
    client.get(url("awards:year_awards", world))  # warm the session
    # session, user, year with its cluster, the clusters the person sees (access), secretariat
    # check (can_edit), proposals with award types, their items with units, decisions, the
    # bell's unread notices
    with django_assert_num_queries(9):
        response = client.get(url("awards:year_awards", world))
    assert response.content.decode().count("/TTr-CTĐ") == count


def test_an_award_taken_out_of_the_catalogue_cannot_be_proposed(world, as_persona):
    from awards.models import AwardType

    AwardType.objects.filter(code="co-thi-dua-chinh-phu").update(is_active=False)
    round_ = voted_round(world)
    client = as_persona("secretariat")
    page = client.get(_round_url(world, round_)).text
    assert "Danh mục chưa có hình thức khen thưởng" in page and "Lập tờ trình đề nghị" not in page
    with pytest.raises(Refused, match="Danh mục chưa có"):
        services.proposal_draft_from_round(actor=world.secretariat, ballot_round=round_)
    assert _snapshot() == ([], [])


@pytest.mark.parametrize("units", [1, 2])
def test_proposal_page_query_count_does_not_grow_with_its_units(
    world, as_persona, units, django_assert_num_queries
):
    chosen = [world.ha_nam, world.nam_dinh][:units]
    voters = (world.secretariat, world.own, world.other)
    proposal = drafted(world, seats=2, votes=[(p, chosen) for p in voters])
    assert proposal.items.count() == units
    client = as_persona("viewer")
    client.get(proposal.get_absolute_url())
    # session, user, year with its cluster, the clusters the person sees, the proposal with its
    # award type and round, its items with units, quotas, member count, its history (a viewer is
    # never the secretariat: no query for that), the bell's unread notices
    with django_assert_num_queries(10):
        response = client.get(proposal.get_absolute_url())
    assert response.status_code == 200


def test_a_sent_letter_keeps_the_quota_note_it_was_sent_with(world, as_persona):
    from decimal import Decimal

    from awards.models import AwardQuota

    proposal = drafted(world)
    services.proposal_update(
        actor=world.secretariat,
        proposal=proposal,
        fields={"number": "7/TTr-CTĐ", "date": datetime.date(2019, 3, 25)},
    )
    services.proposal_send(actor=world.secretariat, proposal=proposal)
    pdf_url = url("awards:proposal_document", world, proposal.pk)

    def letter_text() -> str:
        content = as_persona("viewer").get(pdf_url).getvalue()
        return " ".join(
            " ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages).split()
        )

    before = letter_text()
    assert "tối đa 1 đơn vị) theo Nghị định 91/2017/NĐ-CP, Điều 11 khoản 2" in before
    # an administrator changes the rule later
    AwardQuota.objects.update(max_units=2, share=Decimal("0.5"))
    assert letter_text() == before
