"""Every write of the scoring app (the convention is in clusters/services.py).

Each service is `<thing>_<action>(*, actor, ...)`, runs in one transaction, locks the year's row
once with `lock_open_year` and checks the phase on that locked copy, raises `Refused` (or one of
its kinds below) with a Vietnamese message, leaving the database as it was, and writes its audit
event in the same transaction. Who may ask is the view's business (scoring/access.py); these check
the domain rules, which hold whoever calls them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from clusters import audit, timeline, uploads
from clusters.models import EmulationYear, Membership, Unit, User
from clusters.notifications import notify
from clusters.services import Refused, delete_file_on_commit, lock_open_year
from scoring import reply, rules
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


class Conflict(Refused):
    """Someone else saved the sheet since it was opened."""

    status = 409


class ValidationFailed(Refused):
    """Some entries of a sheet cannot be accepted; `errors` maps criterion id -> message."""

    def __init__(self, errors: Mapping[int, str], message: str = "") -> None:
        super().__init__(
            message or _("Bảng điểm có lỗi, chưa lưu gì. Vui lòng sửa các ô được đánh dấu."),
            errors=errors,
        )


class ImportRejected(Refused):
    """An uploaded workbook with errors, nothing saved; `cells` lists the first ones (by cell).

    `total` counts them all; past the listed ones a last line says how many more there are.
    """

    def __init__(self, cells: Sequence, total: int | None = None) -> None:
        self.cells: list = list(cells)
        self.total = len(self.cells) if total is None else total
        if self.total > len(self.cells):
            self.cells.append(uploads.more_errors_text(self.total - len(self.cells)))
        super().__init__(
            _("Tệp có %(count)d lỗi, chưa lưu gì.") % {"count": self.total},
            field="file",
            errors={str(index): str(cell) for index, cell in enumerate(self.cells)},
        )


def _points(value: Decimal | None) -> str:
    return "" if value is None else rules.format_points(value)


# --- criteria sheet --------------------------------------------------------------------------

CRITERION_FIELDS = ["parent", "code", "text", "guidance", "kind", "max_points", "cap"]


def _lock_editable_criteria(year: EmulationYear | int) -> EmulationYear:
    locked = lock_open_year(year)
    if locked.phase not in EDITABLE_CRITERIA_PHASES:
        raise Refused(
            _("Bảng tiêu chí đã khóa: chỉ sửa được khi năm thi đua đang ở giai đoạn thiết lập.")
        )
    return locked


def sheet_get_or_create(*, year: EmulationYear) -> CriteriaSheet:
    """The year's (possibly empty) criteria sheet. An empty sheet changes nothing anyone sees,
    so creating one is no action of its own: the first criterion or a copy fills it."""
    sheet, _created = CriteriaSheet.objects.get_or_create(year=year)
    return sheet


def any_sheet_final(year: EmulationYear | int) -> bool:
    """Whether a score sheet of the year is final (its tie-breakers are then settled)."""
    year_id = year.pk if isinstance(year, EmulationYear) else year
    return Assessment.objects.filter(year_id=year_id, state=Assessment.State.FINALISED).exists()


def _criteria_changed(sheet: CriteriaSheet) -> None:
    """Bump the version: workbooks downloaded before the change no longer match."""
    CriteriaSheet.objects.filter(pk=sheet.pk).update(version=F("version") + 1)
    sheet.refresh_from_db(fields=["version"])


def _criterion_values(criterion: Criterion | None) -> dict[str, str]:
    """A criterion's fields as the history shows them, by their (translated) names."""
    if criterion is None:
        return {}
    values = audit.snapshot(criterion, CRITERION_FIELDS)
    values["evidence_required"] = _("có") if criterion.evidence_required else _("không")
    for name in ("max_points", "cap"):
        value = getattr(criterion, name)
        values[name] = _points(value)
    return {str(Criterion._meta.get_field(name).verbose_name): v for name, v in values.items()}


def _record_criteria(actor, year, sheet, summary: str, changes=None) -> None:
    audit.record(
        actor=actor,
        action="criteria.change",
        target=sheet,
        year=year,
        summary=summary,
        changes=changes,
    )


@transaction.atomic
def criterion_save(*, actor: User | None, criterion: Criterion) -> Criterion:
    """Add or change one criterion (a form's instance, not saved yet)."""
    year = _lock_editable_criteria(criterion.sheet.year_id)
    if criterion.sheet.pk is None:  # the year's first criterion creates its sheet
        criterion.sheet = sheet_get_or_create(year=year)
    if criterion.parent is not None and criterion.parent.sheet_id != criterion.sheet.pk:
        raise Refused(_("Mục cha không thuộc bảng tiêu chí này."), field="parent")
    before = None
    if criterion.pk is None:
        siblings = Criterion.objects.filter(sheet=criterion.sheet, parent=criterion.parent)
        criterion.position = (siblings.aggregate(m=Max("position"))["m"] or 0) + 1
        summary = _("Thêm tiêu chí %(code)s") % {"code": criterion.code}
    else:
        before = Criterion.objects.select_related("parent").get(pk=criterion.pk)
        summary = _("Sửa tiêu chí %(code)s") % {"code": criterion.code}
    criterion.save()
    _criteria_changed(criterion.sheet)
    changes = audit.diff(_criterion_values(before), _criterion_values(criterion))
    _record_criteria(actor, year, criterion.sheet, summary, changes)
    return criterion


@transaction.atomic
def criterion_delete(*, actor: User | None, criterion: Criterion) -> None:
    year = _lock_editable_criteria(criterion.sheet.year_id)
    sheet = criterion.sheet
    before = _criterion_values(criterion)
    code = criterion.code
    removed = criterion.children.count()
    criterion.delete()
    _criteria_changed(sheet)
    summary = _("Xóa tiêu chí %(code)s") % {"code": code}
    if removed:
        summary += " " + _("(cùng các tiêu chí con)")
    _record_criteria(actor, year, sheet, summary, audit.diff(before, dict.fromkeys(before, "")))


@transaction.atomic
def criterion_move(*, actor: User | None, criterion: Criterion, up: bool) -> None:
    """Swap with the previous (or next) sibling; at either end nothing changes."""
    year = _lock_editable_criteria(criterion.sheet.year_id)
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
    _criteria_changed(criterion.sheet)
    summary = (
        _("Chuyển tiêu chí %(code)s lên trước %(other)s")
        if up
        else _("Chuyển tiêu chí %(code)s xuống sau %(other)s")
    ) % {"code": criterion.code, "other": siblings[index].code}
    _record_criteria(actor, year, criterion.sheet, summary)


@transaction.atomic
def sheet_settings_save(
    *,
    actor: User | None,
    sheet: CriteriaSheet,
    tie_breakers: str,
    is_sample: bool | None = None,
) -> CriteriaSheet:
    """The tie-breakers (and, for the demo, whether the sheet is sample data; None keeps it).

    Once a score sheet of the year is final its rank is settled: the tie-breakers stay."""
    year = _lock_editable_criteria(sheet.year_id)
    if any_sheet_final(year):
        raise Refused(
            _("Đã có bảng điểm hoàn tất: không còn sửa được tiêu chí phụ khi bằng điểm."),
            field="tie_breakers",
        )
    fields = ["tie_breakers"] + (["is_sample"] if is_sample is not None else [])
    labels = {name: str(CriteriaSheet._meta.get_field(name).verbose_name) for name in fields}
    stored = CriteriaSheet.objects.get(pk=sheet.pk)
    before = {labels[name]: str(getattr(stored, name)) for name in fields}
    sheet.tie_breakers = tie_breakers
    if is_sample is not None:
        sheet.is_sample = is_sample
    sheet.save(update_fields=fields)
    _criteria_changed(sheet)
    _record_criteria(
        actor,
        year,
        sheet,
        _("Sửa tiêu chí phụ khi bằng điểm"),
        audit.diff(before, {labels[name]: str(getattr(sheet, name)) for name in fields}),
    )
    return sheet


@transaction.atomic
def criteria_copy(*, actor: User | None, source: CriteriaSheet, target: CriteriaSheet) -> int:
    """Copy an earlier year's tree into an empty sheet; returns the number of criteria.

    `actor` is None when the system copies it (closing a year starts the next from its criteria).
    """
    year = _lock_editable_criteria(target.year_id)
    # The year's lock serialises copies: a second one finds the sheet no longer empty.
    if target.criteria.exists():
        raise Refused(_("Bảng tiêu chí năm nay đã có tiêu chí; chỉ sao chép vào bảng trống."))
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
            raise Refused(_("Bảng tiêu chí nguồn không hợp lệ."))
        pending = later
    target.tie_breakers = source.tie_breakers
    target.is_sample = source.is_sample  # a copy of sample criteria is sample criteria
    target.save(update_fields=["tie_breakers", "is_sample"])
    _criteria_changed(target)
    audit.record(
        actor=actor,
        action="criteria.copy",
        target=target,
        year=year,
        summary=_("Sao chép %(count)d tiêu chí từ năm %(year)d")
        % {"count": len(new_ids), "year": source.year.year},
    )
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
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    locked.year = year
    return locked


def _lock_for_self_assessment(year: EmulationYear | int, unit: Unit) -> EmulationYear:
    locked = lock_open_year(year)
    if locked.phase not in SELF_ASSESSMENT_PHASES:
        raise Refused(_("Chưa đến giai đoạn tự chấm điểm, hoặc giai đoạn này đã kết thúc."))
    if not Membership.objects.filter(year=locked, unit=unit).exists():
        raise Refused(_("Đơn vị không phải thành viên của năm thi đua này."))
    return locked


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


def _save_entries(
    *,
    actor: User | None,
    year: EmulationYear,
    unit: Unit,
    version: int | None,
    entries: Mapping[int, Entry],
    submit: bool,
    is_sample: bool | None = None,
) -> tuple[Assessment, dict[str, list[str]]]:
    """The body of a save, on a year its caller locked and checked: all rows or none.

    Returns the sheet and the points that changed, {code: [old, new]}.
    """
    sheet = CriteriaSheet.objects.filter(year=year).first()
    if sheet is None or not sheet.criteria.exists():
        raise Refused(_("Năm thi đua này chưa có bảng tiêu chí."))
    assessment = _locked_assessment(year, unit)
    if not assessment.is_draft:
        raise Refused(_("Bảng điểm đã nộp, đơn vị không thể sửa nữa."))
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
    changes: dict[str, list[str]] = {}
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
            if value is not None:
                changes[criterion.code] = ["", _points(value)]
        elif (score.self_points, score.explanation) != (value, explanation):
            if score.self_points != value:
                changes[criterion.code] = [_points(score.self_points), _points(value)]
            score.self_points = score.points = value
            score.explanation = explanation
            to_update.append(score)
    if to_create:
        bulk_create_with_history(to_create, Score, default_user=actor)
    if to_update:
        bulk_update_with_history(
            to_update, Score, ["self_points", "points", "explanation"], default_user=actor
        )
    if submit:
        _check_complete(assessment, leaves)
        assessment.state = Assessment.State.SUBMITTED
        assessment.submitted_at = timezone.now()
    if is_sample is not None:
        assessment.is_sample = is_sample
    assessment.version += 1
    assessment.save()
    return assessment, changes


def _save_summary(changes: Mapping[str, list[str]]) -> str:
    if not changes:
        return _("Không thay đổi điểm.")
    return _("Thay đổi điểm %(count)d tiêu chí.") % {"count": len(changes)}


@transaction.atomic
def assessment_save(
    *,
    actor: User | None,
    year: EmulationYear,
    unit: Unit,
    version: int | None,
    entries: Mapping[int, Entry],
    submit: bool = False,
    is_sample: bool | None = None,
) -> Assessment:
    """Save a draft (and submit it when asked). All rows or none.

    `version` is the assessment version the editor started from (None for a new sheet); a
    different current version means someone else saved in between: Conflict, nothing saved.
    `is_sample` marks the demo's sample sheets (None leaves the mark as it is).
    """
    year = _lock_for_self_assessment(year, unit)
    assessment, changes = _save_entries(
        actor=actor,
        year=year,
        unit=unit,
        version=version,
        entries=entries,
        submit=submit,
        is_sample=is_sample,
    )
    summary = _save_summary(changes)
    if submit:
        summary = _("Nộp bảng điểm.") + " " + summary
    audit.record(
        actor=actor,
        action="assessment.submit" if submit else "assessment.save",
        target=assessment,
        year=assessment.year,
        summary=summary,
        changes=changes,
    )
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
            errors[criterion.pk] = _("Chưa chấm tiêu chí này.")
        elif criterion.evidence_required and criterion.pk not in with_evidence:
            errors[criterion.pk] = _("Tiêu chí này bắt buộc có minh chứng.")
    if errors:
        raise ValidationFailed(
            errors,
            _(
                "Chưa nộp được: còn %(count)d tiêu chí chưa chấm hoặc thiếu minh chứng. "
                "Phần đã nhập vẫn được giữ trên trang."
            )
            % {"count": len(errors)},
        )


def evidence_add(
    *, actor: User, year: EmulationYear, unit: Unit, criterion: Criterion, upload
) -> Evidence:
    """Attach a file to a draft's criterion: checked, stored, recorded, or nothing at all.

    The content is checked against its extension before anything else (the stored type is the
    one the check found, never the client's); the file is written only once every rule passed
    and the row is known to be valid, and removed again if the transaction does not commit
    (a refusal, a failed insert, a failed commit). A rollback of a transaction the caller
    opened around this one cannot be seen from here: no view does that; the demo does, with
    its sample files.
    """
    content_type = uploads.evidence_content_type(upload)
    name = uploads.file_name(upload.name)
    stored: list[FieldFile] = []
    try:
        return _evidence_add(
            actor=actor,
            year=year,
            unit=unit,
            criterion=criterion,
            upload=upload,
            name=name,
            content_type=content_type,
            stored=stored,
        )
    except BaseException:
        for file in stored:
            file.storage.delete(file.name)
        raise


@transaction.atomic
def _evidence_add(
    *, actor, year, unit, criterion, upload, name: str, content_type: str, stored: list
) -> Evidence:
    year = _lock_for_self_assessment(year, unit)
    if criterion.sheet.year_id != year.pk:
        raise Refused(_("Tiêu chí không thuộc bảng tiêu chí của năm này."))
    if criterion.children.exists():
        raise Refused(_("Chỉ gắn minh chứng cho tiêu chí được chấm điểm."))
    assessment = _locked_assessment(year, unit)
    if not assessment.is_draft:
        raise Refused(_("Bảng điểm đã nộp, không thêm minh chứng được nữa."))
    score, _created = Score.objects.get_or_create(assessment=assessment, criterion=criterion)
    evidence = Evidence(
        score=score,
        original_name=name,
        size=upload.size,
        content_type=content_type,
        uploaded_by=actor,
    )
    try:  # every column valid before a byte is written
        evidence.full_clean(exclude=["file"])
    except ValidationError as error:
        raise Refused(" ".join(error.messages), field="file") from error
    extension = uploads.extension_of(name)
    evidence.file.save(f"minh-chung.{extension}", upload, save=False)
    stored.append(evidence.file)
    evidence.save()
    audit.record(
        actor=actor,
        action="evidence.add",
        target=assessment,
        year=year,
        summary=_("Tiêu chí %(code)s: %(name)s")
        % {"code": criterion.code, "name": evidence.original_name},
    )
    return evidence


@transaction.atomic
def evidence_delete(*, actor: User | None, evidence: Evidence) -> None:
    """Remove a draft's evidence; its file goes only once the removal commits."""
    score = Score.objects.select_related("assessment").get(pk=evidence.score_id)
    year = lock_open_year(score.assessment.year_id)
    assessment = Assessment.objects.select_for_update().get(pk=score.assessment_id)
    assessment.year = year
    if not assessment.is_draft:
        raise Refused(_("Bảng điểm đã nộp, không xóa minh chứng được nữa."))
    evidence = Evidence.objects.select_related("score__criterion").get(pk=evidence.pk)
    summary = _("Tiêu chí %(code)s: %(name)s") % {
        "code": evidence.score.criterion.code,
        "name": evidence.original_name,
    }
    delete_file_on_commit(evidence.file)
    evidence.delete()
    audit.record(
        actor=actor, action="evidence.delete", target=assessment, year=year, summary=summary
    )


# --- review ----------------------------------------------------------------------------------


def _locked_for_review(assessment: Assessment) -> Assessment:
    """The sheet's year locked and checked, then the sheet itself (always in that order)."""
    year = lock_open_year(assessment.year_id)
    locked = (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("unit")
        .get(pk=assessment.pk)
    )
    locked.year = year
    if locked.is_finalised:
        raise Refused(_("Bảng điểm đã hoàn tất, không thể thay đổi."))
    if locked.state not in REVIEWABLE_STATES:
        raise Refused(_("Bảng điểm chưa nộp, chưa thẩm định được."))
    if year.phase not in REVIEW_PHASES:
        raise Refused(_("Năm thi đua không ở giai đoạn thẩm định."))
    return locked


@transaction.atomic
def adjustment_create(
    *,
    actor: User,
    assessment: Assessment,
    criterion: Criterion,
    new_points: object,
    reason: str,
) -> Adjustment:
    assessment = _locked_for_review(assessment)
    reason = reason.strip()
    if not reason:
        raise Refused(_("Điều chỉnh điểm phải có lý do."), field="reason")
    if criterion.sheet.year_id != assessment.year_id or criterion.children.exists():
        raise Refused(_("Chỉ điều chỉnh được tiêu chí được chấm điểm."))
    try:
        value = rules.parse_points(new_points)
        if value is None:
            raise rules.PointsError(_("Nhập điểm điều chỉnh."))
        rules.check_points(criterion.kind, criterion.max_points or Decimal("0"), value)
    except rules.PointsError as error:
        raise Refused(str(error), field="new_points") from error
    score = Score.objects.select_for_update().get(assessment=assessment, criterion=criterion)
    if value == score.points:
        raise Refused(
            _("Điểm điều chỉnh bằng điểm hiện tại: không có gì thay đổi."), field="new_points"
        )
    if score.adjustments.filter(outcome=Adjustment.Outcome.PENDING).exists():
        raise Refused(_("Tiêu chí này đang có điều chỉnh chờ kết luận."))
    now = timezone.now()
    adjustment = Adjustment(
        score=score,
        reviewer=actor,
        old_points=score.points,
        new_points=value,
        reason=reason,
        answer_due=timeline.answer_due(assessment.year, now),
    )
    adjustment._history_user = actor
    adjustment.save()
    old = score.points
    score.points = value
    score._history_user = actor
    score._change_reason = reason
    score.save(update_fields=["points"])
    assessment.state = Assessment.State.UNDER_REVIEW
    assessment.version += 1
    assessment.save(update_fields=["state", "version"])
    audit.record(
        actor=actor,
        action="adjustment.create",
        target=assessment,
        year=assessment.year,
        summary=_("Tiêu chí %(code)s. Lý do: %(reason)s")
        % {"code": criterion.code, "reason": reason},
        changes={criterion.code: [_points(old), _points(value)]},
    )
    # The unit is told at once, with its deadline and the link to answer.
    notify(
        event="adjusted",
        year=assessment.year,
        units=[assessment.unit],
        url=_sheet_path(assessment),
        params={
            "criterion": criterion.code,
            "unit": assessment.unit.name,
            "old": _points(old),
            "new": _points(value),
            "due": reply.due_text(adjustment.answer_due),
        },
    )
    return adjustment


def _sheet_path(assessment: Assessment) -> str:
    from django.urls import reverse

    year = assessment.year
    return reverse("scoring:sheet", args=[year.cluster.slug, year.year, assessment.unit.slug])


def _locked_adjustment(adjustment: Adjustment) -> tuple[Assessment, Adjustment]:
    """Its sheet locked for review (`_locked_for_review`), then the adjustment itself."""
    assessment = _locked_for_review(adjustment.score.assessment)
    locked = (
        Adjustment.objects.select_for_update()
        .select_related("score__criterion")
        .get(pk=adjustment.pk)
    )
    return assessment, locked


def _refuse_unless_open_for_reply(adjustment: Adjustment, now) -> None:
    state = adjustment.reply_at(now)
    if state == reply.ANSWERED:
        raise Refused(
            _("Điều chỉnh này đã được giải trình; mỗi điều chỉnh chỉ giải trình một lần.")
        )
    if state == reply.WAIVED:
        raise Refused(_("Đơn vị đã xác nhận không giải trình điều chỉnh này."))
    if state == reply.CONCLUDED:
        raise Refused(_("Điều chỉnh này đã có kết luận."))
    if state == reply.EXPIRED:
        raise Refused(
            _("Đã hết hạn giải trình (hết ngày %(due)s).")
            % {"due": reply.due_text(adjustment.answer_due)}
        )


def _after_reply(assessment: Assessment) -> None:
    """Once nothing waits for the unit, the sheet waits for the reviewer's conclusions."""
    unanswered = Adjustment.objects.filter(
        score__assessment=assessment,
        outcome=Adjustment.Outcome.PENDING,
        answered_at__isnull=True,
        waived_at__isnull=True,
    )
    if not unanswered.exists():
        assessment.state = Assessment.State.ANSWERED
    assessment.version += 1
    assessment.save(update_fields=["state", "version"])


@transaction.atomic
def adjustment_answer(*, actor: User, adjustment: Adjustment, answer: str) -> Adjustment:
    assessment, adjustment = _locked_adjustment(adjustment)
    answer = answer.strip()
    if not answer:
        raise Refused(_("Nhập nội dung giải trình."), field="answer")
    now = timezone.now()
    _refuse_unless_open_for_reply(adjustment, now)
    adjustment.answer = answer
    adjustment.answered_by = actor
    adjustment.answered_at = now
    adjustment._history_user = actor
    adjustment._change_reason = answer
    adjustment.save()
    _after_reply(assessment)
    audit.record(
        actor=actor,
        action="adjustment.answer",
        target=assessment,
        year=assessment.year,
        summary=_("Tiêu chí %(code)s: %(answer)s")
        % {"code": adjustment.score.criterion.code, "answer": answer},
    )
    return adjustment


@transaction.atomic
def adjustment_waive(*, actor: User, adjustment: Adjustment) -> Adjustment:
    """The unit says it will not answer: the secretariat need not wait for the deadline."""
    assessment, adjustment = _locked_adjustment(adjustment)
    now = timezone.now()
    _refuse_unless_open_for_reply(adjustment, now)
    adjustment.waived_by = actor
    adjustment.waived_at = now
    adjustment._history_user = actor
    adjustment._change_reason = _("Đơn vị không giải trình")
    adjustment.save(update_fields=["waived_by", "waived_at"])
    _after_reply(assessment)
    audit.record(
        actor=actor,
        action="adjustment.waive",
        target=assessment,
        year=assessment.year,
        summary=_("Tiêu chí %(code)s: đơn vị không giải trình.")
        % {"code": adjustment.score.criterion.code},
    )
    return adjustment


@transaction.atomic
def adjustment_resolve(*, actor: User, adjustment: Adjustment, keep: bool) -> Adjustment:
    assessment, adjustment = _locked_adjustment(adjustment)
    if adjustment.outcome != Adjustment.Outcome.PENDING:
        raise Refused(_("Điều chỉnh này đã có kết luận."))
    if keep and reply.waits_for_unit(adjustment.reply_at(timezone.now())):
        raise Refused(
            _(
                "Đơn vị còn được giải trình đến hết ngày %(due)s: chưa thể giữ điều chỉnh khi "
                "chưa nghe đơn vị giải trình."
            )
            % {"due": reply.due_text(adjustment.answer_due)}
        )
    adjustment.outcome = Adjustment.Outcome.KEPT if keep else Adjustment.Outcome.WITHDRAWN
    adjustment.resolved_by = actor
    adjustment.resolved_at = timezone.now()
    adjustment._history_user = actor
    adjustment.save()
    score = adjustment.score
    changes = {}
    if not keep:
        changes[score.criterion.code] = [_points(score.points), _points(adjustment.old_points)]
        score.points = adjustment.old_points
        score._history_user = actor
        score._change_reason = _("Chấp nhận giải trình, rút điều chỉnh")
        score.save(update_fields=["points"])
    assessment.version += 1
    assessment.save(update_fields=["version"])
    audit.record(
        actor=actor,
        action="adjustment.resolve",
        target=assessment,
        year=assessment.year,
        summary=_("Tiêu chí %(code)s: %(outcome)s")
        % {"code": score.criterion.code, "outcome": adjustment.get_outcome_display()},
        changes=changes,
    )
    return adjustment


def sheet_nodes(sheet: CriteriaSheet) -> list[rules.Node]:
    return [c.as_node() for c in sheet.criteria.all()]


@transaction.atomic
def assessment_finalise(*, actor: User | None, assessment: Assessment) -> Assessment:
    assessment = _locked_for_review(assessment)
    waiting = Adjustment.objects.filter(
        score__assessment=assessment,
        outcome=Adjustment.Outcome.PENDING,
        answered_at__isnull=False,
    ).count()
    if waiting:
        raise Refused(
            _("Còn %(count)d giải trình chưa có kết luận: hãy giữ hoặc rút từng điều chỉnh trước.")
            % {"count": waiting}
        )
    now = timezone.now()
    unanswered = list(
        Adjustment.objects.select_for_update()
        .select_related("score__criterion")
        .filter(score__assessment=assessment, outcome=Adjustment.Outcome.PENDING)
        .order_by("pk")
    )
    states = {a.pk: a.reply_at(now) for a in unanswered}
    # The right of reply: before its deadline an unanswered adjustment waits for the unit,
    # unless the unit said it will not answer.
    if still_open := [a for a in unanswered if reply.waits_for_unit(states[a.pk])]:
        latest = max(a.answer_due for a in still_open)
        raise Refused(
            _(
                "Chưa hết hạn giải trình: %(unit)s được giải trình điều chỉnh tiêu chí "
                "%(codes)s đến hết ngày %(due)s. Bảng điểm hoàn tất được sau hạn đó, hoặc khi "
                "đơn vị xác nhận không giải trình."
            )
            % {
                "unit": assessment.unit.name,
                "codes": ", ".join(a.score.criterion.code for a in still_open),
                "due": reply.due_text(latest),
            }
        )
    # Adjustments the unit did not answer stand as made: it waived its answer, or let its
    # deadline pass (one made before deadlines were kept counts as not answered). Saved one by
    # one (not a QuerySet.update) so that their history records who kept them and why.
    kept = unanswered
    expired = [a for a in kept if states[a.pk] == reply.EXPIRED and a.answer_due is not None]
    declined = [a for a in kept if a not in expired]
    for adjustment in kept:
        adjustment.outcome = Adjustment.Outcome.KEPT
        adjustment.resolved_by = actor
        adjustment.resolved_at = now
        adjustment._history_user = actor
        adjustment._change_reason = (
            _("Giữ khi hoàn tất: hết hạn giải trình")
            if adjustment in expired
            else _("Giữ khi hoàn tất: đơn vị không giải trình")
        )
        adjustment.save(update_fields=["outcome", "resolved_by", "resolved_at"])
    sheet = CriteriaSheet.objects.get(year=assessment.year)
    points = dict(assessment.scores.values_list("criterion_id", "points"))
    nodes = sheet_nodes(sheet)
    totals = rules.compute_totals(nodes, points)
    assessment.final_total = totals.total
    assessment.final_sections = {
        node.code: str(totals.of(node.id)) for node in nodes if node.parent_id is None
    }
    assessment.state = Assessment.State.FINALISED
    assessment.finalised_at = now
    assessment.version += 1
    assessment.save()
    summary = _("Tổng điểm: %(total)s.") % {"total": _points(totals.total)}
    if declined:
        summary += " " + _("Giữ các điều chỉnh đơn vị không giải trình: %(codes)s.") % {
            "codes": ", ".join(a.score.criterion.code for a in declined)
        }
    if expired:
        summary += " " + _("Giữ các điều chỉnh đã hết hạn giải trình: %(codes)s.") % {
            "codes": ", ".join(a.score.criterion.code for a in expired)
        }
    audit.record(
        actor=actor,
        action="assessment.finalise",
        target=assessment,
        year=assessment.year,
        summary=summary,
        changes={
            a.score.criterion.code: [_points(a.old_points), _points(a.new_points)] for a in kept
        },
    )
    notify(
        event="sheet_finalised",
        year=assessment.year,
        units=[assessment.unit],
        url=_sheet_path(assessment),
        params={"unit": assessment.unit.name, "total": _points(totals.total)},
    )
    return assessment


# --- Excel -----------------------------------------------------------------------------------


def workbook_identity(year: EmulationYear, unit: Unit, sheet: CriteriaSheet):
    from scoring.excel import Identity

    return Identity(year.cluster.slug, year.year, unit.slug, sheet.version)


@transaction.atomic
def assessment_import(
    *, actor: User | None, year: EmulationYear, unit: Unit, data: bytes
) -> Assessment:
    """Read an uploaded workbook and save it as the unit's draft: every cell valid, or nothing."""
    from scoring import excel

    year = _lock_for_self_assessment(year, unit)
    sheet = CriteriaSheet.objects.filter(year=year).first()
    if sheet is None:
        raise Refused(_("Năm thi đua này chưa có bảng tiêu chí."))
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
        raise ImportRejected(errors.kept, total=errors.total)
    assessment, changes = _save_entries(
        actor=actor,
        year=year,
        unit=unit,
        version=None,
        entries={by_code[e.code].pk: Entry(e.points, e.explanation) for e in entries},
        submit=False,
    )
    audit.record(
        actor=actor,
        action="assessment.import",
        target=assessment,
        year=year,
        summary=_save_summary(changes),
        changes=changes,
    )
    return assessment
