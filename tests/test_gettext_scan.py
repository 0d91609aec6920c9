"""No interface text bypasses gettext: Python and templates are scanned for Vietnamese outside it.

Documents are always Vietnamese (DESIGN.md), so the modules and templates that only build
documents, the demo's story and the law's own data are left out of the scan by name below.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ["clusters", "campaigns", "scoring", "awards", "config"]
GETTEXT = {
    "_",
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
}
# Text that is not interface: printed documents, the demo's story, the law's data.
NOT_INTERFACE = (
    "*/migrations/*",
    "*/demo.py",
    "*/documents.py",
    "clusters/documents/*",
    "campaigns/report.py",
    "awards/certificates.py",
    "awards/decision_documents.py",
    "awards/catalogue.py",
    "clusters/wording.py",  # the law's document wording by unit kind (its interface words: gettext)
)
# Calls whose first argument is document text wherever they are written: a report section's
# title is printed in the (always Vietnamese) report, never shown in the interface.
DOCUMENT_TEXT_CALLS = {"ReportSection"}
VIETNAMESE = re.compile(r"[À-ỹ]")


def _not_interface(path: Path) -> bool:
    relative = path.relative_to(ROOT)
    return any(relative.match(pattern) for pattern in NOT_INTERFACE)


def _docstrings(tree: ast.AST) -> set[int]:
    ids: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def _translated(tree: ast.AST) -> set[int]:
    ids: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name in GETTEXT:
                for argument in ast.walk(node):
                    ids.add(id(argument))
            elif name in DOCUMENT_TEXT_CALLS and node.args:
                ids.update(id(argument) for argument in ast.walk(node.args[0]))
    return ids


def python_hits(path: Path, root: Path = ROOT) -> list[str]:
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source)
    skip = _docstrings(tree) | _translated(tree)
    return [
        f"{path.relative_to(root)}:{node.lineno}: {node.value[:60]!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in skip
        and VIETNAMESE.search(node.value)
        # A value that is only ever printed on a document says so on its line.
        and "# document text" not in lines[node.lineno - 1]
    ]


TEMPLATE_CODE = re.compile(
    r"{%\s*blocktranslate.*?{%\s*endblocktranslate\s*%}|{#.*?#}|{%.*?%}|{{.*?}}", re.S
)


def template_hits(path: Path) -> list[str]:
    text = TEMPLATE_CODE.sub("", path.read_text(encoding="utf-8"))
    return [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()[:60]!r}"
        for number, line in enumerate(text.splitlines(), start=1)
        if VIETNAMESE.search(line)
    ]


def test_python_interface_text_goes_through_gettext():
    files = [p for app in APPS for p in (ROOT / app).rglob("*.py") if not _not_interface(p)]
    hits = [hit for path in files for hit in python_hits(path)]
    assert hits == [], "\n".join(hits)


def test_templates_translate_their_text():
    templates = [p for p in (ROOT / "templates").rglob("*.html") if "documents" not in p.parts]
    hits = [hit for path in templates for hit in template_hits(path)]
    assert hits == [], "\n".join(hits)


def test_the_scan_finds_a_literal_outside_gettext(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        'from x import _\nA = _("Đã lưu")\nB = "Chưa lưu"\nC = "KT. CHỦ TỊCH"  # document text\n',
        encoding="utf-8",
    )
    assert [hit.split(": ", 1)[1] for hit in python_hits(sample, tmp_path)] == ["'Chưa lưu'"]
