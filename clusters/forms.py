from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from clusters.models import EmulationYear, Membership, Representative, Unit


class _CrispyModelForm(forms.ModelForm):
    submit_label = _("Lưu")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", self.submit_label))


class YearForm(_CrispyModelForm):
    """What the secretariat keeps up to date about its year."""

    class Meta:
        model = EmulationYear
        fields = ["phase", "host_unit", "conference_date", "conference_place", "notes"]
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
        # The year moves forward only, and closes only through "Khép lại năm thi đua", which
        # checks what remains and opens the next year: going back would reopen frozen data.
        current = self.instance.phase or EmulationYear.Phase.SETUP
        self.fields["phase"].choices = [
            (value, label)
            for value, label in EmulationYear.Phase.choices
            if value != EmulationYear.Phase.CLOSED and phase_rank(value) >= phase_rank(current)
        ]


def phase_rank(phase: str) -> int:
    return list(EmulationYear.Phase.values).index(phase)


class RepresentativeForm(_CrispyModelForm):
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
                _("Mỗi năm thi đua phải có đúng một Cụm trưởng (hiện có %(count)d).")
                % {"count": len(heads)}
            )
