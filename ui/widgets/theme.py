"""Fonts, palette and the few style rules the whole app shares.

The bundled fonts (``workbench.memo.fonts``) are loaded so the window looks the
same on a machine with no fonts installed (and under the offscreen platform
used for screenshots), and so Hangul and Cyrillic documents render.  The
Fusion style with a light or dark palette (:mod:`ui.widgets.palette`, following the
system's colour scheme) gives the same look on every platform; the colours
themselves come from :mod:`ui.widgets.colors`.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication

UI_FAMILY = "Noto Sans"
READING_FAMILY = "Noto Serif"
FALLBACK_FAMILIES = ["NanumGothic"]

_loaded: list[str] | None = None


def load_fonts() -> list[str]:
    """Register the bundled fonts once; returns the families loaded ([] if none).

    Skipped quietly when ``workbench.memo.fonts`` or the files are missing: the
    app then uses the system's fonts, which is worse but not fatal.
    """
    global _loaded
    if _loaded is not None:
        return _loaded
    families: list[str] = []
    try:
        from workbench.memo.fonts import font_paths
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


#: Forces the colour scheme ("dark" or "light"), e.g. for screenshots and tests;
#: unset or anything else follows the system.
SCHEME_ENV = "VWB_COLOR_SCHEME"


def forced_scheme() -> Qt.ColorScheme | None:
    """The scheme asked for by ``VWB_COLOR_SCHEME``, or None to follow the system."""
    value = os.environ.get(SCHEME_ENV, "").strip().lower()
    return {"dark": Qt.ColorScheme.Dark, "light": Qt.ColorScheme.Light}.get(value)


def apply_theme(app: QApplication) -> bool:
    """Fusion style, the light or dark palette, bundled UI font and the shared
    rules; returns True when the dark scheme is in use.

    The scheme follows the system (and its later changes) unless
    ``VWB_COLOR_SCHEME`` forces one.
    """
    from ui.widgets.palette import apply_palette, style_sheet

    families = load_fonts()
    dark = apply_palette(app, forced_scheme(), style_sheet=style_sheet)
    from ui.widgets.focus_ring import install_focus_ring

    install_focus_ring(app)
    if UI_FAMILY in families:
        f = QFont()
        f.setFamilies([UI_FAMILY, *FALLBACK_FAMILIES])
        f.setPointSize(10)
        app.setFont(f)
    return dark


#: The app's name for the desktop: the .desktop file and the Wayland app id
#: (packaging/linux/org.verificationworkbench.VerificationWorkbench.desktop).
DESKTOP_FILE_NAME = "org.verificationworkbench.VerificationWorkbench"
_ICON_SIZES = (16, 32, 48, 64, 128, 256, 512)
_icon: QIcon | None = None


def app_icon() -> QIcon:
    """The window icon from ``resources/icons/app``: one PNG per size, so the
    title bar and task switcher get a crisp raster at 16 px as at 512 px; the
    SVG only when no PNG is there (a build that ships the scalable icon only).
    A null icon when neither exists: the platform's default is then used."""
    global _icon
    if _icon is None:
        from workbench.resources import resource_path

        folder = resource_path("icons", "app")
        icon = QIcon()
        for size in _ICON_SIZES:
            png = folder / f"verification-workbench-{size}.png"
            if png.is_file():
                icon.addFile(str(png), QSize(size, size))
        if icon.isNull() and (folder / "verification-workbench.svg").is_file():
            icon = QIcon(str(folder / "verification-workbench.svg"))
        _icon = icon
    return _icon
