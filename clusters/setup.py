"""Setting up an installation: units, clusters, accounts and a cluster's new year.

Services on the convention of clusters/services.py; the demo tells its story through them, and
the administrator's pages will too. Each writes its audit event.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from clusters import audit
from clusters.models import Cluster, EmulationYear, Membership, Unit, User
from clusters.services import Refused

UNIT_FIELDS = ("name", "kind", "admin_code", "valid_from", "valid_to")
CLUSTER_FIELDS = ("name", "kind", "council", "description")


@transaction.atomic
def unit_register(
    *,
    actor: User | None,
    slug: str,
    name: str,
    kind: str = Unit.Kind.PROVINCE,
    admin_code: str = "",
    valid_from: datetime.date | None = None,
    valid_to: datetime.date | None = None,
    predecessors: Sequence[Unit] = (),
) -> Unit:
    """Create the unit, or bring an existing one (same slug) to these values."""
    unit = Unit.objects.select_for_update().filter(slug=slug).first()
    before = audit.snapshot(unit, UNIT_FIELDS) if unit else {}
    unit = unit or Unit(slug=slug)
    unit.name, unit.kind, unit.admin_code = name, kind, admin_code
    unit.valid_from, unit.valid_to = valid_from, valid_to
    unit.full_clean(validate_unique=False)
    unit.save()
    for old in predecessors:
        old.successors.add(unit)
    changes = audit.diff(before, audit.snapshot(unit, UNIT_FIELDS))
    if changes or predecessors:
        audit.record(
            actor=actor,
            action="unit.save",
            target=unit,
            summary=", ".join(old.name for old in predecessors),
            changes=changes,
        )
    return unit


@transaction.atomic
def cluster_register(
    *, actor: User | None, slug: str, name: str, kind: str, council: str = "", description: str = ""
) -> Cluster:
    cluster = Cluster.objects.select_for_update().filter(slug=slug).first()
    before = audit.snapshot(cluster, CLUSTER_FIELDS) if cluster else {}
    cluster = cluster or Cluster(slug=slug)
    cluster.name, cluster.kind, cluster.council = name, kind, council
    cluster.description = description
    cluster.full_clean(validate_unique=False)
    cluster.save()
    changes = audit.diff(before, audit.snapshot(cluster, CLUSTER_FIELDS))
    if changes:
        audit.record(actor=actor, action="cluster.save", target=cluster, changes=changes)
    return cluster


@transaction.atomic
def year_open(
    *,
    actor: User | None,
    cluster: Cluster,
    year: int,
    head: Unit,
    members: Sequence[Unit],
    deputies: Sequence[Unit] = (),
    notes: str = "",
) -> EmulationYear:
    """A cluster's first year (later years open when the previous one closes)."""
    Cluster.objects.select_for_update().get(pk=cluster.pk)
    if EmulationYear.objects.filter(cluster=cluster, year=year).exists():
        raise Refused(_("Cụm này đã có năm thi đua này."), field="year")
    if head not in members:
        raise Refused(_("Cụm trưởng phải là đơn vị thành viên."), field="head")
    invalid = [unit.name for unit in members if not unit.is_valid_in(year)]
    if invalid:
        raise Refused(
            _("Các đơn vị không còn hiệu lực trong năm %(year)s: %(units)s.")
            % {"year": year, "units": ", ".join(invalid)},
            field="members",
        )
    opened = EmulationYear.objects.create(cluster=cluster, year=year, host_unit=head, notes=notes)
    roles = {head.pk: Membership.Role.HEAD} | {
        unit.pk: Membership.Role.DEPUTY for unit in deputies if unit != head
    }
    Membership.objects.bulk_create(
        Membership(year=opened, unit=unit, role=roles.get(unit.pk, Membership.Role.MEMBER))
        for unit in members
    )
    audit.record(
        actor=actor,
        action="year.open",
        target=opened,
        summary=_("%(count)d đơn vị thành viên; Cụm trưởng: %(head)s")
        % {"count": len(members), "head": head.name},
    )
    return opened


@transaction.atomic
def account_create(
    *,
    actor: User | None,
    username: str,
    full_name: str,
    unit: Unit | None,
    role: str,
    password: str | None,
    is_superuser: bool = False,
    email: str = "",
) -> User:
    """A new person's account; without a password it cannot sign in (set one, or invite)."""
    if User.objects.filter(username=username).exists():
        raise Refused(_("Tên đăng nhập này đã có người dùng."), field="username")
    person = User(
        username=username,
        full_name=full_name,
        email=email,
        unit=unit,
        role=role,
        is_superuser=is_superuser,
        is_staff=is_superuser,
    )
    if password:
        person.set_password(password)
    else:
        person.set_unusable_password()
    person.save()
    audit.record(
        actor=actor,
        action="account.save",
        target=person,
        summary=f"{person.get_role_display()}{f' · {unit.name}' if unit else ''}",
    )
    return person
