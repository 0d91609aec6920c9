"""Campaigns (phong trào thi đua), each unit's pledges and results, and the covenant of a year."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from clusters.models import Cluster, EmulationYear, Unit

NOT_NEGATIVE = MinValueValidator(Decimal(0), message=_("Giá trị không được âm."))


class CampaignQuerySet(models.QuerySet):
    def visible_to(self, cluster_ids: frozenset[int] | None) -> CampaignQuerySet:
        """Campaigns a person may read, given the ids of the clusters they see (None: all).

        A campaign of the Prime Minister is national: every signed-in person reads it. A campaign
        launched by a province or a cluster is read by the members of the cluster that launched
        it and of every cluster whose years follow it.
        """
        if cluster_ids is None:
            return self
        followed = Campaign.years.through.objects.filter(
            emulationyear__cluster_id__in=cluster_ids
        ).values("campaign_id")
        return self.filter(
            Q(launched_by=Campaign.Launcher.PRIME_MINISTER)
            | Q(launcher_cluster_id__in=cluster_ids)
            | Q(pk__in=followed)
        )


def campaign_document_path(instance: Campaign, filename: str) -> str:
    # A random name: the original name is kept in its own column, never trusted as a path.
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"campaigns/{uuid.uuid4().hex}.{suffix}"


class Campaign(models.Model):
    class Launcher(models.TextChoices):
        PRIME_MINISTER = "prime_minister", _("Thủ tướng Chính phủ")
        # A member unit: a province or city, a ministry or agency (the value is kept as stored).
        PROVINCE = "province", _("Đơn vị thành viên")
        CLUSTER = "cluster", _("Cụm, khối thi đua")

    class Kind(models.TextChoices):
        REGULAR = "regular", _("Thường xuyên")
        THEMATIC = "thematic", _("Theo chuyên đề")

    title = models.CharField(_("tên phong trào"), max_length=300)
    launched_by = models.CharField(
        _("cấp phát động"), max_length=20, choices=Launcher.choices, default=Launcher.PRIME_MINISTER
    )
    launcher_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="launched_campaigns",
        verbose_name=_("đơn vị phát động"),
    )
    launcher_cluster = models.ForeignKey(
        Cluster,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="launched_campaigns",
        verbose_name=_("cụm, khối phát động"),
    )
    launched_on = models.DateField(_("ngày phát động"), null=True, blank=True)
    document_number = models.CharField(
        _("số văn bản phát động"),
        max_length=80,
        blank=True,
        help_text=_("Ví dụ: 1258/QĐ-TTg."),
    )
    document_date = models.DateField(_("ngày văn bản"), null=True, blank=True)
    # The launching document's file. Not editable in forms (the admin's included): it is only
    # written by campaigns.services, after the content check of clusters.uploads.
    document_file = models.FileField(
        _("tệp văn bản phát động"),
        upload_to=campaign_document_path,
        max_length=300,
        blank=True,
        editable=False,
    )
    document_name = models.CharField(
        _("tên tệp văn bản"), max_length=255, blank=True, editable=False
    )
    document_type = models.CharField(max_length=100, blank=True, editable=False)
    document_sha256 = models.CharField("SHA-256", max_length=64, blank=True, editable=False)
    period_start = models.DateField(_("thời gian từ"), null=True, blank=True)
    period_end = models.DateField(_("thời gian đến"), null=True, blank=True)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices, default=Kind.REGULAR)
    description = models.TextField(_("mô tả"), blank=True)
    years = models.ManyToManyField(
        EmulationYear,
        related_name="campaigns",
        blank=True,
        verbose_name=_("năm thi đua thực hiện"),
    )
    source = models.TextField(_("nguồn"), blank=True)
    unverified = models.TextField(
        _("thông tin chưa kiểm chứng"),
        blank=True,
        help_text=_("Những thông tin trên chưa đối chiếu được với văn bản gốc."),
    )

    objects = CampaignQuerySet.as_manager()

    class Meta:
        ordering = ["-launched_on", "title"]
        verbose_name = _("phong trào thi đua")
        verbose_name_plural = _("phong trào thi đua")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__isnull=True)
                | Q(period_start__isnull=True)
                | Q(period_end__gte=models.F("period_start")),
                name="campaign_period_ordered",
                violation_error_message=_("Thời gian kết thúc phải sau thời gian bắt đầu."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("campaigns:campaign_detail", args=[self.pk])

    @property
    def is_national(self) -> bool:
        return self.launched_by == self.Launcher.PRIME_MINISTER

    @property
    def launcher_label(self) -> str:
        if self.launched_by == self.Launcher.PROVINCE and self.launcher_unit_id:
            # "Tỉnh Hà Nam", "Bộ Nội vụ", "Thành phố Hồ Chí Minh": the unit's official name.
            return capfirst(self.launcher_unit.administrative_name)
        if self.launched_by == self.Launcher.CLUSTER and self.launcher_cluster_id:
            return self.launcher_cluster.name
        return str(self.get_launched_by_display())


class CampaignReport(models.Model):
    """What one unit registered for a campaign in a year, and what it achieved."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="reports", verbose_name=_("phong trào")
    )
    year = models.ForeignKey(
        EmulationYear,
        on_delete=models.CASCADE,
        related_name="campaign_reports",
        verbose_name=_("năm thi đua"),
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="campaign_reports", verbose_name=_("đơn vị")
    )
    registration = models.TextField(_("nội dung đăng ký"), blank=True)
    report = models.TextField(_("báo cáo kết quả"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("người cập nhật"),
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        ordering = ["campaign", "unit__name"]
        verbose_name = _("đăng ký và kết quả phong trào")
        verbose_name_plural = _("đăng ký và kết quả phong trào")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "year", "unit"], name="one_campaign_report_per_unit_and_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit.name} — {self.campaign} — {self.year.year}"

    @property
    def is_reported(self) -> bool:
        return bool(self.report.strip())


class CampaignIndicator(models.Model):
    report = models.ForeignKey(
        CampaignReport,
        on_delete=models.CASCADE,
        related_name="indicators",
        verbose_name=_("báo cáo"),
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    name = models.CharField(_("chỉ tiêu"), max_length=300)
    measure = models.CharField(_("đơn vị tính"), max_length=40, blank=True)
    target = models.DecimalField(
        _("chỉ tiêu đăng ký"), max_digits=14, decimal_places=2, validators=[NOT_NEGATIVE]
    )
    achieved = models.DecimalField(
        _("kết quả đạt được"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[NOT_NEGATIVE],
    )

    class Meta:
        ordering = ["report", "position", "pk"]
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        constraints = [
            models.CheckConstraint(
                condition=Q(target__gte=0) & (Q(achieved__isnull=True) | Q(achieved__gte=0)),
                name="campaign_indicator_not_negative",
                violation_error_message=_("Giá trị không được âm."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CovenantQuerySet(models.QuerySet):
    def current_for(self, year: EmulationYear) -> Covenant | None:
        return self.filter(year=year).order_by("-version").first()


class Covenant(models.Model):
    """One version of a year's covenant (giao ước thi đua). A signed version is frozen."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        OPEN = "open", _("Đang ký kết")
        SIGNED = "signed", _("Đã ký kết")

    year = models.ForeignKey(
        EmulationYear,
        on_delete=models.CASCADE,
        related_name="covenants",
        verbose_name=_("năm thi đua"),
    )
    version = models.PositiveSmallIntegerField(_("phiên bản"), default=1)
    state = models.CharField(
        _("trạng thái"), max_length=10, choices=State.choices, default=State.DRAFT
    )
    preamble = models.TextField(_("lời mở đầu"), blank=True)
    signing_place = models.CharField(_("nơi ký"), max_length=200, blank=True)
    signing_date = models.DateField(_("ngày ký"), null=True, blank=True)
    notes = models.TextField(_("ghi chú"), blank=True)
    # The appendix as it stood when the last member signed: the criteria may change later, the
    # signed compact must not.
    appendix_snapshot = models.JSONField(_("phụ lục đã ký"), null=True, blank=True, editable=False)
    signed_at = models.DateTimeField(_("hoàn tất ký kết lúc"), null=True, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    objects = CovenantQuerySet.as_manager()

    class Meta:
        ordering = ["year", "version"]
        verbose_name = _("giao ước thi đua")
        verbose_name_plural = _("giao ước thi đua")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "version"], name="one_covenant_per_year_and_version"
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="covenant_version_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.year} — v{self.version}"

    @property
    def is_signed(self) -> bool:
        return self.state == self.State.SIGNED


class CovenantClause(models.Model):
    covenant = models.ForeignKey(
        Covenant, on_delete=models.CASCADE, related_name="clauses", verbose_name=_("giao ước")
    )
    number = models.PositiveSmallIntegerField(_("số thứ tự"))
    content = models.TextField(_("nội dung"))
    target = models.TextField(_("chỉ tiêu"), blank=True)

    class Meta:
        ordering = ["covenant", "number"]
        verbose_name = _("điều khoản")
        verbose_name_plural = _("điều khoản")
        constraints = [
            models.UniqueConstraint(
                fields=["covenant", "number"], name="one_clause_per_covenant_and_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.content[:60]}"


class SigningMethod(models.TextChoices):
    IN_APP = "app", _("Ký số bằng chứng thư số lưu trong hệ thống")
    EXTERNAL = "external", _("Ký số bằng thiết bị ký hoặc dịch vụ ký bên ngoài")


class CovenantSignature(models.Model):
    """A member's signature, with the representative's name and title copied at signing time."""

    covenant = models.ForeignKey(
        Covenant, on_delete=models.CASCADE, related_name="signatures", verbose_name=_("giao ước")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="covenant_signatures", verbose_name=_("đơn vị")
    )
    full_name = models.CharField(_("họ và tên người ký"), max_length=120)
    title = models.CharField(_("chức vụ"), max_length=200)
    signed_on = models.DateField(_("ngày ký"))
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người ghi nhận"),
    )
    recorded_at = models.DateTimeField(_("ghi nhận lúc"), auto_now_add=True)
    # How the signature was made: blank for one recorded without a digital signature (before
    # the compact was signed digitally, or on an installation without a seal).
    method = models.CharField(
        _("cách ký"), max_length=10, choices=SigningMethod.choices, blank=True
    )
    certificate_subject = models.CharField(
        _("chứng thư số của người ký"), max_length=300, blank=True
    )

    class Meta:
        ordering = ["covenant", "unit__name"]
        verbose_name = _("chữ ký giao ước")
        verbose_name_plural = _("chữ ký giao ước")
        constraints = [
            models.UniqueConstraint(
                fields=["covenant", "unit"],
                name="one_signature_per_covenant_and_unit",
                violation_error_message=_("Đơn vị này đã ký giao ước."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit.name}: {self.full_name}"


class Conference(models.Model):
    """The year-end conference (hội nghị tổng kết) and the narrative of its report.

    Its date, place and host are the emulation year's (one place for each fact); this record
    holds the rest: the chair, the agenda, the guests and the sections the secretariat writes.
    """

    year = models.OneToOneField(
        EmulationYear,
        on_delete=models.CASCADE,
        related_name="conference",
        verbose_name=_("năm thi đua"),
    )
    chair = models.CharField(
        _("chủ trì hội nghị"), max_length=300, blank=True, help_text=_("Họ tên và chức vụ.")
    )
    agenda = models.TextField(_("chương trình hội nghị"), blank=True)
    report_number = models.CharField(
        _("số báo cáo"), max_length=50, blank=True, help_text=_("Ví dụ: Số: 05/BC-CTĐ")
    )
    campaign_results = models.TextField(_("kết quả thực hiện các phong trào thi đua"), blank=True)
    commendation_work = models.TextField(_("công tác khen thưởng"), blank=True)
    shortcomings = models.TextField(_("tồn tại, hạn chế"), blank=True)
    next_tasks = models.TextField(_("phương hướng, nhiệm vụ năm sau"), blank=True)
    notes = models.TextField(
        _("ghi chú"), blank=True, help_text=_("Nguồn của các nội dung, và những gì là dữ liệu mẫu.")
    )

    class Meta:
        verbose_name = _("hội nghị tổng kết")
        verbose_name_plural = _("hội nghị tổng kết")

    def __str__(self) -> str:
        return f"{self.year}"


class ConferenceGuest(models.Model):
    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="guests", verbose_name=_("hội nghị")
    )
    full_name = models.CharField(_("họ và tên"), max_length=120)
    title = models.TextField(_("chức vụ"))
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["conference", "position", "pk"]
        verbose_name = _("đại biểu dự hội nghị")
        verbose_name_plural = _("đại biểu dự hội nghị")

    def __str__(self) -> str:
        return self.full_name


# --- The compact signed digitally (issue 13) --------------------------------------------------


class CompactRevision(models.Model):
    """One revision of a covenant's compact PDF while it is being signed.

    Revision 0 is the compact as opened: rendered once, with an empty signature field per member,
    certified by the installation's seal. Revision n is revision n-1 with the n-th member's
    signature appended as an incremental update (the earlier bytes unchanged). The revisions are
    working state written in the signature's own transaction (a refused or rolled-back signature
    leaves none); the last one becomes the stored compact (final_documents.freeze_compact).
    """

    covenant = models.ForeignKey(
        Covenant,
        on_delete=models.CASCADE,
        related_name="compact_revisions",
        verbose_name=_("giao ước"),
    )
    number = models.PositiveSmallIntegerField(_("lần ký"))
    signature = models.OneToOneField(
        CovenantSignature,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="compact_revision",
        verbose_name=_("chữ ký"),
    )
    pdf = models.BinaryField(_("tệp PDF"))
    sha256 = models.CharField("SHA-256", max_length=64)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        ordering = ["covenant", "number"]
        verbose_name = _("bản giao ước đang ký")
        verbose_name_plural = _("bản giao ước đang ký")
        constraints = [
            models.UniqueConstraint(
                fields=["covenant", "number"], name="one_compact_revision_per_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.covenant} — {self.number}"


class UnitSigningKey(models.Model):
    """A unit's certificate and private key (PKCS#12) held by the app to sign in the app.

    Stored as a Fernet token whose key is derived (scrypt) from the PKCS#12's password, a salt of
    its own and SECRET_KEY (clusters/unit_keys.py): the password is never stored, so neither the
    database nor the server's settings alone unlock the key.
    """

    unit = models.OneToOneField(
        Unit, on_delete=models.CASCADE, related_name="signing_key", verbose_name=_("đơn vị")
    )
    sealed = models.BinaryField(_("chứng thư số đã mã hóa"))
    salt = models.BinaryField(_("muối"))
    subject = models.CharField(_("chủ thể chứng thư"), max_length=300)
    organisation = models.CharField(_("tổ chức"), max_length=300, blank=True)
    issuer = models.CharField(_("tổ chức cấp"), max_length=300)
    serial = models.CharField(_("số hiệu chứng thư"), max_length=80)
    not_before = models.DateTimeField(_("hiệu lực từ"))
    not_after = models.DateTimeField(_("hiệu lực đến"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người tải lên"),
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now=True)

    class Meta:
        verbose_name = _("chứng thư số của đơn vị")
        verbose_name_plural = _("chứng thư số của đơn vị")

    def __str__(self) -> str:
        return f"{self.unit.name}: {self.subject}"


class ExternalSigning(models.Model):
    """A compact prepared for a member's external signer (a USB token's plugin, a remote
    service): the document with its empty signature and the digest the signer must sign.

    It is prepared on the compact's latest revision; once another member signs, it is stale and
    must be prepared again (a signature appended to an older revision would drop the newer one).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    covenant = models.ForeignKey(
        Covenant,
        on_delete=models.CASCADE,
        related_name="external_signings",
        verbose_name=_("giao ước"),
    )
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    base_revision = models.PositiveSmallIntegerField(_("ký trên bản"))
    field_name = models.CharField(_("ô chữ ký"), max_length=80)
    full_name = models.CharField(_("họ và tên người ký"), max_length=120)
    title = models.CharField(_("chức vụ"), max_length=200)
    signed_on = models.DateField(_("ngày ký"))
    pdf = models.BinaryField(_("tệp PDF chờ ký"))
    digest = models.CharField(_("mã băm cần ký (SHA-256)"), max_length=64)
    reserved_start = models.PositiveIntegerField()
    reserved_end = models.PositiveIntegerField()
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    prepared_at = models.DateTimeField(_("chuẩn bị lúc"), auto_now_add=True)

    class Meta:
        ordering = ["-prepared_at"]
        verbose_name = _("yêu cầu ký số bên ngoài")
        verbose_name_plural = _("yêu cầu ký số bên ngoài")

    def __str__(self) -> str:
        return f"{self.covenant} — {self.unit.name}"
