"""The demo tells its story in date order, through the services, as its people did.

After `loaddemo` the 2018 activity log reads as the year went: each step by the person who took
it, on the story's date, never on the day the command ran.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from clusters.models import AuditEvent, EmulationYear, User

pytestmark = pytest.mark.django_db

STORY = [  # (action, who, day) in the order the story tells it
    ("year.open", "quantri", datetime.date(2018, 1, 2)),
    ("criteria.change", "hanam", datetime.date(2018, 1, 5)),
    ("campaigns.set", "hanam", datetime.date(2018, 1, 10)),
    ("covenant.signed", "vinhphuc", datetime.date(2018, 3, 8)),
    ("assessment.submit", "namdinh", datetime.date(2018, 12, 16)),
    ("adjustment.create", "hanam", datetime.date(2019, 1, 10)),
    ("adjustment.answer", "bacninh", datetime.date(2019, 1, 15)),
    ("assessment.finalise", "hanam", datetime.date(2019, 1, 25)),
    ("decision.create", "hanam", datetime.date(2019, 3, 15)),
    ("conference.save", "hanam", datetime.date(2019, 3, 20)),
    ("round.close", "hanam", datetime.date(2019, 3, 20)),
    ("proposal.send", "hanam", datetime.date(2019, 3, 20)),
    ("year.close", "hanam", datetime.date(2019, 3, 20)),
]


def _local_day(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def test_the_2018_log_tells_the_story_in_order_with_its_dates_and_people(django_app):
    call_command("loaddemo")
    year = EmulationYear.objects.get(cluster__slug="dong-bang-song-hong", year=2018)
    events = list(year.audit_events.order_by("at", "pk").select_related("actor"))
    assert {_local_day(e.at) for e in events} <= {
        datetime.date(2018, 1, 2) + datetime.timedelta(days=n) for n in range(450)
    }
    assert not AuditEvent.objects.filter(at__date=timezone.localdate()).exists()
    positions = []
    for action, username, day in STORY:
        found = [
            index
            for index, e in enumerate(events)
            if e.action == action
            and e.actor is not None
            and e.actor.username == username
            and _local_day(e.at) == day
        ]
        assert found, f"{action} by {username} on {day:%d/%m/%Y} is not in the 2018 log"
        positions.append(found[0])
    assert positions == sorted(positions), "the log does not keep the story's order"
    # Each province's officer took their own steps; the unit is recorded with the person.
    submitters = {e.actor.username for e in events if e.action == "assessment.submit"}
    assert len(submitters) == 9
    assert all(e.unit_id == e.actor.unit_id for e in events if e.actor and e.actor.unit_id)

    # The secretariat reads it on the log page, with the story's dates.
    hanam = User.objects.get(username="hanam")
    url = reverse("clusters:year_activity", args=["dong-bang-song-hong", 2018])
    page = django_app.get(url, user=hanam)
    filters = next(f for f in page.forms.values() if "action" in f.fields)
    filters["action"] = "year.close"
    shown = filters.submit()
    assert "20/03/2019" in shown.text and "Hà Nam" in shown.text


def test_loaddemo_twice_tells_the_story_once():
    call_command("loaddemo")
    count = AuditEvent.objects.count()
    call_command("loaddemo")
    assert AuditEvent.objects.count() == count


@override_settings(PRODUCTION=True)
def test_loaddemo_refuses_production_and_never_creates_demo_accounts_there():
    with pytest.raises(CommandError, match="allow-production"):
        call_command("loaddemo")
    assert not User.objects.exists()
    call_command("loaddemo", "--allow-production")
    people = User.objects.all()
    assert people.count() == 12  # the administrator, nine officers, a leader, the council's
    assert not any(person.has_usable_password() for person in people)
