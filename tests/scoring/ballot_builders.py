import datetime

from django.utils import timezone

from clusters.models import EmulationYear, User
from scoring import ballots
from scoring.models import BallotRound


def ballot_round(
    year: EmulationYear,
    *,
    kind=BallotRound.Kind.FLAG,
    seats=1,
    state="open",
    actor: User | None = None,
    mode=BallotRound.Mode.ONLINE,
    closing_passed: bool = True,
) -> BallotRound:
    """A round of all the members; `closing_passed`: its closing time has passed, so it closes
    with its quorum (three ballots in the test world). A "closed" round is set closed without
    ballots (a state the services no longer reach): for the pages of a closed round.

    A second round of a kind in a year replaces the first (cancelled), as the rule allows.
    """
    year.phase = EmulationYear.Phase.CONFERENCE
    year.save(update_fields=["phase"])
    BallotRound.objects.filter(year=year, kind=kind).exclude(
        state=BallotRound.State.CANCELLED
    ).update(state=BallotRound.State.CANCELLED, cancel_reason="test")
    units = [m.unit for m in year.memberships.select_related("unit").order_by("unit__name")]
    created = ballots.round_create(
        actor=actor,
        year=year,
        kind=kind,
        seats=seats,
        threshold="half",
        candidates=units,
        mode=mode,
        closes_at=timezone.now() + datetime.timedelta(hours=2),
    )
    if closing_passed and mode == BallotRound.Mode.ONLINE:
        created.closes_at = timezone.now() - datetime.timedelta(minutes=1)
        BallotRound.objects.filter(pk=created.pk).update(closes_at=created.closes_at)
    if state in ("open", "closed"):
        ballots.round_open(actor=actor, ballot_round=created)
    if state == "closed":
        BallotRound.objects.filter(pk=created.pk).update(
            state=BallotRound.State.CLOSED,
            closed_at=timezone.now(),
            members_at_close=year.memberships.count(),
        )
    created.refresh_from_db()
    return created
