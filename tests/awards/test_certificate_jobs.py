"""A whole decision's certificates in the background: asked for on its page, rendered in
batches by the task, merged, followed and downloaded (issue 16)."""

from __future__ import annotations

import datetime
import io
import os

import pytest
from django.utils import timezone
from pypdf import PdfReader

from awards import certificate_jobs
from awards.models import CertificateJob, Recipient
from clusters.documents import renderers
from clusters.models import AuditEvent
from clusters.text import fold
from tests.awards.helpers import award, make_decision, make_recipient
from tests.awards.test_certificates import IMPOSSIBLE_NAME

pytestmark = pytest.mark.django_db
FORM = "certificates-request-form"


@pytest.fixture
def big(world, monkeypatch):
    """A decision "too big to print in a request": the limits scaled down so that 7 recipients
    need the background job and make four batches of two pages."""
    monkeypatch.setattr(certificate_jobs, "SYNC_LIMIT", 5)
    monkeypatch.setattr(certificate_jobs, "BATCH", 2)
    decision = make_decision(world.year)
    Recipient.objects.bulk_create(
        Recipient(
            decision=decision,
            kind="individual",
            name=f"Nguyễn Văn Số {i}",
            search_name=fold(f"Nguyễn Văn Số {i}"),
            award_type=award(),
            order=7 - i,  # printed in their order, not as recorded
        )
        for i in range(7)
    )
    return decision


def test_a_big_decision_is_printed_in_the_background_with_a_link_when_done(
    world, big, django_app, django_capture_on_commit_callbacks
):
    officer = world.own
    page = django_app.get(big.get_absolute_url() + "bang-khen.pdf", user=officer).follow()
    assert "Tạo bằng khen" in page.text and "7 người" in page.text
    with django_capture_on_commit_callbacks(execute=True):
        page = page.forms[FORM].submit()
    page = page.follow()
    job = CertificateJob.objects.get(decision=big)
    assert job.state == "done" and job.done == job.total == 7 and job.requested_by == officer
    assert 'data-state="done"' in page.text
    pdf = page.click(description=r"Tải bằng khen \(PDF\)")
    assert pdf.content_type == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.body))
    assert len(reader.pages) == 7
    texts = [p.extract_text() for p in reader.pages]
    # Order 1 first (recorded last), each with its golden-book number in the decision.
    assert "Nguyễn Văn Số 6" in texts[0] and "Số sổ vàng: 1" in texts[0]
    assert "Nguyễn Văn Số 0" in texts[6] and "Số sổ vàng: 7" in texts[6]
    assert reader.metadata.title == f"Bằng khen theo {big}"
    assert AuditEvent.objects.filter(action="certificates.request", year=world.year).count() == 1


def test_the_page_shows_the_progress_and_refreshes_itself(world, big, django_app):
    page = django_app.get(big.get_absolute_url() + "bang-khen/", user=world.own)
    page.forms[FORM].submit()  # on_commit not run: the job waits for a worker
    job = CertificateJob.objects.get(decision=big)
    assert job.state == "queued" and job.total == 7
    page = django_app.get(big.get_absolute_url() + "bang-khen/", user=world.viewer)
    assert "Đang chờ tạo bằng khen" in page.text and 'http-equiv="refresh"' in page.text
    assert FORM not in page.forms  # asking again is not offered while it runs
    CertificateJob.objects.filter(pk=job.pk).update(state="running", done=4)
    page = django_app.get(big.get_absolute_url() + "bang-khen/", user=world.own)
    assert "Đang tạo: 4/7 bằng khen" in page.text
    assert page.html.find("progress")["value"] == "4"
    # Another reader asking meanwhile gets the same job.
    certificate_jobs.certificates_request(actor=world.secretariat, decision=big)
    assert CertificateJob.objects.count() == 1


def test_the_task_saves_its_progress_after_each_batch(world, big, monkeypatch):
    job = CertificateJob.objects.create(decision=big, total=7)
    seen = []
    real = certificate_jobs.render_pdf_html

    def spy(template, context):
        seen.append(CertificateJob.objects.values_list("state", "done").get(pk=job.pk))
        return real(template, context)

    monkeypatch.setattr(certificate_jobs, "render_pdf_html", spy)
    certificate_jobs.render_certificates_task.call(job.pk)
    assert seen == [("running", 0), ("running", 2), ("running", 4), ("running", 6)]
    job.refresh_from_db()
    assert job.state == "done" and job.file and job.finished_at
    # Run again (a worker restarted after finishing it): nothing is rendered twice.
    assert certificate_jobs.render_certificates_task.call(job.pk) == "done"
    assert len(seen) == 4


def test_batches_rendered_side_by_side_come_back_in_their_order(world, big, settings):
    """As production runs it: two renderer children, four batches in flight two at a time."""
    settings.CERTIFICATE_RENDER_PROCESSES = 2
    job = CertificateJob.objects.create(decision=big, total=7)
    try:
        assert certificate_jobs.render_certificates_task.call(job.pk) == "done"
    finally:
        renderers.shutdown()
    job.refresh_from_db()
    with job.file.open("rb") as stored:
        reader = PdfReader(io.BytesIO(stored.read()))
    names = [
        next(line for line in page.extract_text().splitlines() if "Số" in line)
        for page in reader.pages
    ]
    assert names == [f"Nguyễn Văn Số {i}" for i in reversed(range(7))]


def test_a_text_too_long_fails_the_job_and_the_page_says_why(
    world, big, django_app, django_capture_on_commit_callbacks
):
    make_recipient(big, IMPOSSIBLE_NAME.strip()[:200], kind="collective", organisation="")
    page = django_app.get(big.get_absolute_url() + "bang-khen/", user=world.own)
    with django_capture_on_commit_callbacks(execute=True):
        page = page.forms[FORM].submit()
    page = page.follow()
    job = CertificateJob.objects.get(decision=big)
    assert job.state == "failed" and not job.file and "quá dài" in job.error
    assert 'data-state="failed"' in page.text and "quá dài cho ô" in page.text
    assert "Tạo lại bằng khen" in page.text


def test_a_broken_render_says_what_broke(
    world, big, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(html):
        raise OSError("đĩa đầy")

    monkeypatch.setattr(renderers, "pdf_of_html", broken)
    with django_capture_on_commit_callbacks(execute=True):
        job = certificate_jobs.certificates_request(actor=world.own, decision=big)
    job.refresh_from_db()
    assert job.state == "failed" and job.error == "Không tạo được bằng khen: đĩa đầy"


def test_a_job_cut_off_by_a_killed_worker_is_shown_lost_and_asked_again(
    world, big, django_app, django_capture_on_commit_callbacks
):
    long_ago = timezone.now() - datetime.timedelta(minutes=6)
    lost = CertificateJob.objects.create(
        decision=big, state="running", done=2, total=7, heartbeat_at=long_ago
    )
    page = django_app.get(big.get_absolute_url() + "bang-khen/", user=world.own)
    assert 'data-state="lost"' in page.text and "refresh" not in page.text
    with django_capture_on_commit_callbacks(execute=True):
        page.forms[FORM].submit()
    lost.refresh_from_db()
    assert lost.state == "failed" and "db_worker" in lost.error
    assert CertificateJob.objects.filter(decision=big, state="done").count() == 1


def test_a_newer_file_replaces_the_older(world, big, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = certificate_jobs.certificates_request(actor=world.own, decision=big)
    first.refresh_from_db()
    path = first.file.path
    with django_capture_on_commit_callbacks(execute=True):
        certificate_jobs.certificates_request(actor=world.own, decision=big)
    first.refresh_from_db()
    assert not first.file and not os.path.exists(path)


def test_a_small_decision_still_prints_in_the_request(world, as_persona):
    decision = make_decision(world.year)
    for i in range(3):
        make_recipient(decision, f"Lê Thị {i}")
    response = as_persona("own").get(decision.get_absolute_url() + "bang-khen.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert len(PdfReader(io.BytesIO(response.content)).pages) == 3
    assert not CertificateJob.objects.exists()


def test_another_clusters_officer_cannot_read_or_ask(world, big, as_persona):
    job = CertificateJob.objects.create(decision=big, state="done", total=7)
    outsider = as_persona("outsider")
    base = big.get_absolute_url() + "bang-khen/"
    assert outsider.get(base).status_code == 404
    assert outsider.post(base).status_code == 404
    assert outsider.get(base + f"{job.pk}/tai-ve/").status_code == 404
    assert CertificateJob.objects.count() == 1
