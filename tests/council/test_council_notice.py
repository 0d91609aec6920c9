"""The council hears of a proposal when the cluster sends it (issue 11): every active officer of
the cluster's council gets a notice in the app and, if they take them, an e-mail through a real
SMTP server (tests/smtp.py), linking to the council's proposals; and the cluster's own proposal
page shows the council's outcome, read-only, once the council has recorded it."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from awards import services
from awards.models import CouncilOutcome
from clusters.models import Council, CouncilOfficer, Notification
from tests.awards.proposal_builders import drafted
from tests.council.access_cases import COUNCIL_SLUG
from tests.council.builders import sent_proposal
from tests.factories import UserFactory
from tests.smtp import SMTPServer

pytestmark = pytest.mark.django_db

PROPOSALS = reverse("council:proposals", args=[COUNCIL_SLUG])


def _numbered(world):
    proposal = drafted(world)
    services.proposal_update(
        actor=world.secretariat,
        proposal=proposal,
        fields={"number": "12/TTr-CTĐ", "date": datetime.date(2019, 3, 20)},
    )
    return proposal


def test_sending_a_proposal_notifies_the_councils_officers(
    world, django_app, smtp_server, django_capture_on_commit_callbacks
):
    central = Council.objects.get(slug=COUNCIL_SLUG)
    world.council.email = "hoidong@example.vn"
    world.council.save(update_fields=["email"])
    quiet = UserFactory(username="hdkhongthu", unit=None, email="hd2@example.vn")
    quiet.email_notifications = False
    quiet.save(update_fields=["email_notifications"])
    gone = UserFactory(username="hdnghiviec", unit=None, email="hd3@example.vn", is_active=False)
    stranger = UserFactory(username="hddaklak", unit=None, email="hd4@example.vn")
    for person in (quiet, gone):
        CouncilOfficer.objects.create(council=central, user=person)
    CouncilOfficer.objects.create(
        council=Council.objects.get(slug="hoi-dong-dak-lak"), user=stranger
    )
    proposal = _numbered(world)

    page = django_app.get(proposal.get_absolute_url(), user=world.secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        page.forms["proposal-send-form"].submit().follow()

    notices = Notification.objects.filter(event="proposal_arrived")
    assert sorted(notices.values_list("recipient__username", flat=True)) == [
        "hdkhongthu",
        "hoidong",
    ]
    notice = notices.get(recipient=world.council)
    assert (notice.url, notice.year) == (PROPOSALS, world.year)
    assert "Cụm thi đua các tỉnh Đồng bằng sông Hồng đã gửi tờ trình số 12/TTr-CTĐ" in notice.text
    assert "Cờ thi đua của Chính phủ năm 2018" in notice.text
    # The cluster's own people are not told of their own sending.
    assert not Notification.objects.filter(event="proposal_arrived", recipient__unit__isnull=False)

    # One e-mail: the officer who opted out has the bell only.
    assert [m["To"] for m in smtp_server.messages] == ["hoidong@example.vn"]
    message = smtp_server.messages[0]
    assert "Tờ trình mới gửi đến hội đồng" in message["Subject"]
    assert "https://thidua.example.vn" + PROPOSALS in SMTPServer.body(message)

    # The notice leads the officer to the proposal on the council's page.
    bell = django_app.get(reverse("clusters:notices"), user=world.council)
    assert "12/TTr-CTĐ" in bell.text
    page = django_app.get(PROPOSALS, user=world.council)
    assert "12/TTr-CTĐ" in page.html.select_one("[data-testid=council-proposal]").text


def test_the_proposal_page_shows_the_councils_outcome_once_recorded(world, django_app):
    proposal = sent_proposal(world)
    url = proposal.get_absolute_url()
    page = django_app.get(url, user=world.secretariat)
    assert page.html.select_one("[data-testid=council-outcome]") is None

    outcome_url = reverse("council:outcome", args=[COUNCIL_SLUG, proposal.pk])
    form = django_app.get(outcome_url, user=world.council).forms["council-outcome-form"]
    form["verdict"] = CouncilOutcome.Verdict.MORE_NEEDED
    form["reference"] = "Biên bản họp Hội đồng ngày 15/4/2019"
    form["note"] = "Bổ sung báo cáo thành tích của đơn vị."
    form.submit().follow()

    for person in (world.secretariat, world.own, world.viewer):
        section = django_app.get(url, user=person).html.select_one("[data-testid=council-outcome]")
        assert section is not None, person
        text = section.get_text(" ", strip=True)
        assert "Hội đồng Thi đua - Khen thưởng Trung ương" in text
        assert "Đề nghị bổ sung, hoàn thiện hồ sơ" in text
        assert "Biên bản họp Hội đồng ngày 15/4/2019" in text
        assert "Bổ sung báo cáo thành tích của đơn vị." in text
        assert f"Ghi nhận bởi {world.council.full_name}" in text
        # Read-only: the page offers no form of the council's.
        assert "council-outcome-form" not in django_app.get(url, user=person).forms


def test_a_cluster_without_a_council_sends_without_notices(world, django_app):
    world.cluster.council = None
    world.cluster.save(update_fields=["council"])
    proposal = _numbered(world)
    page = django_app.get(proposal.get_absolute_url(), user=world.secretariat)
    page = page.forms["proposal-send-form"].submit().follow()
    assert page.html.select_one("[data-testid=proposal-state]").text == "Đã gửi"
    assert not Notification.objects.filter(event="proposal_arrived").exists()
