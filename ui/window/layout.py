"""The window's frame: its docks, their default sizes, and the layout remembered between sessions.

Geometry and dock layout are kept in QSettings; a layout saved on a larger
or detached screen is brought back inside the work area (ui.window.geometry).
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QRect, QSettings, QSize, Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget

from ui.window.geometry import bring_back_floating, fits, place

APP_NAME = "Verification Workbench"
DEFAULT_SIZE = (1440, 900)
LAYOUT_VERSION = 2


class WindowLayout(QMainWindow):
    """Docks and layout memory of the main window (the docks themselves are made by ``MainWindow``)."""

    nav_dock: QDockWidget
    board_dock: QDockWidget
    panel_dock: QDockWidget
    _default_state: QByteArray
    _geometry_restored: bool

    def _dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setAccessibleName(f"{title} panel")
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(area, dock)
        return dock

    def fit_to(self, work_area: QRect | None = None) -> None:
        """First start: the default size, shrunk to the work area (default: the screen's) less
        the window frame, and centred in it (ui.window.geometry)."""
        place(self, QSize(*DEFAULT_SIZE), work_area)

    def _layout_defaults(self) -> None:
        """Default dock sizes, in proportion to the window (which fits the screen); applied
        once the window has its real size."""
        w, h = self.width(), self.height()
        self.resizeDocks([self.nav_dock, self.board_dock], [min(260, int(w * 0.19)), min(600, int(w * 0.42))],
                         Qt.Orientation.Horizontal)
        # The board a little taller (more so on a short screen): a first card whole, and the
        # panel still shows the verdict and its reasons.
        board = 0.6 if h < 800 else 0.54
        self.resizeDocks([self.board_dock, self.panel_dock], [int(h * board), int(h * (1 - board))],
                         Qt.Orientation.Vertical)

    def reset_layout(self) -> None:
        """The panels where they started, at their first sizes, and the window inside the screen.

        A floated panel is docked again first: the first layout was saved before the
        extensions' panels existed, so restoring it alone would leave them floating.
        """
        for dock in self.findChildren(QDockWidget):
            if dock.isFloating():
                dock.setFloating(False)
        self.restoreState(self._default_state, LAYOUT_VERSION)
        for dock in (self.nav_dock, self.board_dock, self.panel_dock):
            dock.show()
        if not fits(self):
            place(self, self.size(), keep_position=True)
        self._layout_defaults()

    def restore_layout(self) -> bool:
        """Geometry and dock layout from the last session; False if there was none."""
        s = QSettings()
        geometry = s.value("window/geometry")
        state = s.value("window/state")
        if isinstance(geometry, QByteArray) and self.restoreGeometry(geometry):
            self._geometry_restored = True
            if not fits(self):  # saved on a larger screen, or one no longer attached
                place(self, self.size(), keep_position=True)
        restored = isinstance(state, QByteArray) and self.restoreState(state, LAYOUT_VERSION)
        if restored:
            bring_back_floating(self)
        return restored

    def save_layout(self) -> None:
        s = QSettings()
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState(LAYOUT_VERSION))
