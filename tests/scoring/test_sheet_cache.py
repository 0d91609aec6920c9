"""A finalised sheet's rows come from the cache until the sheet changes: never stale points."""

from decimal import Decimal as D

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clusters import audit
from scoring.models import Adjustment, Assessment, Criterion, Evidence, Score
from tests.scoring.sized import build_scored

pytestmark = pytest.mark.django_db


@pytest.fixture
def finalised():
    sized, leaves = build_scored(3, 20, "bo-nho")
    client = Client()
    client.force_login(sized.member_staff)
    unit = sized.member_staff.unit
    url = reverse("scoring:sheet", args=[sized.cluster.slug, sized.year.year, unit.slug])
    assessment = Assessment.objects.get(year=sized.year, unit=unit)
    return sized, leaves, client, url, assessment


def _as_the_admin(change, *, year) -> None:
    """A write outside the services, recorded as the admin records its saves (AuditedAdmin)."""
    with transaction.atomic():
        target = change()
        audit.record(actor=None, action="admin.change", target=target, year=year)


def _get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries.captured_queries)


def _table(html: str) -> str:
    start = html.index('data-testid="sheet"')
    return html[start : html.index("</table>", start)]


def _row(html: str, code: str) -> str:
    start = html.index(f'data-code="{code}"')
    return html[start : html.index("</tr>", start)]


def test_a_finalised_sheet_is_rendered_once_then_read_from_the_cache(finalised):
    _sized, _leaves, client, url, _assessment = finalised
    ContentType.objects.get_for_model(Assessment)
    first, first_queries = _get(client, url)
    second, second_queries = _get(client, url)
    assert _table(second) == _table(first)
    # criteria, scores, evidence, adjustments and the score history are not read again
    assert second_queries == first_queries - 5


def test_a_decided_adjustment_on_a_finalised_sheet_shows_at_once(finalised):
    sized, leaves, client, url, assessment = finalised
    before, _ = _get(client, url)
    leaf = leaves[1]
    assert "<strong>8,00</strong>" in _row(before, leaf.code)
    # Changed outside the services (the admin, a data fix): a decided adjustment and its points.
    score = Score.objects.get(assessment=assessment, criterion=leaf)

    def change():
        Adjustment.objects.create(
            score=score,
            reviewer=sized.member_staff,
            old_points=score.points,
            new_points=D("3"),
            reason="Thiếu minh chứng",
            outcome=Adjustment.Outcome.KEPT,
        )
        score.points = D("3")
        score.save()
        return score

    _as_the_admin(change, year=sized.year)
    after, _ = _get(client, url)
    row = _row(after, leaf.code)
    assert "<strong>3,00</strong>" in row
    assert "tự chấm: 8,00" in row
    assert "Thiếu minh chứng" in after


def test_an_adjustment_decided_later_is_not_served_from_an_old_rendering(finalised):
    sized, leaves, client, url, assessment = finalised
    score = Score.objects.get(assessment=assessment, criterion=leaves[2])
    adjustment = Adjustment.objects.create(
        score=score,
        reviewer=sized.member_staff,
        old_points=score.points,
        new_points=D("5"),
        reason="Chưa đạt chỉ tiêu",
    )
    before, _ = _get(client, url)
    assert "Chờ kết luận" in before

    # The adjustment alone is saved, read afresh (its score not loaded): the year's data version
    # moves with the audited save, and the entry is missed.
    def change():
        fresh = Adjustment.objects.get(pk=adjustment.pk)
        fresh.outcome = Adjustment.Outcome.WITHDRAWN
        fresh.save()
        return fresh

    _as_the_admin(change, year=sized.year)
    after, _ = _get(client, url)
    assert "Chấp nhận giải trình, rút điều chỉnh" in after
    assert "Chờ kết luận" not in after


def test_a_criterion_edited_in_the_admin_shows_its_new_text(finalised):
    sized, leaves, client, url, _assessment = finalised
    _get(client, url)
    criterion = Criterion.objects.get(pk=leaves[0].pk)

    def change():
        criterion.text = "Tiêu chí đã sửa tên"
        criterion.save()
        return criterion

    _as_the_admin(change, year=sized.year)
    after, _ = _get(client, url)
    assert "Tiêu chí đã sửa tên" in _row(after, criterion.code)


def test_a_new_version_of_the_assessment_is_a_new_entry(finalised):
    _sized, leaves, client, url, assessment = finalised
    _get(client, url)
    # bulk update(), no audit event: the version in the key moves (as every service does)
    Score.objects.filter(assessment=assessment, criterion=leaves[3]).update(points=D("1"))
    Assessment.objects.filter(pk=assessment.pk).update(version=assessment.version + 1)
    after, _ = _get(client, url)
    assert "<strong>1,00</strong>" in _row(after, leaves[3].code)


def test_evidence_removed_in_the_admin_disappears(finalised, settings, tmp_path):
    sized, leaves, client, url, assessment = finalised
    settings.MEDIA_ROOT = tmp_path
    from django.core.files.base import ContentFile

    score = Score.objects.get(assessment=assessment, criterion=leaves[4])
    evidence = Evidence(
        score=score,
        original_name="bien-ban-hop.pdf",
        size=8,
        content_type="application/pdf",
        uploaded_by=sized.member_staff,
    )
    evidence.file.save("x.pdf", ContentFile(b"%PDF-1.4"), save=True)
    before, _ = _get(client, url)
    assert "bien-ban-hop.pdf" in before

    def change():
        Evidence.objects.get(pk=evidence.pk).delete()
        return score

    _as_the_admin(change, year=sized.year)
    after, _ = _get(client, url)
    assert "bien-ban-hop.pdf" not in after
