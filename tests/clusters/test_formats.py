import datetime
from decimal import Decimal

from django import forms
from django.template import Context, Template
from django.utils import translation


class _Form(forms.Form):
    day = forms.DateField()
    points = forms.DecimalField(localize=True, max_digits=6, decimal_places=2)


def test_vietnamese_reads_the_day_first():
    # Django's own "vi" formats read this as 3 September 2025.
    with translation.override("vi"):
        form = _Form({"day": "09/03/2025", "points": "9,5"})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == datetime.date(2025, 3, 9)
    assert form.cleaned_data["points"] == Decimal("9.5")


def test_vietnamese_shows_dates_and_decimals_the_vietnamese_way():
    template = Template('{{ day|date:"SHORT_DATE_FORMAT" }} {{ points }}')
    with translation.override("vi"):
        text = template.render(
            Context({"day": datetime.date(2025, 3, 9), "points": Decimal("9.5")})
        )
    assert text == "09/03/2025 9,5"


def test_an_impossible_date_is_refused_in_vietnamese():
    with translation.override("vi"):
        form = _Form({"day": "31/02/2025", "points": "1"})
        assert not form.is_valid()
        assert "Nhập một ngày hợp lệ" in str(form.errors["day"])
