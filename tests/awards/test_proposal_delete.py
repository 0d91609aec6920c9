"""A draft proposal letter can be deleted (withdrawn) from its page; a sent one stays."""

import pytest
from django.urls import reverse

from awards import services
from awards.models import Proposal
from clusters.models import AuditEvent
from clusters.services import Refused
from tests.awards.proposal_builders import drafted

pytestmark = pytest.mark.django_db


def _numbered(proposal: Proposal) -> Proposal:
    return services.proposal_update(
        actor=None, proposal=proposal, fields={"number": "12/TTr-CTĐ", "date": "2019-03-20"}
    )


def test_the_secretariat_deletes_a_draft_from_its_page(world, django_app):
    proposal = drafted(world)
    page = django_app.get(proposal.get_absolute_url(), user=world.secretariat)
    form = page.forms["proposal-delete-form"]
    assert "không hoàn tác được" in form.html.find("form")["data-confirm"]
    response = form.submit()
    assert response["Location"] == reverse("awards:year_awards", args=[world.cluster.slug, 2018])
    assert "Đã xóa dự thảo tờ trình." in response.follow().text
    assert not Proposal.objects.exists()
    event = AuditEvent.objects.get(action="proposal.delete")
    assert event.actor == world.secretariat and event.year == world.year
    assert "Cờ thi đua của Chính phủ" in event.summary and "1 đơn vị" in event.summary
    # The round's result is still there: the letter can be drafted again.
    again = services.proposal_draft_from_round(
        actor=world.secretariat, ballot_round=proposal.ballot_round
    )
    assert again.is_draft


def test_a_letter_sent_after_the_page_was_shown_is_not_deleted(world, django_app):
    proposal = drafted(world)
    form = django_app.get(proposal.get_absolute_url(), user=world.secretariat).forms[
        "proposal-delete-form"
    ]
    services.proposal_send(actor=world.secretariat, proposal=_numbered(proposal))
    page = form.submit().follow()
    assert "Tờ trình đã gửi, không xóa được." in page.text
    assert Proposal.objects.get().state == Proposal.State.SENT
    assert not AuditEvent.objects.filter(action="proposal.delete").exists()


def test_a_sent_letter_offers_no_delete(world, django_app):
    proposal = drafted(world)
    services.proposal_send(actor=world.secretariat, proposal=_numbered(proposal))
    page = django_app.get(proposal.get_absolute_url(), user=world.secretariat)
    assert "proposal-delete-form" not in page.forms
    with pytest.raises(Refused):
        services.proposal_delete(actor=world.secretariat, proposal=proposal)
    assert Proposal.objects.count() == 1


def test_a_year_closed_after_the_page_was_shown_keeps_its_drafts(world, django_app):
    proposal = drafted(world)
    form = django_app.get(proposal.get_absolute_url(), user=world.secretariat).forms[
        "proposal-delete-form"
    ]
    world.year.phase = "closed"
    world.year.save()
    page = form.submit().follow()
    assert "không thể sửa đổi" in page.text
    assert "proposal-delete-form" not in page.forms  # a closed year offers no delete
    assert Proposal.objects.count() == 1
    assert not AuditEvent.objects.filter(action="proposal.delete").exists()
