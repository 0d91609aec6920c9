"""The organising council's view (issue 11): the central council's officer sees the Red River
Delta cluster's 2018 proposals with their letters and the round's minutes, and records the
council's outcome through the form the page renders; another council's officer gets 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from awards.models import CouncilOutcome
from clusters.models import AuditEvent, Council, CouncilOfficer
from tests.council.access_cases import COUNCIL_SLUG
from tests.council.builders import sent_proposal
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_councils_officer_reads_the_proposals_and_records_an_outcome(world, django_app):
    proposal = sent_proposal(world)
    page = django_app.get("/", user=world.council)
    page = page.click(href=f"^{reverse('council:council_detail', args=[COUNCIL_SLUG])}$")
    assert world.cluster.name in page.text and "2018" in page.text
    assert "Tây Nguyên" not in page.text  # another council's cluster

    page = page.click(href=f"^{reverse('council:proposals', args=[COUNCIL_SLUG])}$")
    (row,) = page.html.select("[data-testid=council-proposal]")
    assert "Cờ thi đua của Chính phủ" in row.text and "12/TTr-CTĐ" in row.text
    minutes = django_app.get(row.select_one("[data-testid=round-minutes]")["href"])
    assert minutes.content_type == "application/pdf" and minutes.body.startswith(b"%PDF")
    letter = django_app.get(row.select_one("[data-testid=proposal-letter]")["href"])
    assert letter.content_type == "application/pdf"

    form = page.click(href=reverse("council:outcome", args=[COUNCIL_SLUG, proposal.pk])).forms[
        "council-outcome-form"
    ]
    form["verdict"] = CouncilOutcome.Verdict.AGREED
    form["reference"] = "Biên bản họp Hội đồng Thi đua - Khen thưởng Trung ương ngày 15/4/2019"
    page = form.submit().follow()
    assert "Nhất trí, trình cấp có thẩm quyền khen thưởng" in page.text
    outcome = CouncilOutcome.objects.get(proposal=proposal)
    assert (outcome.verdict, outcome.recorded_by) == ("agreed", world.council)
    event = AuditEvent.objects.get(action="proposal.council_outcome")
    assert (event.actor, event.year) == (world.council, world.year)


def test_an_outcome_other_than_agreement_needs_its_reason_next_to_the_field(world, django_app):
    proposal = sent_proposal(world)
    url = reverse("council:outcome", args=[COUNCIL_SLUG, proposal.pk])
    form = django_app.get(url, user=world.council).forms["council-outcome-form"]
    form["verdict"] = CouncilOutcome.Verdict.MORE_NEEDED
    page = form.submit()
    assert page.status_code == 200
    note = page.html.select_one("#div_id_note").text
    assert "Hãy ghi rõ lý do hoặc những gì cần bổ sung." in note
    assert not CouncilOutcome.objects.exists()
    assert not AuditEvent.objects.filter(action="proposal.council_outcome").exists()


def test_a_correction_is_audited_with_what_changed(world, django_app):
    proposal = sent_proposal(world)
    url = reverse("council:outcome", args=[COUNCIL_SLUG, proposal.pk])
    for verdict, note in (("agreed", ""), ("not_agreed", "Chưa đủ điều kiện theo Điều 11.")):
        form = django_app.get(url, user=world.council).forms["council-outcome-form"]
        form["verdict"], form["note"] = verdict, note
        form.submit().follow()
    assert CouncilOutcome.objects.get().verdict == "not_agreed"
    latest = AuditEvent.objects.filter(action="proposal.council_outcome").first()
    assert latest.changes["verdict"] == [
        "Nhất trí, trình cấp có thẩm quyền khen thưởng",
        "Không nhất trí đề nghị",
    ]


def test_another_councils_officer_gets_404(world, django_app):
    proposal = sent_proposal(world)
    province = Council.objects.get(slug="hoi-dong-dak-lak")
    stranger = UserFactory(username="hoidongdaklak", unit=None)
    CouncilOfficer.objects.create(council=province, user=stranger)
    for url in (
        reverse("council:council_detail", args=[COUNCIL_SLUG]),
        reverse("council:proposals", args=[COUNCIL_SLUG]),
        reverse("council:outcome", args=[COUNCIL_SLUG, proposal.pk]),
        proposal.get_absolute_url(),
        world.year.get_absolute_url(),
    ):
        assert django_app.get(url, user=stranger, status="*").status_code == 404, url
    # Its own council's page lists its own cluster, not the central council's.
    page = django_app.get(reverse("council:council_detail", args=[province.slug]), user=stranger)
    assert "Tây Nguyên" in page.text and world.cluster.name not in page.text


def test_a_draft_has_not_reached_the_council(world, django_app):
    from tests.awards.proposal_builders import drafted

    draft = drafted(world)
    page = django_app.get(reverse("council:proposals", args=[COUNCIL_SLUG]), user=world.council)
    assert not page.html.select("[data-testid=council-proposal]")
    url = reverse("council:outcome", args=[COUNCIL_SLUG, draft.pk])
    assert django_app.get(url, user=world.council, status="*").status_code == 404


def test_the_councils_officer_changes_nothing_of_the_cluster(world, django_app):
    for name in ("clusters:year_edit", "scoring:criteria", "awards:decision_create"):
        url = reverse(name, args=[world.cluster.slug, world.year.year])
        assert django_app.get(url, user=world.council, status="*").status_code in (200, 403)
    url = reverse("clusters:year_edit", args=[world.cluster.slug, world.year.year])
    assert django_app.get(url, user=world.council, status="*").status_code == 403
    response = django_app.post(
        url, {"conference_place": "Hà Nội"}, user=world.council, status="*", xhr=False
    )
    assert response.status_code in (403,)  # CSRF or the access check: never saved
    world.year.refresh_from_db()
    assert world.year.conference_place != "Hà Nội"


def test_the_council_page_reads_the_same_queries_for_one_cluster_or_three(world, django_app):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import ClusterFactory, MembershipFactory, UnitFactory, YearFactory

    sent_proposal(world)
    url = reverse("council:council_detail", args=[COUNCIL_SLUG])

    def count() -> int:
        django_app.get(url, user=world.council)  # signs in; the next request is measured
        with CaptureQueriesContext(connection) as queries:
            page = django_app.get(url, user=world.council)
        assert page.status_code == 200
        return len(queries)

    one = count()
    for index in range(2):
        cluster = ClusterFactory(name=f"Khối thi đua số {index}", slug=f"khoi-{index}")
        for number in (2017, 2018):
            year = YearFactory(cluster=cluster, year=number)
            MembershipFactory(year=year, unit=UnitFactory(), role="head")
    assert count() == one
