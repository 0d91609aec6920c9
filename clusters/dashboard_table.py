"""The year dashboard's timeline and members table, cached for viewers who see them alike.

Sixty member rows of several columns were thousands of template nodes (issue 16: the dashboard
within 5x a bare view), so the rows are joined here with format_html, and the finished table,
with the timeline above it (it reads the same data), is kept in Django's cache. What they show
depends on the year's data, on who looks (their unit and role, whether they hold the year's
secretariat: links and to-dos are theirs), on the language and on today's date (overdue marks).
So the key holds exactly those:

- every write of the year goes through a service that records an audit event, so the year's
  data version (`clusters.documents.store.data_version`, as the draft documents use) moves;
- today's date, the language and the time zone are in the key;
- what changes with time alone inside a day (an answer's deadline passing at its hour, a round's
  closing time) is seen within TIMEOUT, which is kept short for that reason.

No signal receivers: the key is computed from data, so nothing has to remember to clear it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from clusters import access, flow, queries, timeline
from clusters.documents.store import data_version
from clusters.links import slug_url
from clusters.models import EmulationYear, Membership, User
from clusters.templatetags.cluster_tags import role_badge

TIMEOUT = 5 * 60
PREFIX = "clusters:members-table"


@dataclass(frozen=True)
class MembersTable:
    html: SafeString
    has_head: bool
    timeline_html: SafeString


def members_table(user: User, year: EmulationYear, secretariat: bool) -> MembersTable:
    """The table for this viewer: from the cache while nothing of the year has changed."""
    today = timezone.localdate()
    key = _key(user, year, secretariat, today)
    table = cache.get(key)
    if table is None:
        table = _build(user, year, secretariat, today)
        cache.set(key, table, TIMEOUT)
    return table


def _key(user: User, year: EmulationYear, secretariat: bool, today: datetime.date) -> str:
    parts = (
        PREFIX,
        year.pk,
        data_version(year),
        user.unit_id or "-",
        user.role,
        int(secretariat),
        today.isoformat(),
        translation.get_language() or "",
        timezone.get_current_timezone_name(),
    )
    return ":".join(str(part) for part in parts)


def _build(
    user: User, year: EmulationYear, secretariat: bool, today: datetime.date
) -> MembersTable:
    memberships = list(year.memberships.select_related("unit").order_by("unit__search_name"))
    memberships.sort(key=queries.role_order)
    # The person's own unit first: their row is the one they act on.
    memberships.sort(key=lambda m: m.unit_id != user.unit_id)
    dashboard = flow.dashboard(year, memberships)
    representatives = year.representatives_by_unit
    words = _Words.now()
    unit_url = slug_url("clusters:unit_detail")
    edit_url = slug_url("clusters:representative_edit", year.cluster.slug, year.year)
    badges: dict[str, SafeString] = {}  # one badge per role, not one per row
    due_texts: dict[datetime.date, str] = {}  # each due date formatted once
    rows = []
    for m in memberships:
        is_own = m.unit_id == user.unit_id
        can_edit = not year.is_closed and (secretariat or access.is_own_unit_staff(user, m.unit))
        badge = badges.get(m.role) or badges.setdefault(
            m.role, role_badge(m.role, year.cluster.kind)
        )
        todos = _todos_html(user, secretariat, dashboard.todos.get(m.unit_id, []), today, due_texts)
        rows.append(
            format_html(
                "<tr{}{}><td>{}</td><td>{}</td><td>{}</td>{}<td>{}</td></tr>",
                _row_class(m, is_own),
                SafeString(' data-testid="own-unit"') if is_own else "",
                _unit_cell(unit_url(m.unit.slug), m.unit.name, is_own, words),
                badge,
                _representative_cell(
                    representatives.get(m.unit_id), edit_url(m.unit.slug) if can_edit else "", words
                ),
                _cells_html(user, secretariat, m, dashboard.cells[m.unit_id]),
                todos or format_html('<span class="text-success">{}</span>', words.nothing_left),
            )
        )
    header = format_html(
        "<thead><tr><th>{}</th><th>{}</th><th>{}</th>{}<th>{}</th></tr></thead>",
        _("Đơn vị"),
        _("Vai trò"),
        _("Người đại diện"),
        format_html_join("", "<th>{}</th>", ((label,) for label in dashboard.column_labels)),
        _("Việc còn phải làm"),
    )
    if rows:
        body = format_html_join("", "{}", ((row,) for row in rows))
    else:
        body = format_html(
            '<tr><td colspan="{}" class="text-muted">{}</td></tr>',
            len(dashboard.column_labels) + 4,
            _("Năm này chưa có đơn vị thành viên."),
        )
    html = format_html(
        '<div class="table-responsive"><table class="table align-middle" data-testid="members">'
        "{}<tbody>{}</tbody></table></div>",
        header,
        body,
    )
    has_head = any(m.role == Membership.Role.HEAD for m in memberships)
    return MembersTable(
        html=html, has_head=has_head, timeline_html=_timeline_html(year, secretariat)
    )


def _timeline_html(year: EmulationYear, secretariat: bool) -> SafeString:
    context = {
        "year": year,
        "cluster": year.cluster,
        "is_secretariat": secretariat,
        "timeline": timeline.windows(year),
        "next_phase": timeline.next_phase(year.phase),
        "previous_phase": timeline.previous_phase(year.phase),
    }
    return render_to_string("clusters/_timeline.html", context)  # a SafeString: escaped there


@dataclass(frozen=True)
class _Words:
    """The table's repeated words, translated once per table rather than once per row."""

    edit: str
    sample: str
    sample_title: str
    nothing_left: str
    own: str

    @classmethod
    def now(cls) -> _Words:
        return cls(
            edit=_("Sửa"),
            sample=_("dữ liệu mẫu"),
            sample_title=_("Tên minh họa, không phải người thật."),
            nothing_left=_("Không còn việc tồn đọng"),
            own=_("đơn vị của anh/chị"),
        )


def _row_class(m: Membership, is_own: bool) -> str:
    classes = " ".join(
        name
        for name, on in (("role-head", m.role == Membership.Role.HEAD), ("own-unit", is_own))
        if on
    )
    return format_html(' class="{}"', classes) if classes else ""


def _unit_cell(url: str, name: str, is_own: bool, words: _Words) -> SafeString:
    own = format_html(' <span class="badge text-bg-info">{}</span>', words.own) if is_own else ""
    return format_html('<a href="{}">{}</a>{}', url, name, own)


def _representative_cell(representative, edit_url: str, words: _Words) -> SafeString:
    if representative:
        sample = (
            format_html(
                ' <span class="badge badge-sample" title="{}">{}</span>',
                words.sample_title,
                words.sample,
            )
            if representative.is_sample
            else ""
        )
        who = format_html(
            '{}<br><small class="text-muted">{}</small>{}',
            representative.full_name,
            representative.title,
            sample,
        )
    else:
        who = format_html('<span class="text-muted">{}</span>', "—")
    edit = (
        format_html('<br><a class="small" href="{}">{}</a>', edit_url, words.edit)
        if edit_url
        else ""
    )
    return format_html("{}{}", who, edit)


def _todos_html(
    user: User,
    secretariat: bool,
    todos: list[flow.Todo],
    today: datetime.date,
    due_texts: dict[datetime.date, str],
) -> str:
    """A row's to-do list. Each to-do is linked for whoever does it (Todo.is_for); the others
    read it as text rather than meet a refusal behind the link."""
    if not todos:
        return ""
    lines = []
    for todo in todos:
        label = todo.label
        if todo.is_for(user, secretariat):
            label = format_html('<a href="{}">{}</a>', todo.url, todo.label)
        due = ""
        if todo.due:
            if todo.due not in due_texts:
                due_texts[todo.due] = date_format(todo.due, "SHORT_DATE_FORMAT")
            if todo.due < today:
                due = format_html(
                    ' <small class="text-danger">({}, {} {})</small>',
                    _("quá hạn"),
                    _("hạn"),
                    due_texts[todo.due],
                )
            else:
                due = format_html(
                    ' <small class="text-muted">({} {})</small>', _("hạn"), due_texts[todo.due]
                )
        lines.append(format_html("<li>{}{}</li>", label, due))
    joined = format_html_join("", "{}", ((line,) for line in lines))
    return format_html('<ul class="todo-list">{}</ul>', joined)


def _cells_html(
    user: User, secretariat: bool, membership: Membership, cells: list[flow.Cell]
) -> str:
    """The row's column cells. A private link (a draft sheet) only for the unit's own people and
    the secretariat."""
    insider = secretariat or user.unit_id == membership.unit_id
    return format_html_join(
        "",
        "{}",
        (
            (
                format_html('<td><a href="{}">{}</a></td>', cell.url, cell.text)
                if cell.url and (insider or not cell.private)
                else format_html("<td>{}</td>", cell.text),
            )
            for cell in cells
        ),
    )
