from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from clusters.models import Unit
from scoring.models import BallotRound, CriteriaSheet, Criterion

EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
EVIDENCE_EXTENSIONS = {"pdf", "jpg", "jpeg", "png", "doc", "docx", "xls", "xlsx", "odt", "ods"}
WORKBOOK_MAX_BYTES = 5 * 1024 * 1024


class CriterionForm(forms.ModelForm):
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


class SheetSettingsForm(forms.ModelForm):
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


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("Tệp minh chứng"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if extension not in EVIDENCE_EXTENSIONS:
            raise ValidationError(
                _("Chỉ nhận tệp %(types)s.") % {"types": ", ".join(sorted(EVIDENCE_EXTENSIONS))}
            )
        if upload.size > EVIDENCE_MAX_BYTES:
            raise ValidationError(_("Tệp minh chứng vượt quá 10 MB."))
        return upload


class WorkbookUploadForm(forms.Form):
    file = forms.FileField(label=_("Tệp Excel đã nhập điểm"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > WORKBOOK_MAX_BYTES:
            raise ValidationError(_("Tệp quá lớn; giới hạn là 5 MB."))
        return upload


class AdjustmentForm(forms.Form):
    new_points = forms.CharField(label=_("Điểm điều chỉnh"), max_length=20)
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 2}))


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Giải trình"), widget=forms.Textarea(attrs={"rows": 2}))


class RoundForm(forms.Form):
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

    def __init__(self, *args, ranked: list[Unit], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.ranked = ranked
        field = self.fields["candidates"]
        field.queryset = Unit.objects.filter(pk__in=[u.pk for u in ranked])
        # Checkboxes in ranking order, all ticked to start with.
        order = {unit.pk: index for index, unit in enumerate(ranked)}
        field.choices = [(u.pk, u.name) for u in sorted(ranked, key=lambda u: order[u.pk])]
        field.initial = [u.pk for u in ranked]

    def ordered_candidates(self) -> list[Unit]:
        chosen = {u.pk for u in self.cleaned_data["candidates"]}
        return [unit for unit in self.ranked if unit.pk in chosen]
