"""Services of the organising councils (issue 11): registering a council and appointing its
officers, each audited. Who sees what because of a council is clusters.access's."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from clusters import audit
from clusters.models import Council, CouncilOfficer, Unit, User
from clusters.services import Refused

COUNCIL_FIELDS = ["name", "kind", "province"]


@transaction.atomic
def council_register(
    *, actor: User | None, slug: str, name: str, kind: str, province: Unit | None = None
) -> Council:
    """Create the council with this slug, or bring its name, kind and province up to date."""
    if kind == Council.Kind.CENTRAL and province is not None:
        raise Refused(_("Hội đồng Trung ương không thuộc một tỉnh, thành phố."), field="province")
    council = Council.objects.select_for_update().filter(slug=slug).first()
    before = audit.snapshot(council, COUNCIL_FIELDS) if council else {}
    council = council or Council(slug=slug)
    council.name, council.kind, council.province = name.strip(), kind, province
    council.full_clean(validate_unique=False)
    council.save()
    changes = audit.diff(before, audit.snapshot(council, COUNCIL_FIELDS))
    if changes:
        audit.record(actor=actor, action="council.save", target=council, changes=changes)
    return council


@transaction.atomic
def council_officer_appoint(*, actor: User | None, council: Council, user: User) -> CouncilOfficer:
    """Make `user` an officer of `council` (a person works for one council at most)."""
    office = CouncilOfficer.objects.select_for_update().filter(user=user).first()
    if office is not None and office.council_id != council.pk:
        raise Refused(
            _("%(person)s đã là cán bộ của %(council)s.")
            % {"person": user, "council": office.council},
            field="user",
        )
    if office is None:
        office = CouncilOfficer.objects.create(council=council, user=user)
        audit.record(actor=actor, action="council.officer", target=council, summary=str(user))
    return office
