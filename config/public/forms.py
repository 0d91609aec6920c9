from django import forms
from django.utils.translation import gettext_lazy as _

from clusters.forms import PlainTextForm


class PublishForm(PlainTextForm, forms.Form):
    action = forms.CharField(widget=forms.HiddenInput, initial="publish")
    confirm = forms.BooleanField(
        label=_("Tôi xác nhận công khai kết quả năm này cho mọi người xem, không cần đăng nhập"),
        required=True,
        error_messages={"required": _("Hãy đánh dấu ô xác nhận trước khi công khai.")},
    )


class UnpublishForm(PlainTextForm, forms.Form):
    action = forms.CharField(widget=forms.HiddenInput, initial="unpublish")
    reason = forms.CharField(
        label=_("Lý do thu hồi công khai"),
        max_length=500,
        error_messages={"required": _("Hãy ghi lý do thu hồi công khai.")},
    )
