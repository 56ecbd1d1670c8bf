"""The claims list follows the selected claim by copying its rows, not painting them all again,
and what it shows after those scrolls is what a full paint shows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

from tests.ui.test_large_project import make_project


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
    from ui.window.main_window import MainWindow

    w = MainWindow(restore_layout=False, extensions=False)
    qtbot.addWidget(w)
    w.resize(1440, 900)
    assert w.open_path(make_project(tmp_path / "many.db"), remember=False)
    w.show()
    qtbot.waitExposed(w)
    app = QApplication.instance()
    view = w.navigator.claims_view
    bar = view.verticalScrollBar()
    paints = _Paints()
    view.viewport().installEventFilter(paints)
    scrolled = 0
    for i in range(0, 60, 2):  # the next claim but one, as a reader going down the document would
        top = bar.value()
        paints.heights.clear()
        w.ctx.select_claim(f"c{i}")
        app.processEvents()
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
    view.viewport().removeEventFilter(paints)
    w.set_context(None)
