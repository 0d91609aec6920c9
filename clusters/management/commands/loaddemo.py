from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

# Each app's demo loader, bottom app first; later apps build on the data of earlier ones.
DEMO_LOADERS = ["clusters.demo", "campaigns.demo", "scoring.demo", "awards.demo"]


class Command(BaseCommand):
    help = "Load (or refresh) the demo of the Red River Delta cluster. Safe to run again."

    def handle(self, *args, **options) -> None:
        for module in DEMO_LOADERS:
            import_module(module).load()
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Đã nạp dữ liệu mẫu. Đăng nhập: namdinh (cán bộ Nam Định), hanam (thư ký cụm "
                    "2018), haiduong (thư ký cụm 2019), lanhdao, quantri — mật khẩu %(password)s"
                )
                % {"password": settings.DEMO_PASSWORD}
            )
        )
