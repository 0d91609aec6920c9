"""python manage.py export_certificates <cluster-slug> <year> -o FILE.pdf

Every certificate of the year's award decisions, one page each, in one PDF (decisions by date,
recipients in their order in each decision).
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from awards.certificates import render_certificates
from awards.models import Recipient
from clusters.management.commands._year import find_year


class Command(BaseCommand):
    help = "Xuất toàn bộ bằng khen của các quyết định khen thưởng của một năm thi đua ra PDF."

    def add_arguments(self, parser) -> None:
        parser.add_argument("cluster", help="mã định danh (slug) của cụm, khối")
        parser.add_argument("year", type=int, help="năm thi đua, ví dụ 2018")
        parser.add_argument("-o", "--output", required=True, help="tệp PDF sẽ ghi")

    def handle(self, *args, cluster: str, year: int, output: str, **options) -> None:
        emulation_year = find_year(cluster, year)
        recipients = list(
            Recipient.objects.filter(decision__year=emulation_year)
            .select_related("decision", "award_type")
            .order_by("decision__date", "decision__number", "order", "pk")
        )
        if not recipients:
            raise CommandError(f"Năm thi đua {year} của cụm “{cluster}” chưa có ai được khen.")
        title = f"Bằng khen — {emulation_year.cluster.name} — {year}"
        path = Path(output)
        try:
            path.write_bytes(render_certificates(recipients, title=title))
        except OSError as error:
            raise CommandError(f"Không ghi được tệp {path}: {error.strerror}") from error
        decisions = len({r.decision_id for r in recipients})
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã ghi {len(recipients)} bằng khen của {decisions} quyết định vào {path}."
            )
        )
