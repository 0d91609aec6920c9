"""python manage.py export_dossier <cluster-slug> <year> -o FILE.zip

The year's dossier (hồ sơ năm thi đua): every document of the year and manifest.json, in one ZIP
(config/dossier.py says what it holds). The ZIP is written beside FILE and moved into place only
when every document was made: a failure leaves no file, and an existing FILE as it was.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from clusters.management.commands._year import find_year


class Command(BaseCommand):
    help = "Write an emulation year's dossier (every document and a manifest) into one ZIP."

    def add_arguments(self, parser) -> None:
        parser.add_argument("cluster", help="the cluster's slug, e.g. dong-bang-song-hong")
        parser.add_argument("year", type=int, help="the emulation year, e.g. 2018")
        parser.add_argument("-o", "--output", required=True, type=Path, help="the ZIP to write")

    def handle(self, *args, cluster: str, year: int, output: Path, **options) -> None:
        # The composition sits above every app (like config/year.py): imported when used.
        from config.dossier import DossierError, build_dossier

        emulation_year = find_year(cluster, year)
        started = time.monotonic()
        try:
            handle, temporary = tempfile.mkstemp(
                prefix=".ho-so-", suffix=".zip.part", dir=output.resolve().parent
            )
        except OSError as error:
            raise CommandError(
                _("Không ghi được tệp %(path)s: %(reason)s")
                % {"path": output, "reason": error.strerror}
            ) from error
        try:
            with os.fdopen(handle, "w+b") as file:
                manifest = build_dossier(
                    emulation_year,
                    file,
                    progress=self._progress if options["verbosity"] > 1 else None,
                )
            os.replace(temporary, output)
        except DossierError as error:
            raise CommandError(str(error)) from error
        except OSError as error:
            raise CommandError(
                _("Không ghi được tệp %(path)s: %(reason)s")
                % {"path": output, "reason": error.strerror}
            ) from error
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Đã ghi hồ sơ năm %(year)d (%(count)d tệp) vào %(path)s "
                    "trong %(seconds).1f giây."
                )
                % {
                    "year": year,
                    "count": len(manifest["files"]),
                    "path": output,
                    "seconds": time.monotonic() - started,
                }
            )
        )

    def _progress(self, index: int, total: int, file) -> None:
        self.stdout.write(f"[{index}/{total}] {file.path}")
