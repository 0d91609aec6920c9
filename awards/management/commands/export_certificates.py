"""python manage.py export_certificates <cluster-slug> <year> -o FILE.pdf

Every certificate of the year's award decisions, one page each, in one PDF (decisions by date,
recipients in their order in each decision).
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from awards.certificates import render_certificates, year_title
from awards.models import Recipient
from clusters.management.commands._year import find_year


class Command(BaseCommand):
    help = "Write every certificate of an emulation year's award decisions into one PDF."

    def add_arguments(self, parser) -> None:
        parser.add_argument("cluster", help="the cluster's slug, e.g. dong-bang-song-hong")
        parser.add_argument("year", type=int, help="the emulation year, e.g. 2018")
        parser.add_argument("-o", "--output", required=True, help="the PDF file to write")

    def handle(self, *args, cluster: str, year: int, output: str, **options) -> None:
        emulation_year = find_year(cluster, year)
        recipients = list(
            Recipient.objects.filter(decision__year=emulation_year)
            .select_related("decision", "award_type")
            .order_by("decision__date", "decision__number", "order", "pk")
        )
        if not recipients:
            raise CommandError(
                _("Năm thi đua %(year)s của “%(cluster)s” chưa có ai được khen.")
                % {"year": year, "cluster": cluster}
            )
        title = year_title(emulation_year)
        path = Path(output)
        try:
            path.write_bytes(render_certificates(recipients, title=title))
        except OSError as error:
            raise CommandError(
                _("Không ghi được tệp %(path)s: %(reason)s")
                % {"path": path, "reason": error.strerror}
            ) from error
        decisions = len({r.decision_id for r in recipients})
        self.stdout.write(
            self.style.SUCCESS(
                _("Đã ghi %(count)d bằng khen của %(decisions)d quyết định vào %(path)s.")
                % {"count": len(recipients), "decisions": decisions, "path": path}
            )
        )
