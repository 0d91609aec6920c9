from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from clusters.management.commands._year import find_year
from scoring.queries import consolidated_table


class Command(BaseCommand):
    help = "Export the consolidated score table of an emulation year as an Excel workbook."

    def add_arguments(self, parser) -> None:
        parser.add_argument("cluster")
        parser.add_argument("year", type=int)
        parser.add_argument("-o", "--output", required=True, type=Path)

    def handle(self, *args, cluster: str, year: int, output: Path, **options) -> None:
        emulation_year = find_year(cluster, year)
        output.write_bytes(consolidated_table(emulation_year))
        self.stdout.write(self.style.SUCCESS(_("Đã ghi %(file)s") % {"file": output}))
