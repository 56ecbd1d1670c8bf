"""Showing a claim of another document repaints the document pane from its own page down, not
the main window under it, and not the documents list's header; what the window holds afterwards
is what a full paint shows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QPoint, QRect
from PySide6.QtGui import QRegion
from PySide6.QtWidgets import QApplication

from tests.ui.window_probe import same_pixels, settled_window
from workbench.service import ProjectService
from workbench.store.exchange import FORMAT


class _Paints(QObject):
    """Keeps the regions painted of the widgets it watches."""

    def __init__(self) -> None:
        super().__init__()
        self.regions: dict[QObject, QRegion] = {}

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint:
            self.regions[obj] = self.regions.get(obj, QRegion()) + event.region()  # type: ignore[attr-defined]
        return False


def _project(path: Path) -> Path:
    documents, claims = [], []
    for d in range(4):  # titles and texts of different lengths: the header's height changes too
        words = [f"word{d}{i:03d}" for i in range(40 + 60 * d)]
        text = " ".join(words)
        documents.append({"id": f"d{d}", "title": "Report " * (1 + 5 * (d % 2)) + str(d), "text": text})
        for i in range(0, len(words), 9):
            start = text.index(words[i])
            claims.append({"id": f"d{d}c{i}", "text": f"Statement {d}/{i}", "document": f"d{d}",
                           "start": start, "end": start + len(words[i])})
    svc = ProjectService.create(path, "Documents")
    try:
        svc.load_exchange({"format": FORMAT, "documents": documents, "sources": [], "claims": claims,
                           "evidence": []})
    finally:
        svc.close()
    return path


def test_another_document_repaints_the_pane_not_the_window_under_it(qtbot: Any, tmp_path: Path) -> None:
    w = settled_window(qtbot, _project(tmp_path / "docs.db"))
    app = QApplication.instance()
    pane = w.document_pane
    page = pane.stack.widget(0)
    window_paints, page_paints = _Paints(), _Paints()
    w.installEventFilter(window_paints)
    page.installEventFilter(page_paints)
    documents = w.navigator.documents_view
    header = documents.header().viewport()
    header.installEventFilter(page_paints)
    documents.viewport().installEventFilter(page_paints)
    for d, i in ((1, 9), (2, 27), (0, 0), (3, 18), (1, 36), (2, 0)):
        window_paints.regions.clear()
        page_paints.regions.clear()
        w.ctx.select_claim(f"d{d}c{i}")
        app.processEvents()
        assert w.ctx.current_document == f"d{d}" and pane.title_label.text().endswith(str(d))
        assert page in page_paints.regions, f"the document page was not painted for d{d}"
        # The documents list shows the new selection; its header, which highlights no sections,
        # is not painted again.
        assert documents.viewport() in page_paints.regions, f"the documents list was not painted for d{d}"
        assert header not in page_paints.regions, (d, i, page_paints.regions.get(header))
        # The new title, details and text were painted by the page; the window under it was not.
        under = window_paints.regions.get(w, QRegion())
        on_window = QRect(page.mapTo(w, QPoint(0, 0)), page.size())
        assert not under.intersects(on_window), (d, i, under.boundingRect(), on_window)
        shown = app.primaryScreen().grabWindow(w.winId()).toImage()  # what the window holds now
        fresh = w.grab().toImage()  # everything painted again
        same_pixels(shown, fresh, w, page, f"document page after d{d}c{i}")
        same_pixels(shown, fresh, w, documents, f"documents list after d{d}c{i}")
    w.removeEventFilter(window_paints)
    for watched in (page, header, documents.viewport()):
        watched.removeEventFilter(page_paints)
    w.set_context(None)
