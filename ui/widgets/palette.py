"""Light and dark palettes that follow the system colour scheme.

Fact-checkers work late, often on screens set to dark mode, and a white
window in a dark desktop is both glaring and a sign of a tool that was not
finished.  :func:`apply_palette` reads the system's preference
(``QStyleHints.colorScheme()``), sets a matching palette and follows later
changes (``colorSchemeChanged``), so every widget that draws with palette
roles — as the project-wide views do — follows along.

Both palettes are chosen for legibility first: body text is at least 12:1
against its background, secondary text and placeholders at least 4.5:1
(WCAG AA), and selected text is at least 7:1 on the selection colour (the
light scheme keeps the window's pale-blue selection with dark text).
The Fusion style is used because it draws every control from the palette
on every platform; on macOS the native style already follows the system
appearance, so there the palette is left to it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from ui.widgets.colors import ERROR_HEX, FAINT_HEX, MUTED_HEX, stance_hex

Role = QPalette.ColorRole
Group = QPalette.ColorGroup

LIGHT: dict[QPalette.ColorRole, str] = {
    Role.Window: "#f3f4f6", Role.WindowText: "#1f2328", Role.Base: "#ffffff", Role.AlternateBase: "#f6f8fa",
    Role.ToolTipBase: "#ffffff", Role.ToolTipText: "#1f2328", Role.PlaceholderText: "#636c76",
    Role.Text: "#1f2328", Role.Button: "#f6f8fa", Role.ButtonText: "#1f2328", Role.BrightText: "#ffffff",
    Role.Light: "#ffffff", Role.Midlight: "#eaeef2", Role.Mid: "#d0d7de", Role.Dark: "#8c959f",
    Role.Shadow: "#57606a", Role.Highlight: "#b6d4fe", Role.HighlightedText: "#1f2328",
    Role.Link: "#0b5cad", Role.LinkVisited: "#6639ba", Role.Accent: "#0b5cad",
}
DARK: dict[QPalette.ColorRole, str] = {
    Role.Window: "#202327", Role.WindowText: "#e6edf3", Role.Base: "#16181c", Role.AlternateBase: "#1c1f24",
    Role.ToolTipBase: "#2b3036", Role.ToolTipText: "#e6edf3", Role.PlaceholderText: "#8d96a0",
    Role.Text: "#e6edf3", Role.Button: "#2b3036", Role.ButtonText: "#e6edf3", Role.BrightText: "#ffffff",
    Role.Light: "#3d444d", Role.Midlight: "#30363d", Role.Mid: "#3d444d", Role.Dark: "#111316",
    Role.Shadow: "#000000", Role.Highlight: "#264f78", Role.HighlightedText: "#ffffff",
    Role.Link: "#58a6ff", Role.LinkVisited: "#bc8cff", Role.Accent: "#1f6feb",
}
_DISABLED = {False: "#8c959f", True: "#6e7681"}
_CONNECTED = "_vwb_palette_follows_scheme"


def build_palette(dark: bool) -> QPalette:
    """The app's light or dark palette (see module docstring)."""
    pal = QPalette()
    for role, value in (DARK if dark else LIGHT).items():
        pal.setColor(role, QColor(value))
    off = QColor(_DISABLED[dark])
    for role in (Role.Text, Role.WindowText, Role.ButtonText, Role.PlaceholderText):
        pal.setColor(Group.Disabled, role, off)
    pal.setColor(Group.Disabled, Role.Highlight, QColor("#3d444d" if dark else "#d0d7de"))
    return pal


def system_prefers_dark(app: QGuiApplication | None = None) -> bool:
    """True when the desktop asks for a dark scheme (Unknown counts as light)."""
    app = app or QGuiApplication.instance()  # type: ignore[assignment]
    if app is None:
        return False
    return app.styleHints().colorScheme() == Qt.ColorScheme.Dark


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""
    def lum(c: QColor) -> float:
        def ch(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
        return 0.2126 * ch(c.redF()) + 0.7152 * ch(c.greenF()) + 0.0722 * ch(c.blueF())
    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _mix(a: str, b: str, share: float) -> str:
    """``share`` of colour ``a`` over colour ``b``, as #rrggbb."""
    ca, cb = QColor(a), QColor(b)
    mixed = [round(share * x + (1 - share) * y) for x, y in
             ((ca.red(), cb.red()), (ca.green(), cb.green()), (ca.blue(), cb.blue()))]
    return "#{:02x}{:02x}{:02x}".format(*mixed)


def style_sheet(dark: bool) -> str:
    """The window's style rules, in this scheme's colours.

    Style sheets override the palette, so a rule with a fixed light colour
    would undo dark mode.  Every colour the panels need beyond the palette
    (secondary text, stance colours, the evidence cards, the page) is set
    here, by object name or by a ``tone``/``stance`` property on the widget,
    rather than in per-widget style sheets: :func:`apply_palette` applies
    this sheet again when the system switches scheme, so the whole window
    follows at once without any panel being rebuilt.
    """
    c = DARK if dark else LIGHT
    window, base, mid = c[Role.Window], c[Role.Base], c[Role.Mid]
    header, accent = c[Role.AlternateBase], c[Role.Accent]
    muted, error, faint = MUTED_HEX[dark], ERROR_HEX[dark], FAINT_HEX[dark]
    # Focus is marked on every control: an accent border on lists, fields and
    # scrolling panes here, a ring on buttons and boxes (ui.widgets.focus_ring);
    # a focused card is also tinted, since a selected card has the accent border.
    focus_tint = _mix(accent, base, 0.16)
    stances = ("corroborates", "contradicts", "context")
    stance_rules = "\n".join(
        f'QLabel#columnHeading[stance="{s}"] {{ color: {stance_hex(s, dark)}; '
        f"border-bottom: 2px solid {stance_hex(s, dark)}; }}\n"
        f'#evidenceCard[stance="{s}"] {{ border-left: 4px solid {stance_hex(s, dark)}; }}\n'
        f'QRadioButton[stance="{s}"] {{ color: {stance_hex(s, dark)}; font-weight: 600; }}'
        for s in stances)
    return f"""
QMainWindow::separator {{ background: {mid}; width: 1px; height: 1px; }}
QDockWidget {{ font-weight: 600; }}
QDockWidget::title {{ background: {window}; padding: 6px 8px; border-bottom: 1px solid {mid}; }}
QLabel#sectionHeading {{ font-weight: 600; color: {muted}; }}
QLabel#docTitle {{ font-size: 16pt; font-weight: 700; }}
QLabel#boardClaim {{ font-size: 11pt; font-weight: 600; }}
QLabel#emptyTitle {{ font-size: 15pt; font-weight: 600; }}
QTreeView, QTableView, QListView {{ background: {base}; border: 1px solid {mid}; border-radius: 4px; }}
QTreeView::item, QTableView::item {{ padding: 3px 2px; }}
QHeaderView::section {{ background: {header}; border: none; border-bottom: 1px solid {mid};
                        padding: 4px 6px; font-weight: 600; color: {muted}; }}
QPushButton {{ padding: 5px 12px; }}
QStatusBar {{ color: {muted}; }}
QAbstractItemView {{ outline: 0; }}
QTreeView:focus, QTableView:focus, QListView:focus, QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus,
QScrollArea[focusFrame="true"]:focus {{ border: 2px solid {accent}; border-radius: 4px; }}
QLabel[tone="muted"] {{ color: {muted}; }}
QLabel[tone="error"] {{ color: {error}; }}
QLabel#thinSupport {{ color: {error}; font-weight: 600; border: 1px solid {error}; border-radius: 4px;
                      padding: 2px 6px; }}
#documentPage, #docHeader, #emptyPage {{ background: {base}; }}
#docHeader {{ border-bottom: 1px solid {mid}; }}
#boardHead {{ border-bottom: 1px solid {mid}; }}
#boardBody {{ background: {window}; }}
QLabel#columnHeading {{ font-weight: 600; padding-bottom: 3px; }}
#evidenceCard {{ background: {base}; border: 1px solid {mid}; border-radius: 6px;
                 border-left: 4px solid {stance_hex("context", dark)}; }}
{stance_rules}
#evidenceCard[selected="true"], #evidenceCard:focus {{ border-top: 2px solid {accent};
    border-right: 2px solid {accent}; border-bottom: 2px solid {accent}; }}
#evidenceCard:focus {{ background: {focus_tint}; }}
QLabel#cardSource {{ font-weight: 600; }}
QLabel#cardGrade {{ font-weight: 700; }}
QLabel#cardDetails, QLabel#cardCounted, QLabel#cardMarkers {{ font-size: 9pt; }}
QLabel#cardDetails, QLabel#cardCounted {{ color: {muted}; }}
QLabel#confidenceLevel {{ font-size: 12pt; font-weight: 600; border: 1px solid {faint};
                          border-radius: 5px; padding: 2px 8px; }}
"""


def apply_palette(app: QApplication, scheme: Qt.ColorScheme | None = None,
                  style_sheet: Callable[[bool], str] | None = None) -> bool:
    """Set the palette for ``scheme`` (default: the system's) and keep following
    the system; returns True when the dark palette is in use.

    ``style_sheet(dark)``, when given, is applied after the palette and again
    whenever the system scheme changes (pass :func:`style_sheet` or the
    window's own rules written for both schemes).
    """
    hints = app.styleHints()
    dark = (scheme if scheme is not None else hints.colorScheme()) == Qt.ColorScheme.Dark
    native_mac = sys.platform == "darwin" and app.style() is not None and app.style().name().lower() == "macos"
    if not native_mac:
        # Under a style sheet, style() is Qt's wrapper (name ""): Fusion is then already set.
        if app.style() is None or app.style().name().lower() not in ("fusion", ""):
            app.setStyle("Fusion")
        app.setPalette(build_palette(dark))
    if style_sheet is not None:
        app.setStyleSheet(style_sheet(dark))
    if scheme is None and not app.property(_CONNECTED):
        app.setProperty(_CONNECTED, True)
        hints.colorSchemeChanged.connect(lambda s: apply_palette(app, s, style_sheet))
    return dark


__all__ = ["DARK", "LIGHT", "apply_palette", "build_palette", "contrast", "system_prefers_dark"]
