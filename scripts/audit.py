"""Known vulnerabilities in the pinned packages (make pip-audit, CI).

    python scripts/audit.py constraints.txt constraints-dev.txt

Runs pip-audit on each constraints file against PyPI's vulnerability data (the packages as
pinned, no resolution). Exits 1 when a package has a known vulnerability or could not be
checked while others could; exits 0 with "SKIPPED" when the vulnerability database cannot be
reached at all (closed networks), unless AUDIT_REQUIRED=1 says it must be.

A closed network does not always fail loudly: a stub that answers 404 for every package makes
pip-audit report each one "not found on PyPI" and then "No known vulnerabilities found" with
exit code 0. So the verdict is read from its JSON report, never from its exit code alone.
"""

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import requests

PROBE = "https://pypi.org/pypi/pip/json"  # what pip-audit's PyPI service asks, for one package
PROBE_TIMEOUT = 5


@dataclass(frozen=True)
class Verdict:
    status: str  # "passed", "failed" or "skipped"
    message: str


def judge(report: dict) -> Verdict:
    """What one pip-audit JSON report says about its constraints file."""
    dependencies = report.get("dependencies", [])
    vulnerable = [dep for dep in dependencies if dep.get("vulns")]
    unchecked = [dep for dep in dependencies if "skip_reason" in dep]
    if vulnerable:
        lines = [
            f"{dep['name']} {dep['version']}: {vuln['id']} (fixed in "
            f"{', '.join(vuln.get('fix_versions') or []) or 'no release yet'})"
            for dep in vulnerable
            for vuln in dep["vulns"]
        ]
        return Verdict("failed", "known vulnerabilities:\n  " + "\n  ".join(lines))
    if dependencies and len(unchecked) == len(dependencies):
        return Verdict("skipped", f"no package could be looked up ({unchecked[0]['skip_reason']})")
    if unchecked:
        names = ", ".join(dep["name"] for dep in unchecked)
        return Verdict("failed", f"these packages could not be checked: {names}")
    return Verdict("passed", f"{len(dependencies)} packages, no known vulnerability")


def reachable() -> str | None:
    """None when PyPI's vulnerability data answers, else why not."""
    try:
        response = requests.get(PROBE, timeout=PROBE_TIMEOUT)
    except requests.RequestException as error:
        return f"{PROBE} cannot be reached ({type(error).__name__})"
    if response.status_code != 200:
        return f"{PROBE} answers {response.status_code}"
    return None


def audit(constraints: Path) -> Verdict:
    with tempfile.TemporaryDirectory() as scratch:
        output = Path(scratch) / "report.json"
        result = subprocess.run(
            [
                *(sys.executable, "-m", "pip_audit"),
                *("--requirement", str(constraints), "--no-deps", "--disable-pip"),
                *("--format", "json", "--output", str(output), "--progress-spinner", "off"),
            ],
            capture_output=True,
            text=True,
            timeout=600,
        )
        if not output.exists() or not output.read_text().strip():
            tail = (result.stderr.strip().splitlines() or ["no output"])[-1]
            return Verdict("skipped", f"pip-audit stopped without a report: {tail}")
        return judge(json.loads(output.read_text()))


def main(paths: list[str]) -> int:
    required = os.environ.get("AUDIT_REQUIRED") == "1"
    if why := reachable():
        print(f"pip-audit SKIPPED: the vulnerability database is out of reach here: {why}.")
        return 1 if required else 0
    worst = 0
    for path in paths:
        verdict = audit(Path(path))
        print(f"pip-audit {path}: {verdict.status.upper()}: {verdict.message}")
        if verdict.status == "failed" or (verdict.status == "skipped" and required):
            worst = 1
    return worst


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["constraints.txt", "constraints-dev.txt"]))
