from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "campaigns"
    verbose_name = _("Phong trào và giao ước thi đua")

    def ready(self) -> None:
        from campaigns import report, services, todo
        from clusters import closing
        from clusters import todo as cluster_todo
        from clusters.navigation import register_year_link

        cluster_todo.register(todo.unreported_campaigns)
        cluster_todo.register(todo.unsigned_covenant)
        closing.register_carry_over(services.covenant_carry_over)
        report.register_own_sections()
        register_year_link(_("Hội nghị tổng kết"), "campaigns:conference", order=60)
        register_year_link(_("Phong trào thi đua"), "campaigns:year_campaigns", order=10)
        register_year_link(_("Giao ước thi đua"), "campaigns:covenant_detail", order=20)
