from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "awards"
    verbose_name = _("Khen thưởng")

    def ready(self) -> None:
        from awards import todo
        from clusters import navigation
        from clusters import todo as cluster_todo

        navigation.register_year_link(_("Khen thưởng"), "awards:year_awards", order=60)
        cluster_todo.register(todo.decision_to_record)

        from awards import report

        report.register()

        from awards.proposal_views import round_panel
        from scoring.panels import register_round_panel

        register_round_panel(round_panel)
