"""Every write of the scoring app: one transaction each, refused once a sheet is final.

Views and commands call these; they check access first (scoring/access.py). A refusal raises
ServiceError (or ValidationFailed with one message per criterion) with a Vietnamese message and
leaves the database as it was.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from clusters.closing import lock_year
from clusters.models import EmulationYear, Unit, User
from scoring import rules
from scoring.models import Adjustment, Assessment, CriteriaSheet, Criterion, Evidence, Score

EDITABLE_CRITERIA_PHASES = {EmulationYear.Phase.SETUP}
SELF_ASSESSMENT_PHASES = {EmulationYear.Phase.SELF_ASSESSMENT, EmulationYear.Phase.REVIEW}
REVIEW_PHASES = {
    EmulationYear.Phase.SELF_ASSESSMENT,
    EmulationYear.Phase.REVIEW,
    EmulationYear.Phase.CONFERENCE,
}
REVIEWABLE_STATES = {
    Assessment.State.SUBMITTED,
    Assessment.State.UNDER_REVIEW,
    Assessment.State.ANSWERED,
}


class ServiceError(Exception):
    """A refused change; str(error) is the Vietnamese message for the user."""


class Conflict(ServiceError):
    """Someone else saved the sheet since it was opened."""


class ValidationFailed(ServiceError):
    def __init__(self, errors: Mapping[int, str], message: str = "") -> None:
        self.errors = dict(errors)  # criterion id -> message
        super().__init__(
            message or _("Bảng điểm có lỗi, chưa lưu gì. Vui lòng sửa các ô được đánh dấu.")
        )


def _require_open_year(year: EmulationYear) -> None:
    if lock_year(year).is_closed:
        raise ServiceError(_("Năm thi đua đã tổng kết, không thể sửa đổi."))


# --- criteria sheet --------------------------------------------------------------------------


def sheet_get_or_create(*, year: EmulationYear) -> CriteriaSheet:
    sheet, _created = CriteriaSheet.objects.get_or_create(year=year)
    return sheet


def criteria_require_editable(year: EmulationYear) -> None:
    _require_open_year(year)
    if year.phase not in EDITABLE_CRITERIA_PHASES:
        raise ServiceError(
            _("Bảng tiêu chí đã khóa: chỉ sửa được khi năm thi đua đang ở giai đoạn thiết lập.")
        )


def criteria_changed(*, sheet: CriteriaSheet) -> None:
    """Bump the version: workbooks downloaded before the change no longer match."""
    CriteriaSheet.objects.filter(pk=sheet.pk).update(version=F("version") + 1)
    sheet.refresh_from_db(fields=["version"])


@transaction.atomic
def criterion_save(*, criterion: Criterion) -> Criterion:
    criteria_require_editable(criterion.sheet.year)
    if criterion.sheet.pk is None:  # the year's first criterion creates its sheet
        criterion.sheet = sheet_get_or_create(year=criterion.sheet.year)
    if criterion.pk is None:
        siblings = Criterion.objects.filter(sheet=criterion.sheet, parent=criterion.parent)
        criterion.position = (siblings.aggregate(m=Max("position"))["m"] or 0) + 1
    criterion.save()
    criteria_changed(sheet=criterion.sheet)
    return criterion


@transaction.atomic
def criterion_delete(*, criterion: Criterion) -> None:
    criteria_require_editable(criterion.sheet.year)
    sheet = criterion.sheet
    criterion.delete()
    criteria_changed(sheet=sheet)


@transaction.atomic
def criterion_move(*, criterion: Criterion, up: bool) -> None:
    """Swap with the previous (or next) sibling."""
    criteria_require_editable(criterion.sheet.year)
    siblings = list(
        Criterion.objects.select_for_update()
        .filter(sheet=criterion.sheet, parent=criterion.parent)
        .order_by("position", "pk")
    )
    index = next(i for i, c in enumerate(siblings) if c.pk == criterion.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings, start=1):
        sibling.position = position
    Criterion.objects.bulk_update(siblings, ["position"])
    criteria_changed(sheet=criterion.sheet)


@transaction.atomic
def sheet_settings_save(*, sheet: CriteriaSheet, tie_breakers: str) -> CriteriaSheet:
    criteria_require_editable(sheet.year)
    sheet.tie_breakers = tie_breakers
    sheet.save(update_fields=["tie_breakers"])
    criteria_changed(sheet=sheet)
    return sheet


@transaction.atomic
def criteria_copy(*, source: CriteriaSheet, target: CriteriaSheet) -> int:
    """Copy a previous year's tree into an empty sheet; returns the number of criteria."""
    criteria_require_editable(target.year)
    # Lock the target: two copies at once would both find it empty.
    CriteriaSheet.objects.select_for_update().get(pk=target.pk)
    if target.criteria.exists():
        raise ServiceError(_("Bảng tiêu chí năm nay đã có tiêu chí; chỉ sao chép vào bảng trống."))
    old = list(source.criteria.order_by("parent_id", "position", "pk"))
    new_ids: dict[int, Criterion] = {}
    pending = old
    # Parents before children: a few passes over a tree a few levels deep.
    while pending:
        later = []
        for criterion in pending:
            if criterion.parent_id is not None and criterion.parent_id not in new_ids:
                later.append(criterion)
                continue
            new_ids[criterion.pk] = Criterion.objects.create(
                sheet=target,
                parent=new_ids.get(criterion.parent_id),
                position=criterion.position,
                code=criterion.code,
                text=criterion.text,
                guidance=criterion.guidance,
                kind=criterion.kind,
                max_points=criterion.max_points,
                cap=criterion.cap,
                evidence_required=criterion.evidence_required,
            )
        if len(later) == len(pending):  # pragma: no cover - a parent outside the sheet
            raise ServiceError(_("Bảng tiêu chí nguồn không hợp lệ."))
        pending = later
    target.tie_breakers = source.tie_breakers
    target.save(update_fields=["tie_breakers"])
    criteria_changed(sheet=target)
    return len(new_ids)


# --- self-assessment -------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    points: object  # as typed: a number, text with a decimal comma, or empty
    explanation: str = ""


def _leaves(sheet: CriteriaSheet) -> list[Criterion]:
    criteria = list(sheet.criteria.all())
    leaf_ids = {node.id for node in rules.leaves([c.as_node() for c in criteria])}
    return [c for c in criteria if c.pk in leaf_ids]


def _locked_assessment(year: EmulationYear, unit: Unit) -> Assessment:
    # select_for_update: two saves of one sheet at the same moment are serialised, so the version
    # check below sees the other's bump instead of both passing it.
    assessment, _created = Assessment.objects.get_or_create(year=year, unit=unit)
    return Assessment.objects.select_for_update().get(pk=assessment.pk)


def validate_entries(
    leaves: list[Criterion], entries: Mapping[int, Entry]
) -> tuple[dict[int, Decimal | None], dict[int, str]]:
    values: dict[int, Decimal | None] = {}
    errors: dict[int, str] = {}
    for criterion in leaves:
        entry = entries.get(criterion.pk)
        if entry is None:
            continue
        try:
            value = rules.parse_points(entry.points)
            if value is not None:
                rules.check_points(criterion.kind, criterion.max_points or Decimal("0"), value)
            values[criterion.pk] = value
        except rules.PointsError as error:
            errors[criterion.pk] = str(error)
    return values, errors


@transaction.atomic
def assessment_save(
    *,
    year: EmulationYear,
    unit: Unit,
    by: User,
    version: int | None,
    entries: Mapping[int, Entry],
    submit: bool = False,
) -> Assessment:
    """Save a draft (and submit it when asked). All rows or none.

    `version` is the assessment version the editor started from (None for a new sheet); a
    different current version means someone else saved in between: Conflict, nothing saved.
    """
    _require_open_year(year)
    if year.phase not in SELF_ASSESSMENT_PHASES:
        raise ServiceError(_("Chưa đến giai đoạn tự chấm điểm, hoặc giai đoạn này đã kết thúc."))
    sheet = CriteriaSheet.objects.filter(year=year).first()
    if sheet is None or not sheet.criteria.exists():
        raise ServiceError(_("Năm thi đua này chưa có bảng tiêu chí."))
    assessment = _locked_assessment(year, unit)
    if not assessment.is_draft:
        raise ServiceError(_("Bảng điểm đã nộp, đơn vị không thể sửa nữa."))
    if version is not None and version != assessment.version:
        raise Conflict(
            _(
                "Bảng điểm vừa được người khác lưu sau khi anh/chị mở trang. Chưa lưu gì: "
                "dữ liệu anh/chị nhập vẫn còn trên trang; hãy mở lại bảng điểm ở một thẻ khác "
                "để xem bản mới rồi nhập lại."
            )
        )
    leaves = _leaves(sheet)
    values, errors = validate_entries(leaves, entries)
    if errors:
        raise ValidationFailed(errors)
    existing = {score.criterion_id: score for score in assessment.scores.all()}
    to_create, to_update = [], []
    for criterion in leaves:
        if criterion.pk not in entries:
            continue
        value = values.get(criterion.pk)
        explanation = entries[criterion.pk].explanation.strip()
        score = existing.get(criterion.pk)
        if score is None:
            to_create.append(
                Score(
                    assessment=assessment,
                    criterion=criterion,
                    self_points=value,
                    points=value,
                    explanation=explanation,
                )
            )
        elif (score.self_points, score.explanation) != (value, explanation):
            score.self_points = score.points = value
            score.explanation = explanation
            to_update.append(score)
    if to_create:
        bulk_create_with_history(to_create, Score, default_user=by)
    if to_update:
        bulk_update_with_history(
            to_update, Score, ["self_points", "points", "explanation"], default_user=by
        )
    if submit:
        _check_complete(assessment, leaves)
        assessment.state = Assessment.State.SUBMITTED
        assessment.submitted_at = timezone.now()
    assessment.version += 1
    assessment.save()
    return assessment


def _check_complete(assessment: Assessment, leaves: list[Criterion]) -> None:
    scores = {s.criterion_id: s for s in assessment.scores.all()}
    with_evidence = set(
        Evidence.objects.filter(score__assessment=assessment).values_list(
            "score__criterion_id", flat=True
        )
    )
    errors: dict[int, str] = {}
    for criterion in leaves:
        score = scores.get(criterion.pk)
        if score is None or score.self_points is None:
            errors[criterion.pk] = "Chưa chấm tiêu chí này."
        elif criterion.evidence_required and criterion.pk not in with_evidence:
            errors[criterion.pk] = "Tiêu chí này bắt buộc có minh chứng."
    if errors:
        raise ValidationFailed(
            errors,
            _(
                "Chưa nộp được: còn %(count)d tiêu chí chưa chấm hoặc thiếu minh chứng. "
                "Phần đã nhập vẫn được giữ trên trang."
            )
            % {"count": len(errors)},
        )


@transaction.atomic
def evidence_add(
    *, year: EmulationYear, unit: Unit, criterion: Criterion, by: User, upload
) -> Evidence:
    _require_open_year(year)
    if year.phase not in SELF_ASSESSMENT_PHASES:
        raise ServiceError(_("Chưa đến giai đoạn tự chấm điểm, hoặc giai đoạn này đã kết thúc."))
    if criterion.children.exists():
        raise ServiceError(_("Chỉ gắn minh chứng cho tiêu chí được chấm điểm."))
    assessment = _locked_assessment(year, unit)
    if not assessment.is_draft:
        raise ServiceError(_("Bảng điểm đã nộp, không thêm minh chứng được nữa."))
    score, _created = Score.objects.get_or_create(assessment=assessment, criterion=criterion)
    return Evidence.objects.create(
        score=score,
        file=upload,
        original_name=upload.name[:255],
        size=upload.size,
        content_type=getattr(upload, "content_type", "") or "application/octet-stream",
        uploaded_by=by,
    )


@transaction.atomic
def evidence_delete(*, evidence: Evidence) -> None:
    assessment = Assessment.objects.select_for_update().get(pk=evidence.score.assessment_id)
    _require_open_year(assessment.year)
    if not assessment.is_draft:
        raise ServiceError(_("Bảng điểm đã nộp, không xóa minh chứng được nữa."))
    evidence.file.delete(save=False)
    evidence.delete()


# --- review ----------------------------------------------------------------------------------


def _locked_for_review(assessment: Assessment) -> Assessment:
    locked = Assessment.objects.select_for_update().select_related("year").get(pk=assessment.pk)
    _require_open_year(locked.year)
    if locked.is_finalised:
        raise ServiceError(_("Bảng điểm đã hoàn tất, không thể thay đổi."))
    if locked.state not in REVIEWABLE_STATES:
        raise ServiceError(_("Bảng điểm chưa nộp, chưa thẩm định được."))
    if locked.year.phase not in REVIEW_PHASES:
        raise ServiceError(_("Năm thi đua không ở giai đoạn thẩm định."))
    return locked


@transaction.atomic
def adjustment_create(
    *, assessment: Assessment, criterion: Criterion, by: User, new_points: object, reason: str
) -> Adjustment:
    assessment = _locked_for_review(assessment)
    reason = reason.strip()
    if not reason:
        raise ServiceError(_("Điều chỉnh điểm phải có lý do."))
    if criterion.children.exists():
        raise ServiceError(_("Chỉ điều chỉnh được tiêu chí được chấm điểm."))
    try:
        value = rules.parse_points(new_points)
        if value is None:
            raise rules.PointsError(_("Nhập điểm điều chỉnh."))
        rules.check_points(criterion.kind, criterion.max_points or Decimal("0"), value)
    except rules.PointsError as error:
        raise ServiceError(str(error)) from error
    score = Score.objects.select_for_update().get(assessment=assessment, criterion=criterion)
    if value == score.points:
        raise ServiceError(_("Điểm điều chỉnh bằng điểm hiện tại: không có gì thay đổi."))
    if score.adjustments.filter(outcome=Adjustment.Outcome.PENDING).exists():
        raise ServiceError(_("Tiêu chí này đang có điều chỉnh chờ kết luận."))
    adjustment = Adjustment(
        score=score, reviewer=by, old_points=score.points, new_points=value, reason=reason
    )
    adjustment._history_user = by
    adjustment.save()
    score.points = value
    score._history_user = by
    score._change_reason = reason
    score.save(update_fields=["points"])
    assessment.state = Assessment.State.UNDER_REVIEW
    assessment.version += 1
    assessment.save(update_fields=["state", "version"])
    return adjustment


@transaction.atomic
def adjustment_answer(*, adjustment: Adjustment, by: User, answer: str) -> Adjustment:
    assessment = _locked_for_review(adjustment.score.assessment)
    adjustment = Adjustment.objects.select_for_update().get(pk=adjustment.pk)
    answer = answer.strip()
    if not answer:
        raise ServiceError(_("Nhập nội dung giải trình."))
    if adjustment.answered_at is not None:
        raise ServiceError(
            _("Điều chỉnh này đã được giải trình; mỗi điều chỉnh chỉ giải trình một lần.")
        )
    if adjustment.outcome != Adjustment.Outcome.PENDING:
        raise ServiceError(_("Điều chỉnh này đã có kết luận."))
    adjustment.answer = answer
    adjustment.answered_by = by
    adjustment.answered_at = timezone.now()
    adjustment._history_user = by
    adjustment._change_reason = answer
    adjustment.save()
    unanswered = Adjustment.objects.filter(
        score__assessment=assessment, outcome=Adjustment.Outcome.PENDING, answered_at__isnull=True
    )
    if not unanswered.exists():
        assessment.state = Assessment.State.ANSWERED
    assessment.version += 1
    assessment.save(update_fields=["state", "version"])
    return adjustment


@transaction.atomic
def adjustment_resolve(*, adjustment: Adjustment, by: User, keep: bool) -> Adjustment:
    assessment = _locked_for_review(adjustment.score.assessment)
    adjustment = (
        Adjustment.objects.select_for_update().select_related("score").get(pk=adjustment.pk)
    )
    if adjustment.outcome != Adjustment.Outcome.PENDING:
        raise ServiceError(_("Điều chỉnh này đã có kết luận."))
    adjustment.outcome = Adjustment.Outcome.KEPT if keep else Adjustment.Outcome.WITHDRAWN
    adjustment.resolved_by = by
    adjustment.resolved_at = timezone.now()
    adjustment._history_user = by
    adjustment.save()
    if not keep:
        score = adjustment.score
        score.points = adjustment.old_points
        score._history_user = by
        score._change_reason = "Chấp nhận giải trình, rút điều chỉnh"
        score.save(update_fields=["points"])
    assessment.version += 1
    assessment.save(update_fields=["version"])
    return adjustment


def sheet_nodes(sheet: CriteriaSheet) -> list[rules.Node]:
    return [c.as_node() for c in sheet.criteria.all()]


@transaction.atomic
def assessment_finalise(*, assessment: Assessment, by: User) -> Assessment:
    assessment = _locked_for_review(assessment)
    waiting = Adjustment.objects.filter(
        score__assessment=assessment,
        outcome=Adjustment.Outcome.PENDING,
        answered_at__isnull=False,
    ).count()
    if waiting:
        raise ServiceError(
            _("Còn %(count)d giải trình chưa có kết luận: hãy giữ hoặc rút từng điều chỉnh trước.")
            % {"count": waiting}
        )
    # Adjustments the unit chose not to answer stand as made.
    Adjustment.objects.filter(
        score__assessment=assessment, outcome=Adjustment.Outcome.PENDING
    ).update(outcome=Adjustment.Outcome.KEPT, resolved_by=by, resolved_at=timezone.now())
    sheet = assessment.year.criteria_sheet
    points = dict(assessment.scores.values_list("criterion_id", "points"))
    nodes = sheet_nodes(sheet)
    totals = rules.compute_totals(nodes, points)
    assessment.final_total = totals.total
    assessment.final_sections = {
        node.code: str(totals.of(node.id)) for node in nodes if node.parent_id is None
    }
    assessment.state = Assessment.State.FINALISED
    assessment.finalised_at = timezone.now()
    assessment.version += 1
    assessment.save()
    return assessment


# --- Excel -----------------------------------------------------------------------------------


class ImportRejected(ServiceError):
    def __init__(self, errors: list) -> None:
        self.errors = errors
        super().__init__(_("Tệp có %(count)d lỗi, chưa lưu gì.") % {"count": len(errors)})


def workbook_identity(year: EmulationYear, unit: Unit, sheet: CriteriaSheet):
    from scoring.excel import Identity

    return Identity(year.cluster.slug, year.year, unit.slug, sheet.version)


def assessment_import(*, year: EmulationYear, unit: Unit, by: User, data: bytes) -> Assessment:
    """Read an uploaded workbook and save it as the unit's draft: every cell valid, or nothing."""
    from scoring import excel

    sheet = CriteriaSheet.objects.filter(year=year).first()
    if sheet is None:
        raise ServiceError(_("Năm thi đua này chưa có bảng tiêu chí."))
    leaves = _leaves(sheet)
    by_code = {c.code: c for c in leaves}
    try:
        entries, errors = excel.read_unit_workbook(
            data,
            expected=workbook_identity(year, unit, sheet),
            leaves={c.code: (c.kind, c.max_points or Decimal("0")) for c in leaves},
            sections=[c.code for c in sheet.criteria.all() if c.code not in by_code],
        )
    except excel.WorkbookRejected as error:
        raise ImportRejected([excel.CellError("", str(error))]) from error
    if errors:
        raise ImportRejected(errors)
    return assessment_save(
        year=year,
        unit=unit,
        by=by,
        version=None,
        entries={by_code[e.code].pk: Entry(e.points, e.explanation) for e in entries},
    )
