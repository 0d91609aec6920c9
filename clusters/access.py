"""Who may see and change what. Every view calls one of these helpers first.

Rules (DESIGN.md, "Who uses it"):
- an administrator sees and changes everything;
- a person sees the clusters their unit is a member of (in any year), and nothing else:
  another cluster's objects answer 404 so that their existence does not leak;
- the secretariat of a year is the staff of that year's head unit, plus explicit grants;
- unit staff change their own unit's entries; viewers change nothing (403).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from clusters.models import Cluster, EmulationYear, Membership, Unit, User


def visible_clusters(user: User) -> QuerySet[Cluster]:
    if user.is_administrator:
        return Cluster.objects.all()
    if user.unit_id is None:
        return Cluster.objects.none()
    return Cluster.objects.filter(
        pk__in=Membership.objects.filter(unit_id=user.unit_id).values("year__cluster_id")
    )


def visible_units(user: User) -> QuerySet[Unit]:
    """Units that have been members of a cluster the person can see."""
    if user.is_administrator:
        return Unit.objects.all()
    return Unit.objects.filter(
        pk__in=Membership.objects.filter(year__cluster__in=visible_clusters(user)).values("unit_id")
    )


def get_cluster_for_user(user: User, slug: str) -> Cluster:
    return get_object_or_404(visible_clusters(user), slug=slug)


def get_year_for_user(user: User, cluster_slug: str, year: int) -> EmulationYear:
    return get_object_or_404(
        EmulationYear.objects.select_related("cluster", "host_unit").filter(
            cluster__in=visible_clusters(user)
        ),
        cluster__slug=cluster_slug,
        year=year,
    )


def get_unit_for_user(user: User, slug: str) -> Unit:
    return get_object_or_404(visible_units(user), slug=slug)


def is_secretariat(user: User, year: EmulationYear) -> bool:
    if user.is_administrator:
        return True
    if user.role == User.Role.VIEWER:
        return False
    if user.unit_id is not None and (
        Membership.objects.filter(
            year=year, unit_id=user.unit_id, role=Membership.Role.HEAD
        ).exists()
    ):
        return True
    return year.secretariat_grants.filter(user=user).exists()


def require_secretariat(user: User, year: EmulationYear) -> None:
    if not is_secretariat(user, year):
        raise PermissionDenied("Chỉ thư ký cụm của năm này được thực hiện thao tác này.")


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
        raise PermissionDenied("Anh/chị chỉ được sửa thông tin của đơn vị mình.")
