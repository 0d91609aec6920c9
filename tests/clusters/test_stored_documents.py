"""Final documents are files (issue 16): frozen with their source, served as stored; drafts are
rendered on demand and cached by the year's data version."""

import datetime
import hashlib
import io

import pytest
import weasyprint
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from pypdf import PdfReader

from campaigns import services as campaign_services
from campaigns.final_documents import report_pdf, stored_compact, stored_report
from campaigns.models import Covenant
from clusters.documents import store
from clusters.models import StoredDocument, Unit
from tests.campaigns import helpers
from tests.campaigns.pages import form_with
from tests.clusters.test_closing import _close_url, _finish_the_year

pytestmark = pytest.mark.django_db


@pytest.fixture
def renders(monkeypatch):
    """How many PDFs WeasyPrint made: its HTML class still renders, only counted."""
    made = []
    real = weasyprint.HTML

    def counting(*args, **kwargs):
        made.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(weasyprint, "HTML", counting)
    return made


def _compact_url(world, version=1):
    return reverse("campaigns:covenant_pdf", args=[world.cluster.slug, world.year.year, version])


def _text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _last_to_sign(world):
    """The covenant open with every member signed but Hải Dương, whose officer signs last."""
    members = [m.unit for m in world.year.memberships.select_related("unit")]
    hai_duong = Unit.objects.get(slug="hai-duong")
    helpers.covenant(
        world, Covenant.State.OPEN, signed=[unit for unit in members if unit != hai_duong]
    )
    return hai_duong, helpers.hai_duong_staff(world)


def test_the_last_signature_stores_the_compact_and_every_download_serves_it(
    world, django_app, renders
):
    hai_duong, officer = _last_to_sign(world)
    url = reverse(
        "campaigns:covenant_sign", args=[world.cluster.slug, world.year.year, hai_duong.slug]
    )
    form = form_with(django_app.get(url, user=officer), "full_name")
    form["full_name"], form["title"], form["signed_on"] = "Lê Văn Hải", "Chủ tịch", "20/03/2019"
    form.submit().follow()
    covenant = Covenant.objects.get(year=world.year)
    assert covenant.is_signed
    stored = stored_compact(covenant)
    assert stored is not None and len(renders) == 1  # rendered once, when it was signed
    assert stored.file.storage.exists(stored.file.name)
    assert len(stored.code) == 10 and set(stored.code) <= set(store.CODE_ALPHABET)

    first = django_app.get(_compact_url(world), user=world.viewer)
    second = django_app.get(_compact_url(world), user=world.own)
    assert len(renders) == 1  # no download rendered anything
    assert first.body == second.body
    digest = hashlib.sha256(first.body).hexdigest()
    assert digest == stored.sha256 == first.headers["X-Document-SHA256"]
    assert second.headers["X-Document-SHA256"] == digest
    assert first.headers["ETag"] == f'"{digest}"'
    assert first.headers["Cache-Control"] == "private, no-store"
    assert first.headers["Content-Type"] == "application/pdf"
    assert first.headers["Content-Disposition"].startswith("inline; filename=")
    assert first.headers["X-Document-Code"] == stored.display_code
    assert "Lê Văn Hải" in _text(first.body)


def test_another_clusters_officer_gets_404_for_a_stored_compact(world, django_app):
    hai_duong, officer = _last_to_sign(world)
    covenant = Covenant.objects.get(year=world.year)
    campaign_services.covenant_sign(
        actor=officer,
        covenant=covenant,
        unit=hai_duong,
        full_name="Lê Văn Hải",
        title="Chủ tịch",
        signed_on=covenant.signing_date,
    )
    assert StoredDocument.objects.filter(kind="compact").count() == 1
    django_app.get(_compact_url(world), user=world.outsider, status=404)


def test_a_closed_years_report_is_served_as_stored_after_the_data_changes(
    world, django_app, renders
):
    _finish_the_year(world)
    django_app.get(_close_url(world), user=world.secretariat).forms["year-close-form"].submit()
    world.year.refresh_from_db()
    assert world.year.is_closed
    report = stored_report(world.year)
    assert report is not None
    kinds = set(StoredDocument.objects.filter(year=world.year).values_list("kind", flat=True))
    assert {"report", "minutes"} <= kinds  # the closed rounds' minutes too
    url = reverse("campaigns:report_pdf", args=[world.cluster.slug, world.year.year])
    before = django_app.get(url, user=world.viewer)
    assert before.headers["X-Document-SHA256"] == report.sha256
    # Someone changes the conference behind the services' back: the stored report stays.
    Unit.objects.filter(pk=world.nam_dinh.pk).update(name="Tên Đổi Hẳn")
    world.year.refresh_from_db()
    assert "Tên Đổi Hẳn" in _text(report_pdf(world.year))  # a new render would show it
    count = len(renders)
    after = django_app.get(url, user=world.viewer)
    assert after.body == before.body and len(renders) == count
    assert "Tên Đổi Hẳn" not in _text(after.body)
    minutes = StoredDocument.objects.filter(year=world.year, kind="minutes").first()
    round_url = reverse(
        "scoring:round_minutes", args=[world.cluster.slug, world.year.year, minutes.source_id]
    )
    served = django_app.get(round_url, user=world.own)
    assert served.headers["X-Document-SHA256"] == minutes.sha256 and len(renders) == count


def test_a_rolled_back_freeze_leaves_no_file_and_a_committed_one_stays(world):
    covenant = helpers.signed_covenant(world)

    def freeze():
        return store.freeze(
            kind="compact", source=covenant, render=lambda: b"%PDF-1.7 x", filename="a.pdf",
            year=world.year,
        )  # fmt: skip

    with pytest.raises(RuntimeError), transaction.atomic():
        rolled_back = freeze()
        storage, name = rolled_back.file.storage, rolled_back.file.name
        assert storage.exists(name)
        raise RuntimeError("the service failed after freezing")
    # What request_finished runs at the end of the request (sending the signal itself would
    # also close the test's database connection: Django's close_old_connections listens too).
    store._discard_after_request()
    assert not storage.exists(name)
    assert not StoredDocument.objects.exists()

    with transaction.atomic():  # a savepoint released: the file belongs to its row
        kept = freeze()
    assert store.discard_rolled_back() == 0
    assert kept.file.storage.exists(kept.file.name)
    assert freeze().pk == kept.pk  # frozen once: the same row, nothing rendered again


def test_a_draft_is_cached_until_the_years_data_changes(world, django_app, renders):
    hai_duong, officer = _last_to_sign(world)
    covenant = Covenant.objects.get(year=world.year)
    covenant.signatures.filter(unit=world.thai_binh).delete()
    first = django_app.get(_compact_url(world), user=world.viewer)
    again = django_app.get(_compact_url(world), user=world.own)
    assert len(renders) == 1 and again.body == first.body
    assert first.headers["Cache-Control"] == "private, no-store"
    assert "X-Document-SHA256" not in first.headers  # a draft has no stored hash
    campaign_services.covenant_sign(
        actor=world.other,
        covenant=covenant,
        unit=world.thai_binh,
        full_name="Người ký mới Thái Bình",
        title="Chủ tịch",
        signed_on=covenant.signing_date,
    )
    changed = django_app.get(_compact_url(world), user=world.viewer)
    assert len(renders) == 2
    assert "Người ký mới Thái Bình" in _text(changed.body)
    assert not StoredDocument.objects.exists()  # still a draft: Hải Dương has not signed


def test_freeze_documents_stores_what_is_final_once(world, renders):
    covenant = helpers.signed_covenant(world)  # signed before documents were stored
    Covenant.objects.create(year=world.year, version=2)  # the next version, a draft: not final
    call_command("freeze_documents", stdout=io.StringIO())
    stored = stored_compact(covenant)
    assert stored is not None and len(renders) == 1
    assert StoredDocument.objects.count() == 1
    out = io.StringIO()
    call_command("freeze_documents", world.cluster.slug, str(world.year.year), stdout=out)
    assert len(renders) == 1 and StoredDocument.objects.count() == 1
    assert "0" in out.getvalue()


def test_a_sent_letter_is_stored_when_sent_and_served_as_sent(world, django_app, renders):
    from awards import services as award_services
    from awards.final_documents import stored_proposal
    from tests.awards.proposal_builders import drafted

    proposal = drafted(world)
    proposal.number, proposal.date = "12/TTr-CTĐ", datetime.date(2019, 3, 20)
    proposal.save()
    url = reverse("awards:proposal_document", args=[world.cluster.slug, 2018, proposal.pk])
    draft = django_app.get(url, user=world.secretariat)
    assert "X-Document-SHA256" not in draft.headers and stored_proposal(proposal) is None
    page = django_app.get(proposal.get_absolute_url(), user=world.secretariat)
    form = next(f for f in page.forms.values() if "gui" in (f.action or ""))
    form.submit()
    proposal.refresh_from_db()
    assert proposal.state == "sent"
    stored = stored_proposal(proposal)
    count = len(renders)
    award_services.proposal_decide(
        actor=world.secretariat, proposal=proposal, decision_reference="Quyết định 9/QĐ-TTg"
    )
    served = django_app.get(url, user=world.viewer)
    assert served.headers["X-Document-SHA256"] == stored.sha256 and len(renders) == count


def test_the_demo_freezes_as_it_goes_and_freeze_documents_finds_nothing_left(db):
    from clusters.models import EmulationYear

    call_command("loaddemo", stdout=io.StringIO())
    closed = EmulationYear.objects.get(year=2018)
    assert closed.is_closed
    kinds = set(StoredDocument.objects.filter(year=closed).values_list("kind", flat=True))
    assert {"compact", "proposal", "minutes", "report", "decision"} <= kinds
    before = StoredDocument.objects.count()
    out = io.StringIO()
    call_command("freeze_documents", stdout=out)
    assert StoredDocument.objects.count() == before
    for stored in StoredDocument.objects.all():
        with stored.file.open("rb") as handle:
            assert hashlib.sha256(handle.read()).hexdigest() == stored.sha256
