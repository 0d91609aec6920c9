"""Quotas by route: a central council's cluster proposes one leading unit (Nghị định 91/2017
Điều 11 khoản 2; Luật 06/2022/QH15 Điều 25), the 20% cap is for collectives inside a ministry or
province (khoản 1). The page and the letter say which rule was applied."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from awards import services
from awards.models import AwardType
from awards.queries import quota_checks
from awards.rules import CENTRAL_CLUSTER, WITHIN, cluster_route, quota_check, route_limit
from clusters.models import Cluster, Council
from tests.awards.helpers import url
from tests.awards.proposal_builders import drafted
from tests.factories import MembershipFactory, UnitFactory

D = datetime.date


def test_the_route_follows_the_organising_council():
    assert cluster_route("Hội đồng Thi đua - Khen thưởng Trung ương") == CENTRAL_CLUSTER
    assert cluster_route("Hội đồng Thi đua - Khen thưởng tỉnh Hà Nam") == WITHIN
    assert cluster_route("") == WITHIN


def test_one_leading_unit_whatever_the_size_and_twenty_percent_inside_a_province():
    assert route_limit(share=None, max_units=1, base_count=10) == 1
    assert route_limit(share=None, max_units=1, base_count=40) == 1
    assert route_limit(share=Decimal("0.2"), max_units=None, base_count=10) == 2
    assert route_limit(share=Decimal("0.2"), max_units=1, base_count=10) == 1  # the smaller
    two = quota_check(rule="một đơn vị", share=None, max_units=1, base_count=10, proposed=2)
    assert two.exceeded and two.limit == 1 and two.percent == ""


def _ten_members(world) -> None:
    for index in range(6):  # the world has four members
        MembershipFactory(year=world.year, unit=UnitFactory(name=f"Tỉnh {index}"))
    assert world.year.memberships.count() == 10


def _flag() -> int:
    return AwardType.objects.get(code="co-thi-dua-chinh-phu").pk


@pytest.mark.django_db
def test_a_central_cluster_of_ten_allows_one_flag_proposal_not_two(world):
    _ten_members(world)
    (check,) = quota_checks(world.year, _flag(), 2, on=D(2019, 3, 20))
    assert check.limit == 1 and check.exceeded
    assert check.route == CENTRAL_CLUSTER
    assert check.source == "Nghị định 91/2017/NĐ-CP, Điều 11 khoản 2"
    (check,) = quota_checks(world.year, _flag(), 1, on=D(2025, 3, 20))
    assert check.limit == 1 and not check.exceeded
    assert check.source == "Luật 06/2022/QH15, Điều 25"


@pytest.mark.django_db
def test_a_cluster_inside_a_province_has_the_twenty_percent_cap(world):
    _ten_members(world)
    Cluster.objects.filter(pk=world.cluster.pk).update(
        council=Council.objects.create(
            name="Hội đồng Thi đua - Khen thưởng tỉnh Hà Nam", slug="hd-ha-nam"
        )
    )
    world.year.cluster.refresh_from_db()
    (check,) = quota_checks(world.year, _flag(), 2, on=D(2019, 3, 20))
    assert check.limit == 2 and not check.exceeded and check.percent == "20"
    assert check.source == "Nghị định 91/2017/NĐ-CP, Điều 11 khoản 1"


@pytest.mark.django_db
def test_the_proposal_page_and_the_letter_say_which_rule_was_applied(world, as_persona):
    # Four members, two proposed: the ten-member case is measured above (a round of ten needs
    # more voters than the world has to pass anyone).
    voters = (world.secretariat, world.own, world.other)
    proposal = drafted(world, seats=2, votes=[(p, [world.ha_nam, world.nam_dinh]) for p in voters])
    services.proposal_update(
        actor=world.secretariat,
        proposal=proposal,
        fields={"number": "05/TTr-CTĐ", "date": D(2019, 3, 20)},
    )
    client = as_persona("secretariat")
    page = client.get(proposal.get_absolute_url()).text
    assert "Vượt chỉ tiêu: đề nghị 2 đơn vị" in page and "cho phép tối đa 1 đơn vị." in page
    assert "Quy định áp dụng:" in page
    assert "Nghị định 91/2017/NĐ-CP, Điều 11 khoản 2" in page  # the letter's date: 2019
    services.proposal_send(actor=world.secretariat, proposal=proposal)
    response = client.get(url("awards:proposal_document", world, proposal.pk))
    pdf = PdfReader(io.BytesIO(response.getvalue()))
    letter = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    assert (
        "tối đa 1 đơn vị) theo Nghị định 91/2017/NĐ-CP, Điều 11 khoản 2, áp dụng cho cụm, "
        "khối thi đua do Hội đồng Thi đua - Khen thưởng Trung ương tổ chức" in letter
    )
    assert "20%" not in letter and "20%" not in page


@pytest.mark.django_db
def test_the_english_interface_names_the_route_in_english_and_the_letter_stays_vietnamese(
    world, as_persona
):
    proposal = drafted(world)
    client = as_persona("secretariat")
    client.post(reverse("set_language"), {"language": "en"})
    page = client.get(proposal.get_absolute_url()).text
    html = client.get(url("awards:proposal_document", world, proposal.pk), {"format": "html"})
    letter = html.content.decode()
    assert "áp dụng cho cụm, khối thi đua do Hội đồng Thi đua - Khen thưởng Trung ương" in letter
    assert "Căn cứ" in letter and "ngưỡng thông qua quá nửa số đơn vị thành viên" in letter
    assert "More than half" not in letter
    assert "Proposed units" in page  # the interface is English…
    assert "Luật 06/2022/QH15, Điều 25" in page  # …and names the rule it applied
