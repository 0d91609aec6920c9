"""What scoring tells a phase move (config/year.py `phase_checks`): a move may pass over
self-assessment only once every member has sent its sheet, and over review only once every sheet
is final. A year without criteria has no sheets to wait for. Closing asks the same of review
(scoring.hooks.close_check reads `sheets_holding`)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from clusters.models import EmulationYear
from scoring.dashboard import sheet_states
from scoring.models import Assessment, CriteriaSheet

# The sheet states that keep a phase's work undone (a member without a sheet counts as a draft).
HOLDING = {
    EmulationYear.Phase.SELF_ASSESSMENT: {Assessment.State.DRAFT},
    EmulationYear.Phase.REVIEW: set(Assessment.State.values) - {Assessment.State.FINALISED},
}


def sheets_holding(year: EmulationYear, phase: str) -> list[str]:
    """The members, by name in name order, whose sheet keeps `phase` (a key of HOLDING)
    undone; none when the year has no criteria. Three queries."""
    if not CriteriaSheet.objects.filter(year=year, criteria__isnull=False).exists():
        return []
    states = sheet_states(year)
    return [
        m.unit.name
        for m in year.memberships.select_related("unit").order_by("unit__search_name")
        if states.get(m.unit_id, Assessment.State.DRAFT) in HOLDING[phase]
    ]


def phase_check(year: EmulationYear, phase: str) -> list[str]:
    sentences = {
        EmulationYear.Phase.SELF_ASSESSMENT: _("bảng tự chấm điểm chưa nộp: %(units)s"),
        EmulationYear.Phase.REVIEW: _("bảng điểm chưa hoàn tất: %(units)s"),
    }
    if phase not in sentences:
        return []
    units = sheets_holding(year, phase)
    return [sentences[phase] % {"units": ", ".join(units)}] if units else []
