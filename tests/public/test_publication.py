"""Publishing and withdrawing a closed year, from the forms the year page and the publication
page render (django-webtest), each an audited service; refusals show next to their field."""

from __future__ import annotations

import pytest
from django.urls import reverse

from clusters import publication
from clusters.models import AuditEvent, EmulationYear
from clusters.services import Refused
from tests.campaigns.pages import field_errors, messages_of
from tests.public.helpers import closed, public_url

pytestmark = pytest.mark.django_db


def _year_page(w):
    return reverse("clusters:year_detail", args=[w.cluster.slug, w.year.year])


def _publication_page(w):
    return reverse("public:publication", args=[w.cluster.slug, w.year.year])


def _events(w, action):
    return list(AuditEvent.objects.filter(year=w.year, action=action).select_related("actor"))


def test_the_secretariat_publishes_from_the_year_page_and_withdraws_with_a_reason(
    django_app, world
):
    closed(world)
    assert django_app.get(public_url(world), expect_errors=True).status_code == 404

    page = django_app.get(_year_page(world), user=world.secretariat)
    assert "Chưa công khai." in page.text
    form = page.forms["publish-form"]
    form["confirm"] = True
    done = form.submit().follow()
    assert "Đã công khai kết quả năm thi đua 2018." in messages_of(done)
    world.year.refresh_from_db()
    assert world.year.published_at is not None and world.year.published_by == world.secretariat
    (event,) = _events(world, "year.publish")
    assert event.actor == world.secretariat and event.unit_id == world.ha_nam.pk
    # Anyone reads it now, and the publication page links to it.
    assert django_app.get(public_url(world)).status_code == 200
    assert done.html.select_one("[data-testid=public-link]")["href"] == public_url(world)

    form = done.forms["unpublish-form"]
    form["reason"] = "Quyết định khen thưởng cần đính chính."
    after = form.submit().follow()
    assert "Đã thu hồi công khai" in messages_of(after)
    world.year.refresh_from_db()
    assert world.year.published_at is None
    (event,) = _events(world, "year.unpublish")
    assert event.summary == "Quyết định khen thưởng cần đính chính."
    assert django_app.get(public_url(world), expect_errors=True).status_code == 404
    # The page keeps the history of both.
    history = after.html.select_one("[data-testid=publication-history]").get_text(" ")
    assert "Thu hồi công khai" in history and "Công khai kết quả" in history


def test_publishing_unconfirmed_or_withdrawing_without_a_reason_is_refused_at_the_field(
    django_app, world
):
    closed(world)
    page = django_app.get(_publication_page(world), user=world.secretariat)
    refused = page.forms["publish-form"].submit()
    assert refused.status_code == 200
    assert "Hãy đánh dấu ô xác nhận" in field_errors(refused, "confirm")
    world.year.refresh_from_db()
    assert world.year.published_at is None and not _events(world, "year.publish")

    publication.year_publish(actor=world.secretariat, year=world.year)
    page = django_app.get(_publication_page(world), user=world.secretariat)
    form = page.forms["unpublish-form"]
    form["reason"] = "   "
    refused = form.submit()
    assert "Hãy ghi lý do thu hồi công khai." in field_errors(refused, "reason")
    world.year.refresh_from_db()
    assert world.year.published_at is not None and not _events(world, "year.unpublish")


def test_an_open_year_offers_no_form_and_a_forged_request_is_refused(django_app, world):
    page = django_app.get(_publication_page(world), user=world.secretariat)
    assert "Chỉ công khai được năm thi đua đã tổng kết." in page.text
    assert "publish-form" not in page.forms
    # The year page of an open year shows no publication panel at all.
    assert "publication" not in django_app.get(_year_page(world), user=world.secretariat).text
    csrf = page.forms[0]["csrfmiddlewaretoken"].value if page.forms else None
    response = django_app.post(
        _publication_page(world),
        {"action": "publish", "confirm": "on", **({"csrfmiddlewaretoken": csrf} if csrf else {})},
        user=world.secretariat,
    ).follow()
    assert "Chỉ công khai được năm thi đua đã tổng kết." in messages_of(response)
    world.year.refresh_from_db()
    assert world.year.published_at is None and not _events(world, "year.publish")


def test_the_services_refuse_a_year_not_closed_and_twice_the_same_move(world):
    with pytest.raises(Refused, match="đã tổng kết"):
        publication.year_publish(actor=world.secretariat, year=world.year)
    closed(world)
    with pytest.raises(Refused, match="chưa được công khai"):
        publication.year_unpublish(actor=world.secretariat, year=world.year, reason="x")
    publication.year_publish(actor=world.secretariat, year=world.year)
    with pytest.raises(Refused, match="đã được công khai"):
        publication.year_publish(actor=world.secretariat, year=world.year)
    assert EmulationYear.objects.get(pk=world.year.pk).published_at is not None
    assert len(_events(world, "year.publish")) == 1


def test_only_the_secretariat_sees_the_panel_on_the_year_page(django_app, world):
    closed(world)
    assert "publish-form" in django_app.get(_year_page(world), user=world.secretariat).forms
    assert "publish-form" not in django_app.get(_year_page(world), user=world.own).forms
