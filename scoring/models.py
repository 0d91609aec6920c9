"""Criteria sheets, self-assessments, reviews."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from scoring import rules


class CriteriaSheet(models.Model):
    """The score sheet of one emulation year (bảng tiêu chí chấm điểm)."""

    year = models.OneToOneField(
        "clusters.EmulationYear",
        on_delete=models.CASCADE,
        related_name="criteria_sheet",
        verbose_name=_("năm thi đua"),
    )
    version = models.PositiveIntegerField(
        _("phiên bản"), default=1, help_text=_("Tăng mỗi lần bảng tiêu chí thay đổi.")
    )
    tie_breakers = models.CharField(
        _("tiêu chí phụ khi bằng điểm"),
        max_length=100,
        blank=True,
        help_text=_(
            "Mã các mục, cách nhau bằng dấu phẩy, xét lần lượt khi bằng tổng điểm, ví dụ: I,II"
        ),
    )
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)

    class Meta:
        verbose_name = _("bảng tiêu chí")
        verbose_name_plural = _("bảng tiêu chí")

    def __str__(self) -> str:
        return f"{self.year} — v{self.version}"

    def tie_breaker_codes(self) -> list[str]:
        return [code.strip() for code in self.tie_breakers.split(",") if code.strip()]


class Criterion(models.Model):
    class Kind(models.TextChoices):
        STANDARD = rules.STANDARD, _("Điểm chuẩn")
        BONUS = rules.BONUS, _("Điểm thưởng")
        DEDUCTION = rules.DEDUCTION, _("Điểm trừ")

    sheet = models.ForeignKey(CriteriaSheet, on_delete=models.CASCADE, related_name="criteria")
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("thuộc mục"),
    )
    position = models.PositiveIntegerField(_("thứ tự"), default=0)
    code = models.CharField(_("mã"), max_length=20, help_text=_("Ví dụ: I, I.1, I.1.a"))
    text = models.TextField(_("nội dung tiêu chí"))
    guidance = models.TextField(_("hướng dẫn chấm"), blank=True)
    kind = models.CharField(
        _("loại điểm"), max_length=10, choices=Kind.choices, default=Kind.STANDARD
    )
    max_points = models.DecimalField(
        _("điểm tối đa"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Bắt buộc với tiêu chí được chấm (không có tiêu chí con)."),
    )
    cap = models.DecimalField(
        _("điểm trần của mục"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Tổng điểm của mục không vượt quá số này (để trống nếu không giới hạn)."),
    )
    evidence_required = models.BooleanField(_("bắt buộc có minh chứng"), default=False)

    class Meta:
        ordering = ["sheet", "position", "pk"]
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")
        constraints = [
            models.UniqueConstraint(
                fields=["sheet", "code"],
                name="criterion_code_unique_in_sheet",
                violation_error_message=_("Mã tiêu chí này đã có trong bảng."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.text[:60]}"

    def as_node(self) -> rules.Node:
        return rules.Node(
            id=self.pk,
            parent_id=self.parent_id,
            code=self.code,
            kind=self.kind,
            max_points=self.max_points,
            cap=self.cap,
        )


class Assessment(models.Model):
    """One unit's score sheet for one year: self-assessment, then review, then final."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Đang tự chấm")
        SUBMITTED = "submitted", _("Đã nộp")
        UNDER_REVIEW = "under_review", _("Đang thẩm định")
        ANSWERED = "answered", _("Đã giải trình")
        FINALISED = "finalised", _("Đã hoàn tất")

    year = models.ForeignKey(
        "clusters.EmulationYear", on_delete=models.CASCADE, related_name="assessments"
    )
    unit = models.ForeignKey("clusters.Unit", on_delete=models.PROTECT, related_name="assessments")
    state = models.CharField(
        _("trạng thái"), max_length=20, choices=State.choices, default=State.DRAFT
    )
    # Optimistic lock: each save checks and bumps it, so a second editor cannot overwrite silently.
    version = models.PositiveIntegerField(default=1)
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    finalised_at = models.DateTimeField(_("hoàn tất lúc"), null=True, blank=True)
    # Totals are computed by rules.compute_totals and stored at finalisation, for the ranking.
    final_total = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    # Top-level section code -> its (capped) subtotal as a string, e.g. {"I": "27.50"}.
    final_sections = models.JSONField(default=dict, blank=True)
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)

    class Meta:
        ordering = ["year", "unit__name"]
        verbose_name = _("bảng tự chấm điểm")
        verbose_name_plural = _("bảng tự chấm điểm")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "unit"], name="one_assessment_per_unit_and_year"
            ),
            models.CheckConstraint(
                condition=Q(state="finalised", final_total__isnull=False) | ~Q(state="finalised"),
                name="finalised_assessment_has_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.year.year}"

    @property
    def is_draft(self) -> bool:
        return self.state == self.State.DRAFT

    @property
    def is_finalised(self) -> bool:
        return self.state == self.State.FINALISED


class Score(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    self_points = models.DecimalField(
        _("điểm tự chấm"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    explanation = models.TextField(_("giải thích"), blank=True)
    # The points that count: the self-assessed points, or the reviewer's adjusted points.
    points = models.DecimalField(_("điểm"), max_digits=7, decimal_places=2, null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["criterion__position", "criterion__pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "criterion"], name="one_score_per_criterion"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion.code}: {self.points}"


def evidence_path(instance: Evidence, filename: str) -> str:
    # A random name: the original name is kept in the database, never trusted as a path.
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    assessment = instance.score.assessment
    return f"evidence/{assessment.year_id}/{assessment.unit_id}/{uuid.uuid4().hex}.{suffix}"


class Evidence(models.Model):
    score = models.ForeignKey(Score, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("tệp minh chứng"), upload_to=evidence_path, max_length=300)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveIntegerField(_("dung lượng"))
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")

    def __str__(self) -> str:
        return self.original_name


class Adjustment(models.Model):
    """A reviewer's change of one criterion's points, with its reason and the unit's answer."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Chờ kết luận")
        KEPT = "kept", _("Giữ điều chỉnh")
        WITHDRAWN = "withdrawn", _("Chấp nhận giải trình, rút điều chỉnh")

    score = models.ForeignKey(Score, on_delete=models.CASCADE, related_name="adjustments")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    old_points = models.DecimalField(_("điểm trước"), max_digits=7, decimal_places=2)
    new_points = models.DecimalField(_("điểm điều chỉnh"), max_digits=7, decimal_places=2)
    reason = models.TextField(_("lý do điều chỉnh"))
    created_at = models.DateTimeField(auto_now_add=True)
    answer = models.TextField(_("giải trình của đơn vị"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(
        _("kết luận"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    # The right of reply (scoring/reply.py): the unit may answer until `answer_due` (the end of
    # a day, clusters.timeline.answer_due); the sheet is not finalised before it unless the unit
    # said it will not answer (`waived_at`). None: made before deadlines were kept.
    answer_due = models.DateTimeField(_("hạn giải trình"), null=True, blank=True)
    waived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    waived_at = models.DateTimeField(_("đơn vị không giải trình lúc"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("điều chỉnh điểm")
        verbose_name_plural = _("điều chỉnh điểm")
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason=""),
                name="adjustment_has_reason",
                violation_error_message=_("Điều chỉnh điểm phải có lý do."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.score.criterion.code}: {self.old_points} → {self.new_points}"

    @property
    def reply(self) -> str:
        """Where the unit's right of reply stands now."""
        from django.utils import timezone

        return self.reply_at(timezone.now())

    def reply_at(self, now: datetime.datetime) -> str:
        """Where the unit's right of reply stands at `now` (scoring.reply.reply_state)."""
        from scoring.reply import reply_state

        return reply_state(
            outcome=self.outcome,
            answered=self.answered_at is not None,
            waived=self.waived_at is not None,
            answer_due=self.answer_due,
            now=now,
        )


class ReviewAssignment(models.Model):
    """Cross-review (chấm chéo): a peer unit that reviews another unit's sheet this year."""

    year = models.ForeignKey(
        "clusters.EmulationYear", on_delete=models.CASCADE, related_name="review_assignments"
    )
    reviewer_unit = models.ForeignKey(
        "clusters.Unit",
        on_delete=models.PROTECT,
        related_name="reviews_given",
        verbose_name=_("đơn vị chấm chéo"),
    )
    reviewed_unit = models.ForeignKey(
        "clusters.Unit",
        on_delete=models.PROTECT,
        related_name="reviews_received",
        verbose_name=_("đơn vị được chấm"),
    )

    class Meta:
        verbose_name = _("phân công chấm chéo")
        verbose_name_plural = _("phân công chấm chéo")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "reviewer_unit", "reviewed_unit"], name="one_review_assignment"
            ),
            models.CheckConstraint(
                condition=~Q(reviewer_unit=models.F("reviewed_unit")),
                name="no_self_review",
                violation_error_message=_("Đơn vị không tự chấm chéo chính mình."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer_unit} → {self.reviewed_unit} ({self.year.year})"


class BallotRound(models.Model):
    """A secret ballot of the member units (bình xét, suy tôn, bầu Cụm trưởng, Cụm phó)."""

    class Kind(models.TextChoices):
        FLAG = "flag", _("Đề nghị tặng Cờ thi đua của Chính phủ")
        PM_CERTIFICATE = "pm_certificate", _("Đề nghị tặng Bằng khen của Thủ tướng Chính phủ")
        HEAD = "head", _("Suy tôn Cụm trưởng năm sau")
        DEPUTIES = "deputies", _("Suy tôn Cụm phó năm sau")

    class State(models.TextChoices):
        DRAFT = "draft", _("Chuẩn bị")
        OPEN = "open", _("Đang bỏ phiếu")
        CLOSED = "closed", _("Đã kết thúc")
        CANCELLED = "cancelled", _("Đã hủy")

    class Mode(models.TextChoices):
        ONLINE = "online", _("Trực tuyến: mỗi đơn vị bỏ phiếu bằng tài khoản của mình")
        HALL = "hall", _("Tại hội trường: Ban kiểm phiếu nhập kết quả kiểm phiếu giấy")

    class Threshold(models.TextChoices):
        HALF = "half", _("Quá nửa số đơn vị thành viên")
        TWO_THIRDS = "two_thirds", _("Từ hai phần ba số đơn vị thành viên")
        NINETY = "ninety", _("Từ 90% tổng số đơn vị thành viên")

    year = models.ForeignKey(
        "clusters.EmulationYear", on_delete=models.CASCADE, related_name="ballot_rounds"
    )
    kind = models.CharField(_("nội dung bỏ phiếu"), max_length=20, choices=Kind.choices)
    seats = models.PositiveSmallIntegerField(
        _("số đơn vị được chọn"), default=1, validators=[MinValueValidator(1)]
    )
    threshold = models.CharField(
        _("ngưỡng thông qua"), max_length=12, choices=Threshold.choices, default=Threshold.HALF
    )
    state = models.CharField(
        _("trạng thái"), max_length=10, choices=State.choices, default=State.DRAFT
    )
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # The number of member units when the round closed: the threshold's base, kept for the minutes.
    members_at_close = models.PositiveSmallIntegerField(null=True, blank=True)
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)
    mode = models.CharField(
        _("hình thức bỏ phiếu"), max_length=10, choices=Mode.choices, default=Mode.ONLINE
    )
    # Online rounds: before this time the round closes only once every member has voted; after
    # it, with at least the quorum (scoring.rules.close_refusal). Ballots are taken until closed.
    closes_at = models.DateTimeField(_("giờ kết thúc bỏ phiếu"), null=True, blank=True)
    # Empty: two thirds of the members, rounded up, never fewer than three (rules.default_quorum).
    quorum = models.PositiveSmallIntegerField(
        _("số phiếu tối thiểu để kiểm phiếu"), null=True, blank=True
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.TextField(_("lý do hủy"), blank=True)
    # A round in the hall: the counting committee's figures, entered by the secretariat
    # (scoring.ballots.hall_count_save); the votes per candidate are on Candidate.hall_votes.
    hall_issued = models.PositiveSmallIntegerField(_("số phiếu phát ra"), null=True, blank=True)
    hall_received = models.PositiveSmallIntegerField(_("số phiếu thu vào"), null=True, blank=True)
    hall_valid = models.PositiveSmallIntegerField(_("số phiếu hợp lệ"), null=True, blank=True)
    hall_invalid = models.PositiveSmallIntegerField(
        _("số phiếu không hợp lệ"), null=True, blank=True
    )
    hall_blank = models.PositiveSmallIntegerField(_("số phiếu trắng"), null=True, blank=True)
    # The minutes' details (biên bản kiểm phiếu), kept by the secretariat through
    # scoring.ballots.round_minutes_save; the counts come from the ballots, never from here.
    minutes_number = models.CharField(
        _("số biên bản"), max_length=40, blank=True, help_text=_("Ví dụ: 01/BB-CTĐ.")
    )
    minutes_place = models.CharField(
        _("địa điểm kiểm phiếu"),
        max_length=200,
        blank=True,
        help_text=_("Để trống: địa điểm hội nghị tổng kết của năm."),
    )
    minutes_time = models.TimeField(
        _("giờ kiểm phiếu"),
        null=True,
        blank=True,
        help_text=_("Ví dụ: 10:30. Để trống: giờ kết thúc bỏ phiếu."),
    )
    chair_name = models.CharField(_("họ và tên người chủ trì"), max_length=120, blank=True)
    chair_title = models.CharField(
        _("chức vụ người chủ trì"),
        max_length=200,
        blank=True,
        help_text=_("Ví dụ: Phó Chủ tịch UBND tỉnh Hà Nam."),
    )
    counting_committee = models.TextField(
        _("Ban kiểm phiếu"),
        blank=True,
        help_text=_(
            "Mỗi dòng một người: “Họ và tên — chức vụ”. Dòng đầu là Trưởng ban kiểm phiếu, "
            "các dòng sau là thành viên."
        ),
    )

    class Meta:
        ordering = ["year", "pk"]
        verbose_name = _("vòng bỏ phiếu")
        verbose_name_plural = _("vòng bỏ phiếu")
        constraints = [
            models.CheckConstraint(condition=Q(seats__gte=1), name="ballot_round_has_seats"),
            # One round per kind and year; a cancelled one makes way for its replacement.
            models.UniqueConstraint(
                fields=["year", "kind"],
                condition=~Q(state="cancelled"),
                name="one_round_per_kind_and_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.year.year}"

    def get_kind_display(self) -> str:
        """The kind in its cluster's words: "Suy tôn Khối trưởng năm sau" in a khối.

        Django keeps a get_FOO_display defined on the class, so every page, document, audit
        summary and notice that names a round reads this one. Only the leaders' rounds read the
        cluster (a flag round asks for no query).
        """
        if self.kind not in _LEADER_KINDS:
            return round_kind_label(self.kind, None)
        return round_kind_label(self.kind, self.year.cluster.kind)

    def threshold_rule(self) -> rules.Threshold:
        shares = {
            self.Threshold.HALF: rules.Threshold(Decimal("0.5"), strict=True),
            self.Threshold.TWO_THIRDS: rules.Threshold(Decimal(2) / Decimal(3), strict=False),
            self.Threshold.NINETY: rules.Threshold(Decimal("0.9"), strict=False),
        }
        return shares[self.Threshold(self.threshold)]

    @property
    def is_hall(self) -> bool:
        return self.mode == self.Mode.HALL

    @property
    def hall_counted(self) -> bool:
        return self.hall_received is not None

    def quorum_for(self, members: int) -> int:
        return self.quorum or rules.default_quorum(members)


# Kind's labels are a cụm's; a khối elects its Khối trưởng, Khối phó. The labels stay in the
# choices (a label there is part of the migration state), the khối's words live here.
_LEADER_KINDS = {BallotRound.Kind.HEAD, BallotRound.Kind.DEPUTIES}
_KIND_LABELS_BY_CLUSTER = {
    "khoi": {
        BallotRound.Kind.HEAD: _("Suy tôn Khối trưởng năm sau"),
        BallotRound.Kind.DEPUTIES: _("Suy tôn Khối phó năm sau"),
    },
}


def round_kind_label(kind: str, cluster_kind: str | None) -> str:
    """A round's kind as a cluster of `cluster_kind` names it (an unknown kind as it is)."""
    label = _KIND_LABELS_BY_CLUSTER.get(cluster_kind or "", {}).get(kind)
    if label is None and kind in BallotRound.Kind.values:
        label = BallotRound.Kind(kind).label
    return str(label) if label is not None else kind


def round_kind_choices(cluster_kind: str | None) -> list[tuple[str, str]]:
    """The kinds a cluster of `cluster_kind` creates rounds for, in its words (a form's choices)."""
    return [(kind, round_kind_label(kind, cluster_kind)) for kind in BallotRound.Kind.values]


class Candidate(models.Model):
    round = models.ForeignKey(BallotRound, on_delete=models.CASCADE, related_name="candidates")
    unit = models.ForeignKey("clusters.Unit", on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)
    # A round in the hall: the votes the counting committee counted for this unit.
    hall_votes = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["round", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "unit"], name="one_candidacy_per_round"),
        ]

    def __str__(self) -> str:
        return str(self.unit)


class VoterEntry(models.Model):
    """The register of who has voted: one entry per round and unit, never what it chose.

    Written in the same transaction as the unit's ballot (scoring.ballots.ballot_cast), with
    nothing that leads to it: the ballot box (Ballot) has no unit, person, time or order.
    """

    round = models.ForeignKey(BallotRound, on_delete=models.CASCADE, related_name="register")
    unit = models.ForeignKey("clusters.Unit", on_delete=models.PROTECT, related_name="+")
    cast_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    cast_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("đơn vị đã bỏ phiếu")
        verbose_name_plural = _("sổ đơn vị đã bỏ phiếu")
        constraints = [
            # Two officers of one unit casting at the same moment: the database keeps one.
            models.UniqueConstraint(fields=["round", "unit"], name="one_ballot_per_unit_and_round"),
        ]

    def __str__(self) -> str:
        return f"{self.round} — {self.unit}"


class Ballot(models.Model):
    """A ballot in the box: its choices and its receipt's digest, nothing that names a voter.

    No unit, no person, no time and a random key (UUID4, not time-ordered); the round's box is
    rewritten in a random order at each ballot (scoring.ballots) so neither the rows' physical
    order nor SQLite's rowid nor PostgreSQL's xmin tells a query which ballot came when (the
    data files may keep old row versions until VACUUM: see scoring.ballots._shuffle_box).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(BallotRound, on_delete=models.CASCADE, related_name="ballots")
    # The chosen candidates' ids, ascending; [] is a blank ballot (counted, valid).
    choices = models.JSONField(default=list, blank=True)
    # SHA-256 (hex) of "<round id>:<receipt code>" (scoring.bulletin.receipt_digest): only the
    # unit that cast the ballot holds the code.
    receipt_digest = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["receipt_digest"]
        verbose_name = _("phiếu trong hòm phiếu")
        verbose_name_plural = _("hòm phiếu")

    def __str__(self) -> str:
        return _("%(round)s — phiếu") % {"round": self.round}
