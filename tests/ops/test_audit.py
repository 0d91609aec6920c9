"""make pip-audit's verdict, read from pip-audit's JSON report (scripts/audit.py)."""

import importlib.util
from pathlib import Path

import pytest

_SPEC = importlib.util.spec_from_file_location(
    "audit_script", Path(__file__).resolve().parents[2] / "scripts" / "audit.py"
)
audit = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(audit)

CLEAN = {"name": "django", "version": "5.2.19", "vulns": []}
NOT_FOUND = {
    "name": "asgiref",
    "skip_reason": "Dependency not found on PyPI and could not be audited: asgiref (3.13.0)",
}
VULNERABLE = {
    "name": "django",
    "version": "5.2.1",
    "vulns": [{"id": "PYSEC-2025-1", "fix_versions": ["5.2.2"], "aliases": []}],
}


def test_a_report_with_every_package_checked_and_clean_passes():
    assert audit.judge({"dependencies": [CLEAN]}).status == "passed"


def test_a_known_vulnerability_fails_and_names_the_fix():
    verdict = audit.judge({"dependencies": [CLEAN, VULNERABLE]})
    assert verdict.status == "failed"
    assert "PYSEC-2025-1" in verdict.message and "5.2.2" in verdict.message


def test_no_package_looked_up_is_a_closed_network_and_skips():
    """A stub answering 404 makes pip-audit itself say "No known vulnerabilities" (exit 0)."""
    verdict = audit.judge({"dependencies": [NOT_FOUND, {**NOT_FOUND, "name": "cffi"}]})
    assert verdict.status == "skipped"
    assert "could not be audited" in verdict.message


def test_some_packages_unchecked_while_others_were_is_a_failure_not_a_pass():
    verdict = audit.judge({"dependencies": [CLEAN, NOT_FOUND]})
    assert verdict.status == "failed"
    assert "asgiref" in verdict.message


@pytest.mark.parametrize("required", ["", "1"])
def test_an_unreachable_database_skips_unless_required(monkeypatch, capsys, required):
    monkeypatch.setattr(audit, "reachable", lambda: "https://pypi.org answers 404")
    monkeypatch.setenv("AUDIT_REQUIRED", required)
    assert audit.main(["constraints.txt"]) == (1 if required else 0)
    assert "SKIPPED" in capsys.readouterr().out
