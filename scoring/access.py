"""Who may see and change score sheets (on top of clusters/access.py).

- A draft (or a sheet not started) is seen only by its own unit's people and the secretariat;
  everyone else gets 404, as if it did not exist.
- A submitted or later sheet is read by every member of the cluster (the cluster's transparency).
- Only the unit's own staff fill and submit it; the secretariat, and staff of a peer unit the year
  assigns to cross-review it, adjust it; only the secretariat finalises.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from clusters import access
from clusters.models import EmulationYear, Unit, User
from scoring.models import Assessment, ReviewAssignment


def get_assessment_for_user(
    user: User, year: EmulationYear, unit_slug: str
) -> tuple[Unit, Assessment | None]:
    """The member unit and its sheet (None when not started) if the person may see it, else 404."""
    unit = access.get_member_unit_for_user(user, year, unit_slug)
    assessment = Assessment.objects.filter(year=year, unit=unit).first()
    private = assessment is None or assessment.is_draft
    if private and not (user.unit_id == unit.pk or access.is_secretariat(user, year)):
        raise Http404
    return unit, assessment


def require_sheet_editor(user: User, unit: Unit) -> None:
    if not access.is_own_unit_staff(user, unit):
        raise PermissionDenied(_("Chỉ cán bộ của đơn vị được nhập bảng tự chấm điểm của đơn vị."))


def is_reviewer(user: User, year: EmulationYear, unit: Unit) -> bool:
    if access.is_secretariat(user, year):
        return True
    if user.role != User.Role.STAFF or user.unit_id is None or user.unit_id == unit.pk:
        return False
    return ReviewAssignment.objects.filter(
        year=year, reviewer_unit_id=user.unit_id, reviewed_unit=unit
    ).exists()


def require_reviewer(user: User, year: EmulationYear, unit: Unit) -> None:
    if not is_reviewer(user, year, unit):
        raise PermissionDenied(
            _("Chỉ %(secretary)s hoặc đơn vị được phân công chấm chéo được điều chỉnh.")
            % {"secretary": year.cluster.ui_words.secretary}
        )


def require_voter(user: User, year: EmulationYear) -> None:
    """A ballot is cast by an officer (staff) of a member unit, for that unit."""
    if user.role != User.Role.STAFF or user.unit_id is None:
        raise PermissionDenied(_("Chỉ cán bộ của đơn vị thành viên được bỏ phiếu."))
    if not year.memberships.filter(unit_id=user.unit_id).exists():
        raise PermissionDenied(_("Đơn vị của anh/chị không phải thành viên năm này."))
