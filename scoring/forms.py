from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from clusters import uploads, wording
from clusters.forms import PlainTextForm
from clusters.models import EmulationYear, Unit
from scoring import rules
from scoring.documents import NUMBER_PREFIX
from scoring.models import BallotRound, Candidate, CriteriaSheet, Criterion, round_kind_choices

EVIDENCE_MAX_BYTES = uploads.MAX_EVIDENCE_BYTES
EVIDENCE_EXTENSIONS = set(uploads.EVIDENCE_TYPES)
WORKBOOK_MAX_BYTES = uploads.MAX_WORKBOOK_BYTES


class CriterionForm(PlainTextForm, forms.ModelForm):
    class Meta:
        model = Criterion
        fields = [
            "parent", "code", "text", "guidance", "kind", "max_points", "cap", "evidence_required",
        ]  # fmt: skip
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "guidance": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["max_points"].localize = True
        self.fields["cap"].localize = True
        sheet = self.instance.sheet
        parents = Criterion.objects.filter(sheet=sheet) if sheet.pk else Criterion.objects.none()
        if self.instance.pk:
            parents = parents.exclude(pk__in=self._subtree_ids())
        self.fields["parent"].queryset = parents.order_by("position", "pk")
        self.helper = FormHelper()
        self.helper.form_id = "criterion-form"
        self.helper.add_input(Submit("submit", _("Lưu tiêu chí")))

    def _subtree_ids(self) -> set[int]:
        # A criterion cannot move under itself or under one of its own sub-criteria.
        children: dict[int | None, list[int]] = {}
        for pk, parent_id in Criterion.objects.filter(sheet=self.instance.sheet).values_list(
            "pk", "parent_id"
        ):
            children.setdefault(parent_id, []).append(pk)
        found, stack = set(), [self.instance.pk]
        while stack:
            pk = stack.pop()
            found.add(pk)
            stack.extend(children.get(pk, []))
        return found

    def clean_code(self) -> str:
        # The form leaves out `sheet`, so Django's unique check on (sheet, code) does not run.
        code = self.cleaned_data["code"].strip()
        sheet = self.instance.sheet
        taken = Criterion.objects.filter(sheet=sheet, code=code) if sheet.pk else None
        if taken is not None and taken.exclude(pk=self.instance.pk).exists():
            raise ValidationError(_("Mã tiêu chí này đã có trong bảng."))
        return code

    def clean(self) -> dict:
        data = super().clean()
        has_children = bool(self.instance.pk) and self.instance.children.exists()
        if not has_children and data.get("max_points") is None and data.get("parent") is not None:
            self.add_error("max_points", _("Tiêu chí được chấm điểm phải có điểm tối đa."))
        return data


class SheetSettingsForm(PlainTextForm, forms.ModelForm):
    class Meta:
        model = CriteriaSheet
        fields = ["tie_breakers"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_id = "settings-form"
        self.helper.add_input(Submit("submit", _("Lưu")))

    def clean_tie_breakers(self) -> str:
        codes = [
            code.strip() for code in self.cleaned_data["tie_breakers"].split(",") if code.strip()
        ]
        sections = set(
            Criterion.objects.filter(sheet=self.instance, parent=None).values_list(
                "code", flat=True
            )
        )
        unknown = [code for code in codes if code not in sections]
        if unknown:
            raise ValidationError(
                _("Không có mục %(codes)s trong bảng (chỉ dùng mã các mục lớn).")
                % {"codes": ", ".join(unknown)}
            )
        return ",".join(codes)


class EvidenceForm(PlainTextForm, forms.Form):
    """A file for one scored criterion of the year's sheet. Its content is checked against its
    extension by the service (clusters.uploads.evidence_content_type), for every caller."""

    criterion = forms.ModelChoiceField(
        label=_("Tiêu chí"),
        queryset=Criterion.objects.none(),
        error_messages={
            "required": _("Hãy chọn tiêu chí của minh chứng."),
            "invalid_choice": _("Tiêu chí không thuộc bảng tiêu chí của năm này."),
        },
    )
    file = forms.FileField(
        label=_("Tệp minh chứng"), error_messages={"required": _("Hãy chọn tệp minh chứng.")}
    )

    def __init__(self, *args, year: EmulationYear | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if year is not None:
            self.fields["criterion"].queryset = Criterion.objects.filter(sheet__year=year)
        self.fields["file"].help_text = _(
            "PDF, ảnh JPEG hoặc PNG, Word (.docx), Excel (.xlsx), OpenDocument (.odt, .ods); "
            "tối đa %(limit)d MB. Nội dung tệp phải đúng loại của phần mở rộng. Không nhận "
            "tệp .doc, .xls cũ và tệp có macro: hãy lưu lại thành .docx, .xlsx hoặc PDF."
        ) % {"limit": EVIDENCE_MAX_BYTES // uploads.MB}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if uploads.extension_of(upload.name) not in EVIDENCE_EXTENSIONS:
            raise ValidationError(
                _("Chỉ nhận tệp %(types)s.") % {"types": ", ".join(sorted(EVIDENCE_EXTENSIONS))}
            )
        if upload.size > EVIDENCE_MAX_BYTES:
            raise ValidationError(_("Tệp minh chứng vượt quá 10 MB."))
        return upload


class WorkbookUploadForm(PlainTextForm, forms.Form):
    file = forms.FileField(
        label=_("Tệp Excel đã nhập điểm"),
        error_messages={"required": _("Hãy chọn tệp Excel để nhập.")},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = uploads.workbook_limits_text()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > WORKBOOK_MAX_BYTES:
            raise ValidationError(_("Tệp quá lớn; giới hạn là 5 MB."))
        return upload


class SheetVersionForm(PlainTextForm, forms.Form):
    """The version of the sheet the page was opened on (a hidden field): empty for a new one."""

    version = forms.IntegerField(required=False, min_value=0, max_value=2**31 - 1)


class BallotForm(PlainTextForm, forms.Form):
    """A unit's choices among the round's candidates (ticked boxes named "candidate")."""

    candidate = forms.ModelMultipleChoiceField(
        queryset=Candidate.objects.none(),
        required=False,
        error_messages={
            "invalid_choice": _("Phiếu có đơn vị không thuộc danh sách ứng cử của vòng này."),
            "invalid_pk_value": _("Phiếu có đơn vị không thuộc danh sách ứng cử của vòng này."),
        },
    )

    # Sent by the "Phiếu trắng?" step: the officer confirms a ballot that names nobody.
    confirm_blank = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, ballot_round: BallotRound, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["candidate"].queryset = ballot_round.candidates.all()

    def candidate_ids(self) -> list[int]:
        return [candidate.pk for candidate in self.cleaned_data["candidate"]]

    def is_unconfirmed_blank(self) -> bool:
        return not self.cleaned_data["candidate"] and not self.cleaned_data["confirm_blank"]


class AdjustmentForm(PlainTextForm, forms.Form):
    new_points = forms.CharField(label=_("Điểm điều chỉnh"), max_length=20)
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 2}))


class AnswerForm(PlainTextForm, forms.Form):
    answer = forms.CharField(label=_("Giải trình"), widget=forms.Textarea(attrs={"rows": 2}))


class RoundForm(PlainTextForm, forms.Form):
    kind = forms.ChoiceField(label=_("Nội dung bỏ phiếu"), choices=BallotRound.Kind.choices)
    seats = forms.IntegerField(label=_("Số đơn vị được chọn"), min_value=1, initial=1)
    threshold = forms.ChoiceField(
        label=_("Ngưỡng thông qua"),
        choices=BallotRound.Threshold.choices,
        initial=BallotRound.Threshold.HALF,
    )
    candidates = forms.ModelMultipleChoiceField(
        label=_("Đơn vị ứng cử (theo thứ tự xếp hạng)"),
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    mode = forms.ChoiceField(
        label=_("Hình thức bỏ phiếu"),
        choices=BallotRound.Mode.choices,
        initial=BallotRound.Mode.ONLINE,
        widget=forms.RadioSelect,
    )
    closes_at = forms.DateTimeField(
        label=_("Giờ kết thúc bỏ phiếu (bỏ phiếu trực tuyến)"),
        required=False,
        input_formats=["%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(
            attrs={"placeholder": "dd/mm/yyyy hh:mm"}, format="%d/%m/%Y %H:%M"
        ),
        help_text=_(
            "Trước giờ này chỉ kiểm phiếu khi mọi đơn vị đã bỏ phiếu; sau giờ này kiểm phiếu khi "
            "có đủ số phiếu tối thiểu. Để trống: chỉ kiểm phiếu khi mọi đơn vị đã bỏ phiếu."
        ),
    )
    quorum = forms.IntegerField(
        label=_("Số phiếu tối thiểu để kiểm phiếu"),
        required=False,
        min_value=1,
        help_text=_("Để trống: hai phần ba số đơn vị thành viên (làm tròn lên), ít nhất 3 phiếu."),
    )

    def __init__(
        self, *args, ranked: list[Unit], cluster_kind: str | None = None, **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.ranked = ranked
        self.fields["kind"].choices = round_kind_choices(cluster_kind)  # "Khối trưởng" in a khối
        field = self.fields["candidates"]
        field.queryset = Unit.objects.filter(pk__in=[u.pk for u in ranked])
        # Checkboxes in ranking order, all ticked to start with.
        order = {unit.pk: index for index, unit in enumerate(ranked)}
        field.choices = [(u.pk, u.name) for u in sorted(ranked, key=lambda u: order[u.pk])]
        field.initial = [u.pk for u in ranked]

    def ordered_candidates(self) -> list[Unit]:
        chosen = {u.pk for u in self.cleaned_data["candidates"]}
        return [unit for unit in self.ranked if unit.pk in chosen]


class HallCountForm(PlainTextForm, forms.Form):
    """The counting committee's paper count: ballots and the votes of each candidate."""

    FIGURES = (
        ("issued", _("Số phiếu phát ra")),
        ("received", _("Số phiếu thu vào")),
        ("valid", _("Số phiếu hợp lệ")),
        ("invalid", _("Số phiếu không hợp lệ")),
        ("blank", _("Số phiếu trắng (hợp lệ, không chọn đơn vị nào)")),
    )

    def __init__(self, *args, ballot_round: BallotRound, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.candidates = list(ballot_round.candidates.select_related("unit"))
        for name, label in self.FIGURES:
            self.fields[name] = forms.IntegerField(
                label=label,
                min_value=0,
                max_value=10000,
                initial=getattr(ballot_round, f"hall_{name}"),
            )
        for candidate in self.candidates:
            self.fields[f"votes_{candidate.pk}"] = forms.IntegerField(
                label=_("Số phiếu của %(unit)s") % {"unit": candidate.unit.name},
                min_value=0,
                max_value=10000,
                initial=candidate.hall_votes,
            )

    def count(self) -> rules.PaperCount:
        """The count as typed, for scoring.ballots.hall_count_save to check and store."""
        figures = {name: self.cleaned_data[name] for name, _label in self.FIGURES}
        votes = {c.pk: self.cleaned_data[f"votes_{c.pk}"] for c in self.candidates}
        return rules.PaperCount(**figures, votes=votes)


class CancelRoundForm(PlainTextForm, forms.Form):
    reason = forms.CharField(
        label=_("Lý do hủy"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Hãy ghi lý do hủy vòng bỏ phiếu.")},
    )


class ReceiptCheckForm(PlainTextForm, forms.Form):
    """A unit's receipt code, checked against the round's bulletin."""

    code = forms.CharField(
        label=_("Mã biên nhận phiếu"),
        max_length=64,
        help_text=_("Mã đơn vị nhận được khi bỏ phiếu, ví dụ 7KQ2M-XP9DA-3B8HW-Z4N6R."),
        error_messages={"required": _("Hãy nhập mã biên nhận phiếu của đơn vị.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class MinutesForm(PlainTextForm, forms.ModelForm):
    """The minutes' details of a round: number, place, time, chair, counting committee."""

    class Meta:
        model = BallotRound
        fields = [
            "minutes_number",
            "minutes_place",
            "minutes_time",
            "chair_name",
            "chair_title",
            "counting_committee",
        ]
        widgets = {
            "minutes_time": forms.TimeInput(attrs={"placeholder": "hh:mm"}, format="%H:%M"),
            "counting_committee": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, action: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_id = "minutes-form"
        self.helper.form_action = action
        self.helper.add_input(Submit("submit", _("Lưu thông tin biên bản")))
        # The chair's example in the host's own words ("Thứ trưởng Bộ Nội vụ"), not a province's.
        host = self.instance.year.host_unit if self.instance.year_id else None
        if host is not None:
            words = wording.for_unit(host)
            example = f"{words.deputy_title} {words.body}"
            self.fields["chair_title"].help_text = _("Ví dụ: %(example)s.") % {"example": example}

    def clean_minutes_number(self) -> str:
        # People type the number as printed ("Số: 01/BB-CTĐ"); the minutes add "Số:" themselves.
        number = " ".join(self.cleaned_data["minutes_number"].split())
        if number.lower().startswith(NUMBER_PREFIX.lower()):
            number = number[len(NUMBER_PREFIX) :].strip()
        return number
