"""`make bench`: the compact's rendering time, and WeasyPrint's own time for the same HTML.

Targets (issue 4): 9 members and 60 criteria under 1.5 s; 34 members and 200 criteria under 6 s
(median). The app's time covers the queries, the context, the template and WeasyPrint; the
difference with WeasyPrint's own time is the app's overhead.
"""

import datetime
from decimal import Decimal

import pytest
from django.db import connection

from campaigns.appendix import AppendixRow
from campaigns.documents import TEMPLATE, compact_context, compact_pdf
from campaigns.models import Covenant, CovenantClause, CovenantSignature
from clusters.documents.pdf import BASE_URL, _fetcher, render_html
from tests.bench.harness import paired, print_table
from tests.data import build_cluster

pytestmark = pytest.mark.django_db

TARGETS_MS = {(9, 60): 1500, (34, 200): 6000}
SIGNING_DAY = datetime.date(2019, 3, 20)
KINDS = ["Điểm chuẩn", "Điểm thưởng", "Điểm trừ"]


def _signed_compact(n_members: int, n_criteria: int) -> Covenant:
    sized = build_cluster(n_members, 1, slug=f"bench-{n_members}")
    covenant = Covenant.objects.create(
        year=sized.year,
        state=Covenant.State.SIGNED,
        preamble="Các đơn vị trong Cụm thống nhất ký kết giao ước thi đua.",
        signing_place="Hà Nam",
        signing_date=SIGNING_DAY,
        appendix_snapshot=[
            AppendixRow(
                code=f"{i // 10 + 1}.{i % 10 + 1}",
                text=f"Tiêu chí số {i + 1}: tổ chức, triển khai phong trào thi đua yêu nước",
                max_points=Decimal(i % 7 + 1) / 2,
                kind=KINDS[i % 3],
            ).as_json()
            for i in range(n_criteria)
        ],
    )
    CovenantClause.objects.bulk_create(
        CovenantClause(covenant=covenant, number=n, content=f"Nội dung điều khoản số {n}.")
        for n in range(1, 11)
    )
    CovenantSignature.objects.bulk_create(
        CovenantSignature(
            covenant=covenant,
            unit=unit,
            full_name="Nguyễn Văn Hùng",
            title="Phó Chủ tịch UBND tỉnh",
            signed_on=SIGNING_DAY,
            recorded_by=sized.head_staff,
        )
        for unit in sized.units
    )
    return covenant


def test_bench_compact():
    from weasyprint import HTML

    rows = []
    for (members, criteria), target in TARGETS_MS.items():
        covenant = _signed_compact(members, criteria)

        def app(covenant: Covenant = covenant) -> bytes:
            fresh = Covenant.objects.select_related("year__cluster").get(pk=covenant.pk)
            return compact_pdf(fresh)

        html = render_html(TEMPLATE, {**compact_context(covenant), "for_pdf": True})

        def weasyprint_only(html: str = html) -> bytes:
            return HTML(string=html, base_url=BASE_URL, url_fetcher=_fetcher()).write_pdf()

        app()  # warm up: fonts, templates
        # In turns (A/B/A/B): the overhead is the median of each pair's difference.
        app_time, own_time, overhead = paired(app, weasyprint_only)
        verdict = "ok" if app_time.median_ms < target else f"OVER {target} ms"
        size = f"{members} members, {criteria} criteria"
        rows.append((f"[{size}] app (queries+template+PDF)", f"{app_time.spread} ({verdict})"))
        rows.append((f"[{size}] WeasyPrint alone", own_time.spread))
        rows.append(
            (
                f"[{size}] app overhead",
                f"{overhead.spread}, {app_time.median_ms / own_time.median_ms:.2f}x WeasyPrint",
            )
        )
    print_table(f"The compact as a PDF on {connection.vendor} (A/B in turns)", rows)
