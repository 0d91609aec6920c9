"""Forms of the set-up pages (clusters/setup_views.py): they validate input; the services in
clusters/setup.py and clusters/accounts.py decide and write."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import PasswordResetForm
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from clusters.forms import DATE_WIDGET, CrispyModelForm, PlainTextForm
from clusters.models import Cluster, EmulationYear, Membership, Unit, User
from clusters.unit_picker import UnitPickerField

# The unit's names for documents (clusters/wording.py reads them; blank: the kind's defaults).
OFFICIAL_NAME_FIELDS = ("full_name", "body_name", "head_title", "deputy_title", "locality")
SLUG_HELP = _("Để trống: tạo từ tên, bỏ dấu (Hà Nội → ha-noi). Dùng trong địa chỉ trang.")


def _date(field: forms.Field) -> None:
    field.widget = forms.DateInput(attrs=DATE_WIDGET)


def _catalogue_search(*, current: bool = False) -> str:
    """The administrator's unit search (current units only, for a new account)."""
    url = reverse("setup:unit_search")
    return f"{url}?hien-hanh=1" if current else url


class UnitForm(CrispyModelForm):
    form_id = "unit-form"

    successors = UnitPickerField(label=_("Đơn vị kế thừa"), multiple=True, required=False)

    class Meta:
        model = Unit
        fields = [
            "name",
            "slug",
            "kind",
            "admin_code",
            "valid_from",
            "valid_to",
            "successors",
            *OFFICIAL_NAME_FIELDS,
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = SLUG_HELP
        _date(self.fields["valid_from"])
        _date(self.fields["valid_to"])
        successors = Unit.objects.all()
        if self.instance.pk:
            successors = successors.exclude(pk=self.instance.pk)
        self.fields["successors"].queryset = successors
        self.fields["successors"].search_url = _catalogue_search()

    def validate_unique(self) -> None:
        """The service says which unit holds a slug or a code, next to the field."""

    def service_values(self) -> dict:
        values = dict(self.cleaned_data)
        values["successors"] = list(values.get("successors") or [])
        return values


class ClusterForm(CrispyModelForm):
    form_id = "cluster-form"

    class Meta:
        model = Cluster
        fields = ["name", "slug", "kind", "council", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = SLUG_HELP

    def validate_unique(self) -> None:
        """The service refuses a slug in use, next to the field."""


class YearOpenForm(PlainTextForm, forms.Form):
    """A cluster's year: its members and its head (and deputies, if already chosen)."""

    form_id = "year-open-form"

    year = forms.IntegerField(label=_("Năm thi đua"), min_value=1945, max_value=2200)
    members = UnitPickerField(label=_("Đơn vị thành viên"), multiple=True)
    head = UnitPickerField(label=_("Đơn vị trưởng"))
    deputies = UnitPickerField(label=_("Đơn vị phó"), multiple=True, required=False)
    notes = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, cluster: Cluster, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        words = cluster.words
        self.fields["head"].label = words.head
        self.fields["deputies"].label = words.deputy
        for name in ("members", "head", "deputies"):
            self.fields[name].queryset = Unit.objects.all()
            self.fields[name].search_url = _catalogue_search()


class MembershipForm(PlainTextForm, forms.Form):
    form_id = "member-form"

    unit = UnitPickerField(label=_("Đơn vị"))
    role = forms.ChoiceField(label=_("Vai trò"))

    def __init__(self, *args, year: EmulationYear, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Any unit: the service says why one that did not exist in the year cannot join it.
        self.fields["unit"].queryset = Unit.objects.all()
        self.fields["unit"].search_url = reverse(
            "setup:year_unit_search", args=[year.cluster.slug, year.year]
        )
        self.fields["role"].choices = role_choices(year)


def role_choices(year: EmulationYear) -> list[tuple[str, str]]:
    words = year.cluster.words
    return [
        (Membership.Role.HEAD, words.head),
        (Membership.Role.DEPUTY, words.deputy),
        (Membership.Role.MEMBER, str(Membership.Role.MEMBER.label)),
    ]


class ReviewForm(PlainTextForm, forms.Form):
    form_id = "review-form"

    reviewer_unit = forms.ModelChoiceField(
        label=_("Đơn vị chấm chéo"), queryset=Unit.objects.none()
    )
    reviewed_unit = forms.ModelChoiceField(
        label=_("Đơn vị được chấm"), queryset=Unit.objects.none()
    )

    def __init__(self, *args, year: EmulationYear, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        members = Unit.objects.filter(memberships__year=year).order_by("search_name")
        for name in ("reviewer_unit", "reviewed_unit"):
            self.fields[name].queryset = members
            self.fields[name].label_from_instance = lambda unit: unit.name


class GrantForm(PlainTextForm, forms.Form):
    form_id = "grant-form"

    user = forms.ModelChoiceField(label=_("Cán bộ được giao quyền"), queryset=User.objects.none())

    def __init__(self, *args, year: EmulationYear, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            User.objects.filter(is_active=True, role=User.Role.STAFF, unit__memberships__year=year)
            .select_related("unit")
            .order_by("unit__search_name", "full_name")
        )
        self.fields["user"].label_from_instance = lambda person: (
            f"{person.full_name or person.username} · {person.unit.name}"
        )


class AccountInviteForm(PlainTextForm, forms.Form):
    form_id = "invite-form"

    username = forms.RegexField(
        label=_("Tên đăng nhập"),
        max_length=150,
        regex=r"^[\w.@+-]+\Z",
        error_messages={"invalid": _("Chỉ dùng chữ, số và các ký tự @ . + - _")},
    )
    full_name = forms.CharField(label=_("Họ và tên"), max_length=120)
    email = forms.EmailField(label=_("E-mail"))
    unit = UnitPickerField(label=_("Đơn vị"), required=False)
    role = forms.ChoiceField(label=_("Vai trò"), choices=User.Role.choices, initial=User.Role.STAFF)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(valid_to__isnull=True)
        self.fields["unit"].search_url = _catalogue_search(current=True)


class AccountForm(CrispyModelForm):
    form_id = "account-form"

    class Meta:
        model = User
        fields = ["full_name", "email", "unit", "role"]

    unit = UnitPickerField(label=_("Đơn vị"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.all()
        self.fields["unit"].search_url = _catalogue_search()


class ImportForm(PlainTextForm, forms.Form):
    form_id = "import-form"

    file = forms.FileField(
        label=_("Tệp Excel (.xlsx)"),
        help_text=_("Trang “Đơn vị” và trang “Tài khoản”, như tệp mẫu tải về ở trang này."),
    )


class QueuedPasswordResetForm(PlainTextForm, PasswordResetForm):
    """Django's reset form, sending through the background task (clusters/accounts.py): the
    page answers the same whether or not the address has an account, and never waits for the
    mail server."""

    def save(self, *args, **kwargs) -> None:
        from clusters.accounts import send_account_email

        for person in self.get_users(self.cleaned_data["email"]):
            person_id = person.pk
            transaction.on_commit(
                lambda person_id=person_id: send_account_email.enqueue("reset", person_id),
                robust=True,
            )
