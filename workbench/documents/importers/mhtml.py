"""Pages saved by a browser as one file (MHTML: ``.mhtml`` / ``.mht``).

An MHTML file is a MIME message: the page's HTML and every image, style
sheet and script it used, each with the address it came from. We take the
page (the first ``text/html`` part) through the same extraction as a saved
``.html`` file and record, as provenance, the address the browser saved
(``Snapshot-Content-Location``, else the page part's ``Content-Location``)
and when (the message's ``Date``). The other parts are never looked at and
nothing is fetched.
"""

from __future__ import annotations

import email
import email.policy
import email.utils
from dataclasses import replace
from email.message import Message
from pathlib import Path

from .base import CancelFn, DocumentImportError, ImportedDocument, ProgressFn, check_cancel, report
from .htmlpage import STEPS, _web_url, decode_html, from_html

NOT_MHTML = "not an MHTML file (no saved web page inside)"


def iso_time(value: object) -> str | None:
    """An e-mail style date (``Tue, 08 Oct 2024 10:15:00 +0200``) as ISO 8601, or ``None``."""
    if not value:
        return None
    try:
        stamp = email.utils.parsedate_to_datetime(str(value))
    except (TypeError, ValueError, IndexError):
        return None
    return stamp.replace(microsecond=0).isoformat() if stamp else None


def part_text(path: Path, part: Message) -> str:
    """A text part decoded with its declared charset (HTML: as a saved page would be)."""
    raw = part.get_payload(decode=True)
    if not isinstance(raw, bytes):
        raise DocumentImportError(path, NOT_MHTML)
    charset = part.get_content_charset()
    if part.get_content_type() == "text/html":
        if charset:
            try:
                return raw.decode(charset)
            except (LookupError, UnicodeDecodeError):
                pass
        return decode_html(path, raw)
    try:
        return raw.decode(charset or "utf-8")
    except (LookupError, UnicodeDecodeError):
        return raw.decode("utf-8", "replace")


def load(
    path: Path,
    data: bytes,
    cancel: CancelFn | None = None,
    progress: ProgressFn | None = None,
) -> ImportedDocument:
    """Import a saved page (MHTML) whose bytes have been read already."""
    report(progress, 0, STEPS)
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    if not message.get("MIME-Version") and not message.is_multipart():
        raise DocumentImportError(path, NOT_MHTML)
    page = next((p for p in message.walk() if p.get_content_type() == "text/html"), None)
    if page is None:
        raise DocumentImportError(path, NOT_MHTML)
    html = part_text(path, page)
    check_cancel(cancel)
    doc = from_html(path, html, cancel, progress, format="mhtml")
    saved = _web_url(str(message.get("Snapshot-Content-Location") or page.get("Content-Location") or ""))
    return replace(doc, url=saved or doc.url, captured=iso_time(message.get("Date")))

