"""The conference report (báo cáo tổng kết) of a year: sections from every app, one document.

The report is assembled from sections. Campaigns writes the narrative ones and the members and
campaign results; the apps above it (scoring: ranking, ballots, next year's leaders; awards:
proposals, decisions) register theirs in AppConfig.ready(), so campaigns imports none of them.
A section's data function runs a fixed number of queries and returns the template's context; an
empty section is printed with a note, not left out, so a reader sees what has no data yet.

The conference page links to what the conference decided through the same kind of registry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from campaigns.models import CampaignReport, Conference, Covenant
from clusters.documents import DocumentHeader
from clusters.models import EmulationYear, Membership
from clusters.queries import role_order

SectionData = Callable[[EmulationYear], dict[str, Any]]


@dataclass(frozen=True)
class Section:
    order: int
    title: str
    template: str  # rendered with the data; must say so itself when it has nothing to show
    data: SectionData


_sections: list[Section] = []
_outcomes: list[Callable[[EmulationYear], list[tuple[str, str]]]] = []


def register_section(order: int, title: str, template: str, data: SectionData) -> None:
    if all(existing.title != title for existing in _sections):
        _sections.append(Section(order, title, template, data))
        _sections.sort(key=lambda s: s.order)


def register_outcomes(provider: Callable[[EmulationYear], list[tuple[str, str]]]) -> None:
    """Links (label, url) to what the conference decided, shown on the conference page."""
    if provider not in _outcomes:
        _outcomes.append(provider)


def outcomes(year: EmulationYear) -> list[tuple[str, str]]:
    return [link for provider in _outcomes for link in provider(year)]


ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


@dataclass(frozen=True)
class RenderedSection:
    number: str
    title: str
    template: str
    data: dict[str, Any]


def year_conference(year: EmulationYear) -> Conference | None:
    """The year's conference record with its guests, read once per report and kept on the year:
    the header and several sections all need it."""
    if not hasattr(year, "_report_conference"):
        year._report_conference = (
            Conference.objects.filter(year=year).prefetch_related("guests").first()
        )
    return year._report_conference


def report_context(year: EmulationYear) -> dict[str, Any]:
    conference = year_conference(year)
    head = year.memberships.filter(role=Membership.Role.HEAD).select_related("unit").first()
    head_unit = head.unit if head else None
    representative = year.representatives_by_unit.get(head_unit.pk) if head_unit else None
    sections = [
        RenderedSection(ROMAN[index], section.title, section.template, section.data(year))
        for index, section in enumerate(_sections)
    ]
    return {
        "header": DocumentHeader(
            issuer=year.cluster.name,
            place=year.host_unit.name if year.host_unit else (year.conference_place or ""),
            date=year.conference_date,
            number=conference.report_number if conference else "",
        ),
        "year": year,
        "cluster": year.cluster,
        "conference": conference,
        "sections": sections,
        "head_unit": head_unit,
        "representative": representative,
        # A report is a draft until its year is closed.
        "draft": not year.is_closed,
        "closing_recipients": [
            "Hội đồng Thi đua - Khen thưởng Trung ương;",
            "Ban Thi đua - Khen thưởng Trung ương;",
            "Các tỉnh thành viên Cụm;",
            "Lưu: VT.",
        ],
        "closing_titles": ["Cụm trưởng"],
        "closing_note": "(tên mẫu)" if representative and representative.is_sample else "",
    }


# --- campaigns' own sections -----------------------------------------------------------------


def members_section(year: EmulationYear) -> dict[str, Any]:
    memberships = sorted(year.memberships.select_related("unit"), key=role_order)
    return {"memberships": memberships, "conference": year_conference(year)}


def campaigns_section(year: EmulationYear) -> dict[str, Any]:
    conference = year_conference(year)
    campaigns = list(year.campaigns.order_by("pk"))
    memberships = sorted(year.memberships.select_related("unit"), key=lambda m: m.unit.search_name)
    reports = {
        (r.campaign_id, r.unit_id): r
        for r in CampaignReport.objects.filter(year=year).prefetch_related("indicators")
    }
    rows = [
        (
            campaign,
            [(m.unit, reports.get((campaign.pk, m.unit_id))) for m in memberships],
        )
        for campaign in campaigns
    ]
    return {"narrative": conference.campaign_results if conference else "", "rows": rows}


def _narrative(field: str) -> SectionData:
    def data(year: EmulationYear) -> dict[str, Any]:
        conference = year_conference(year)
        return {"narrative": getattr(conference, field) if conference else ""}

    return data


def covenant_outcome(year: EmulationYear) -> list[tuple[str, str]]:
    following = EmulationYear.objects.filter(cluster=year.cluster, year=year.year + 1).first()
    if following is None or not Covenant.objects.filter(year=following).exists():
        return []
    url = reverse("campaigns:covenant_detail", args=[year.cluster.slug, following.year])
    return [(f"Giao ước thi đua năm {following.year}", url)]


NARRATIVE = "documents/report/narrative.html"


def register_own_sections() -> None:
    register_section(
        10, "Tổ chức của Cụm và hội nghị tổng kết", "documents/report/members.html", members_section
    )
    register_section(
        20,
        "Kết quả thực hiện các phong trào thi đua",
        "documents/report/campaigns.html",
        campaigns_section,
    )
    register_section(30, "Công tác khen thưởng", NARRATIVE, _narrative("commendation_work"))
    register_section(80, "Tồn tại, hạn chế", NARRATIVE, _narrative("shortcomings"))
    register_section(90, "Phương hướng, nhiệm vụ năm sau", NARRATIVE, _narrative("next_tasks"))
    register_outcomes(covenant_outcome)
