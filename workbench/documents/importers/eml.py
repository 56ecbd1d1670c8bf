"""E-mails (``.eml``): tips, press releases, forwarded statements.

The document's text is what a reader of the message sees: its From, To,
Date and Subject lines, the body (the plain-text version when there is one,
else the HTML version's text, extracted like a saved page without fetching
its images), then a list of the attachments. The sender becomes the author,
the subject the title, and the date the message states both its
publication date and its capture time; the ``Message-ID`` becomes a
``mid:`` address (RFC 2392), so the memo can cite the message.

Attachments are listed in the text and kept on the imported document
(:attr:`ImportedDocument.attachments`) so the app and ``vwb import
--attachments`` can import each one as a document of its own.
"""

from __future__ import annotations

import datetime
import email
import email.policy
import email.utils
from email.header import decode_header, make_header
from email.message import Message
from pathlib import Path

from workbench.documents.canonical import canonical_text

from .base import (
    Attachment,
    CancelFn,
    DocumentImportError,
    ImportedDocument,
    ProgressFn,
    check_cancel,
    clean_title,
    finish_text,
    report,
)
from .htmlpage import fallback_text
from .mhtml import iso_time, part_text

NOT_EMAIL = "not an e-mail (no From, Date or Subject header)"
#: Most attachments we list and keep (a mailing-list digest can hold hundreds).
MAX_ATTACHMENTS = 200


def header_text(value: object) -> str:
    """A header decoded from its MIME words (``=?utf-8?b?...?=``) to plain text."""
    if value is None:
        return ""
    try:
        return " ".join(str(make_header(decode_header(str(value)))).split())
    except (UnicodeDecodeError, LookupError, ValueError):
        return " ".join(str(value).split())


def _size(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n < 1024 * 1024 else f"{n / (1024 * 1024):.1f} MB"


def _body(path: Path, message: Message) -> str:
    """The plain body, else the HTML body's text; attachments are not the body."""
    plain = html = None
    for part in message.walk():
        if part.is_multipart() or part.get_filename() or part.get_content_disposition() == "attachment":
            continue
        kind = part.get_content_type()
        if kind == "text/plain" and plain is None:
            plain = part_text(path, part)
        elif kind == "text/html" and html is None:
            html = part_text(path, part)
    if plain is not None and plain.strip():
        return plain.strip()
    if html:
        from .htmlpage import _parse_tree

        tree = _parse_tree(html)
        return fallback_text(tree) if tree is not None else ""
    return ""


def _attachments(message: Message) -> list[Attachment]:
    out: list[Attachment] = []
    for part in message.walk():
        if part.is_multipart():
            continue
        name = part.get_filename()
        if not name and part.get_content_disposition() != "attachment":
            continue
        data = part.get_payload(decode=True)
        if not isinstance(data, bytes):
            continue
        shown = Path(header_text(name) or "attachment").name or "attachment"
        out.append(Attachment(name=shown, mime=part.get_content_type(), data=data))
        if len(out) >= MAX_ATTACHMENTS:
            break
    return out


def load(
    path: Path,
    data: bytes,
    cancel: CancelFn | None = None,
    progress: ProgressFn | None = None,
) -> ImportedDocument:
    """Import an e-mail whose bytes have been read already."""
    report(progress, 0, 2)
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    sender, sent, subject = (header_text(message.get(h)) for h in ("From", "Date", "Subject"))
    if not (sender or sent or subject):
        raise DocumentImportError(path, NOT_EMAIL)
    body = _body(path, message)
    check_cancel(cancel)
    attachments = _attachments(message)
    lines = [f"From: {sender}"] if sender else []
    to = header_text(message.get("To"))
    if to:
        lines.append(f"To: {to}")
    if sent:
        lines.append(f"Date: {sent}")
    if subject:
        lines.append(f"Subject: {subject}")
    text = "\n".join(lines) + "\n\n" + canonical_text(body)
    if attachments:
        text += "\n\nAttachments:\n" + "\n".join(f"- {a.name} ({a.mime}, {_size(len(a.data))})" for a in attachments)
    text = finish_text(path, text)
    captured = iso_time(message.get("Date"))
    message_id = header_text(message.get("Message-ID")).strip("<> ")
    name, address = email.utils.parseaddr(sender)
    report(progress, 2, 2)
    return ImportedDocument(
        title=clean_title(subject) or f"E-mail from {name or address or 'unknown sender'}",
        text=text,
        url=f"mid:{message_id}" if message_id and " " not in message_id else None,
        author=clean_title(sender),
        published=datetime.date.fromisoformat(captured[:10]) if captured else None,
        original_name=path.name,
        format="eml",
        captured=captured,
        attachments=tuple(attachments),
    )
