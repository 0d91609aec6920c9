"""The award statistics of a year and of its organising council, as a page and a workbook.

Both are read by whoever reads the year (its members' officers and viewers, the administrator);
another cluster's year answers 404. The council's figures are totals over the clusters that
share this cluster's organising council in the same calendar year: counts only, no cluster of
the council is named, so nothing of a cluster the reader cannot open is shown.
"""

from __future__ import annotations

import io

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from openpyxl import Workbook
from openpyxl.styles import Font

from awards.excel import _text
from awards.statistics import AwardStatistics, award_statistics
from clusters import access
from clusters.models import Cluster, EmulationYear

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def council_clusters(cluster: Cluster) -> list[Cluster]:
    """The clusters organised by this cluster's council (itself alone when it names none).

    Cluster.council is a name today and may become a model: asked of the field, so both work.
    """
    field = Cluster._meta.get_field("council")
    if field.is_relation:
        council_id = getattr(cluster, field.attname)
        if council_id is None:
            return [cluster]
        return list(Cluster.objects.filter(**{field.attname: council_id}))
    if not cluster.council:
        return [cluster]
    return list(Cluster.objects.filter(council=cluster.council))


def _scope(request: HttpRequest, slug: str, year: int, council: bool):
    emulation_year = access.get_year_for_user(request.user, slug, year)
    cluster = emulation_year.cluster
    clusters = council_clusters(cluster) if council else [cluster]
    return emulation_year, clusters, award_statistics(clusters=clusters, year=year)


def _title(emulation_year: EmulationYear, council: bool) -> str:
    if council:
        return _("Thống kê khen thưởng năm %(year)d của %(council)s") % {
            "year": emulation_year.year,
            "council": str(emulation_year.cluster.council or emulation_year.cluster),
        }
    return _("Thống kê khen thưởng năm %(year)d của %(cluster)s") % {
        "year": emulation_year.year,
        "cluster": emulation_year.cluster.name,
    }


def _page(request: HttpRequest, slug: str, year: int, council: bool) -> HttpResponse:
    emulation_year, clusters, statistics = _scope(request, slug, year, council)
    context = {
        "year": emulation_year,
        "cluster": emulation_year.cluster,
        "statistics": statistics,
        "council": council,
        "cluster_count": len(clusters),
        "title": _title(emulation_year, council),
    }
    return render(request, "awards/statistics.html", context)


def _download(request: HttpRequest, slug: str, year: int, council: bool) -> HttpResponse:
    emulation_year, clusters, statistics = _scope(request, slug, year, council)
    content = statistics_workbook(statistics, title=_title(emulation_year, council))
    scope = "hoi-dong" if council else emulation_year.cluster.slug
    response = HttpResponse(content, content_type=XLSX)
    filename = f"thong-ke-khen-thuong-{scope}-{year}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def year_statistics(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    return _page(request, slug, year, council=False)


@require_safe
def council_statistics(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    return _page(request, slug, year, council=True)


@require_safe
def year_statistics_workbook(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    return _download(request, slug, year, council=False)


@require_safe
def council_statistics_workbook(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    return _download(request, slug, year, council=True)


def statistics_workbook(statistics: AwardStatistics, *, title: str) -> bytes:
    """One sheet: the title, a line per award type (collective, individual, total), the totals.
    Every text is written as text (awards.excel._text), so a name starting with "=" is never a
    formula; the totals are numbers, not formulas, so the file reads the same everywhere."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Thống kê")
    bold = Font(bold=True)
    _text(sheet.cell(row=1, column=1), title)
    sheet.cell(row=1, column=1).font = bold
    if not statistics.final:
        _text(sheet.cell(row=2, column=1), _("Số liệu chưa chốt: còn năm thi đua chưa tổng kết."))
    header = [
        _("STT"),
        _("Hình thức khen thưởng"),
        _("Cấp khen thưởng"),
        _("Tập thể"),
        _("Cá nhân"),
        _("Tổng số"),
    ]
    for column, value in enumerate(header, start=1):
        _text(sheet.cell(row=4, column=column), value)
        sheet.cell(row=4, column=column).font = bold
    row = 5
    for number, line in enumerate(statistics.lines, start=1):
        values = [number, line.name, line.level, line.collective, line.individual, line.total]
        for column, value in enumerate(values, start=1):
            _text(sheet.cell(row=row, column=column), value)
        row += 1
    totals = ["", _("Tổng cộng"), "", statistics.collective, statistics.individual]
    for column, value in enumerate([*totals, statistics.total], start=1):
        _text(sheet.cell(row=row, column=column), value)
        sheet.cell(row=row, column=column).font = bold
    for letter, width in zip("ABCDEF", (6, 48, 24, 10, 10, 10), strict=True):
        sheet.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
