from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from clusters.management.commands._year import find_member, find_year
from clusters.services import Refused
from scoring import services


class Command(BaseCommand):
    help = (
        "Import a unit's filled score-sheet workbook as its draft. Every cell is checked; on any "
        "error the list is printed, nothing is saved and the exit status is non-zero."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("cluster")
        parser.add_argument("year", type=int)
        parser.add_argument("unit", help="the unit's identifier (e.g. nam-dinh) or code (e.g. 36)")
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--as",
            dest="username",
            default=None,
            help="the account recorded as author (default: the first staff of the unit)",
        )

    def handle(self, *args, cluster: str, year: int, unit: str, file: Path, username, **options):
        from clusters.models import User

        emulation_year = find_year(cluster, year)
        member = find_member(emulation_year, unit)
        people = User.objects.filter(unit=member, role=User.Role.STAFF)
        author = people.filter(username=username).first() if username else people.first()
        if author is None:
            raise CommandError(
                _("Không có cán bộ của %(unit)s để ghi là người nhập.") % {"unit": member.name}
            )
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(
                _("Không đọc được tệp %(file)s: %(reason)s")
                % {"file": file, "reason": error.strerror}
            ) from error
        try:
            services.assessment_import(actor=author, year=emulation_year, unit=member, data=data)
        except services.ImportRejected as error:
            for line in error.cells:
                self.stderr.write(str(line))
            raise CommandError(str(error)) from error
        except Refused as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                _("Đã nhập bảng điểm của %(unit)s (bản nháp).") % {"unit": member.name}
            )
        )
