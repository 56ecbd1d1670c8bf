"""Images (``.png .jpg .jpeg .webp .tif .tiff``): screenshots, photos, scanned pages.

The text is recognised offline (:mod:`.ocr`); the image itself travels with
the document (``media_data``, stored once in the project's media table) so the
app can show it beside the text and a reader can check every recognised
word against it. A multi-page TIFF becomes one document with pages.

A page in which no text can be read (a blank or speckled sheet: one tone
covers most of it) is refused with that reason. A picture without text (a
photo, even one whose EXIF an outlet stripped) is evidence in itself: it is
imported with one line saying what the file and its EXIF state, and the
picture shown beside it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from workbench.documents.likeness import PHOTO_LINE_END

from . import ocr, pictures
from .base import (
    CancelFn,
    DocumentImportError,
    ImportedDocument,
    ProgressFn,
    check_cancel,
    finish_text,
    first_line_title,
)

PAGE_SEPARATOR = "\n\n"


def join_recognised(path: Path, result: ocr.Recognised) -> tuple[str, tuple[int, ...], list[list[int]]]:
    """Pages joined like a PDF's, with page starts and uncertain-word offsets in the whole text."""
    starts: list[int] = []
    offset = 0
    for page in result.pages:
        starts.append(offset)
        offset += len(page) + len(PAGE_SEPARATOR)
    text = PAGE_SEPARATOR.join(result.pages)
    low = [[starts[p] + s, starts[p] + e] for p, s, e in result.uncertain]
    return text, tuple(starts), low


def ocr_summary(result: ocr.Recognised, low: list[list[int]]) -> dict[str, Any]:
    return {"engine": ocr.ENGINE, "languages": list(result.languages),
            "mean_confidence": result.mean_confidence, "low_confidence": low}


def _photo_line(path: Path, info: pictures.PhotoInfo) -> str:
    parts = [f"{'Photo' if info.taken or info.camera or info.gps else 'Picture'} {path.name}"]
    if info.taken:
        parts.append(f"taken {info.taken.replace('T', ' ')}")
    if info.camera:
        parts.append(f"camera {info.camera}")
    if info.gps:
        parts.append(f"GPS {info.gps[0]:.6f}, {info.gps[1]:.6f}")
    return "; ".join(parts) + " " + PHOTO_LINE_END


def _title(text: str) -> str | None:
    """The first line with a real word in it (recognised text can start with stray marks)."""
    for line in text.split("\n")[:20]:
        if sum(c.isalpha() for c in line) >= 4:
            return first_line_title(line)
    return None


def load(
    path: Path,
    data: bytes,
    cancel: CancelFn | None = None,
    progress: ProgressFn | None = None,
    languages: str | Sequence[str] | None = None,
) -> ImportedDocument:
    """Import an image whose bytes have been read already."""
    chosen = ocr.parse_languages(path, languages)
    image = pictures.open_image(path, data)
    mime = pictures.mime_of(image)
    info = pictures.photo_info(image)
    check_cancel(cancel)
    pages = pictures.frames(path, image)
    fingerprint = pictures.phash(pages[0])
    check_cancel(cancel)
    result = ocr.recognise(path, len(pages), lambda i: pictures.png_bytes(pages[i]), chosen, cancel, progress)
    text, starts, low = join_recognised(path, result)
    starts = starts if len(starts) > 1 else ()
    is_photo = bool(info.taken or info.camera or info.gps)
    if not text.strip():
        if pictures.looks_like_a_page(pages[0]):
            raise DocumentImportError(path, ocr.NO_TEXT_REASON)
        text, starts, low = _photo_line(path, info), (), []
    text = finish_text(path, text)
    width, height = pages[0].size
    media = {"type": "photo" if is_photo else "image", "sha256": hashlib.sha256(data).hexdigest(),
             "width": width, "height": height, "taken": info.taken,
             "gps": list(info.gps) if info.gps else None, "camera": info.camera,
             "near_duplicates": [], "phash": fingerprint}
    return ImportedDocument(
        title=_title(text) or path.stem,
        text=text,
        url=None,
        author=None,
        published=None,  # a capture time is not a publication date
        original_name=path.name,
        format=path.suffix.lower().lstrip(".").replace("jpeg", "jpg").replace("tiff", "tif"),
        page_starts=starts,
        media=media,
        ocr=ocr_summary(result, low),
        media_data=data,
        media_mime=mime,
    )
