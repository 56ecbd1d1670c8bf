"""Scanned PDFs: pages without a text layer, rendered and recognised offline.

:mod:`.pdf` hands a PDF over here when no page has text. Each page is
rendered with PDFium (in the capped reader child of :mod:`workbench.documents.pdfreader`)
at 300 dpi (less for huge pages, so no page image exceeds :data:`MAX_PAGE_PIXELS`) only when its
turn comes, then recognised (:mod:`.ocr`); a 300-page scan therefore never holds more than one page
image in memory, reports progress page by page and stops within a fraction
of a second of a cancel. The PDF itself is kept in the project as the
document's media so the app can show each page beside its text.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from workbench.documents import pdfreader

from . import ocr
from .base import CancelFn, DocumentImportError, ImportedDocument, ProgressFn, finish_text, first_line_title
from .image import join_recognised, ocr_summary

DPI = 300
#: Largest rendered page (pixels); a poster-sized page is rendered at a lower resolution.
MAX_PAGE_PIXELS = 40_000_000
#: Most pages we recognise in one document (about 15 minutes of work on one core).
MAX_PAGES = 1000
SCANNED_NO_TEXT = "scanned PDF with no readable text (text recognition found none)"


def render_page(data: bytes, index: int, dpi: int = DPI) -> bytes:
    """One page as PNG bytes, drawn by PDFium in the capped reader child (a one-off: see :func:`load_scanned`)."""
    with pdfreader.reader(data) as opened:
        return opened.render(index, dpi, MAX_PAGE_PIXELS)


def page_count(data: bytes) -> int:
    """How many pages PDFium finds in ``data`` (read in the capped reader child)."""
    with pdfreader.reader(data) as opened:
        return opened.pages


def load_scanned(
    path: Path,
    data: bytes,
    title: str | None,
    author: str | None,
    published: object,
    opened: pdfreader.PdfReader,
    cancel: CancelFn | None = None,
    progress: ProgressFn | None = None,
    languages: str | Sequence[str] | None = None,
) -> ImportedDocument:
    """Recognise a PDF without a text layer; refuse it if no page has readable text.

    ``opened`` is the file already open in the reader child, which draws each page when its turn comes."""
    import datetime

    chosen = ocr.parse_languages(path, languages)
    total = opened.pages
    if total > MAX_PAGES:
        raise DocumentImportError(path, f"scanned PDF has {total} pages; text recognition is limited "
                                        f"to {MAX_PAGES} pages per document")
    result = ocr.recognise(path, total, lambda i: opened.render(i, DPI, MAX_PAGE_PIXELS), chosen, cancel, progress)
    text, starts, low = join_recognised(path, result)
    if not text.strip():
        raise DocumentImportError(path, SCANNED_NO_TEXT)
    text = finish_text(path, text)
    media: dict[str, Any] = {"type": "scan", "sha256": hashlib.sha256(data).hexdigest(), "width": None, "height": None,
             "taken": None, "gps": None, "camera": None, "near_duplicates": []}
    return ImportedDocument(
        title=title or first_line_title(text) or path.stem,
        text=text,
        url=None,
        author=author,
        published=published if isinstance(published, datetime.date) else None,
        original_name=path.name,
        format="pdf",
        page_starts=starts,
        media=media,
        ocr=ocr_summary(result, low),
        media_data=data,
        media_mime="application/pdf",
    )
