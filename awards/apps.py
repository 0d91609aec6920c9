from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    """What this app gives the year (dashboard, report, closing…) is listed in config/year.py."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "awards"
    verbose_name = _("Khen thưởng")
