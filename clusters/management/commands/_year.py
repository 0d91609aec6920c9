"""Finding the year and the unit that a management command names."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from clusters.models import EmulationYear, Membership, Unit


def find_year(cluster_slug: str, year: int) -> EmulationYear:
    found = EmulationYear.objects.select_related("cluster", "host_unit").filter(
        cluster__slug=cluster_slug, year=year
    )
    if not found:
        raise CommandError(
            _("Không có năm thi đua %(year)d của “%(cluster)s”.")
            % {"year": year, "cluster": cluster_slug}
        )
    return found.get()


def find_member(year: EmulationYear, code: str) -> Unit:
    """A member of the year by its slug (e.g. nam-dinh) or its administrative code (e.g. 36)."""
    memberships = Membership.objects.select_related("unit").filter(year=year)
    for membership in memberships:
        if code in (membership.unit.slug, membership.unit.admin_code):
            return membership.unit
    raise CommandError(
        _("Đơn vị “%(unit)s” không phải thành viên năm %(year)d.")
        % {"unit": code, "year": year.year}
    )
