"""python manage.py freeze_documents [<cluster-slug> <year>]

Store every final document that is not stored yet (issue 16): the signed compacts, the sent
letters and the closed rounds' minutes of every year, the report and the award decisions of
every closed year, each rendered once. Run it once after upgrading to an installation that
stores documents; the services freeze as they go from then on (the demo too). Safe to run
again: a document already stored is never rendered again.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from clusters.documents import store
from clusters.flow import freeze_final
from clusters.management.commands._year import find_year
from clusters.models import EmulationYear, StoredDocument


class Command(BaseCommand):
    help = _(
        "Lưu các tài liệu đã chốt (giao ước đã ký, tờ trình đã gửi, biên bản, báo cáo, quyết định)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("cluster", nargs="?", help=_("mã cụm, khối (mặc định: mọi cụm, khối)"))
        parser.add_argument("year", nargs="?", type=int, help=_("năm thi đua"))

    def handle(self, *args, cluster: str | None = None, year: int | None = None, **options):
        if cluster and year:
            years = [find_year(cluster, year)]
        else:
            years = EmulationYear.objects.select_related("cluster").order_by(
                "cluster__slug", "year"
            )
        total = 0
        for emulation_year in years:
            before = StoredDocument.objects.filter(year=emulation_year).count()
            with transaction.atomic():  # one year at a time: a failure keeps the years before
                freeze_final(emulation_year)
            added = StoredDocument.objects.filter(year=emulation_year).count() - before
            if added:
                self.stdout.write(
                    _("%(year)s: đã lưu %(count)d tài liệu.")
                    % {"year": emulation_year, "count": added}
                )
            total += added
        store.discard_rolled_back()
        self.stdout.write(self.style.SUCCESS(_("Đã lưu %(count)d tài liệu.") % {"count": total}))
