from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from clusters import demo_pki
from clusters.models import Unit


class Command(BaseCommand):
    help = (
        "Write the demo PKI under var/demo-pki/: a root CA named as a demo, the installation's "
        "demo seal and one certificate per unit (PKCS#12, password 'demo-pki'). Never for real use."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--directory", default=str(Path(settings.VAR_DIR) / "demo-pki"))
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Write the demo PKI on a production installation all the same.",
        )

    def handle(self, *args, directory: str, allow_production: bool = False, **options) -> None:
        if settings.PRODUCTION and not allow_production:
            raise CommandError(
                _(
                    "DJANGO_ENV=production: không tạo chứng thư số mẫu trên hệ thống thật. Thêm "
                    "--allow-production nếu vẫn muốn tạo (chỉ để thử, không có giá trị pháp lý)."
                )
            )
        units = [(unit.slug, unit.name) for unit in Unit.objects.order_by("slug")]
        written = demo_pki.write(Path(directory), units)
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Đã tạo chứng thư số mẫu trong %(directory)s: chứng thư gốc %(root)s, con dấu "
                    "%(seal)s và %(count)d chứng thư của đơn vị (mật khẩu: %(password)s)."
                )
                % {
                    "directory": directory,
                    "root": written.root.name,
                    "seal": written.seal.name,
                    "count": len(written.units),
                    "password": demo_pki.DEMO_PASSWORD,
                }
            )
        )
