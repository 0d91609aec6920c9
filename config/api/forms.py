"""The administrator's form for issuing an API client."""

from __future__ import annotations

import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clusters.forms import PlainTextForm
from clusters.models import Cluster, Council
from config.api.services import RESOURCES


class ApiClientForm(PlainTextForm, forms.Form):
    organisation = forms.CharField(label=_("Tên cơ quan, tổ chức"), max_length=200)
    contact = forms.CharField(
        label=_("Người liên hệ"), max_length=200, help_text=_("Họ tên, điện thoại hoặc e-mail.")
    )
    clusters = forms.ModelMultipleChoiceField(
        label=_("Cụm, khối được đọc"),
        queryset=Cluster.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    councils = forms.ModelMultipleChoiceField(
        label=_("Hội đồng được đọc"),
        queryset=Council.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Mọi cụm, khối do hội đồng tổ chức, kể cả những cụm, khối thêm sau này."),
    )
    resources = forms.MultipleChoiceField(
        label=_("Dữ liệu được đọc"),
        choices=list(RESOURCES.items()),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Hãy chọn ít nhất một loại dữ liệu được đọc.")},
    )
    expires_on = forms.DateField(
        label=_("Hết hạn ngày"),
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
        help_text=_("Khóa truy cập dùng được đến hết ngày này."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_id = "api-client-issue"
        self.helper.add_input(Submit("submit", _("Cấp khóa truy cập")))

    def clean_expires_on(self) -> datetime.date:
        day = self.cleaned_data["expires_on"]
        if day <= timezone.localdate():
            raise forms.ValidationError(_("Ngày hết hạn phải sau hôm nay."))
        return day

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("clusters") and not data.get("councils") and "clusters" not in self.errors:
            self.add_error("clusters", _("Hãy chọn ít nhất một cụm, khối hoặc một hội đồng."))
        return data

    @property
    def expires_at(self) -> datetime.datetime:
        """The end of the chosen day, in the installation's time zone."""
        day = self.cleaned_data["expires_on"] + datetime.timedelta(days=1)
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


class CouncilApiClientForm(ApiClientForm):
    """A council's officer issues a client for the council's own clusters: the scope is the
    council, not chosen."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["clusters"]
        del self.fields["councils"]

    def clean(self) -> dict:
        return forms.Form.clean(self)
