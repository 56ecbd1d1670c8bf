"""Shared types and helpers for the document importers.

Each format module turns one file into an :class:`ImportedDocument`. They share
this module so that every importer refuses bad input the same way (one
:class:`DocumentImportError` whose message names the file and the reason), applies
the same size limits and produces text in the one canonical form that anchors
count offsets in.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.documents import encoding
from workbench.documents.canonical import canonical_text

#: Largest file we read, and also the largest text we keep after extraction and
#: the largest total uncompressed size of a DOCX archive (zip-bomb guard). A
#: fact-checker's documents are articles, reports and transcripts; anything
#: bigger is almost certainly not one document, and holding it in a project file
#: that travels by e-mail would hurt everyone who opens it.
MAX_FILE_BYTES = 50 * 1024 * 1024

#: Longest title we derive from a document's first line; longer first lines are
#: paragraphs, not titles.
MAX_TITLE_CHARS = 200

CancelFn = Callable[[], bool]
ProgressFn = Callable[[int, int], None]


@dataclass(frozen=True)
class ImportedDocument:
    """One imported document: canonical text plus what we could learn about it.

    ``text`` is canonical (NFC, ``\\n`` line ends) so offsets stored by anchors
    mean the same thing on every machine. ``page_starts`` holds, for PDFs, the
    code-point offset where each page begins, so a memo can cite "p. 3"; it is
    empty for formats without pages.
    """

    title: str
    text: str
    url: str | None
    author: str | None
    published: datetime.date | None
    original_name: str
    format: str
    page_starts: tuple[int, ...] = ()
    #: A web page's own words (text content, whitespace collapsed, NFC), kept
    #: so annotations can quote a passage as it stands on the page.
    page_text: str | None = None
    #: Images and scans: the exchange ``media`` object (type, sha256, width,
    #: height, taken, gps, camera, near_duplicates, phash) and ``ocr`` object
    #: (engine, languages, mean_confidence, low_confidence offsets).
    media: dict[str, Any] | None = None
    ocr: dict[str, Any] | None = None
    #: When a saved page or an e-mail was captured (ISO 8601), as the file states it.
    captured: str | None = None
    #: The image or scan itself, kept in the project beside its recognised text.
    media_data: bytes | None = field(default=None, repr=False)
    media_mime: str = ""
    #: Files attached to an e-mail (or pages inside an archive) that can be imported on their own.
    attachments: tuple[Attachment, ...] = ()


@dataclass(frozen=True)
class Attachment:
    """A file inside another one (an e-mail's attachment), importable by name."""

    name: str
    mime: str
    data: bytes = field(repr=False)


class DocumentImportError(Exception):
    """A file we refuse to import; ``str(e)`` is one line naming file and reason.

    The UI and the CLI show this line as it is (the CLI exits 2 with it), so the
    reason is written for a fact-checker, not for a programmer.
    """

    def __init__(self, path: Path, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path.name}: {reason}")


class ImportCancelled(Exception):
    """The user cancelled an import; not an error in the file, so not a DocumentImportError."""


def format_mb(size: int) -> str:
    """Human size in MB (MiB, as file managers show it) with one decimal.

    A file just over the limit would round to the limit itself ("50.0 MB; the
    limit is 50 MB" reads as a contradiction), so such sizes are given in bytes.
    """
    text = f"{size / (1024 * 1024):.1f}"
    if size > MAX_FILE_BYTES and float(text) <= MAX_FILE_BYTES / (1024 * 1024):
        return f"{size:,} bytes"
    return f"{text} MB"


def limit_text() -> str:
    """The size limit as users read it ("50 MB")."""
    return f"{MAX_FILE_BYTES // (1024 * 1024)} MB"


def check_cancel(cancel: CancelFn | None) -> None:
    """Raise :class:`ImportCancelled` if the caller asked to stop."""
    if cancel is not None and cancel():
        raise ImportCancelled()


def report(progress: ProgressFn | None, done: int, total: int) -> None:
    """Call the progress callback if there is one."""
    if progress is not None:
        progress(done, total)


_HEADING_MARKS = re.compile(r"^\s{0,3}#{1,6}\s*")
_SPACES = re.compile(r"\s+")


def clean_title(raw: str | None) -> str | None:
    """Collapse whitespace and cap length; ``None`` for nothing usable."""
    if not raw:
        return None
    title = _SPACES.sub(" ", raw).strip()
    if not title:
        return None
    if len(title) > MAX_TITLE_CHARS:
        title = title[: MAX_TITLE_CHARS - 1].rstrip() + "\u2026"
    return title


def first_line_title(text: str, markdown: bool = False) -> str | None:
    """The first non-empty line, as a title (``#`` marks removed for Markdown)."""
    for line in text.split("\n", 200)[:200]:
        if markdown:
            line = _HEADING_MARKS.sub("", line).rstrip("# \t")
        title = clean_title(line)
        if title:
            return title
    return None


def finish_text(path: Path, text: str) -> str:
    """Canonicalise extracted text and refuse it if empty or over the limit."""
    if len(text) > MAX_FILE_BYTES:
        raise DocumentImportError(path, f"extracted text is over the {limit_text()} limit")
    text = canonical_text(text)
    if not text.strip():
        raise DocumentImportError(path, "empty: no text to import")
    return text


def decode_bytes(path: Path, data: bytes, declared: str | None = None, what: str = "a text file") -> str:
    """Decode a file's bytes by the rule in :mod:`workbench.documents.encoding`, or refuse.

    The refusal is one line naming the file: binary content, or an encoding no
    reading of which can be right (we never store a guess that cannot be).
    """
    try:
        text = encoding.decode(data, declared).text
    except encoding.UndecodableText as error:
        if error.binary:
            raise DocumentImportError(path, f"not {what} (binary content)") from None
        raise DocumentImportError(path, error.reason) from None
    if looks_binary(text):
        raise DocumentImportError(path, f"not {what} (binary content)")
    return text


def detect_decode(data: bytes, declared: str | None = None) -> str | None:
    """Decode bytes whose encoding we must discover; ``None`` if no reading can be right.

    The rule (BOM, declared encoding, BOM-less UTF-16, UTF-8, UTF-8 with stray
    Windows-1252 bytes, then the most plausible Western, Central European or
    Cyrillic code page, preferring Western on a tie) lives in
    :mod:`workbench.documents.encoding`.
    """
    try:
        return encoding.decode(data, declared).text
    except encoding.UndecodableText:
        return None


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ufffd]")
BINARY_SAMPLE_CHARS = 1_000_000


def looks_binary(text: str) -> bool:
    """True if decoded text is mostly not text (NULs, control characters).

    A NUL never belongs in a document; other control characters do occur in
    badly exported text, so up to 5% are tolerated.
    """
    if "\x00" in text:
        return True
    sample = text[:BINARY_SAMPLE_CHARS]
    if not sample:
        return False
    bad = sum(1 for _ in _CONTROL.finditer(sample))
    return bad > 0.05 * len(sample)
