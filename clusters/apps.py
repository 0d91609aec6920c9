from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClustersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "clusters"
    verbose_name = _("Cụm thi đua")

    def ready(self) -> None:
        # Sign-ins and lockouts come from Django's and django-axes' signals. How the apps compose
        # a year is not registered here: it is the year's flow, config/year.py.
        from clusters import audit, sessions
        from clusters.documents import store  # noqa: F401  (deletes files of rolled-back freezes)

        audit.connect_auth_signals()
        sessions.connect_session_signals()
