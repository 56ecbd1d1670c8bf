"""Code points (stored offsets) versus UTF-16 units (Qt positions)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtGui import QTextCursor, QTextDocument

from ui.widgets.textpos import OffsetMap, utf16_len


def test_ascii_and_bmp_text_is_identity() -> None:
    m = OffsetMap("Kim Jong Un called Putin his “closest comrade”. 김정은")
    assert m.identity
    assert m.to_qt(10) == 10 and m.from_qt(10) == 10


def test_astral_characters_shift_qt_positions() -> None:
    text = "a😀b𝔘c"  # two characters outside the BMP
    m = OffsetMap(text)
    assert not m.identity
    assert [m.to_qt(i) for i in range(len(text) + 1)] == [0, 1, 3, 4, 6, 7]
    assert [m.from_qt(q) for q in (0, 1, 3, 4, 6, 7)] == [0, 1, 2, 3, 4, 5]
    assert m.from_qt(2) == 1  # inside the surrogate pair: the character's start
    assert m.length_u16 == utf16_len(text) == 7


def test_out_of_range_positions_are_clamped() -> None:
    m = OffsetMap("a😀")
    assert m.to_qt(-5) == 0 and m.to_qt(99) == 3
    assert m.from_qt(99) == 2


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60))
def test_round_trip_and_agreement_with_qt(text: str) -> None:
    m = OffsetMap(text)
    for cp in range(len(text) + 1):
        assert m.from_qt(m.to_qt(cp)) == cp
    assert m.to_qt(len(text)) == utf16_len(text)


def test_qt_selects_the_same_characters() -> None:
    text = "Claim 😀 about 𝔘nicode: 3,000 soldiers"
    doc = QTextDocument()
    doc.setPlainText(text)
    m = OffsetMap(text)
    start = text.index("3,000")
    end = start + len("3,000 soldiers")
    cur = QTextCursor(doc)
    cur.setPosition(m.to_qt(start))
    cur.setPosition(m.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
    assert cur.selectedText() == "3,000 soldiers"
    assert m.span_from_qt(cur.selectionStart(), cur.selectionEnd()) == (start, end)
