"""Who may see and change what. Every view calls one of these helpers first.

Rules (DESIGN.md, "Who uses it"):
- an administrator sees and changes everything;
- a person sees the clusters their unit is a member of (in any year), and nothing else:
  another cluster's objects answer 404 so that their existence does not leak;
- the secretariat of a year is the staff of that year's head unit, plus explicit grants;
- unit staff change their own unit's entries; viewers change nothing (403);
- an officer of an organising council (CouncilOfficer) also sees every cluster and block the
  council organises, and changes nothing of them (no rule below grants them a write): they only
  record the council's outcome of the proposals arriving from them (`require_council_officer`).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from clusters.models import Cluster, Council, EmulationYear, Membership, Unit, User

_VISIBLE = "_visible_cluster_ids"  # cached on the request's user object, never across requests


def visible_cluster_ids(user: User) -> frozenset[int] | None:
    """Ids of the clusters a person may see; None means all (an administrator): their unit's
    clusters (in any year) and those their council organises.

    Read once per request, in one query (a UNION of the two), and kept on the signed-in user's
    object, so every later query of the page filters on a short list of ids instead of
    repeating the subqueries.
    """
    if user.is_administrator:
        return None
    if _VISIBLE not in user.__dict__:
        organised = Cluster.objects.filter(council__officers__user_id=user.pk).values_list("pk")
        if user.unit_id is not None:
            members = (
                Membership.objects.filter(unit_id=user.unit_id)
                .order_by()
                .values_list("year__cluster_id")
            )
            organised = members.union(organised.order_by())
        user.__dict__[_VISIBLE] = frozenset(pk for (pk,) in organised)
    return user.__dict__[_VISIBLE]


def visible_clusters(user: User) -> QuerySet[Cluster]:
    ids = visible_cluster_ids(user)
    return Cluster.objects.all() if ids is None else Cluster.objects.filter(pk__in=ids)


def get_cluster_for_user(user: User, slug: str) -> Cluster:
    return get_object_or_404(visible_clusters(user), slug=slug)


def get_year_for_user(user: User, cluster_slug: str, year: int) -> EmulationYear:
    found = (
        EmulationYear.objects.select_related("cluster__council", "host_unit")
        .filter(cluster__slug=cluster_slug, year=year)
        .first()
    )
    ids = visible_cluster_ids(user)
    if found is None or (ids is not None and found.cluster_id not in ids):
        raise Http404
    return found


def get_unit_for_user(user: User, slug: str) -> Unit:
    """A unit that has been a member of a cluster the person can see, or the direct successor
    or predecessor of one (Ninh Bình of 2025 for whoever sees a year Hà Nam was a member of)."""
    ids = visible_cluster_ids(user)
    units = Unit.objects.filter(slug=slug)
    if ids is not None:
        seen = Membership.objects.filter(year__cluster_id__in=ids)
        links = Unit.successors.through.objects
        units = units.filter(
            Exists(seen.filter(unit_id=OuterRef("pk")))
            | Exists(links.filter(to_unit_id=OuterRef("pk"), from_unit__memberships__in=seen))
            | Exists(links.filter(from_unit_id=OuterRef("pk"), to_unit__memberships__in=seen))
        )
    unit = units.first()
    if unit is None:
        raise Http404
    return unit


def is_secretariat(user: User, year: EmulationYear) -> bool:
    if user.is_administrator:
        return True
    if user.role == User.Role.VIEWER:
        return False
    # One query: staff of the year's head unit, or an explicit grant.
    is_head_staff = Q(memberships__unit_id=user.unit_id, memberships__role=Membership.Role.HEAD)
    return (
        EmulationYear.objects.filter(pk=year.pk)
        .filter(is_head_staff | Q(secretariat_grants__user=user))
        .exists()
    )


def require_secretariat(user: User, year: EmulationYear) -> None:
    if not is_secretariat(user, year):
        raise PermissionDenied(
            _("Chỉ %(secretary)s của năm này được thực hiện thao tác này.")
            % {"secretary": year.cluster.ui_words.secretary}
        )


def get_member_unit_for_user(user: User, year: EmulationYear, unit_slug: str) -> Unit:
    """A unit that is a member of this (already visible) year, or 404."""
    membership = (
        Membership.objects.select_related("unit").filter(year=year, unit__slug=unit_slug).first()
    )
    if membership is None:
        raise Http404
    return membership.unit


def is_own_unit_staff(user: User, unit: Unit) -> bool:
    return user.role == User.Role.STAFF and user.unit_id == unit.pk


def require_unit_editor(user: User, year: EmulationYear, unit: Unit) -> None:
    """The unit's own staff, or the year's secretariat, may change the unit's entries."""
    if not (is_own_unit_staff(user, unit) or is_secretariat(user, year)):
        raise PermissionDenied(_("Anh/chị chỉ được sửa thông tin của đơn vị mình."))


def require_administrator(user: User) -> None:
    """Installation-wide pages (the whole activity log, sign-ins included)."""
    if not user.is_administrator:
        raise PermissionDenied(_("Chỉ quản trị hệ thống được xem trang này."))


# --- organising councils ------------------------------------------------------------------------


def council_of(user: User) -> Council | None:
    """The council the person works for, if any (one query, kept on the user's object)."""
    if "_council" not in user.__dict__:
        user.__dict__["_council"] = Council.objects.filter(officers__user_id=user.pk).first()
    return user.__dict__["_council"]


def visible_councils(user: User) -> QuerySet[Council]:
    """The councils whose pages a person may open: all for an administrator, else their own."""
    if user.is_administrator:
        return Council.objects.all()
    return Council.objects.filter(officers__user_id=user.pk)


def get_council_for_user(user: User, slug: str) -> Council:
    """A council's pages are for its officers (and administrators): anyone else gets 404, the
    members of its clusters included."""
    return get_object_or_404(visible_councils(user), slug=slug)


def is_council_officer(user: User, council: Council) -> bool:
    if user.is_administrator:
        return True
    found = council_of(user)
    return found is not None and found.pk == council.pk


def require_council_officer(user: User, council: Council) -> None:
    if not is_council_officer(user, council):
        raise PermissionDenied(_("Chỉ cán bộ của hội đồng được ghi nhận ý kiến của hội đồng."))
