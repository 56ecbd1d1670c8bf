"""Web archives (``.warc`` and ``.warc.gz``), as the Internet Archive and crawlers write them.

A WARC file holds captures: for each address, the request, the server's
response and metadata. We import the first web page the archive holds (an
HTTP ``response`` or a ``resource`` record whose type is HTML): its text
through the same extraction as a saved page, its address
(``WARC-Target-URI``) and capture time (``WARC-Date``) as provenance. warcio
reads both compressed and plain archives. Only the archive's own bytes are
read; nothing is fetched.
"""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

from .base import (
    MAX_FILE_BYTES,
    CancelFn,
    DocumentImportError,
    ImportedDocument,
    ProgressFn,
    check_cancel,
    limit_text,
    report,
)
from .htmlpage import STEPS, _web_url, decode_html, from_html

NO_PAGE = "web archive holds no web page (no HTML response or resource)"
#: Records we look through for the page before giving up (an archive of a whole site).
MAX_RECORDS = 100_000


def _iso(value: str | None) -> str | None:
    if not value:
        return None
    import datetime

    try:
        stamp = datetime.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return stamp.replace(microsecond=0).isoformat()


def load(
    path: Path,
    data: bytes,
    cancel: CancelFn | None = None,
    progress: ProgressFn | None = None,
) -> ImportedDocument:
    """Import the first web page of a web archive whose bytes have been read already."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    report(progress, 0, STEPS)
    found: tuple[bytes, str | None, str | None] | None = None
    records = 0
    try:
        for count, record in enumerate(ArchiveIterator(io.BytesIO(data))):
            if not str(getattr(record, "format", "")).startswith("warc"):
                # warcio also reads the old ARC format, and reads junk as ARC: neither is a WARC.
                break
            records += 1
            if count % 100 == 0:
                check_cancel(cancel)
            if count >= MAX_RECORDS:
                break
            if record.rec_type not in ("response", "resource"):
                continue
            if record.rec_type == "response":
                http = record.http_headers
                if http is None or not (http.get_statuscode() or "").startswith("2"):
                    continue
                kind = http.get_header("Content-Type") or ""
            else:
                kind = record.rec_headers.get_header("Content-Type") or ""
            if "html" not in kind.lower():
                continue
            body = record.content_stream().read(MAX_FILE_BYTES + 1)
            if len(body) > MAX_FILE_BYTES:
                raise DocumentImportError(path, f"the archived page is over the {limit_text()} limit")
            found = (body, record.rec_headers.get_header("WARC-Target-URI"),
                     record.rec_headers.get_header("WARC-Date"))
            break
    except ArchiveLoadFailed as error:
        first = str(error).strip().splitlines()[0][:120] if str(error).strip() else "unreadable"
        raise DocumentImportError(path, f"not a web archive (WARC) or damaged ({first})") from None
    except (OSError, EOFError, ValueError) as error:
        raise DocumentImportError(path, f"damaged web archive ({error})") from None
    if records == 0:
        raise DocumentImportError(path, "not a web archive (WARC) or damaged (no records)")
    if found is None:
        raise DocumentImportError(path, NO_PAGE)
    body, uri, when = found
    html = decode_html(path, body)
    check_cancel(cancel)
    doc = from_html(path, html, cancel, progress, format="warc")
    return replace(doc, url=_web_url(uri) or doc.url, captured=_iso(when))
