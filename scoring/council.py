"""What the organising council's page says of each year's ranking (config/year.py)."""

from __future__ import annotations

from collections.abc import Sequence

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusters.flow import Cell, Column
from clusters.models import EmulationYear
from clusters.text import decimal_text
from scoring.models import Assessment


def ranking_column(years: Sequence[EmulationYear]) -> Column:
    """Each year's first-ranked unit by final total (ties named together), linked to the
    year's ranking, with how many sheets are final: one query. The ranking page applies the
    year's tie-breakers; this names every unit sharing the highest total."""
    finals: dict[int, list[Assessment]] = {}
    for assessment in Assessment.objects.filter(
        year__in=years, state=Assessment.State.FINALISED
    ).select_related("unit"):
        finals.setdefault(assessment.year_id, []).append(assessment)
    cells = {}
    for year in years:
        rows = finals.get(year.pk)
        if not rows:
            continue
        best = max(a.final_total for a in rows)
        leaders = sorted(a.unit.name for a in rows if a.final_total == best)
        text = _("%(units)s (%(total)s điểm; %(final)d đơn vị đã có điểm chính thức)") % {
            "units": ", ".join(leaders),
            "total": decimal_text(best),
            "final": len(rows),
        }
        cells[year.pk] = Cell(text, reverse("scoring:ranking", args=[year.cluster.slug, year.year]))
    return Column(gettext_lazy("Dẫn đầu bảng xếp hạng"), cells)
