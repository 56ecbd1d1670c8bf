"""Import what fact-checkers actually receive: text, Markdown, web pages, PDF, DOCX.

One entry point, :func:`import_file`, picks the importer by suffix and applies
the checks every format shares: the size limit (checked before a byte is read,
so a 4 GB file cannot exhaust memory), cancellation and progress for worker
threads, and one error type whose message names the file and the reason so
the UI and the CLI can show it as it is.

Every importer returns canonical text (NFC, ``\\n``), which is what anchors
count offsets in. Nothing here touches the network: web pages are parsed,
never fetched, and neither are the images, scripts or fonts they refer to.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from pathlib import Path

from workbench.documents.canonical import canonical_text

from . import htmlpage, pdf, plaintext, worddoc
from .base import (
    MAX_FILE_BYTES,
    CancelFn,
    DocumentImportError,
    ImportCancelled,
    ImportedDocument,
    ProgressFn,
    check_cancel,
    clean_title,
    first_line_title,
    format_mb,
    limit_text,
)

__all__ = [
    "MAX_FILE_BYTES",
    "SUPPORTED_SUFFIXES",
    "DocumentImportError",
    "ImportCancelled",
    "ImportedDocument",
    "import_file",
    "import_text",
    "page_of",
]

SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf", ".docx")

_LOADERS = {
    ".txt": plaintext.load,
    ".md": plaintext.load,
    ".html": htmlpage.load,
    ".htm": htmlpage.load,
    ".pdf": pdf.load,
    ".docx": worddoc.load,
}

#: Label of documents made with "Paste as New Document" (they have no file).
PASTED_NAME = "pasted text"


def import_file(
    path: Path,
    cancel: CancelFn | None = None,
    progress: ProgressFn | None = None,
) -> ImportedDocument:
    """Import one file, or raise :class:`DocumentImportError` saying why not.

    ``cancel`` is polled between steps (between pages for a PDF) and makes the
    import raise :class:`ImportCancelled`; ``progress(done, total)`` reports
    steps (pages for a PDF). Both may be called from a worker thread, so they
    must not touch widgets directly.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    loader = _LOADERS.get(suffix)
    if loader is None:
        kinds = " ".join(SUPPORTED_SUFFIXES)
        shown = suffix or "no suffix"
        raise DocumentImportError(path, f"unsupported file type ({shown}); supported: {kinds}")
    try:
        if not path.exists():
            raise DocumentImportError(path, "file not found")
        if not path.is_file():
            raise DocumentImportError(path, "not a file")
        size = path.stat().st_size
    except OSError as error:
        raise DocumentImportError(path, f"cannot read: {error.strerror or error}") from None
    if size > MAX_FILE_BYTES:
        raise DocumentImportError(path, f"file is {format_mb(size)}; the limit is {limit_text()}")
    check_cancel(cancel)
    try:
        with path.open("rb") as handle:
            # Read at most one byte past the limit: the file may have grown since stat().
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise DocumentImportError(path, f"cannot read: {error.strerror or error}") from None
    if len(data) > MAX_FILE_BYTES:
        raise DocumentImportError(path, f"file is over the {limit_text()} limit")
    if not data:
        raise DocumentImportError(path, "empty file")
    check_cancel(cancel)
    return loader(path, data, cancel, progress)


def import_text(text: str, title: str | None = None) -> ImportedDocument:
    """A document from pasted text ("Paste as New Document").

    The title defaults to the first non-empty line. ``original_name`` is
    :data:`PASTED_NAME` since there is no file. Empty text is refused like an
    empty file.
    """
    path = Path(PASTED_NAME)
    if len(text) > MAX_FILE_BYTES:
        raise DocumentImportError(path, f"text is over the {limit_text()} limit")
    canonical = canonical_text(text)
    if not canonical.strip():
        raise DocumentImportError(path, "empty: no text to import")
    chosen = clean_title(title) or first_line_title(canonical) or "Pasted text"
    return ImportedDocument(
        title=chosen,
        text=canonical,
        url=None,
        author=None,
        published=None,
        original_name=PASTED_NAME,
        format="txt",
    )


def page_of(doc_page_starts: Sequence[int], offset: int) -> int | None:
    """1-based page holding code-point ``offset``; ``None`` without pages.

    An offset in the blank line between two pages belongs to the page before
    it, which is where a reader would look.
    """
    if not doc_page_starts or offset < 0:
        return None
    page = bisect_right(doc_page_starts, offset)
    return page if page >= 1 else None
