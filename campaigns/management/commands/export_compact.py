from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from campaigns.documents import compact_html, compact_pdf
from campaigns.final_documents import stored_compact
from campaigns.models import Covenant
from clusters.management.commands._year import find_year


class Command(BaseCommand):
    help = (
        "Write a year's compact (covenant) as a PDF: the stored file once it is signed (with its "
        "digital signatures), else a draft; or as HTML with --html."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("cluster", help="the cluster's slug, e.g. dong-bang-song-hong")
        parser.add_argument("year", type=int)
        parser.add_argument("-o", "--output", required=True, help="the file to write")
        parser.add_argument(
            "--covenant-version",
            dest="covenant_version",
            type=int,
            help="the covenant's version (default: the latest)",
        )
        parser.add_argument("--html", action="store_true", help="write the HTML page instead")

    def handle(self, *args, cluster: str, year: int, output: str, **options) -> None:
        emulation_year = find_year(cluster, year)
        covenants = Covenant.objects.filter(year=emulation_year).order_by("-version")
        version = options.get("covenant_version")
        if version is not None:
            covenants = covenants.filter(version=version)
        covenant = covenants.first()
        if covenant is None:
            raise CommandError(
                _("Năm thi đua %(year)s của “%(cluster)s” chưa có giao ước.")
                % {"year": year, "cluster": cluster}
            )
        covenant.year = emulation_year
        path = Path(output)
        stored = stored_compact(covenant)
        if options["html"]:
            path.write_text(compact_html(covenant), encoding="utf-8")
        elif stored is not None:
            # The signed compact is its stored file, byte for byte: never rendered again.
            with stored.file.open("rb") as handle:
                path.write_bytes(handle.read())
        else:
            path.write_bytes(compact_pdf(covenant))
        signed = covenant.signatures.count()
        self.stdout.write(
            _(
                "%(path)s: giao ước năm %(year)s, phiên bản %(version)d, %(state)s, "
                "%(count)d chữ ký."
            )
            % {
                "path": path,
                "year": year,
                "version": covenant.version,
                "state": covenant.get_state_display(),
                "count": signed,
            }
        )
