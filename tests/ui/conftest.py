"""UI test fixtures: isolated settings, dialogs that never block, a demo window and context.

Every message box goes through ``ui.session.messages``; here those functions record
what would have been shown and answer as the test says, so no test is ever
left waiting on a modal dialog.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ui.session import messages


@pytest.fixture(scope="session", autouse=True)
def _isolated_settings(tmp_path_factory: pytest.TempPathFactory) -> None:
    """QSettings under a temporary folder: tests never touch the user's layout."""
    from PySide6.QtCore import QCoreApplication, QSettings

    folder = tmp_path_factory.mktemp("settings")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    QCoreApplication.setOrganizationName("VerificationWorkbenchTests")
    QCoreApplication.setApplicationName("Verification Workbench Tests")


class Dialogs:
    """What the app tried to show, and the answers the test wants."""

    def __init__(self) -> None:
        self.errors: list[tuple[str, str]] = []
        self.confirms: list[str] = []
        self.infos: list[tuple[str, str]] = []
        self.confirm_answer = True
        self.read_only_answer = True
        self.open_path = ""
        self.save_path = ""


@pytest.fixture(autouse=True)
def dialogs(monkeypatch: pytest.MonkeyPatch) -> Dialogs:
    d = Dialogs()

    def show_error(_parent: Any, title: str, exc: Any) -> None:
        d.errors.append((title, exc if isinstance(exc, str) else messages.describe_error(exc)))

    def confirm(_parent: Any, _title: str, text: str, action: str = "Delete") -> bool:
        d.confirms.append(text)
        return d.confirm_answer

    monkeypatch.setattr(messages, "show_error", show_error)
    monkeypatch.setattr(messages, "confirm", confirm)
    monkeypatch.setattr(messages, "inform", lambda _p, title, text: d.infos.append((title, text)))
    # A conflict with a colleague on a server: recorded as an error, the colleague's value taken.
    monkeypatch.setattr(messages, "resolve_conflict",
                        lambda _p, what, exc: bool(d.errors.append((what, str(exc)))))
    monkeypatch.setattr(messages, "ask_read_only", lambda _p, _m: d.read_only_answer)
    monkeypatch.setattr(messages, "ask_open_path", lambda *_a: d.open_path)
    monkeypatch.setattr(messages, "ask_save_path", lambda *_a: d.save_path)
    return d


@pytest.fixture(scope="session", autouse=True)
def _theme(qapp: Any) -> None:
    from ui.widgets.theme import apply_theme

    apply_theme(qapp)


def open_window(qtbot: Any, path: Path | None = None, *, read_only: bool = False, extensions: bool = True,
                analyst: str | None = None) -> Any:
    """A main window (saved layout not restored) on ``path``, shown and exposed.

    With ``extensions`` every extension is installed before it is returned
    (the sharing menu, suggestions, …); without, the window never installs
    them. ``analyst`` signs the project's changes. The caller ends with
    ``w.set_context(None)``.
    """
    from ui.window.main_window import MainWindow

    w = MainWindow(restore_layout=False, extensions=extensions)
    qtbot.addWidget(w)
    if path is not None:
        assert w.open_path(path, read_only=read_only, remember=False)
        if analyst is not None:
            w.ctx.service.analyst = analyst
    w.show()
    qtbot.waitExposed(w)
    if extensions:
        w.install_extensions()
    return w


@pytest.fixture
def window(qtbot: Any, demo_path: Path) -> Iterator[Any]:
    """The main window on a fresh copy of the demo, shown and exposed."""
    w = open_window(qtbot, demo_path, extensions=False)
    yield w
    w.set_context(None)


@pytest.fixture
def ctx(qtbot: Any, demo_service: Any) -> Iterator[Any]:
    """A project context on the demo project, without a window."""
    from ui.session.context import ProjectContext

    context = ProjectContext(demo_service)
    yield context
    context.undo_stack.clear()


def show_widget(qtbot: Any, widget: Any, width: int, height: int) -> Any:
    """``widget``, closed by ``qtbot`` after the test, at ``width`` × ``height`` and shown."""
    qtbot.addWidget(widget)
    widget.resize(width, height)
    widget.show()
    return widget


def accept_with(monkeypatch: pytest.MonkeyPatch, cls: type, fill: Any) -> list[Any]:
    """Replace ``cls.exec`` so the dialog is filled in by ``fill(dialog)`` and accepted."""
    from PySide6.QtWidgets import QDialog

    seen: list[Any] = []

    def exec_(self: Any) -> int:
        seen.append(self)
        fill(self)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(cls, "exec", exec_)
    return seen
