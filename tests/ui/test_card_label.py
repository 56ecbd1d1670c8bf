"""Card labels answer Qt's size questions as a plain label would, without laying text out at widths
the board never shows."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from ui.board.card_label import CardLabel, plain_words

QUOTE = "“26,646 missiles left Riga on 5 May, Hyun-woo Ali, a humanitarian coordinator, told state television.”"
MARKERS = ('<span style="background:#fde68a; color:#111;">&nbsp;interested party&nbsp;</span> '
           'relays <a href="source:s5">Min-jun Kim, a well-known analyst</a>')


def _pair(qtbot: Any, text: str, rich: bool = False) -> tuple[QWidget, CardLabel, QLabel]:
    host = QWidget()
    qtbot.addWidget(host)
    card, plain = CardLabel(text, host), QLabel(text, host)
    plain.setWordWrap(True)
    if rich:
        for label in (card, plain):
            label.setTextFormat(Qt.TextFormat.RichText)
    return host, card, plain  # the host too: dropped, it would take its labels with it


def _agree(card: CardLabel, plain: QLabel) -> None:
    for width in (60, 120, 200, 400):
        assert card.heightForWidth(width) == plain.heightForWidth(width), width
    mine, qt = card.minimumSizeHint(), plain.minimumSizeHint()
    assert mine.height() == qt.height()
    # The widest word, measured alone: within a few pixels of Qt's layout of the text at no width.
    assert abs(mine.width() - qt.width()) <= 3, (mine, qt)


def test_heights_and_least_size_match_a_plain_label(qtbot: Any) -> None:
    _host, card, plain = _pair(qtbot, QUOTE)
    _agree(card, plain)
    short = card.heightForWidth(200)
    for label in (card, plain):
        label.setText("counted · trust\u00a00.10 · ΔP\u00a0+0.00")
    _agree(card, plain)
    assert card.heightForWidth(200) < short  # the new text's height, not the one remembered
    big = QFont(card.font())
    big.setPointSize(big.pointSize() * 2)
    for label in (card, plain):
        label.setFont(big)
    _agree(card, plain)
    for label in (card, plain):
        label.setStyleSheet("padding: 6px; font-size: 9pt;")
        label.ensurePolished()
    _agree(card, plain)


def test_rich_text_markers(qtbot: Any) -> None:
    _host, card, plain = _pair(qtbot, MARKERS, rich=True)
    _agree(card, plain)
    assert "\u00a0interested" in " ".join(plain_words(MARKERS, rich=True))  # a no-break space joins


def test_a_claim_switch_lays_card_text_out_only_at_the_cards_width(window: Any) -> None:
    """Showing a new claim's cards asked each label for its height at widths it never had (a new card's
    100 pixels, the preferred widths of cards and columns): a text layout each, most of a switch."""
    w = window
    claims = [c["id"] for c in w.ctx.store.claims_in(w.ctx.current_document)]
    seen = 0
    for claim_id in claims[1:] + claims[:1]:
        w.ctx.select_claim(claim_id)
        QApplication.processEvents()
        for card in w.board.cards.values():
            for label in card.findChildren(CardLabel):
                if label.isVisible():
                    asked = set(label._heights)
                    # (the source's name shares its row with the grade, whose width the card's last item set)
                    assert asked and max(asked) < card.width(), (label.objectName(), asked, card.width())
                    seen += 1
    assert seen > 20
