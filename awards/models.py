"""Awards: the catalogue (award types and quotas), award decisions and their recipients, and the
cluster's proposals to the Government.

The registry of every award ever recorded is the list of recipients of every decision.

A `Proposal` (tờ trình đề nghị khen thưởng) is drafted from a closed ballot round of kind flag or
PM certificate ("scoring.BallotRound", by string): one proposal per round, one `ProposalItem` per
unit the round elected, with its votes. It goes draft → sent (number and date required) →
decided (the Government's decision noted as text). The quota (`AwardQuota`) is checked when the
proposal is shown, as a warning: the rules change and the central board decides, so it never
blocks. Decisions and recipients stand on their own, because many awards (like the head
province's certificates of merit) follow no cluster proposal.
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clusters.documents.legal import KIND_WORDS
from clusters.models import BackgroundJob, WorkbookJob
from clusters.text import fold


class RecipientKind(models.TextChoices):
    COLLECTIVE = "collective", _("Tập thể")
    INDIVIDUAL = "individual", _("Cá nhân")


class AwardType(models.Model):
    """A form of commendation or emulation title of Luật Thi đua, khen thưởng (06/2022/QH15)."""

    class Kinds(models.TextChoices):
        COLLECTIVE = "collective", _("Tập thể")
        INDIVIDUAL = "individual", _("Cá nhân")
        BOTH = "both", _("Tập thể và cá nhân")

    class Level(models.TextChoices):
        STATE = "state", _("Nhà nước, Chính phủ")
        PRIME_MINISTER = "prime_minister", _("Thủ tướng Chính phủ")
        PROVINCE = "province", _("Cấp tỉnh, bộ, ngành")
        GRASSROOTS = "grassroots", _("Cấp cơ sở")

    code = models.SlugField(_("mã"), max_length=60, unique=True)
    name = models.CharField(_("tên hình thức khen thưởng"), max_length=200, unique=True)
    recipient_kinds = models.CharField(
        _("đối tượng"), max_length=12, choices=Kinds.choices, default=Kinds.BOTH
    )
    level = models.CharField(_("cấp khen thưởng"), max_length=20, choices=Level.choices)
    certificate_heading = models.CharField(
        _("dòng tiêu đề trên bằng"),
        max_length=200,
        help_text=_("In hoa trên giấy chứng nhận, ví dụ: TẶNG BẰNG KHEN."),
    )
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=300)
    basis_verified = models.BooleanField(
        _("đã kiểm chứng điều khoản"),
        default=False,
        help_text=_("Bỏ chọn khi số điều, khoản của căn cứ pháp lý chưa được đối chiếu văn bản."),
    )
    is_active = models.BooleanField(_("đang áp dụng"), default=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=100)
    # Who may grant it, by the kind of the issuing unit (awards/catalogue.py's defaults): a
    # provincial chairman the province's certificate of merit, a minister the ministry's; no
    # unit the Government's flag or the Prime Minister's certificate.
    issuer_kinds = models.ManyToManyField(
        "clusters.UnitKindWording",
        blank=True,
        related_name="award_types",
        verbose_name=_("loại đơn vị được tặng"),
        help_text=_(
            "Người đứng đầu đơn vị thuộc các loại này ký quyết định tặng. Để trống: không đơn vị "
            "nào (do Chính phủ, Thủ tướng Chính phủ tặng)."
        ),
    )

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("hình thức khen thưởng")
        verbose_name_plural = _("hình thức khen thưởng")

    def __str__(self) -> str:
        return self.name

    def accepts(self, kind: str) -> bool:
        return self.recipient_kinds in (self.Kinds.BOTH, kind)


class AwardQuota(models.Model):
    """A cap on proposals, as data: rules change (Nghị định 98/2023, 152/2025…).

    Each quota names its route (who proposes: a cluster organised by the central council, or
    collectives inside a ministry or province) and its source (the legal text and clause). A
    proposal is measured against the active quotas of its cluster's route whose source is in
    force on the letter's date. A quota caps by a share of its base, by a number of units, or
    both (the smaller wins).
    """

    class Base(models.TextChoices):
        LEADING_UNITS = "leading_units", _("số đơn vị được bình xét dẫn đầu")
        MEMBER_UNITS = "member_units", _("số đơn vị thành viên của cụm, khối")

    class Route(models.TextChoices):
        CENTRAL_CLUSTER = (
            "central_cluster",
            _("Cụm, khối thi đua do Hội đồng Thi đua - Khen thưởng Trung ương tổ chức"),
        )
        WITHIN_MINISTRY_OR_PROVINCE = "within", _("Tập thể trong bộ, ban, ngành, tỉnh")

    ROUTE_REQUIRED = _("Chỉ tiêu phải nêu tuyến đề nghị (cụm, khối Trung ương hay trong bộ, tỉnh).")
    SOURCE_REQUIRED = _("Chỉ tiêu phải nêu văn bản quy định.")

    award_type = models.ForeignKey(
        AwardType,
        on_delete=models.CASCADE,
        related_name="quotas",
        verbose_name=_("hình thức khen thưởng"),
    )
    route = models.CharField(
        _("tuyến đề nghị"),
        max_length=20,
        choices=Route.choices,
        error_messages={"blank": ROUTE_REQUIRED, "null": ROUTE_REQUIRED},
    )
    rule = models.CharField(_("nội dung quy định"), max_length=300)
    share = models.DecimalField(
        _("tỷ lệ tối đa"),
        max_digits=4,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
        help_text=_("Ví dụ 0,20 là 20%. Để trống khi chỉ tiêu là một số đơn vị."),
    )
    max_units = models.PositiveSmallIntegerField(
        _("số đơn vị tối đa"),
        null=True,
        blank=True,
        help_text=_("Ví dụ 1: một đơn vị dẫn đầu mỗi cụm, khối."),
    )
    base = models.CharField(_("tính trên"), max_length=20, choices=Base.choices)
    source = models.ForeignKey(
        "clusters.LegalText",
        on_delete=models.PROTECT,
        related_name="award_quotas",
        verbose_name=_("văn bản quy định"),
        error_messages={"null": SOURCE_REQUIRED},
    )
    clause = models.CharField(
        _("điều, khoản"), max_length=100, blank=True, help_text=_("Ví dụ: Điều 11 khoản 2.")
    )
    legal_basis = models.CharField(_("căn cứ"), max_length=300)
    basis_verified = models.BooleanField(_("đã kiểm chứng điều khoản"), default=False)
    is_active = models.BooleanField(_("đang áp dụng"), default=True)

    class Meta:
        ordering = ["award_type__order", "pk"]
        verbose_name = _("chỉ tiêu khen thưởng")
        verbose_name_plural = _("chỉ tiêu khen thưởng")
        constraints = [
            models.CheckConstraint(
                condition=Q(share__gte=0) & Q(share__lte=1),
                name="award_quota_share_between_0_and_1",
                violation_error_message=_("Tỷ lệ phải từ 0 đến 1."),
            ),
            models.CheckConstraint(
                condition=Q(route__in=["central_cluster", "within"]),
                name="award_quota_has_a_route",
                violation_error_message=_(
                    "Chỉ tiêu phải nêu tuyến đề nghị (cụm, khối Trung ương hay trong bộ, tỉnh)."
                ),
            ),
            models.CheckConstraint(
                condition=Q(share__isnull=False) | Q(max_units__isnull=False),
                name="award_quota_has_a_limit",
                violation_error_message=_("Chỉ tiêu phải có tỷ lệ tối đa hoặc số đơn vị tối đa."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.award_type}: {self.rule}"

    @property
    def source_text(self) -> str:
        """ "Nghị định 91/2017/NĐ-CP, Điều 11 khoản 2" (the source's kind and number)."""
        # Vietnamese whatever the interface: a sent letter keeps this text in its snapshot.
        name = f"{KIND_WORDS.get(self.source.kind, '')} {self.source.number}".strip()
        return f"{name}, {self.clause}" if self.clause else name


class Decision(models.Model):
    """An award decision (quyết định khen thưởng) recorded for a cluster's emulation year."""

    year = models.ForeignKey(
        "clusters.EmulationYear",
        on_delete=models.PROTECT,
        related_name="award_decisions",
        verbose_name=_("năm thi đua"),
    )
    issuer = models.CharField(
        _("người, cơ quan ban hành"),
        max_length=200,
        help_text=_("Ví dụ: Chủ tịch Ủy ban nhân dân tỉnh Hà Nam."),
    )
    number = models.CharField(
        _("số quyết định"),
        max_length=60,
        help_text=_("Ví dụ: 412/QĐ-UBND."),
        error_messages={"blank": _("Quyết định phải có số."), "null": _("Quyết định phải có số.")},
    )
    date = models.DateField(_("ngày ký"))
    place = models.CharField(
        _("địa danh"), max_length=100, help_text=_("Dùng trong dòng ngày tháng, ví dụ: Hà Nam.")
    )
    signer_title = models.CharField(
        _("chức vụ người ký"),
        max_length=120,
        default="CHỦ TỊCH",  # document text: printed on the certificate
        help_text=_("Mỗi dòng một dòng trên bằng, ví dụ: KT. CHỦ TỊCH / PHÓ CHỦ TỊCH."),
    )
    signer_name = models.CharField(_("họ tên người ký"), max_length=120)
    achievement = models.TextField(
        _("thành tích chung"),
        help_text=_("In trên bằng của người nhận không có thành tích riêng."),
    )
    notes = models.TextField(_("ghi chú"), blank=True)
    is_sample = models.BooleanField(
        _("dữ liệu mẫu"), default=False, help_text=_("Số, ngày, người ký minh họa.")
    )

    class Meta:
        ordering = ["-date", "number"]
        verbose_name = _("quyết định khen thưởng")
        verbose_name_plural = _("quyết định khen thưởng")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "issuer", "number"],
                name="one_decision_number_per_issuer_and_year",
                violation_error_message=_("Năm này đã có quyết định cùng số của cùng người ký."),
            ),
            models.CheckConstraint(
                condition=~Q(number=""),
                name="decision_has_a_number",
                violation_error_message=_("Quyết định phải có số."),
            ),
        ]

    def __str__(self) -> str:
        return _("Quyết định số %(number)s ngày %(date)s") % {
            "number": self.number,
            "date": f"{self.date:%d/%m/%Y}",
        }

    def get_absolute_url(self) -> str:
        return reverse(
            "awards:decision_detail", args=[self.year.cluster.slug, self.year.year, self.pk]
        )


class Recipient(models.Model):
    """A collective or an individual awarded by a decision: one line of the registry."""

    decision = models.ForeignKey(
        Decision,
        on_delete=models.CASCADE,
        related_name="recipients",
        verbose_name=_("quyết định"),
    )
    kind = models.CharField(_("đối tượng"), max_length=12, choices=RecipientKind.choices)
    award_type = models.ForeignKey(
        AwardType,
        on_delete=models.PROTECT,
        related_name="recipients",
        verbose_name=_("hình thức khen thưởng"),
    )
    name = models.CharField(
        _("tên tập thể hoặc họ và tên"),
        max_length=200,
        error_messages={"blank": _("Thiếu tên tập thể hoặc họ và tên.")},
    )
    position = models.CharField(_("chức vụ"), max_length=200, blank=True)
    organisation = models.CharField(_("cơ quan, đơn vị công tác"), max_length=300, blank=True)
    unit = models.ForeignKey(
        "clusters.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="award_recipients",
        verbose_name=_("đơn vị thành viên"),
    )
    achievement = models.TextField(
        _("thành tích"),
        blank=True,
        help_text=_("Để trống để dùng thành tích chung của quyết định."),
    )
    order = models.PositiveIntegerField(_("số thứ tự"), default=0)
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)
    # fold(name): the registry searches and (on SQLite) sorts on it. A text column so that
    # PostgreSQL's LIKE needs no cast and can use the trigram index (migration 0003).
    search_name = models.TextField(editable=False)

    class Meta:
        ordering = ["decision", "order", "pk"]
        verbose_name = _("người, tập thể được khen thưởng")
        verbose_name_plural = _("người, tập thể được khen thưởng")
        indexes = [
            models.Index(fields=["decision", "order"], name="recipient_decision_order"),
            # The registry's order where there is no Vietnamese collation (SQLite).
            models.Index(fields=["search_name", "id"], name="recipient_folded_order"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(name=""),
                name="recipient_has_a_name",
                violation_error_message=_("Thiếu tên tập thể hoặc họ và tên."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.search_name = fold(self.name)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.award_type_id and self.kind and not self.award_type.accepts(self.kind):
            raise ValidationError({"award_type": wrong_kind_message(self.award_type, self.kind)})

    @property
    def achievement_text(self) -> str:
        return self.achievement or self.decision.achievement


def wrong_kind_message(award_type: AwardType, kind: str) -> str:
    return _("“%(award)s” không dành cho %(kind)s.") % {
        "award": award_type.name,
        "kind": str(RecipientKind(kind).label).lower(),
    }


class Proposal(models.Model):
    """The cluster's proposal letter (tờ trình) for one award, built from a passed ballot round."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        SENT = "sent", _("Đã gửi")
        DECIDED = "decided", _("Đã có quyết định")

    year = models.ForeignKey(
        "clusters.EmulationYear",
        on_delete=models.PROTECT,
        related_name="proposals",
        verbose_name=_("năm thi đua"),
    )
    ballot_round = models.ForeignKey(
        "scoring.BallotRound",
        on_delete=models.PROTECT,
        related_name="proposals",
        verbose_name=_("vòng bỏ phiếu"),
    )
    award_type = models.ForeignKey(
        AwardType,
        on_delete=models.PROTECT,
        related_name="proposals",
        verbose_name=_("hình thức khen thưởng"),
    )
    number = models.CharField(
        _("số tờ trình"), max_length=60, blank=True, help_text=_("Ví dụ: 12/TTr-CTĐ.")
    )
    date = models.DateField(_("ngày ký"), null=True, blank=True)
    signer_title = models.CharField(
        _("chức vụ người ký"),
        max_length=200,
        blank=True,
        help_text=_("Dưới dòng CỤM TRƯỞNG, ví dụ: Phó Chủ tịch UBND tỉnh Hà Nam."),
    )
    signer_name = models.CharField(_("họ tên người ký"), max_length=120, blank=True)
    state = models.CharField(
        _("trạng thái"), max_length=10, choices=State.choices, default=State.DRAFT
    )
    created_at = models.DateTimeField(_("ngày lập"), auto_now_add=True)
    created_by = models.ForeignKey(
        "clusters.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người lập"),
    )
    sent_at = models.DateTimeField(_("ngày gửi"), null=True, blank=True)
    decided_at = models.DateTimeField(_("ngày ghi nhận quyết định"), null=True, blank=True)
    # The quota notes as they stood when the letter was sent: a sent letter never changes.
    quota_snapshot = models.JSONField(null=True, blank=True, editable=False)
    decision_reference = models.CharField(
        _("quyết định của cấp trên"),
        max_length=300,
        blank=True,
        help_text=_("Ví dụ: Quyết định số 345/QĐ-TTg ngày 10/4/2019 của Thủ tướng Chính phủ."),
    )
    is_sample = models.BooleanField(
        _("dữ liệu mẫu"), default=False, help_text=_("Số, ngày, người ký minh họa.")
    )

    class Meta:
        ordering = ["year", "award_type__order", "pk"]
        verbose_name = _("tờ trình đề nghị khen thưởng")
        verbose_name_plural = _("tờ trình đề nghị khen thưởng")
        constraints = [
            models.UniqueConstraint(
                fields=["ballot_round"],
                name="one_proposal_per_ballot_round",
                violation_error_message=_("Vòng bỏ phiếu này đã có tờ trình."),
            ),
            models.UniqueConstraint(
                fields=["year", "number"],
                condition=~Q(number=""),
                name="one_proposal_number_per_year",
                violation_error_message=_("Năm này đã có tờ trình cùng số."),
            ),
            # Sent or decided: the letter left with a number and a date.
            models.CheckConstraint(
                condition=Q(state="draft") | (~Q(number="") & Q(date__isnull=False)),
                name="proposal_sent_has_number_and_date",
                violation_error_message=_("Tờ trình đã gửi phải có số và ngày."),
            ),
        ]

    def __str__(self) -> str:
        return _("Tờ trình đề nghị tặng %(award)s năm %(year)s") % {
            "award": self.award_type.name,
            "year": self.year.year,
        }

    def get_absolute_url(self) -> str:
        return reverse(
            "awards:proposal_detail", args=[self.year.cluster.slug, self.year.year, self.pk]
        )

    @property
    def is_draft(self) -> bool:
        return self.state == self.State.DRAFT


class ProposalItem(models.Model):
    """One proposed unit: a unit the ballot round elected, with its votes."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="items", verbose_name=_("tờ trình")
    )
    unit = models.ForeignKey(
        "clusters.Unit",
        on_delete=models.PROTECT,
        related_name="proposal_items",
        verbose_name=_("đơn vị"),
    )
    votes = models.PositiveSmallIntegerField(_("số phiếu"))
    share = models.CharField(_("tỷ lệ"), max_length=20, help_text=_("Ví dụ: 8/9."))
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["proposal", "position", "pk"]
        verbose_name = _("đơn vị được đề nghị")
        verbose_name_plural = _("đơn vị được đề nghị")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "unit"],
                name="one_item_per_unit_and_proposal",
                violation_error_message=_("Đơn vị đã có trong tờ trình."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} ({self.votes})"


def certificates_path(instance: CertificateJob, filename: str) -> str:
    # Under MEDIA_ROOT but never under a served URL: the download view checks access first.
    return f"certificates/{instance.decision_id}/{uuid.uuid4().hex}.pdf"


class CertificateJob(BackgroundJob):
    """The certificates of one whole decision, made by a background task (issue 16).

    A decision of more than a few dozen recipients cannot be printed in a request (2,000 hit the
    server's timeout); the decision's certificates page asks for a job (`certificates_request`
    in awards/certificate_jobs.py), the worker (`manage.py db_worker`) renders it in batches of
    bounded size, merged into one PDF kept in `file`, saving `done`/`total` after each batch so
    the page shows its progress. A failed job keeps its reason in `error`.

    Two prints are made so: the full model, and the variable text alone for the pre-printed
    blanks (phôi), moved by the printer offset it was asked with (`offset_x`, `offset_y`).
    """

    class Kind(models.TextChoices):
        FULL = "full", _("bằng khen theo mẫu")
        BLANK = "blank", _("bằng khen in lên phôi")

    decision = models.ForeignKey(
        Decision,
        on_delete=models.CASCADE,
        related_name="certificate_jobs",
        verbose_name=_("quyết định"),
    )
    kind = models.CharField(
        _("loại bản in"), max_length=10, choices=Kind.choices, default=Kind.FULL
    )
    # The printer offset of a print on blanks, in mm (awards.certificates.printer_offset).
    offset_x = models.FloatField(_("độ lệch ngang (mm)"), default=0.0)
    offset_y = models.FloatField(_("độ lệch dọc (mm)"), default=0.0)
    done = models.PositiveIntegerField(_("số bằng đã tạo"), default=0)
    total = models.PositiveIntegerField(_("tổng số bằng"), default=0)
    file = models.FileField(
        _("tệp bằng khen"), upload_to=certificates_path, max_length=300, blank=True
    )
    # Touched after every batch: a running job silent for RUNNING_LOST_AFTER was cut off (the
    # worker was killed) and may be asked for again.
    heartbeat_at = models.DateTimeField(_("lần cập nhật cuối"), default=timezone.now)

    class Meta(BackgroundJob.Meta):
        verbose_name = _("lần tạo bằng khen")
        verbose_name_plural = _("lần tạo bằng khen")

    def __str__(self) -> str:
        return f"{self.decision} #{self.pk} {self.state}"

    # Running this long without a batch done: its worker was killed (queued: the base's rule).
    RUNNING_LOST_AFTER = datetime.timedelta(minutes=5)

    @property
    def lost(self) -> bool:
        if self.state == self.State.RUNNING:
            return timezone.now() - self.heartbeat_at > self.RUNNING_LOST_AFTER
        return super().lost

    @property
    def offset(self) -> tuple[float, float]:
        return (self.offset_x, self.offset_y)


class CouncilOutcome(models.Model):
    """What the organising council decided about one proposal that reached it (issue 11): the
    Government flag's and the Prime Minister's certificate's proposals go from a cluster to its
    council, which agrees to submit them, refuses, or asks for more. Recorded by the council's
    officers through awards.council.council_outcome_record; one per proposal, updated in place
    (the audit events keep the earlier outcomes)."""

    class Verdict(models.TextChoices):
        AGREED = "agreed", _("Nhất trí, trình cấp có thẩm quyền khen thưởng")
        MORE_NEEDED = "more_needed", _("Đề nghị bổ sung, hoàn thiện hồ sơ")
        NOT_AGREED = "not_agreed", _("Không nhất trí đề nghị")

    proposal = models.OneToOneField(
        Proposal,
        on_delete=models.CASCADE,
        related_name="council_outcome",
        verbose_name=_("tờ trình"),
    )
    council = models.ForeignKey(
        "clusters.Council",
        on_delete=models.PROTECT,
        related_name="outcomes",
        verbose_name=_("hội đồng"),
    )
    verdict = models.CharField(_("ý kiến của hội đồng"), max_length=20, choices=Verdict.choices)
    reference = models.CharField(
        _("văn bản của hội đồng"),
        max_length=300,
        blank=True,
        help_text=_("Ví dụ: Biên bản họp Hội đồng ngày 15/4/2019."),
    )
    note = models.TextField(_("ghi chú"), blank=True)
    recorded_by = models.ForeignKey(
        "clusters.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người ghi nhận"),
    )
    recorded_at = models.DateTimeField(_("thời điểm ghi nhận"), default=timezone.now)

    class Meta:
        verbose_name = _("ý kiến của hội đồng về tờ trình")
        verbose_name_plural = _("ý kiến của hội đồng về tờ trình")

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.get_verdict_display()}"


def import_upload_path(instance: RecipientImportJob, filename: str) -> str:
    # Under MEDIA_ROOT but never under a served URL; deleted once the import has run.
    return f"imports/{instance.decision_id}/{uuid.uuid4().hex}.xlsx"


class RecipientImportJob(WorkbookJob):
    """A big recipients workbook imported by a background task (issue 16).

    Reading and checking a workbook of 2,000 rows takes seconds; in a request it holds a
    worker (and, at the limit, meets the server's timeout). A workbook over
    `awards.import_jobs.SYNC_BYTES` is kept in `file`, and the task reads, checks and imports it
    all or nothing, as the page does for a small one; the cell errors it finds are kept here for
    the job's page. The uploaded file is deleted once the task has run.
    """

    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, related_name="import_jobs", verbose_name=_("quyết định")
    )
    file = models.FileField(
        _("tệp Excel"), upload_to=import_upload_path, max_length=300, blank=True
    )
    replace = models.BooleanField(_("thay thế danh sách hiện có"), default=False)
    # done/total: the rows imported of the rows read (0/0 until the file is read).
    done = models.PositiveIntegerField(_("số dòng đã nhập"), default=0)
    total = models.PositiveIntegerField(_("số dòng"), default=0)

    class Meta(WorkbookJob.Meta):
        verbose_name = _("lần nhập danh sách khen thưởng")
        verbose_name_plural = _("lần nhập danh sách khen thưởng")

    def __str__(self) -> str:
        return f"{self.decision} #{self.pk} {self.state}"
