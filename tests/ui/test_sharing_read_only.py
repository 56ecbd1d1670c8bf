"""Read-only projects: asked for (menu or ``--read-only``), forced (file or folder not
writable), or offered when another program is writing the file.  Each time the
window says so in a banner and its title, and nothing can be changed."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.ui.conftest import open_window
from ui.session import messages
from ui.session.messages import (
    ask_read_only as real_ask_read_only,  # taken before the tests' stand-in
)
from workbench.demo import write_demo

ROOT = Path(__file__).resolve().parents[2]
HOLD = ("import sys\n"
        "from workbench.service import ProjectService\n"
        "svc = ProjectService.open(sys.argv[1], analyst='colleague')\n"
        "print('ready', flush=True)\n"
        "sys.stdin.readline()\n"
        "svc.close()\n")


@pytest.fixture
def window(qtbot: Any) -> Iterator[Any]:
    """A window with every extension, no project yet."""
    w = open_window(qtbot)
    yield w
    w.set_context(None)


@pytest.fixture
def held(demo_path: Path) -> Iterator[Path]:
    """The demo held open for writing by a second, real process (a colleague's app)."""
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(demo_path)], cwd=ROOT, text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        line = proc.stdout.readline()  # type: ignore[union-attr]
        assert line.strip() == "ready", proc.stderr.read() if proc.stderr else line  # type: ignore[union-attr]
        yield demo_path
    finally:
        proc.communicate("\n", timeout=30)


def assert_read_only(w: Any, reason: str) -> None:
    """The notice is visible, says why, and no edit is possible."""
    sharing = w.extensions["sharing"]
    assert w.ctx is not None and w.ctx.read_only
    assert f"{w.ctx.path.name} (read-only)" in w.windowTitle()
    assert sharing.banner.isVisible()
    assert reason in sharing.banner.label.text() and "save a copy" in sharing.banner.label.text()
    enabled = [a.text() for a in [*w.menu_actions.writes(), sharing.merge_action,
                                  w.extensions["import"].replace_action] if a.isEnabled()]
    assert enabled == [], "edits are off in a read-only project"
    assert w.menu_actions.save_copy.isEnabled(), "saving a copy is how to edit"
    assert not w.board.add_button.isEnabled()


def test_open_read_only_from_the_file_menu(window: Any, qtbot: Any, demo_path: Path, dialogs: Any) -> None:
    w = window
    sharing = w.extensions["sharing"]
    assert sharing.open_read_only_action in w.menus["file"].actions()
    assert not sharing.banner.isVisible()
    before = demo_path.read_bytes()
    dialogs.open_path = str(demo_path)
    sharing.open_read_only_action.trigger()
    assert_read_only(w, "it was opened read-only")

    # A write that slips past the disabled actions is refused with the service's message.
    assert w.ctx.run("Add evidence", lambda: w.ctx.service.link_evidence("c1", "s-bbc", "corroborates", 2)) is None
    assert dialogs.errors == [("Could not add evidence",
                               f"{demo_path}: opened read-only; save a copy to make changes")]
    assert w.ctx.undo_stack.count() == 0

    w.set_context(None)
    assert not sharing.banner.isVisible() and "(read-only)" not in w.windowTitle()
    assert demo_path.read_bytes() == before, "looking changes nothing"
    assert w.open_path(demo_path, remember=False)  # opened normally again: no notice, edits on
    assert not w.ctx.read_only and not sharing.banner.isVisible() and w.menu_actions.delete.isEnabled()
    assert sharing.merge_action.isEnabled()


def test_a_folder_that_is_not_writable_opens_read_only_with_a_notice(
        window: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "shared drive"
    folder.mkdir()
    path = write_demo(folder / "project.db", analyst="tester")
    folder.chmod(0o555)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        # root ignores permission bits: make the access check answer as it would for anyone else
        real_access = os.access
        denied = {folder.resolve(), path.resolve()}

        def access(p: Any, mode: int, *args: Any, **kwargs: Any) -> bool:
            if mode & os.W_OK and Path(p).resolve() in denied:
                return False
            return real_access(p, mode, *args, **kwargs)

        monkeypatch.setattr(os, "access", access)
    try:
        assert window.open_path(path, remember=False)  # not asked for read-only: chosen automatically
        assert_read_only(window, "the file or its folder is not writable")
        window.set_context(None)
    finally:
        folder.chmod(0o755)


def test_a_project_another_program_is_writing_is_offered_read_only(window: Any, held: Path,
                                                                    dialogs: Any) -> None:
    w = window
    asked: list[str] = []

    def ask(_parent: Any, message: str) -> bool:
        asked.append(message)
        return True

    messages_ask = messages.ask_read_only
    try:
        messages.ask_read_only = ask  # type: ignore[assignment]
        assert w.open_path(held, remember=False)
    finally:
        messages.ask_read_only = messages_ask  # type: ignore[assignment]
    assert len(asked) == 1 and "in use by another program" in asked[0] and str(held) in asked[0]
    assert dialogs.errors == [], "offered, not failed"
    assert_read_only(w, "another program has it open for writing")


def test_declining_read_only_opens_nothing(window: Any, held: Path, dialogs: Any) -> None:
    dialogs.read_only_answer = False
    assert not window.open_path(held, remember=False)
    assert window.ctx is None and dialogs.errors == []
    assert not window.extensions["sharing"].banner.isVisible()


def test_the_question_offers_open_read_only_or_cancel(window: Any, qtbot: Any, held: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The real question box: its two buttons, and clicking Open Read-Only."""
    monkeypatch.setattr(messages, "ask_read_only", real_ask_read_only)
    seen: list[list[str]] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        seen.append([b.text() for b in box.buttons()])
        next(b for b in box.buttons() if b.text() == "Open Read-Only").click()

    QTimer.singleShot(0, answer)
    assert window.open_path(held, remember=False)
    assert sorted(seen[0]) == ["Cancel", "Open Read-Only"]
    assert_read_only(window, "another program has it open for writing")


DRIVER = """
import os, sys
import ui.window.main_window as mw
from workbench.store.projectfile import is_locked

def show(self):
    print("title:", self.windowTitle())
    print("read_only:", self.ctx.read_only)
    print("writer_lock_taken:", is_locked(self.ctx.path))
    sys.stdout.flush()
    os._exit(0)

mw.MainWindow.show = show
import ui.app
sys.exit(ui.app.main(sys.argv[1:]))
"""


@pytest.mark.parametrize("flag", [True, False], ids=["with-flag", "without-flag"])
def test_the_read_only_command_line_flag(tmp_path: Path, demo_path: Path, flag: bool) -> None:
    """``verification-workbench PROJECT --read-only`` through the real ``ui.app.main``."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"),
               XDG_DATA_HOME=str(tmp_path / "data"))
    args = [str(demo_path)] + (["--read-only"] if flag else [])
    result = subprocess.run([sys.executable, "-c", DRIVER, *args], capture_output=True, text=True,
                            cwd=ROOT, env=env, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    lines = dict(line.split(": ", 1) for line in result.stdout.splitlines() if ": " in line)
    assert lines["read_only"] == str(flag)
    assert ("(read-only)" in lines["title"]) is flag
    # a writable window holds the writer lock; a read-only one leaves the file to others
    assert lines["writer_lock_taken"] == str(not flag)
