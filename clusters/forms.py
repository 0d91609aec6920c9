from __future__ import annotations

import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clusters.audit import ACTIONS
from clusters.labels import year_unit_label
from clusters.models import AuditEvent, EmulationYear, Membership, Representative, Unit, User
from clusters.uploads import strip_control_characters
from clusters.wording import interface_words


def _without_control_characters(to_python):
    def clean(value):
        if isinstance(value, str):
            value = strip_control_characters(value)
        return to_python(value)

    return clean


class PlainTextForm:
    """Mixin for every form of the app (put it first): the C0 control characters Word pastes
    along (a vertical tab, a form feed…, not tabs or line breaks) are removed from every text
    field before it is cleaned, so they never reach the database, a document or a workbook."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # the form's own copies of its fields
            if isinstance(field, forms.CharField):
                field.to_python = _without_control_characters(field.to_python)


class CrispyModelForm(PlainTextForm, forms.ModelForm):
    """A model form with crispy's layout and one submit button (every app's edit forms)."""

    submit_label = _("Lưu")
    form_id = ""  # the <form>'s id: tests (and people's tools) find the form by it

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_id = self.form_id
        self.helper.add_input(Submit("submit", self.submit_label))


class YearForm(CrispyModelForm):
    """What the secretariat keeps up to date about its year."""

    form_id = "year-form"

    class Meta:
        model = EmulationYear
        fields = ["host_unit", "conference_date", "conference_place", "notes"]
        widgets = {
            "conference_date": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The conference is hosted by a member of the year.
        self.fields["host_unit"].queryset = Unit.objects.filter(
            memberships__year=self.instance
        ).order_by("name")
        self.fields["host_unit"].label_from_instance = year_unit_label(self.instance.year)


DATE_WIDGET = {"placeholder": "dd/mm/yyyy"}


class TimelineForm(PlainTextForm, forms.Form):
    """The year's timeline: for each phase the day it opens and the deadline of its work, and
    the days a unit has to answer an adjustment. Moving dates already set needs a reason."""

    form_id = "timeline-form"

    answer_days = forms.IntegerField(
        label=_("Số ngày giải trình"),
        min_value=1,
        max_value=60,
        help_text=_("Đơn vị được giải trình trong bấy nhiêu ngày sau khi điểm bị điều chỉnh."),
    )
    reason = forms.CharField(
        label=_("Lý do thay đổi"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Bắt buộc khi sửa hoặc bỏ những mốc đã đặt."),
    )

    def __init__(self, *args, year: EmulationYear, **kwargs) -> None:
        from clusters import timeline

        windows = {w.phase: w for w in year.phase_windows.all()}
        initial = {"answer_days": year.answer_days}
        for phase in timeline.DATED:
            window = windows.get(phase)
            initial[f"{phase}_opens_on"] = window.opens_on if window else None
            initial[f"{phase}_due_on"] = window.due_on if window else None
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.phases = timeline.DATED
        for phase in self.phases:
            label = EmulationYear.Phase(phase).label
            self.fields[f"{phase}_opens_on"] = forms.DateField(
                label=_("%(phase)s: ngày bắt đầu") % {"phase": label},
                required=False,
                widget=forms.DateInput(attrs=DATE_WIDGET),
            )
            self.fields[f"{phase}_due_on"] = forms.DateField(
                label=_("%(phase)s: hạn hoàn thành") % {"phase": label},
                required=False,
                widget=forms.DateInput(attrs=DATE_WIDGET),
            )

    def table(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        """One row per phase: its name, its opening date's field, its deadline's field."""
        return [
            (EmulationYear.Phase(phase).label, self[f"{phase}_opens_on"], self[f"{phase}_due_on"])
            for phase in self.phases
        ]

    def rows(self) -> dict[str, tuple[datetime.date | None, datetime.date | None]]:
        data = self.cleaned_data
        return {p: (data.get(f"{p}_opens_on"), data.get(f"{p}_due_on")) for p in self.phases}


class PhaseMoveForm(PlainTextForm, forms.Form):
    """Moving the year to another phase, once the person has read what it opens and locks."""

    form_id = "phase-form"

    to_phase = forms.ChoiceField(choices=EmulationYear.Phase.choices, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Lý do"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    # Checked by the service, which says why in its own words.
    confirm = forms.BooleanField(
        label=_("Tôi đã đọc những gì sẽ mở và sẽ khóa, và xác nhận chuyển giai đoạn."),
        required=False,
    )


class RepresentativeForm(CrispyModelForm):
    form_id = "representative-form"

    class Meta:
        model = Representative
        fields = ["full_name", "title"]


class MembershipInlineFormSet(forms.BaseInlineFormSet):
    """A year has exactly one head (the database refuses a second one as well)."""

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        heads = [
            form
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("role") == Membership.Role.HEAD
        ]
        members = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        if members and len(heads) != 1:
            raise ValidationError(
                _("Mỗi năm thi đua phải có đúng một %(head)s (hiện có %(count)d).")
                % {"head": self._head_word(), "count": len(heads)}
            )

    def _head_word(self) -> str:
        """ "Khối trưởng" in a khối; a year not yet given its cluster reads the neutral word."""
        year = self.instance
        kind = year.cluster.kind if year is not None and year.cluster_id else None
        return str(interface_words(kind).head)


class ActivityFilterForm(PlainTextForm, forms.Form):
    """The activity log's filters (a GET form): a value that does not parse is shown as the
    field's error and left out of the filter, never a failure of the page."""

    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), required=False, label=_("Đơn vị"))
    person = forms.ModelChoiceField(
        queryset=User.objects.none(), required=False, label=_("Người thực hiện")
    )
    action = forms.ChoiceField(required=False, label=_("Thao tác"))
    date_from = forms.DateField(
        required=False,
        label=_("Từ ngày"),
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
    )
    date_to = forms.DateField(
        required=False,
        label=_("Đến ngày"),
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
    )

    def __init__(self, data, *, units, people, with_sign_ins: bool) -> None:
        super().__init__(data)
        self.fields["unit"].queryset = units
        self.fields["person"].queryset = people
        self.fields["person"].label_from_instance = lambda user: user.full_name or user.username
        self.fields["action"].choices = [("", _("Tất cả"))] + [
            (code, label)
            for code, label in ACTIONS.items()
            if with_sign_ins or not code.startswith("auth.")
        ]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_id = "activity-filters"
        self.helper.form_class = "row row-cols-md-6 g-2 align-items-end"
        self.helper.add_input(Submit("filter", _("Lọc"), css_class="btn-outline-danger"))

    def clean(self) -> dict:
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("Ngày kết thúc phải sau ngày bắt đầu."))
        return cleaned

    def apply(self, events: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
        """The events that pass the filters whose values are valid (the others are left out)."""
        if not self.is_bound:
            return events
        self.is_valid()  # fills cleaned_data with the fields that parsed
        values = self.cleaned_data
        if values.get("unit"):
            events = events.filter(unit=values["unit"])
        if values.get("person"):
            events = events.filter(actor=values["person"])
        if values.get("action"):
            events = events.filter(action=values["action"])
        if values.get("date_from"):
            events = events.filter(at__gte=_start_of(values["date_from"]))
        if values.get("date_to"):
            events = events.filter(at__lt=_start_of(values["date_to"] + datetime.timedelta(days=1)))
        return events


def _start_of(day: datetime.date) -> datetime.datetime:
    """Midnight of that day where the installation is (TIME_ZONE), as the log shows times."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class YearCloseForm(PlainTextForm, forms.Form):
    """Closing the year: the warnings shown are confirmed by ticking the box; their digest
    comes back with the form, so warnings that appeared meanwhile are asked about again."""

    seen_warnings = forms.CharField(required=False, widget=forms.HiddenInput)
    confirm = forms.BooleanField(
        label=_("Tôi đã xem các cảnh báo trên và vẫn khép lại năm thi đua"), required=False
    )

    def __init__(self, *args, warnings_digest: str, **kwargs) -> None:
        kwargs.setdefault("initial", {"seen_warnings": warnings_digest})
        super().__init__(*args, **kwargs)
        self.warnings_digest = warnings_digest
        if not warnings_digest:
            del self.fields["confirm"]

    def clean(self):
        cleaned = super().clean()
        if self.warnings_digest and not cleaned.get("confirm"):
            self.add_error("confirm", _("Hãy xác nhận đã xem các cảnh báo."))
        return cleaned

    def seen(self) -> str:
        """The digest of the warnings the person confirmed ("" when none were confirmed)."""
        if not self.cleaned_data.get("confirm"):
            return ""
        return self.cleaned_data.get("seen_warnings", "")
