"""Where bundled resources live: ``resources/`` beside the package, or inside a frozen app."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    """The resources folder (the PyInstaller bundle sets ``sys._MEIPASS``)."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    beside = Path(__file__).resolve().parent.parent / "resources"
    if beside.is_dir():  # a source checkout or an editable install
        return beside
    return Path(sys.prefix) / "share" / "verification-workbench" / "resources"  # a wheel install


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
