"""A scanned PDF's pages turn from the keyboard: Alt+Page Down / Alt+Page Up while reading its text,
the picture and the text together, as the page bar's buttons do; no other action has those keys."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence

from tests import fixtures_images as I
from tests.ui.conftest import open_window

WORDS = ("First", "Second", "Third")


def _add_scan(path: Path, tmp_path: Path) -> str:
    """A three-page scan with its text (recognised beforehand: these tests are about the keys)."""
    from workbench.documents.importers.base import ImportedDocument
    from workbench.service import ProjectService

    pages = [I.text_picture([f"{w} page of the statement."]) for w in WORDS]
    pdf = I.scanned_pdf(tmp_path / "statement-scan.pdf", pages).read_bytes()
    paragraphs = ["\n".join(f"{w} page of the statement, line {k}." for k in range(30)) for w in WORDS]
    starts, text = [], ""
    for p in paragraphs:
        starts.append(len(text))
        text += p + "\n\n"
    doc = ImportedDocument(title="Statement (scan)", text=text.rstrip("\n"), url=None, author=None,
                           published=None, original_name="statement-scan.pdf", format="scan",
                           page_starts=tuple(starts),
                           media={"type": "scan", "sha256": hashlib.sha256(pdf).hexdigest(), "width": 1240,
                                  "height": 1754, "taken": None, "gps": None, "camera": None,
                                  "near_duplicates": []},
                           media_data=pdf, media_mime="application/pdf")
    svc = ProjectService.open(path)
    try:
        new = svc.import_document(doc).new_id
        assert new is not None
        return new
    finally:
        svc.close()


def test_alt_page_down_and_up_turn_the_scan_and_the_text_follows(qtbot: Any, demo_path: Path, tmp_path: Path,
                                                                  dialogs: Any) -> None:
    scan = _add_scan(demo_path, tmp_path)
    w = open_window(qtbot, demo_path, extensions=False)
    try:
        w.resize(1300, 560)  # a short window: the text scrolls
        w.ctx.select_document(scan)
        pane, panel = w.document_pane, w.document_pane.media_panel
        qtbot.waitUntil(lambda: panel.isVisible() and panel.page_label.text() == "Page 1 of 3", timeout=3000)
        starts = w.ctx.store.documents[scan]["page_starts"]
        view = pane.view
        view.setFocus(Qt.FocusReason.OtherFocusReason)
        qtbot.waitUntil(view.hasFocus, timeout=2000)

        def top() -> int:
            return view.offsets.from_qt(view.cursorForPosition(QPoint(4, 4)).position())

        alt = Qt.KeyboardModifier.AltModifier
        qtbot.keyClick(view, Qt.Key.Key_PageDown, alt)
        assert panel.page_label.text() == "Page 2 of 3"
        assert starts[1] <= top() < starts[2]  # the text went to the page's words
        qtbot.keyClick(view, Qt.Key.Key_PageDown, alt)
        assert panel.page_label.text() == "Page 3 of 3" and not panel.next_action.isEnabled()
        qtbot.keyClick(view, Qt.Key.Key_PageDown, alt)  # at the end: nothing more
        assert panel.page_label.text() == "Page 3 of 3"
        qtbot.keyClick(view, Qt.Key.Key_PageUp, alt)
        assert panel.page_label.text() == "Page 2 of 3" and starts[1] <= top() < starts[2]
        # From the page bar's own buttons too (the keys work anywhere in the document pane).
        panel.next_button.setFocus(Qt.FocusReason.OtherFocusReason)
        qtbot.waitUntil(panel.next_button.hasFocus, timeout=2000)
        qtbot.keyClick(panel.next_button, Qt.Key.Key_PageUp, alt)
        assert panel.page_label.text() == "Page 1 of 3" and not panel.previous_action.isEnabled()

        # Told where people and screen readers look: tooltip and accessible description.
        key = QKeySequence("Alt+PgDown").toString(QKeySequence.SequenceFormat.NativeText)
        assert panel.next_button.accessibleName() == "Next page"
        assert panel.next_button.accessibleDescription() == f"Shortcut: {key}"
        assert key in panel.next_button.toolTip() and "Next page of the scan" in panel.next_button.toolTip()
        assert panel.previous_button.accessibleName() == "Previous page"
        assert "Shortcut: " in panel.previous_button.accessibleDescription()

        # The article has no scan: the keys do nothing there (and nothing else is bound to them).
        w.ctx.select_document("d1")
        assert not panel.isVisible()
        assert not panel.next_action.isEnabled() and not panel.previous_action.isEnabled()
        before = view.verticalScrollBar().value()
        qtbot.keyClick(view, Qt.Key.Key_PageDown, alt)
        assert pane.doc_id == "d1" and panel.page_label.text() == "Page 1 of 3"
        assert view.verticalScrollBar().value() == before
        assert dialogs.errors == []
    finally:
        w.set_context(None)


def test_no_other_action_of_the_full_window_uses_the_page_keys(qtbot: Any, demo_path: Path) -> None:
    w = open_window(qtbot, demo_path)  # every extension installed
    try:
        panel = w.document_pane.media_panel
        mine = {QKeySequence("Alt+PgUp"), QKeySequence("Alt+PgDown")}
        others = [a for a in w.findChildren(QAction) if a not in panel.page_actions()
                  and any(s in mine for s in a.shortcuts())]
        assert others == []
        assert {a.shortcut() for a in panel.page_actions()} == mine
        assert all(a in w.document_pane.actions() for a in panel.page_actions())
    finally:
        w.set_context(None)
