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


def test_a_label_filling_its_row_is_laid_out_as_a_plain_label(qtbot: Any) -> None:
    """``fills_width`` skips Qt's size hints (several layouts of the text): in a vertical layout
    the label still gets the same place and height as a QLabel, rich text and plain."""
    from PySide6.QtWidgets import QVBoxLayout

    def column(label: QLabel) -> QWidget:
        host = QWidget()
        qtbot.addWidget(host)
        lay = QVBoxLayout(host)
        lay.addWidget(QLabel("above"))
        label.setWordWrap(True)
        lay.addWidget(label)
        lay.addWidget(QLabel("below"))
        lay.addStretch(1)
        host.show()
        return host

    fits, plain = WrapLabel(fills_width=True), QLabel()
    a, b = column(fits), column(plain)
    for text in (LONG, "<b>rich</b> <p style='margin:2px 0 0 14px'>" + LONG + "</p><p>• one more</p>", "short"):
        for label in (fits, plain):
            label.setText(text)
        for width in (520, 260, 140):
            for host in (a, b):
                host.resize(width, 900)
                host.layout().activate()
            assert fits.geometry() == plain.geometry(), (text[:10], width)
