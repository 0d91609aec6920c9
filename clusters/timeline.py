"""The year's timeline: when each phase opens, when its work is due, what it opens and locks.

The dates are the secretariat's (`PhaseWindow`, set on the timeline page); the deadlines other
apps hold their units to come from here (`deadline`, `answer_due`), and the year page draws the
timeline from `windows`. What each phase opens and locks is written once, in `FACTS`: the
timeline, the confirmation before a phase move and the tests all read it.

The rules (`check_rows`, `advance_refusal`) are pure functions of their arguments.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from clusters.models import EmulationYear, PhaseWindow

Phase = EmulationYear.Phase
LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")

# The phases in the order a year goes through them; the closed year has no dates of its own.
ORDER: tuple[str, ...] = tuple(Phase.values)
DATED: tuple[str, ...] = tuple(p for p in ORDER if p != Phase.CLOSED)

# The deadlines other apps ask for, by the phase whose `due_on` holds them.
DEADLINE_PHASES: dict[str, str] = {
    "covenant_signatures": Phase.COVENANT,
    "campaign_reports": Phase.IN_PROGRESS,
    "self_assessment": Phase.SELF_ASSESSMENT,
    "review": Phase.REVIEW,
}


@dataclass(frozen=True)
class PhaseFacts:
    """What a phase lets the members do (opens) and what it closes to changes (locks)."""

    opens: tuple[Promise, ...]
    locks: tuple[Promise, ...]


FACTS: dict[str, PhaseFacts] = {
    Phase.SETUP: PhaseFacts(
        opens=(
            _("Khai báo thành viên, người đại diện, phong trào thi đua và mốc thời gian."),
            _("Soạn giao ước và bảng tiêu chí chấm điểm."),
        ),
        locks=(),
    ),
    Phase.COVENANT: PhaseFacts(
        opens=(_("Các đơn vị thành viên ký giao ước thi đua."),),
        locks=(_("Bảng tiêu chí chấm điểm không còn sửa được."),),
    ),
    Phase.IN_PROGRESS: PhaseFacts(
        opens=(_("Các đơn vị triển khai và báo cáo kết quả các phong trào thi đua."),),
        locks=(_("Hết hạn ký giao ước."),),
    ),
    Phase.SELF_ASSESSMENT: PhaseFacts(
        opens=(
            _("Các đơn vị tự chấm điểm, đính kèm minh chứng và gửi bảng điểm."),
            _("Thường trực bắt đầu thẩm định các bảng điểm đã gửi."),
        ),
        locks=(_("Hết hạn báo cáo phong trào thi đua."),),
    ),
    Phase.REVIEW: PhaseFacts(
        opens=(
            _("Chấm chéo, thẩm định, điều chỉnh điểm và giải trình."),
            _("Mở các vòng bỏ phiếu."),
        ),
        locks=(_("Hết hạn tự chấm điểm của các đơn vị."),),
    ),
    Phase.CONFERENCE: PhaseFacts(
        opens=(
            _("Hội nghị tổng kết: bỏ phiếu, đề nghị khen thưởng, quyết định khen thưởng."),
            _("Các đơn vị được thông báo năm thi đua sắp khép lại."),
        ),
        locks=(_("Các đơn vị không còn sửa bảng điểm tự chấm."),),
    ),
    Phase.CLOSED: PhaseFacts(
        opens=(_("Năm thi đua tiếp theo được mở với các thành viên và bản sao để soạn."),),
        locks=(_("Mọi dữ liệu của năm chỉ còn để xem, kể cả trong trang quản trị."),),
    ),
}


# --- what other apps ask -----------------------------------------------------------------------


def _windows_by_phase(year: EmulationYear) -> dict[str, PhaseWindow]:
    # `.all()` so that a caller's prefetch_related("phase_windows") is used.
    return {w.phase: w for w in year.phase_windows.all()}


def deadline(year: EmulationYear, key: str) -> datetime.date | None:
    """The date by which the work named `key` is due in the year, or None when none is set."""
    window = _windows_by_phase(year).get(DEADLINE_PHASES[key])
    return window.due_on if window else None


def answer_due(year: EmulationYear, adjusted_at: datetime.datetime) -> datetime.datetime:
    """The end of the day, in Vietnam, `year.answer_days` days after a sheet was adjusted."""
    return end_of_day(local_date(adjusted_at) + datetime.timedelta(days=year.answer_days))


def local_date(moment: datetime.datetime) -> datetime.date:
    if timezone.is_naive(moment):
        return moment.date()
    return moment.astimezone(LOCAL).date()


def end_of_day(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.max, tzinfo=LOCAL)


# --- the timeline as the year page draws it ----------------------------------------------------


@dataclass(frozen=True)
class WindowRow:
    phase: str
    label: str
    opens_on: datetime.date | None
    due_on: datetime.date | None
    state: str  # "done", "current" or "upcoming", from the year's phase
    today_here: bool  # today falls in this phase's dates
    overdue: bool  # the year's current phase, past its deadline
    facts: PhaseFacts

    @property
    def is_current(self) -> bool:
        return self.state == "current"


def windows(year: EmulationYear, today: datetime.date | None = None) -> list[WindowRow]:
    """Every phase in order, with its dates, where the year and today stand, and its facts."""
    today = today or timezone.localdate()
    by_phase = _windows_by_phase(year)
    dates = {p: (by_phase[p].opens_on, by_phase[p].due_on) for p in by_phase}
    at = today_phase(dates, today)
    current = ORDER.index(year.phase)
    rows = []
    for index, phase in enumerate(ORDER):
        opens_on, due_on = dates.get(phase, (None, None))
        state = "done" if index < current else "current" if index == current else "upcoming"
        rows.append(
            WindowRow(
                phase=phase,
                label=str(Phase(phase).label),
                opens_on=opens_on,
                due_on=due_on,
                state=state,
                today_here=phase == at,
                overdue=state == "current" and due_on is not None and due_on < today,
                facts=FACTS[phase],
            )
        )
    return rows


def today_phase(
    dates: Mapping[str, tuple[datetime.date | None, datetime.date | None]], today: datetime.date
) -> str | None:
    """The phase whose dates hold today: the last one opened on or before today; none before
    the first opens, nor once the last phase with dates is past its deadline."""
    opened = [p for p in DATED if dates.get(p, (None, None))[0] and dates[p][0] <= today]
    if not opened:
        return None
    last = opened[-1]
    later = [p for p in DATED[DATED.index(last) + 1 :] if dates.get(p, (None, None))[0]]
    due_on = dates[last][1]
    if not later and due_on is not None and today > due_on:
        return None
    return last


# --- rules ------------------------------------------------------------------------------------

Dates = tuple[datetime.date | None, datetime.date | None]


def check_rows(year_number: int, rows: Mapping[str, Dates]) -> dict[str, tuple[str, str]]:
    """What is wrong with a timeline: {phase: (field, message)}, field "opens_on" or "due_on".

    A phase's deadline is not before it opens; a phase does not open before the one before it;
    a deadline needs an opening date; dates lie within the year and the ones next to it.
    """
    errors: dict[str, tuple[str, str]] = {}
    earliest = datetime.date(year_number - 1, 1, 1)
    latest = datetime.date(year_number + 1, 12, 31)
    previous: tuple[str, datetime.date] | None = None
    for phase in DATED:
        opens_on, due_on = rows.get(phase, (None, None))
        if due_on is not None and opens_on is None:
            errors[phase] = ("opens_on", str(_("Hãy ghi ngày bắt đầu của giai đoạn có hạn.")))
            continue
        if opens_on is None:
            continue
        outside = [d for d in (opens_on, due_on) if d is not None and not earliest <= d <= latest]
        if outside:
            field = "opens_on" if opens_on in outside else "due_on"
            errors[phase] = (
                field,
                str(_("Ngày phải trong khoảng năm %(before)d đến năm %(after)d."))
                % {"before": year_number - 1, "after": year_number + 1},
            )
        elif due_on is not None and due_on < opens_on:
            errors[phase] = ("due_on", str(_("Hạn hoàn thành không được trước ngày bắt đầu.")))
        elif previous is not None and opens_on < previous[1]:
            errors[phase] = (
                "opens_on",
                str(_("Giai đoạn này không được bắt đầu trước giai đoạn “%(phase)s”."))
                % {"phase": Phase(previous[0]).label},
            )
        previous = (phase, opens_on)
    return errors


def advance_refusal(
    current: str, to_phase: str, *, pending: Mapping[str, Sequence[str]], reason: str = ""
) -> tuple[str, str] | None:
    """Why the year may not move from `current` to `to_phase`, as (field, message), or None.

    Forward: to the next phase always; past a phase only when that phase's work is done
    (`pending` lists what remains per skipped phase). Back: one phase only, with a reason, and
    never into set-up (the criteria are frozen once signing opens). Closing has its own action.
    """
    if to_phase not in ORDER or to_phase == current:
        return "to_phase", str(_("Hãy chọn một giai đoạn khác giai đoạn hiện tại."))
    if current == Phase.CLOSED:
        return "to_phase", str(_("Năm thi đua đã tổng kết, không thể sửa đổi."))
    if to_phase == Phase.CLOSED:
        return "to_phase", str(_("Năm thi đua chỉ khép lại bằng thao tác “Khép lại năm thi đua”."))
    here, there = ORDER.index(current), ORDER.index(to_phase)
    if there < here:
        if there != here - 1:
            return "to_phase", str(_("Chỉ được quay lại giai đoạn liền trước."))
        if to_phase == Phase.SETUP:
            return "to_phase", str(
                _("Không quay lại giai đoạn thiết lập: bảng tiêu chí đã chốt khi mở ký giao ước.")
            )
        if not reason.strip():
            return "reason", str(_("Hãy ghi lý do quay lại giai đoạn trước."))
        return None
    for skipped in ORDER[here + 1 : there]:
        remaining = list(pending.get(skipped, ()))
        if remaining:
            message = _(
                "Không thể bỏ qua giai đoạn “%(phase)s” khi việc của giai đoạn này "
                "chưa xong: %(left)s"
            ) % {"phase": Phase(skipped).label, "left": "; ".join(remaining)}
            return "to_phase", str(message)
    return None


def skipped(current: str, to_phase: str) -> tuple[str, ...]:
    """The phases a move forward from `current` to `to_phase` passes over."""
    if current not in ORDER or to_phase not in ORDER:
        return ()
    return ORDER[ORDER.index(current) + 1 : ORDER.index(to_phase)]


def next_phase(current: str) -> str | None:
    """The phase after `current` that a move reaches (closing is its own action)."""
    index = ORDER.index(current) + 1
    return ORDER[index] if index < len(ORDER) - 1 else None


def previous_phase(current: str) -> str | None:
    """The phase a move back reaches: one step, never into set-up, never out of closing."""
    index = ORDER.index(current) - 1
    if current == Phase.CLOSED or index < 1:
        return None
    return ORDER[index]


def moves(current: str) -> tuple[str, ...]:
    """The phases a move from `current` can reach: back one (`previous_phase`), or forward to
    any phase short of closing (past a phase only once its work is done: `advance_refusal`)."""
    back = previous_phase(current)
    return ((back,) if back else ()) + ORDER[ORDER.index(current) + 1 : -1]


def move_facts(current: str, to_phase: str) -> PhaseFacts:
    """What a move forward opens and locks: the target's facts and those of the phases passed."""
    phases = (*skipped(current, to_phase), to_phase)
    return PhaseFacts(
        opens=tuple(item for p in phases for item in FACTS[p].opens),
        locks=tuple(item for p in phases for item in FACTS[p].locks),
    )
