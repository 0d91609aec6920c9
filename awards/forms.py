from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from awards.decision_documents import issuer_unit
from awards.documents import NUMBER_PREFIX
from awards.models import (
    AwardType,
    Decision,
    Proposal,
    Recipient,
    RecipientKind,
    wrong_kind_message,
)
from awards.services import issuer_refusal
from clusters import uploads
from clusters.forms import CrispyModelForm, PlainTextForm
from clusters.labels import year_unit_label
from clusters.models import EmulationYear, Unit


class DecisionForm(CrispyModelForm):
    class Meta:
        model = Decision
        fields = [
            "issuer",
            "number",
            "date",
            "place",
            "signer_title",
            "signer_name",
            "achievement",
            "notes",
        ]
        widgets = {
            "date": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
            "signer_title": forms.Textarea(attrs={"rows": 2}),
            "achievement": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {"number": {"required": _("Quyết định phải có số.")}}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The examples are this decision's own words (a ministry's "Bộ trưởng Bộ Nội vụ", "Hà
        # Nội"), not a province's.
        for name in ("issuer", "place"):
            example = self.initial.get(name) or getattr(self.instance, name, "")
            if example:
                self.fields[name].help_text = _("Ví dụ: %(example)s.") % {"example": example}


class RecipientForm(CrispyModelForm):
    class Meta:
        model = Recipient
        fields = ["kind", "award_type", "name", "position", "organisation", "unit", "achievement"]
        widgets = {
            "kind": forms.RadioSelect,
            "achievement": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {"name": {"required": _("Thiếu tên tập thể hoặc họ và tên.")}}

    def __init__(
        self, *args, year: EmulationYear, decision: Decision | None = None, **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        # The issuer check needs the decision: a new recipient's is given, an edited one has it.
        self.decision = decision or (self.instance.decision if self.instance.decision_id else None)
        awards = AwardType.objects.filter(is_active=True)
        self.fields["award_type"].queryset = awards
        if self.decision is not None:
            # Offer only what the issuer may grant; a crafted choice of another is refused in
            # clean() with the reason, not as an unknown choice.
            kind = getattr(issuer_unit(self.decision), "kind", None)
            if kind is not None:
                offered = awards.filter(issuer_kinds__kind=kind)
                self.fields["award_type"].widget.choices = [("", "---------")] + [
                    (a.pk, a.name) for a in offered
                ]
        self.fields["unit"].queryset = Unit.objects.filter(memberships__year=year).order_by(
            "search_name"
        )
        self.fields["unit"].label_from_instance = year_unit_label(year.year)

    def clean(self) -> dict:
        cleaned = super().clean()
        award_type, kind = cleaned.get("award_type"), cleaned.get("kind")
        if award_type and kind and not award_type.accepts(kind):
            self.add_error("award_type", wrong_kind_message(award_type, kind))
        elif award_type and self.decision is not None:
            refusal = issuer_refusal(self.decision, [award_type])
            if refusal:
                self.add_error("award_type", refusal)
        if kind == RecipientKind.COLLECTIVE:
            cleaned["position"] = ""
        return cleaned


class ImportForm(PlainTextForm, forms.Form):
    file = forms.FileField(
        label=_("Tệp Excel (.xlsx)"),
        error_messages={"required": _("Hãy chọn tệp Excel để nhập.")},
    )
    replace = forms.BooleanField(
        label=_("Thay thế toàn bộ danh sách hiện có"),
        required=False,
        help_text=_("Bỏ chọn để thêm vào sau danh sách hiện có."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = uploads.workbook_limits_text()
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Kiểm tra và nhập")))


class RegistryForm(PlainTextForm, forms.Form):
    """The registry's filters, read from the query string; a wrong value is ignored."""

    q = forms.CharField(label=_("Tìm theo tên"), required=False, max_length=100)
    year = forms.TypedChoiceField(label=_("Năm"), required=False, coerce=int, empty_value=None)
    unit = forms.TypedChoiceField(label=_("Đơn vị"), required=False, coerce=int, empty_value=None)
    award_type = forms.TypedChoiceField(
        label=_("Hình thức"), required=False, coerce=int, empty_value=None
    )
    kind = forms.ChoiceField(
        label=_("Đối tượng"),
        required=False,
        choices=[("", _("Tất cả"))] + list(RecipientKind.choices),
    )

    def __init__(self, *args, years, units, award_types, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        everything = [("", _("Tất cả"))]
        self.fields["year"].choices = everything + [(y, str(y)) for y in years]
        self.fields["unit"].choices = everything + list(units)
        self.fields["award_type"].choices = everything + list(award_types)

    def valid_values(self) -> dict:
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}

    def options(self) -> list[tuple[forms.BoundField, list[tuple[str, str, bool]] | None]]:
        """Each filter with its options (value, label, selected), the chosen value read once per
        field instead of once per option; None for the text search."""
        filters = []
        for field in self:
            choices = getattr(field.field, "choices", None)
            if choices is None:
                filters.append((field, None))
                continue
            chosen = str(field.value() or "")
            filters.append(
                (field, [(str(value), label, str(value) == chosen) for value, label in choices])
            )
        return filters


class ProposalForm(CrispyModelForm):
    """Number, date and signer of a draft proposal; the units come from the ballot."""

    class Meta:
        model = Proposal
        fields = ["number", "date", "signer_title", "signer_name"]
        widgets = {"date": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        year = self.instance.year if self.instance.year_id else None
        if year is not None:
            # "Under the KHỐI TRƯỞNG line" in a khối (no example: the page asks no more queries).
            head = year.cluster.words.head.upper()
            self.fields["signer_title"].help_text = _("Dưới dòng %(head)s.") % {"head": head}

    def clean_number(self) -> str:
        # People type the number as printed ("Số: 12/TTr-CTĐ"); the letter adds "Số:" itself.
        number = self.cleaned_data["number"].strip()
        if number.lower().startswith(NUMBER_PREFIX.lower()):
            number = number[len(NUMBER_PREFIX) :].strip()
        return number


class ProposalDecideForm(PlainTextForm, forms.Form):
    decision_reference = forms.CharField(
        label=_("Quyết định của cấp trên"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
        help_text=_("Ví dụ: Quyết định số 345/QĐ-TTg ngày 10/4/2019 của Thủ tướng Chính phủ."),
    )
