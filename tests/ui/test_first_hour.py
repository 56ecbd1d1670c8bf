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


# ---------------------------------------------------------------------- focus


def area(widget: Any) -> Any:
    """What the user sees of ``widget`` and 4 pixels around it (where a focus ring sits)."""
    from PySide6.QtCore import QPoint, QRect

    top = widget.window()
    pos = widget.mapTo(top, QPoint(0, 0))
    return top.grab(QRect(pos.x() - 4, pos.y() - 4, widget.width() + 8, widget.height() + 8)).toImage()


def shows_focus_marker(widget: Any, elsewhere: Any) -> bool:
    """True when ``widget`` looks different with the keyboard focus than without it.
    ``widget`` must have the focus now; ``elsewhere`` takes it for the comparison
    and gives it back."""
    assert widget.hasFocus(), f"{widget!r} does not have the focus"
    focused = area(widget)
    elsewhere.setFocus(Qt.FocusReason.TabFocusReason)
    QApplication.processEvents()
    unfocused = area(widget)
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    QApplication.processEvents()
    return focused != unfocused


def tab_focusable(root: Any) -> list[Any]:
    from PySide6.QtWidgets import QAbstractScrollArea, QWidget

    out = []
    for w in [root, *root.findChildren(QWidget)]:
        parent = w.parentWidget()
        if isinstance(parent, QAbstractScrollArea) and w is parent.viewport():
            continue
        if w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.isVisibleTo(root.window()) and w.isEnabled():
            out.append(w)
    return out


def test_every_control_of_the_evidence_and_confidence_panes_shows_focus(window: Any, qtbot: Any) -> None:
    w = window
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow, timeout=2000)
    checked = []
    for pane in (w.board, w.panel):
        for control in tab_focusable(pane):
            control.setFocus(Qt.FocusReason.TabFocusReason)
            QApplication.processEvents()
            assert shows_focus_marker(control, w.navigator.filter_edit), control.accessibleName()
            checked.append(type(control).__name__)
    assert {"QPushButton", "EvidenceCard", "_FitTable"} <= set(checked)


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
    assert not w.menu_actions.quote_evidence.isEnabled() and not w.menu_actions.mark_claim.isEnabled()


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


# ---------------------------------------------------------------------- files

from ui.session import messages  # noqa: E402
from ui.session.messages import ask_open_path as REAL_ASK_OPEN  # noqa: E402 - before conftest replaces it
from ui.session.messages import ask_save_path as REAL_ASK_SAVE  # noqa: E402


@pytest.fixture
def user_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home folder with Documents, and the app's data folder inside it (as on Linux)."""
    from PySide6.QtCore import QSettings

    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    QSettings().remove("files/lastFolder")
    yield home
    QSettings().remove("files/lastFolder")


class FileDialogs:
    """Qt's file dialogs replaced: each call records the folder it would start in."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from PySide6.QtWidgets import QFileDialog

        self.started: list[str] = []
        self.answer = ""
        monkeypatch.setattr(messages, "ask_open_path", REAL_ASK_OPEN)
        monkeypatch.setattr(messages, "ask_save_path", REAL_ASK_SAVE)
        monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(self._ask))
        monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(self._ask))

    def _ask(self, _parent: Any, _title: str, start: str, _filters: str) -> tuple[str, str]:
        self.started.append(start)
        return self.answer, ""


def test_file_dialogs_start_in_documents_then_the_last_folder_never_app_data(
        qtbot: Any, user_home: Path, monkeypatch: pytest.MonkeyPatch, dialogs: Any) -> None:
    from ui.dialogs.export_dialog import ExportMemoDialog
    from ui.session.folders import is_app_folder
    from ui.window.project_io import demo_folder, write_demo_copy

    demo = write_demo_copy()  # where --demo puts it: the hidden app-data folder
    assert is_app_folder(demo) and str(demo).startswith(str(user_home))
    files = FileDialogs(monkeypatch)
    w = open_window(qtbot, demo)
    try:
        # Save a Copy: the suggestion is in Documents, not beside the demo.
        elsewhere = user_home / "cases"
        elsewhere.mkdir()
        files.answer = str(elsewhere / "my demo.db")
        w.menu_actions.save_copy.trigger()
        qtbot.waitUntil(lambda: bool(dialogs.infos), timeout=10000)
        assert Path(files.started[-1]) == user_home / "Documents" / "demo copy.db"
        assert (elsewhere / "my demo.db").is_file()
        # …and it says so, naming the file.
        title, text = dialogs.infos[-1]
        assert title == "Saved a Copy" and str(elsewhere / "my demo.db") in text

        # The next dialog (Merge a Colleague's Copy) starts where the user last was.
        files.answer = ""
        menu_action(w, "file", "Merge a Colleague's Copy").trigger()
        assert Path(files.started[-1]) == elsewhere
        # The memo export suggests a file there too, not in the app's folder.
        export = ExportMemoDialog(w.ctx, w)
        qtbot.addWidget(export)
        suggested = Path(export.path_edit.text())
        assert suggested.parent == elsewhere and not is_app_folder(suggested)
        assert not any(is_app_folder(s) or Path(s) == demo_folder() for s in files.started)
    finally:
        w.set_context(None)


def test_demo_copies_do_not_accumulate(tmp_path: Path) -> None:
    import shutil

    from ui.window.project_io import write_demo_copy
    from workbench.service import ProjectService

    first = write_demo_copy(tmp_path)
    for stamp in ("20261201-101010-000001", "20261202-111111-000002"):  # left by older versions
        shutil.copyfile(first, tmp_path / f"demo-{stamp}.db")
    for _ in range(4):  # four starts with --demo
        path = write_demo_copy(tmp_path)
    assert sorted(p.name for p in tmp_path.glob("demo*.db")) == ["demo.db"] and path == first

    svc = ProjectService.open(path)  # a window still has the working copy open
    try:
        svc.add_claim("Work in progress", "d1", 0, 5)
        second = write_demo_copy(tmp_path)
        assert second != path and second.name == "demo-2.db"
        assert len(svc.list_claims()) == 7  # the open copy is untouched
    finally:
        svc.close()
    write_demo_copy(tmp_path)
    assert sorted(p.name for p in tmp_path.glob("demo*.db")) == ["demo.db"]


def test_merge_summary_names_what_was_updated(tmp_path: Path) -> None:
    from ui.sharing.merge_dialog import summary_text
    from workbench.demo import write_demo
    from workbench.merge import merge_projects
    from workbench.service import ProjectService

    into = write_demo(tmp_path / "into.db")
    theirs = tmp_path / "theirs.db"
    svc = ProjectService.open(into)
    svc.save_copy(theirs)
    svc.close()
    colleague = ProjectService.open(theirs, analyst="Sam")
    colleague.update_source("s-peskov", reliability="E")
    colleague.close()
    mine = ProjectService.open(into)
    try:
        text = summary_text(merge_projects(mine, theirs), "theirs.db")
    finally:
        mine.close()
    assert "Updated: 1 source (“Kremlin spokesman Dmitry Peskov”)." in text


# ---------------------------------------------------------------------- the demo


def test_the_demo_article_starts_at_its_headline(window: Any) -> None:
    from workbench.demo import TITLE

    text = window.ctx.store.document_text("d1")
    assert text.startswith(TITLE + "\n")
    first_lines = text.split("\n\n")[:3]
    for furniture in ("Connect with us", "News", "Published", "on"):
        assert furniture not in first_lines
    # The first claim is still test vector V9 of the confidence model.
    a = window.ctx.store.assessment("c1")
    assert (a.likelihood, a.confidence) == ("roughly even chance", "low")
    assert window.document_pane.view.toPlainText().startswith(TITLE)


def test_thin_support_is_obvious_on_the_board_and_the_panel(window: Any, qtbot: Any) -> None:
    w = window
    w.ctx.select_claim("c4")  # "closest comrade": one report, from an outlet graded F, reads "likely"
    assert w.ctx.store.assessment("c4").likelihood == "likely"
    assert w.board.thin_label.isVisible() and "thin support" in w.board.thin_label.text()
    assert "graded F3" in w.board.thin_label.toolTip()
    panel_text = w.panel.thin_label.text()
    assert w.panel.thin_label.isVisible()
    assert "rests on one source, graded F3 (The article's own reporting" in panel_text
    for claim in ("c1", "c3", "c6"):  # even chance; two origins; three origins
        w.ctx.select_claim(claim)
        assert not w.board.thin_label.isVisible() and not w.panel.thin_label.isVisible(), claim
    # A better grade for that one origin: no longer thin.
    w.ctx.select_claim("c4")
    with qtbot.waitSignal(w.ctx.changed, timeout=2000):
        w.ctx.run("Grade source", lambda: w.ctx.service.update_source("s-article", reliability="B"))
    assert not w.board.thin_label.isVisible() and not w.panel.thin_label.isVisible()
    # An anonymous (confidential) origin is thin even when graded well.
    with qtbot.waitSignal(w.ctx.changed, timeout=2000):
        w.ctx.run("Confidential", lambda: w.ctx.service.update_source("s-article", confidential=True))
    assert w.board.thin_label.isVisible() and "one anonymous source" in w.panel.thin_label.text()


# ---------------------------------------------------------------------- screens

SCREENS = [(1366, 768), (1440, 900), (1920, 1080)]
PANEL = 27  # a desktop's top bar: the work area is the screen less this


def suggestions_dock(w: Any) -> Any:
    from PySide6.QtWidgets import QDockWidget

    return next(d for d in w.findChildren(QDockWidget) if d.objectName() == "suggestionsDock")


@pytest.mark.parametrize(("width", "height"), SCREENS, ids=[f"{w}x{h}" for w, h in SCREENS])
def test_first_start_fits_the_work_area(qtbot: Any, demo_path: Path, width: int, height: int) -> None:
    from PySide6.QtCore import QPoint, QRect

    from ui.window.geometry import FRAME_ALLOWANCE, fits
    from ui.window.main_window import DEFAULT_SIZE, MainWindow

    work = QRect(0, PANEL, width, height - PANEL)
    w = MainWindow(restore_layout=False)
    qtbot.addWidget(w)
    w.fit_to(work)
    assert w.open_path(demo_path, remember=False)
    w.show()
    qtbot.waitExposed(w)
    w.install_extensions()
    try:
        # The window and the frame a window manager adds lie inside the work area…
        assert fits(w, work)
        assert w.pos().y() >= work.top() and w.pos().y() + FRAME_ALLOWANCE.top() + w.height() <= work.bottom() + 1
        # …so the status bar is on screen.
        status_bottom = w.mapToGlobal(QPoint(0, w.statusBar().geometry().bottom())).y() + FRAME_ALLOWANCE.top()
        assert w.statusBar().isVisible() and status_bottom <= work.bottom()
        if width >= DEFAULT_SIZE[0] + 4 and height - PANEL >= DEFAULT_SIZE[1] + 40:
            assert (w.width(), w.height()) == DEFAULT_SIZE
        # The documents list has room for more than one row.
        docs = w.navigator.documents_view
        assert docs.viewport().height() >= 2 * docs.sizeHintForRow(0)
        # With the Suggestions panel docked, the first evidence card is still whole on the board.
        suggestions_dock(w).show()
        qtbot.waitUntil(lambda: suggestions_dock(w).isVisible())
        QApplication.processEvents()
        card = next(iter(w.board.cards.values()))
        viewport = w.board.scroll_area.viewport().height()
        assert viewport >= card.sizeHint().height(), (viewport, card.sizeHint().height())
    finally:
        w.set_context(None)


def test_reset_layout_brings_back_floated_panels(qtbot: Any, demo_path: Path) -> None:
    w = open_window(qtbot, demo_path)
    try:
        dock = suggestions_dock(w)
        dock.show()
        dock.setFloating(True)
        w.board_dock.setFloating(True)
        w.panel_dock.hide()
        menu_action(w, "view", "Reset Layout").trigger()
        assert not dock.isFloating() and not w.board_dock.isFloating()
        assert w.board_dock.isVisible() and w.panel_dock.isVisible() and w.nav_dock.isVisible()
    finally:
        w.set_context(None)


def test_a_remembered_layout_that_no_longer_fits_is_corrected(qtbot: Any, demo_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtCore import QRect, QSettings

    from ui.window import geometry
    from ui.window.main_window import MainWindow

    big = MainWindow(restore_layout=False, extensions=False)
    qtbot.addWidget(big)
    big.resize(1880, 1000)
    big.move(20, 30)
    big.show()
    qtbot.waitExposed(big)
    big.panel_dock.setFloating(True)
    big.panel_dock.setGeometry(1500, 800, 400, 250)  # on the right of the big screen
    big.close()  # remembers geometry and layout
    try:
        small = QRect(0, PANEL, 1366, 768 - PANEL)  # next day, on the laptop's screen
        monkeypatch.setattr(geometry, "work_area", lambda _widget: small)
        w = MainWindow(restore_layout=True, extensions=False)
        qtbot.addWidget(w)
        assert geometry.fits(w, small)
        assert w.width() <= 1366 and w.height() <= 768 - PANEL
        assert w.panel_dock.isFloating() and small.contains(w.panel_dock.frameGeometry())
        w.close()
    finally:
        QSettings().remove("window/state")
        QSettings().remove("window/geometry")
