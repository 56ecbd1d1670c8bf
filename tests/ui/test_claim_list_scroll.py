"""The claims list follows the selected claim by copying its rows, not painting them all again
(nor its header), and what it shows after those scrolls is what a full paint shows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.ui.test_large_project import make_project
from tests.ui.window_probe import settled_window


class _Paints(QObject):
    """Records the height of each paint of one widget."""

    def __init__(self) -> None:
        super().__init__()
        self.heights: list[int] = []

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint:
            self.heights.append(event.region().boundingRect().height())  # type: ignore[attr-defined]
        return False


def test_following_the_claim_paints_only_rows_scrolled_into_view(qtbot: Any, tmp_path: Path) -> None:
    w = settled_window(qtbot, make_project(tmp_path / "many.db"))
    app = QApplication.instance()
    view = w.navigator.claims_view
    bar = view.verticalScrollBar()
    paints, header_paints = _Paints(), _Paints()
    view.viewport().installEventFilter(paints)
    view.header().viewport().installEventFilter(header_paints)
    scrolled = 0
    for i in range(0, 60, 2):  # the next claim but one, as a reader going down the document would
        top = bar.value()
        paints.heights.clear()
        header_paints.heights.clear()
        w.ctx.select_claim(f"c{i}")
        app.processEvents()
        assert header_paints.heights == [], i  # a row selected is no reason to paint the header again
        if bar.value() == top:
            continue
        scrolled += 1
        # The rows scrolled into view and the two whose selection changed, never the whole list.
        assert paints.heights and max(paints.heights) < view.viewport().height() / 2, paints.heights
        shown = app.primaryScreen().grabWindow(w.winId()).toImage()  # what the window holds now
        fresh = w.grab().toImage()  # everything painted again
        at = view.mapTo(w, view.rect().topLeft())
        for y in range(at.y(), at.y() + view.height()):
            for x in range(at.x(), at.x() + view.width()):
                assert shown.pixel(x, y) == fresh.pixel(x, y), (x, y, f"c{i}")
    assert scrolled >= 10
    # The header still sorts when clicked.
    header = view.header()
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(header.sectionPosition(0) + 20, 5))
    assert header.sortIndicatorSection() == 0
    first = view.model().index(0, 0).data()
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(header.sectionPosition(0) + 20, 5))
    assert view.model().index(0, 0).data() != first
    view.viewport().removeEventFilter(paints)
    view.header().viewport().removeEventFilter(header_paints)
    w.set_context(None)
