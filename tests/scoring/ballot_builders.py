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
) -> BallotRound:
    year.phase = EmulationYear.Phase.CONFERENCE
    year.save(update_fields=["phase"])
    units = [m.unit for m in year.memberships.select_related("unit").order_by("unit__name")]
    created = ballots.round_create(
        actor=actor, year=year, kind=kind, seats=seats, threshold="half", candidates=units
    )
    if state in ("open", "closed"):
        ballots.round_open(actor=actor, ballot_round=created)
    if state == "closed":
        ballots.round_close(actor=actor, ballot_round=created)
    created.refresh_from_db()
    return created
