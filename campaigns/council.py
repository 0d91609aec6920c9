"""What the organising council's page says of each year's covenant (config/year.py)."""

from __future__ import annotations

from collections.abc import Sequence

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from campaigns.models import Covenant
from clusters.flow import Cell, Column
from clusters.models import EmulationYear


def covenant_column(years: Sequence[EmulationYear]) -> Column:
    """Each year's latest covenant's state, linked to it (one query)."""
    latest: dict[int, Covenant] = {}
    for covenant in Covenant.objects.filter(year__in=years).order_by("year_id", "version"):
        latest[covenant.year_id] = covenant
    by_pk = {year.pk: year for year in years}
    cells = {
        year_id: Cell(
            covenant.get_state_display(),
            reverse(
                "campaigns:covenant_detail", args=[by_pk[year_id].cluster.slug, by_pk[year_id].year]
            ),
        )
        for year_id, covenant in latest.items()
    }
    return Column(_("Giao ước thi đua"), cells)
