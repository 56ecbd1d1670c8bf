"""Offsets at the Qt boundary: code points (stored) versus UTF-16 units (Qt).

Anchors in the project file count Unicode code points; ``QTextCursor``
positions count UTF-16 code units, so every character outside the Basic
Multilingual Plane (emoji, some CJK, mathematical letters) shifts Qt's
positions by one.  Converting in one tested place keeps highlights on the
right words in every script.  Pure Python: no Qt import.
"""

from __future__ import annotations

import re
from bisect import bisect_left

_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


class OffsetMap:
    """Converts between code-point offsets and UTF-16 positions in one text.

    Built once per document (O(n) scan); conversions are O(log k) where k is
    the number of astral characters, and O(1) for the common text with none.
    """

    __slots__ = ("_astral_cp", "_astral_u16", "length", "length_u16")

    def __init__(self, text: str) -> None:
        astral_cp: list[int] = []
        if not text.isascii() and len(text.encode("utf-16-le")) != 2 * len(text):
            astral_cp = [m.start() for m in _ASTRAL.finditer(text)]
        self._astral_cp = astral_cp
        # UTF-16 position of each astral character (its high surrogate).
        self._astral_u16 = [cp + k for k, cp in enumerate(astral_cp)]
        self.length = len(text)
        self.length_u16 = len(text) + len(astral_cp)

    @property
    def identity(self) -> bool:
        """True when both counts agree everywhere (no astral characters)."""
        return not self._astral_cp

    def to_qt(self, cp: int) -> int:
        """Code-point offset -> UTF-16 position (clamped to the text)."""
        cp = max(0, min(cp, self.length))
        if not self._astral_cp:
            return cp
        return cp + bisect_left(self._astral_cp, cp)

    def from_qt(self, pos: int) -> int:
        """UTF-16 position -> code-point offset.

        A position between the two halves of a surrogate pair (Qt never puts a
        cursor there, but arithmetic can) rounds down to the character start.
        """
        pos = max(0, min(pos, self.length_u16))
        if not self._astral_u16:
            return pos
        # Every astral character starting before ``pos`` took two units.  A
        # position inside a pair gives the same answer: the pair's own start.
        return pos - bisect_left(self._astral_u16, pos)

    def span_to_qt(self, start: int, end: int) -> tuple[int, int]:
        return self.to_qt(start), self.to_qt(end)

    def span_from_qt(self, start: int, end: int) -> tuple[int, int]:
        return self.from_qt(start), self.from_qt(end)


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units (what Qt counts)."""
    if text.isascii():
        return len(text)
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


__all__ = ["OffsetMap", "utf16_len"]
