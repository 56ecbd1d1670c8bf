"""Shared steps of the tests that watch what a claim switch repaints in a real main window.

Those tests open a project in a full-size window and wait until its first paints and the
background assessment are done, so that the paints they then count are the switch's own; and
they compare what the window holds after the switch with a fresh grab, which is what a full
repaint shows.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QWidget


def settled_window(qtbot: Any, path: Path) -> Any:
    """A 1440×900 main window showing the project at ``path``, its first paints done."""
    from ui.window.main_window import MainWindow

    w = MainWindow(restore_layout=False, extensions=False)
    qtbot.addWidget(w)
    w.resize(1440, 900)
    assert w.open_path(path, remember=False)
    w.show()
    qtbot.waitExposed(w)
    qtbot.waitUntil(lambda: w.ctx.store.all_assessed, timeout=10_000)
    qtbot.wait(200)  # the first paints done
    return w


def same_pixels(shown: Any, fresh: Any, w: QWidget, widget: QWidget, label: str) -> None:
    """Every second pixel of ``widget`` in the window image ``shown`` equals ``fresh``'s."""
    at = widget.mapTo(w, QPoint(0, 0))
    for y in range(at.y(), at.y() + widget.height(), 2):
        for x in range(at.x(), at.x() + widget.width(), 2):
            assert shown.pixel(x, y) == fresh.pixel(x, y), (x, y, label)
