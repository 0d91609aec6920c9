from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from clusters.demo import CLUSTER_SLUG
from clusters.models import Cluster
from config import demo


def _real_installation() -> bool:
    """Clusters exist and the demo's is not among them: someone's own data."""
    clusters = Cluster.objects.all()
    return clusters.exists() and not clusters.filter(slug=CLUSTER_SLUG).exists()


class Command(BaseCommand):
    help = (
        "Tell the demo's story (the Red River Delta cluster, 2018–2019) through the services, "
        "on its own dates. Safe to run again: a story already told is left as it is."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help=(
                "Load the demo into a production database (its people get no password), or "
                "beside clusters that are not the demo's."
            ),
        )

    def handle(self, *args, allow_production: bool = False, **options) -> None:
        if settings.PRODUCTION and not allow_production:
            raise CommandError(
                _(
                    "DJANGO_ENV=production: không nạp dữ liệu mẫu vào hệ thống thật. Thêm "
                    "--allow-production nếu vẫn muốn nạp (không tài khoản mẫu nào đăng nhập được)."
                )
            )
        if _real_installation() and not allow_production:
            # The demo brings units to its own values by slug: it would rewrite a real
            # installation's Hà Nội or Hải Phòng.
            raise CommandError(
                _(
                    "Cơ sở dữ liệu đã có cụm, khối thi đua không phải của dữ liệu mẫu: không nạp "
                    "dữ liệu mẫu để khỏi sửa các đơn vị thật. Thêm --allow-production nếu vẫn "
                    "muốn nạp."
                )
            )
        told = demo.tell(with_accounts=not settings.PRODUCTION)
        if not told:
            self.stdout.write(_("Dữ liệu mẫu đã có sẵn; không thay đổi gì."))
        elif settings.PRODUCTION:
            self.stdout.write(
                self.style.SUCCESS(_("Đã nạp dữ liệu mẫu; các tài khoản mẫu không đăng nhập được."))
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    _(
                        "Đã nạp dữ liệu mẫu. Đăng nhập: namdinh (cán bộ Nam Định), hanam (thư ký "
                        "cụm 2018), haiduong (thư ký cụm 2019), lanhdao, quantri — mật khẩu "
                        "%(password)s"
                    )
                    % {"password": settings.DEMO_PASSWORD}
                )
            )
