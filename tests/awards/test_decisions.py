"""Decisions and recipients through their pages: what is saved, what is refused, and why."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse

from awards import services
from awards.models import Decision, Recipient
from clusters.models import EmulationYear
from clusters.services import Refused, YearClosedRefused
from tests.awards.helpers import award, decision_post_data, make_decision, make_recipient, url

pytestmark = pytest.mark.django_db


def test_secretariat_records_a_decision_with_a_day_first_date(world, as_persona):
    response = as_persona("secretariat").post(
        url("awards:decision_create", world), decision_post_data()
    )
    decision = Decision.objects.get()
    assert response["Location"] == decision.get_absolute_url()
    assert decision.date == datetime.date(2019, 3, 15) and decision.year == world.year
    assert decision.issuer == "Chủ tịch Ủy ban nhân dân tỉnh Hà Nam"


def test_new_decision_form_proposes_the_head_provinces_chairman(world, as_persona):
    text = as_persona("secretariat").get(url("awards:decision_create", world)).text
    assert "Chủ tịch Ủy ban nhân dân tỉnh Hà Nam" in text


def test_a_decision_without_number_is_refused_in_vietnamese(world, as_persona):
    response = as_persona("secretariat").post(
        url("awards:decision_create", world), decision_post_data(number="  ")
    )
    assert response.status_code == 200
    assert "Quyết định phải có số." in response.text
    assert not Decision.objects.exists()


def test_the_same_number_twice_in_a_year_is_refused(world, as_persona):
    make_decision(world.year, number="600/QĐ-UBND")
    response = as_persona("secretariat").post(
        url("awards:decision_create", world), decision_post_data(number="600/QĐ-UBND")
    )
    assert "Năm này đã có quyết định cùng số của cùng người ký." in response.text
    assert Decision.objects.count() == 1


def test_a_closed_year_refuses_every_change_in_the_services(world):
    decision = make_decision(world.year)
    recipient = make_recipient(decision)
    EmulationYear.objects.filter(pk=world.year.pk).update(phase=EmulationYear.Phase.CLOSED)
    actor = world.secretariat
    attempts = [
        lambda: services.decision_create(actor=actor, year=world.year, fields=decision_post_data()),
        lambda: services.decision_update(actor=actor, decision=decision, fields={"number": "1/QĐ"}),
        lambda: services.decision_delete(actor=actor, decision=decision),
        lambda: services.recipient_create(actor=actor, decision=decision, fields={"name": "B"}),
        lambda: services.recipient_update(actor=actor, recipient=recipient, fields={"name": "B"}),
        lambda: services.recipient_delete(actor=actor, recipient=recipient),
    ]
    for attempt in attempts:
        with pytest.raises(YearClosedRefused, match="đã tổng kết"):
            attempt()
    decision.refresh_from_db()
    recipient.refresh_from_db()
    assert decision.number == "568/QĐ-UBND" and recipient.name == "Nguyễn Văn A"
    assert Decision.objects.count() == 1 and Recipient.objects.count() == 1


def test_a_closed_year_answers_the_secretariat_with_a_message(world, as_persona):
    decision = make_decision(world.year)
    EmulationYear.objects.filter(pk=world.year.pk).update(phase=EmulationYear.Phase.CLOSED)
    client = as_persona("secretariat")
    response = client.post(
        url("awards:recipient_create", world, decision.pk),
        {"kind": "individual", "name": "Nguyễn Văn B", "award_type": award().pk},
        follow=True,
    )
    assert "Năm thi đua đã tổng kết" in response.text
    assert not decision.recipients.exists()
    response = client.post(url("awards:decision_delete", world, decision.pk), follow=True)
    assert "đã tổng kết" in response.text and Decision.objects.filter(pk=decision.pk).exists()
    # The pages still read, and offer no change.
    page = client.get(decision.get_absolute_url()).text
    assert url("awards:recipient_create", world, decision.pk) not in page


def test_secretariat_adds_edits_and_removes_recipients(world, as_persona):
    decision = make_decision(world.year)
    client = as_persona("secretariat")
    response = client.post(
        url("awards:recipient_create", world, decision.pk),
        {
            "kind": "individual",
            "name": "Đặng Thị Bích",
            "position": "Phó Trưởng ban",
            "organisation": "Ban Thi đua - Khen thưởng tỉnh Nam Định",
            "unit": world.nam_dinh.pk,
            "award_type": award().pk,
        },
    )
    assert response.status_code == 302
    recipient = decision.recipients.get()
    assert recipient.search_name == "dang thi bich" and recipient.unit == world.nam_dinh
    assert recipient.achievement_text == decision.achievement  # the decision's, by default
    client.post(
        url("awards:recipient_edit", world, decision.pk, recipient.pk),
        {"kind": "individual", "name": "Đặng Thị Bích Ngọc", "award_type": award().pk},
    )
    recipient.refresh_from_db()
    assert recipient.name == "Đặng Thị Bích Ngọc" and recipient.search_name == "dang thi bich ngoc"
    text = client.get(decision.get_absolute_url()).text
    assert "Đặng Thị Bích Ngọc" in text
    client.post(url("awards:recipient_delete", world, decision.pk, recipient.pk))
    assert not decision.recipients.exists()


def test_an_award_type_for_collectives_is_refused_for_a_person(world, as_persona):
    decision = make_decision(world.year)
    flag = award("co-thi-dua-cap-tinh")
    response = as_persona("secretariat").post(
        url("awards:recipient_create", world, decision.pk),
        {"kind": "individual", "name": "Nguyễn Văn A", "award_type": flag.pk},
    )
    assert "“Cờ thi đua cấp tỉnh” không dành cho cá nhân." in response.text
    assert not decision.recipients.exists()


def test_a_recipient_needs_a_name(world, as_persona):
    decision = make_decision(world.year)
    response = as_persona("secretariat").post(
        url("awards:recipient_create", world, decision.pk),
        {"kind": "collective", "name": "", "award_type": award().pk},
    )
    assert "Thiếu tên tập thể hoặc họ và tên." in response.text
    assert not decision.recipients.exists()


def test_a_unit_outside_the_year_is_not_offered(world, as_persona):
    decision = make_decision(world.year)
    response = as_persona("secretariat").post(
        url("awards:recipient_create", world, decision.pk),
        {"kind": "collective", "name": "X", "award_type": award().pk, "unit": world.other_unit.pk},
    )
    assert response.status_code == 200 and not decision.recipients.exists()


def test_another_clusters_decision_is_not_found_even_by_its_id(world, as_persona):
    theirs = make_decision(world.other_year)
    ours = reverse("awards:decision_detail", args=[world.cluster.slug, 2018, theirs.pk])
    assert as_persona("secretariat").get(ours).status_code == 404
    # and a recipient of another decision cannot be reached through ours
    mine = make_decision(world.year)
    stranger = make_recipient(theirs)
    edit = url("awards:recipient_edit", world, mine.pk, stranger.pk)
    assert as_persona("secretariat").get(edit).status_code == 404


def test_viewer_reads_the_decision_without_change_buttons(world, as_persona):
    decision = make_decision(world.year)
    make_recipient(decision, "Nguyễn Văn A")
    make_recipient(decision, "Ban Thi đua - Khen thưởng tỉnh Nam Định", kind="collective")
    text = as_persona("viewer").get(decision.get_absolute_url()).text
    assert "Nguyễn Văn A" in text and "Ban Thi đua - Khen thưởng tỉnh Nam Định" in text
    assert url("awards:recipients_import", world, decision.pk) not in text
    listing = as_persona("viewer").get(url("awards:year_awards", world)).text
    assert "568/QĐ-UBND" in listing


def test_deleting_a_decision_removes_its_recipients(world, as_persona):
    decision = make_decision(world.year)
    make_recipient(decision)
    response = as_persona("secretariat").post(url("awards:decision_delete", world, decision.pk))
    assert response["Location"] == url("awards:year_awards", world)
    assert not Decision.objects.exists() and not Recipient.objects.exists()


def test_refused_writes_change_nothing(world, as_persona):
    decision = make_decision(world.year)
    recipient = make_recipient(decision)
    for persona in ("own", "viewer", "outsider"):
        client = as_persona(persona)
        client.post(url("awards:decision_delete", world, decision.pk))
        client.post(url("awards:recipient_delete", world, decision.pk, recipient.pk))
        client.post(url("awards:decision_edit", world, decision.pk), decision_post_data())
    decision.refresh_from_db()
    assert decision.number == "568/QĐ-UBND" and decision.recipients.count() == 1


def test_services_validate_the_model(world):
    with pytest.raises(Refused) as refused:
        services.decision_create(
            actor=world.secretariat, year=world.year, fields=decision_post_data(number="")
        )
    assert (refused.value.field, refused.value.message) == ("number", "Quyết định phải có số.")
    assert not Decision.objects.exists()


def test_year_dashboard_links_to_awards_and_reminds_the_head_at_the_conference(world, as_persona):
    EmulationYear.objects.filter(pk=world.year.pk).update(phase=EmulationYear.Phase.CONFERENCE)
    text = (
        as_persona("own").get(reverse("clusters:year_detail", args=[world.cluster.slug, 2018])).text
    )
    assert url("awards:year_awards", world) in text
    assert text.count("Nhập quyết định khen thưởng của Cụm trưởng") == 1
    make_decision(world.year)
    # make_decision writes without a service, so no audit event moves the year's data version
    # that keys the dashboard's cached table (clusters/dashboard_table.py): forget it by hand.
    cache.clear()
    text = (
        as_persona("own").get(reverse("clusters:year_detail", args=[world.cluster.slug, 2018])).text
    )
    assert "Nhập quyết định khen thưởng của Cụm trưởng" not in text


def test_a_new_decision_names_the_head_units_chairman_by_its_kind(world):
    from awards.documents import decision_initial

    assert decision_initial(world.year)["issuer"] == "Chủ tịch Ủy ban nhân dân tỉnh Hà Nam"
    world.ha_nam.kind = "city"
    world.ha_nam.name = "Hải Phòng"
    world.ha_nam.save()
    assert decision_initial(world.year)["issuer"] == "Chủ tịch Ủy ban nhân dân thành phố Hải Phòng"
