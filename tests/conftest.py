"""Shared fixtures: real project files on tmp_path, and the headless Qt platform."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

# Qt must be told before any QApplication exists (pytest-qt creates it lazily).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Property tests are reproducible by default (the same examples on every run, so
# CI never fails on a draw nobody can replay); HYPOTHESIS_PROFILE=explore searches
# afresh each run.
from hypothesis import settings as _hypothesis_settings  # noqa: E402

_hypothesis_settings.register_profile("repeatable", derandomize=True, deadline=None, print_blob=True)
_hypothesis_settings.register_profile("explore", deadline=None, print_blob=True)
_hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def demo_path(tmp_path: Path) -> Path:
    from workbench.demo import write_demo

    return write_demo(tmp_path / "demo.db", analyst="tester")


@pytest.fixture
def demo_service(demo_path: Path):
    from workbench.service import ProjectService

    svc = ProjectService.open(demo_path, analyst="tester")
    yield svc
    svc.close()


@pytest.fixture
def empty_service(tmp_path: Path):
    from workbench.service import ProjectService

    svc = ProjectService.create(tmp_path / "empty.db", "Empty", analyst="tester")
    yield svc
    svc.close()


def run_sql(path: Path, *statements: str, params: tuple = ()) -> None:
    """Change a project file behind the app's back, as another tool (or an attacker) would:
    ``statements`` in one transaction, ``params`` bound to the last one."""
    conn = sqlite3.connect(path)
    try:
        for i, stmt in enumerate(statements):
            conn.execute(stmt, params if i == len(statements) - 1 else ())
        conn.commit()
    finally:
        conn.close()


def run_vwb(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real ``vwb`` command in a subprocess, as a user or a script would."""
    return subprocess.run([sys.executable, "-m", "workbench.cli.main", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd, timeout=120)


@pytest.fixture(scope="session", autouse=True)
def _one_qapplication(qapp):  # noqa: ANN001, ANN202 - pytest-qt's fixture
    """Create the session's QApplication first.

    Core code that renders PDFs makes a bare QGuiApplication when none
    exists; if a core test ran first, the widget tests would inherit that
    and fail. Starting the full QApplication up front keeps test order
    irrelevant.
    """
    yield qapp
