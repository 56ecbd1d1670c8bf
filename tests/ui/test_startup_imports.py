"""Start-up imports only what the first paint needs (issue 21).

The app runs in a real subprocess with ``-X importtime`` and
``--benchmark-startup``; its stderr (one line per import, written as it
happens) and stdout (the ``startup`` line, printed at the loaded window's
first paint) share one pipe, so the order of lines says which modules were
imported before the window painted and which after.

A project file is painted from workbench.reader (sqlite3 alone); SQLAlchemy,
the model and the service load after the paint, on a thread, and take over
(ui.session.loading).  The in-process tests below check that the window
painted from the reader is the same project, and that editing, undo and a
worker's own connection work after the hand-over and before it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]

#: Screens and parsers the first paint does not show: imported on first use or
#: just after the first paint (ui.window.extensions).
DEFERRED = (
    "ui.dialogs.claim_dialog",
    "ui.dialogs.evidence_form",
    "ui.dialogs.source_dialog",
    "ui.dialogs.export_dialog",
    "ui.dialogs.settings_dialog",
    "ui.document.paste_dialog",
    "ui.document.import_actions",
    "ui.document.suggestions_panel",
    "ui.document.orphans_panel",
    "ui.board.history_panel",
    "ui.sharing.sharing_actions",
    "ui.window.help_dialogs",
    "workbench.merge",
    "rapidfuzz",
)

#: The service's modules: loaded after the first paint, off the GUI thread.
SERVICE = ("sqlalchemy", "sqlalchemy.orm", "workbench.store.model", "workbench.store.exchange", "workbench.service")


def imports_around_first_paint(tmp: Path, *args: str) -> tuple[list[str], list[str]]:
    """(modules imported before the first paint, modules imported after it)."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp / "config"),
               XDG_DATA_HOME=str(tmp / "data"), PYTHONUNBUFFERED="1")
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "ui.app", *args, "--benchmark-startup"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, cwd=ROOT,
                            timeout=180)
    assert result.returncode == 0, result.stdout[-2000:]
    before: list[str] = []
    after: list[str] = []
    current = before
    for line in result.stdout.splitlines():
        if line.startswith("startup "):
            current = after
        elif line.startswith("import time:") and "|" in line and "cumulative" not in line:
            current.append(line.rsplit("|", 1)[1].strip())
    assert current is after, "the app never printed its first-paint line"
    return before, after


def test_the_first_paint_imports_no_dialog_assistant_or_sharing_module(tmp_path: Path) -> None:
    before, after = imports_around_first_paint(tmp_path, "--demo")
    early = sorted(name for name in DEFERRED if name in before)
    assert early == [], f"imported before the first paint: {early}"
    # The window itself, and the project file's checks, are there before it paints.
    assert "ui.window.main_window" in before
    assert "workbench.store.projectfile" in before and "workbench.reader" in before
    # The optional screens still arrive, just after the paint.
    assert {"ui.document.suggestions_panel", "ui.sharing.sharing_actions", "ui.board.history_panel"} <= set(after)



@pytest.mark.parametrize("how", ["--demo", "project"])
def test_the_window_paints_before_sqlalchemy_or_the_service_is_imported(tmp_path: Path, demo_path: Path,
                                                                        how: str) -> None:
    args = ("--demo",) if how == "--demo" else (str(demo_path),)
    if how == "--demo":  # the very first --demo writes the demo's template, through the service
        imports_around_first_paint(tmp_path, *args)
    before, after = imports_around_first_paint(tmp_path, *args)
    early = [name for name in SERVICE if name in before]
    assert early == [], f"imported before the first paint: {early}"
    assert set(SERVICE) <= set(after), "the service is loaded just after the first paint"


def _loaded(w: Any) -> bool:
    from workbench.service import ProjectService

    return isinstance(w.ctx.service, ProjectService)


def test_the_reader_paints_the_project_and_editing_works_once_the_service_took_over(qtbot: Any,
                                                                                      demo_path: Path) -> None:
    from tests.ui.conftest import open_window
    from ui.session.loading import LoadingService
    from workbench.service import ProjectService

    w = open_window(qtbot, demo_path, extensions=False)
    try:
        ctx = w.ctx
        assert isinstance(ctx.service, LoadingService) or _loaded(w)
        # What the window shows came from the reader, and is the project's content.
        svc = ProjectService.open(demo_path, read_only=True)
        try:
            assert list(ctx.store.claims.values()) == svc.list_claims()
            assert ctx.store.assessments == svc.assess_all()
        finally:
            svc.close()
        qtbot.waitUntil(lambda: _loaded(w), timeout=30_000)  # loaded after the paint, without a write
        assert ctx.store.service is ctx.service
        claim = ctx.current_claim
        with qtbot.waitSignal(ctx.changed, timeout=10_000):
            assert ctx.run("Edit claim", lambda: ctx.service.update_claim(claim, note="checked")) is not None
        assert ctx.store.claims[claim]["note"] == "checked"
        with qtbot.waitSignal(ctx.changed, timeout=10_000):
            w.undo_action.trigger()
        assert ctx.store.claims[claim]["note"] == ""
    finally:
        w.set_context(None)


def test_a_write_before_the_service_loaded_waits_for_it(qtbot: Any, demo_path: Path) -> None:
    """A window that never painted (or a write in the first quarter second) loads the service on the spot."""
    from ui.session.loading import LoadingService
    from ui.window.main_window import MainWindow

    w = MainWindow(restore_layout=False, extensions=False)
    qtbot.addWidget(w)
    try:
        assert w.open_path(demo_path, remember=False)
        ctx = w.ctx
        assert isinstance(ctx.service, LoadingService) and not ctx.service.loaded
        claim = ctx.current_claim
        assert ctx.run("Edit claim", lambda: ctx.service.update_claim(claim, note="first")) is not None
        assert ctx.store.claims[claim]["note"] == "first"
        assert ctx.service.history(limit=1)[0]["action"] == "update_claim"
        # A worker's own connection, through the same stand-in.
        other = ctx.service.reopen(read_only=True)
        try:
            assert other.claim(claim)["note"] == "first"
        finally:
            other.close()
    finally:
        w.set_context(None)
    from workbench.service import ProjectService

    ProjectService.open(demo_path).close()  # closing the window released the file
