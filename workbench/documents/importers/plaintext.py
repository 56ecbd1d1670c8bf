"""Plain text and Markdown files.

Fact-checkers receive text from every kind of machine: Windows tools that
write Latin-1 or UTF-16, phones that write UTF-8. We detect the encoding (BOM, BOM-less
UTF-16, UTF-8, UTF-8 with stray Windows-1252 bytes, then the most plausible
Western, Central European or Cyrillic code page; see
:mod:`workbench.documents.encoding`) instead of assuming one, because a
wrongly decoded accent silently breaks every quote search later, and we refuse
a file no reading of which can be right rather than store a guess. Binary files
renamed to ``.txt`` are refused rather than imported as garbage.

Markdown is kept as its source text: the quotes a fact-checker marks are in the
words, and keeping the markup means offsets match the file the colleague sent.
"""

from __future__ import annotations

import re
from pathlib import Path

from .base import (
    CancelFn,
    ImportedDocument,
    ProgressFn,
    check_cancel,
    clean_title,
    decode_bytes,
    finish_text,
    first_line_title,
    report,
)

BINARY_REASON = "not a text file (binary content)"


def decode_text_file(path: Path, data: bytes) -> str:
    """Decode a text file's bytes, or refuse it (binary, or no encoding can be right)."""
    return decode_bytes(path, data)


_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n(?:---|\.\.\.)\n", re.DOTALL)
_TITLE_KEY = re.compile(r"^title:\s*(.+?)\s*$", re.MULTILINE)


def _front_matter_title(text: str) -> str | None:
    """``title:`` from a YAML front-matter block, as static-site Markdown has."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return None
    key = _TITLE_KEY.search(match.group(1))
    return clean_title(key.group(1).strip("\"'")) if key else None


def _without_front_matter(text: str) -> str:
    match = _FRONT_MATTER.match(text)
    return text[match.end() :] if match else text


def load(
    path: Path,
    data: bytes,
    cancel: CancelFn | None = None,
    progress: ProgressFn | None = None,
) -> ImportedDocument:
    """Import a ``.txt`` or ``.md`` file whose bytes have been read already."""
    markdown = path.suffix.lower() == ".md"
    report(progress, 0, 1)
    text = decode_text_file(path, data)
    check_cancel(cancel)
    text = finish_text(path, text)
    title = (_front_matter_title(text) if markdown else None) or first_line_title(
        _without_front_matter(text) if markdown else text, markdown=markdown
    ) or path.stem
    report(progress, 1, 1)
    return ImportedDocument(
        title=title,
        text=text,
        url=None,
        author=None,
        published=None,
        original_name=path.name,
        format="md" if markdown else "txt",
    )
