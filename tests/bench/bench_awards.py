"""`make bench` for the awards app (issue 16): the registry with 100,000 recipients in the table,
signed in as a member of a small cluster (22 recipients of its own), of the large cluster and as
the administrator; a deep page by its link (keyset) and typed in (offset); a decision's
certificates at 22, 500 and 5,000 recipients as the background job makes them (batches merged),
with time and peak memory, and the print on blanks (phôi) at the largest size.

Targets: registry first page under 50 ms for any user; 5,000 certificates under 60 s and 500 MB
peak, linear from 500.
"""

import datetime
import os
import random
import tempfile

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from awards.certificate_jobs import write_certificates
from awards.models import AwardType, Decision, Recipient
from awards.queries import RegistryFilters, cursor_of, registry
from clusters.documents import renderers
from clusters.models import User
from clusters.text import fold
from config.lanes import cores
from tests.bench.harness import (
    footprint,
    measure,
    print_table,
    renderers_peak_mib,
    rounds,
    scaled,
    target,
)
from tests.data import build_cluster

pytestmark = pytest.mark.django_db
TARGET_REGISTRY_MS = 50.0
TARGET_CERTIFICATES_S = 60.0
TARGET_CERTIFICATES_MIB = 500.0
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Ngọc", "Thanh", "Quốc", "Hữu", "Thu", "Xuân"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hạnh", "Hùng", "Khánh", "Lan", "Long",
         "Mai", "Nam", "Nghĩa", "Oanh", "Phong", "Quang", "Sơn", "Thảo", "Tuấn", "Uyên", "Vân",
         "Yến", "Ánh", "Đông"]  # fmt: skip


def _decisions(sized, count: int, prefix: str) -> list[Decision]:
    return [
        Decision.objects.create(
            year=sized.year,
            issuer="Chủ tịch Ủy ban nhân dân tỉnh Hà Nam",
            number=f"{prefix}{i}/QĐ-UBND",
            date=sized.year.conference_date or datetime.date(sized.year.year + 1, 3, 15),
            place="Hà Nam",
            signer_name="Trần Văn Hà",
            achievement="Đã có nhiều đóng góp tích cực",
        )
        for i in range(count)
    ]


def _fill(decisions: list[Decision], n_recipients: int, units, seed: int = 2018) -> None:
    rng = random.Random(seed)
    merit = AwardType.objects.get(code="bang-khen-chu-tich-ubnd-tinh")
    batch = []
    for i in range(n_recipients):
        name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        batch.append(
            Recipient(
                decision=decisions[i % len(decisions)],
                kind="individual",
                name=name,
                search_name=fold(name),
                position="Chuyên viên",
                organisation="Sở Nội vụ",
                unit=units[i % len(units)],
                award_type=merit,
                order=i,
            )
        )
    Recipient.objects.bulk_create(batch, batch_size=5000)


def test_bench_awards(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    large = build_cluster(9, 2, slug="khen")
    small = build_cluster(5, 1, slug="khen-nho")
    total = scaled(100_000, minimum=1_000)
    _fill(_decisions(large, 100, "L"), total - 22, large.units)
    _fill(_decisions(small, 2, "N"), 22, small.units, seed=22)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # as autovacuum would after a bulk load
    admin = User.objects.create_user("quantri-bench", password="x", is_superuser=True)
    people = {
        "member of a cluster of 22": small.member_staff,
        f"member of the cluster of {total - 22:,}": large.member_staff,
        "administrator (everything)": admin,
    }
    url = reverse("awards:registry")
    deep = min(1000, max(2, (total - 22) // 50 // 2))
    row = registry(large.member_staff, RegistryFilters())[(deep - 1) * 50 - 1]
    searches = {
        "first page": "",
        "search 'nguyen van an'": "?q=nguyen+van+an",
        "search 'dang' (common)": "?q=dang",
        f"page {deep} by its link (keyset)": f"?page={deep}&after={cursor_of(row)}",
        f"page {deep} typed in (offset)": f"?page={deep}",
    }
    rows, worst_first = [], 0.0
    for who, user in people.items():
        client = Client()
        client.force_login(user)
        for label, query in searches.items():
            if label.startswith("page ") and who.startswith("member of a cluster of 22"):
                continue  # one page only
            m = measure(label, client, url + query, rounds=rounds(15))
            figure = f"{m.queries} queries, {m.spread}"
            if label == "first page":
                worst_first = max(worst_first, m.median_ms)
                figure = target(figure, f"< {TARGET_REGISTRY_MS:.0f} ms", m.median_ms < 50)
            rows.append((f"[{who}] {label}", figure))
    rows.append(
        (
            "registry first page, worst user",
            target(f"{worst_first:.1f} ms", "< 50 ms for any user", worst_first < 50),
        )
    )
    print_table(
        f"Registry on {connection.vendor}: {total:,} recipients in the table (median, min/max)",
        rows,
    )
    _bench_certificates(large, settings)


def _bench_certificates(sized, settings) -> None:
    """A decision's certificates as the background job makes them, at three sizes."""
    rows, per_page = [], {}
    # BENCH_CERTIFICATES="22,500" measures fewer sizes (a quick check of the registry alone: "").
    sizes = os.environ.get("BENCH_CERTIFICATES")
    counts = (
        [int(n) for n in sizes.split(",") if n.strip()]
        if sizes is not None
        else [22, scaled(500, minimum=30), scaled(5_000, minimum=60)]
    )
    if not counts:
        return
    # As the background worker runs it in production: one renderer child per core.
    settings.CERTIFICATE_RENDER_PROCESSES = cores()
    for count in counts:
        (decision,) = _decisions(sized, 1, f"C{count}-")
        _fill([decision], count, sized.units, seed=count)
        renderers.shutdown()  # fresh children: their start and their peak count
        with tempfile.TemporaryFile() as output:
            used = footprint(lambda d=decision, o=output: write_certificates(d, o))
            size = output.tell()
        peak = used.peak_rss_mib + renderers_peak_mib()
        renderers.shutdown()
        per_page[count] = used.seconds / count
        figure = (
            f"{used.seconds:.1f} s on {cores()} renderers, peak {peak:.0f} MiB resident "
            f"(this process and its renderers), {size // 1024:,} KiB"
        )
        if count >= 5_000 or count == max(per_page):
            figure = target(
                figure,
                f"< {TARGET_CERTIFICATES_S:.0f} s and < {TARGET_CERTIFICATES_MIB:.0f} MB",
                used.seconds < TARGET_CERTIFICATES_S and peak < TARGET_CERTIFICATES_MIB,
            )
        rows.append((f"certificates, {count:,} recipients", figure))
        if count == max(counts):  # the print on blanks: the same job, text only
            renderers.shutdown()
            with tempfile.TemporaryFile() as output:
                used = footprint(
                    lambda d=decision, o=output: write_certificates(
                        d, o, kind="blank", offset=(1.5, -2.0)
                    )
                )
                size = output.tell()
            peak = used.peak_rss_mib + renderers_peak_mib()
            renderers.shutdown()
            blanks = (
                f"{used.seconds:.1f} s on {cores()} renderers, peak {peak:.0f} MiB resident "
                "(this process and its renderers)"
            )
            rows.append((f"blanks (phôi), {count:,} recipients", f"{blanks}, {size // 1024:,} KiB"))
    if len(per_page) < 2:
        print_table("Certificates of one decision (the background job: batches merged)", rows)
        return
    middle, largest = sorted(per_page)[-2:]
    growth = per_page[largest] / per_page[middle]
    rows.append(
        (
            f"time per certificate, {largest:,} / {middle:,}",
            target(f"{growth:.2f}x", "linear (<= 1.25x)", growth <= 1.25),
        )
    )
    print_table("Certificates of one decision (the background job: batches merged)", rows)
