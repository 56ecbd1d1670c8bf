"""PDF files: text per page, with page boundaries kept for citations.

pypdfium2 (PDFium, permissive licence) does the work: it is fast and copes
with most real-world PDFs. pypdf is tried only when PDFium cannot open a file
at all, because it repairs some damage PDFium does not. Both run in a child
process with a memory cap and a time limit (:mod:`workbench.documents.pdfreader`).

Pages are joined with a blank line and the offset where each page starts is
recorded, so a memo can say "p. 3" for any anchored quote. We refuse, each
with its own reason, what cannot be imported usefully: password-protected
files and damaged files. Scans without a text layer go to :mod:`.scan`,
which recognises their text offline.
"""

from __future__ import annotations

import datetime
import re
import zlib
from collections.abc import Sequence
from pathlib import Path

from workbench.documents import pdfreader

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
    limit_text,
    report,
)

PAGE_SEPARATOR = pdfreader.PAGE_SEPARATOR
ENCRYPTED_REASON = "encrypted PDF: remove the password first"
SCANNED_REASON = "scanned: no text to import"



# Decompression bombs (issue 19): a 1 MB PDF whose page stream inflates to 1 GB took 2.1 GB of
# memory inside PDFium, which inflates a whole stream before using it. So every Flate stream is
# inflated here first, in 64 KB steps that are counted and dropped (memory stays flat), and the
# file is refused before PDFium sees it when one stream or all of them together would be too big.
#: The most one stream may inflate to: a 600 dpi colour A4 page image is about 100 MB.
MAX_STREAM_BYTES = 128 * 1024 * 1024
#: The most all streams together may inflate to (or 64 times the file's size, when larger).
MAX_INFLATED_BYTES = 512 * 1024 * 1024
_STREAM_START = re.compile(rb"(?<!end)stream(?:\r\n|\n|\r)")
_STEP = 64 * 1024


def _mb(n: int) -> str:
    return f"{n // (1024 * 1024)} MB"


def _inflated_size(data: bytes, start: int, limit: int) -> tuple[int, int]:
    """(bytes the zlib stream at ``start`` inflates to, stopping past ``limit``; bytes it used).

    Bytes that are not a zlib stream count as nothing (another filter, or the
    word "stream" inside binary data). Ending where zlib ends, not where the
    dictionary's /Length says, means a false /Length cannot hide a bomb."""
    inflater = zlib.decompressobj()
    out = 0
    at = start
    try:
        while at < len(data) and not inflater.eof:
            chunk = data[at:at + _STEP]
            at += len(chunk)
            out += len(inflater.decompress(chunk, _STEP))
            while inflater.unconsumed_tail and not inflater.eof and out <= limit:
                step = len(inflater.decompress(inflater.unconsumed_tail, _STEP))
                if not step:
                    break
                out += step
            if out > limit:
                break
    except zlib.error:
        pass
    return out, max(at - start - len(inflater.unused_data), 1)


_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")


def _ascii_wrapped(data: bytes, dict_start: int, start: int) -> bytes | None:
    """The bytes under an ASCIIHex or ASCII85 filter, when the stream's dictionary names one first
    (hiding a Flate bomb from the check above); None otherwise or when they do not decode."""
    import base64
    import binascii

    head = _NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), data[dict_start:start])
    hexed = b"/ASCIIHexDecode" in head or b"/AHx" in head
    a85 = b"/ASCII85Decode" in head or b"/A85" in head
    if not (hexed or a85):
        return None
    end = data.find(b"endstream", start)
    body = data[start:end if end >= 0 else len(data)]
    try:
        if hexed:
            text = re.sub(rb"\s+", b"", body.split(b">", 1)[0])
            return binascii.unhexlify(text + b"0" * (len(text) % 2))
        return base64.a85decode(body.strip().split(b"~>", 1)[0], adobe=False, ignorechars=b" \t\n\r\x0c")
    except (ValueError, binascii.Error):
        return None


def check_inflation(path: Path, data: bytes) -> None:
    """Refuse a PDF whose compressed streams inflate beyond the limits above, before any is inflated whole."""
    total_limit = max(MAX_INFLATED_BYTES, 64 * len(data))
    total = 0
    pos = 0
    while True:
        found = _STREAM_START.search(data, pos)
        if found is None:
            return
        size, used = _inflated_size(data, found.end(), MAX_STREAM_BYTES)
        if not size:
            dict_start = data.rfind(b"obj", max(0, found.start() - 4096), found.start())
            inner = _ascii_wrapped(data, max(dict_start, 0, found.start() - 4096), found.end())
            if inner is not None:
                size = _inflated_size(inner, 0, MAX_STREAM_BYTES)[0]
                used = 1
        if size > MAX_STREAM_BYTES:
            raise DocumentImportError(path, f"refused: a compressed stream at byte {found.start()} inflates to "
                                            f"more than {_mb(MAX_STREAM_BYTES)} (a decompression bomb?)")
        total += size
        if total > total_limit:
            raise DocumentImportError(path, f"refused: its compressed streams inflate to more than "
                                            f"{_mb(total_limit)} (a decompression bomb?)")
        pos = found.end() + (used if size else 0)


def _pdf_date(value: object) -> datetime.date | None:
    """A PDF info date (``D:20241009...``) or datetime as a date."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if not isinstance(value, str):
        return None
    match = re.match(r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?", value.strip())
    if not match:
        return None
    try:
        return datetime.date(int(match.group(1)), int(match.group(2) or 1), int(match.group(3) or 1))
    except ValueError:
        return None


_TOOL_TITLE = re.compile(r"^(microsoft (word|powerpoint|excel) - )", re.IGNORECASE)
_FILE_TITLE = re.compile(r"\.(docx?|pdf|rtf|odt|indd|qxd|pages|txt)$", re.IGNORECASE)


def _useful_title(raw: str | None) -> str | None:
    """The PDF's Title entry unless it is a tool's placeholder or a file name.

    Many PDFs carry "Untitled" or "Microsoft Word - draft3.docx" as their
    title; a first line of text is a better title than those.
    """
    title = clean_title(raw)
    if title is None:
        return None
    title = _TOOL_TITLE.sub("", title).strip()
    if not title or title.lower() in {"untitled", "title", "document"} or _FILE_TITLE.search(title):
        return None
    return title


def _join_pages(path: Path, pages: list[str]) -> tuple[str, tuple[int, ...]]:
    """Join cleaned pages and record where each starts."""
    starts: list[int] = []
    offset = 0
    for page in pages:
        starts.append(offset)
        offset += len(page) + len(PAGE_SEPARATOR)
    text = PAGE_SEPARATOR.join(pages)
    if not text.strip():
        raise DocumentImportError(path, SCANNED_REASON)
    return text, tuple(starts)


def load(
    path: Path,
    data: bytes,
    cancel: CancelFn | None = None,
    progress: ProgressFn | None = None,
    languages: str | Sequence[str] | None = None,
) -> ImportedDocument:
    """Import a PDF whose bytes have been read already (``languages``: for a scan's text recognition).

    PDFium (and pypdf, for files PDFium cannot open) reads it in a capped child process
    (:mod:`workbench.documents.pdfreader`): a stream that decodes to more memory or time than a
    real document needs refuses the file instead of ending this process."""
    if b"%PDF" not in data[:1024]:
        raise DocumentImportError(path, "damaged PDF: no PDF header (is this really a PDF?)")
    check_inflation(path, data)
    check_cancel(cancel)
    try:
        with pdfreader.reader(data, cancel) as opened:
            report(progress, 0, opened.pages)
            pages = opened.text(MAX_FILE_BYTES, progress)
            report(progress, len(pages), opened.pages)
            meta = opened.meta
            if pages and not any(page.strip() for page in pages):
                from .scan import load_scanned

                return load_scanned(path, data, _useful_title(meta.get("Title")), clean_title(meta.get("Author")),
                                    _pdf_date(meta.get("CreationDate")), opened, cancel, progress, languages)
    except pdfreader.ReaderCancelled:
        raise ImportCancelled() from None
    except pdfreader.ReaderRefused as refusal:
        raise DocumentImportError(path, _reason(refusal.reason)) from None
    except pdfreader.ReaderUnavailable as error:
        raise DocumentImportError(path, f"the PDF reader could not be started ({error})") from None
    text, starts = _join_pages(path, pages)
    title = _useful_title(meta.get("Title")) or first_line_title(text) or path.stem
    return ImportedDocument(
        title=title,
        text=text,
        url=None,
        author=clean_title(meta.get("Author")),
        published=_pdf_date(meta.get("CreationDate")),
        original_name=path.name,
        format="pdf",
        page_starts=starts,
    )


def _reason(child_reason: str) -> str:
    """The reader child's reason as a fact-checker reads it."""
    if child_reason == pdfreader.ENCRYPTED:
        return ENCRYPTED_REASON
    if child_reason == pdfreader.TOO_MUCH_TEXT:
        return f"extracted text is over the {limit_text()} limit"
    return child_reason
