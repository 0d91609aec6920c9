"""What the awards app asks before a year closes (config/year.py `close_checks`).

A draft proposal letter would be frozen unsent, and a year without the head's award decision
leaves the registry and the report empty: both block (a draft is sent or deleted). A letter sent
upward whose decision has not come back yet is a warning: the superior's decision often comes
months after the conference, and it is recorded on the letter later.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from awards.models import Proposal
from clusters.flow import Problem
from clusters.models import EmulationYear


def close_check(year: EmulationYear) -> list[Problem]:
    """Proposals sent (or deleted), the head's decision recorded. Two queries."""
    problems: list[Problem] = []
    proposals = Proposal.objects.filter(year=year).select_related("award_type")
    for proposal in proposals:
        if proposal.state == Proposal.State.DRAFT:
            problems.append(
                Problem(
                    _("Tờ trình đề nghị tặng %(award)s còn là dự thảo: ghi nhận đã gửi, hoặc xóa.")
                    % {"award": proposal.award_type.name}
                )
            )
        elif proposal.state == Proposal.State.SENT:
            problems.append(
                Problem(
                    _(
                        "Tờ trình đề nghị tặng %(award)s đã gửi, chưa ghi nhận quyết định "
                        "của cấp trên."
                    )
                    % {"award": proposal.award_type.name},
                    blocking=False,
                )
            )
    if not year.award_decisions.exists():
        problems.append(Problem(_("Chưa nhập quyết định khen thưởng của năm.")))
    return problems
