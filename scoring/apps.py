from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "scoring"
    verbose_name = _("Chấm điểm thi đua")

    def ready(self) -> None:
        from campaigns.appendix import register_appendix_provider
        from clusters import closing, navigation, todo
        from scoring import ballots, dashboard, hooks, report

        todo.register(dashboard.sheet_todos)
        todo.register_column(_("Bảng điểm"), dashboard.sheet_state_column)
        closing.register_check(hooks.close_check)
        closing.register_leaders(ballots.elected_leaders)
        closing.register_carry_over(hooks.carry_over_criteria)
        register_appendix_provider(hooks.criteria_appendix)
        report.register()
        navigation.register_year_link(_("Bảng tiêu chí"), "scoring:criteria", order=30)
        navigation.register_year_link(_("Xếp hạng"), "scoring:ranking", order=40)
        navigation.register_year_link(_("Bỏ phiếu"), "scoring:rounds", order=50)
