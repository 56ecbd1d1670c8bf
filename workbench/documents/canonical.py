"""Canonical document text.

Every document is stored once in one canonical form (Unicode NFC, ``\\n`` line
ends) so that offsets recorded by anchors, exchange files and exports all count
the same code points, whatever the original file looked like.
"""

from __future__ import annotations

import hashlib
import unicodedata


def canonical_text(text: str) -> str:
    """Return ``text`` normalised to NFC with ``\\n`` line ends and no BOM."""
    if "\r" in text:  # one scan for the usual text without carriage returns, not two
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    return unicodedata.normalize("NFC", text)


def text_sha256(text: str) -> str:
    """SHA-256 (hex) of the UTF-8 bytes of already canonical text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
