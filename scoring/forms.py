from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from scoring.models import CriteriaSheet, Criterion

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
