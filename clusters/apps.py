from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClustersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "clusters"
    verbose_name = _("Cụm thi đua")

    def ready(self) -> None:
        from clusters import audit

        audit.connect_auth_signals()
        from clusters import todo

        todo.register(todo.missing_representatives)
