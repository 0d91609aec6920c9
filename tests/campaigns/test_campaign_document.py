"""A campaign's launching document: added with the campaign on the year's set-up page, checked
by its content, audited by name and digest, and downloaded by whoever reads the campaign."""

from __future__ import annotations

import hashlib

import pytest
from django.urls import reverse
from webtest import Upload

from campaigns.models import Campaign
from clusters.models import AuditEvent
from tests.campaigns import helpers
from tests.campaigns.pages import field_errors

pytestmark = pytest.mark.django_db

TITLE = "Phong trào thi đua “Chung sức xây dựng Cụm vững mạnh”"


@pytest.fixture(scope="module")
def decision_pdf() -> bytes:
    """A real PDF, as an office would scan or export its decision."""
    from weasyprint import HTML

    return HTML(
        string="<h1>QUYẾT ĐỊNH</h1><p>Về việc phát động phong trào thi đua.</p>"
    ).write_pdf()


def _add_form(world, django_app):
    """The add form, reached from the year's set-up page as the secretariat reaches it."""
    setup = django_app.get(
        reverse("setup:year_setup", args=[world.cluster.slug, world.year.year]),
        user=world.secretariat,
    )
    page = setup.click(href=reverse("campaigns:campaign_add", args=[world.cluster.slug, 2018]))
    form = page.forms["campaign-form"]
    assert form.enctype == "multipart/form-data"
    form["title"] = TITLE
    form["launched_by"] = "cluster"
    form["document_number"] = "12/QĐ-CTĐ"
    form["document_date"] = "15/01/2018"
    return form


def _stored_files(settings) -> list:
    folder = settings.MEDIA_ROOT / "campaigns"
    return list(folder.iterdir()) if folder.exists() else []


def test_the_secretariat_adds_a_campaign_with_its_document_and_a_member_downloads_it(
    world, django_app, decision_pdf
):
    form = _add_form(world, django_app)
    form["document_file"] = Upload("Quyết định 12-QĐ.pdf", decision_pdf, "application/pdf")
    setup = form.submit().follow()
    campaign = world.year.campaigns.get(title=TITLE)
    assert campaign.document_name == "Quyết định 12-QĐ.pdf"
    assert campaign.document_file.name.startswith("campaigns/")
    link = reverse("campaigns:campaign_document", args=[campaign.pk])
    assert setup.html.select_one("[data-testid=campaign-document]")["href"] == link

    # Another member's officer finds it on the campaign's page and gets the same bytes.
    detail = django_app.get(
        reverse("campaigns:campaign_detail", args=[campaign.pk]), user=world.other
    )
    assert "12/QĐ-CTĐ" in detail.text
    download = detail.click(href=link)
    assert download.body == decision_pdf
    assert download.content_type == "application/pdf"
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''Quy%E1%BA%BFt" in download.headers["Content-Disposition"]
    assert download.headers["X-Content-Type-Options"] == "nosniff"

    # The year's campaigns page links it too.
    year_page = django_app.get(
        reverse("campaigns:year_campaigns", args=[world.cluster.slug, 2018]), user=world.own
    )
    assert year_page.html.select_one("[data-testid=campaign-document]")["href"] == link


def test_the_audit_event_names_the_file_and_its_digest_not_its_bytes(
    world, django_app, decision_pdf
):
    form = _add_form(world, django_app)
    form["document_file"] = Upload("quyet-dinh.pdf", decision_pdf, "application/pdf")
    form.submit().follow()
    campaign = Campaign.objects.get(title=TITLE)
    event = AuditEvent.objects.get(action="campaign.save", target_id=campaign.pk)
    assert event.actor == world.secretariat and event.year == world.year
    assert event.changes["document_name"] == ["", "quyet-dinh.pdf"]
    assert event.changes["document_sha256"] == ["", hashlib.sha256(decision_pdf).hexdigest()]
    assert len(str(event.changes)) < 1000  # names and a digest, not the file
    assert AuditEvent.objects.filter(action="campaigns.set", year=world.year).exists()


def test_a_text_file_named_pdf_is_refused_next_to_the_field_and_nothing_is_saved(
    world, django_app, settings
):
    form = _add_form(world, django_app)
    form["document_file"] = Upload("quyet-dinh.pdf", b"Day khong phai PDF", "application/pdf")
    page = form.submit()
    assert "không phải là tài liệu PDF" in field_errors(page, "document_file")
    assert not Campaign.objects.filter(title=TITLE).exists()
    assert not world.year.campaigns.exists()
    assert not AuditEvent.objects.filter(action__in=["campaign.save", "campaigns.set"]).exists()
    assert _stored_files(settings) == []
    # What the secretariat typed is kept on the page, to send again with the right file.
    assert page.forms["campaign-form"]["document_number"].value == "12/QĐ-CTĐ"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("quyet-dinh.doc", b"\xd0\xcf\x11\xe0 old word", "Chỉ nhận văn bản PDF"),
        ("quyet-dinh.pdf", b"", "Tệp văn bản rỗng"),
    ],
    ids=["legacy-doc", "empty"],
)
def test_a_file_of_another_kind_or_empty_is_refused(
    world, django_app, settings, name, content, message
):
    form = _add_form(world, django_app)
    form["document_file"] = Upload(name, content, "application/octet-stream")
    page = form.submit()
    assert message in field_errors(page, "document_file")
    assert not Campaign.objects.filter(title=TITLE).exists()
    assert _stored_files(settings) == []


def test_a_file_over_the_limit_is_refused(world, django_app, settings, monkeypatch):
    monkeypatch.setattr("campaigns.services.DOCUMENT_MAX_BYTES", 1024)
    form = _add_form(world, django_app)
    form["document_file"] = Upload("quyet-dinh.pdf", b"%PDF-1.4\n" + b"0" * 2048)
    page = form.submit()
    assert "vượt quá" in field_errors(page, "document_file")
    assert not Campaign.objects.filter(title=TITLE).exists()
    assert _stored_files(settings) == []


def test_a_campaign_of_the_same_title_is_not_overwritten(world, django_app, decision_pdf):
    national = helpers.national_campaign(world)
    form = _add_form(world, django_app)
    form["title"] = national.title
    form["launched_by"] = "cluster"
    form["document_file"] = Upload("quyet-dinh.pdf", decision_pdf, "application/pdf")
    page = form.submit()
    assert "Danh mục đã có phong trào" in field_errors(page, "title")
    national.refresh_from_db()
    assert (national.launched_by, national.document_number) == ("prime_minister", "")
    assert not national.document_file


def test_another_clusters_officer_gets_404_and_anonymous_the_sign_in_page(world, django_app):
    campaign = helpers.with_document(helpers.cluster_campaign(world))
    url = reverse("campaigns:campaign_document", args=[campaign.pk])
    anonymous = django_app.get(url, expect_errors=True)
    assert anonymous.status_code == 302 and anonymous.location.startswith("/dang-nhap/")
    assert django_app.get(url, user=world.outsider, expect_errors=True).status_code == 404
    assert django_app.get(url, user=world.viewer).body == helpers.SMALL_PDF


def test_a_campaign_without_a_file_answers_404(world, django_app):
    campaign = helpers.cluster_campaign(world)
    url = reverse("campaigns:campaign_document", args=[campaign.pk])
    assert django_app.get(url, user=world.own, expect_errors=True).status_code == 404
    detail = django_app.get(
        reverse("campaigns:campaign_detail", args=[campaign.pk]), user=world.own
    )
    assert not detail.html.select("[data-testid=campaign-document]")


def test_a_word_document_is_taken_and_served_as_word(world, django_app):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as docx:
        docx.writestr("[Content_Types].xml", "<Types/>")
        docx.writestr("word/document.xml", "<w:document/>")
    form = _add_form(world, django_app)
    form["document_file"] = Upload("Kế hoạch.docx", buffer.getvalue())
    form.submit().follow()
    campaign = Campaign.objects.get(title=TITLE)
    download = django_app.get(
        reverse("campaigns:campaign_document", args=[campaign.pk]), user=world.own
    )
    assert download.body == buffer.getvalue()
    assert download.content_type.endswith("wordprocessingml.document")


def test_a_failure_after_the_file_is_stored_leaves_no_file(
    world, django_app, settings, decision_pdf, monkeypatch
):
    from campaigns import services
    from clusters.services import Refused

    def fail(**kwargs):
        raise Refused("Lỗi thử sau khi lưu tệp.")

    monkeypatch.setattr(services, "year_campaigns_set", fail)
    form = _add_form(world, django_app)
    form["document_file"] = Upload("quyet-dinh.pdf", decision_pdf, "application/pdf")
    page = form.submit()
    assert "Lỗi thử sau khi lưu tệp." in page.text
    assert not Campaign.objects.filter(title=TITLE).exists()
    assert _stored_files(settings) == []
