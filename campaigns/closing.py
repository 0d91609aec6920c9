"""What the campaigns app asks before a year closes (config/year.py `close_checks`).

The conference record is the report's source, and closing freezes it: a report without its
chair, its number or its narrative would go out with "Chưa có nội dung", so those block. A
conference without guests, a missing campaign narrative and campaign reports not yet in are
lesser gaps: real clusters close with some reports missing, so the secretariat confirms them.
"""

from __future__ import annotations

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from campaigns.models import Conference
from campaigns.phases import missing_reports
from clusters.flow import Problem
from clusters.models import EmulationYear

# The report's narrative sections that print "Chưa có nội dung" when empty.
NARRATIVE_FIELDS = ("commendation_work", "shortcomings", "next_tasks")


def close_check(year: EmulationYear) -> list[Problem]:
    """The conference record complete, and every member's campaign reports in. Four queries."""
    return conference_problems(year) + report_problems(year)


def conference_problems(year: EmulationYear) -> list[Problem]:
    conference = Conference.objects.filter(year=year).first()
    if conference is None:
        return [Problem(_("Chưa ghi hội nghị tổng kết (chủ trì, số báo cáo, nội dung báo cáo)."))]
    problems: list[Problem] = []
    if year.conference_date is None:
        # The report dates the conference, and names its chair in the same sentence.
        problems.append(Problem(_("Hội nghị tổng kết chưa có ngày tổ chức.")))
    if not conference.chair.strip():
        problems.append(Problem(_("Hội nghị tổng kết chưa ghi người chủ trì.")))
    if not conference.report_number.strip():
        problems.append(Problem(_("Báo cáo tổng kết chưa có số.")))
    for name in NARRATIVE_FIELDS:
        if not getattr(conference, name).strip():
            label = capfirst(Conference._meta.get_field(name).verbose_name)
            problems.append(
                Problem(_("Báo cáo tổng kết chưa có phần “%(section)s”.") % {"section": label})
            )
    if not conference.campaign_results.strip():
        problems.append(
            Problem(
                _("Báo cáo tổng kết chưa có phần nhận xét chung về các phong trào thi đua."),
                blocking=False,
            )
        )
    if not conference.guests.exists():
        problems.append(Problem(_("Hội nghị tổng kết chưa ghi đại biểu tới dự."), blocking=False))
    return problems


def report_problems(year: EmulationYear) -> list[Problem]:
    """One warning per campaign with members that have not reported, naming them."""
    total, missing_by_campaign = missing_reports(year)
    problems = []
    for campaign, missing in missing_by_campaign:
        if not missing:
            continue
        values = {"title": campaign.title, "count": len(missing), "total": total}
        if len(missing) == total:
            text = _("Phong trào “%(title)s”: chưa đơn vị nào báo cáo (0/%(total)d).") % values
        else:
            text = _(
                "Phong trào “%(title)s”: %(count)d/%(total)d đơn vị chưa báo cáo (%(units)s)."
            ) % (values | {"units": ", ".join(missing)})
        problems.append(Problem(text, blocking=False))
    return problems
