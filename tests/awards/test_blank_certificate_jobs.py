"""A big decision's print on the pre-printed blanks (phôi) in the background: asked for from the
decision's page with a printer offset, rendered in batches by the certificates' job, followed and
downloaded on the same page as the full model's (issue 16)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from awards import certificate_jobs
from awards.certificates import DEFAULT_LAYOUT
from awards.models import CertificateJob, Recipient
from clusters.models import AuditEvent
from clusters.text import fold
from tests.awards.helpers import award, make_decision, make_recipient
from tests.awards.test_certificates import IMPOSSIBLE_NAME, _assert_inside, _runs, _text

pytestmark = pytest.mark.django_db
FORM = "certificates-request-form"
NAMES = [f"Trần Thị Phôi {i}" for i in range(7)]


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
            name=name,
            search_name=fold(name),
            award_type=award(),
            order=i,
        )
        for i, name in enumerate(NAMES)
    )
    return decision


def _offset_form(page):
    return next(form for form in page.forms.values() if "dx" in form.fields)


def test_the_blanks_of_a_big_decision_are_printed_in_the_background_with_the_offset(
    world, big, django_app, django_capture_on_commit_callbacks
):
    officer = world.own
    page = django_app.get(big.get_absolute_url(), user=officer)
    form = _offset_form(page)
    form["dx"], form["dy"] = "2", "-3"
    page = form.submit().follow()  # the print's link leads to the job's page
    assert "Bằng khen in lên phôi theo quyết định 568/QĐ-UBND" in page.text
    assert "độ lệch máy in ngang 2 mm, dọc -3 mm" in page.text and "7 người" in page.text
    with django_capture_on_commit_callbacks(execute=True):
        page = page.forms[FORM].submit()
    page = page.follow()
    job = CertificateJob.objects.get(decision=big)
    assert (job.kind, job.offset, job.state) == ("blank", (2.0, -3.0), "done")
    assert job.done == job.total == 7 and job.requested_by == officer
    assert 'data-state="done"' in page.text and "Độ lệch ngang 2 mm, dọc -3 mm." in page.text
    pdf = page.click(description=r"Tải bằng khen \(PDF\)")
    assert pdf.content_type == "application/pdf"
    assert "bang-khen-phoi-568-q-ubnd.pdf" in pdf.headers["Content-Disposition"]
    reader = PdfReader(io.BytesIO(pdf.body))
    assert len(reader.pages) == 7
    box = DEFAULT_LAYOUT.boxes["name"].moved(2, -3)
    for number, (reader_page, name) in enumerate(zip(reader.pages, NAMES, strict=True), start=1):
        text = _text(reader_page)
        assert name in text and f"Số sổ vàng: {number}" in text and "Trần Văn Hà" in text
        for fixed in ("Bằng khen", "Tặng", "CỘNG HÒA"):
            assert fixed not in text  # the blank carries them
        [run] = [run for run in _runs(reader_page) if run[0] == name]
        _assert_inside(run, box, bold=True)
    asked = AuditEvent.objects.get(action="certificates.request", year=world.year)
    assert asked.actor == officer and "in lên phôi" in asked.summary


def test_the_blanks_and_the_full_model_are_two_jobs_with_their_own_files(
    world, big, django_app, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        full = certificate_jobs.certificates_request(actor=world.own, decision=big)
    page = django_app.get(big.get_absolute_url() + "bang-khen-phoi.pdf", user=world.own).follow()
    assert 'data-state="done"' not in page.text and "Tạo bằng khen" in page.text
    with django_capture_on_commit_callbacks(execute=True):
        page.forms[FORM].submit()
    blank = CertificateJob.objects.get(decision=big, kind="blank")
    full.refresh_from_db()
    assert blank.state == full.state == "done" and blank.file and full.file
    assert blank.file.name != full.file.name
    # The full model's page still shows its own file.
    page = django_app.get(big.get_absolute_url() + "bang-khen/", user=world.viewer)
    assert f"/bang-khen/{full.pk}/tai-ve/" in page.text and f"/{blank.pk}/tai-ve/" not in page.text


@pytest.mark.django_db(transaction=True)  # the worker closes its connection when it ends
def test_a_blank_job_left_queued_runs_when_a_worker_starts(world, big, django_app, settings):
    """Production's path: the job is a row of the database queue; no worker ran while the page
    was asked, and the next `db_worker` makes the file."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    page = django_app.get(big.get_absolute_url() + "bang-khen-phoi.pdf", user=world.own).follow()
    page = page.forms[FORM].submit().follow()
    job = CertificateJob.objects.get(decision=big)
    assert job.state == "queued" and DBTaskResult.objects.count() == 1
    assert "Đang chờ tạo bằng khen" in page.text and 'http-equiv="refresh"' in page.text
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)
    job.refresh_from_db()
    assert job.state == "done" and job.file and job.done == 7
    page = django_app.get(page.request.url, user=world.own)
    assert 'data-state="done"' in page.text and "refresh" not in page.text


def test_an_offset_off_the_sheet_is_refused_before_any_job(world, big, django_app):
    page = django_app.get(big.get_absolute_url(), user=world.own)
    form = _offset_form(page)
    form["dx"] = "20"
    page = form.submit().follow().follow()  # the job's page refuses it: back to the decision
    assert page.request.path == big.get_absolute_url()
    assert "nằm ngoài tờ bằng 400 × 300 mm" in page.text
    page = django_app.get(big.get_absolute_url() + "bang-khen-phoi/?dy=abc", user=world.own)
    assert "phải là số mm từ -20 đến 20" in page.follow().text
    assert not CertificateJob.objects.exists()


def test_a_tampered_offset_sent_with_the_request_is_refused(world, big, django_app):
    page = django_app.get(big.get_absolute_url() + "bang-khen-phoi/", user=world.own)
    form = page.forms[FORM]
    form["dx"].force_value("500")
    page = form.submit().follow()
    assert "phải là số mm từ -20 đến 20" in page.text
    assert not CertificateJob.objects.exists()


def test_a_text_too_long_fails_the_blank_job_and_the_page_says_why(
    world, big, django_app, django_capture_on_commit_callbacks
):
    make_recipient(big, IMPOSSIBLE_NAME.strip()[:200], kind="collective", organisation="")
    page = django_app.get(big.get_absolute_url() + "bang-khen-phoi/", user=world.own)
    with django_capture_on_commit_callbacks(execute=True):
        page = page.forms[FORM].submit()
    page = page.follow()
    job = CertificateJob.objects.get(decision=big)
    assert job.state == "failed" and not job.file
    assert 'data-state="failed"' in page.text and "quá dài cho ô" in page.text


def test_an_award_the_issuer_cannot_grant_is_refused_when_asked(world, big, django_app):
    make_recipient(
        big, "Sở Nội vụ tỉnh Nam Định", kind="collective", award_code="co-thi-dua-chinh-phu"
    )
    page = django_app.get(big.get_absolute_url() + "bang-khen-phoi/", user=world.own)
    page = page.forms[FORM].submit().follow()
    assert "Không in bằng:" in page.text and "không có thẩm quyền tặng" in page.text
    assert not CertificateJob.objects.exists()


def test_a_small_decision_still_prints_its_blanks_in_the_request(world, as_persona):
    decision = make_decision(world.year)
    for i in range(3):
        make_recipient(decision, f"Lê Thị {i}")
    response = as_persona("own").get(decision.get_absolute_url() + "bang-khen-phoi.pdf?dx=1")
    assert response["Content-Type"] == "application/pdf"
    assert len(PdfReader(io.BytesIO(response.content)).pages) == 3
    assert not CertificateJob.objects.exists()


def test_another_clusters_officer_cannot_read_ask_or_download(world, big, as_persona):
    job = CertificateJob.objects.create(decision=big, kind="blank", state="done", total=7)
    outsider = as_persona("outsider")
    base = big.get_absolute_url()
    assert outsider.get(base + "bang-khen-phoi/").status_code == 404
    assert outsider.post(base + "bang-khen-phoi/", {"dx": "0", "dy": "0"}).status_code == 404
    assert outsider.get(base + f"bang-khen/{job.pk}/tai-ve/").status_code == 404
    assert CertificateJob.objects.count() == 1


def test_trying_offset_after_offset_renders_one_print_at_a_time(world, big, django_app):
    """While a print on blanks is queued or running, asking with another offset (a second tab)
    gets that job, whose page says its offset, never a second render of the whole decision."""
    tabs = []
    for dx in ("1", "2"):
        page = django_app.get(big.get_absolute_url(), user=world.own)
        form = _offset_form(page)
        form["dx"], form["dy"] = dx, "0"
        tabs.append(form.submit().follow().forms[FORM])
    first = tabs[0].submit().follow()  # queued, not yet run
    second = tabs[1].submit().follow()
    job = CertificateJob.objects.get(decision=big, kind="blank")
    assert job.offset == (1.0, 0.0) and job.state == "queued"
    for page in (first, second):
        assert page.html.select_one('[data-testid="job-offset"]').get_text() == (
            "Độ lệch ngang 1 mm, dọc 0 mm."
        )
