"""A claim switch repaints the panels that changed, not the docks and window under them, and what the
window holds afterwards is what a full paint shows; the breakdown table's header keeps Qt's answer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QRegion
from PySide6.QtWidgets import QApplication, QHeaderView, QTableView

from tests.ui.test_large_project import make_project
from tests.ui.window_probe import same_pixels, settled_window


class _Paints(QObject):
    """Counts the paint events of the widgets it watches, and keeps the regions painted."""

    def __init__(self) -> None:
        super().__init__()
        self.count: dict[QObject, int] = {}
        self.regions: dict[QObject, QRegion] = {}

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint:
            self.count[obj] = self.count.get(obj, 0) + 1
            self.regions[obj] = self.regions.get(obj, QRegion()) + event.region()  # type: ignore[attr-defined]
        return False


def test_a_claim_switch_repaints_neither_the_docks_nor_the_window(qtbot: Any, tmp_path: Path) -> None:
    w = settled_window(qtbot, make_project(tmp_path / "many.db"))
    app = QApplication.instance()
    docks = (w.board_dock, w.panel_dock, w.nav_dock)
    paints, window_paints = _Paints(), _Paints()
    for dock in docks:
        dock.installEventFilter(paints)
    w.installEventFilter(window_paints)
    board_paints = _Paints()
    w.board.scroll_area.widget().installEventFilter(board_paints)
    for i in range(1, 40, 3):  # claims with evidence and without, the list scrolling to follow
        paints.count.clear()
        board_paints.count.clear()
        window_paints.regions.clear()
        w.ctx.select_claim(f"c{i}")
        app.processEvents()
        assert w.board.claim_label.text() == f"Statement {i}"
        # The board, the panel and the list were painted (their content changed); the docks
        # holding them, with their title bars, and the window under them were not (the window
        # is painted elsewhere: under the status bar's new text).
        assert board_paints.count, f"the board's cards were not painted for c{i}"
        assert paints.count == {}, (i, {o.objectName(): n for o, n in paints.count.items()})
        under = window_paints.regions.get(w, QRegion())
        for dock in docks:
            assert not under.intersects(dock.geometry()), (i, dock.objectName(), under.boundingRect())
        shown = app.primaryScreen().grabWindow(w.winId()).toImage()  # what the window holds now
        fresh = w.grab().toImage()  # everything painted again
        for dock in docks:
            same_pixels(shown, fresh, w, dock, f"{dock.objectName()} after c{i}")
    for dock in docks:
        dock.removeEventFilter(paints)
    w.removeEventFilter(window_paints)
    w.set_context(None)


def test_the_breakdown_header_answers_as_qts_own(qtbot: Any) -> None:
    from ui.board.breakdown_model import COL_AGE, BreakdownModel
    from ui.board.confidence_panel import ConfidencePanel

    panel = ConfidencePanel()
    qtbot.addWidget(panel)
    header = panel.table.horizontalHeader()
    plain = QTableView()  # Qt's own header, on a model like the panel's
    qtbot.addWidget(plain)
    plain.setModel(BreakdownModel(plain))
    plain.setSortingEnabled(True)
    reference: QHeaderView = plain.horizontalHeader()
    assert header.sectionsClickable() and header.highlightSections()  # as QTableView makes its own
    assert header.sizeHint() == reference.sizeHint()
    for _ in range(3):  # a claim switch resets the model; the answer stays Qt's
        panel.model.set_assessment(None, {})
        plain.model().set_assessment(None, {})  # type: ignore[attr-defined]
        assert header.sizeHint() == reference.sizeHint()
    before = header.sizeHint()
    for view in (panel.table, plain):
        view.setColumnHidden(COL_AGE, not view.isColumnHidden(COL_AGE))
        view.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    assert header.sizeHint() == reference.sizeHint()
    for view in (panel.table, plain):  # a new look measures again
        view.horizontalHeader().setStyleSheet("QHeaderView::section { padding: 14px; font-size: 20pt; }")
    assert header.sizeHint() == reference.sizeHint() != before
