"""When two pictures are the same picture: the rule behind "near duplicate".

Two outlets posting the same photo are one origin, so the project marks
such pairs. The perceptual hashes (:mod:`workbench.documents.importers.pictures`)
must be within :data:`HASH_BITS` of each other; since pictures of text with
the same layout (two statements on the same letterhead) also hash alike,
when both pictures carry recognised text that text must agree as well.
Photos whose only text is the line we write for them count as without text.
"""

from __future__ import annotations

from typing import Any

#: Hashes (64 bits) differing in at most this many bits look alike.
HASH_BITS = 8
#: Recognised texts at least this similar (0-100, rapidfuzz ratio) say the same.
SAME_WORDS = 85.0
#: How the line written for a photo without readable text ends.
PHOTO_LINE_END = "(no readable text in the picture)"


def looks_alike(a: object, b: object) -> bool:
    if not isinstance(a, str) or not isinstance(b, str):
        return False
    try:
        return (int(a, 16) ^ int(b, 16)).bit_count() <= HASH_BITS
    except ValueError:
        return False


def _has_words(text: str, media: dict[str, Any]) -> bool:
    return bool(text.strip()) and not (media.get("type") == "photo" and text.endswith(PHOTO_LINE_END))


def same_words(text_a: str, text_b: str, media_a: dict[str, Any], media_b: dict[str, Any]) -> bool:
    """True unless both pictures have recognised text and the texts differ."""
    if not (_has_words(text_a, media_a) and _has_words(text_b, media_b)):
        return True
    from rapidfuzz import fuzz

    return float(fuzz.ratio(text_a, text_b)) >= SAME_WORDS
