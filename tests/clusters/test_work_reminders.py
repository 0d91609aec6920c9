"""`manage.py send_reminders`: one digest per person of what is overdue or due soon, from their
page of work; opted-out people skipped; sent through a real SMTP server (tests/smtp.py)."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clusters.models import EmulationYear, PhaseWindow, User
from tests.campaigns.helpers import national_campaign
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

Phase = EmulationYear.Phase


def _run(*args: str) -> str:
    out = StringIO()
    call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


def _due(world, phase, due_on):
    PhaseWindow.objects.update_or_create(
        year=world.year,
        phase=phase,
        defaults={"opens_on": datetime.date(2018, 1, 1), "due_on": due_on},
    )


@pytest.fixture
def addresses(world):
    for person in (world.own, world.other, world.secretariat, world.granted):
        person.email = f"{person.username}@example.vn"
        person.save(update_fields=["email"])


def test_dry_run_prints_each_persons_digest_and_sends_nothing(world, addresses, mailoutbox):
    _due(world, Phase.COVENANT, datetime.date(2018, 9, 20))  # the representative: overdue
    campaign = national_campaign(world)
    _due(world, Phase.IN_PROGRESS, datetime.date(2018, 10, 3))  # the reports: in two days
    out = _run("--dry-run", "--date", "2018-10-01")
    assert mailoutbox == []
    block = out[out.index("== namdinh <namdinh@example.vn> (Nam Định)") :]
    block = block[: block.index("\n== ")] if "\n== " in block else block
    assert "Đã quá hạn:" in block and "Khai báo người đại diện ký giao ước (hạn 20/09/2018" in block
    assert "Đến hạn trong 3 ngày tới:" in block
    assert f"Báo cáo kết quả phong trào “{campaign.title}” (hạn 03/10/2018" in block
    edit = reverse(
        "campaigns:report_edit", args=[world.cluster.slug, 2018, campaign.pk, "nam-dinh"]
    )
    assert edit in block
    # One digest per person: Nam Định's officer once; the viewer (a leader) never.
    assert out.count("== namdinh ") == 1 and "== lanhdao" not in out
    assert "chạy thử, chưa gửi" in out.splitlines()[-1]


def test_nothing_due_within_the_days_ahead_sends_nothing(world, addresses, settings, mailoutbox):
    settings.REMINDER_DAYS_AHEAD = 1
    national_campaign(world)
    _due(world, Phase.IN_PROGRESS, datetime.date(2018, 10, 3))
    _due(world, Phase.COVENANT, datetime.date(2018, 12, 1))
    out = _run("--dry-run", "--date", "2018-10-01")
    assert "== namdinh" not in out
    assert "== namdinh" in _run("--dry-run", "--date", "2018-10-02")


def test_reminders_go_out_through_smtp_one_per_person_respecting_opt_out(
    world, addresses, smtp_server
):
    _due(world, Phase.COVENANT, datetime.date(2018, 9, 20))
    User.objects.filter(pk=world.other.pk).update(email_notifications=False)
    out = _run("--date", "2018-10-01")
    received = {
        tuple(message["To"].addresses)[0].addr_spec: message for message in smtp_server.messages
    }
    # Every member lacks a representative; Thái Bình's officer turned e-mail off.
    assert set(received) == {"namdinh@example.vn", "hanam@example.vn", "haiduong@example.vn"}
    message = received["namdinh@example.vn"]
    assert "Nhắc việc" in message["Subject"]
    body = smtp_server.body(message)
    edit = reverse("clusters:representative_edit", args=[world.cluster.slug, 2018, "nam-dinh"])
    assert f"https://thidua.example.vn{edit}" in body and "Kính gửi" in body
    assert "1 người không nhận e-mail" in out


def test_a_run_reads_each_years_work_once_not_once_per_officer(world, addresses):
    _due(world, Phase.COVENANT, datetime.date(2018, 9, 20))
    national_campaign(world)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            out = _run("--dry-run", "--date", "2018-10-01")
        return len(captured), out

    before, _out = queries()
    for n in range(5):
        UserFactory(username=f"namdinh{n}", unit=world.nam_dinh, email=f"nd{n}@example.vn")
    after, out = queries()
    assert out.count("Khai báo người đại diện ký giao ước") >= 4 + 5
    # Each more officer costs their open years and a secretariat check, not the flow's
    # providers (representatives, covenant, campaigns, sheets, rounds…) read again.
    assert after - before <= 2 * 5


def test_a_bad_date_is_refused_in_vietnamese(world):
    with pytest.raises(CommandError, match="Ngày không hợp lệ"):
        _run("--dry-run", "--date", "01/10/2018")


def test_the_demos_open_year_as_a_dry_run(transactional_db):
    call_command("loaddemo")
    out = _run("--dry-run", "--date", "2019-12-01")
    assert "== namdinh" in out and "năm 2019" in out
    assert "dong-bang-song-hong/2019/" in out
    assert "2018" not in "".join(line for line in out.splitlines() if line.startswith("- "))
