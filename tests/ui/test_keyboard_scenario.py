"""The core task without the mouse: open, mark a claim, add evidence with a new
source, its grade and stance, change a grade, undo, export the memo.

Every key goes through Qt's shortcut and focus handling as a user's would
(menus' shortcuts, mnemonics, Tab, F6, Enter in the forms); modal forms are
answered by keys sent to whatever has the focus once they are up.  At every
step the focused control must *look* focused: it is grabbed on screen with
and without the focus, and the two pictures must differ.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from tests.ui.test_first_hour import shows_focus_marker, tab_focusable

MOD = Qt.KeyboardModifier
CTRL, ALT, SHIFT = MOD.ControlModifier, MOD.AltModifier, MOD.ShiftModifier


class Keyboard:
    """Keys to the focused widget, and a focus-marker check after each step."""

    def __init__(self, qtbot: Any) -> None:
        self.qtbot = qtbot
        self.checked: list[str] = []

    @property
    def focus(self) -> QWidget:
        fw = QApplication.focusWidget()
        assert fw is not None, "nothing has the keyboard focus"
        return fw

    def key(self, key: Qt.Key, mods: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        self.qtbot.keyClick(self.focus, key, mods)
        QApplication.processEvents()

    def type(self, text: str) -> None:
        self.qtbot.keyClicks(self.focus, text)

    def back_to(self, window: QWidget) -> None:
        """After a modal form closed: the offscreen platform does not hand activation
        back to the window by itself, as a desktop's window manager does."""
        window.activateWindow()
        self.qtbot.waitUntil(window.isActiveWindow, timeout=2000)

    def check(self, what: str) -> None:
        """The focused control shows a marker (compared against focus on another control)."""
        fw = self.focus
        others = [w for w in tab_focusable(fw.window()) if w is not fw and not fw.isAncestorOf(w)
                  and not w.isAncestorOf(fw) and fw.focusProxy() is not w]
        assert others, f"{what}: no other control to compare with"
        assert shows_focus_marker(fw, others[0]), f"{what}: {type(fw).__name__} {fw.accessibleName()!r} " \
                                                  "shows no focus marker"
        self.checked.append(f"{what}: {fw.accessibleName() or type(fw).__name__}")


def when_modal(qtbot: Any, kind: type, steps: Any) -> list[Any]:
    """Run ``steps(dialog)`` as soon as a modal ``kind`` is up (it must finish it)."""
    seen: list[Any] = []

    def poll() -> None:
        modal = QApplication.activeModalWidget()
        if not isinstance(modal, kind) or not modal.isVisible():
            QTimer.singleShot(20, poll)
            return
        seen.append(modal)
        try:
            steps(modal)
        finally:
            if modal.isVisible():  # a failed step must not leave the test waiting on the dialog
                modal.reject()

    QTimer.singleShot(20, poll)
    return seen


def test_the_core_task_without_the_mouse(qtbot: Any, demo_path: Path, dialogs: Any, tmp_path: Path) -> None:
    from ui.dialogs.claim_dialog import ClaimDialog
    from ui.dialogs.evidence_form import EvidenceForm
    from ui.window.main_window import MainWindow

    w = MainWindow(restore_layout=False)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.install_extensions()
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow, timeout=2000)
    kb = Keyboard(qtbot)
    errors: list[BaseException] = []
    try:
        # Open (Ctrl+O; the file dialog answers with the project).
        dialogs.open_path = str(demo_path)
        qtbot.keyClick(w, Qt.Key.Key_O, CTRL)
        assert w.ctx is not None and w.ctx.path == demo_path
        # Every claim is assessed in the background just after opening; wait for it, and
        # for the window to be active again (offscreen, a worker's progress window keeps it).
        qtbot.waitUntil(lambda: w.ctx.store.all_assessed, timeout=10000)
        qtbot.wait(200)
        w.activateWindow()
        qtbot.waitUntil(w.isActiveWindow, timeout=2000)

        # F6 through the panes, each one marked while it has the focus.
        for _ in range(4):
            qtbot.keyClick(w, Qt.Key.Key_F6)
            kb.check("F6")
        while not w.document_pane.view.hasFocus():
            qtbot.keyClick(w, Qt.Key.Key_F6)
        kb.check("document")

        # Select words with Find, then mark them as a claim: Enter in the claim text finishes.
        words = "Kim Jong Un recently sent a congratulatory message"
        kb.key(Qt.Key.Key_F, CTRL)
        kb.check("find")
        kb.type(words)
        kb.key(Qt.Key.Key_Return)
        kb.key(Qt.Key.Key_Escape)
        assert w.document_pane.view.hasFocus() and w.document_pane.view.selected_span()[2] == words

        def mark(dialog: Any) -> None:
            try:
                kb.check("claim text")
                kb.key(Qt.Key.Key_Return)
            except BaseException as exc:  # noqa: BLE001 - reported by the test, not lost in Qt's loop
                errors.append(exc)
        claims_before = set(w.ctx.store.claims)
        seen = when_modal(qtbot, ClaimDialog, mark)
        with qtbot.waitSignal(w.ctx.changed, timeout=5000, raising=False):
            qtbot.keyClick(w.document_pane.view, Qt.Key.Key_M, CTRL)
        assert not errors, errors[0] if errors else ""
        assert seen
        (claim_id,) = set(w.ctx.store.claims) - claims_before
        assert w.ctx.current_claim == claim_id and w.ctx.store.claims[claim_id]["text"] == words
        assert not w.document_pane.view.textCursor().hasSelection()
        kb.back_to(w)

        # Evidence from a new source, with its grade, the stance and the credibility, by mnemonics.
        def evidence(form: Any) -> None:
            try:
                kb.check("source")
                kb.key(Qt.Key.Key_N, ALT)            # New source (the box ticks, then the name has the focus)
                qtbot.waitUntil(lambda: form.source_fields.name.hasFocus(), timeout=1000)
                kb.check("new source name")
                kb.type("Reuters")
                kb.key(Qt.Key.Key_I, ALT)            # Reliability
                kb.check("reliability")
                kb.key(Qt.Key.Key_B)                 # "B — usually reliable"
                kb.key(Qt.Key.Key_O, ALT)            # Contradicts
                qtbot.waitUntil(lambda: form.stance() == "contradicts", timeout=1000)
                kb.check("stance")
                kb.key(Qt.Key.Key_R, ALT)            # Credibility
                kb.check("credibility")
                kb.key(Qt.Key.Key_2)                 # "2 — probably true"
                kb.key(Qt.Key.Key_Q, ALT)            # Quote
                kb.check("quote")
                kb.type("Reuters could not confirm that the message was sent.")
                assert form.ok_button.isEnabled(), form.error_label.text()
                kb.key(Qt.Key.Key_Return, CTRL)
            except BaseException as exc:  # noqa: BLE001
                errors.append(exc)
        seen = when_modal(qtbot, EvidenceForm, evidence)
        with qtbot.waitSignal(w.ctx.changed, timeout=5000, raising=False):
            qtbot.keyClick(w, Qt.Key.Key_E, CTRL | SHIFT)
        assert not errors, errors[0] if errors else ""
        assert seen
        (item,) = w.ctx.store.evidence_for(claim_id)
        source = w.ctx.store.sources[item["source"]]
        assert (source["name"], source["reliability"]) == ("Reuters", "B")
        assert (item["stance"], item["credibility"]) == ("contradicts", 2)
        kb.back_to(w)

        # Change the grade: F6 to the board, Enter on the card, a new credibility, Enter.
        while not w.board.isAncestorOf(QApplication.focusWidget()):
            qtbot.keyClick(w, Qt.Key.Key_F6)
        kb.check("card")
        assert kb.focus is w.board.cards[item["id"]]

        def regrade(form: Any) -> None:
            try:
                kb.check("credibility (edit)")
                kb.key(Qt.Key.Key_4)
                kb.key(Qt.Key.Key_Return)
            except BaseException as exc:  # noqa: BLE001
                errors.append(exc)
        seen = when_modal(qtbot, EvidenceForm, regrade)
        with qtbot.waitSignal(w.ctx.changed, timeout=5000, raising=False):
            kb.key(Qt.Key.Key_Return)
        assert not errors, errors[0] if errors else ""
        assert seen
        assert w.ctx.store.evidence(item["id"])["credibility"] == 4

        # Undo puts the grade back.
        kb.back_to(w)
        with qtbot.waitSignal(w.ctx.changed, timeout=5000, raising=False):
            qtbot.keyClick(w, Qt.Key.Key_Z, CTRL)
        assert w.ctx.store.evidence(item["id"])["credibility"] == 2

        # Export the memo as Markdown: Ctrl+Shift+M, Format, File, Export.
        out = tmp_path / "memo.md"
        qtbot.keyClick(w, Qt.Key.Key_M, CTRL | SHIFT)
        export = w.extensions["memo export"].dialog
        assert export is not None
        export.activateWindow()
        qtbot.waitUntil(export.isActiveWindow, timeout=2000)
        kb.key(Qt.Key.Key_F, ALT)
        kb.check("format")
        kb.key(Qt.Key.Key_M)                         # "Markdown — to edit further"
        assert export.fmt == "md"
        kb.key(Qt.Key.Key_L, ALT)
        kb.check("file")
        kb.key(Qt.Key.Key_A, CTRL)
        kb.type(str(out))
        kb.key(Qt.Key.Key_E, ALT)
        qtbot.waitUntil(out.exists, timeout=20000)
        memo = out.read_text(encoding="utf-8")
        assert words in memo and "Reuters" in memo
        assert len(kb.checked) >= 14, kb.checked
    finally:
        w.set_context(None)
