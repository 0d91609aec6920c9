"""The unit's right of reply (giải trình) to an adjustment of its score sheet.

An adjustment gives the unit until `answer_due` (clusters.timeline.answer_due: `answer_days`
after it was made, to the end of that day in Vietnam) to answer. Until then the secretariat
cannot finalise the sheet, nor keep the adjustment without hearing the unit, unless the unit said
it will not answer (waived). When the deadline passes the adjustment stands, and its history
says so ("hết hạn giải trình").

`reply_state` is the one decision, a pure function, and `awaiting_answer` its twin as a query
(the adjustments whose state is OPEN); `answers_due_within` lists those whose deadline is near,
for the reminders (send_reminders).
"""

from __future__ import annotations

import datetime
from typing import Literal

from django.db.models import Q, QuerySet
from django.utils import timezone

from clusters.timeline import local_date

ReplyState = Literal["answered", "waived", "open", "expired", "concluded"]

ANSWERED: ReplyState = "answered"
WAIVED: ReplyState = "waived"
OPEN: ReplyState = "open"  # the unit may still answer: the sheet waits for it
EXPIRED: ReplyState = "expired"  # the deadline passed without an answer
CONCLUDED: ReplyState = "concluded"  # the reviewer kept or withdrew it


def reply_state(
    *,
    outcome: str,
    answered: bool,
    waived: bool,
    answer_due: datetime.datetime | None,
    now: datetime.datetime,
) -> ReplyState:
    """Where the unit's reply to one adjustment stands at `now`. An adjustment made before
    deadlines were kept (`answer_due` None) counts as expired: it stands, as it always did."""
    if outcome != "pending":
        return CONCLUDED
    if answered:
        return ANSWERED
    if waived:
        return WAIVED
    if answer_due is not None and now <= answer_due:
        return OPEN
    return EXPIRED


def waits_for_unit(state: ReplyState) -> bool:
    """The sheet cannot be finalised, nor the adjustment kept, while this is so."""
    return state == OPEN


def awaiting_answer(now: datetime.datetime) -> Q:
    """The adjustments whose reply is OPEN at `now` (as `reply_state` decides), as a filter of
    Adjustment: pending, neither answered nor waived, its deadline not past."""
    return Q(
        outcome="pending", answered_at__isnull=True, waived_at__isnull=True, answer_due__gte=now
    )


def due_text(answer_due: datetime.datetime | None) -> str:
    """The deadline as the unit reads it: the day (the deadline is the end of it, in Vietnam)."""
    return f"{local_date(answer_due):%d/%m/%Y}" if answer_due else ""


def answers_due_within(days: int, now: datetime.datetime | None = None, *, year=None) -> QuerySet:
    """Adjustments still waiting for the unit's answer whose deadline falls within the next
    `days` days (from `now`), earliest first; `year` narrows them to one emulation year. Each
    comes with its sheet, unit, year and criterion loaded."""
    from scoring.models import Adjustment

    now = now or timezone.now()
    found = Adjustment.objects.filter(
        awaiting_answer(now),
        answer_due__lte=now + datetime.timedelta(days=days),
        score__assessment__year__phase__in=["self_assessment", "review", "conference"],
    ).select_related(
        "score__criterion", "score__assessment__unit", "score__assessment__year__cluster"
    )
    if year is not None:
        found = found.filter(score__assessment__year=year)
    return found.order_by("answer_due", "pk")


def remind_answers_due(days: int, now: datetime.datetime | None = None) -> int:
    """Tell each unit on its bell, once per adjustment, that an answer falls due within `days`
    days ("answer_due"). Run daily by send_reminders (config/year.py `daily_notices`); these
    notices are not e-mailed, since the same day's digest already lists the answer with its
    deadline. Returns how many notices were written."""
    from django.db import transaction
    from django.urls import reverse

    from clusters.models import Notification
    from clusters.notifications import notify

    written = 0
    for adjustment in answers_due_within(days, now):
        reminded = Notification.objects.filter(
            event="answer_due", params__adjustment=str(adjustment.pk)
        )
        if reminded.exists():
            continue
        assessment = adjustment.score.assessment
        year = assessment.year
        with transaction.atomic():
            written += notify(
                event="answer_due",
                year=year,
                units=[assessment.unit],
                url=reverse(
                    "scoring:sheet", args=[year.cluster.slug, year.year, assessment.unit.slug]
                ),
                params={
                    "adjustment": str(adjustment.pk),
                    "criterion": adjustment.score.criterion.code,
                    "unit": assessment.unit.name,
                    "due": due_text(adjustment.answer_due),
                },
                email=False,
            )
    return written
