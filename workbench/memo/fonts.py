"""Paths and family names of the fonts bundled in ``resources/fonts``.

The memo must look the same, and embed the same fonts, on a machine that has
no Korean or Cyrillic fonts installed, so it never relies on system fonts:
the renderer loads these files (as ``@font-face`` rules) and names their
families explicitly. This module only knows where the files are;
``workbench.memo.render_pdf`` does the loading.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from workbench.resources import resources_dir

#: Family names as stored in the font files' ``name`` tables.
SANS_FAMILY = "Noto Sans"
SERIF_FAMILY = "Noto Serif"
HANGUL_FAMILY = "NanumGothic"

#: Body text: Latin/Cyrillic first, then Hangul (and the few symbols such as
#: "≤" and "→" that Noto Sans lacks) from NanumGothic.
BODY_FAMILIES: tuple[str, ...] = (SANS_FAMILY, HANGUL_FAMILY)
#: Headings: the serif for Latin/Cyrillic, NanumGothic for Hangul.
HEADING_FAMILIES: tuple[str, ...] = (SERIF_FAMILY, HANGUL_FAMILY)


@dataclass(frozen=True)
class BundledFont:
    """One font file and what it is for."""

    filename: str
    family: str
    style: str
    licence: str


BUNDLED_FONTS: tuple[BundledFont, ...] = (
    BundledFont("NotoSans-Regular.ttf", SANS_FAMILY, "Regular", "OFL-Noto.txt"),
    BundledFont("NotoSans-Bold.ttf", SANS_FAMILY, "Bold", "OFL-Noto.txt"),
    BundledFont("NotoSans-Italic.ttf", SANS_FAMILY, "Italic", "OFL-Noto.txt"),
    BundledFont("NotoSerif-Regular.ttf", SERIF_FAMILY, "Regular", "OFL-Noto.txt"),
    BundledFont("NotoSerif-Bold.ttf", SERIF_FAMILY, "Bold", "OFL-Noto.txt"),
    BundledFont("NanumGothic.ttf", HANGUL_FAMILY, "Regular", "OFL-NanumGothic.txt"),
    BundledFont("NanumGothicBold.ttf", HANGUL_FAMILY, "Bold", "OFL-NanumGothic.txt"),
)


def fonts_dir() -> Path:
    """The folder holding the bundled fonts.

    Looked up, in order: ``$VWB_FONTS_DIR`` (packagers), then ``fonts`` in the
    resources folder (``workbench.resources``: the source tree or a
    PyInstaller bundle). Raises FileNotFoundError naming the places tried,
    because a memo silently drawn with other fonts would be worse than none.
    """
    candidates: list[Path] = []
    env = os.environ.get("VWB_FONTS_DIR")
    if env:
        candidates.append(Path(env))
    candidates.append(resources_dir() / "fonts")
    for folder in candidates:
        if (folder / BUNDLED_FONTS[0].filename).is_file():
            return folder
    tried = ", ".join(str(c) for c in candidates)
    raise FileNotFoundError(f"bundled fonts not found (looked in {tried})")


def font_paths() -> list[Path]:
    """Absolute paths of every bundled font file, regular styles first."""
    folder = fonts_dir()
    return [folder / f.filename for f in BUNDLED_FONTS]


def licence_paths() -> list[Path]:
    """The licence files that must travel with the fonts."""
    folder = fonts_dir()
    return sorted({folder / f.licence for f in BUNDLED_FONTS})
