from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "scoring"
    verbose_name = _("Chấm điểm thi đua")

    def ready(self) -> None:
        from clusters import closing, navigation, todo
        from scoring import ballots, dashboard

        todo.register(dashboard.sheet_todos)
        closing.register_check(dashboard.close_check)
        closing.register_leaders(ballots.elected_leaders)
        closing.register_carry_over(dashboard.carry_over_criteria)

        from campaigns.appendix import register_appendix_provider

        register_appendix_provider(dashboard.criteria_appendix)

        from scoring import report

        report.register()
        todo.register_column(_("Bảng điểm"), dashboard.sheet_state_column)
        navigation.register_year_link(_("Bảng tiêu chí"), "scoring:criteria", order=30)
        navigation.register_year_link(_("Xếp hạng"), "scoring:ranking", order=40)
        navigation.register_year_link(_("Bỏ phiếu"), "scoring:rounds", order=50)
