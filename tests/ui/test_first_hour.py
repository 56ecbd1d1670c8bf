"""What a new user tripped over in the first hour (issue 20), one test per item.

Each test drives the real window (offscreen) the way the user did: a project
opened the way the README starts the app, the keyboard in the forms, the
file dialogs' first folder, the demo copies left behind.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDialog, QLabel

from tests.ui.conftest import open_window
from tests.ui.test_window import select_words
from ui.dialogs.claim_dialog import ClaimDialog
from ui.dialogs.evidence_form import EvidenceForm


def menu_action(w: Any, menu: str, text: str) -> QAction:
    found = [a for a in w.menus[menu].actions() if a.text().replace("&", "").rstrip("…") == text]
    assert found, f"{menu} menu has no {text!r}: {[a.text() for a in w.menus[menu].actions()]}"
    return found[0]


def close_modal_later(fill: Any, qtbot: Any, delay: int = 50) -> list[Any]:
    """When the next modal dialog is up, call ``fill(dialog)`` (which finishes it)."""
    seen: list[Any] = []

    def poll() -> None:
        modal = QApplication.activeModalWidget()
        if modal is None:
            QTimer.singleShot(delay, poll)
            return
        seen.append(modal)
        fill(modal)

    QTimer.singleShot(delay, poll)
    return seen


# ---------------------------------------------------------------------- menus


def test_scoring_settings_is_enabled_for_a_project_opened_from_the_command_line(qtbot: Any,
                                                                                demo_path: Path) -> None:
    # The README starts the app with a path (or --demo): the project is open
    # before the window's extensions are installed, just after the first paint.
    w = open_window(qtbot, demo_path)
    try:
        action = menu_action(w, "edit", "Scoring Settings")
        assert action.isEnabled()
        readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
        assert "Edit > Scoring Settings" in readme and "View > Scoring Settings" not in readme
        w.set_context(None)
        assert not action.isEnabled()
    finally:
        w.set_context(None)


# ---------------------------------------------------------------------- document


def test_after_marking_a_claim_the_selection_is_let_go(window: Any, qtbot: Any,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    w = window
    select_words(w, "Kremlin spokesman Dmitry Peskov")
    monkeypatch.setattr(ClaimDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    with qtbot.waitSignal(w.ctx.changed, timeout=2000):
        qtbot.keyClick(w.document_pane.view, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert w.ctx.store.claims[w.ctx.current_claim]["text"] == "Kremlin spokesman Dmitry Peskov"
    view = w.document_pane.view
    assert not view.textCursor().hasSelection()
    assert view.selected_span() is None
    # The next Ctrl+E cannot quote the old words, and Ctrl+M has nothing to mark.
    assert not w.actions.quote_evidence.isEnabled() and not w.actions.mark_claim.isEnabled()


# ---------------------------------------------------------------------- forms


def show_active(qtbot: Any, widget: Any) -> Any:
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow, timeout=2000)
    return widget


def test_enter_in_the_claim_text_marks_the_claim(qtbot: Any) -> None:
    dialog = show_active(qtbot, ClaimDialog(None, "Russia faces troop shortages"))
    assert dialog.text_edit.hasFocus()
    qtbot.keyClick(dialog.text_edit, Qt.Key.Key_End)
    qtbot.keyClick(dialog.text_edit, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted and not dialog.isVisible()
    assert dialog.values()["text"] == "Russia faces troop shortages"

    again = show_active(qtbot, ClaimDialog(None, "One line"))
    qtbot.keyClick(again.text_edit, Qt.Key.Key_End)
    qtbot.keyClick(again.text_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert again.isVisible() and "\n" in again.text_edit.toPlainText()  # Shift+Enter breaks the line
    qtbot.keyClick(again.text_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert again.result() == QDialog.DialogCode.Accepted

    empty = show_active(qtbot, ClaimDialog(None, ""))
    qtbot.keyClick(empty.text_edit, Qt.Key.Key_Return)
    assert empty.isVisible()  # nothing to mark: Enter does not close it


def evidence_form(qtbot: Any, **kwargs: Any) -> EvidenceForm:
    sources = [{"id": "s1", "name": "BBC", "reliability": "B"}]
    return show_active(qtbot, EvidenceForm(None, claim_text="A claim", sources=sources, claim_evidence=[],
                                           **kwargs))


def test_ctrl_enter_in_the_quote_adds_the_evidence(qtbot: Any) -> None:
    form = evidence_form(qtbot, prefill={"source": "s1"})
    form.quote.setFocus()
    qtbot.keyClicks(form.quote, "They said so")
    qtbot.keyClick(form.quote, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert form.result() == QDialog.DialogCode.Accepted
    assert form.values().fields["quote"] == "They said so"


def mnemonics(root: Any) -> dict[str, list[str]]:
    """Alt+letter → the visible controls and labels that claim it."""
    from PySide6.QtWidgets import QAbstractButton

    found: dict[str, list[str]] = {}
    for w in root.findChildren(QAbstractButton) + root.findChildren(QLabel):
        if not w.isVisibleTo(root):
            continue
        text = w.text().replace("&&", "")
        i = text.find("&")
        if i >= 0 and i + 1 < len(text):
            found.setdefault(text[i + 1].lower(), []).append(text.replace("&", ""))
    return found


def test_every_mnemonic_of_the_evidence_form_is_used_once(qtbot: Any) -> None:
    form = evidence_form(qtbot)
    form.new_source_box.setChecked(True)  # the new source's own fields join the form
    dupes = {k: v for k, v in mnemonics(form).items() if len(v) > 1}
    assert dupes == {}
    assert set(mnemonics(form)) >= {"l", "i", "o"}  # Relays, Reliability, Contradicts


@pytest.mark.parametrize("new_source", [False, True])
def test_alt_o_chooses_contradicts(qtbot: Any, new_source: bool) -> None:
    form = evidence_form(qtbot)
    form.new_source_box.setChecked(new_source)
    assert form.stance() == "corroborates"
    qtbot.keyClick(form, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: form.stance() == "contradicts", timeout=1000)
    assert form.stance_buttons["contradicts"].hasFocus()


def test_focus_returns_to_the_suggestions_list_after_edit(qtbot: Any, demo_path: Path) -> None:
    w = open_window(qtbot, demo_path)
    try:
        panel = w.extensions["suggestions"]
        dock = panel.parentWidget()
        while dock is not None and not hasattr(dock, "toggleViewAction"):
            dock = dock.parentWidget()
        dock.show()
        qtbot.waitUntil(lambda: bool(panel.model.items), timeout=10000)
        panel.list.setFocus()
        panel.list.setCurrentIndex(panel.model.index(0))
        qtbot.waitUntil(panel.list.hasFocus, timeout=1000)
        first = panel.current_key()

        def finish(dialog: Any) -> None:
            # The user tabs around the form, then presses Enter on its button.
            dialog.focusNextChild()
            dialog.accept()
        seen = close_modal_later(finish, qtbot)
        with qtbot.waitSignal(w.ctx.changed, timeout=5000):
            qtbot.keyClick(panel.list, Qt.Key.Key_E)
        assert seen, "Edit… opened no form"
        # The keyboard is back on the list: its window active, the list focused.
        qtbot.waitUntil(lambda: QApplication.focusWidget() is panel.list, timeout=2000)
        # A and D keep working on the next suggestion.
        assert panel.current_key() != first
        nxt = panel.current_key()
        qtbot.keyClick(panel.list, Qt.Key.Key_D)
        assert panel.current_key() != nxt
    finally:
        w.set_context(None)
