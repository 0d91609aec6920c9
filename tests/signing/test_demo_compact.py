"""The demo's 2019 compact, signed by its nine members with the demo PKI through the services,
written by `export_compact` as stored: nine valid PAdES signatures and the certification."""

from __future__ import annotations

import asyncio

import pytest
from django.core.management import call_command

from campaigns.models import CovenantSignature
from clusters import demo_pki, signing
from clusters.demo import MEMBERS

pytestmark = pytest.mark.django_db


def _story_pki(settings, tmp_path) -> None:
    pki = tmp_path / "demo-pki"
    settings.SIGNING_PKCS12_PATH = str(pki / "seal.p12")  # not there yet: the story writes it
    settings.SIGNING_PKCS12_PASSWORD = demo_pki.DEMO_PASSWORD
    settings.SIGNING_TRUST_ROOTS = [str(pki / "root.pem")]


def test_export_compact_writes_the_2019_compact_with_nine_valid_signatures(settings, tmp_path):
    _story_pki(settings, tmp_path)
    call_command("loaddemo")
    output = tmp_path / "giao-uoc-2019.pdf"

    call_command("export_compact", "dong-bang-song-hong", "2019", "-o", str(output))

    report = signing.validate_pdf(output.read_bytes())
    assert report.all_valid, [(s.field_name, s.status) for s in report.signatures]
    assert report.certification == signing.Certification.FILL_FORMS
    members = sorted(s.field_name for s in report.signatures if s.certification is None)
    assert members == sorted(unit.slug for unit in MEMBERS)
    assert {s.signer for s in report.signatures if s.certification is None} == {
        unit.name for unit in MEMBERS
    }
    methods = CovenantSignature.objects.filter(covenant__year__year=2019).values_list(
        "method", flat=True
    )
    assert sorted(methods) == ["app"] * 8 + ["external"]


def test_the_demo_signs_in_a_thread_that_already_runs_an_event_loop(
    settings, tmp_path, monkeypatch
):
    """A browser test (or any async caller) can leave an event loop running in the thread;
    pyHanko's own loop then runs beside it, never inside it (CI met it once)."""
    _story_pki(settings, tmp_path)
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # the ORM inside the loop, as there

    async def inside_a_loop() -> None:
        call_command("loaddemo")

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(inside_a_loop())
    else:  # an earlier test of this worker left one running: the case itself
        call_command("loaddemo")
    signed = CovenantSignature.objects.filter(covenant__year__year=2019)
    assert signed.count() == 9 and signed.filter(method="external").count() == 1
