"""The conference report (báo cáo tổng kết) of a year: sections from every app, one document.

The sections and their order are the year's flow (config/year.py, `report_sections`): campaigns
writes the narrative ones and the members and campaign results; the apps above it write theirs
(scoring: ranking, ballots, next year's leaders; awards: proposals, decisions), so campaigns
imports none of them. A section's data function receives the report's `ReportSource` (the year
and its conference record, read once), runs a fixed number of queries and returns the template's
context; an empty section is printed with a note, not left out, so a reader sees what has no data
yet. Sections are numbered I, II, III… in the flow's order, however many there are.

The report is dated the conference day (`ReportSource.as_of`): a section lists only what is dated
on or before it (a letter sent after the conference is not in its report). The signer is the head
unit's representative of the year; a draft without one says "(chưa có người ký)".

The conference page links to what the conference decided (`outcomes`), also from the flow.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from campaigns.models import CampaignReport, Conference, Covenant
from clusters import wording
from clusters.documents import DocumentHeader, roman
from clusters.flow import ReportSection, year_flow
from clusters.models import EmulationYear, Membership
from clusters.queries import role_order


@dataclass(frozen=True)
class ReportSource:
    """What every section reads: the year, and its conference record with its guests."""

    year: EmulationYear
    conference: Conference | None
    # What one section computed and another reads again in the same report (each round's
    # tally), kept for this report only.
    memo: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def read(cls, year: EmulationYear) -> ReportSource:
        conference = Conference.objects.filter(year=year).prefetch_related("guests").first()
        return cls(year=year, conference=conference)

    @property
    def as_of(self) -> datetime.date | None:
        """The report's own date (the conference day); None while the year has none."""
        return self.year.conference_date

    def dated_by_then(self, day: datetime.date | None) -> bool:
        """Whether something dated `day` belongs in the report: on or before its date."""
        return self.as_of is None or day is None or day <= self.as_of


@dataclass(frozen=True)
class RenderedSection:
    number: str
    title: str
    template: str
    data: dict[str, Any]


def outcomes(year: EmulationYear) -> list[tuple[str, str]]:
    """Links (label, url) to what the conference decided, shown on the conference page."""
    return [link for provider in year_flow().conference_outcomes for link in provider(year)]


def report_context(
    year: EmulationYear, sections: tuple[ReportSection, ...] | None = None
) -> dict[str, Any]:
    source = ReportSource.read(year)
    conference = source.conference
    head = year.memberships.filter(role=Membership.Role.HEAD).select_related("unit").first()
    head_unit = head.unit if head else None
    representative = year.representatives_by_unit.get(head_unit.pk) if head_unit else None
    if sections is None:
        sections = year_flow().report_sections
    words = year.cluster.words
    # Other apps title their sections in a cụm's words ("Cụm trưởng, Cụm phó năm sau").
    rendered = [
        RenderedSection(
            roman(number), words.reword(section.title), section.template, section.data(source)
        )
        for number, section in enumerate(sections, start=1)
    ]
    table = wording.kind_table()
    host = year.host_unit
    members = [m.unit for m in sorted(year.memberships.select_related("unit"), key=role_order)]
    return {
        "header": DocumentHeader(
            issuer=year.cluster.name,
            # The host's locality ("Hà Nội" for a ministry), not its name.
            place=wording.for_unit(host, table).locality if host else (year.conference_place or ""),
            date=year.conference_date,
            number=conference.report_number if conference else "",
        ),
        "year": year,
        "cluster": year.cluster,
        "conference": conference,
        "sections": rendered,
        "head_unit": head_unit,
        "representative": representative,
        # A report is a draft until its year is closed.
        "draft": not year.is_closed,
        "closing_recipients": [
            "Hội đồng Thi đua - Khen thưởng Trung ương;",
            "Ban Thi đua - Khen thưởng Trung ương;",
            wording.members_line(members, words, table),
            "Lưu: VT.",
        ],
        "closing_titles": [words.head],
        "signer": _signer(representative, draft=not year.is_closed),
        "closing_note": "(tên mẫu)" if representative and representative.is_sample else "",
    }


def _signer(representative, *, draft: bool) -> str:
    """The name under the signature: the head's representative, or a draft's clear blank."""
    if representative is not None and representative.full_name.strip():
        return representative.full_name
    return "(chưa có người ký)" if draft else ""


# --- campaigns' own sections -----------------------------------------------------------------


# A guest row without a person's name: a delegation ("Đại diện" / "Văn phòng Chủ tịch nước"),
# printed as the article writes it: "đại diện Văn phòng Chủ tịch nước".
DELEGATION_WORDS = ("đại diện", "lãnh đạo", "đại biểu")


def guest_phrase(full_name: str, title: str) -> str:
    """One guest in the sentence "Tới dự và chỉ đạo có các đồng chí: …"."""
    if full_name.strip().lower() in DELEGATION_WORDS:
        return f"{full_name.strip().lower()} {title.strip()}"
    return f"{full_name.strip()}, {title.strip()}"


def members_section(source: ReportSource) -> dict[str, Any]:
    memberships = sorted(source.year.memberships.select_related("unit"), key=role_order)
    guests = source.conference.guests.all() if source.conference else []
    words = source.year.cluster.words
    roles = {Membership.Role.HEAD: words.head, Membership.Role.DEPUTY: words.deputy}
    return {
        "memberships": memberships,
        # Each member with its role in the cluster's words ("Khối trưởng" in a khối).
        "rows": [(m, roles.get(m.role, "Thành viên")) for m in memberships],
        "conference": source.conference,
        "guests": [guest_phrase(g.full_name, g.title) for g in guests],
    }


def campaigns_section(source: ReportSource) -> dict[str, Any]:
    year, conference = source.year, source.conference
    campaigns = list(year.campaigns.order_by("pk"))
    memberships = sorted(year.memberships.select_related("unit"), key=lambda m: m.unit.search_name)
    reports = {
        (r.campaign_id, r.unit_id): r
        for r in CampaignReport.objects.filter(year=year).prefetch_related("indicators")
        if r.is_reported
    }
    # The summary: one row per unit, reported (✓) or not (—) per campaign, with a count.
    summary = [
        (m.unit, [(campaign.pk, m.unit_id) in reports for campaign in campaigns])
        for m in memberships
    ]
    counts = [sum(1 for m in memberships if (c.pk, m.unit_id) in reports) for c in campaigns]
    # Details only where a unit reported: no rows of "not reported" padding.
    details = [
        (
            campaign,
            [
                (m.unit, reports[(campaign.pk, m.unit_id)])
                for m in memberships
                if (campaign.pk, m.unit_id) in reports
            ],
        )
        for campaign in campaigns
    ]
    return {
        "narrative": conference.campaign_results if conference else "",
        "campaigns": campaigns,
        "summary": summary,
        "counts": counts,
        "reported": sum(counts),
        "details": [(c, units) for c, units in details if units],
    }


def _narrative(field: str):
    def data(source: ReportSource) -> dict[str, Any]:
        return {"narrative": getattr(source.conference, field) if source.conference else ""}

    return data


NARRATIVE = "documents/report/narrative.html"

MEMBERS = ReportSection(
    "Tổ chức của Cụm và hội nghị tổng kết", "documents/report/members.html", members_section
)
CAMPAIGNS = ReportSection(
    "Kết quả thực hiện các phong trào thi đua",
    "documents/report/campaigns.html",
    campaigns_section,
)
COMMENDATION_WORK = ReportSection(
    "Công tác khen thưởng", NARRATIVE, _narrative("commendation_work")
)
SHORTCOMINGS = ReportSection("Tồn tại, hạn chế", NARRATIVE, _narrative("shortcomings"))
NEXT_TASKS = ReportSection("Phương hướng, nhiệm vụ năm sau", NARRATIVE, _narrative("next_tasks"))


# --- what the conference decided, for the conference page --------------------------------------


def covenant_outcome(year: EmulationYear) -> list[tuple[str, str]]:
    following = EmulationYear.objects.filter(cluster=year.cluster, year=year.year + 1).first()
    if following is None or not Covenant.objects.filter(year=following).exists():
        return []
    url = reverse("campaigns:covenant_detail", args=[year.cluster.slug, following.year])
    return [(_("Giao ước thi đua năm %(year)d") % {"year": following.year}, url)]
