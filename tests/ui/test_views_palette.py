"""Light and dark palettes: legible by the numbers, followed by the views."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from ui.session.context import ProjectContext
from ui.views import VIEWS
from ui.views.common import is_dark, muted, stance_color
from ui.widgets.palette import DARK, LIGHT, apply_palette, build_palette, contrast, style_sheet

R = QPalette.ColorRole


@pytest.fixture
def restore_app(qapp):
    """Every test here changes the application's look: put it back afterwards."""
    palette, sheet, style = qapp.palette(), qapp.styleSheet(), qapp.style().name()
    yield qapp
    qapp.setStyle(style)
    qapp.setPalette(palette)
    qapp.setStyleSheet(sheet)


@pytest.mark.parametrize("dark", [False, True])
def test_palettes_are_legible(dark):
    p = build_palette(dark)
    base, window = p.color(R.Base), p.color(R.Window)
    assert is_dark(p) is dark
    assert contrast(p.color(R.Text), base) >= 12
    assert contrast(p.color(R.WindowText), window) >= 12
    assert contrast(p.color(R.PlaceholderText), base) >= 4.5
    assert contrast(muted(p), base) >= 4.5 and contrast(muted(p), window) >= 4.5
    assert contrast(p.color(R.HighlightedText), p.color(R.Highlight)) >= 7
    assert contrast(p.color(R.Link), base) >= 4.5
    for stance in ("corroborates", "contradicts", "context", "mixed", "origin"):
        assert contrast(stance_color(stance, dark), base) >= 4.5, stance


def test_style_sheet_takes_its_colours_from_the_scheme():
    dark, light = style_sheet(True), style_sheet(False)
    assert DARK[R.Base] in dark and LIGHT[R.Base] not in dark
    assert LIGHT[R.Base] in light and DARK[R.Base] not in light


def test_apply_palette_follows_the_requested_scheme_and_the_views_follow(qtbot, restore_app, demo_service):
    app: QApplication = restore_app
    ctx = ProjectContext(demo_service)
    matrix = VIEWS["matrix"](ctx, None)
    qtbot.addWidget(matrix)
    app.setStyleSheet("")
    assert apply_palette(app, Qt.ColorScheme.Light) is False
    assert app.style().name().lower() == "fusion"
    light_key = matrix.legend.text()
    assert stance_color("corroborates", False).name() in light_key
    assert apply_palette(app, Qt.ColorScheme.Dark, style_sheet) is True
    assert is_dark(app.palette())
    assert app.styleSheet() == style_sheet(True)
    qtbot.waitUntil(lambda: stance_color("corroborates", True).name() in matrix.legend.text())
    assert matrix.legend.text() != light_key


def test_the_system_scheme_is_read_when_none_is_given(restore_app):
    app = restore_app
    expected = app.styleHints().colorScheme() == Qt.ColorScheme.Dark
    assert apply_palette(app) is expected


def _unnamed(root) -> list[str]:
    """Focusable, visible controls without an accessible name (the window's own rule)."""
    from PySide6.QtWidgets import QAbstractScrollArea, QWidget

    missing = []
    for widget in root.findChildren(QWidget):
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus or not widget.isVisibleTo(root):
            continue
        parent = widget.parentWidget()
        if isinstance(parent, QAbstractScrollArea) and widget is parent.viewport():
            continue
        if type(widget).__name__ == "QLineEdit" and type(parent).__name__ in ("QComboBox", "QDoubleSpinBox",
                                                                               "QDateEdit"):
            continue
        if not widget.accessibleName():
            missing.append(f"{type(widget).__name__} {getattr(widget, 'text', lambda: '')()!r}")
    return missing


def test_every_focusable_control_has_an_accessible_name(qtbot, demo_service):
    from ui.dialogs.settings_dialog import SettingsDialog
    from ui.views.search import ProjectSearch
    from ui.views.sources_view import MergeDialog

    ctx = ProjectContext(demo_service)
    widgets = [VIEWS[name](ctx, None) for name in VIEWS]
    widgets += [ProjectSearch(ctx), SettingsDialog(ctx), MergeDialog(ctx.store, "s-bbc", "s-article")]
    for w in widgets:
        qtbot.addWidget(w)
        w.show()
        assert _unnamed(w) == [], type(w).__name__
