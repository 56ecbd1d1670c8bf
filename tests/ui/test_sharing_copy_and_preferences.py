"""Save a Copy…, Edit ▸ Preferences… (the name in the history), and where the sharing
entries sit in the menus."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractScrollArea, QDockWidget, QTabBar, QWidget

from tests.ui.conftest import accept_with, open_window
from ui.session.preferences import PreferencesDialog, analyst_name, set_analyst_name
from workbench.service import ProjectService

WAIT_MS = 15000


@pytest.fixture
def full_window(qtbot: Any, demo_path: Path) -> Iterator[Any]:
    """The demo in a window with every extension installed."""
    w = open_window(qtbot, demo_path)
    yield w
    w.set_context(None)


@pytest.fixture
def fresh_name() -> Iterator[None]:
    """The tests' shared settings get their analyst name back afterwards."""
    set_analyst_name("")
    yield
    set_analyst_name("")


# ----------------------------------------------------------------- save a copy


def test_save_a_copy_writes_a_project_that_opens(full_window: Any, qtbot: Any, dialogs: Any,
                                                 tmp_path: Path) -> None:
    w = full_window
    assert w.menu_actions.save_copy in w.menus["file"].actions()
    w.ctx.run("Grade source", lambda: w.ctx.service.set_reliability("s-bbc", "A"))  # the copy has the latest
    out = tmp_path / "to share" / "for Bob.db"
    out.parent.mkdir()
    dialogs.save_path = str(out)
    w.menu_actions.save_copy.trigger()
    qtbot.waitUntil(lambda: "Saved a copy as for Bob.db" in w.status_label.text(), timeout=WAIT_MS)
    assert dialogs.errors == []
    copy = ProjectService.open(out)  # every project-file check, and the writer lock
    try:
        assert copy.dump() == w.ctx.service.dump()
        assert copy.source("s-bbc")["reliability"] == "A"
        assert [h["action"] for h in copy.history()] == [h["action"] for h in w.ctx.service.history()]
    finally:
        copy.close()
    assert not w.ctx.read_only and w.ctx.service.path == w.ctx.path, "the window keeps its own project"


def test_save_a_copy_refuses_the_projects_own_file(full_window: Any, dialogs: Any) -> None:
    w = full_window
    before = w.ctx.path.read_bytes()
    dialogs.save_path = str(w.ctx.path)
    w.menu_actions.save_copy.trigger()
    assert dialogs.errors == [("Save a Copy", "Choose another file name: this is the open project.")]
    assert w.ctx.path.read_bytes() == before


def test_a_read_only_project_can_still_be_saved_as_a_copy(qtbot: Any, demo_path: Path, dialogs: Any,
                                                          tmp_path: Path) -> None:
    from ui.window.main_window import MainWindow

    w = MainWindow(restore_layout=False, extensions=False)
    qtbot.addWidget(w)
    assert w.open_path(demo_path, read_only=True, remember=False)
    out = tmp_path / "mine.db"
    dialogs.save_path = str(out)
    w.menu_actions.save_copy.trigger()
    qtbot.waitUntil(lambda: "Saved a copy as mine.db" in w.status_label.text(), timeout=WAIT_MS)
    svc = ProjectService.open(out)
    try:
        assert not svc.read_only and svc.claim("c1") is not None
    finally:
        svc.close()
    w.set_context(None)


# ----------------------------------------------------------------- preferences


def test_preferences_name_is_used_at_once_for_every_later_change(full_window: Any, qtbot: Any, fresh_name: None,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    w = full_window
    ctx = w.ctx
    prefs = w.extensions["sharing"].preferences_action
    assert prefs in w.menus["edit"].actions() and prefs.text() == "&Preferences…"
    shown = accept_with(monkeypatch, PreferencesDialog, lambda d: d.name_edit.setText("  Alice   Smith "))
    prefs.trigger()
    assert len(shown) == 1
    assert ctx.service.analyst == "Alice Smith" == analyst_name()
    assert "Alice Smith" in w.statusBar().currentMessage()

    ctx.run("Edit claim", lambda: ctx.service.update_claim("c3", note="checked with the ministry"))
    ctx.run("Add evidence", lambda: ctx.service.link_evidence("c3", "s-bbc", "corroborates", 2))
    with qtbot.waitSignal(ctx.changed, timeout=WAIT_MS):
        w.undo_action.trigger()
    latest = ctx.service.history(limit=3)
    assert [h["action"] for h in latest] == ["undo", "link_evidence", "update_claim"]
    assert {h["who"] for h in latest} == {"Alice Smith"}, "changes, and undoing them, carry the new name"
    assert ctx.service.history("c3")[0]["who"] == "Alice Smith"

    accept_with(monkeypatch, PreferencesDialog, lambda d: d.name_edit.setText("A. Smith"))
    prefs.trigger()
    ctx.run("Edit claim", lambda: ctx.service.update_claim("c3", note="second look"))
    assert ctx.service.history(limit=1)[0]["who"] == "A. Smith"

    w.set_context(None)  # the name also applies to the next project opened
    assert w.open_path(ctx.path, remember=False)
    assert w.ctx.service.analyst == "A. Smith"


def test_cancelled_preferences_change_nothing(full_window: Any, fresh_name: None,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QDialog

    w = full_window
    before = w.ctx.service.analyst

    def cancel(dialog: PreferencesDialog) -> int:
        dialog.name_edit.setText("Somebody Else")
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(PreferencesDialog, "exec", cancel)
    w.extensions["sharing"].preferences_action.trigger()
    assert w.ctx.service.analyst == before == analyst_name()


# ----------------------------------------------------------------- menus and accessibility


def _texts(menu: Any) -> list[str]:
    return [a.text() for a in menu.actions() if not a.isSeparator()]


def test_sharing_entries_sit_where_people_look(full_window: Any) -> None:
    w = full_window
    file_menu, edit_menu = _texts(w.menus["file"]), _texts(w.menus["edit"])
    assert "&Paste as New Document…" in edit_menu and "&Paste as New Document…" not in file_menu
    assert edit_menu.index("&Paste as New Document…") > edit_menu.index("&Redo")
    assert file_menu.index("&Open Project…") < file_menu.index("Open &Read-Only…") < file_menu.index("Open &Recent")
    assert (file_menu.index("Save a &Copy…") < file_menu.index("&Merge a Colleague's Copy…")
            < file_menu.index("&Close Project"))
    assert "Your &Name in the History…" not in edit_menu, "replaced by Preferences…"
    assert edit_menu[-1] == "&Preferences…"
    assert w.menu_actions.paste_document.shortcut().toString() == "Ctrl+Shift+V"  # the shortcut moved with it
    shortcuts = [s.toString() for a in w.findChildren(QAction) for s in a.shortcuts()]
    assert not {s for s in shortcuts if s and shortcuts.count(s) > 1}, "one shortcut for two actions"


def test_tab_bars_of_tabbed_docks_have_names(full_window: Any, qtbot: Any) -> None:
    w = full_window
    docks = {d.objectName(): d for d in w.findChildren(QDockWidget)}
    history = docks["historyDock"]
    history.show()
    w.tabifyDockWidget(w.board_dock, history)
    w.tabifyDockWidget(w.nav_dock, docks["searchDock"])
    docks["searchDock"].show()

    def bars() -> list[QTabBar]:
        return [b for b in w.findChildren(QTabBar, options=Qt.FindChildOption.FindDirectChildrenOnly)
                if b.isVisibleTo(w)]

    qtbot.waitUntil(lambda: len(bars()) >= 2 and all(b.accessibleName() for b in bars()), timeout=WAIT_MS)
    names = sorted(b.accessibleName() for b in bars())
    assert any("Evidence" in n and "History" in n for n in names), names
    assert all(n.startswith("Panel tabs") for n in names)


def test_every_focusable_control_is_named_with_the_read_only_banner(qtbot: Any, demo_path: Path) -> None:
    w = open_window(qtbot, demo_path, read_only=True)
    assert w.extensions["sharing"].banner.isVisible()
    missing = []
    for widget in w.findChildren(QWidget):
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus or not widget.isVisibleTo(w):
            continue
        parent = widget.parentWidget()
        if isinstance(parent, QAbstractScrollArea) and widget is parent.viewport():
            continue
        if type(widget).__name__ == "QLineEdit" and type(parent).__name__ == "QComboBox":
            continue
        if not widget.accessibleName():
            missing.append(f"{type(widget).__name__} {widget.objectName()!r}")
    assert missing == []
    w.set_context(None)
