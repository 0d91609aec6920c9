"""The ballot box apart from the register of who voted: receipts, the bulletin, the recount.

Officers cast through the round's page and read their receipt code off the page; after the
round closes each finds its ballot in the bulletin, the downloaded bulletin's SHA-256 is the one
the page and the minutes print, and scripts/recount_bulletin.py (outside the app) recounts it.
"""

import hashlib
import io
import json
import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import models
from django.urls import reverse

from clusters.models import AuditEvent, Unit
from scoring import ballots, bulletin
from scoring.models import Ballot, BallotRound, Candidate, VoterEntry
from tests.scoring.ballot_builders import ballot_round

pytestmark = pytest.mark.django_db
SCRIPT = Path(settings.BASE_DIR) / "scripts" / "recount_bulletin.py"


def _url(world, name, pk):
    return reverse(name, args=[world.cluster.slug, world.year.year, pk])


def _tick(form, round_, *units) -> None:
    wanted = {str(round_.candidates.get(unit=unit).pk) for unit in units}
    for index, field in enumerate(form.fields["candidate"]):
        form.set("candidate", field._value in wanted, index=index)


def _cast_on_the_page(django_app, world, round_, person, *units) -> str:
    """The officer ticks, sends (confirming a blank ballot if so) and reads the receipt."""
    page = django_app.get(_url(world, "scoring:round", round_.pk), user=person)
    form = page.forms["ballot-form"]
    _tick(form, round_, *units)
    page = form.submit()
    if not units:
        page = page.forms["ballot-blank-form"].submit()
    assert page.status_code == 200 and "no-store" in page.headers["Cache-Control"]
    code = page.html.select_one('[data-testid="receipt-code"]').text.strip()
    assert re.fullmatch(r"([0-9A-HJKMNP-TV-Z]{5}-){3}[0-9A-HJKMNP-TV-Z]{5}", code)
    return code


def _check(django_app, world, round_, person, code):
    page = django_app.get(_url(world, "scoring:receipt_check", round_.pk), user=person)
    form = page.forms["receipt-check-form"]
    form["code"] = code
    return form.submit()


# --- the models ---------------------------------------------------------------------------------


def _points_to(field, model) -> bool:
    return field.is_relation and field.related_model is model


def _holds_choices(model) -> bool:
    """A ballot's choices: the box itself, a relation to it, or a many-to-many to candidates."""
    if model is Ballot:
        return True
    for field in model._meta.get_fields(include_hidden=True):
        if field.concrete and (
            _points_to(field, Ballot) or (field.many_to_many and field.related_model is Candidate)
        ):
            return True
    return model._meta.auto_created and any(
        _points_to(f, Ballot) for f in model._meta.get_fields() if f.concrete
    )


def test_no_model_holds_both_a_ballots_choices_and_a_voter_or_a_time():
    person = apps.get_model(settings.AUTH_USER_MODEL)
    every = apps.get_models(include_auto_created=True)
    holders = [model for model in every if _holds_choices(model)]
    assert Ballot in holders
    for model in holders:
        for field in model._meta.concrete_fields:
            where = f"{model._meta.label}.{field.name}"
            assert not (_points_to(field, Unit) or _points_to(field, person)), where
            assert not isinstance(field, models.DateField | models.TimeField), where  # incl. time
            if field.primary_key:
                # Not sequential, not time-ordered (no UUID1/6/7): a random UUID4.
                assert isinstance(field, models.UUIDField) and field.default is uuid.uuid4, where
        for field in model._meta.get_fields(include_hidden=True):
            if field.many_to_many:
                assert field.related_model not in (Unit, person), f"{model._meta.label}"
    # The register knows who voted and when, and nothing of what.
    register = {f.name for f in VoterEntry._meta.get_fields()}
    assert {"unit", "cast_by", "cast_at"} <= register and "choices" not in register
    assert not any(_points_to(f, Ballot) or _points_to(f, Candidate) for f in
                   VoterEntry._meta.get_fields())  # fmt: skip


# --- casting: the register, the box, the receipt shown once -------------------------------------


def test_a_ballot_is_one_register_entry_and_one_box_entry_sharing_only_the_round(world, django_app):
    round_ = ballot_round(world.year, seats=2)
    code = _cast_on_the_page(django_app, world, round_, world.own, world.ha_nam, world.thai_binh)
    entry, ballot = VoterEntry.objects.get(), Ballot.objects.get()
    assert (entry.round, entry.unit, entry.cast_by) == (round_, world.nam_dinh, world.own)
    assert ballot.round == round_ and uuid.UUID(str(ballot.pk)).version == 4
    assert ballot.choices == sorted(
        round_.candidates.filter(unit__in=[world.ha_nam, world.thai_binh]).values_list(
            "pk", flat=True
        )
    )
    plain = bulletin.normalise_code(code)
    assert ballot.receipt_digest == hashlib.sha256(f"{round_.pk}:{plain}".encode()).hexdigest()
    # The code is kept nowhere: not in any table (sessions, audit, the box), not in the page.
    dump = io.StringIO()
    call_command("dumpdata", stdout=dump)
    assert plain not in dump.getvalue() and code not in dump.getvalue()
    page = django_app.get(_url(world, "scoring:round", round_.pk), user=world.own)
    assert code not in page.text and "Đơn vị của anh/chị đã bỏ phiếu." in page.text
    # The event says that Nam Định voted; nothing of the choices, the digest or the box's key.
    event = AuditEvent.objects.get(action="ballot.cast")
    text = json.dumps([event.summary, event.changes], ensure_ascii=False, default=str)
    assert "Nam Định đã bỏ phiếu" in text
    assert ballot.receipt_digest not in text and str(ballot.pk) not in text
    assert "Hà Nam" not in text and "Thái Bình" not in text


def test_each_ballot_rewrites_the_rounds_box_with_fresh_keys(world):
    round_ = ballot_round(world.year)
    ballots.ballot_cast(actor=world.own, ballot_round=round_, candidate_ids=[])
    first = Ballot.objects.get()
    ballots.ballot_cast(actor=world.other, ballot_round=round_, candidate_ids=[])
    after = list(Ballot.objects.values_list("pk", "receipt_digest"))
    assert len(after) == 2 and first.receipt_digest in {d for _pk, d in after}
    assert first.pk not in {pk for pk, _d in after}  # no key survives to date a ballot


def test_a_refused_ballot_writes_neither_register_nor_box(world):
    round_ = ballot_round(world.year)
    ballots.ballot_cast(actor=world.own, ballot_round=round_, candidate_ids=[])
    with pytest.raises(ballots.Refused, match="đã bỏ phiếu"):
        ballots.ballot_cast(actor=world.own, ballot_round=round_, candidate_ids=[])
    assert VoterEntry.objects.count() == 1 and Ballot.objects.count() == 1


# --- the bulletin, the check, the recount -------------------------------------------------------


def test_after_closing_every_unit_finds_its_receipt_and_the_bulletin_recounts(
    world, django_app, tmp_path
):
    round_ = ballot_round(world.year, seats=1)
    codes = {
        "own": _cast_on_the_page(django_app, world, round_, world.own, world.ha_nam),
        "other": _cast_on_the_page(django_app, world, round_, world.other, world.ha_nam),
        "secretariat": _cast_on_the_page(django_app, world, round_, world.secretariat),
    }
    # While open: the number that voted, no bulletin, nothing to check yet.
    page = django_app.get(_url(world, "scoring:round", round_.pk), user=world.secretariat)
    assert "đã bỏ phiếu: 3/4 đơn vị" in page.text
    assert page.html.select_one('[data-testid="bulletin"]') is None
    django_app.get(_url(world, "scoring:round_bulletin", round_.pk), user=world.viewer, status=404)
    page = django_app.get(_url(world, "scoring:receipt_check", round_.pk), user=world.own)
    assert page.html.select_one('[data-testid="check-unpublished"]') is not None
    assert "receipt-check-form" not in page.forms
    ballots.round_close(actor=world.secretariat, ballot_round=round_)

    page = django_app.get(_url(world, "scoring:round", round_.pk), user=world.viewer)
    shown = page.html.select_one('[data-testid="bulletin-sha256"]').text.strip()
    rows = page.html.select('[data-testid="bulletin-lines"] tbody tr')
    digests = [row.select_one("code").text for row in rows]
    assert len(rows) == 3 and digests == sorted(digests)
    assert sorted(row.select("td")[1].text for row in rows) == ["Hà Nam", "Hà Nam", "Phiếu trắng"]
    download = django_app.get(_url(world, "scoring:round_bulletin", round_.pk), user=world.viewer)
    assert download.content_type == "application/json"
    assert hashlib.sha256(download.body).hexdigest() == shown
    minutes = django_app.get(
        _url(world, "scoring:round_minutes", round_.pk) + "?format=html", user=world.viewer
    )
    assert shown in minutes.text and "3 phiếu" in minutes.text
    published = json.loads(download.body)
    assert published["tally"]["blank"] == 1 and published["tally"]["ballots"] == 3
    assert {v["unit"]: v["votes"] for v in published["tally"]["votes"]}["Hà Nam"] == 2

    for persona, code in codes.items():
        person = getattr(world, persona)
        page = _check(django_app, world, round_, person, code.lower().replace("-", " "))
        found = page.html.select_one('[data-testid="check-found"]')
        assert found is not None, persona
        chosen = "Phiếu trắng" if persona == "secretariat" else "Phiếu chọn: Hà Nam"
        assert chosen in found.text
        digest = bulletin.receipt_digest(round_.pk, bulletin.normalise_code(code))
        assert digest in found.text and digest in digests

    # Recounted outside the app, from the file as downloaded.
    path = tmp_path / "bang-ket-qua.json"
    path.write_bytes(download.body)
    run = subprocess.run(
        [sys.executable, str(SCRIPT), str(path), "--sha256", shown, "--code", codes["own"]],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert f"SHA-256 {shown}" in run.stdout and "recount matches the published tally" in run.stdout
    assert re.search(r"^\s+2\s+Hà Nam$", run.stdout, re.M)
    assert "receipt found: Hà Nam" in run.stdout
    # A bulletin whose tally was changed by one vote is caught.
    changed = json.loads(download.body)
    changed["tally"]["votes"][0]["votes"] += 1
    path.write_bytes(bulletin.canonical_bytes(changed))
    run = subprocess.run(
        [sys.executable, str(SCRIPT), str(path), "--sha256", shown],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1 and "MISMATCH" in run.stderr and "SHA-256 is not" in run.stderr


def test_a_code_of_another_round_or_not_a_code_is_reported(world, django_app):
    flag = ballot_round(world.year, kind=BallotRound.Kind.FLAG)
    head = ballot_round(world.year, kind=BallotRound.Kind.HEAD)
    flag_code = _cast_on_the_page(django_app, world, flag, world.own, world.ha_nam)
    head_code = _cast_on_the_page(django_app, world, head, world.own, world.ha_nam)
    for person in (world.other, world.secretariat):
        for round_ in (flag, head):
            ballots.ballot_cast(actor=person, ballot_round=round_, candidate_ids=[])
    ballots.round_close(actor=world.secretariat, ballot_round=flag)
    ballots.round_close(actor=world.secretariat, ballot_round=head)

    page = _check(django_app, world, flag, world.own, head_code)
    missing = page.html.select_one('[data-testid="check-not-found"]').text
    assert "Không có trong bảng kết quả của vòng này" in missing
    assert "mã biên nhận của vòng “Suy tôn Cụm trưởng năm sau”" in missing
    assert page.html.select_one('[data-testid="check-found"]') is None
    page = _check(django_app, world, flag, world.own, "7KQ2M-XP9DA-3B8HW-Z4N6R")
    assert "Không có trong bảng kết quả của vòng này" in page.text
    page = _check(django_app, world, flag, world.own, "không phải mã")
    error = page.html.select_one("#receipt-check-form #div_id_code").text
    assert "Mã biên nhận gồm 20 ký tự" in error
    assert page.html.select_one('[data-testid="check-not-found"]') is None
    page = _check(django_app, world, flag, world.own, flag_code)
    assert page.html.select_one('[data-testid="check-found"]') is not None


def test_a_paper_round_has_no_bulletin_and_no_receipts(world, django_app):
    round_ = ballot_round(world.year, mode=BallotRound.Mode.HALL)
    BallotRound.objects.filter(pk=round_.pk).update(state=BallotRound.State.CLOSED)
    django_app.get(_url(world, "scoring:receipt_check", round_.pk), user=world.own, status=404)
    django_app.get(_url(world, "scoring:round_bulletin", round_.pk), user=world.own, status=404)
    page = django_app.get(_url(world, "scoring:round", round_.pk), user=world.own)
    assert page.html.select_one('[data-testid="bulletin"]') is None


def test_the_bulletins_bytes_are_its_canonical_json():
    data = bulletin.build(
        cluster="c",
        year=2018,
        round_id=7,
        kind="flag",
        kind_label="Cờ",
        seats=1,
        members=3,
        votes_needed=2,
        candidates=[bulletin.CandidateLine(2, "Hà Nam"), bulletin.CandidateLine(1, "Nam Định")],
        ballots=[
            bulletin.BallotLine("b", (2,)),
            bulletin.BallotLine("a", ()),
            bulletin.BallotLine("c", (2,)),
        ],  # fmt: skip
        elected=[2],
    )
    raw = bulletin.canonical_bytes(data)
    assert raw == json.dumps(json.loads(raw), ensure_ascii=False, sort_keys=True,
                             separators=(",", ":")).encode()  # fmt: skip
    assert [line["receipt_digest"] for line in data["ballots"]] == ["a", "b", "c"]
    assert data["tally"]["votes"][0] == {"candidate": 2, "unit": "Hà Nam", "votes": 2,
                                         "elected": True}  # fmt: skip
    assert (data["tally"]["ballots"], data["tally"]["blank"]) == (3, 1)
    assert bulletin.sha256(data) == hashlib.sha256(raw).hexdigest()
    assert "Hà Nam".encode() in raw  # UTF-8, not \\u escapes


@pytest.mark.parametrize(
    ("typed", "plain"),
    [
        ("7kq2m xp9da 3b8hw z4n6r", "7KQ2MXP9DA3B8HWZ4N6R"),  # any case, spaces
        ("OIL00-11111-22222-33333", "01100111112222233333"),  # O read as 0, I and L as 1
        ("7KQ2M-XP9DA-3B8HW", None),  # too short
        ("7KQ2M-XP9DA-3B8HW-Z4N6U", None),  # U is not in the alphabet
    ],
)
def test_a_typed_code_is_read_as_crockford_base32(typed, plain):
    assert bulletin.normalise_code(typed) == plain
    code = bulletin.new_receipt_code()
    assert bulletin.normalise_code(bulletin.grouped(code)) == code and len(code) == 20
