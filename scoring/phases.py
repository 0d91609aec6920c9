"""What scoring tells a phase move (config/year.py `phase_checks`): a move may pass over
self-assessment only once every member has sent its sheet, and over review only once every sheet
is final. A year without criteria has no sheets to wait for."""

from __future__ import annotations

from django.utils.translation import gettext as _

from clusters.models import EmulationYear
from scoring.dashboard import sheet_states
from scoring.models import Assessment, CriteriaSheet


def phase_check(year: EmulationYear, phase: str) -> list[str]:
    waiting_for = {
        EmulationYear.Phase.SELF_ASSESSMENT: (
            {Assessment.State.DRAFT},
            _("bảng tự chấm điểm chưa nộp: %(units)s"),
        ),
        EmulationYear.Phase.REVIEW: (
            set(Assessment.State.values) - {Assessment.State.FINALISED},
            _("bảng điểm chưa hoàn tất: %(units)s"),
        ),
    }
    if phase not in waiting_for:
        return []
    if not CriteriaSheet.objects.filter(year=year, criteria__isnull=False).exists():
        return []
    not_yet, sentence = waiting_for[phase]
    states = sheet_states(year)
    units = [
        m.unit.name
        for m in year.memberships.select_related("unit").order_by("unit__search_name")
        if states.get(m.unit_id, Assessment.State.DRAFT) in not_yet
    ]
    return [sentence % {"units": ", ".join(units)}] if units else []
