"""The right of reply (scoring/reply.py): an adjustment gives the unit until its answer deadline;
the unit is told at once; finalising waits for the deadline unless the unit waives its answer;
after the deadline the adjustment stands and its history says why."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from clusters import notifications
from clusters.models import AuditEvent, Notification
from clusters.services import Refused
from scoring import reply, services
from scoring.models import Adjustment, Assessment, Score
from tests.scoring.builders import make_sheet, open_self_assessment, submitted
from tests.smtp import SMTPServer

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")
# 10/01/2019 09:00 in Vietnam: the demo's day of adjustments.
ADJUSTED_AT = datetime.datetime(2019, 1, 10, 9, 0, tzinfo=VN)


@pytest.fixture
def criteria(world):
    made = make_sheet(world.year)
    open_self_assessment(world.year)
    return made


@pytest.fixture
def sheet(world, criteria):
    with time_machine.travel(ADJUSTED_AT - datetime.timedelta(days=5), tick=False):
        return submitted(world.year, world.nam_dinh, world.own, criteria)


def _adjust(world, sheet, criteria, code="I.1", points="7"):
    with time_machine.travel(ADJUSTED_AT, tick=False):
        return services.adjustment_create(
            actor=world.secretariat,
            assessment=sheet,
            criterion=criteria[code],
            new_points=points,
            reason="Chưa đạt chỉ tiêu",
        )


def _at(day: int, hour: int = 10, minute: int = 0, second: int = 0):
    return time_machine.travel(
        datetime.datetime(2019, 1, day, hour, minute, second, tzinfo=VN), tick=False
    )


def _snapshot():
    return (
        list(Adjustment.objects.values()),
        list(Adjustment.history.values_list("history_id", flat=True)),
        list(Score.objects.values_list("pk", "points")),
        list(Assessment.objects.values_list("pk", "state", "version", "final_total")),
        AuditEvent.objects.count(),
        Notification.objects.count(),
    )


def _sheet_url(world):
    return reverse("scoring:sheet", args=[world.cluster.slug, world.year.year, world.nam_dinh.slug])


# --- the rule, without a database ------------------------------------------------------------


@pytest.mark.parametrize(
    "outcome, answered, waived, due_offset, expected",
    [
        ("pending", False, False, datetime.timedelta(hours=1), reply.OPEN),
        ("pending", False, False, datetime.timedelta(0), reply.OPEN),  # the deadline's last instant
        ("pending", False, False, -datetime.timedelta(seconds=1), reply.EXPIRED),
        ("pending", False, False, None, reply.EXPIRED),  # made before deadlines were kept
        ("pending", True, False, datetime.timedelta(hours=1), reply.ANSWERED),
        ("pending", False, True, datetime.timedelta(hours=1), reply.WAIVED),
        ("kept", False, False, datetime.timedelta(hours=1), reply.CONCLUDED),
        ("withdrawn", True, False, -datetime.timedelta(days=1), reply.CONCLUDED),
    ],
)
def test_reply_state(outcome, answered, waived, due_offset, expected):
    now = datetime.datetime(2019, 1, 12, 8, 0, tzinfo=VN)
    due = None if due_offset is None else now + due_offset
    state = reply.reply_state(
        outcome=outcome, answered=answered, waived=waived, answer_due=due, now=now
    )
    assert state == expected
    assert reply.waits_for_unit(state) == (expected == reply.OPEN)


# --- services --------------------------------------------------------------------------------


def test_an_adjustment_has_its_deadline_and_the_unit_is_told_at_once(
    world, sheet, criteria, smtp_server, django_capture_on_commit_callbacks
):
    world.own.email = "namdinh@example.vn"
    world.own.save(update_fields=["email"])
    world.year.answer_days = 5
    world.year.save(update_fields=["answer_days"])
    with django_capture_on_commit_callbacks(execute=True):
        adjustment = _adjust(world, sheet, criteria)
    # 10/01 + 5 days, to the end of 15/01 in Vietnam.
    assert adjustment.answer_due.astimezone(VN).date() == datetime.date(2019, 1, 15)
    assert adjustment.answer_due.astimezone(VN).time() >= datetime.time(23, 59, 59)
    notice = Notification.objects.get(event="adjusted")
    assert notice.recipient == world.own  # Nam Định's officer, not its read-only leader
    assert notice.url == _sheet_url(world)
    assert notice.text == (
        "Điểm tiêu chí I.1 của Nam Định năm 2018 được điều chỉnh từ 9 thành 7. "
        "Hạn giải trình: hết ngày 15/01/2019."
    )
    [message] = smtp_server.messages
    assert message["To"] == "namdinh@example.vn"
    assert "Điểm của đơn vị được điều chỉnh, đề nghị giải trình" in message["Subject"]
    body = SMTPServer.body(message)
    assert "hết ngày 15/01/2019" in body
    assert "https://thidua.example.vn" + _sheet_url(world) in body


def test_finalising_before_the_deadline_is_refused_and_changes_nothing(world, sheet, criteria):
    _adjust(world, sheet, criteria)
    before = _snapshot()
    with _at(17, 23, 59), pytest.raises(Refused) as refused:
        services.assessment_finalise(actor=world.secretariat, assessment=sheet)
    assert refused.value.message == (
        "Chưa hết hạn giải trình: Nam Định được giải trình điều chỉnh tiêu chí I.1 đến hết ngày "
        "17/01/2019. Bảng điểm hoàn tất được sau hạn đó, hoặc khi đơn vị xác nhận không giải "
        "trình."
    )
    assert _snapshot() == before


def test_keeping_an_unanswered_adjustment_before_the_deadline_is_refused(world, sheet, criteria):
    adjustment = _adjust(world, sheet, criteria)
    before = _snapshot()
    with _at(12), pytest.raises(Refused, match="còn được giải trình đến hết ngày 17/01/2019"):
        services.adjustment_resolve(actor=world.secretariat, adjustment=adjustment, keep=True)
    assert _snapshot() == before
    # Withdrawing favours the unit: it needs no answer.
    with _at(12):
        services.adjustment_resolve(actor=world.secretariat, adjustment=adjustment, keep=False)
    adjustment.refresh_from_db()
    assert adjustment.outcome == Adjustment.Outcome.WITHDRAWN


def test_a_waiver_lets_the_sheet_be_finalised_before_the_deadline(world, sheet, criteria):
    adjustment = _adjust(world, sheet, criteria)
    with _at(11):
        services.adjustment_waive(actor=world.own, adjustment=adjustment)
    adjustment.refresh_from_db()
    assert adjustment.waived_by == world.own and adjustment.reply == reply.WAIVED
    assert Assessment.objects.get(pk=sheet.pk).state == Assessment.State.ANSWERED
    waived = AuditEvent.objects.get(action="adjustment.waive")
    assert waived.actor == world.own and waived.summary == "Tiêu chí I.1: đơn vị không giải trình."
    assert adjustment.history.first().history_change_reason == "Đơn vị không giải trình"
    # Waived once: no answer, no second waiver.
    with _at(11), pytest.raises(Refused, match="đã xác nhận không giải trình"):
        services.adjustment_answer(actor=world.own, adjustment=adjustment, answer="Muộn")
    with _at(11), pytest.raises(Refused, match="đã xác nhận không giải trình"):
        services.adjustment_waive(actor=world.own, adjustment=adjustment)
    with _at(11):
        final = services.assessment_finalise(actor=world.secretariat, assessment=sheet)
    assert final.state == Assessment.State.FINALISED
    adjustment.refresh_from_db()
    assert adjustment.outcome == Adjustment.Outcome.KEPT
    assert adjustment.history.first().history_change_reason == (
        "Giữ khi hoàn tất: đơn vị không giải trình"
    )


def test_after_the_deadline_the_adjustment_stands_and_its_history_says_why(world, sheet, criteria):
    adjustment = _adjust(world, sheet, criteria)
    with _at(18, 0, 0, 1), pytest.raises(Refused, match="Đã hết hạn giải trình"):
        services.adjustment_answer(actor=world.own, adjustment=adjustment, answer="Quá hạn")
    with _at(18, 0, 0, 1):
        final = services.assessment_finalise(actor=world.secretariat, assessment=sheet)
    assert final.state == Assessment.State.FINALISED
    assert final.final_total == D("41.5")  # 7 + 18.5 + min(9 + 8, 15) + 2 − 1
    adjustment.refresh_from_db()
    assert adjustment.outcome == Adjustment.Outcome.KEPT
    last = adjustment.history.first()
    assert last.history_change_reason == "Giữ khi hoàn tất: hết hạn giải trình"
    event = AuditEvent.objects.get(action="assessment.finalise")
    assert "Giữ các điều chỉnh đã hết hạn giải trình: I.1." in event.summary


def test_an_answer_before_the_deadline_still_waits_for_the_conclusion(world, sheet, criteria):
    adjustment = _adjust(world, sheet, criteria)
    with _at(17, 23, 59):
        services.adjustment_answer(actor=world.own, adjustment=adjustment, answer="Đã đạt")
    with _at(20), pytest.raises(Refused, match="chưa có kết luận"):
        services.assessment_finalise(actor=world.secretariat, assessment=sheet)
    with _at(20):
        services.adjustment_resolve(actor=world.secretariat, adjustment=adjustment, keep=True)
        services.assessment_finalise(actor=world.secretariat, assessment=sheet)
    assert Assessment.objects.get(pk=sheet.pk).is_finalised


def test_finalising_tells_the_unit(world, sheet, criteria):
    with _at(20):
        services.assessment_finalise(actor=world.secretariat, assessment=sheet)
    notice = Notification.objects.get(event="sheet_finalised")
    assert notice.recipient == world.own and notice.url == _sheet_url(world)
    assert notice.text == "Bảng điểm năm 2018 của Nam Định đã hoàn tất: 43,5 điểm."


def test_answers_due_within_lists_what_the_reminders_send(world, sheet, criteria):
    first = _adjust(world, sheet, criteria, "I.1", "7")
    second = _adjust(world, sheet, criteria, "II.1", "6")
    with _at(11):
        services.adjustment_answer(actor=world.own, adjustment=second, answer="Đã đạt")
    now = datetime.datetime(2019, 1, 15, 8, 0, tzinfo=VN)
    assert list(reply.answers_due_within(3, now)) == [first]  # due 17/01, answered one left out
    assert list(reply.answers_due_within(1, now)) == []
    assert list(reply.answers_due_within(3, now, year=world.other_year)) == []
    # The query says what the rule says: only the unanswered one is still open at `now`.
    assert list(Adjustment.objects.filter(reply.awaiting_answer(now))) == [first]
    states = [a.reply_at(now) for a in Adjustment.objects.order_by("pk")]
    assert states == [reply.OPEN, reply.ANSWERED]
    later = datetime.datetime(2019, 1, 18, 8, 0, tzinfo=VN)
    assert list(reply.answers_due_within(3, later)) == []  # past its deadline


# --- pages -----------------------------------------------------------------------------------


def _errors(page) -> list[str]:
    return [node.text.strip() for node in page.html.select(".alert-danger")]


def _successes(page) -> list[str]:
    return [node.text.strip() for node in page.html.select(".alert-success")]


def test_the_unit_opens_its_notice_from_the_bell_and_waives_its_answer(
    world, sheet, criteria, django_app
):
    adjustment = _adjust(world, sheet, criteria)
    with _at(11):
        home = django_app.get(reverse("clusters:notices"), user=world.own)
        assert home.html.select_one("[data-testid=bell-count]").text.startswith("1")
        [item] = home.html.select("[data-testid=notice]")
        assert "Hạn giải trình: hết ngày 17/01/2019" in item.text
        page = home.forms[f"notice-open-{Notification.objects.get().pk}"].submit()
        assert page.status_code == 302 and page["Location"] == _sheet_url(world)
        page = page.follow()
        assert page.html.select_one("[data-testid=bell-count]") is None  # read
        state = page.html.select_one("[data-testid=reply-state]")
        assert state["data-reply"] == "open" and "hết ngày 17/01/2019" in state.text
        waive = page.forms[f"waive-{adjustment.pk}"]
        form_node = page.html.select_one(f"#waive-{adjustment.pk}")
        assert "không còn giải trình được" in form_node["data-confirm"]
        page = waive.submit().follow()
    assert "Đã xác nhận đơn vị không giải trình điều chỉnh này." in _successes(page)
    adjustment.refresh_from_db()
    assert adjustment.waived_by == world.own
    assert f"answer-{adjustment.pk}" not in page.forms
    assert page.html.select_one("[data-testid=reply-state]")["data-reply"] == "waived"


def test_finalise_button_is_refused_before_the_deadline_and_works_after(
    world, sheet, criteria, django_app
):
    _adjust(world, sheet, criteria)
    with _at(15):
        page = django_app.get(_sheet_url(world), user=world.secretariat)
        assert "Hoàn tất bảng điểm?" in page.html.select_one("#finalise-form")["data-confirm"]
        page = page.forms["finalise-form"].submit().follow()
    assert any("Chưa hết hạn giải trình" in text for text in _errors(page))
    assert Assessment.objects.get(pk=sheet.pk).state == Assessment.State.UNDER_REVIEW
    with _at(18):
        page = django_app.get(_sheet_url(world), user=world.secretariat)
        assert page.html.select_one("[data-testid=reply-state]")["data-reply"] == "expired"
        page = page.forms["finalise-form"].submit().follow()
    assert "Đã hoàn tất bảng điểm của Nam Định." in _successes(page)
    assert Assessment.objects.get(pk=sheet.pk).is_finalised


def test_only_the_units_own_officer_waives(world, sheet, criteria, as_persona):
    adjustment = _adjust(world, sheet, criteria)
    url = reverse(
        "scoring:waive",
        args=[world.cluster.slug, world.year.year, world.nam_dinh.slug, adjustment.pk],
    )
    with _at(11):
        assert as_persona("secretariat").post(url).status_code == 403
        assert as_persona("viewer").post(url).status_code == 403
        assert as_persona("other").post(url).status_code == 403
        assert as_persona("outsider").post(url).status_code == 404
    adjustment.refresh_from_db()
    assert adjustment.waived_at is None
    assert timezone.now() > adjustment.answer_due  # the test's own clock is back to today


def test_the_daily_run_puts_an_answer_due_notice_on_the_bell_once(
    world, sheet, criteria, smtp_server, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    world.own.email = "namdinh@example.vn"
    world.own.save(update_fields=["email"])
    adjustment = _adjust(world, sheet, criteria)  # due by the end of 17/01/2019
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", "--date", "2019-01-12", stdout=io.StringIO())
    assert not Notification.objects.filter(event="answer_due").exists()  # 5 days away
    for day in ("2019-01-15", "2019-01-16"):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_reminders", "--date", day, stdout=io.StringIO())
    [notice] = Notification.objects.filter(event="answer_due")  # once, not every day
    assert notice.recipient == world.own and notice.url == _sheet_url(world)
    assert notice.params["adjustment"] == str(adjustment.pk)
    assert notice.text == (
        "Hạn giải trình điều chỉnh điểm tiêu chí I.1 của Nam Định: hết ngày 17/01/2019."
    )
    # On the bell only: the day's digest is the e-mail that says it.
    assert not notice.by_email
    assert "Sắp đến hạn giải trình" not in " ".join(m["Subject"] for m in smtp_server.messages)
    assert notice not in notifications.unsent_emails(notice.created_at)


def test_a_bell_only_notice_is_never_emailed(world, smtp_server):
    from django.db import transaction

    world.own.email = "namdinh@example.vn"
    world.own.save(update_fields=["email"])
    with transaction.atomic():
        notifications.notify(
            event="covenant_open", year=world.year, units=[world.nam_dinh], url="/", email=False
        )
    notice = Notification.objects.get()
    assert notifications.retry_unsent_emails() == 0
    assert notifications.send_notification_email.call(notice.pk) == "skipped"
    assert smtp_server.messages == []
