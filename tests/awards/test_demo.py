"""The demo tells the article: Hà Nam's chairman's certificates to 7 collectives, 15 people."""

import io

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from awards.models import Decision, Recipient

pytestmark = pytest.mark.django_db


def test_loaddemo_records_hanams_2018_decision_as_labelled_samples_and_can_run_twice(client):
    call_command("loaddemo")
    call_command("loaddemo")
    decision = Decision.objects.get()
    assert decision.year.year == 2018 and decision.year.is_closed
    assert decision.issuer == "Chủ tịch Ủy ban nhân dân tỉnh Hà Nam"
    assert decision.is_sample and "7 tập thể, 15 cá nhân" in decision.notes
    recipients = decision.recipients.all()
    assert recipients.filter(kind="collective").count() == 7
    assert recipients.filter(kind="individual").count() == 15
    assert not Recipient.objects.filter(is_sample=False).exists()
    assert {r.award_type.code for r in recipients} == {"bang-khen-chu-tich-ubnd-tinh"}

    # A member's officer finds a name without diacritics and sees the sample badge.
    client.post("/dang-nhap/", {"username": "namdinh", "password": "ThiDua@2018"})
    response = client.get("/so-khen-thuong/", {"q": "dang thi bich"})
    assert "Đặng Thị Bích" in response.text and "dữ liệu mẫu" in response.text
    # The year is closed: the head's officer sees the list but no way to change it.
    page = client.get(decision.get_absolute_url()).text
    assert "Nhập từ Excel" not in page


def test_demo_certificates_export_in_one_file(tmp_path):
    call_command("loaddemo")
    target = tmp_path / "bang-khen-2018.pdf"
    call_command("export_certificates", "dong-bang-song-hong", "2018", "-o", str(target),
                 stdout=io.StringIO())  # fmt: skip
    reader = PdfReader(str(target))
    assert len(reader.pages) == 22
    assert "Dữ liệu mẫu minh họa" in reader.pages[0].extract_text()


def test_loaddemo_holds_the_2018_proposals_sent_as_labelled_samples(client):
    from awards.models import Proposal

    call_command("loaddemo")
    call_command("loaddemo")
    proposals = {p.award_type.code: p for p in Proposal.objects.select_related("award_type")}
    assert set(proposals) == {"co-thi-dua-chinh-phu", "bang-khen-thu-tuong"}
    flag, merit = proposals["co-thi-dua-chinh-phu"], proposals["bang-khen-thu-tuong"]
    assert list(flag.items.values_list("unit__name", "votes", "share")) == [("Hà Nam", 8, "8/9")]
    assert list(merit.items.values_list("unit__name", "votes")) == [
        ("Hải Dương", 9),
        ("Bắc Ninh", 7),
    ]
    for proposal in (flag, merit):
        assert proposal.state == "sent" and proposal.is_sample and proposal.number
        assert proposal.year.year == 2018 and proposal.year.is_closed
        assert proposal.ballot_round.kind in ("flag", "pm_certificate")

    client.post("/dang-nhap/", {"username": "lanhdao", "password": "ThiDua@2018"})
    listing = client.get("/c/dong-bang-song-hong/2018/khen-thuong/").text
    assert "Hải Dương (9), Bắc Ninh (7)" in listing and "dữ liệu mẫu" in listing
    response = client.get(flag.get_absolute_url() + "to-trinh.pdf")
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.getvalue())).pages).split()
    )
    assert "Số: 05/TTr-CTĐ" in text and "Hà Nam 8 8/9" in text and "DỰ THẢO" not in text
    assert "9/9 đơn vị thành viên bỏ phiếu" in text
    # Voted at the conference of 20/03/2019; signed by Hà Nam's (sample) representative.
    assert "bỏ phiếu kín ngày 20 tháng 3 năm 2019" in text
    assert flag.signer_name and flag.signer_name in text and "(dữ liệu mẫu)" in text
