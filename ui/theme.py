"""Fonts, palette and the few style rules the whole app shares.

The bundled fonts (``workbench.fonts``) are loaded so the window looks the
same on a machine with no fonts installed (and under the offscreen platform
used for screenshots), and so Hangul and Cyrillic documents render.  The
Fusion style with a light palette gives the same look on every platform;
colours come from :mod:`ui.colors`.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication

from ui.colors import ACCENT, BORDER, CANVAS, INK, MUTED_INK, PAPER

UI_FAMILY = "Noto Sans"
READING_FAMILY = "Noto Serif"
FALLBACK_FAMILIES = ["NanumGothic"]

_loaded: list[str] | None = None


def load_fonts() -> list[str]:
    """Register the bundled fonts once; returns the families loaded ([] if none).

    Skipped quietly when ``workbench.fonts`` or the files are missing: the
    app then uses the system's fonts, which is worse but not fatal.
    """
    global _loaded
    if _loaded is not None:
        return _loaded
    families: list[str] = []
    try:
        from workbench.fonts import font_paths
        paths = font_paths()
    except (ImportError, FileNotFoundError, AttributeError):
        paths = []
    for path in paths:
        fid = QFontDatabase.addApplicationFont(str(path))
        if fid >= 0:
            families.extend(QFontDatabase.applicationFontFamilies(fid))
    _loaded = sorted(set(families))
    return _loaded


def reading_font(point_size: int) -> QFont:
    """The document's font: the serif if bundled, Hangul from NanumGothic."""
    f = QFont()
    f.setFamilies([READING_FAMILY, *FALLBACK_FAMILIES] if READING_FAMILY in (_loaded or []) else
                  [QFont().family(), *FALLBACK_FAMILIES])
    f.setPointSize(point_size)
    return f


def _palette() -> QPalette:
    pal = QPalette()
    role = QPalette.ColorRole
    pal.setColor(role.Window, QColor(CANVAS))
    pal.setColor(role.WindowText, QColor(INK))
    pal.setColor(role.Base, QColor(PAPER))
    pal.setColor(role.AlternateBase, QColor("#f6f8fa"))
    pal.setColor(role.Text, QColor(INK))
    pal.setColor(role.Button, QColor("#f6f8fa"))
    pal.setColor(role.ButtonText, QColor(INK))
    pal.setColor(role.Highlight, QColor("#b6d4fe"))
    pal.setColor(role.HighlightedText, QColor(INK))
    pal.setColor(role.ToolTipBase, QColor("#ffffff"))
    pal.setColor(role.ToolTipText, QColor(INK))
    pal.setColor(role.PlaceholderText, QColor(MUTED_INK))
    pal.setColor(role.Link, QColor(ACCENT))
    pal.setColor(QPalette.ColorGroup.Disabled, role.Text, QColor("#8c959f"))
    pal.setColor(QPalette.ColorGroup.Disabled, role.ButtonText, QColor("#8c959f"))
    pal.setColor(QPalette.ColorGroup.Disabled, role.WindowText, QColor("#8c959f"))
    return pal


STYLE_SHEET = f"""
QMainWindow::separator {{ background: {BORDER}; width: 1px; height: 1px; }}
QDockWidget {{ font-weight: 600; }}
QDockWidget::title {{ background: {CANVAS}; padding: 6px 8px; border-bottom: 1px solid {BORDER}; }}
QLabel#sectionHeading {{ font-weight: 600; color: {MUTED_INK}; }}
QLabel#docTitle {{ font-size: 16pt; font-weight: 700; }}
QLabel#boardClaim {{ font-size: 11pt; font-weight: 600; }}
QLabel#emptyTitle {{ font-size: 15pt; font-weight: 600; }}
QTreeView, QTableView {{ background: {PAPER}; border: 1px solid {BORDER}; border-radius: 4px; }}
QTreeView::item, QTableView::item {{ padding: 3px 2px; }}
QHeaderView::section {{ background: #f6f8fa; border: none; border-bottom: 1px solid {BORDER};
                        padding: 4px 6px; font-weight: 600; color: {MUTED_INK}; }}
QPushButton {{ padding: 5px 12px; }}
QStatusBar {{ color: {MUTED_INK}; }}
*:focus {{ outline: none; }}
QTreeView:focus, QTableView:focus, QLineEdit:focus, QPlainTextEdit:focus {{ border: 1px solid {ACCENT}; }}
"""


def apply_theme(app: QApplication) -> None:
    """Fusion style, light palette, bundled UI font and the shared rules."""
    families = load_fonts()
    app.setStyle("Fusion")
    app.setPalette(_palette())
    if UI_FAMILY in families:
        f = QFont()
        f.setFamilies([UI_FAMILY, *FALLBACK_FAMILIES])
        f.setPointSize(10)
        app.setFont(f)
    app.setStyleSheet(STYLE_SHEET)
