"""The layering rules: the core never imports the UI, nor Qt; layers, no cycles, small folders."""

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
    assert "5 kept, 0 broken" in res.stdout


def test_core_modules_do_not_import_qt_directly() -> None:
    offenders = []
    for path in (ROOT / "workbench").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(n.split(".")[0] in ("PySide6", "ui") for n in names):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_no_import_cycles_even_through_lazy_or_type_only_imports() -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from import_cycles import cycles, import_graph
    finally:
        sys.path.pop(0)
    graph = import_graph()
    assert len(graph) > 100  # the scan really found the project's modules
    assert cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from import_cycles import cycles
    finally:
        sys.path.pop(0)
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_folder_holds_more_than_16_modules() -> None:
    crowded = {}
    for pkg in ("workbench", "ui"):
        for folder in [ROOT / pkg, *(p for p in (ROOT / pkg).rglob("*") if p.is_dir())]:
            modules = [p for p in folder.glob("*.py") if p.name not in ("__init__.py", "__main__.py")]
            if len(modules) > 16:
                crowded[str(folder.relative_to(ROOT))] = len(modules)
    assert crowded == {}


def test_every_package_says_what_it_holds_and_may_import() -> None:
    silent = []
    for init in list((ROOT / "workbench").rglob("__init__.py")) + list((ROOT / "ui").rglob("__init__.py")):
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
        if len(doc) < 40:
            silent.append(str(init.relative_to(ROOT)))
    assert silent == []
