"""Forms of the councils' set-up pages (clusters/council_setup_views.py): they validate input;
the services in clusters/councils.py decide and write."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clusters.councils import province_refusal
from clusters.forms import CrispyModelForm, PlainTextForm
from clusters.models import Council, Unit, User


class CouncilForm(CrispyModelForm):
    form_id = "council-form"

    class Meta:
        model = Council
        fields = ["name", "slug", "kind", "province"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Set once: the council's pages, its notices' links and its API scope use it.
            del self.fields["slug"]
        else:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _(
                "Để trống: tạo từ tên, bỏ dấu. Dùng trong địa chỉ trang của hội đồng; "
                "không đổi được sau khi tạo."
            )
        # A province's council belongs to a province or a centrally-run city.
        self.fields["province"].queryset = Unit.objects.filter(
            kind__in=[Unit.Kind.PROVINCE, Unit.Kind.CITY]
        ).order_by("search_name", "valid_from")
        self.fields["province"].help_text = _(
            "Bắt buộc với hội đồng của tỉnh, thành phố; để trống với Hội đồng Trung ương."
        )

    def clean(self) -> dict:
        data = super().clean()
        if "kind" in data and "province" in data:
            refusal = province_refusal(data["kind"], data["province"])
            if refusal is not None:
                # On the field, so the model's own check of the same rule is skipped.
                self.add_error("province", refusal.message)
        return data

    def validate_unique(self) -> None:
        """The service says which name or slug is taken, next to the field."""

    def service_values(self) -> dict:
        values = dict(self.cleaned_data)
        values.setdefault("slug", "")
        return values


class CouncilOfficerForm(PlainTextForm, forms.Form):
    """Who to appoint, by their sign-in name or e-mail: a list of every account would not fit
    an installation of a hundred thousand."""

    form_id = "council-officer-form"

    user = forms.CharField(
        label=_("Tài khoản"),
        max_length=254,
        help_text=_("Tên đăng nhập hoặc e-mail của một tài khoản đã có."),
    )

    def clean_user(self) -> User:
        typed = self.cleaned_data["user"].strip()
        found = list(User.objects.filter(Q(username=typed) | Q(email__iexact=typed))[:2])
        if not found:
            raise forms.ValidationError(
                _("Không có tài khoản nào có tên đăng nhập hoặc e-mail “%(account)s”."),
                params={"account": typed},
            )
        if len(found) > 1:
            raise forms.ValidationError(
                _("Có nhiều tài khoản dùng e-mail này; hãy nhập tên đăng nhập.")
            )
        return found[0]
