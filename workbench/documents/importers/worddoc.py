"""Word documents (``.docx``).

Press releases, leaked memos and court filings arrive as DOCX. We take the
body in reading order (paragraphs and table rows) and the core properties
(title, author, creation date).

A DOCX is a ZIP archive, and a hostile one can be a zip bomb: a few kilobytes
that inflate to gigabytes. So we inspect the archive's directory first (entry
count, total uncompressed size, compression ratio) and only then let
python-docx open it. Checking the declared sizes is enough because Python's
``zipfile`` never inflates an entry past its declared size (it stops, and the
CRC check then fails), so a lying directory cannot smuggle more data past us.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from pathlib import Path
from typing import Any

from .base import (
    MAX_FILE_BYTES,
    CancelFn,
    DocumentImportError,
    ImportedDocument,
    ProgressFn,
    check_cancel,
    clean_title,
    finish_text,
    first_line_title,
    format_mb,
    limit_text,
    report,
)

#: More entries than any real document has; a guard against directory bombs.
MAX_ENTRIES = 10_000
#: Deflate rarely exceeds ~30:1 on real Word XML; bombs reach 1000:1 and more.
MAX_RATIO = 100
#: Entries smaller than this may compress extremely well without harm.
RATIO_MIN_SIZE = 1024 * 1024

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PLACEHOLDER_TITLES = {"word document", "untitled", "document", "title"}


def check_archive(path: Path, data: bytes) -> None:
    """Refuse what is not a DOCX archive, or is a zip bomb, before parsing it."""
    if data.startswith(_OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise DocumentImportError(path, "encrypted DOCX: remove the password first")
        raise DocumentImportError(path, "not a DOCX file: old Word .doc format (save it as .docx)")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        raise DocumentImportError(path, "damaged DOCX: not a valid ZIP archive") from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ENTRIES:
            raise DocumentImportError(path, f"refused: archive has {len(infos)} entries (zip bomb?)")
        total = sum(info.file_size for info in infos)
        if total > MAX_FILE_BYTES:
            raise DocumentImportError(
                path,
                f"refused: unpacks to {format_mb(total)}; the limit is {limit_text()} (zip bomb?)",
            )
        packed = sum(info.compress_size for info in infos)
        for info in infos:
            big = info.file_size > RATIO_MIN_SIZE
            if big and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise DocumentImportError(
                    path,
                    f"refused: {info.filename} is compressed "
                    f"{info.file_size // max(info.compress_size, 1)}:1 (zip bomb?)",
                )
        if total > RATIO_MIN_SIZE and total > MAX_RATIO * max(packed, 1):
            raise DocumentImportError(path, "refused: archive compression ratio is too high (zip bomb?)")
        names = {info.filename for info in infos}
        if "word/document.xml" not in names:
            raise DocumentImportError(path, "damaged DOCX: no word/document.xml in the archive")


def _row_text(row: Any) -> str:
    """One table row as a line: cell texts separated by " | ".

    Merged cells appear once per grid column in python-docx; we keep each
    underlying cell once so a merged heading is not repeated.
    """
    seen: set[int] = set()
    cells: list[str] = []
    for cell in row.cells:
        key = id(cell._tc)
        if key in seen:
            continue
        seen.add(key)
        parts = [" ".join(block.split()) for block in _blocks(cell)]
        cells.append(" ".join(part for part in parts if part))
    return " | ".join(cells).strip(" |")


def _blocks(container: Any) -> list[str]:
    """Text blocks of a document body or a table cell, in reading order."""
    from docx.table import Table

    blocks: list[str] = []
    for item in container.iter_inner_content():
        if isinstance(item, Table):
            for row in item.rows:
                line = _row_text(row)
                if line:
                    blocks.append(line)
        else:
            text = item.text.strip()
            if text:
                blocks.append(text)
    return blocks


def _date(value: datetime.datetime | None) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    return None


def load(
    path: Path,
    data: bytes,
    cancel: CancelFn | None = None,
    progress: ProgressFn | None = None,
) -> ImportedDocument:
    """Import a DOCX whose bytes have been read already."""
    report(progress, 0, 2)
    check_archive(path, data)
    check_cancel(cancel)
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        blocks = _blocks(document)
        props = document.core_properties
        raw_title, author, created = props.title, props.author, props.created
    except DocumentImportError:
        raise
    except Exception as error:  # noqa: BLE001 - python-docx raises many types on bad input
        message = str(error).strip().splitlines()[0][:120] if str(error).strip() else type(error).__name__
        raise DocumentImportError(path, f"damaged DOCX: {message}") from None
    report(progress, 1, 2)
    check_cancel(cancel)
    if sum(len(block) + 2 for block in blocks) > MAX_FILE_BYTES:
        raise DocumentImportError(path, f"extracted text is over the {limit_text()} limit")
    text = finish_text(path, "\n\n".join(blocks))
    title = clean_title(raw_title)
    if title is not None and title.lower() in _PLACEHOLDER_TITLES:
        title = None
    report(progress, 2, 2)
    return ImportedDocument(
        title=title or first_line_title(text) or path.stem,
        text=text,
        url=None,
        author=clean_title(author),
        published=_date(created),
        original_name=path.name,
        format="docx",
    )
