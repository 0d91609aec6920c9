"""`make bench`: the conference report's rendering time, beside WeasyPrint's own time.

Targets (issue 6, median): 9 members under 3 s; 34 members and 200 criteria under 10 s.
"""

import pytest
from django.db import connection

from campaigns.models import Conference
from campaigns.report import report_context
from clusters.documents import render_pdf
from clusters.documents.pdf import BASE_URL, _fetcher, render_html
from scoring import ballots
from scoring.models import Ballot, BallotRound, Candidate, VoterEntry
from tests.bench.harness import paired, print_table
from tests.scoring.sized import build_scored

pytestmark = pytest.mark.django_db
TARGETS_MS = {(9, 60): 3000, (34, 200): 10000}
NARRATIVE = "Các tỉnh trong Cụm đã triển khai, tổ chức thực hiện tốt các phong trào thi đua. " * 12


def _year_with_everything(members: int, criteria: int):
    sized, _ = build_scored(members, criteria, slug=f"bao-cao-{members}")
    year = sized.year
    Conference.objects.create(
        year=year,
        chair="Chủ tịch UBND tỉnh",
        campaign_results=NARRATIVE,
        commendation_work=NARRATIVE,
        shortcomings=NARRATIVE,
        next_tasks=NARRATIVE,
    )
    for kind in (BallotRound.Kind.FLAG, BallotRound.Kind.HEAD):
        round_ = BallotRound.objects.create(year=year, kind=kind, state=BallotRound.State.CLOSED)
        candidates = Candidate.objects.bulk_create(
            Candidate(round=round_, unit=unit, position=i) for i, unit in enumerate(sized.units)
        )
        VoterEntry.objects.bulk_create(
            VoterEntry(round=round_, unit=unit, cast_by=sized.head_staff) for unit in sized.units
        )
        Ballot.objects.bulk_create(
            Ballot(round=round_, choices=[candidates[0].pk], receipt_digest=f"{round_.pk}-{i}")
            for i, _unit in enumerate(sized.units)
        )
    assert ballots.elected_leaders(year)[0] == sized.units[0]
    return year


def test_bench_report():
    from weasyprint import HTML

    rows = []
    for (members, criteria), target in TARGETS_MS.items():
        year = _year_with_everything(members, criteria)
        html = render_html("documents/report.html", {**report_context(year), "for_pdf": True})
        # In turns (A/B/A/B): the overhead is the median of each pair's difference.
        app, own, overhead = paired(
            lambda y=year: render_pdf("documents/report.html", report_context(y)),
            lambda h=html: HTML(string=h, base_url=BASE_URL, url_fetcher=_fetcher()).write_pdf(),
            rounds=5,
        )
        verdict = "ok" if app.median_ms < target else "OVER"
        rows.append(
            (
                f"report, {members} members × {criteria} criteria",
                f"app {app.spread} (target < {target}, {verdict}); "
                f"WeasyPrint alone {own.spread}; app overhead {overhead.spread}",
            )
        )
    print_table(f"Conference report on {connection.vendor} (A/B in turns)", rows)
