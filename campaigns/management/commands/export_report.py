from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from campaigns.report import report_context
from clusters.documents import render_html, render_pdf
from clusters.management.commands._year import find_year


class Command(BaseCommand):
    help = "Write the conference report of an emulation year as a PDF (or HTML with --html)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("cluster")
        parser.add_argument("year", type=int)
        parser.add_argument("-o", "--output", required=True, type=Path)
        parser.add_argument("--html", action="store_true", help="write the HTML page instead")

    def handle(self, *args, cluster: str, year: int, output: Path, html: bool, **options) -> None:
        context = report_context(find_year(cluster, year))
        try:
            if html:
                output.write_text(render_html("documents/report.html", context), encoding="utf-8")
            else:
                output.write_bytes(render_pdf("documents/report.html", context))
        except OSError as error:
            raise CommandError(
                _("Không ghi được tệp %(path)s: %(reason)s")
                % {"path": output, "reason": error.strerror}
            ) from error
        self.stdout.write(self.style.SUCCESS(_("Đã ghi %(path)s") % {"path": output}))
