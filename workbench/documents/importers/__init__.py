"""Import what fact-checkers actually receive: text, Markdown, web pages, PDF, DOCX,
images and scans (text recognised offline).

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
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from workbench.documents.canonical import canonical_text

from . import eml, htmlpage, image, mhtml, pdf, plaintext, warc, worddoc
from .base import (
    MAX_FILE_BYTES,
    Attachment,
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
    "IMAGE_SUFFIXES",
    "MAX_FILE_BYTES",
    "Attachment",
    "SUPPORTED_SUFFIXES",
    "DocumentImportError",
    "ImportCancelled",
    "ImportedDocument",
    "can_import",
    "import_attachment",
    "import_file",
    "import_text",
    "page_of",
]

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".tif", ".tiff")
SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf", ".docx", ".mhtml", ".mht", ".warc",
                      ".warc.gz", ".eml") + IMAGE_SUFFIXES

Loader = Callable[..., ImportedDocument]
_LOADERS: dict[str, Loader] = {
    ".txt": plaintext.load,
    ".md": plaintext.load,
    ".html": htmlpage.load,
    ".htm": htmlpage.load,
    ".pdf": pdf.load,
    ".docx": worddoc.load,
    ".mhtml": mhtml.load,
    ".mht": mhtml.load,
    ".warc": warc.load,
    ".warc.gz": warc.load,
    ".eml": eml.load,
    **{suffix: image.load for suffix in IMAGE_SUFFIXES},
}
#: Formats whose text may have to be recognised: they take the ``languages`` option.
_OCR_SUFFIXES = frozenset({".pdf", *IMAGE_SUFFIXES})

#: Label of documents made with "Paste as New Document" (they have no file).
PASTED_NAME = "pasted text"


def import_file(
    path: Path,
    cancel: CancelFn | None = None,
    progress: ProgressFn | None = None,
    *,
    languages: str | Sequence[str] | None = None,
) -> ImportedDocument:
    """Import one file, or raise :class:`DocumentImportError` saying why not.

    ``cancel`` is polled between steps (between pages for a PDF, every tenth
    of a second while a page's text is recognised) and makes the import raise
    :class:`ImportCancelled`; ``progress(done, total)`` reports steps (pages
    for a PDF or a scan). Both may be called from a worker thread, so they
    must not touch widgets directly. ``languages`` ("eng", "rus+ukr", ...;
    ``None`` detects) is for text recognition of images and scans.
    """
    path = Path(path)
    suffix = suffix_of(path)
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
    return _load(path, suffix, data, cancel, progress, languages)


def _load(path: Path, suffix: str, data: bytes, cancel: CancelFn | None, progress: ProgressFn | None,
          languages: str | Sequence[str] | None) -> ImportedDocument:
    loader = _LOADERS[suffix]
    if suffix in _OCR_SUFFIXES:
        loader = partial(loader, languages=languages)
    return loader(path, data, cancel, progress)


def suffix_of(path: Path) -> str:
    """The suffix that picks the importer (``.warc.gz`` counts as one)."""
    name = path.name.lower()
    return ".warc.gz" if name.endswith(".warc.gz") else path.suffix.lower()


def can_import(name: str) -> bool:
    """Whether a file of this name (an e-mail attachment, say) has an importer."""
    return suffix_of(Path(name)) in _LOADERS


def import_attachment(
    parent: Path,
    attachment: Attachment,
    cancel: CancelFn | None = None,
    progress: ProgressFn | None = None,
    *,
    languages: str | Sequence[str] | None = None,
) -> ImportedDocument:
    """Import a file attached to an e-mail as a document of its own.

    Refusals name the e-mail and the attachment ("tip.eml ▸ scan.pdf: ...").
    """
    path = Path(f"{parent.name} \u25b8 {Path(attachment.name).name}")
    suffix = suffix_of(Path(attachment.name))
    if suffix not in _LOADERS:
        kinds = " ".join(SUPPORTED_SUFFIXES)
        raise DocumentImportError(path, f"unsupported file type ({suffix or 'no suffix'}); supported: {kinds}")
    if len(attachment.data) > MAX_FILE_BYTES:
        raise DocumentImportError(path, f"file is {format_mb(len(attachment.data))}; the limit is {limit_text()}")
    if not attachment.data:
        raise DocumentImportError(path, "empty file")
    return _load(path, suffix, attachment.data, cancel, progress, languages)


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
