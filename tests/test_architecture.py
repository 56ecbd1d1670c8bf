"""The layering rules: the core never imports the UI, nor Qt except the PDF renderer."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_linter_contracts_are_kept() -> None:
    exe = Path(sys.executable).with_name("lint-imports")
    res = subprocess.run([str(exe)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stdout[-2000:] + res.stderr[-2000:]
    assert "2 kept, 0 broken" in res.stdout


def test_core_modules_do_not_import_qt_directly() -> None:
    offenders = []
    for path in (ROOT / "workbench").rglob("*.py"):
        if path.name == "render_pdf.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(n.split(".")[0] in ("PySide6", "ui") for n in names):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
