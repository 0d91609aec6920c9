"""The demo's story, told in date order through the services, as its people lived it.

The Red River Delta cluster of nine provinces, as the seed article of 21/03/2019 tells it: 2018
set up with Hà Nam as head, the 2018 covenant, the campaigns, the self-assessments, the review,
the conference of 20/03/2019 in Hà Nam with its ballots, proposals and Hà Nam's decision for 7
collectives and 15 individuals, 2018 closed, 2019 opened with its elected head (Hải Dương) and
its compact signed on 20/03/2019; then the mergers of 01/07/2025. Every step is a service call
by the person who would take it, on the story's own date (time-machine moves the clock the
services, django-simple-history and the audit read), so the activity log reads as the year did.

The facts and sample data (names, scores, numbers) live in each app's demo module; what is a
sample is flagged there and in the rows, and the pages say so.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import time_machine
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

from awards import demo as awards_demo
from awards import services as awards
from awards.models import AwardType, RecipientKind
from awards.rules import RecipientRow
from campaigns import demo as campaigns_demo
from campaigns import services as campaigns
from campaigns.models import Campaign
from clusters import closing, councils, setup
from clusters import demo as clusters_demo
from clusters import services as clusters
from clusters.models import Cluster, Council, EmulationYear, Unit, User
from scoring import ballots
from scoring import demo as scoring_demo
from scoring import services as scoring
from scoring.models import Assessment, BallotRound, Criterion

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
Phase = EmulationYear.Phase


def day(year: int, month: int, date: int) -> datetime.date:
    return datetime.date(year, month, date)


# The years' timelines as their secretariats set them: (opens, deadline) per phase. 2018's
# conference was planned for 15/03/2019 and moved to 20/03/2019 (the story moves it, with its
# reason); 2019 is the open year, its campaign reports, self-assessment and review still ahead.
TIMELINE_2018 = {
    Phase.SETUP: (day(2018, 1, 2), day(2018, 3, 5)),
    Phase.COVENANT: (day(2018, 3, 6), day(2018, 3, 10)),
    Phase.IN_PROGRESS: (day(2018, 3, 12), day(2018, 11, 30)),
    Phase.SELF_ASSESSMENT: (day(2018, 12, 1), day(2018, 12, 25)),
    Phase.REVIEW: (day(2019, 1, 7), day(2019, 1, 31)),
    Phase.CONFERENCE: (day(2019, 3, 1), day(2019, 3, 15)),
}
TIMELINE_2019 = {
    Phase.SETUP: (day(2019, 3, 20), day(2019, 3, 20)),
    Phase.COVENANT: (day(2019, 3, 20), day(2019, 3, 20)),
    Phase.IN_PROGRESS: (day(2019, 3, 21), day(2019, 11, 15)),
    Phase.SELF_ASSESSMENT: (day(2019, 11, 18), day(2019, 12, 10)),
    Phase.REVIEW: (day(2019, 12, 11), day(2020, 1, 10)),
    Phase.CONFERENCE: (day(2020, 3, 2), day(2020, 3, 20)),
}


def at(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=HANOI)


def is_told() -> bool:
    """The story has been told once it reached its end (2018 closed, 2019 opened)."""
    return EmulationYear.objects.filter(
        cluster__slug=clusters_demo.CLUSTER_SLUG, year=2018, phase=Phase.CLOSED
    ).exists()


def tell(*, with_accounts: bool = True) -> bool:
    """Tell the story once; False when it was already told (loaddemo is idempotent).

    Without accounts (production), the story's people exist but cannot sign in.
    """
    if is_told():
        return False
    with transaction.atomic(), time_machine.travel(at(2018, 1, 2, 8), tick=False) as clock:
        story = Story(clock, with_accounts=with_accounts)
        story.set_up_2018()
        clock.move_to(at(2018, 1, 5))
        story.criteria_2018()
        clock.move_to(at(2018, 1, 10))
        story.campaigns_2018()
        clock.move_to(at(2018, 3, 8, 8))
        story.covenant_2018()
        clock.move_to(at(2018, 12, 1))
        story.self_assessments_2018()
        clock.move_to(at(2019, 1, 7))
        story.review_2018()
        clock.move_to(at(2019, 3, 1))
        story.conference_prepared_2018()
        clock.move_to(at(2019, 3, 15, 10))
        story.decision_2018()
        clock.move_to(at(2019, 3, 20, 8))
        story.conference_2018()
        clock.move_to(at(2019, 3, 20, 11, 30))
        story.close_2018()
        clock.move_to(at(2019, 3, 20, 13, 30))
        story.covenant_2019()
        clock.move_to(at(2019, 4, 2))
        story.campaigns_2019()
        clock.move_to(at(2025, 7, 1, 8))
        story.mergers_2025()
    return True


class Story:
    def __init__(self, clock, *, with_accounts: bool) -> None:
        self.clock = clock
        self.with_accounts = with_accounts
        self.units: dict[str, Unit] = {}
        self.officers: dict[str, User] = {}

    def later(self, minutes: int = 5) -> None:
        """Each step a few minutes after the last, so the log keeps their order."""
        self.clock.shift(datetime.timedelta(minutes=minutes))

    # --- 2018 -------------------------------------------------------------------------------

    def set_up_2018(self) -> None:
        """The administrator registers the provinces, the cluster, its people and its year."""
        self.admin = self._account(
            "quantri", "Quản trị hệ thống", None, User.Role.ADMIN, superuser=True
        )
        for demo in clusters_demo.MEMBERS + clusters_demo.NEIGHBOURS:
            self.units[demo.slug] = setup.unit_register(
                actor=self.admin,
                slug=demo.slug,
                name=demo.name,
                kind=demo.kind,
                admin_code=demo.admin_code,
            )
        self.later()
        council = councils.council_register(
            actor=self.admin, **clusters_demo.CENTRAL_COUNCIL, kind=Council.Kind.CENTRAL
        )
        self.cluster = setup.cluster_register(
            actor=self.admin,
            slug=clusters_demo.CLUSTER_SLUG,
            name="Cụm thi đua các tỉnh Đồng bằng sông Hồng",
            kind=Cluster.Kind.CUM,
            council=council,
            description="Chín tỉnh đồng bằng sông Hồng thi đua với nhau theo giao ước hằng năm.",
        )
        self.later()
        for demo in clusters_demo.MEMBERS:
            self.officers[demo.slug] = self._account(
                demo.username,
                f"Cán bộ Ban TĐKT tỉnh {demo.name} (mẫu)",
                self.units[demo.slug],
                User.Role.STAFF,
            )
        self._account(
            "lanhdao",
            "Lãnh đạo Sở Nội vụ tỉnh Nam Định (mẫu)",
            self.units["nam-dinh"],
            User.Role.VIEWER,
        )
        councils.council_officer_appoint(
            actor=self.admin,
            council=council,
            user=self._account(*clusters_demo.COUNCIL_OFFICER, None, User.Role.STAFF),
        )
        self.later()
        members = [self.units[demo.slug] for demo in clusters_demo.MEMBERS]
        self.year = setup.year_open(
            actor=self.admin,
            cluster=self.cluster,
            year=2018,
            head=self.units["ha-nam"],
            members=members,
            notes=clusters_demo.ARTICLE + " Cụm phó năm 2018: bài viết không nêu.",
        )
        self.secretariat = self.officers["ha-nam"]
        self.clock.move_to(at(2018, 1, 3))
        clusters.timeline_save(
            actor=self.secretariat, year=self.year, rows=TIMELINE_2018, answer_days=5
        )
        self.later()
        self._representatives(self.year)

    def criteria_2018(self) -> None:
        """Hà Nam's officer builds the 2018 score sheet (a sample sheet) during set-up."""
        made: dict[str, Criterion] = {}
        sheet = scoring.sheet_get_or_create(year=self.year)
        for code, text, parent, kind, maximum, cap, evidence in scoring_demo.SAMPLE_SHEET:
            made[code] = scoring.criterion_save(
                actor=self.secretariat,
                criterion=Criterion(
                    sheet=sheet,
                    parent=made.get(parent) if parent else None,
                    code=code,
                    text=text,
                    kind=kind,
                    max_points=Decimal(maximum) if maximum else None,
                    cap=Decimal(cap) if cap else None,
                    evidence_required=evidence,
                    guidance="Tiêu chí mẫu, minh họa." if parent is None else "",
                ),
            )
            self.later(1)
        scoring.sheet_settings_save(
            actor=self.secretariat, sheet=sheet, tie_breakers="I,II", is_sample=True
        )
        self.criteria = made

    def campaigns_2018(self) -> None:
        """The campaigns the year follows: the administrator's catalogue, Hà Nam's choice."""
        self.campaigns: dict[str, Campaign] = {}
        for data in campaigns_demo.CAMPAIGNS:
            fields = {k: v for k, v in data.items() if k not in ("title", "years")}
            if fields["launched_by"] == Campaign.Launcher.CLUSTER:
                fields["launcher_cluster"] = self.cluster
            fields["source"] = clusters_demo.ARTICLE
            self.campaigns[data["title"]] = campaigns.campaign_register(
                actor=self.admin, title=data["title"], fields=fields
            )
        self.later()
        campaigns.year_campaigns_set(
            actor=self.secretariat,
            year=self.year,
            campaigns=[
                self.campaigns[data["title"]]
                for data in campaigns_demo.CAMPAIGNS
                if 2018 in data["years"]
            ],
        )

    def covenant_2018(self) -> None:
        """The 2018 covenant, signed by the nine on 08/03/2018 (a sample: the article tells
        only of the 2019 one)."""
        self._phase(self.year, Phase.COVENANT)
        covenant = campaigns.covenant_save_draft(
            actor=self.secretariat,
            year=self.year,
            preamble=campaigns_demo.PREAMBLE.replace("2019", "2018"),
            signing_place=campaigns_demo.SIGNING_PLACE,
            signing_date=campaigns_demo.COVENANT_2018_SIGNING_DAY,
            clauses=[campaigns.ClauseInput(text) for text in campaigns_demo.CLAUSES_2018],
            notes=campaigns_demo.COVENANT_2018_NOTES,
        )
        self.later()
        campaigns_demo.open_for_signature(
            actor=self.secretariat, covenant=covenant, officers=self.officers
        )
        self._sign(self.year, covenant, campaigns_demo.COVENANT_2018_SIGNING_DAY)
        self.clock.move_to(at(2018, 3, 12))
        self._phase(self.year, Phase.IN_PROGRESS)

    def self_assessments_2018(self) -> None:
        """December: each province scores itself, with evidence, and submits."""
        self._phase(self.year, Phase.SELF_ASSESSMENT)
        for day, (slug, share) in enumerate(scoring_demo.SAMPLE_SHARE.items(), start=10):
            self.clock.move_to(at(2018, 12, day, 14))
            self._self_assess(slug, share)

    def review_2018(self) -> None:
        """January: Hà Nam adjusts three sheets, two provinces answer, Hà Nam finalises all."""
        self._phase(self.year, Phase.REVIEW)
        adjustments = []
        self.clock.move_to(at(2019, 1, 10))
        for slug, code, points, reason, answer, keep in scoring_demo.SAMPLE_REVIEW:
            assessment = Assessment.objects.get(year=self.year, unit=self.units[slug])
            adjustment = scoring.adjustment_create(
                actor=self.secretariat,
                assessment=assessment,
                criterion=self.criteria[code],
                new_points=points,
                reason=reason,
            )
            adjustments.append((adjustment, slug, answer, keep))
            self.later()
        self.clock.move_to(at(2019, 1, 15))
        for adjustment, slug, answer, _keep in adjustments:
            if answer:
                scoring.adjustment_answer(
                    actor=self.officers[slug], adjustment=adjustment, answer=answer
                )
                self.later()
        self.clock.move_to(at(2019, 1, 18))
        for adjustment, _slug, answer, keep in adjustments:
            if answer:
                scoring.adjustment_resolve(actor=self.secretariat, adjustment=adjustment, keep=keep)
                self.later()
        self.clock.move_to(at(2019, 1, 25))
        for assessment in Assessment.objects.filter(year=self.year).order_by("unit__search_name"):
            scoring.assessment_finalise(actor=self.secretariat, assessment=assessment)
            self.later()

    def conference_prepared_2018(self) -> None:
        """01/03/2019: the conference is set for 20/03 in Hà Nam, five days later than planned."""
        clusters.timeline_save(
            actor=self.secretariat,
            year=self.year,
            rows={**TIMELINE_2018, Phase.CONFERENCE: (day(2019, 3, 1), day(2019, 3, 20))},
            reason="Hội nghị tổng kết dời sang ngày 20/03/2019 theo lịch của tỉnh đăng cai.",
        )
        self.later()
        self.year = clusters.year_update(
            actor=self.secretariat,
            year=self.year,
            conference_date=datetime.date(2019, 3, 20),
            conference_place="tỉnh Hà Nam",
        )
        self._phase(self.year, Phase.CONFERENCE)

    def decision_2018(self) -> None:
        """15/03/2019: Hà Nam's chairman awards certificates of merit to 7 collectives and 15
        individuals; Hà Nam's officer records the decision and imports its list."""
        data = awards_demo.DECISION
        decision = awards.decision_create(actor=self.secretariat, year=self.year, fields=data)
        self.later()
        merit = AwardType.objects.get(code=awards_demo.MERIT_CODE)
        rows = [
            RecipientRow(
                row=0,
                kind=RecipientKind.COLLECTIVE,
                name=name,
                position="",
                organisation=f"Sở Nội vụ tỉnh {self.units[slug].name}",
                unit_id=self.units[slug].pk,
                award_type_id=merit.pk,
                achievement="",
            )
            for slug, name in awards_demo.COLLECTIVES
        ] + [
            RecipientRow(
                row=0,
                kind=RecipientKind.INDIVIDUAL,
                name=name,
                position=position,
                organisation=awards_demo.BOARD.format(province=self.units[slug].name),
                unit_id=self.units[slug].pk,
                award_type_id=merit.pk,
                achievement="",
            )
            for slug, name, position in awards_demo.INDIVIDUALS
        ]
        awards.recipients_import(
            actor=self.secretariat, decision=decision, rows=rows, is_sample=True
        )

    def conference_2018(self) -> None:
        """20/03/2019 in Hà Nam: the record, the four ballots, the proposals."""
        campaigns.conference_record(
            actor=self.secretariat,
            year=self.year,
            fields=campaigns_demo.CONFERENCE_2018,
            guests=campaigns_demo.GUESTS_2018,
        )
        ranked = ballots.candidates_in_ranking_order(self.year)
        voters = [self.officers[demo.slug] for demo in clusters_demo.MEMBERS]
        rounds: dict[str, BallotRound] = {}
        for kind, seats, choices in scoring_demo.SAMPLE_ROUNDS:
            self.later(20)
            ballot_round = ballots.round_create(
                actor=self.secretariat,
                year=self.year,
                kind=kind,
                seats=seats,
                threshold="half",
                candidates=ranked,
                is_sample=True,
            )
            ballots.round_open(actor=self.secretariat, ballot_round=ballot_round)
            by_unit = {c.unit.slug: c.pk for c in ballot_round.candidates.select_related("unit")}
            for voter, chosen in zip(voters, choices, strict=True):
                self.later(1)
                ballots.ballot_cast(
                    actor=voter,
                    ballot_round=ballot_round,
                    candidate_ids=[by_unit[slug] for slug in chosen],
                )
            self.later(2)
            rounds[kind] = ballots.round_close(actor=self.secretariat, ballot_round=ballot_round)
        # The minutes' details of the four rounds (sample names: the article names nobody).
        chair = self.year.representatives_by_unit[self.units["ha-nam"].pk]
        committee = (
            "Nguyễn Thị Lan — Trưởng Ban Thi đua - Khen thưởng, Sở Nội vụ tỉnh Hà Nam\n"
            "Lê Văn Hải — Phó Trưởng Ban Thi đua - Khen thưởng, Sở Nội vụ tỉnh Hải Dương\n"
            "Phạm Thị Mai — Chuyên viên Ban Thi đua - Khen thưởng, Sở Nội vụ tỉnh Bắc Ninh"
        )
        for number, ballot_round in enumerate(rounds.values(), start=1):
            self.later(1)
            ballots.round_minutes_save(
                actor=self.secretariat,
                ballot_round=ballot_round,
                minutes_number=f"{number:02d}/BB-CTĐ",
                chair_name=chair.full_name,
                chair_title=chair.title,
                counting_committee=committee,
            )
        self.clock.move_to(at(2019, 3, 20, 11))
        signer = self.year.representatives_by_unit[self.units["ha-nam"].pk]
        for kind, number in awards_demo.PROPOSALS:
            proposal = awards.proposal_draft_from_round(
                actor=self.secretariat, ballot_round=rounds[kind]
            )
            self.later(2)
            proposal = awards.proposal_update(
                actor=self.secretariat,
                proposal=proposal,
                fields={
                    "number": number,
                    "date": awards_demo.PROPOSALS_DATE,
                    "signer_title": signer.title,
                    "signer_name": signer.full_name,
                },
            )
            self.later(2)
            awards.proposal_send(actor=self.secretariat, proposal=proposal)

    def close_2018(self) -> None:
        """Hà Nam closes 2018: 2019 opens with Hải Dương as head, Hưng Yên and Quảng Ninh as
        deputies, the nine members, a copy of the criteria and a draft of the covenant."""
        # What remains are warnings Hà Nam confirmed having seen (the letters sent upward await
        # their decisions; not every campaign report came in); a blocker would stop the demo.
        seen = closing.warnings_digest(closing.close_problems(self.year))
        self.following = closing.year_close(
            actor=self.secretariat, year=self.year, seen_warnings=seen
        )
        # 2018 goes on the public results page; 2019, still open, cannot be published.
        from clusters.publication import year_publish

        self.later()
        year_publish(actor=self.secretariat, year=self.year)

    def covenant_2019(self) -> None:
        """The same afternoon the nine sign the 2019 compact, drafted by Hải Dương."""
        year = self.following
        secretariat = self.officers["hai-duong"]
        clusters.timeline_save(actor=secretariat, year=year, rows=TIMELINE_2019)
        self.later()
        self._representatives(year)
        self.later()
        self._phase(year, Phase.COVENANT, actor=secretariat)
        covenant = campaigns.covenant_save_draft(
            actor=secretariat,
            year=year,
            preamble=campaigns_demo.PREAMBLE,
            signing_place=campaigns_demo.SIGNING_PLACE,
            signing_date=campaigns_demo.SIGNING_DAY,
            clauses=[campaigns.ClauseInput(text) for text in campaigns_demo.CLAUSES],
            notes=campaigns_demo.COVENANT_NOTES,
        )
        self.later()
        campaigns_demo.open_for_signature(
            actor=secretariat, covenant=covenant, officers=self.officers
        )
        self._sign(year, covenant, campaigns_demo.SIGNING_DAY)
        self.later(30)
        self._phase(year, Phase.IN_PROGRESS, actor=secretariat)

    def campaigns_2019(self) -> None:
        secretariat = self.officers["hai-duong"]
        campaigns.year_campaigns_set(
            actor=secretariat,
            year=self.following,
            campaigns=[
                self.campaigns[data["title"]]
                for data in campaigns_demo.CAMPAIGNS
                if 2019 in data["years"]
            ],
        )
        self.clock.move_to(at(2019, 4, 15))
        report = campaigns_demo.SAMPLE_REPORT_2019
        campaigns.campaign_report_save(
            actor=self.officers[report["unit"]],
            year=self.following,
            campaign=self.campaigns[report["campaign"]],
            unit=self.units[report["unit"]],
            registration=report["registration"],
            report="",
            indicators=[campaigns.IndicatorInput(**item) for item in report["indicators"]],
        )

    def mergers_2025(self) -> None:
        """01/07/2025: provinces merge (63 → 34); the old ones end the day before."""
        for demo in clusters_demo.MEMBERS + clusters_demo.NEIGHBOURS:
            if demo.ends_with_merger:
                setup.unit_register(
                    actor=self.admin,
                    slug=demo.slug,
                    name=demo.name,
                    kind=demo.kind,
                    admin_code=demo.admin_code,
                    valid_to=clusters_demo.LAST_DAY_BEFORE_MERGER,
                )
        for (slug, name, kind), merged in clusters_demo.MERGERS.items():
            setup.unit_register(
                actor=self.admin,
                slug=slug,
                name=name,
                kind=kind,
                valid_from=clusters_demo.MERGER_DAY,
                predecessors=[self.units[old] for old in merged],
            )

    # --- the steps each person repeats ---------------------------------------------------

    def _account(
        self,
        username: str,
        full_name: str,
        unit: Unit | None,
        role: str,
        *,
        superuser: bool = False,
    ) -> User:
        existing = User.objects.filter(username=username).first()
        if existing is not None:  # a re-run after a partial install keeps people as they are
            return existing
        return setup.account_create(
            actor=getattr(self, "admin", None),  # the administrator registers the others
            username=username,
            full_name=full_name,
            unit=unit,
            role=role,
            password=settings.DEMO_PASSWORD if self.with_accounts else None,
            is_superuser=superuser,
            # RFC 2606's reserved domain: the demo's mail (console backend) goes nowhere real.
            email=f"{username}@thidua.example",
        )

    def _phase(self, year: EmulationYear, phase: str, *, actor: User | None = None) -> None:
        clusters.year_phase_advance(
            actor=actor or self.secretariat, year=year, to_phase=phase, confirm=True
        )
        year.refresh_from_db()
        self.later()

    def _representatives(self, year: EmulationYear) -> None:
        """Each province's officer names who signs for it (sample names)."""
        for slug, full_name in clusters_demo.SAMPLE_REPRESENTATIVES.items():
            unit = self.units[slug]
            clusters.representative_save(
                actor=self.officers[slug],
                year=year,
                unit=unit,
                full_name=full_name,
                title=f"Phó Chủ tịch UBND tỉnh {unit.name}",
                is_sample=True,
            )
            self.later(3)

    def _sign(self, year: EmulationYear, covenant, day: datetime.date) -> None:
        for representative in year.representatives_by_unit.values():
            self.later(3)
            campaigns_demo.sign_member(
                officer=self.officers[representative.unit.slug],
                covenant=covenant,
                representative=representative,
                day=day,
            )

    def _self_assess(self, slug: str, share: tuple) -> None:
        fraction, bonus, deduction = share
        unit, officer = self.units[slug], self.officers[slug]
        entries: dict[int, scoring.Entry] = {}
        leaves = [c for c in self.criteria.values() if not c.children.exists()]
        for criterion in leaves:
            if criterion.kind == Criterion.Kind.BONUS:
                points: object = bonus
            elif criterion.kind == Criterion.Kind.DEDUCTION:
                points = deduction
            else:
                points = (criterion.max_points * fraction).quantize(Decimal("0.5"))
            entries[criterion.pk] = scoring.Entry(
                points, f"Theo báo cáo tổng kết năm 2018 (mẫu) — {criterion.code}"
            )
            if criterion.evidence_required:
                scoring.evidence_add(
                    actor=officer,
                    year=self.year,
                    unit=unit,
                    criterion=criterion,
                    upload=ContentFile(b"%PDF-1.4\n% minh chung mau\n", name="minh-chung-mau.pdf"),
                )
        self.later(30)
        scoring.assessment_save(
            actor=officer,
            year=self.year,
            unit=unit,
            version=None,
            entries=entries,
            submit=True,
            is_sample=True,
        )
