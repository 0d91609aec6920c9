"""Setting up an installation: units, clusters, accounts and a cluster's new year.

Services on the convention of clusters/services.py; the demo tells its story through them, and
the administrator's pages will too. Each writes its audit event.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from clusters import audit
from clusters.models import Cluster, EmulationYear, Membership, SecretariatGrant, Unit, User
from clusters.services import Refused, lock_open_year
from clusters.text import slug_of

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
    words = cluster.ui_words  # "Khối trưởng" in a khối
    if EmulationYear.objects.filter(cluster=cluster, year=year).exists():
        raise Refused(
            _("%(cluster)s đã có năm thi đua %(year)d.") % {"cluster": cluster.name, "year": year},
            field="year",
        )
    if head not in members:
        raise Refused(
            _("%(head)s phải là đơn vị thành viên.") % {"head": capfirst(words.head)},
            field="head",
        )
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
        summary=_("%(count)d đơn vị thành viên; %(head_word)s: %(head)s")
        % {"count": len(members), "head_word": capfirst(words.head), "head": head.name},
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


# --- the set-up pages' services (clusters/setup_views.py) -------------------------------------


def refuse_invalid(instance, exclude: Sequence[str] = ()) -> None:
    """The model's own checks (validity dates, lengths, choices), as a refusal by field."""
    try:
        instance.full_clean(exclude=list(exclude), validate_unique=False)
    except ValidationError as error:
        (field, messages), *others = error.message_dict.items()
        raise Refused(
            messages[0],
            field=None if field == NON_FIELD_ERRORS else field,
            errors={name: texts[0] for name, texts in others},
        ) from error


def _overlapping(first: Unit, second: Unit) -> bool:
    """Whether two units' validity periods share a day (open ends reach forever)."""
    far_past, far_future = datetime.date.min, datetime.date.max
    return (first.valid_from or far_past) <= (second.valid_to or far_future) and (
        second.valid_from or far_past
    ) <= (first.valid_to or far_future)


@transaction.atomic
def unit_save(
    *,
    actor: User | None,
    unit: Unit | None,
    slug: str,
    name: str,
    kind: str,
    admin_code: str = "",
    valid_from: datetime.date | None = None,
    valid_to: datetime.date | None = None,
    successors: Sequence[Unit] = (),
    **official: Any,
) -> Unit:
    """Create a unit (unit None) or change one, from the set-up pages.

    A slug names one unit for ever; an administrative code names one unit at a time (a unit and
    its successor may share a code when the successor starts after the first one ends). `official`
    carries the names for documents when the Unit model has them.
    """
    slug = (slug or "").strip() or slug_of(name)
    if unit is not None:
        unit = Unit.objects.select_for_update().get(pk=unit.pk)
    taken = Unit.objects.filter(slug=slug).exclude(pk=unit.pk if unit else None)
    if taken.exists():
        raise Refused(
            _("Mã định danh “%(slug)s” đã có đơn vị khác dùng.") % {"slug": slug}, field="slug"
        )
    audited = (*UNIT_FIELDS, "slug", *official)
    before = audit.snapshot(unit, audited) if unit else {}
    unit = unit or Unit()
    unit.slug, unit.name, unit.kind = slug, name.strip(), kind
    unit.admin_code = admin_code.strip()
    unit.valid_from, unit.valid_to = valid_from, valid_to
    for field, value in official.items():
        setattr(unit, field, value)
    refuse_invalid(unit)
    if unit.admin_code:
        same_code = Unit.objects.filter(admin_code=unit.admin_code).exclude(pk=unit.pk)
        clash = next((other for other in same_code if _overlapping(unit, other)), None)
        if clash is not None:
            raise Refused(
                _("Mã hành chính %(code)s đã là mã của %(unit)s trong cùng thời gian hiệu lực.")
                % {"code": unit.admin_code, "unit": clash.name},
                field="admin_code",
            )
    if any(successor.pk == unit.pk for successor in successors if unit.pk):
        raise Refused(_("Đơn vị không thể kế thừa chính nó."), field="successors")
    unit.save()
    old_successors = sorted(unit.successors.values_list("name", flat=True))
    unit.successors.set(successors)
    after = audit.snapshot(unit, audited)
    changes = audit.diff(before, after)
    new_successors = sorted(s.name for s in successors)
    if old_successors != new_successors:
        changes["successors"] = ["; ".join(old_successors), "; ".join(new_successors)]
    if changes or not before:
        audit.record(actor=actor, action="unit.save", target=unit, changes=changes)
    return unit


@transaction.atomic
def cluster_save(
    *,
    actor: User | None,
    cluster: Cluster | None,
    slug: str,
    name: str,
    kind: str,
    council: Any = "",
    description: str = "",
) -> Cluster:
    """Create a cluster or block (cluster None) or change one, from the set-up pages."""
    slug = (slug or "").strip() or slug_of(name)
    if cluster is not None:
        cluster = Cluster.objects.select_for_update().get(pk=cluster.pk)
    if Cluster.objects.filter(slug=slug).exclude(pk=cluster.pk if cluster else None).exists():
        raise Refused(
            _("Mã định danh “%(slug)s” đã có cụm, khối khác dùng.") % {"slug": slug}, field="slug"
        )
    before = audit.snapshot(cluster, CLUSTER_FIELDS + ("slug",)) if cluster else {}
    cluster = cluster or Cluster()
    cluster.slug, cluster.name, cluster.kind = slug, name.strip(), kind
    # The organising council: a name, or a Council row once clusters have them.
    cluster.council = council.strip() if isinstance(council, str) else council
    cluster.description = description.strip()
    refuse_invalid(cluster)
    cluster.save()
    changes = audit.diff(before, audit.snapshot(cluster, CLUSTER_FIELDS + ("slug",)))
    if changes or not before:
        audit.record(actor=actor, action="cluster.save", target=cluster, changes=changes)
    return cluster


def _role_label(year: EmulationYear, role: str) -> str:
    """ "Khối trưởng" in a khối: the role's word from the cluster's kind, not the model's label."""
    words = year.cluster.words
    return {Membership.Role.HEAD: words.head, Membership.Role.DEPUTY: words.deputy}.get(
        role, str(Membership.Role(role).label)
    )


@transaction.atomic
def membership_set(*, actor: User | None, year: EmulationYear, unit: Unit, role: str) -> Membership:
    """Add a unit to the year with its role, or change its role. A year has one head: another
    unit made head is refused until the present head is given another role."""
    locked = lock_open_year(year)
    if role not in Membership.Role.values:
        raise Refused(_("Vai trò không hợp lệ."), field="role")
    if not unit.is_valid_in(locked.year):
        raise Refused(
            _("Đơn vị %(unit)s không còn hiệu lực trong năm %(year)s.")
            % {"unit": unit.name, "year": locked.year},
            field="unit",
        )
    membership = Membership.objects.filter(year=locked, unit=unit).first()
    if role == Membership.Role.HEAD:
        head = (
            Membership.objects.filter(year=locked, role=Membership.Role.HEAD)
            .exclude(unit=unit)
            .select_related("unit")
            .first()
        )
        if head is not None:
            raise Refused(
                _("%(unit)s đang là %(head)s; hãy đổi vai trò của đơn vị đó trước.")
                % {"unit": head.unit.name, "head": _role_label(locked, role)},
                field="role",
            )
    if membership is not None and membership.role == role:
        return membership
    old = _role_label(locked, membership.role) if membership else ""
    if membership is None:
        membership = Membership.objects.create(year=locked, unit=unit, role=role)
        action = "membership.add"
    else:
        membership.role = role
        membership.save(update_fields=["role"])
        action = "membership.role"
    audit.record(
        actor=actor,
        action=action,
        target=locked,
        summary=unit.name,
        changes={"role": [old, _role_label(locked, role)]},
    )
    return membership


@transaction.atomic
def membership_remove(*, actor: User | None, year: EmulationYear, unit: Unit) -> None:
    """Take a unit out of a year still being set up (later its entries belong to the year)."""
    locked = lock_open_year(year)
    if locked.phase != EmulationYear.Phase.SETUP:
        raise Refused(_("Chỉ bớt đơn vị thành viên khi năm thi đua đang ở giai đoạn thiết lập."))
    membership = Membership.objects.filter(year=locked, unit=unit).first()
    if membership is None:
        raise Refused(_("Đơn vị này không phải thành viên của năm thi đua."), status=404)
    if locked.host_unit_id == unit.pk:
        raise Refused(_("Đơn vị này đăng cai hội nghị; hãy chọn đơn vị đăng cai khác trước."))
    from django.apps import apps

    # scoring sits above clusters: its model by name, never imported here.
    reviews = apps.get_model("scoring", "ReviewAssignment").objects.filter(year=locked)
    reviews.filter(Q(reviewer_unit=unit) | Q(reviewed_unit=unit)).delete()
    locked.representatives.filter(unit=unit).delete()
    membership.delete()
    audit.record(
        actor=actor,
        action="membership.remove",
        target=locked,
        summary=unit.name,
        changes={"role": [_role_label(locked, membership.role), ""]},
    )


def review_model():
    from django.apps import apps

    return apps.get_model("scoring", "ReviewAssignment")


@transaction.atomic
def review_assign(*, actor: User | None, year: EmulationYear, reviewer: Unit, reviewed: Unit):
    """A member unit reviews another member's sheet (chấm chéo); never its own."""
    locked = lock_open_year(year)
    if reviewer.pk == reviewed.pk:
        raise Refused(_("Đơn vị không tự chấm chéo chính mình."), field="reviewed_unit")
    members = set(Membership.objects.filter(year=locked).values_list("unit_id", flat=True))
    for field, unit in (("reviewer_unit", reviewer), ("reviewed_unit", reviewed)):
        if unit.pk not in members:
            raise Refused(_("Đơn vị này không phải thành viên của năm thi đua."), field=field)
    assignment, created = review_model().objects.get_or_create(
        year=locked, reviewer_unit=reviewer, reviewed_unit=reviewed
    )
    if created:
        audit.record(
            actor=actor,
            action="review.assign",
            target=locked,
            summary=f"{reviewer.name} → {reviewed.name}",
        )
    return assignment


@transaction.atomic
def review_unassign(*, actor: User | None, year: EmulationYear, assignment_id: int) -> None:
    locked = lock_open_year(year)
    assignment = (
        review_model()
        .objects.filter(year=locked, pk=assignment_id)
        .select_related("reviewer_unit", "reviewed_unit")
        .first()
    )
    if assignment is None:
        raise Refused(_("Không có phân công chấm chéo này."), status=404)
    summary = f"{assignment.reviewer_unit.name} → {assignment.reviewed_unit.name}"
    assignment.delete()
    audit.record(actor=actor, action="review.unassign", target=locked, summary=summary)


@transaction.atomic
def grant_add(*, actor: User | None, year: EmulationYear, person: User) -> SecretariatGrant:
    """Give a person of a member unit the year's secretariat rights (beyond the head's staff)."""
    locked = lock_open_year(year)
    if not person.is_active:
        raise Refused(_("Tài khoản này đã ngừng hoạt động."), field="user")
    if not Membership.objects.filter(year=locked, unit_id=person.unit_id).exists():
        raise Refused(
            _("Chỉ giao quyền cho cán bộ của đơn vị thành viên năm thi đua."), field="user"
        )
    grant, created = SecretariatGrant.objects.get_or_create(year=locked, user=person)
    if created:
        audit.record(actor=actor, action="grant.add", target=locked, summary=str(person))
    return grant


@transaction.atomic
def grant_remove(*, actor: User | None, year: EmulationYear, grant_id: int) -> None:
    locked = lock_open_year(year)
    grant = SecretariatGrant.objects.filter(year=locked, pk=grant_id).select_related("user").first()
    if grant is None:
        raise Refused(_("Không có quyền được giao này."), status=404)
    grant.delete()
    audit.record(actor=actor, action="grant.remove", target=locked, summary=str(grant.user))


# --- accounts ----------------------------------------------------------------------------------

ACCOUNT_FIELDS = ("full_name", "email", "unit", "role", "is_active")


def _refuse_taken_email(email: str, person: User | None = None) -> None:
    if (
        email
        and User.objects.filter(email__iexact=email)
        .exclude(pk=person.pk if person else None)
        .exists()
    ):
        raise Refused(_("Địa chỉ e-mail này đã có tài khoản."), field="email")


@transaction.atomic
def account_update(
    *,
    actor: User | None,
    person: User,
    full_name: str,
    email: str,
    unit: Unit | None,
    role: str,
) -> User:
    """Change a person's name, address, unit or role (their history stays theirs)."""
    person = User.objects.select_for_update().get(pk=person.pk)
    email = email.strip()
    _refuse_taken_email(email, person)
    if role not in User.Role.values:
        raise Refused(_("Vai trò không hợp lệ."), field="role")
    before = audit.snapshot(person, ACCOUNT_FIELDS)
    person.full_name, person.email, person.unit, person.role = full_name.strip(), email, unit, role
    person.save(update_fields=["full_name", "email", "unit", "role"])
    changes = audit.diff(before, audit.snapshot(person, ACCOUNT_FIELDS))
    if changes:
        audit.record(actor=actor, action="account.save", target=person, changes=changes)
    return person


@transaction.atomic
def account_active_set(*, actor: User | None, person: User, active: bool) -> User:
    """Deactivate (or bring back) an account: never deleted, so what the person did stays
    theirs in every year's history; a deactivated person cannot sign in."""
    person = User.objects.select_for_update().get(pk=person.pk)
    if actor is not None and person.pk == actor.pk and not active:
        raise Refused(_("Không thể tự ngừng tài khoản của chính mình."))
    if person.is_active == active:
        return person
    person.is_active = active
    person.save(update_fields=["is_active"])
    audit.record(
        actor=actor,
        action="account.activate" if active else "account.deactivate",
        target=person,
        changes={"is_active": [str(not active), str(active)]},
    )
    return person
