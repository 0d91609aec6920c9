"""A proposal that reached the central council: the world's flag round, drafted, numbered and
sent by Hà Nam's secretariat."""

from __future__ import annotations

import datetime

from awards import services
from awards.models import Proposal
from tests.awards.proposal_builders import drafted
from tests.personas import World


def sent_proposal(world: World, **round_options) -> Proposal:
    proposal = drafted(world, **round_options)
    services.proposal_update(
        actor=world.secretariat,
        proposal=proposal,
        fields={"number": "12/TTr-CTĐ", "date": datetime.date(2019, 3, 20)},
    )
    services.proposal_send(actor=world.secretariat, proposal=proposal)
    proposal.refresh_from_db()
    return proposal
