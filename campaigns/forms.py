from __future__ import annotations

import base64
import binascii

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign, Conference
from campaigns.services import CONFERENCE_FIELDS, DOCUMENT_MAX_BYTES
from clusters.forms import DATE_WIDGET, PlainTextForm
from clusters.labels import year_unit_label
from clusters.models import EmulationYear, Unit
from clusters.uploads import MB

NUMBER_ERRORS = {
    "invalid": _("Phải là một số, ví dụ 12,5."),
    "min_value": _("Giá trị không được âm."),
    "max_digits": _("Số quá lớn."),
    "max_decimal_places": _("Tối đa hai chữ số thập phân."),
}


def _no_form_tag() -> FormHelper:
    """Forms and formsets share one <form> in the template: nothing half-submitted."""
    helper = FormHelper()
    helper.form_tag = False
    return helper


class ReportForm(PlainTextForm, forms.Form):
    registration = forms.CharField(
        label=_("Nội dung đăng ký"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Những gì đơn vị đăng ký thực hiện trong năm."),
    )
    report = forms.CharField(
        label=_("Báo cáo kết quả"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Báo cáo ngắn về kết quả; để trống nếu chưa báo cáo."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _no_form_tag()


class IndicatorForm(PlainTextForm, forms.Form):
    name = forms.CharField(label=_("Chỉ tiêu"), max_length=300)
    measure = forms.CharField(label=_("Đơn vị tính"), max_length=40, required=False)
    target = forms.DecimalField(
        label=_("Chỉ tiêu đăng ký"),
        min_value=0,
        max_digits=14,
        decimal_places=2,
        localize=True,
        error_messages=NUMBER_ERRORS,
    )
    achieved = forms.DecimalField(
        label=_("Kết quả đạt được"),
        min_value=0,
        max_digits=14,
        decimal_places=2,
        localize=True,
        required=False,
        error_messages=NUMBER_ERRORS,
    )


IndicatorFormSet = forms.formset_factory(IndicatorForm, extra=2, can_delete=True, max_num=100)


class YearCampaignsForm(PlainTextForm, forms.Form):
    campaigns = forms.ModelMultipleChoiceField(
        label=_("Phong trào năm thi đua thực hiện"),
        queryset=Campaign.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, queryset, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["campaigns"].queryset = queryset
        self.helper = _no_form_tag()


class CovenantForm(PlainTextForm, forms.Form):
    preamble = forms.CharField(
        label=_("Lời mở đầu"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    signing_place = forms.CharField(
        label=_("Nơi ký"), max_length=200, required=False, help_text=_("Ví dụ: Hà Nam.")
    )
    signing_date = forms.DateField(
        label=_("Ngày ký"),
        required=False,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _no_form_tag()


class ClauseForm(PlainTextForm, forms.Form):
    number = forms.IntegerField(label=_("Thứ tự"), min_value=1, required=False)
    content = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 2}))
    target = forms.CharField(
        label=_("Chỉ tiêu"), required=False, widget=forms.Textarea(attrs={"rows": 1})
    )


ClauseFormSet = forms.formset_factory(ClauseForm, extra=2, can_delete=True, max_num=200)


class SignatureForm(PlainTextForm, forms.Form):
    full_name = forms.CharField(label=_("Họ và tên người ký"), max_length=120)
    title = forms.CharField(
        label=_("Chức vụ"), max_length=200, help_text=_("Ví dụ: Phó Chủ tịch, Thứ trưởng.")
    )
    signed_on = forms.DateField(
        label=_("Ngày ký"), widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"})
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _no_form_tag()


class ConferenceYearForm(PlainTextForm, forms.Form):
    """The conference's date, place and host live on the emulation year."""

    conference_date = forms.DateField(
        label=_("Ngày hội nghị tổng kết"),
        required=False,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
    )
    conference_place = forms.CharField(label=_("Địa điểm hội nghị"), max_length=200, required=False)
    host_unit = forms.ModelChoiceField(
        label=_("Đơn vị đăng cai hội nghị"), queryset=Unit.objects.none(), required=False
    )

    def __init__(self, *args, year: EmulationYear, **kwargs) -> None:
        kwargs.setdefault(
            "initial",
            {
                "conference_date": year.conference_date,
                "conference_place": year.conference_place,
                "host_unit": year.host_unit_id,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["host_unit"].queryset = Unit.objects.filter(memberships__year=year).order_by(
            "name"
        )
        self.fields["host_unit"].label_from_instance = year_unit_label(year.year)
        self.helper = _no_form_tag()


class ConferenceForm(PlainTextForm, forms.ModelForm):
    """The chair, the agenda, the report's number and the narrative the secretariat writes."""

    class Meta:
        model = Conference
        fields = list(CONFERENCE_FIELDS)
        widgets = {
            name: forms.Textarea(attrs={"rows": 4})
            for name in [
                "agenda",
                "campaign_results",
                "commendation_work",
                "shortcomings",
                "next_tasks",
            ]
        } | {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _no_form_tag()


class GuestForm(PlainTextForm, forms.Form):
    """One guest of the conference (đại biểu tới dự); an untouched empty row is left out."""

    number = forms.IntegerField(label=_("Thứ tự"), min_value=1, required=False)
    full_name = forms.CharField(
        label=_("Họ và tên"),
        max_length=120,
        error_messages={"required": _("Hãy ghi họ tên đại biểu.")},
    )
    title = forms.CharField(
        label=_("Chức vụ, cơ quan"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Hãy ghi chức vụ của đại biểu.")},
    )


GuestFormSet = forms.formset_factory(GuestForm, extra=2, can_delete=True, max_num=100)


# --- The compact signed digitally (issue 13) --------------------------------------------------

KEY_MAX_BYTES = 256 * 1024  # a PKCS#12 with its chain is a few KB
CMS_MAX_BYTES = 64 * 1024  # what the prepared signature's room holds, with margin


def _read_upload(upload, limit: int) -> bytes:
    if upload.size > limit:
        raise forms.ValidationError(_("Tệp quá lớn (tối đa %(kb)d KB).") % {"kb": limit // 1024})
    upload.seek(0)
    return upload.read()


class DigitalSignatureForm(SignatureForm):
    """A member signs in the app: the signer's name and title, and the certificate's password."""

    password = forms.CharField(
        label=_("Mật khẩu chứng thư số"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        help_text=_("Mật khẩu của tệp chứng thư số (PKCS#12) đơn vị đã tải lên; không được lưu."),
    )


class SigningKeyForm(PlainTextForm, forms.Form):
    file = forms.FileField(
        label=_("Tệp chứng thư số (PKCS#12: .p12, .pfx)"),
        help_text=_("Chứng thư số của đơn vị kèm khóa bí mật, do tổ chức chứng thực cấp."),
    )
    password = forms.CharField(
        label=_("Mật khẩu của tệp"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        help_text=_("Dùng để mã hóa tệp khi lưu và để mở khi ký; hệ thống không lưu mật khẩu."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _no_form_tag()

    def clean_file(self) -> bytes:
        return _read_upload(self.cleaned_data["file"], KEY_MAX_BYTES)


class ExternalSignatureForm(PlainTextForm, forms.Form):
    """The CMS the external signer returned: a file (.p7s, DER) or its Base64 text."""

    signature = forms.FileField(
        label=_("Tệp chữ ký (CMS/PKCS#7, .p7s)"),
        required=False,
        help_text=_("Chữ ký do thiết bị ký hoặc dịch vụ ký trả về cho mã băm ở trên."),
    )
    signature_text = forms.CharField(
        label=_("hoặc chữ ký dạng Base64"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _no_form_tag()

    def clean_signature(self) -> bytes | None:
        upload = self.cleaned_data.get("signature")
        return _read_upload(upload, CMS_MAX_BYTES) if upload else None

    def clean(self):
        data = super().clean()
        cms = data.get("signature")
        text = "".join((data.get("signature_text") or "").split())
        if cms is None and text:
            try:
                cms = base64.b64decode(text, validate=True)
            except (ValueError, binascii.Error):
                self.add_error("signature_text", _("Đây không phải chuỗi Base64."))
                return data
        if cms is None and "signature" not in self.errors:
            self.add_error("signature", _("Hãy chọn tệp chữ ký hoặc dán chữ ký dạng Base64."))
        data["cms"] = cms
        return data


class YearCampaignForm(PlainTextForm, forms.Form):
    """A campaign the year follows, with its launching document (it joins the year's list)."""

    form_id = "campaign-form"

    title = forms.CharField(label=_("Tên phong trào"), max_length=300)
    launched_by = forms.ChoiceField(label=_("Cấp phát động"))
    document_number = forms.CharField(
        label=_("Số văn bản phát động"),
        max_length=80,
        required=False,
        help_text=_("Ví dụ: 1258/QĐ-TTg."),
    )
    document_date = forms.DateField(
        label=_("Ngày văn bản"), required=False, widget=forms.DateInput(attrs=DATE_WIDGET)
    )
    # Checked by the service (campaigns.services.campaign_document_check), for every caller.
    document_file = forms.FileField(
        label=_("Tệp văn bản phát động"),
        required=False,
        error_messages={"empty": _("Tệp văn bản rỗng; hãy chọn lại tệp.")},
    )
    launched_on = forms.DateField(
        label=_("Ngày phát động"), required=False, widget=forms.DateInput(attrs=DATE_WIDGET)
    )
    period_start = forms.DateField(
        label=_("Thời gian từ"), required=False, widget=forms.DateInput(attrs=DATE_WIDGET)
    )
    period_end = forms.DateField(
        label=_("Thời gian đến"), required=False, widget=forms.DateInput(attrs=DATE_WIDGET)
    )
    description = forms.CharField(
        label=_("Mô tả"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    launcher_unit = forms.ModelChoiceField(
        label=_("Đơn vị phát động"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("Khi phong trào do một đơn vị thành viên phát động."),
    )

    def __init__(self, *args, year: EmulationYear, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["launched_by"].choices = Campaign.Launcher.choices
        members = Unit.objects.filter(memberships__year=year).order_by("search_name")
        self.fields["launcher_unit"].queryset = members
        self.fields["launcher_unit"].label_from_instance = lambda unit: unit.name
        self.fields["document_file"].help_text = _(
            "PDF, Word (.docx) hoặc OpenDocument (.odt); tối đa %(limit)d MB. Nội dung tệp phải "
            "đúng loại của phần mở rộng. Không nhận tệp .doc cũ và tệp có macro: hãy lưu lại "
            "thành .docx hoặc PDF."
        ) % {"limit": DOCUMENT_MAX_BYTES // MB}
        self.order_fields(["title", "launched_by", "launcher_unit"])

    def clean(self) -> dict:
        cleaned = super().clean()
        by_unit = cleaned.get("launched_by") == Campaign.Launcher.PROVINCE
        if by_unit and not cleaned.get("launcher_unit"):
            self.add_error("launcher_unit", _("Hãy chọn đơn vị phát động."))
        if not by_unit:
            cleaned["launcher_unit"] = None
        return cleaned
