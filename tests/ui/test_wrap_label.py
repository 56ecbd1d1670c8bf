"""WrapLabel remembers heights for widths, and never answers for text, font or style it no longer has."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QWidget

from ui.widgets.fit_scroll import WrapLabel

LONG = "A card reused for another item shows that item's quote, " * 6


def _pair(qtbot: Any, text: str) -> tuple[QWidget, WrapLabel, QLabel]:
    host = QWidget()
    qtbot.addWidget(host)
    wrap, plain = WrapLabel(text, host), QLabel(text, host)
    for label in (wrap, plain):
        label.setWordWrap(True)
    return host, wrap, plain


def test_heights_follow_text_font_and_style_sheet(qtbot: Any) -> None:
    _host, wrap, plain = _pair(qtbot, "short")
    short = wrap.heightForWidth(200)
    assert short == plain.heightForWidth(200)
    for label in (wrap, plain):
        label.setText(LONG)
    assert wrap.heightForWidth(200) == plain.heightForWidth(200) > short  # not the short text's height
    assert wrap.heightForWidth(120) == plain.heightForWidth(120) > wrap.heightForWidth(200)
    big = QFont(wrap.font())
    big.setPointSize(big.pointSize() * 2)
    for label in (wrap, plain):
        label.setFont(big)
    assert wrap.heightForWidth(200) == plain.heightForWidth(200)
    for label in (wrap, plain):
        label.setStyleSheet("padding: 30px; border: 3px solid red;")
        label.ensurePolished()
    assert wrap.heightForWidth(200) == plain.heightForWidth(200)
    for label in (wrap, plain):
        label.setText("<b>rich</b> " + LONG)
    assert wrap.heightForWidth(200) == plain.heightForWidth(200)


def test_heights_follow_margins_format_and_the_first_polish(qtbot: Any) -> None:
    """Heights are kept by width alone, so every setter that changes the text's room must forget them."""
    host, wrap, plain = _pair(qtbot, LONG)
    wrap.heightForWidth(200)  # remembered before the window's style sheet reaches the label
    host.setStyleSheet("QLabel { padding: 12px; }")
    host.show()
    qtbot.waitExposed(host)
    assert wrap.heightForWidth(200) == plain.heightForWidth(200)
    for change in (lambda lb: lb.setContentsMargins(5, 20, 5, 20), lambda lb: lb.setMargin(9),
                   lambda lb: lb.setIndent(30), lambda lb: lb.setWordWrap(False),
                   lambda lb: lb.setWordWrap(True), lambda lb: lb.setTextFormat(Qt.TextFormat.PlainText),
                   lambda lb: lb.setText("<p>" + LONG + "</p>" * 3), lambda lb: lb.clear(),
                   lambda lb: lb.setText(LONG + LONG)):
        before = wrap.heightForWidth(200)
        for label in (wrap, plain):
            change(label)
        assert wrap.heightForWidth(200) == plain.heightForWidth(200), before
