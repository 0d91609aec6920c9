"""Builders for the public pages' tests: a closed year of the personas' world, published."""

from __future__ import annotations

from clusters.models import EmulationYear
from clusters.publication import year_publish
from tests.personas import World


def closed(w: World) -> EmulationYear:
    """The world's 2018 year as closed (without the closing's checks: nothing here needs them)."""
    EmulationYear.objects.filter(pk=w.year.pk).update(phase=EmulationYear.Phase.CLOSED)
    w.year.refresh_from_db()
    return w.year


def published(w: World) -> EmulationYear:
    return year_publish(actor=w.secretariat, year=closed(w))


def public_url(w: World) -> str:
    return f"/cong-khai/{w.cluster.slug}/{w.year.year}/"
