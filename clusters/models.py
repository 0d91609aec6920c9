"""The cluster registry: units with their history, clusters, emulation years, people."""

from __future__ import annotations

import datetime
import uuid

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from clusters.text import fold


class Unit(models.Model):
    """A province, centrally-run city or agency. Mergers end a unit and start its successor."""

    class Kind(models.TextChoices):
        PROVINCE = "province", _("Tỉnh")
        CITY = "city", _("Thành phố trực thuộc Trung ương")
        AGENCY = "agency", _("Bộ, ngành, cơ quan")
        PARTY = "party", _("Cơ quan của Đảng")
        MASS_ORGANISATION = "mass_organisation", _("Tổ chức chính trị - xã hội")

    name = models.CharField(_("tên đơn vị"), max_length=200)
    slug = models.SlugField(_("mã định danh"), max_length=80, unique=True)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices, default=Kind.PROVINCE)
    admin_code = models.CharField(
        _("mã hành chính"),
        max_length=10,
        blank=True,
        help_text=_("Mã đơn vị hành chính theo danh mục của Nhà nước, ví dụ 36 là Nam Định."),
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    successors = models.ManyToManyField(
        "self",
        symmetrical=False,
        related_name="predecessors",
        blank=True,
        verbose_name=_("đơn vị kế thừa"),
    )
    search_name = models.CharField(max_length=200, editable=False, db_index=True)
    # Official names for documents (clusters/wording.py reads them; blank: the kind's default).
    full_name = models.CharField(
        _("tên đầy đủ trên văn bản"),
        max_length=200,
        blank=True,
        help_text=_(
            "Kể cả từ chỉ loại, ví dụ: Thành phố Hồ Chí Minh, Bộ Nội vụ. Để trống: từ chỉ loại "
            "và tên đơn vị (tỉnh Hà Nam). Tên đơn vị ở trên là tên ngắn (TP Hồ Chí Minh)."
        ),
    )
    body_name = models.CharField(
        _("tên cơ quan ban hành"),
        max_length=200,
        blank=True,
        help_text=_(
            "Tên Ủy ban nhân dân hoặc cơ quan ký văn bản, ví dụ: Ủy ban nhân dân Thành phố "
            "Hồ Chí Minh. Để trống: theo loại đơn vị."
        ),
    )
    head_title = models.CharField(
        _("chức danh người đứng đầu"),
        max_length=100,
        blank=True,
        help_text=_("Ví dụ: Chủ tịch, Bộ trưởng, Trưởng ban. Để trống: theo loại đơn vị."),
    )
    deputy_title = models.CharField(
        _("chức danh cấp phó"),
        max_length=100,
        blank=True,
        help_text=_("Ví dụ: Phó Chủ tịch, Thứ trưởng. Để trống: theo loại đơn vị."),
    )
    locality = models.CharField(
        _("địa danh trên văn bản"),
        max_length=100,
        blank=True,
        help_text=_(
            "Địa danh ở dòng ngày tháng, ví dụ: Hà Nội. Để trống: theo loại đơn vị, hoặc tên "
            "tỉnh, thành phố."
        ),
    )

    class Meta:
        ordering = ["name", "valid_from"]
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="unit_validity_ordered",
                violation_error_message=_("Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực."),
            ),
        ]

    def __str__(self) -> str:
        if self.valid_to:
            return gettext("%(name)s (đến %(date)s)") % {
                "name": self.name,
                "date": f"{self.valid_to:%d/%m/%Y}",
            }
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.search_name = fold(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("clusters:unit_detail", args=[self.slug])

    @property
    def administrative_name(self) -> str:
        """ "tỉnh Hà Nam", "Thành phố Hồ Chí Minh"; an agency is named as it is."""
        from clusters.wording import official_name

        return official_name(self.name, self.kind, self.full_name)

    def is_valid_in(self, year: int) -> bool:
        """Whether the unit existed at some time during the calendar year."""
        starts_after = self.valid_from is not None and self.valid_from > datetime.date(year, 12, 31)
        ended_before = self.valid_to is not None and self.valid_to < datetime.date(year, 1, 1)
        return not (starts_after or ended_before)


class Council(models.Model):
    """The emulation-and-commendation council that organises clusters and blocks: the central
    council (Hội đồng Thi đua - Khen thưởng Trung ương) or a province's own council for the
    clusters and blocks inside the province. Its officers read every cluster it organises and
    record its outcome for the proposals arriving from them (CouncilOfficer, awards.council)."""

    class Kind(models.TextChoices):
        CENTRAL = "central", _("Trung ương")
        PROVINCIAL = "provincial", _("Tỉnh, thành phố")

    name = models.CharField(_("tên hội đồng"), max_length=200, unique=True)
    slug = models.SlugField(_("mã định danh"), max_length=80, unique=True)
    kind = models.CharField(_("cấp"), max_length=20, choices=Kind.choices, default=Kind.PROVINCIAL)
    province = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="councils",
        verbose_name=_("tỉnh, thành phố"),
        help_text=_("Để trống với Hội đồng Trung ương."),
    )

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("hội đồng thi đua, khen thưởng")
        verbose_name_plural = _("hội đồng thi đua, khen thưởng")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="central") | Q(province__isnull=True),
                name="central_council_has_no_province",
                violation_error_message=_("Hội đồng Trung ương không thuộc một tỉnh, thành phố."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("council:council_detail", args=[self.slug])

    @property
    def is_central(self) -> bool:
        return self.kind == self.Kind.CENTRAL


class Cluster(models.Model):
    class Kind(models.TextChoices):
        CUM = "cum", _("Cụm thi đua")
        KHOI = "khoi", _("Khối thi đua")

    name = models.CharField(_("tên cụm, khối"), max_length=200)
    slug = models.SlugField(_("mã định danh"), max_length=80, unique=True)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices, default=Kind.CUM)
    council = models.ForeignKey(
        Council,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="clusters",
        verbose_name=_("hội đồng tổ chức"),
        help_text=_("Hội đồng thi đua, khen thưởng tổ chức cụm, khối."),
    )
    description = models.TextField(_("mô tả"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("cụm, khối thi đua")
        verbose_name_plural = _("cụm, khối thi đua")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("clusters:cluster_detail", args=[self.slug])

    @property
    def words(self):
        """The documents' words for this cluster and its leaders ("Khối trưởng" for a khối)."""
        from clusters.documents.format import cluster_words

        return cluster_words(self.kind)

    @property
    def ui_words(self):
        """The interface's words for it, translated: templates pass them into their sentences."""
        from clusters.wording import interface_words

        return interface_words(self.kind)


class EmulationYear(models.Model):
    """One cluster's cycle for one calendar year (năm thi đua)."""

    class Phase(models.TextChoices):
        SETUP = "setup", _("Thiết lập")
        COVENANT = "covenant", _("Ký kết giao ước")
        IN_PROGRESS = "in_progress", _("Triển khai thi đua")
        SELF_ASSESSMENT = "self_assessment", _("Tự chấm điểm")
        REVIEW = "review", _("Chấm chéo, thẩm định")
        CONFERENCE = "conference", _("Hội nghị tổng kết")
        CLOSED = "closed", _("Đã tổng kết")

    cluster = models.ForeignKey(
        Cluster, on_delete=models.PROTECT, related_name="years", verbose_name=_("cụm, khối")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    phase = models.CharField(
        _("giai đoạn"), max_length=20, choices=Phase.choices, default=Phase.SETUP
    )
    host_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_years",
        verbose_name=_("đơn vị đăng cai hội nghị"),
    )
    conference_date = models.DateField(_("ngày hội nghị tổng kết"), null=True, blank=True)
    conference_place = models.CharField(_("địa điểm hội nghị"), max_length=200, blank=True)
    notes = models.TextField(
        _("ghi chú"),
        blank=True,
        help_text=_("Nguồn của các thông tin, và những gì là dữ liệu mẫu."),
    )
    answer_days = models.PositiveSmallIntegerField(
        _("số ngày giải trình"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("Đơn vị được giải trình trong bấy nhiêu ngày sau khi điểm bị điều chỉnh."),
    )
    # On the public results page (config/public/) from this moment; set and cleared only by
    # clusters.publication.year_publish / year_unpublish, which refuse a year not closed.
    published_at = models.DateTimeField(_("công khai từ"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        "clusters.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("người công khai"),
    )

    class Meta:
        ordering = ["cluster", "-year"]
        verbose_name = _("năm thi đua")
        verbose_name_plural = _("năm thi đua")
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "year"],
                name="one_emulation_year_per_cluster_and_year",
                violation_error_message=_("Cụm, khối này đã có năm thi đua này."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1945) & Q(year__lte=2200),
                name="emulation_year_plausible",
                violation_error_message=_("Năm thi đua không hợp lệ."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cluster} — {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("clusters:year_detail", args=[self.cluster.slug, self.year])

    @property
    def is_closed(self) -> bool:
        return self.phase == self.Phase.CLOSED

    @cached_property
    def representatives_by_unit(self) -> dict[int, Representative]:
        """Loaded once per request: the dashboard and its to-do providers both read it."""
        return {r.unit_id: r for r in self.representatives.all()}


class PhaseWindow(models.Model):
    """When one phase of a year opens and when its work is due (the year's timeline)."""

    year = models.ForeignKey(
        EmulationYear,
        on_delete=models.CASCADE,
        related_name="phase_windows",
        verbose_name=_("năm thi đua"),
    )
    phase = models.CharField(_("giai đoạn"), max_length=20, choices=EmulationYear.Phase.choices)
    opens_on = models.DateField(_("ngày bắt đầu"))
    due_on = models.DateField(_("hạn hoàn thành"), null=True, blank=True)

    class Meta:
        ordering = ["year", "opens_on"]
        verbose_name = _("mốc thời gian của giai đoạn")
        verbose_name_plural = _("mốc thời gian của các giai đoạn")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "phase"],
                name="one_window_per_year_and_phase",
                violation_error_message=_("Giai đoạn này đã có mốc thời gian."),
            ),
            models.CheckConstraint(
                condition=Q(due_on__isnull=True) | Q(due_on__gte=models.F("opens_on")),
                name="phase_window_due_after_opening",
                violation_error_message=_("Hạn hoàn thành không được trước ngày bắt đầu."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} — {self.get_phase_display()}"


class Membership(models.Model):
    """A unit's place in one emulation year, with its role."""

    class Role(models.TextChoices):
        HEAD = "head", _("Cụm trưởng")
        DEPUTY = "deputy", _("Cụm phó")
        MEMBER = "member", _("Thành viên")

    year = models.ForeignKey(
        EmulationYear,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("năm thi đua"),
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("đơn vị")
    )
    role = models.CharField(_("vai trò"), max_length=10, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        ordering = ["year", "unit__name"]
        verbose_name = _("đơn vị thành viên")
        verbose_name_plural = _("đơn vị thành viên")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "unit"],
                name="one_membership_per_unit_and_year",
                violation_error_message=_("Đơn vị này đã là thành viên của năm thi đua này."),
            ),
            # "Exactly one head": the database guarantees at most one; forms and services
            # require one before a year leaves set-up, and the dashboard flags a year without.
            models.UniqueConstraint(
                fields=["year"],
                condition=Q(role="head"),
                name="one_head_per_year",
                violation_error_message=_(
                    "Mỗi năm thi đua chỉ có một đơn vị trưởng (Cụm trưởng, Khối trưởng)."
                ),
            ),
        ]
        # A trigger (migration 0002) also refuses a unit outside its validity dates.

    def __str__(self) -> str:
        from clusters.wording import role_label

        return (
            f"{self.unit.name} — {self.year.year} — {role_label(self.role, self.year.cluster.kind)}"
        )

    def clean(self) -> None:
        if self.unit_id and self.year_id and not self.unit.is_valid_in(self.year.year):
            raise ValidationError(
                {
                    "unit": _("Đơn vị %(unit)s không còn hiệu lực trong năm %(year)s.")
                    % {"unit": self.unit.name, "year": self.year.year}
                }
            )


class Representative(models.Model):
    """Who signs for a unit in a year (e.g. a provincial People's Committee vice-chairman)."""

    year = models.ForeignKey(
        EmulationYear,
        on_delete=models.CASCADE,
        related_name="representatives",
        verbose_name=_("năm thi đua"),
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="representatives", verbose_name=_("đơn vị")
    )
    full_name = models.CharField(_("họ và tên"), max_length=120)
    title = models.CharField(
        _("chức vụ"), max_length=200, help_text=_("Ví dụ: Phó Chủ tịch, Thứ trưởng.")
    )
    is_sample = models.BooleanField(
        _("dữ liệu mẫu"), default=False, help_text=_("Tên minh họa, không phải người thật.")
    )

    class Meta:
        ordering = ["year", "unit__name"]
        verbose_name = _("người đại diện")
        verbose_name_plural = _("người đại diện")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "unit"],
                name="one_representative_per_unit_and_year",
                violation_error_message=_("Đơn vị này đã có người đại diện trong năm này."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name}, {self.title}"


SEARCHED_USER_FIELDS = frozenset({"full_name", "username", "email"})


def user_search_name(full_name: str, username: str, email: str) -> str:
    """What a person is found by, without diacritics (the data migration fills it the same)."""
    return fold(" ".join(part for part in (full_name, username, email) if part))[:600]


class User(AbstractUser):
    """A person: belongs to one unit and has one role in the system."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("Quản trị hệ thống")
        STAFF = "staff", _("Cán bộ đơn vị")
        VIEWER = "viewer", _("Lãnh đạo (chỉ xem)")

    full_name = models.CharField(_("họ và tên"), max_length=120, blank=True)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("đơn vị"),
    )
    role = models.CharField(_("vai trò"), max_length=10, choices=Role.choices, default=Role.STAFF)
    email_notifications = models.BooleanField(
        _("Nhận thông báo qua e-mail"),
        default=True,
        help_text=_("Thông báo trong ứng dụng vẫn hiện ở chuông thông báo."),
    )
    # Name, username and address folded (clusters.text.fold), so "nguyen van an" finds
    # "Nguyễn Văn An" and "dang" finds "Đặng"; kept by save(), never typed.
    search_name = models.CharField(max_length=600, editable=False, db_index=True, blank=True)

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self) -> str:
        return self.full_name or self.username

    def save(self, *args, **kwargs) -> None:
        self.search_name = user_search_name(self.full_name, self.username, self.email)
        fields = kwargs.get("update_fields")
        # A save of some fields only (the account's page saves its four) still refreshes the
        # folded copy when one it is made of changes.
        if fields is not None and not SEARCHED_USER_FIELDS.isdisjoint(fields):
            kwargs["update_fields"] = {*fields, "search_name"}
        super().save(*args, **kwargs)

    @property
    def is_administrator(self) -> bool:
        return self.is_superuser or self.role == self.Role.ADMIN

    @cached_property
    def member_cluster_ids(self) -> frozenset[int]:
        """The clusters the person's unit has been a member of, in any year."""
        if self.unit_id is None:
            return frozenset()
        return frozenset(
            Membership.objects.filter(unit_id=self.unit_id)
            .order_by()  # no default ordering: it would join and widen the DISTINCT
            .values_list("year__cluster_id", flat=True)
            .distinct()
        )


class SecretariatGrant(models.Model):
    """An explicit grant of a year's secretariat rights to someone outside the head unit."""

    year = models.ForeignKey(
        EmulationYear,
        on_delete=models.CASCADE,
        related_name="secretariat_grants",
        verbose_name=_("năm thi đua"),
    )
    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="secretariat_grants",
        verbose_name=_("người được giao"),
    )
    granted_at = models.DateTimeField(_("ngày giao"), auto_now_add=True)

    class Meta:
        verbose_name = _("giao quyền thư ký cụm, khối")
        verbose_name_plural = _("giao quyền thư ký cụm, khối")
        constraints = [
            models.UniqueConstraint(fields=["year", "user"], name="one_grant_per_user_and_year"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.year}"


class AuditEvent(models.Model):
    """One action someone took: who (person and unit), from where, what, on what, when.

    Written by the service that made the change, in the same transaction (clusters/audit.py).
    `target` is the object whose history the event belongs to (a sheet, a covenant, a round, a
    decision…); the summary and `changes` say what changed. Ballot contents are never written here.
    """

    at = models.DateTimeField(_("thời điểm"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người thực hiện"),
    )
    actor_name = models.CharField(_("tên người thực hiện"), max_length=150, blank=True)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("đơn vị"),
    )
    ip = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)
    action = models.CharField(_("thao tác"), max_length=40, db_index=True)
    cluster = models.ForeignKey(
        Cluster, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    year = models.ForeignKey(
        EmulationYear,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="audit_events",
        verbose_name=_("năm thi đua"),
    )
    target_type = models.ForeignKey(
        "contenttypes.ContentType",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target_repr = models.CharField(_("đối tượng"), max_length=200, blank=True)
    summary = models.TextField(_("nội dung"), blank=True)
    changes = models.JSONField(_("thay đổi"), default=dict, blank=True)

    class Meta:
        verbose_name = _("nhật ký hoạt động")
        verbose_name_plural = _("nhật ký hoạt động")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["year", "-at"], name="audit_year_time"),
            models.Index(fields=["target_type", "target_id", "-at"], name="audit_target_time"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor_name} {self.action}"


class LegalText(models.Model):
    """A legal text the documents cite (Luật, Nghị định, Thông tư…), as dated data.

    A document cites the texts in force on its own date (clusters.legal.texts_in_force): a 2019
    letter the 2003 law as amended in 2005 and 2013, a 2025 letter Luật 06/2022/QH15. The
    administrator keeps the table; what the seed could not check is flagged `verified=False`.
    """

    class Kind(models.TextChoices):
        LAW = "law", _("Luật")
        DECREE = "decree", _("Nghị định")
        CIRCULAR = "circular", _("Thông tư")
        RESOLUTION = "resolution", _("Nghị quyết")
        DECISION = "decision", _("Quyết định")

    class Purpose(models.TextChoices):
        EMULATION_LAW = "emulation_law", _("Luật Thi đua, khen thưởng")
        DECREE = "decree", _("Nghị định hướng dẫn Luật")
        CIRCULAR = "circular", _("Thông tư hướng dẫn")

    number = models.CharField(
        _("số, ký hiệu"), max_length=40, unique=True, help_text=_("Ví dụ: 06/2022/QH15.")
    )
    kind = models.CharField(_("loại văn bản"), max_length=20, choices=Kind.choices)
    purpose = models.CharField(
        _("dùng làm căn cứ"),
        max_length=20,
        choices=Purpose.choices,
        help_text=_("Dòng “Căn cứ” của văn bản mà nó được trích dẫn."),
    )
    issuer = models.CharField(
        _("cơ quan ban hành"), max_length=100, help_text=_("Ví dụ: Quốc hội, Chính phủ, Bộ Nội vụ.")
    )
    title = models.CharField(
        _("trích yếu"),
        max_length=300,
        help_text=_("Như sau tên loại văn bản, ví dụ: Thi đua, khen thưởng."),
    )
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    in_force_from = models.DateField(
        _("có hiệu lực từ"),
        null=True,
        blank=True,
        help_text=_("Để trống khi chưa biết: văn bản chưa được trích dẫn."),
    )
    in_force_until = models.DateField(
        _("còn hiệu lực đến ngày"),
        null=True,
        blank=True,
        help_text=_("Ngày cuối cùng văn bản còn hiệu lực."),
    )
    amends = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="amendments",
        verbose_name=_("sửa đổi, bổ sung văn bản"),
    )
    replaced_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaces",
        verbose_name=_("được thay thế bởi"),
    )
    clauses = models.TextField(
        _("điều, khoản được áp dụng"),
        blank=True,
        help_text=_("Các điều, khoản mà chỉ tiêu, danh mục khen thưởng dựa vào."),
    )
    verified = models.BooleanField(_("đã kiểm chứng"), default=False)
    verification_note = models.TextField(
        _("điều chưa kiểm chứng"),
        blank=True,
        help_text=_("Những ngày, số hiệu hoặc điều khoản chưa đối chiếu với văn bản gốc."),
    )

    class Meta:
        ordering = ["purpose", "in_force_from", "issued_on", "number"]
        verbose_name = _("văn bản pháp luật")
        verbose_name_plural = _("văn bản pháp luật")
        constraints = [
            models.CheckConstraint(
                condition=Q(in_force_until__isnull=True)
                | Q(in_force_from__isnull=True)
                | Q(in_force_until__gte=models.F("in_force_from")),
                name="legal_text_in_force_until_after_from",
                violation_error_message=_("Ngày hết hiệu lực phải sau ngày có hiệu lực."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    def clean(self) -> None:
        """A text and its successor are never both in force on one day."""
        if self.replaced_by_id is not None and self.replaced_by_id == self.pk:
            raise ValidationError({"replaced_by": _("Văn bản không thể tự thay thế chính nó.")})
        pairs: list[tuple[LegalText, LegalText]] = []
        if self.replaced_by_id is not None:
            pairs.append((self, self.replaced_by))
        if self.pk is not None:
            pairs.extend((older, self) for older in self.replaces.exclude(pk=self.pk))
        for older, newer in pairs:
            if newer.in_force_from is None:
                continue
            if older.in_force_until is None or older.in_force_until >= newer.in_force_from:
                raise ValidationError(
                    {
                        "in_force_until": gettext(
                            "Thời gian hiệu lực của %(older)s chồng lên văn bản thay thế "
                            "%(newer)s (có hiệu lực từ %(start)s): ngày hết hiệu lực phải "
                            "trước ngày đó."
                        )
                        % {
                            "older": older.number,
                            "newer": newer.number,
                            "start": f"{newer.in_force_from:%d/%m/%Y}",
                        }
                    }
                )

    def in_force_on(self, day: datetime.date) -> bool:
        if self.in_force_from is None or day < self.in_force_from:
            return False
        return self.in_force_until is None or day <= self.in_force_until


class BackgroundJob(models.Model):
    """What every job of the background task runner keeps for its page: who asked, its state,
    its progress (`done`/`total`, declared by each job with its own words), why it failed, and
    when. A job is lost when its worker stopped or was killed: each kind says when (`lost`)."""

    class State(models.TextChoices):
        QUEUED = "queued", _("đang chờ")
        RUNNING = "running", _("đang tạo")
        DONE = "done", _("đã xong")
        FAILED = "failed", _("không thành công")

    requested_by = models.ForeignKey(
        "clusters.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người yêu cầu"),
    )
    state = models.CharField(
        _("trạng thái"), max_length=10, choices=State.choices, default=State.QUEUED
    )
    error = models.TextField(_("lỗi"), blank=True)
    created_at = models.DateTimeField(_("thời điểm yêu cầu"), default=timezone.now)
    finished_at = models.DateTimeField(_("thời điểm xong"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-pk"]

    # Queued or running this long: lost (no worker took it, or it was killed mid-job).
    LOST_AFTER = datetime.timedelta(minutes=30)

    @property
    def pending(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)

    @property
    def lost(self) -> bool:
        return self.pending and timezone.now() - self.created_at > self.LOST_AFTER

    @property
    def in_progress(self) -> bool:
        """Queued or running, and not lost: the page follows it."""
        return self.pending and not self.lost

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0


def dossier_path(instance: DossierBuild, filename: str) -> str:
    # Under MEDIA_ROOT but never under a served URL: the download view checks access first.
    return f"dossiers/{instance.year_id}/{uuid.uuid4().hex}.zip"


class WorkbookJob(BackgroundJob):
    """A big workbook imported by a background task (clusters/workbook_jobs.py): the errors its
    cells gave, for the job's page, and the address the file came from, which the import's own
    events carry although the worker writes them."""

    cell_errors = models.JSONField(_("lỗi theo ô"), default=list, blank=True)
    error_count = models.PositiveIntegerField(_("số lỗi"), default=0)
    requested_from = models.GenericIPAddressField(_("địa chỉ gửi tệp"), null=True, blank=True)

    class Meta(BackgroundJob.Meta):
        abstract = True


class DossierBuild(BackgroundJob):
    """One build of a year's dossier (config/dossier.py), made by a background task.

    Requested from the dossier page (`dossier_request`), built by `build_dossier_task` in the
    worker (`manage.py db_worker`), which saves `done`/`total` as it goes so the page can show
    its progress; the ZIP is kept in `file` until a newer build of the year replaces it.
    """

    year = models.ForeignKey(
        EmulationYear,
        on_delete=models.CASCADE,
        related_name="dossier_builds",
        verbose_name=_("năm thi đua"),
    )
    done = models.PositiveIntegerField(_("số tệp đã tạo"), default=0)
    total = models.PositiveIntegerField(_("tổng số tệp"), default=0)
    file = models.FileField(_("tệp hồ sơ"), upload_to=dossier_path, max_length=300, blank=True)

    class Meta(BackgroundJob.Meta):
        verbose_name = _("lần tạo hồ sơ năm")
        verbose_name_plural = _("lần tạo hồ sơ năm")

    def __str__(self) -> str:
        return f"{self.year} #{self.pk} {self.state}"

    @cached_property
    def has_zip(self) -> bool:
        """Its ZIP is still kept (not replaced by a newer build): a stored document, or the file
        of a build made before dossiers were stored documents."""
        if self.file:
            return True
        from django.contrib.contenttypes.models import ContentType

        return StoredDocument.objects.filter(
            kind=StoredDocument.Kind.DOSSIER,
            source_type=ContentType.objects.get_for_model(self),
            source_id=self.pk,
        ).exists()


class Notification(models.Model):
    """One notice to one person (clusters/notifications.py): an event of a year, with the place
    to act. The words are the event's (EVENTS), filled with `params` when shown, so a notice reads
    in the reader's language; the e-mail of it is sent by a background task, and its attempts are
    kept here so a failing mail server delays the e-mail without losing it."""

    recipient = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("người nhận"),
    )
    year = models.ForeignKey(
        EmulationYear,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("năm thi đua"),
    )
    event = models.CharField(_("sự kiện"), max_length=30)
    params = models.JSONField(_("tham số"), default=dict, blank=True)
    url = models.CharField(_("đường dẫn"), max_length=500)
    created_at = models.DateTimeField(_("thời điểm"), default=timezone.now)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)
    # E-mail: False for a notice meant for the bell only (a reminder the daily digest e-mails).
    by_email = models.BooleanField(_("gửi qua e-mail"), default=True)
    # None while unsent; attempts and the last error say why it is late.
    emailed_at = models.DateTimeField(_("đã gửi thư lúc"), null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(_("số lần gửi thư"), default=0)
    email_error = models.TextField(_("lỗi gửi thư"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        indexes = [
            # The bell's count and the notices page: one person's unread notices, newest first.
            models.Index(
                fields=["recipient", "-created_at"],
                condition=Q(read_at__isnull=True),
                name="notification_unread",
            ),
            models.Index(fields=["recipient", "-created_at"], name="notification_recipient"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient} — {self.event} — {self.created_at:%d/%m/%Y %H:%M}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def text(self) -> str:
        from clusters.notifications import notice_text

        return notice_text(self)


def stored_document_storage():
    """Where final documents live: the "documents" storage when the installation names one
    (a bucket of its own on S3 with django-storages), else the default storage."""
    from django.core.files.storage import default_storage, storages

    return storages["documents"] if "documents" in storages.backends else default_storage


def stored_document_path(instance: StoredDocument, filename: str) -> str:
    # Never under a served URL: the download view checks access first. The code makes the
    # name unique; the readable filename is kept on the row for Content-Disposition.
    extension = filename.rsplit(".", 1)[-1]
    return f"documents/{instance.year_id}/{instance.kind}/{instance.code}.{extension}"


class StoredDocument(models.Model):
    """A final document as a file (issue 16): rendered once when its source froze (a signed
    compact, a sent letter, an issued decision, a closed round's minutes, a closed year's
    report, a dossier build) and served as stored, with its hash, ever after.

    Written only by clusters.documents.store.freeze; `code` is the short code printed for
    whoever checks a copy against the original.
    """

    class Kind(models.TextChoices):
        COMPACT = "compact", _("giao ước thi đua")
        PROPOSAL = "proposal", _("tờ trình")
        DECISION = "decision", _("quyết định khen thưởng")
        MINUTES = "minutes", _("biên bản kiểm phiếu")
        REPORT = "report", _("báo cáo tổng kết")
        DOSSIER = "dossier", _("hồ sơ năm")

    kind = models.CharField(_("loại tài liệu"), max_length=20, choices=Kind.choices)
    year = models.ForeignKey(
        EmulationYear,
        on_delete=models.CASCADE,
        related_name="stored_documents",
        verbose_name=_("năm thi đua"),
    )
    source_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.PROTECT, related_name="+"
    )
    source_id = models.PositiveBigIntegerField()
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    file = models.FileField(
        _("tệp"), upload_to=stored_document_path, storage=stored_document_storage, max_length=300
    )
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    content_type = models.CharField(_("kiểu nội dung"), max_length=100)
    filename = models.CharField(_("tên tệp"), max_length=200)
    code = models.CharField(_("mã tài liệu"), max_length=10, unique=True)
    created_at = models.DateTimeField(_("thời điểm lưu"), default=timezone.now)

    class Meta:
        verbose_name = _("tài liệu đã lưu")
        verbose_name_plural = _("tài liệu đã lưu")
        ordering = ["year", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "source_type", "source_id", "version"],
                name="stored_document_once_per_source",
            )
        ]
        indexes = [models.Index(fields=["year", "kind"], name="stored_document_year_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.display_code}"

    @property
    def display_code(self) -> str:
        """ "K7QM4XPD9R" -> "K7QM4-XPD9R": read aloud or typed in two groups."""
        return f"{self.code[:5]}-{self.code[5:]}"


class UnitKindWording(models.Model):
    """How documents name and sign for a unit of one kind, as data an administrator corrects
    (seeded with the law's defaults by migration 0010 from clusters/wording.py's DEFAULTS).

    Read only through clusters/wording.py, which falls back to those defaults for a kind
    without a row. A unit's own official names (Unit.full_name, body_name, head_title,
    deputy_title, locality) come before its kind's. All of it is document text: Vietnamese.
    """

    kind = models.CharField(_("loại đơn vị"), max_length=20, choices=Unit.Kind.choices, unique=True)
    members_word = models.CharField(
        _("cách gọi các đơn vị thành viên"),
        max_length=100,
        help_text=_("Trong “Nơi nhận”, ví dụ: tỉnh; thành phố; bộ, ngành."),
    )
    council = models.CharField(
        _("tập thể lãnh đạo"),
        max_length=100,
        blank=True,
        help_text=_(
            "Cơ quan làm việc theo chế độ tập thể, ký “TM.”: Ủy ban nhân dân. Để trống khi người "
            "đứng đầu ký (chế độ thủ trưởng), như một bộ."
        ),
    )
    head_title = models.CharField(_("chức danh người đứng đầu"), max_length=100)
    deputy_title = models.CharField(_("chức danh cấp phó"), max_length=100)
    on_behalf = models.CharField(
        _("ký thay"),
        max_length=10,
        default="KT.",
        help_text=_("Cấp phó ký thay người đứng đầu: KT. (văn bản của Đảng: K/T)."),
    )
    locality = models.CharField(
        _("địa danh mặc định"),
        max_length=100,
        blank=True,
        help_text=_("Ví dụ: Hà Nội cho một bộ. Để trống: tên tỉnh, thành phố."),
    )
    proposer = models.CharField(
        _("người đề nghị khen thưởng"),
        max_length=200,
        help_text=_("Trong “Xét đề nghị của …” của quyết định, ví dụ: Giám đốc Sở Nội vụ."),
    )
    executors = models.CharField(
        _("người thi hành quyết định"),
        max_length=300,
        help_text=_("Điều 3 của quyết định; {body} là tên cơ quan ban hành."),
    )
    leaders = models.CharField(
        _("lãnh đạo nhận quyết định"),
        max_length=200,
        help_text=_("Trong “Nơi nhận”, ví dụ: Chủ tịch, các Phó Chủ tịch UBND tỉnh."),
    )
    archive = models.CharField(
        _("nơi lưu"),
        max_length=60,
        default="VT",
        help_text=_("Sau “Lưu:”, ví dụ: VT, SNV."),
    )

    class Meta:
        ordering = ["kind"]
        verbose_name = _("cách gọi theo loại đơn vị")
        verbose_name_plural = _("cách gọi theo loại đơn vị")

    def __str__(self) -> str:
        return str(Unit.Kind(self.kind).label) if self.kind in Unit.Kind.values else self.kind


class ApiClient(models.Model):
    """An organisation that reads the cluster's data through the JSON API (config/api/).

    Issued and revoked by the administrator (config/api/services.py), each audited. The token is
    shown once when issued; only `token_prefix` (public, to find the row) and the SHA-256 of the
    whole token are kept, so a copy of the database cannot call the API. Scope: the clusters
    whose data it reads (chosen one by one, or every one of a council) and the resources it may
    ask for.
    """

    organisation = models.CharField(_("tên cơ quan, tổ chức"), max_length=200)
    contact = models.CharField(
        _("người liên hệ"), max_length=200, help_text=_("Họ tên, điện thoại hoặc e-mail.")
    )
    clusters = models.ManyToManyField(
        Cluster, related_name="api_clients", blank=True, verbose_name=_("cụm, khối được đọc")
    )
    # Every cluster and block a council organises, those it takes on later included.
    councils = models.ManyToManyField(
        Council, related_name="api_clients", blank=True, verbose_name=_("hội đồng được đọc")
    )
    resources = models.JSONField(_("dữ liệu được đọc"), default=list)
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    issued_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người cấp"),
    )
    issued_at = models.DateTimeField(_("cấp lúc"), default=timezone.now)
    token_prefix = models.CharField(max_length=16, unique=True, editable=False)
    token_hash = models.CharField(max_length=64, editable=False)

    class Meta:
        ordering = ["-issued_at", "-pk"]
        verbose_name = _("ứng dụng kết nối API")
        verbose_name_plural = _("ứng dụng kết nối API")

    def __str__(self) -> str:
        return f"{self.organisation} ({self.token_prefix})"

    def is_active_at(self, moment: datetime.datetime) -> bool:
        return self.revoked_at is None and moment < self.expires_at


class CouncilOfficer(models.Model):
    """A person who works for an organising council: they read every cluster and block it
    organises and record its outcome for the proposals arriving from them, and change nothing
    else of those clusters (clusters.access). A person works for one council at most."""

    council = models.ForeignKey(
        Council, on_delete=models.CASCADE, related_name="officers", verbose_name=_("hội đồng")
    )
    user = models.OneToOneField(
        User,
        on_delete=models.CASCADE,
        related_name="council_office",
        verbose_name=_("người dùng"),
    )

    class Meta:
        ordering = ["council", "user__username"]
        verbose_name = _("cán bộ của hội đồng")
        verbose_name_plural = _("cán bộ của hội đồng")

    def __str__(self) -> str:
        return f"{self.user} — {self.council}"


def bulk_import_path(instance: BulkImportJob, filename: str) -> str:
    # Under MEDIA_ROOT but never under a served URL; deleted once the import has run.
    return f"imports/setup/{uuid.uuid4().hex}.xlsx"


class BulkImportJob(WorkbookJob):
    """A big workbook of units and accounts imported by a background task (issue 16).

    Reading, checking and writing a few hundred rows through the set-up's services holds a
    request for seconds; a workbook over `clusters.bulk_jobs.SYNC_BYTES` passes the safe
    reader's checks in the request, is kept in `file`, and the task reads, checks and writes it
    all or nothing, as the page does a small one. The errors it finds are kept here for the
    job's page; the file is deleted once the task has run.
    """

    file = models.FileField(_("tệp Excel"), upload_to=bulk_import_path, max_length=300, blank=True)
    filename = models.CharField(_("tên tệp tải lên"), max_length=255, blank=True)
    # done/total: the rows written of the rows read (0/0 until the file is read).
    done = models.PositiveIntegerField(_("số dòng đã nhập"), default=0)
    total = models.PositiveIntegerField(_("số dòng"), default=0)
    units = models.PositiveIntegerField(_("số đơn vị"), default=0)
    accounts = models.PositiveIntegerField(_("số tài khoản"), default=0)

    class Meta(WorkbookJob.Meta):
        verbose_name = _("lần nhập đơn vị, tài khoản từ Excel")
        verbose_name_plural = _("lần nhập đơn vị, tài khoản từ Excel")

    def __str__(self) -> str:
        return f"{self.filename or self.pk} {self.state}"
