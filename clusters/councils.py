"""Services of the organising councils (issue 11): registering a council (the demo by slug,
the set-up pages by form), appointing and removing its officers, each audited. Who sees what
because of a council is clusters.access's."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from clusters import audit
from clusters.models import Council, CouncilOfficer, Unit, User
from clusters.services import Refused
from clusters.setup import refuse_invalid
from clusters.text import slug_of

COUNCIL_FIELDS = ["name", "kind", "province"]
RESERVED_SLUGS = frozenset({"them"})


@transaction.atomic
def council_register(
    *, actor: User | None, slug: str, name: str, kind: str, province: Unit | None = None
) -> Council:
    """Create the council with this slug, or bring its name, kind and province up to date (the
    demo's loader): the set-up's `council_save`, under the same rules."""
    council = Council.objects.filter(slug=slug).first()
    return council_save(
        actor=actor, council=council, name=name, kind=kind, province=province, slug=slug
    )


def province_refusal(kind: str, province: Unit | None) -> Refused | None:
    """A council's level and its province must agree (the set-up form asks it too, so that the
    refusal stands next to the province rather than the model constraint's at the top)."""
    if kind == Council.Kind.CENTRAL and province is not None:
        return Refused(_("Hội đồng Trung ương không thuộc một tỉnh, thành phố."), field="province")
    if kind == Council.Kind.PROVINCIAL and province is None:
        return Refused(_("Hãy chọn tỉnh, thành phố của hội đồng."), field="province")
    return None


@transaction.atomic
def council_save(
    *,
    actor: User | None,
    council: Council | None,
    name: str,
    kind: str,
    province: Unit | None = None,
    slug: str = "",
) -> Council:
    """Create a council (council None) or change one, from the set-up pages. The slug is set
    once: the council's pages, its notices' links and its API clients' scope are under it."""
    name = name.strip()
    if council is not None:
        council = Council.objects.select_for_update().get(pk=council.pk)
        slug = council.slug
    else:
        slug = (slug or "").strip() or slug_of(name)
    if slug in RESERVED_SLUGS:  # the add page's address, /thiet-lap/hoi-dong/them/
        raise Refused(_("Mã định danh “%(slug)s” không dùng được.") % {"slug": slug}, field="slug")
    others = Council.objects.exclude(pk=council.pk if council else None)
    if others.filter(name__iexact=name).exists():
        raise Refused(_("Đã có hội đồng mang tên “%(name)s”.") % {"name": name}, field="name")
    if others.filter(slug=slug).exists():
        raise Refused(
            _("Mã định danh “%(slug)s” đã có hội đồng khác dùng.") % {"slug": slug}, field="slug"
        )
    if refusal := province_refusal(kind, province):
        raise refusal
    before = audit.snapshot(council, COUNCIL_FIELDS + ["slug"]) if council else {}
    council = council or Council(slug=slug)
    council.name, council.kind, council.province = name, kind, province
    refuse_invalid(council)  # lengths, choices, a name that gives no slug: next to the field
    try:
        with transaction.atomic():  # a savepoint: the unique constraints have the last word
            council.save()
    except IntegrityError as error:
        # Another administrator saved the same name or slug between our check and our write.
        raise Refused(
            _("Đã có hội đồng mang tên “%(name)s”.") % {"name": name}, field="name"
        ) from error
    changes = audit.diff(before, audit.snapshot(council, COUNCIL_FIELDS + ["slug"]))
    if changes:
        audit.record(actor=actor, action="council.save", target=council, changes=changes)
    return council


@transaction.atomic
def council_officer_appoint(*, actor: User | None, council: Council, user: User) -> CouncilOfficer:
    """Make `user`, an active account, an officer of `council` (a person works for one council
    at most)."""
    # The person's row locked: two appointments of one person at once are served one by one.
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.is_active:
        raise Refused(
            _("Tài khoản %(person)s đã ngừng, không giao được.") % {"person": user}, field="user"
        )
    office = CouncilOfficer.objects.select_related("council").filter(user=user).first()
    if office is not None and office.council_id == council.pk:
        raise Refused(
            _("%(person)s đã là cán bộ của hội đồng này.") % {"person": user}, field="user"
        )
    if office is not None:
        raise Refused(
            _("%(person)s đã là cán bộ của %(council)s.")
            % {"person": user, "council": office.council},
            field="user",
        )
    office = CouncilOfficer.objects.create(council=council, user=user)
    audit.record(actor=actor, action="council.officer", target=council, summary=str(user))
    return office


@transaction.atomic
def council_officer_remove(*, actor: User | None, office: CouncilOfficer) -> None:
    """End a person's work for the council: they no longer see its clusters. The appointment
    has no state of its own to keep, so the row goes and the audit event keeps who it was."""
    office = (
        CouncilOfficer.objects.select_for_update()
        .select_related("council", "user")
        .filter(pk=office.pk)
        .first()
    )
    if office is None:
        raise Refused(_("Người này không còn là cán bộ của hội đồng."), status=409)
    audit.record(
        actor=actor,
        action="council.officer_remove",
        target=office.council,
        summary=str(office.user),
        changes={"officer": [office.user.username, None]},
    )
    office.delete()
