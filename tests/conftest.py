"""Shared fixtures: real project files on tmp_path, and the headless Qt platform."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from workbench.documents.importers import DocumentImportError

# Qt must be told before any QApplication exists (pytest-qt creates it lazily).
# The offscreen platform's own screen is 800×800; the tests run on a common
# desktop screen instead (1920×1080), since the window fits itself to the screen.
if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    from ui.app import offscreen_platform

    os.environ["QT_QPA_PLATFORM"] = offscreen_platform(1920, 1080)

# Property tests are reproducible by default (the same examples on every run, so
# CI never fails on a draw nobody can replay); HYPOTHESIS_PROFILE=explore searches
# afresh each run.
from hypothesis import settings as _hypothesis_settings  # noqa: E402

_hypothesis_settings.register_profile("repeatable", derandomize=True, deadline=None, print_blob=True)
_hypothesis_settings.register_profile("explore", deadline=None, print_blob=True)
_hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

# The tests never read or write the user's own keyring: the keyring library is told there is
# none, and the keyring tests start a private Secret Service of their own (tests/keyring_session.py).
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")

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


def refusal(path: Path, **options: object) -> DocumentImportError:
    """The error importing ``path`` (with the importer's ``options``) raises, checked to be one
    line naming the file and the reason."""
    from workbench.documents.importers import DocumentImportError, import_file

    with pytest.raises(DocumentImportError) as info:
        import_file(path, **options)  # type: ignore[arg-type]
    error = info.value
    assert str(error) == f"{path.name}: {error.reason}"
    assert "\n" not in str(error)
    assert error.path == path
    return error


@pytest.fixture(scope="session", autouse=True)
def _one_qapplication(qapp):  # noqa: ANN001, ANN202 - pytest-qt's fixture
    """Create the session's QApplication first.

    Core code that renders PDFs makes a bare QGuiApplication when none
    exists; if a core test ran first, the widget tests would inherit that
    and fail. Starting the full QApplication up front keeps test order
    irrelevant.
    """
    yield qapp


# --------------------------------------------------------------------------- team server

# A real PostgreSQL for the team-project tests: started once per test session by
# scripts/pg_throwaway.py (initdb in a temporary folder, a free port, as an
# unprivileged user when the tests run as root), removed afterwards. These tests
# never skip: a machine without PostgreSQL fails them (bootstrap.sh installs it).
TEAM_LOGINS = {"lena": "lead", "bob": "editor", "carol": "editor", "rita": "reader", "mallory": None}
TEAM_DB = "newsroom"


def _load_throwaway():
    import importlib.util

    spec = importlib.util.spec_from_file_location("pg_throwaway", ROOT / "scripts" / "pg_throwaway.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class TeamServer:
    """The throwaway server with a database prepared by ``vwb server init`` and five logins."""

    def __init__(self, server) -> None:
        self.server = server

    def url(self, login: str = "lena", project: str | None = None, password: str | None = "") -> str:
        pw = f"{login}-pw" if password == "" else password
        return self.server.url(login, pw, TEAM_DB, project)

    def admin_url(self, project: str | None = None) -> str:
        return self.server.url(database=TEAM_DB, project=project)

    def publish_demo(self, tmp_path: Path, name: str) -> str:
        from workbench.demo import write_demo
        from workbench.service import ProjectService

        path = write_demo(tmp_path / f"{name}.db", analyst="tester")
        svc = ProjectService.open(path, read_only=True)
        try:
            svc.copy_to(self.url("lena", name))
        finally:
            svc.close()
        return self.url("lena", name)

    def sql(self, sql: str, login: str = "lena"):
        import psycopg

        url = self.admin_url() if login == "admin" else self.url(login)
        with psycopg.connect(url, autocommit=True) as conn:
            cur = conn.execute(sql)
            return cur.fetchall() if cur.description else None


@pytest.fixture(scope="session")
def team_server():
    module = _load_throwaway()
    server = module.Throwaway().start()
    try:
        server.psql(f"CREATE DATABASE {TEAM_DB}")
        for login in TEAM_LOGINS:
            server.psql(f"CREATE ROLE {login} LOGIN PASSWORD '{login}-pw'")
        from workbench.store.server import admin
        from workbench.store.server.address import parse

        addr = parse(server.url(database=TEAM_DB))
        admin.init(addr)
        for login, level in TEAM_LOGINS.items():
            if level:
                admin.grant(addr, login, level)
        yield TeamServer(server)
    finally:
        server.remove()


@pytest.fixture
def secret_service(tmp_path: Path):
    """A private, unlocked Secret Service (tests/keyring_session.py) that the keyring library uses for
    the test, in place of the failing backend every other test has; stopped afterwards."""
    import keyring.core

    from tests import keyring_session

    service = keyring_session.start(tmp_path / "keyring")
    try:
        with pytest.MonkeyPatch.context() as env:
            env.setenv("DBUS_SESSION_BUS_ADDRESS", service.address)
            env.delenv("PYTHON_KEYRING_BACKEND", raising=False)
            keyring.core.init_backend()  # the library's own choice, as at the app's start
            yield service
    finally:
        keyring.core.init_backend()
        service.stop()


@pytest.fixture
def team_project(team_server, tmp_path: Path, request) -> str:
    """A fresh server project holding the demo, published by the lead; its name."""
    import re
    import uuid

    name = re.sub(r"[^a-z0-9_]", "_", request.node.name.lower())[:30] + "_" + uuid.uuid4().hex[:6]
    team_server.publish_demo(tmp_path, name)
    return name
