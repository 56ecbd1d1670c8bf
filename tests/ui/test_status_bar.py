"""A claim switch shows the selected claim's summary in the status bar by repainting the message
alone: the bar is not laid out again and the keyboard hints beside it are not repainted."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

from tests.ui.test_large_project import make_project
from tests.ui.window_probe import settled_window


class _Events(QObject):
    """Counts the paint and layout-request events of the widgets it watches."""

    def __init__(self) -> None:
        super().__init__()
        self.paints: dict[QObject, int] = {}
        self.layouts: dict[QObject, int] = {}

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint:
            self.paints[obj] = self.paints.get(obj, 0) + 1
        elif event.type() == QEvent.Type.LayoutRequest:
            self.layouts[obj] = self.layouts.get(obj, 0) + 1
        return False


def test_a_claim_switch_repaints_only_the_status_message(qtbot: Any, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QLabel

    w = settled_window(qtbot, make_project(tmp_path / "many.db"))
    app = QApplication.instance()
    bar = w.statusBar()
    hints = next(lb for lb in bar.findChildren(QLabel) if lb.accessibleName() == "Keyboard hints")
    hints_at = hints.geometry()
    events = _Events()
    for watched in (bar, hints, w.status_label):
        watched.installEventFilter(events)
    changed = 0
    for i in range(1, 30):
        before = w.status_label.text()
        events.paints.clear()
        w.ctx.select_claim(f"c{i}")
        app.processEvents()
        a = w.ctx.store.assessment(f"c{i}")
        want = f"Selected claim: {a.likelihood}, {a.confidence} confidence"
        assert w.status_label.text() == want
        if want != before:
            changed += 1
            assert events.paints.get(w.status_label), f"the new message was not painted for c{i}"
        assert hints not in events.paints, f"the keyboard hints were repainted at c{i}"
        assert events.layouts == {}, f"the status bar was laid out again at c{i}"
        assert hints.geometry() == hints_at
        # The whole message fits beside the hints, where it is drawn.
        label = w.status_label
        assert label.fontMetrics().horizontalAdvance(want) <= label.contentsRect().width()
        assert label.mapTo(bar, label.rect().topLeft()).y() >= 0 and label.height() > 0
    assert changed >= 2, "no switch changed the message"
    for watched in (bar, hints, w.status_label):
        watched.removeEventFilter(events)
    w.set_context(None)


def test_a_taller_message_style_still_grows_the_bar(qtbot: Any) -> None:
    """The connection-lost message is padded; the bar makes room for it as it did for a plain label."""
    from ui.window.main_window import MainWindow

    w = MainWindow(restore_layout=False, extensions=False)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    qtbot.wait(100)  # laid out
    label = w.status_label
    plain = label.height()
    label.setStyleSheet("color: white; background: #b00020; padding: 9px 6px;")
    label.setText("Connection to the server lost")
    assert label.sizeHint().height() > plain
    qtbot.waitUntil(lambda: label.height() >= label.sizeHint().height(), timeout=2000)
    big = label.font()
    big.setPointSize(big.pointSize() * 3)
    label.setFont(big)
    qtbot.waitUntil(lambda: label.height() >= label.sizeHint().height(), timeout=2000)


def test_in_a_narrow_window_the_message_keeps_its_width(qtbot: Any) -> None:
    """Where message and hints do not both fit, the message is shown whole and the hints are cut
    and moved with it, also after a message set while the window was wide."""
    from PySide6.QtWidgets import QLabel

    from ui.window.main_window import MainWindow

    w = MainWindow(restore_layout=False, extensions=False)
    qtbot.addWidget(w)
    w.resize(1440, 900)
    w.show()
    qtbot.waitExposed(w)
    qtbot.wait(100)
    label = w.status_label
    for text in ("Connection to the server lost — retrying.", "Saved a copy as b.db", "Connected to the server."):
        label.setText(text)
        qtbot.wait(50)
        w.resize(1440 if w.width() < 1000 else 700, 900)
        if w.width() < 1000:
            free = QLabel(text)  # how wide the bar made a plain label with this text
            qtbot.waitUntil(lambda f=free: label.width() == f.sizeHint().width(), timeout=2000)
    w.resize(700, 900)
    for text in ("Connection to the server lost — retrying.", "Saved a copy as b.db"):
        label.setText(text)
        free = QLabel(text)
        qtbot.waitUntil(lambda f=free: label.width() == f.sizeHint().width(), timeout=2000)
