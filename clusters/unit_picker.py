"""Choosing units by search, for installations with tens of thousands of them.

A set-up form that offered every unit as a checkbox or an option rendered 30,000 of them on
each page. `UnitPickerField` renders one text box instead: static/js/unit_picker.js asks the
set-up's search endpoint (`unit_suggestions`) as the person types and keeps the chosen units'
slugs in that box; without JavaScript the person types slugs, administrative codes or exact
names, separated by commas. Either way the server resolves what was sent against the units
the form allows, and names what it cannot find next to the field.
"""

from __future__ import annotations

import datetime
import json
import re
import unicodedata
from collections.abc import Iterable

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from clusters.models import Unit
from clusters.text import fold

MAX_SUGGESTIONS = 20
# More than a cluster ever has: a post naming thousands of units is refused, not resolved.
MAX_CHOSEN = 300
SEPARATORS = re.compile(r"[,;\n]+")


def unit_label(unit: Unit) -> str:
    """A unit as the picker shows it: its name (and end of validity), and its code."""
    return f"{unit} · {unit.admin_code}" if unit.admin_code else str(unit)


def valid_in_year(units: QuerySet[Unit], year: int) -> QuerySet[Unit]:
    """The units that existed at some time during the calendar year (Unit.is_valid_in)."""
    return units.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=datetime.date(year, 12, 31)),
        Q(valid_to__isnull=True) | Q(valid_to__gte=datetime.date(year, 1, 1)),
    )


def unit_suggestions(units: QuerySet[Unit], query: str) -> list[dict]:
    """At most MAX_SUGGESTIONS of `units` matching the query without diacritics (or by slug or
    code), names that start with it first."""
    folded = fold(query)
    if not folded:
        return []
    matches = (
        units.filter(
            Q(search_name__contains=folded)
            | Q(slug__startswith=folded.replace(" ", "-"))
            | Q(admin_code=query.strip())
        )
        .annotate(
            rank=Case(
                When(search_name__startswith=folded, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("rank", "search_name", "valid_from")[:MAX_SUGGESTIONS]
    )
    return [{"id": unit.pk, "value": unit.slug, "label": unit_label(unit)} for unit in matches]


class UnitSearchForm(forms.Form):
    """The search endpoint's parameters: a bad one is refused (400), never a failure."""

    q = forms.CharField(required=False, max_length=100, strip=True)


def split_tokens(value: object) -> list[str]:
    """The units named in a posted value, in order, each once."""
    if value is None:
        return []
    parts = value if isinstance(value, list | tuple) else [value]
    tokens: list[str] = []
    for part in parts:
        for token in SEPARATORS.split(str(part)):
            # Control characters (a NUL) never reach the database's query.
            token = "".join(ch for ch in token if unicodedata.category(ch) != "Cc").strip()
            if token and token not in tokens:
                tokens.append(token)
    return tokens


def _one_of(candidates: list[Unit]) -> Unit | None:
    """The unit a code or a name means: the only one, or the only current one."""
    if len(candidates) == 1:
        return candidates[0]
    current = [unit for unit in candidates if unit.valid_to is None]
    return current[0] if len(current) == 1 else None


def resolve_tokens(units: QuerySet[Unit], tokens: list[str]) -> tuple[dict[str, Unit], list]:
    """Each token's unit among `units`: by slug, then code, then id (what the lists posted
    before the picker), then exact name without diacritics. Returns the found and the errors."""
    found: dict[str, Unit] = {}
    by_slug = {unit.slug: unit for unit in units.filter(slug__in=[t.lower() for t in tokens])}
    for token in tokens:
        if token.lower() in by_slug:
            found[token] = by_slug[token.lower()]
    rest = [token for token in tokens if token not in found]
    ambiguous: list[str] = []
    if rest:
        by_code: dict[str, list[Unit]] = {}
        for unit in units.filter(admin_code__in=rest):
            by_code.setdefault(unit.admin_code, []).append(unit)
        ids = [int(token) for token in rest if token.isdigit() and len(token) < 18]
        by_id = {str(unit.pk): unit for unit in units.filter(pk__in=ids)}
        folded = {token: fold(token) for token in rest}
        by_name: dict[str, list[Unit]] = {}
        for unit in units.filter(search_name__in=set(folded.values())):
            by_name.setdefault(unit.search_name, []).append(unit)
        for token in rest:
            candidates = by_code.get(token) or by_name.get(folded[token])
            unit = _one_of(candidates) if candidates else by_id.get(token)
            if unit is not None:
                found[token] = unit
            elif candidates:
                ambiguous.append(token)
    errors = [
        ValidationError(
            _("“%(value)s” ứng với nhiều đơn vị: hãy nhập mã định danh của đơn vị muốn chọn."),
            code="ambiguous",
            params={"value": token},
        )
        for token in ambiguous
    ]
    errors += [
        ValidationError(
            _(
                "Không có đơn vị “%(value)s” trong những đơn vị chọn được ở đây. Hãy chọn "
                "trong danh sách gợi ý, hoặc nhập mã định danh (ví dụ ha-noi) hay mã hành "
                "chính của đơn vị."
            ),
            code="invalid_choice",
            params={"value": token},
        )
        for token in tokens
        if token not in found and token not in ambiguous
    ]
    return found, errors


class UnitPickerInput(forms.TextInput):
    """The picker's text box; the script reads what it needs from data attributes (the page's
    Content-Security-Policy allows no inline script)."""

    class Media:
        js = ["js/unit_picker.js"]

    def __init__(self, *, multiple: bool = False, attrs: dict | None = None) -> None:
        super().__init__(attrs={"autocomplete": "off", **(attrs or {})})
        self.multiple = multiple
        self.search_url = ""

    def value_from_datadict(self, data, files, name: str):
        # Several values (a script, or a post shaped like the checkbox lists the picker
        # replaced) read as one text of tokens.
        if self.multiple and hasattr(data, "getlist"):
            values = data.getlist(name)
            return ", ".join(str(value) for value in values) if values else None
        return super().value_from_datadict(data, files, name)

    def get_context(self, name: str, value, attrs) -> dict:
        context = super().get_context(name, value, attrs)
        tokens = split_tokens(value)
        labels = {unit.slug: unit_label(unit) for unit in Unit.objects.filter(slug__in=tokens)}
        context["widget"]["attrs"].update(
            {
                "data-unit-picker": self.search_url,
                "data-unit-picker-multiple": "1" if self.multiple else "0",
                # A token the server could not resolve stays a chip of its own text, so the
                # person sees what was refused and can remove it.
                "data-unit-picker-chosen": json.dumps(
                    [{"value": t, "label": labels.get(t, t)} for t in tokens],
                    ensure_ascii=False,
                ),
                "data-unit-picker-search": gettext("Gõ tên, mã định danh hoặc mã hành chính"),
                "data-unit-picker-empty": gettext("Không có đơn vị nào khớp."),
                "data-unit-picker-remove": gettext("Bỏ"),
            }
        )
        return context


class UnitPickerField(forms.Field):
    """One unit (or several, `multiple=True`) of `queryset`, chosen by search; cleans to a Unit
    (or None), or a list of units in the order given."""

    widget = UnitPickerInput

    def __init__(
        self,
        *,
        queryset: QuerySet[Unit] | None = None,
        multiple: bool = False,
        search_url: str = "",
        **kwargs,
    ) -> None:
        kwargs.setdefault("widget", UnitPickerInput(multiple=multiple))
        kwargs.setdefault(
            "help_text",
            _("Gõ vài chữ của tên để chọn; hoặc nhập mã định danh, cách nhau bằng dấu phẩy.")
            if multiple
            else _("Gõ vài chữ của tên để chọn; hoặc nhập mã định danh của đơn vị."),
        )
        super().__init__(**kwargs)
        self.queryset = queryset if queryset is not None else Unit.objects.none()
        self.multiple = multiple
        self.search_url = search_url

    @property
    def search_url(self) -> str:
        return self.widget.search_url

    @search_url.setter
    def search_url(self, url: str) -> None:
        self.widget.search_url = url

    def prepare_value(self, value) -> str:
        """What the text box shows: slugs (an unbound form's units or their ids; a bound
        form's text as it was sent)."""
        if value is None or isinstance(value, str):
            return value or ""
        values = list(value) if isinstance(value, Iterable) else [value]
        ids = [v for v in values if isinstance(v, int)]
        slugs = dict(Unit.objects.filter(pk__in=ids).values_list("pk", "slug")) if ids else {}
        return ", ".join(v.slug if isinstance(v, Unit) else slugs.get(v, str(v)) for v in values)

    def to_python(self, value) -> Unit | list[Unit] | None:
        tokens = split_tokens(value)
        if not self.multiple and len(tokens) > 1:
            raise ValidationError(_("Chỉ chọn một đơn vị."), code="one")
        if len(tokens) > MAX_CHOSEN:
            raise ValidationError(
                _("Chọn nhiều nhất %(limit)d đơn vị."), code="many", params={"limit": MAX_CHOSEN}
            )
        found, errors = resolve_tokens(self.queryset, tokens)
        if errors:
            raise ValidationError(errors)
        units = list(dict.fromkeys(found[token] for token in tokens))
        if self.multiple:
            return units
        return units[0] if units else None

    def validate(self, value) -> None:
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")

    def has_changed(self, initial, data) -> bool:
        return self.prepare_value(initial) != self.prepare_value(data)
