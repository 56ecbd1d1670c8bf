"""Where bundled resources live: ``workbench/data`` inside the installed package.

Looked up through :mod:`importlib.resources`, so the fonts, the demo article
and the icons are found the same way from a source checkout, an editable
install, ``pip install``, ``pip install --user`` and the frozen app (which
bundles ``workbench/data`` at the same relative place).
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def resources_dir() -> Path:
    """The folder holding the bundled resources (a real folder: the package is never zipped)."""
    return Path(str(files("workbench") / "data"))


def resource_path(*parts: str) -> Path:
    """One bundled resource, e.g. ``resource_path("fonts", "NotoSans-Regular.ttf")``."""
    return resources_dir().joinpath(*parts)
