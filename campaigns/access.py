"""Access helpers for campaigns, campaign reports and covenants, built on clusters.access.

A campaign of the Prime Minister is read by every signed-in person; one launched by a province
or a cluster by the members of the clusters concerned (CampaignQuerySet.visible_to). Everything
of a year (its campaigns, reports, covenant) is read by whoever sees the year; other clusters'
objects answer 404. Reports and signatures are changed by the unit's own staff only, the
covenant's text and state by the year's secretariat.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from campaigns.models import Campaign, Covenant
from clusters.access import is_own_unit_staff, visible_cluster_ids
from clusters.models import EmulationYear, Unit, User


def visible_campaigns(user: User) -> QuerySet[Campaign]:
    return Campaign.objects.visible_to(visible_cluster_ids(user))


def get_campaign_for_user(user: User, pk: int) -> Campaign:
    campaign = (
        visible_campaigns(user)
        .select_related("launcher_unit", "launcher_cluster")
        .filter(pk=pk)
        .first()
    )
    if campaign is None:
        raise Http404
    return campaign


def get_year_campaign_for_user(user: User, year: EmulationYear, pk: int) -> Campaign:
    """A campaign that this (already visible) year follows, or 404."""
    campaign = year.campaigns.filter(pk=pk).first()
    if campaign is None:
        raise Http404
    return campaign


def get_covenant_for_user(user: User, year: EmulationYear, version: int | None = None) -> Covenant:
    """A version of the covenant of this (already visible) year; the latest when not given."""
    covenants = Covenant.objects.filter(year=year)
    found = (
        covenants.order_by("-version").first()
        if version is None
        else covenants.filter(version=version).first()
    )
    if found is None:
        raise Http404
    found.year = year  # already loaded with its cluster
    return found


def require_own_unit_staff(user: User, unit: Unit) -> None:
    """Pledges, results and signatures are the unit's own: not even the secretariat's."""
    if not is_own_unit_staff(user, unit):
        raise PermissionDenied(_("Anh/chị chỉ được thực hiện cho đơn vị mình."))
