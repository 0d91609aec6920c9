"""The emulation year, as the four apps compose it: read this file top to bottom.

A year goes: set up (members, leaders, campaigns, the covenant and its appendix), self-assessment
and review of the score sheets, the conference (ballots, proposals, the head's award decision,
the report), then closing, which carries the year over into the next. Each app gives its part;
this is the one place that lists the parts and their order, as settings list middleware.

`settings.YEAR_FLOW` names `FLOW`; `clusters.flow.year_flow()` resolves it. Only this module
imports every app (clusters < campaigns < scoring < awards): the apps themselves import only the
ones below them.
"""

from django.utils.translation import gettext_lazy as _

from awards import closing as awards_closing
from awards import final_documents as awards_final
from awards import proposal_views as awards_proposals
from awards import report as awards_report
from awards import todo as awards_todo
from campaigns import closing as campaigns_closing
from campaigns import council as campaigns_council
from campaigns import final_documents as campaigns_final
from campaigns import phases as campaigns_phases
from campaigns import report as campaigns_report
from campaigns import services as campaigns_services
from campaigns import todo as campaigns_todo
from clusters import todo as clusters_todo
from clusters.flow import YearFlow, YearLink
from scoring import ballots as scoring_ballots
from scoring import council as scoring_council
from scoring import dashboard as scoring_dashboard
from scoring import final_documents as scoring_final
from scoring import hooks as scoring_hooks
from scoring import phases as scoring_phases
from scoring import reply as scoring_reply
from scoring import report as scoring_report

FLOW = YearFlow(
    # What each member unit must still do, each item a link to the page where it is done, with
    # its deadline: the dashboard lists it per unit (with the columns the apps add: campaign
    # reports counted, each sheet's state), each officer's "Việc của tôi" and the reminders
    # (clusters/work.py) read the same items, in this order.
    work=(
        clusters_todo.missing_representatives,  # who signs the covenant for each member
        campaigns_todo.unsigned_covenant,  # while the covenant is open for signature
        campaigns_todo.unreported_campaigns,  # each member reports on each campaign
        scoring_dashboard.sheet_dashboard,  # self-assessment, submission, answers; the review
        scoring_dashboard.ballot_todos,  # each open online round, until the unit has voted
        awards_todo.decision_to_record,  # at the conference: the head's award decision
    ),
    # The dashboard's buttons to each app's pages of the year, in the order the year uses them.
    year_links=(
        YearLink(_("Phong trào thi đua"), "campaigns:year_campaigns"),
        YearLink(_("Giao ước thi đua"), "campaigns:covenant_detail"),
        YearLink(_("Bảng tiêu chí"), "scoring:criteria"),
        YearLink(_("Xếp hạng"), "scoring:ranking"),
        YearLink(_("Bỏ phiếu"), "scoring:rounds"),
        YearLink(_("Hội nghị tổng kết"), "campaigns:conference"),
        YearLink(_("Khen thưởng"), "awards:year_awards"),
    ),
    # The compact's appendix: the score sheet's criteria (frozen into the covenant at signing).
    compact_appendix=(scoring_hooks.criteria_appendix,),
    # Under a closed round's tally: the secretariat drafts its proposal letter from the result.
    round_panels=(awards_proposals.round_panel,),
    # The conference report's sections, numbered I, II, III… in this order.
    report_sections=(
        campaigns_report.MEMBERS,  # I. the cluster's organisation and its conference
        campaigns_report.CAMPAIGNS,  # II. each campaign, each member's results
        campaigns_report.COMMENDATION_WORK,  # III. commendation work (narrative)
        scoring_report.RANKING,  # IV. scores and ranking, with the chart
        scoring_report.BALLOTS,  # V. the ballots' results
        awards_report.PROPOSALS,  # VI. the proposal letters
        awards_report.DECISIONS,  # VII. the head's award decisions
        campaigns_report.SHORTCOMINGS,  # VIII. shortcomings (narrative)
        campaigns_report.NEXT_TASKS,  # IX. next year's tasks (narrative)
        scoring_report.NEXT_LEADERS,  # X. next year's head and deputies
    ),
    # What the conference page links to as the conference's outcomes.
    conference_outcomes=(
        campaigns_report.covenant_outcome,  # next year's covenant, once drafted
        scoring_report.round_outcomes,  # each closed round's result
        awards_report.proposal_outcomes,  # each proposal letter
        awards_report.decision_outcomes,  # each award decision
    ),
    # Closing the year: besides the year having a head (clusters checks that itself), each app
    # lists what it would leave undone, in this order; blockers refuse the closing, warnings
    # are confirmed by the secretariat on the closing page.
    close_checks=(
        scoring_hooks.close_check,  # every score sheet final; every round closed or cancelled
        campaigns_closing.close_check,  # the conference record complete; campaign reports in
        awards_closing.close_check,  # proposals sent (or deleted); the award decision recorded
    ),
    # A phase move passes over a phase only once that phase's work is done: the covenant signed
    # and the campaigns reported (campaigns), the sheets sent and finalised (scoring).
    phase_checks=(campaigns_phases.phase_check, scoring_phases.phase_check),
    # Each day (send_reminders): the bell's notices of what falls due soon.
    daily_notices=(scoring_reply.remind_answers_due,),  # answers to adjustments
    # Next year's head and deputies: the ones the conference elected.
    next_leaders=scoring_ballots.elected_leaders,
    # Final documents, rendered once and stored when their source freezes (clusters.documents
    # .store): the compact when signed, a letter when sent, a round's minutes when it closes, and
    # when the year closes the report and the award decisions. Closing the year and
    # `manage.py freeze_documents` ask each app to freeze whatever of the year is final.
    final_documents=(
        campaigns_final.freeze_final,  # each signed compact; the closed year's report
        scoring_final.freeze_final,  # each closed round's minutes
        awards_final.freeze_final,  # each sent letter; the closed year's award decisions
    ),
    # The organising council's page: each year of its clusters, its covenant and its ranking.
    council_columns=(campaigns_council.covenant_column, scoring_council.ranking_column),
    # Then the next year opens with the carried-over members and these copies, as drafts to edit.
    carry_overs=(
        campaigns_services.covenant_carry_over,  # the covenant's clauses
        scoring_hooks.carry_over_criteria,  # the criteria sheet
    ),
)
