"""Shared types and helpers for the document importers.

Each format module turns one file into an :class:`ImportedDocument`. They share
this module so that every importer refuses bad input the same way (one
:class:`DocumentImportError` whose message names the file and the reason), applies
the same size limits and produces text in the one canonical form that anchors
count offsets in.
"""

from __future__ import annotations

import codecs
import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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


_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def bom_encoding(data: bytes) -> tuple[str, int] | None:
    """Encoding named by a byte-order mark, and the mark's length.

    UTF-32 LE is tested before UTF-16 LE because its mark starts with the
    UTF-16 LE mark.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, len(bom)
    return None


def bomless_utf16(data: bytes) -> str | None:
    """Guess UTF-16 without a BOM from where the NUL bytes fall.

    Text in Latin scripts stored as UTF-16 has a NUL in every other byte; a
    binary file has NULs scattered anywhere. Windows tools sometimes write
    UTF-16 without a mark, and refusing those as "binary" would be wrong.
    """
    sample = data[:65536]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    even_nul, odd_nul = even.count(0), odd.count(0)
    if odd_nul > 0.3 * len(odd) and even_nul == 0:
        return "utf-16-le"
    if even_nul > 0.3 * len(even) and odd_nul == 0:
        return "utf-16-be"
    return None


def is_known_codec(name: str) -> str | None:
    """Python's name for an encoding label, or ``None`` if Python does not know it."""
    try:
        return codecs.lookup(name).name
    except (LookupError, TypeError):
        return None


def detect_decode(data: bytes, declared: str | None = None) -> str | None:
    """Decode bytes whose encoding we must discover; ``None`` if it cannot be done.

    Order: byte-order mark, an encoding the file declares (HTML ``<meta>``),
    strict UTF-8, then charset-normalizer's guess. Strict UTF-8 goes before the
    guesser because valid UTF-8 that is not meant as UTF-8 is vanishingly rare,
    while guessers do misjudge short texts.
    """
    bom = bom_encoding(data)
    if bom is not None:
        name, skip = bom
        try:
            return data[skip:].decode(name)
        except UnicodeDecodeError:
            return None
    if declared:
        codec = is_known_codec(declared)
        if codec is not None:
            try:
                return data.decode(codec)
            except (UnicodeDecodeError, LookupError):
                pass
    if b"\x00" in data[:65536]:
        # Must come before UTF-8: ASCII text in UTF-16 is also valid UTF-8 (with NULs).
        utf16 = bomless_utf16(data)
        if utf16 is not None:
            try:
                return data.decode(utf16)
            except UnicodeDecodeError:
                pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        return None
    return str(best)


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
