"""The vote-count minutes (biên bản kiểm phiếu): number, time and place, participants, the
counting committee, the ballot counts, votes, threshold, result, and two named signers.

Read back from the PDF with pdfplumber, as an office reads what it files.
"""

from __future__ import annotations

import datetime
import io

import pdfplumber
import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from clusters.documents.format import date_words
from clusters.models import AuditEvent, EmulationYear, User
from clusters.services import Refused
from scoring import ballots
from scoring.models import BallotRound
from tests.scoring.ballot_builders import ballot_round

pytestmark = pytest.mark.django_db

COMMITTEE = (
    "Nguyễn Thị Lan — Trưởng Ban Thi đua - Khen thưởng tỉnh Hà Nam\n"
    "Lê Văn Hải - Chuyên viên Sở Nội vụ tỉnh Nam Định"
)


def _url(year: EmulationYear, name: str, pk: int) -> str:
    return reverse(name, args=[year.cluster.slug, year.year, pk])


def _text(pdf: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        text = " ".join(page.extract_text() or "" for page in document.pages)
    return " ".join(text.split())


def _minutes(client: Client, ballot_round_: BallotRound) -> str:
    response = client.get(_url(ballot_round_.year, "scoring:round_minutes", ballot_round_.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return _text(response.getvalue())  # stored: a FileResponse


def _candidate(round_: BallotRound, unit) -> int:
    return round_.candidates.get(unit=unit).pk


def test_the_demo_flag_minutes_are_complete_and_dated_the_conference_day():
    call_command("loaddemo")
    flag = BallotRound.objects.get(year__year=2018, kind=BallotRound.Kind.FLAG)
    client = Client()
    client.force_login(User.objects.get(username="lanhdao"))  # a reader of the cluster
    text = _minutes(client, flag)

    assert "BIÊN BẢN KIỂM PHIẾU" in text
    assert "Số: 01/BB-CTĐ" in text
    assert "ngày 20/03/2019" in text and "Hà Nam, ngày 20 tháng 3 năm 2019" in text
    today = timezone.localdate()
    assert today.strftime("%d/%m/%Y") not in text
    assert date_words(today) not in text
    assert "tại tỉnh Hà Nam" in text
    # Participants: the members' representatives; the counting committee, named.
    assert "Trần Thị Hằng, Phó Chủ tịch UBND tỉnh Hà Nam" in text
    assert "Đỗ Văn Phúc, Phó Chủ tịch UBND tỉnh Vĩnh Phúc" in text
    assert "Nguyễn Thị Lan" in text and "(Trưởng ban kiểm phiếu)" in text
    assert "Lê Văn Hải" in text and "Phạm Thị Mai" in text
    # The counts: nine issued, nine received, all valid, none blank (8 Hà Nam, 1 Hải Dương).
    assert "Số phiếu phát ra: 9 phiếu" in text
    assert "số phiếu thu vào: 9 phiếu" in text
    assert "Số phiếu hợp lệ: 9 phiếu" in text
    assert "số phiếu không hợp lệ: 0 phiếu" in text
    assert "số phiếu trắng (không chọn đơn vị nào): 0 phiếu" in text
    assert "ít nhất 5 phiếu trên tổng số 9 đơn vị thành viên" in text
    assert "Hà Nam 8 89% Trúng cử / được đề nghị" in text
    assert "Hải Dương 1 11% Không đạt ngưỡng" in text
    # The award as the catalogue writes it, capitals kept, in the body too.
    assert "kiểm phiếu đề nghị tặng Cờ thi đua của Chính phủ" in text
    assert "cờ thi đua của chính phủ" not in text
    # Signed by two named persons; sample values labelled.
    assert "TRƯỞNG BAN KIỂM PHIẾU" in text and "CHỦ TRÌ HỘI NGHỊ" in text
    assert "(chưa có người ký)" not in text
    assert "(dữ liệu mẫu)" in text
    # Secret: no officer's name, nothing of who chose whom.
    assert "Cán bộ" not in text


def test_every_demo_round_has_its_own_number():
    call_command("loaddemo")
    numbers = list(
        BallotRound.objects.filter(year__year=2018)
        .order_by("pk")
        .values_list("minutes_number", flat=True)
    )
    assert numbers == ["01/BB-CTĐ", "02/BB-CTĐ", "03/BB-CTĐ", "04/BB-CTĐ"]
    events = AuditEvent.objects.filter(action="round.minutes", year__year=2018)
    assert events.count() == 4
    assert {timezone.localtime(e.at).date() for e in events} == {datetime.date(2019, 3, 20)}


def test_the_minutes_form_saves_through_the_rendered_form(world, django_app, as_persona):
    round_ = ballot_round(world.year, state="closed")
    page = django_app.get(_url(world.year, "scoring:round", round_.pk), user=world.secretariat)
    form = page.forms["minutes-form"]
    form["minutes_number"] = "Số: 07/BB-CTĐ"  # typed as printed: the document adds "Số:"
    form["minutes_place"] = "Hội trường UBND tỉnh Hà Nam"
    form["minutes_time"] = "10:30"
    form["chair_name"] = "Trần Thị Hằng"
    form["chair_title"] = "Phó Chủ tịch UBND tỉnh Hà Nam"
    form["counting_committee"] = COMMITTEE
    response = form.submit()
    assert response.status_code == 302
    round_.refresh_from_db()
    assert round_.minutes_number == "07/BB-CTĐ"
    assert round_.minutes_time == datetime.time(10, 30)
    assert round_.counting_committee.splitlines() == [
        "Nguyễn Thị Lan — Trưởng Ban Thi đua - Khen thưởng tỉnh Hà Nam",
        "Lê Văn Hải — Chuyên viên Sở Nội vụ tỉnh Nam Định",
    ]
    event = AuditEvent.objects.get(action="round.minutes")
    assert event.actor == world.secretariat and event.target_id == round_.pk
    assert event.changes["chair_name"] == ["", "Trần Thị Hằng"]

    text = _minutes(as_persona("viewer"), round_)
    assert "Số: 07/BB-CTĐ" in text
    assert "Vào lúc 10 giờ 30 phút" in text and "tại Hội trường UBND tỉnh Hà Nam" in text
    assert "Nguyễn Thị Lan, Trưởng Ban Thi đua - Khen thưởng tỉnh Hà Nam (Trưởng ban" in text
    assert "Lê Văn Hải, Chuyên viên Sở Nội vụ tỉnh Nam Định (thành viên)" in text
    assert "(chưa có người ký)" not in text and "(dữ liệu mẫu)" not in text

    # Sent again unchanged: nothing to record.
    again = django_app.get(_url(world.year, "scoring:round", round_.pk), user=world.secretariat)
    assert again.forms["minutes-form"].submit().status_code == 302
    assert AuditEvent.objects.filter(action="round.minutes").count() == 1


def test_a_closed_year_refuses_the_minutes_form_and_changes_nothing(world, django_app):
    round_ = ballot_round(world.year, state="closed")
    page = django_app.get(_url(world.year, "scoring:round", round_.pk), user=world.secretariat)
    form = page.forms["minutes-form"]
    form["chair_name"] = "Kẻ Đến Muộn"
    EmulationYear.objects.filter(pk=world.year.pk).update(phase=EmulationYear.Phase.CLOSED)
    response = form.submit(expect_errors=True)
    assert response.status_code == 409
    assert "Năm thi đua đã tổng kết" in response.text
    round_.refresh_from_db()
    assert round_.chair_name == ""
    assert not AuditEvent.objects.filter(action="round.minutes").exists()
    # And the page of a closed year offers no form.
    page = django_app.get(_url(world.year, "scoring:round", round_.pk), user=world.secretariat)
    assert "minutes-form" not in page.forms


def test_only_the_secretariat_records_the_minutes(world, as_persona):
    round_ = ballot_round(world.year, state="closed")
    url = _url(world.year, "scoring:round_minutes_save", round_.pk)
    assert as_persona("own").post(url, {"chair_name": "Người Khác"}).status_code == 403
    round_.refresh_from_db()
    assert round_.chair_name == ""
    page = as_persona("own").get(_url(world.year, "scoring:round", round_.pk))
    assert page.context["minutes_form"] is None


def test_a_badly_written_committee_is_refused_next_to_its_field(world, django_app):
    round_ = ballot_round(world.year, state="closed")
    page = django_app.get(_url(world.year, "scoring:round", round_.pk), user=world.secretariat)
    form = page.forms["minutes-form"]
    form["counting_committee"] = "— Trưởng ban"  # a title without a name
    response = form.submit()
    assert response.status_code == 200
    assert "bắt đầu bằng họ và tên" in response.text and "is-invalid" in response.text
    round_.refresh_from_db()
    assert round_.counting_committee == ""
    with pytest.raises(Refused) as refused:
        ballots.round_minutes_save(
            actor=world.secretariat,
            ballot_round=round_,
            counting_committee="\n".join(f"Người {n} — thành viên" for n in range(20)),
        )
    assert refused.value.field == "counting_committee"


def test_a_blank_ballot_is_counted_as_blank(world, as_persona):
    round_ = ballot_round(world.year)
    ballots.ballot_cast(actor=world.own, ballot_round=round_, candidate_ids=[])
    for person in (world.other, world.secretariat):
        ballots.ballot_cast(
            actor=person, ballot_round=round_, candidate_ids=[_candidate(round_, world.ha_nam)]
        )
    ballots.round_close(actor=None, ballot_round=round_)
    tally = ballots.round_tally(round_)
    assert (tally.members, tally.ballots_cast, tally.valid, tally.invalid, tally.blank) == (
        4,
        3,
        3,
        0,
        1,
    )
    text = _minutes(as_persona("viewer"), round_)
    assert "Số phiếu phát ra: 4 phiếu; số phiếu thu vào: 3 phiếu" in text
    assert "Số phiếu hợp lệ: 3 phiếu; số phiếu không hợp lệ: 0 phiếu" in text
    assert "số phiếu trắng (không chọn đơn vị nào): 1 phiếu" in text
    assert "Hà Nam 2 50%" in text


def test_a_draft_without_details_is_dated_the_closing_day_and_says_nobody_signs(world, as_persona):
    round_ = ballot_round(world.year, state="closed")
    closed = timezone.make_aware(datetime.datetime(2019, 3, 18, 15, 45))
    BallotRound.objects.filter(pk=round_.pk).update(closed_at=closed)
    round_.refresh_from_db()
    text = _minutes(as_persona("viewer"), round_)
    assert "Số: /BB-CTĐ" in text  # a blank to fill in by hand
    assert "Vào lúc 15 giờ 45 phút, ngày 18/03/2019" in text
    assert "ngày 18 tháng 3 năm 2019" in text
    assert timezone.localdate().strftime("%d/%m/%Y") not in text
    assert text.count("(chưa có người ký)") == 2
    assert "Chủ trì: (chưa ghi)" in text


def test_a_tie_at_the_cut_is_reported_by_name(world, as_persona):
    from tests.factories import MembershipFactory, UnitFactory, UserFactory

    voters = [world.secretariat, world.own, world.other, world.granted]
    for slug, name in (("hung-yen", "Hưng Yên"), ("bac-ninh", "Bắc Ninh")):
        unit = UnitFactory(slug=slug, name=name)
        MembershipFactory(year=world.year, unit=unit)
        voters.append(UserFactory(username=slug.replace("-", ""), unit=unit))
    round_ = ballot_round(world.year, seats=2)
    ha, nd, tb = (_candidate(round_, u) for u in (world.ha_nam, world.nam_dinh, world.thai_binh))
    choices = [[ha, nd], [ha, nd], [ha, tb], [ha, tb], [nd, tb], [nd, tb]]
    for person, chosen in zip(voters, choices, strict=True):
        ballots.ballot_cast(actor=person, ballot_round=round_, candidate_ids=chosen)
    ballots.round_close(actor=None, ballot_round=round_)
    text = _minutes(as_persona("viewer"), round_)
    # Four votes each of six members for two seats: the three are tied, none is elected.
    assert "Các đơn vị Hà Nam, Nam Định, Thái Bình bằng phiếu (4 phiếu) ở vị trí cuối" in text
    assert "Trúng cử" not in text and "bỏ phiếu lại giữa các đơn vị này" in text


def test_the_minutes_stay_vietnamese_under_an_english_interface(world, as_persona):
    round_ = ballot_round(world.year, state="closed")
    client = as_persona("viewer")
    client.post(reverse("set_language"), {"language": "en"})
    assert "Vote-count minutes" in client.get(_url(world.year, "scoring:round", round_.pk)).text
    text = _minutes(client, round_)
    assert "kiểm phiếu đề nghị tặng Cờ thi đua của Chính phủ" in text
    assert "quá nửa số đơn vị thành viên" in text
