"""This app's part of what a year's units must do (asked by config/year.py): report on each
campaign, sign the covenant; and the dashboard's column counting each unit's reports."""

from __future__ import annotations

from collections.abc import Sequence

from django.urls import reverse
from django.utils.translation import gettext as _

from campaigns.models import Campaign, CampaignReport, Covenant, CovenantSignature
from clusters.flow import Cell, Column, DashboardPart, Todo
from clusters.links import slug_url
from clusters.models import EmulationYear, Membership
from clusters.timeline import deadline


def unreported_campaigns(year: EmulationYear, memberships: Sequence[Membership]) -> DashboardPart:
    """Each member reports on every campaign the year follows: one item per campaign for the
    unit's page of work, one count per unit on the dashboard ("1/4 phong trào đã báo cáo").
    Two queries at most."""
    campaigns = list(
        Campaign.objects.filter(years=year)
        .order_by("-launched_on", "title")
        .values_list("pk", "title")
    )
    if not campaigns:
        return DashboardPart()
    reported = set(
        CampaignReport.objects.filter(year=year)
        .exclude(report="")
        .values_list("campaign_id", "unit_id")
    )
    args = [year.cluster.slug, year.year]
    overview = reverse("campaigns:year_campaigns", args=args)
    due = deadline(year, "campaign_reports")
    report_urls = {pk: slug_url("campaigns:report_edit", *args, pk) for pk, _title in campaigns}
    todos: list[Todo] = []
    cells: dict[int, Cell] = {}
    for m in memberships:
        done = sum((pk, m.unit_id) in reported for pk, _title in campaigns)
        cells[m.unit_id] = Cell(
            _("%(done)s/%(total)s phong trào đã báo cáo") % {"done": done, "total": len(campaigns)},
            overview,
        )
        if year.is_closed:
            continue
        todos.extend(
            Todo(
                m.unit_id,
                _("Báo cáo kết quả phong trào “%(title)s”") % {"title": title},
                report_urls[pk](m.unit.slug),
                due=due,
                in_column=True,
            )
            for pk, title in campaigns
            if (pk, m.unit_id) not in reported
        )
    return DashboardPart(todos=todos, columns=[Column(_("Phong trào thi đua"), cells)])


def unsigned_covenant(year: EmulationYear, memberships: Sequence[Membership]) -> DashboardPart:
    """While the covenant is open for signature, each member that has not signed. Two queries."""
    if year.is_closed:
        return DashboardPart()
    covenant = Covenant.objects.current_for(year)
    if covenant is None or covenant.state != Covenant.State.OPEN:
        return DashboardPart()
    signed = set(
        CovenantSignature.objects.filter(covenant=covenant).values_list("unit_id", flat=True)
    )
    sign_url = slug_url("campaigns:covenant_sign", year.cluster.slug, year.year)
    due = deadline(year, "covenant_signatures")
    return DashboardPart(
        todos=[
            Todo(
                m.unit_id,
                _("Ký giao ước"),
                sign_url(m.unit.slug),
                due=due,
            )
            for m in memberships
            if m.unit_id not in signed
        ]
    )
