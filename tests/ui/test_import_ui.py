"""Documents entering the project, driven as a user would: choose files, drop
files, paste text, load a new version and re-attach what it orphaned.

The pieces are built on a minimal host (a QMainWindow with the document pane
and a ProjectContext on the demo project), so these tests do not depend on
the main window's internals.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QApplication, QMainWindow, QPushButton

from tests.ui.conftest import Dialogs, accept_with
from ui.document import import_actions
from ui.document.document_pane import DocumentPane
from ui.document.import_actions import ImportActions, install_import_actions
from ui.document.orphans_panel import install_orphans_panel
from ui.document.paste_dialog import PasteDialog
from ui.session.context import ProjectContext
from workbench.service import ProjectService

GOOD_TEXT = ("Harbour pump failed before the storm\n\nTwo engineers said the pump at station 4 "
             "stopped at 18:40 and the backup generator never started.\n")
PESKOV = "Kremlin spokesman Dmitry Peskov refuted claims of North Korean involvement"
PESKOV_V2 = "The Kremlin rejected every report of Korean soldiers"


class Host:
    """A bare window with the document pane and an open demo project."""

    def __init__(self, qtbot: Any, path: Path, claim: str = "c1") -> None:
        self.closed = False
        self.service = ProjectService.open(path, analyst="tester")
        self.ctx = ProjectContext(self.service)
        self.ctx.current_document = "d1"
        self.ctx.current_claim = claim
        self.window = QMainWindow()
        self.window.resize(1300, 850)
        self.pane = DocumentPane()
        self.window.setCentralWidget(self.pane)
        self.pane.set_context(self.ctx)
        # Not qtbot.addWidget: pytest-qt would delete the window before this
        # fixture's teardown runs, and the pane must let go of the context first.

    @property
    def view(self) -> Any:
        return self.pane.view

    def select_words(self, words: str) -> tuple[int, int]:
        text = self.view.toPlainText()
        start = text.index(words)
        self.view.setFocus()
        self.view.select_span(start, start + len(words))
        return start, start + len(words)

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        self.pane.set_context(None)
        self.ctx.close()
        self.window.close()
        self.window.deleteLater()


def unnamed_controls(root: Any) -> list[str]:
    """Focusable, visible controls under ``root`` that a screen reader could not name."""
    from PySide6.QtWidgets import QAbstractScrollArea, QComboBox, QLineEdit, QWidget

    missing = []
    for widget in [root, *root.findChildren(QWidget)]:
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus or not widget.isVisibleTo(root):
            continue
        parent = widget.parentWidget()
        if isinstance(parent, QAbstractScrollArea) and widget is parent.viewport():
            continue
        if isinstance(widget, QLineEdit) and isinstance(parent, QComboBox):
            continue
        if not widget.accessibleName():
            missing.append(f"{type(widget).__name__} {widget.objectName()!r}")
    return missing


@pytest.fixture
def host(qtbot: Any, demo_path: Path) -> Iterator[Host]:
    h = Host(qtbot, demo_path)
    yield h
    h.close()


@pytest.fixture
def imports(host: Host) -> ImportActions:
    imp = install_import_actions(host.window, host.ctx)
    host.window.show()
    return imp


def wait_done(qtbot: Any, imports: ImportActions, start: Any) -> list[str]:
    """Run ``start()`` and wait for the batch to finish; return the new document ids."""
    with qtbot.waitSignal(imports.finished, timeout=20000) as blocker:
        start()
    qtbot.waitUntil(lambda: imports.worker is None, timeout=5000)
    return blocker.args[0]


def test_import_two_files_adds_the_good_one_and_names_the_bad_one(
        host: Host, imports: ImportActions, qtbot: Any, tmp_path: Path, dialogs: Dialogs,
        monkeypatch: pytest.MonkeyPatch) -> None:
    good = tmp_path / "harbour.txt"
    good.write_text(GOOD_TEXT, encoding="utf-8")
    bad = tmp_path / "photo.txt"
    bad.write_bytes(bytes(range(256)) * 40)
    monkeypatch.setattr(import_actions, "ask_open_paths", lambda *_a: [str(good), str(bad)])
    before = set(host.ctx.store.documents)

    added = wait_done(qtbot, imports, imports.import_action.trigger)

    assert len(added) == 1
    new = added[0]
    assert set(host.ctx.store.documents) == before | {new}
    assert host.ctx.store.documents[new]["title"] == "Harbour pump failed before the storm"
    assert host.ctx.current_document == new and host.pane.doc_id == new
    assert "backup generator never started" in host.view.toPlainText()
    assert len(dialogs.errors) == 1  # one message for the one bad file
    title, text = dialogs.errors[0]
    assert title == "Could not import a file"
    assert "photo.txt: not a text file (binary content)" in text
    assert "harbour.txt" not in text and "The other 1 file was imported" in text
    # Each good file is its own undo step.
    assert host.ctx.undo_stack.count() == 1
    assert host.ctx.undo_stack.undoText() == "Import harbour.txt"
    host.ctx.undo_stack.undo()
    assert set(host.ctx.store.documents) == before


def test_cancel_a_long_pdf_import_adds_nothing(host: Host, imports: ImportActions, qtbot: Any,
                                               tmp_path: Path, dialogs: Dialogs) -> None:
    from tests.fixtures_docs import make_pdf

    pdf = make_pdf(tmp_path, "inspection.pdf", pages=400)
    before = set(host.ctx.store.documents)
    seen: list[tuple[int, int, str]] = []

    def start() -> None:
        worker = imports.import_files([pdf])
        assert worker is not None and imports.progress_dialog is not None

        def progressed(done: int, total: int, text: str) -> None:
            seen.append((done, total, text))
            if len(seen) == 2:  # past the first page: the user presses Cancel
                dialog = imports.progress_dialog
                assert dialog is not None
                qtbot.mouseClick(dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)
        worker.signals.progressed.connect(progressed)

    assert wait_done(qtbot, imports, start) == []
    assert seen and seen[0][2] == "Importing inspection.pdf…"
    assert set(host.ctx.store.documents) == before
    assert dialogs.errors == []
    assert host.ctx.undo_stack.count() == 0
    assert host.window.statusBar().currentMessage() == "Import cancelled: nothing was added."


def _drop(target: Any, paths: list[Path]) -> tuple[bool, bool]:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    pos = QPointF(40, 40)
    enter = QDragEnterEvent(pos.toPoint(), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, enter)
    drop = QDropEvent(pos, Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, drop)
    return enter.isAccepted(), drop.isAccepted()


def test_drop_files_onto_the_window(host: Host, imports: ImportActions, qtbot: Any, tmp_path: Path,
                                    dialogs: Dialogs) -> None:
    a = tmp_path / "first.md"
    a.write_text("# Council minutes\n\nThe council met on Tuesday.\n", encoding="utf-8")
    b = tmp_path / "second.txt"
    b.write_text("Statement from the harbour authority\n\nThe pump was inspected in March.\n", encoding="utf-8")
    accepted: list[tuple[bool, bool]] = []
    added = wait_done(qtbot, imports, lambda: accepted.append(_drop(host.pane, [a, b])))
    assert accepted == [(True, True)]
    titles = sorted(host.ctx.store.documents[d]["title"] for d in added)
    assert titles == ["Council minutes", "Statement from the harbour authority"]
    assert dialogs.errors == []
    assert host.ctx.undo_stack.count() == 2


def test_plain_text_drags_are_left_alone(host: Host, imports: ImportActions) -> None:
    mime = QMimeData()
    mime.setText("just words")
    enter = QDragEnterEvent(QPointF(5, 5).toPoint(), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                            Qt.KeyboardModifier.NoModifier)
    enter.ignore()
    assert imports.eventFilter(host.window, enter) is False


def test_paste_as_new_document(host: Host, imports: ImportActions, qtbot: Any,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    QGuiApplication.clipboard().setText("Mayor denies flood warning was ignored\n\nThe mayor said on "
                                        "Monday that no warning had reached her office.")
    seen = accept_with(monkeypatch, PasteDialog, lambda d: None)
    with qtbot.waitSignal(host.ctx.changed, timeout=3000):
        imports.paste_action.trigger()
    assert len(seen) == 1
    new = host.ctx.current_document
    doc = host.ctx.store.documents[new]
    assert doc["title"] == "Mayor denies flood warning was ignored"
    assert doc["original_name"] == "pasted text"
    assert host.view.toPlainText().startswith("Mayor denies flood warning")
    assert host.ctx.undo_stack.undoText() == "Paste as new document"


def test_replace_with_new_version_then_reattach_the_orphan(host: Host, imports: ImportActions, qtbot: Any,
                                                           tmp_path: Path, dialogs: Dialogs) -> None:
    panel, dock = install_orphans_panel(host.window, host.ctx, host.view)
    assert panel.list.count() == 0 and dock.isHidden()
    old = host.ctx.store.document_text("d1")
    assert PESKOV in old
    new_version = tmp_path / "article v2.txt"
    new_version.write_text(old.replace(PESKOV, PESKOV_V2), encoding="utf-8")
    dialogs.open_path = str(new_version)

    wait_done(qtbot, imports, imports.replace_action.trigger)

    message = host.window.statusBar().currentMessage()
    assert message.startswith("New version of “North Korean Troops") and "1 orphaned" in message
    assert host.ctx.undo_stack.undoText() == "Replace with new version"
    assert PESKOV_V2 in host.view.toPlainText()
    doc = host.ctx.store.documents["d1"]
    assert doc["title"].startswith("North Korean Troops") and doc["original_name"] == "article v2.txt"
    # The panel lists the orphaned quote with its last words, and its dock came up.
    assert not dock.isHidden()
    assert panel.list.count() == 1
    row = panel.current()
    assert row is not None and (row["kind"], row["id"]) == ("evidence", "e3")
    assert PESKOV in panel.list.item(0).text() and "Kremlin spokesman Dmitry Peskov" in panel.list.item(0).text()
    claim_text = host.ctx.store.claims[host.ctx.store.evidence("e3")["claim"]]["text"]
    assert f"(for “{claim_text[:30]}" in panel.list.item(0).text()  # the claim the quote was for
    assert not panel.reattach_button.isEnabled()  # nothing selected in the text yet
    assert unnamed_controls(panel) == []

    start, end = host.select_words(PESKOV_V2)
    assert panel.reattach_button.isEnabled()
    with qtbot.waitSignal(host.ctx.changed, timeout=3000):
        qtbot.mouseClick(panel.reattach_button, Qt.MouseButton.LeftButton)
    e3 = host.ctx.store.evidence("e3")
    assert e3 is not None
    assert (e3["anchor"], e3["start"], e3["end"], e3["quote"]) == ("ok", start, end, PESKOV_V2)
    assert panel.list.count() == 0 and panel.empty.isVisibleTo(panel)
    assert host.ctx.undo_stack.undoText() == "Re-attach highlight"
    host.ctx.undo_stack.undo()
    assert panel.list.count() == 1
    host.ctx.undo_stack.undo()  # and the whole new version goes too
    assert PESKOV in host.view.toPlainText() and panel.list.count() == 0


def test_a_bad_new_version_changes_nothing(host: Host, imports: ImportActions, qtbot: Any, tmp_path: Path,
                                           dialogs: Dialogs) -> None:
    bad = tmp_path / "v2.pdf"
    bad.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)
    before = host.ctx.store.document_text("d1")
    assert wait_done(qtbot, imports, lambda: imports.replace_with(bad)) == []
    assert len(dialogs.errors) == 1 and dialogs.errors[0][1].startswith("v2.pdf: ")
    assert "The document was not changed." in dialogs.errors[0][1]
    assert host.ctx.store.document_text("d1") == before and host.ctx.undo_stack.count() == 0


def test_read_only_project_refuses_imports(qtbot: Any, demo_path: Path, tmp_path: Path,
                                           dialogs: Dialogs) -> None:
    svc = ProjectService.open(demo_path, read_only=True)
    ctx = ProjectContext(svc)
    window = QMainWindow()
    qtbot.addWidget(window)
    imports = install_import_actions(window, ctx)
    assert not imports.import_action.isEnabled() and not imports.replace_action.isEnabled()
    f = tmp_path / "a.txt"
    f.write_text("Some text\n", encoding="utf-8")
    assert imports.import_files([f]) is None
    assert dialogs.errors and dialogs.errors[0][0] == "Read-only project"
    ctx.close()


# --- pictures, scans, duplicates, cancel (issue 15) -------------------------------------------


def test_an_image_is_shown_beside_its_recognised_text(host: Host, imports: ImportActions, qtbot: Any,
                                                      tmp_path: Path, dialogs: Dialogs) -> None:
    from PySide6.QtCore import QSettings

    from tests import fixtures_images as I

    QSettings().setValue(import_actions.OCR_LANGUAGES_KEY, "eng")
    path = I.save(I.text_picture(["The bridge will reopen in March.", "Officials confirmed it."]),
                  tmp_path / "statement.png")
    (new,) = wait_done(qtbot, imports, lambda: imports.import_files([path]))
    assert dialogs.errors == []
    assert host.pane.doc_id == new
    assert host.view.toPlainText() == "The bridge will reopen in March.\nOfficials confirmed it."
    panel = host.pane.media_panel
    assert panel.isVisible() and not panel.pixmap.isNull()
    assert (panel.pixmap.width(), panel.pixmap.height()) == (1000, 128)
    assert "Text recognised (eng), mean confidence" in panel.details.text()
    # A text document hides the picture again.
    host.ctx.select_document("d1")
    assert not panel.isVisible()


def test_importing_the_same_file_twice_says_so_and_adds_nothing(host: Host, imports: ImportActions, qtbot: Any,
                                                                tmp_path: Path, dialogs: Dialogs) -> None:
    path = tmp_path / "harbour.txt"
    path.write_text(GOOD_TEXT, encoding="utf-8")
    (first,) = wait_done(qtbot, imports, lambda: imports.import_files([path]))
    before = set(host.ctx.store.documents)
    assert wait_done(qtbot, imports, lambda: imports.import_files([path])) == []
    assert set(host.ctx.store.documents) == before
    assert dialogs.infos == [("Import", "harbour.txt: already in the project as "
                                        "“Harbour pump failed before the storm”; nothing added.")]
    assert host.ctx.undo_stack.count() == 1


def test_cancel_during_text_recognition_ends_the_import_at_once(host: Host, imports: ImportActions, qtbot: Any,
                                                                tmp_path: Path, dialogs: Dialogs) -> None:
    from tests import fixtures_images as I

    pages = [I.text_picture(["The figures were confirmed by the ministry on Tuesday."] * 12) for _ in range(8)]
    scan = I.scanned_pdf(tmp_path / "long-scan.pdf", pages)
    before = set(host.ctx.store.documents)
    seen: list[tuple[int, int, str]] = []
    ended: list[list[str]] = []
    imports.finished.connect(ended.append)
    worker = imports.import_files([scan])
    assert worker is not None and imports.progress_dialog is not None
    worker.signals.progressed.connect(lambda d, t, s: seen.append((d, t, s)))
    qtbot.waitUntil(lambda: any(d > 0 for d, _t, _s in seen), timeout=60000)  # recognition under way
    dialog = imports.progress_dialog
    assert dialog is not None and not dialog.isModal()  # the window stays usable (and closable)
    qtbot.mouseClick(dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)
    # The import is over as soon as Cancel is pressed: nothing to wait for.
    assert imports.worker is None and ended == [[]]
    assert host.window.statusBar().currentMessage() == "Import cancelled: nothing was added."
    qtbot.waitUntil(lambda: worker.task.cancelled and not import_actions_running(worker), timeout=5000)
    qtbot.wait(200)
    assert set(host.ctx.store.documents) == before  # and nothing arrives later
    assert dialogs.errors == []
    assert max(d for d, _t, _s in seen) < 8000  # it stopped long before the last page


def import_actions_running(worker: Any) -> bool:
    from ui.session import workers

    return worker in workers._ALIVE


def test_closing_the_project_during_an_import_adds_nothing(host: Host, imports: ImportActions, qtbot: Any,
                                                           tmp_path: Path, dialogs: Dialogs) -> None:
    from tests import fixtures_images as I

    scan = I.scanned_pdf(tmp_path / "scan.pdf", [I.text_picture(["A page of the statement."] * 10)] * 4)
    before = set(host.ctx.store.documents)
    worker = imports.import_files([scan])
    assert worker is not None
    imports.set_context(None)  # what closing the window does
    qtbot.waitUntil(lambda: not import_actions_running(worker), timeout=10000)
    assert imports.worker is None
    assert set(host.ctx.store.documents) == before
    assert dialogs.errors == []


def test_cancel_stops_a_large_page_extraction_within_a_second(host: Host, imports: ImportActions, qtbot: Any,
                                                               tmp_path: Path, dialogs: Dialogs) -> None:
    import multiprocessing
    import time

    paragraph = ("<p>The harbour authority said on Tuesday that the pump had failed twice before the storm, "
                 "according to records seen by reporters. Officials declined to comment.</p>\n")
    page = tmp_path / "huge-page.html"
    page.write_text("<html><head><title>Harbour</title></head><body><article>"
                    + paragraph * 40000 + "</article></body></html>", encoding="utf-8")
    before = set(host.ctx.store.documents)
    seen: list[int] = []
    worker = imports.import_files([page])
    assert worker is not None and imports.progress_dialog is not None
    worker.signals.progressed.connect(lambda d, _t, _s: seen.append(d))
    qtbot.waitUntil(lambda: 400 in seen, timeout=60000)  # parsed: the main text is being extracted
    assert 600 not in seen
    dialog = imports.progress_dialog
    assert dialog is not None
    pressed = time.monotonic()
    qtbot.mouseClick(dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)
    assert imports.worker is None
    qtbot.waitUntil(lambda: not import_actions_running(worker), timeout=1000)  # the work itself stopped
    assert time.monotonic() - pressed < 1.0
    assert multiprocessing.active_children() == []
    qtbot.wait(200)
    assert 600 not in seen
    assert set(host.ctx.store.documents) == before
    assert dialogs.errors == []
    assert host.window.statusBar().currentMessage() == "Import cancelled: nothing was added."


def test_every_page_of_a_scan_is_shown_and_follows_the_text(host: Host, imports: ImportActions, qtbot: Any,
                                                              tmp_path: Path, dialogs: Dialogs) -> None:
    from PySide6.QtCore import QSettings

    from tests import fixtures_images as I

    QSettings().setValue(import_actions.OCR_LANGUAGES_KEY, "eng")
    words = ("First", "Second", "Third")
    pages = [I.text_picture([f"{w} page of the statement, line {k}." for k in range(14)]) for w in words]
    scan = I.scanned_pdf(tmp_path / "statement-scan.pdf", pages)
    host.window.resize(1300, 520)  # a short window: the text scrolls
    host.window.show()
    qtbot.waitExposed(host.window)
    (new,) = wait_done(qtbot, imports, lambda: imports.import_files([scan]))
    assert dialogs.errors == []
    panel = host.pane.media_panel
    starts = host.ctx.store.documents[new]["page_starts"]
    text = host.view.toPlainText()
    assert len(starts) == 3 and all(text[s:].startswith(w) for s, w in zip(starts, words, strict=True))
    assert panel.page_bar.isVisible() and panel.page_label.text() == "Page 1 of 3"
    assert not panel.previous_button.isEnabled()
    first = panel.pixmap.toImage()

    def top_offset() -> int:
        from PySide6.QtCore import QPoint

        return host.view.offsets.from_qt(host.view.cursorForPosition(QPoint(4, 4)).position())

    # Next page: another picture, and the text scrolls to where that page's words start.
    qtbot.mouseClick(panel.next_button, Qt.MouseButton.LeftButton)
    assert panel.page_label.text() == "Page 2 of 3"
    assert panel.pixmap.toImage() != first and not panel.pixmap.isNull()
    assert starts[1] <= top_offset() < starts[2]
    qtbot.mouseClick(panel.next_button, Qt.MouseButton.LeftButton)
    assert panel.page_label.text() == "Page 3 of 3" and not panel.next_button.isEnabled()
    # Scrolling the text turns the picture's page back.
    host.view.verticalScrollBar().setValue(0)
    assert panel.page_label.text() == "Page 1 of 3"
    assert panel.pixmap.toImage() == first
    # A single picture has no page bar.
    host.ctx.select_document("d1")
    assert not panel.isVisible()


def test_the_text_recognition_language_is_chosen_in_the_import_dialog_and_remembered(
        host: Host, imports: ImportActions, qtbot: Any, tmp_path: Path, dialogs: Dialogs,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtCore import QSettings

    QSettings().remove(import_actions.OCR_LANGUAGES_KEY)
    path = tmp_path / "harbour.txt"
    path.write_text(GOOD_TEXT, encoding="utf-8")
    shown: list[tuple[str, list[str]]] = []

    def exec_choosing(language: str) -> Any:
        def run(dialog: import_actions.ImportDialog) -> int:
            combo = dialog.language
            shown.append((combo.currentData(), [combo.itemData(i) for i in range(combo.count())]))
            assert combo.isVisibleTo(dialog) and combo.accessibleName() == "Text recognition language"
            combo.setCurrentIndex(combo.findData(language))
            dialog.setDirectory(str(tmp_path))
            dialog.selectFile(str(path))
            dialog.accept()
            return int(dialog.result())
        return run

    started: list[str | None] = []
    real_parse = import_actions.parse_files
    monkeypatch.setattr(import_actions, "parse_files",
                        lambda task, paths, languages=None: started.append(languages) or real_parse(task, paths))
    monkeypatch.setattr(import_actions.ImportDialog, "exec", exec_choosing("kor"))
    wait_done(qtbot, imports, imports.choose_and_import)
    # auto-detect is the default; English, Russian, Ukrainian and Korean are offered
    assert shown[0][0] == "" and {"", "eng", "rus", "ukr", "kor"} <= set(shown[0][1])
    assert started == ["kor"]  # this import recognises Korean
    assert QSettings().value(import_actions.OCR_LANGUAGES_KEY) == "kor"
    # the next dialog opens with the remembered choice, and dropped files use it too
    monkeypatch.setattr(import_actions.ImportDialog, "exec", exec_choosing("rus"))
    path.write_text(GOOD_TEXT + "More.\n", encoding="utf-8")
    wait_done(qtbot, imports, imports.choose_and_import)
    assert shown[1][0] == "kor" and started == ["kor", "rus"]
    path.write_text(GOOD_TEXT + "Even more.\n", encoding="utf-8")
    wait_done(qtbot, imports, lambda: imports.import_files([path]))
    assert started == ["kor", "rus", "rus"]
    assert dialogs.errors == []
