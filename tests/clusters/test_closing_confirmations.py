"""Every irreversible step's form asks first (data-confirm, turned into the app's dialog by
static/js/app.js) with a sentence that says what cannot be undone; the dialog's own words come
from base.html in the page's language."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from awards import services as awards
from clusters.models import EmulationYear
from scoring import services as scoring
from tests.awards.proposal_builders import drafted
from tests.clusters.closing_builders import record_the_conference
from tests.scoring.builders import make_sheet, open_self_assessment, submitted

pytestmark = pytest.mark.django_db


def _question(page, form_id: str) -> str:
    form = page.html.find("form", id=form_id)
    assert form is not None, form_id
    return form["data-confirm"]


def _args(world, *extra):
    return [world.cluster.slug, world.year.year, *extra]


def test_the_dialogs_words_are_on_every_page(world, django_app):
    page = django_app.get(reverse("home"), user=world.own)
    body = page.html.body
    assert (body["data-confirm-title"], body["data-confirm-cancel"]) == ("Xác nhận", "Hủy")
    language = next(f for f in page.forms.values() if "language" in f.fields)
    language["language"] = "en"
    body = language.submit().follow().html.body
    # ("Hủy" becomes "Cancel" once this change's catalogue entries are merged.)
    assert body["data-confirm-title"] == "Confirm"


def test_deleting_a_criterion_or_a_section_asks(world, django_app):
    world.year.phase = EmulationYear.Phase.SETUP
    world.year.save()
    criteria = make_sheet(world.year)
    page = django_app.get(reverse("scoring:criteria", args=_args(world)), user=world.secretariat)
    leaf = _question(page, f"delete-{criteria['I.1'].pk}")
    assert leaf == "Xóa tiêu chí I.1? Việc xóa không hoàn tác được."
    section = _question(page, f"delete-{criteria['II'].pk}")
    assert section.startswith("Xóa mục II cùng tất cả tiêu chí con")


def test_deleting_evidence_and_finalising_a_sheet_ask(world, django_app):
    criteria = make_sheet(world.year)
    open_self_assessment(world.year)
    evidence = scoring.evidence_add(
        actor=world.own,
        year=world.year,
        unit=world.nam_dinh,
        criterion=criteria["I.2"],
        upload=SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4 x", "application/pdf"),
    )
    sheet = reverse("scoring:sheet", args=_args(world, world.nam_dinh.slug))
    page = django_app.get(sheet, user=world.own)
    question = _question(page, f"evidence-delete-{evidence.pk}")
    assert "“ke-hoach.pdf”" in question and "không khôi phục được" in question

    submitted(world.year, world.thai_binh, world.other, criteria)
    page = django_app.get(
        reverse("scoring:sheet", args=_args(world, world.thai_binh.slug)), user=world.secretariat
    )
    assert "không còn thay đổi được" in _question(page, "finalise-form")


def test_sending_deciding_and_deleting_a_proposal_ask(world, django_app):
    proposal = drafted(world)
    page = django_app.get(proposal.get_absolute_url(), user=world.secretariat)
    assert "không sửa, không xóa được nữa" in _question(page, "proposal-send-form")
    assert "không hoàn tác được" in _question(page, "proposal-delete-form")
    proposal = awards.proposal_update(
        actor=None, proposal=proposal, fields={"number": "12/TTr-CTĐ", "date": "2019-03-20"}
    )
    awards.proposal_send(actor=None, proposal=proposal)
    page = django_app.get(proposal.get_absolute_url(), user=world.secretariat)
    assert "không hoàn tác được" in _question(page, "proposal-decide-form")


def test_closing_the_year_asks(world, django_app):
    record_the_conference(world.year, world.secretariat)
    page = django_app.get(reverse("clusters:year_close", args=_args(world)), user=world.secretariat)
    assert _question(page, "year-close-form") == (
        "Khép lại năm thi đua 2018? Mọi dữ liệu của năm sẽ bị khóa; việc này không hoàn tác được."
    )
