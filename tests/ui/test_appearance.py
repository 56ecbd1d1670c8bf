"""Light and dark schemes: the window as drawn is legible in both.

The contrast checks read what is really on screen: the text colour each key
widget ends up with after the palette and the style sheets are applied, and
the background it is painted on, taken from a grab of the whole window (the
most common colour in the widget's rectangle).  Body text must reach WCAG
AA, 4.5:1, in both schemes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from ui.widgets import colors
from ui.widgets.palette import LIGHT, contrast, style_sheet
from ui.widgets.theme import SCHEME_ENV, apply_theme, forced_scheme
from workbench.analysis.confidence import NO_ASSESSMENT

R = QPalette.ColorRole
AA = 4.5


@pytest.fixture
def scheme(qapp: QApplication) -> Iterator[Any]:
    """``scheme(dark)`` switches the whole app; the light look comes back afterwards."""
    palette, sheet = qapp.palette(), qapp.styleSheet()

    def use(dark: bool) -> None:
        from ui.widgets.palette import apply_palette

        apply_palette(qapp, Qt.ColorScheme.Dark if dark else Qt.ColorScheme.Light, style_sheet)
        qapp.processEvents()

    yield use
    qapp.setPalette(palette)
    qapp.setStyleSheet(sheet)


def _grab(window: QWidget) -> QImage:
    window.repaint()
    QApplication.processEvents()
    return window.grab().toImage()


def _background(image: QImage, window: QWidget, widget: QWidget) -> QColor:
    """The commonest colour under ``widget`` in a grab of ``window``: its background."""
    top_left = widget.mapTo(window, QPoint(0, 0)) * image.devicePixelRatio()
    w = int(widget.width() * image.devicePixelRatio())
    h = int(widget.height() * image.devicePixelRatio())
    counts: Counter[int] = Counter()
    step = max(1, (w * h) // 20000)
    for i in range(0, w * h, step):
        x, y = top_left.x() + i % w, top_left.y() + i // w
        if 0 <= x < image.width() and 0 <= y < image.height():
            counts[image.pixel(x, y)] += 1
    assert counts, f"{widget.objectName() or type(widget).__name__} is not on screen"
    return QColor.fromRgb(counts.most_common(1)[0][0])


def _text_colour(widget: QWidget) -> QColor:
    return widget.palette().color(widget.foregroundRole())


def _key_widgets(w: Any) -> dict[str, QWidget]:
    """The text a new user reads first, by a name for the failure message."""
    pane, board, panel = w.document_pane, w.board, w.panel
    first = next(iter(board.cards.values()))
    found: dict[str, QWidget] = {
        "document title": pane.title_label, "document details": pane.meta_label,
        "document text": pane.view.viewport(),
        "board claim": board.claim_label, "board hint": board.hint,
        "card source": first.name_label, "card details": first.details_label,
        "card quote": first.quote_label, "card counts": first.counted_label,
        "likelihood word": panel.word_label, "confidence level": panel.confidence_label,
        "numbers": panel.numbers_label, "judgement": panel.sentences_label,
        "reasons": panel.reasons_label, "breakdown": panel.table.viewport(),
        "claims list": w.navigator.claims_view.viewport(), "status": w.status_label,
    }
    for stance, column in board.columns.items():
        found[f"{stance} heading"] = column.heading
    legend_labels = [lab for lab in pane.legend.findChildren(QLabel) if lab.text().strip()]
    found["colour key"] = legend_labels[0]
    found["section heading"] = w.navigator.claims_heading
    return found


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_body_text_is_legible_in_both_schemes(window: Any, scheme: Any, dark: bool) -> None:
    scheme(dark)
    w = window
    assert colors.is_dark(w.palette()) is dark
    image = _grab(w)
    poor = []
    for name, widget in _key_widgets(w).items():
        assert widget.isVisible(), name
        fg = _text_colour(widget.parentWidget() if name in ("document text", "breakdown", "claims list")
                          else widget)
        bg = _background(image, w, widget)
        ratio = contrast(fg, bg)
        if ratio < AA:
            poor.append(f"{name}: {fg.name()} on {bg.name()} = {ratio:.2f}")
    assert poor == []


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_the_page_and_the_cards_follow_the_scheme(window: Any, scheme: Any, dark: bool) -> None:
    scheme(dark)
    w = window
    image = _grab(w)
    card = next(iter(w.board.cards.values()))
    page = _background(image, w, w.document_pane.view.viewport())
    card_bg = _background(image, w, card.quote_label)
    base = w.palette().color(R.Base)
    assert page == base and card_bg == base
    assert (page.lightness() < 60) is dark
    for column in w.board.columns.values():
        assert _text_colour(column.heading) == colors.stance_color(column.stance, dark)


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_highlighted_text_stays_legible(window: Any, scheme: Any, dark: bool) -> None:
    """Every band's tint, for the current claim, another claim and the two
    overlapping, keeps the page's text at 4.5:1; the selections actually drawn
    use the scheme's tints."""
    scheme(dark)
    view = window.document_pane.view
    text, base = view.palette().color(R.Text), view.palette().color(R.Base)
    for word in (*colors.BAND_WORDS, NO_ASSESSMENT):
        other = colors.over(colors.highlight_color(word, False, dark), base)
        current = colors.over(colors.highlight_color(word, True, dark), base)
        both = colors.over(colors.highlight_color(word, True, dark), other)
        for what, bg in (("other", other), ("current", current), ("overlap", both)):
            assert contrast(text, bg) >= AA, (word, what, bg.name())
    drawn = {s.format.background().color().rgba() for s in view.extraSelections()
             if s.format.background().style() != Qt.BrushStyle.NoBrush}
    current_word = window.ctx.store.assessment(window.ctx.current_claim).likelihood
    assert colors.highlight_color(current_word, True, dark).rgba() in drawn


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_scale_and_marks_are_readable_on_their_own_colours(dark: bool) -> None:
    from ui.widgets.palette import DARK

    pal = DARK if dark else LIGHT
    base, window = QColor(pal[R.Base]), QColor(pal[R.Window])
    for word in colors.BAND_WORDS:  # chips: the band colour with its own text colour
        assert contrast(colors.text_on(word), colors.band_color(word)) >= AA, word
    for stance in ("corroborates", "contradicts", "context", "mixed", "origin"):
        for bg in (base, window):
            assert contrast(colors.stance_color(stance, dark), bg) >= AA, stance
    for bg in (base, window):
        assert contrast(QColor(colors.MUTED_HEX[dark]), bg) >= AA
        assert contrast(QColor(colors.ERROR_HEX[dark]), bg) >= AA
    marker_bg, marker_fg = colors.INTERESTED_HEX[dark]
    assert contrast(QColor(marker_fg), QColor(marker_bg)) >= AA


def test_a_scheme_switch_reaches_every_panel_while_open(window: Any, scheme: Any) -> None:
    """The system switches to dark with the project open: page, cards, their
    provenance markers and the highlights change without reopening anything."""
    w = window
    card = next(c for c in w.board.cards.values() if "interested party" in c.markers_label.text())
    assert colors.INTERESTED_HEX[False][0] in card.markers_label.text()
    scheme(True)
    card = next(c for c in w.board.cards.values() if "interested party" in c.markers_label.text())
    assert colors.INTERESTED_HEX[True][0] in card.markers_label.text()
    word = w.ctx.store.assessment(w.ctx.current_claim).likelihood
    drawn = {s.format.background().color().rgba() for s in w.document_pane.view.extraSelections()}
    assert colors.highlight_color(word, True, True).rgba() in drawn
    assert colors.highlight_color(word, True, False).rgba() not in drawn
    scheme(False)
    drawn = {s.format.background().color().rgba() for s in w.document_pane.view.extraSelections()}
    assert colors.highlight_color(word, True, False).rgba() in drawn


@pytest.mark.parametrize(("value", "expected"), [("dark", Qt.ColorScheme.Dark), ("LIGHT", Qt.ColorScheme.Light),
                                                 ("", None), ("sepia", None)])
def test_the_scheme_can_be_forced_for_screenshots(monkeypatch: pytest.MonkeyPatch, value: str,
                                                  expected: Any) -> None:
    monkeypatch.setenv(SCHEME_ENV, value)
    assert forced_scheme() == expected


def test_apply_theme_uses_the_forced_scheme(monkeypatch: pytest.MonkeyPatch, qapp: QApplication,
                                            scheme: Any) -> None:
    monkeypatch.setenv(SCHEME_ENV, "dark")
    assert apply_theme(qapp) is True
    assert colors.is_dark(qapp.palette()) and qapp.styleSheet() == style_sheet(True)
    monkeypatch.setenv(SCHEME_ENV, "light")
    assert apply_theme(qapp) is False
    assert qapp.palette().color(R.Base).name() == LIGHT[R.Base]
    assert qapp.styleSheet() == style_sheet(False)


def test_no_panel_keeps_a_fixed_light_colour_in_its_own_style_sheet(window: Any) -> None:
    """A per-widget ``color: #57606a`` or ``background: #ffffff`` would survive
    a switch to dark mode; those colours live in the app's sheet now.  (The
    likelihood chips keep fixed colours: text chosen for its own band colour.)"""
    import re

    light_only = {"color": {colors.MUTED_INK, "#8c959f"}, "background": {colors.PAPER, colors.CANVAS},
                  "border": {colors.BORDER}, "border-bottom": {colors.BORDER}}
    offenders = []
    for wid in window.findChildren(QWidget):
        for prop, value in re.findall(r"([a-z-]+)\s*:\s*([^;}]+)", wid.styleSheet()):
            if any(c in value.lower() for c in light_only.get(prop, ())):
                offenders.append(f"{type(wid).__name__} {wid.objectName()!r}: {prop}: {value}")
    assert offenders == []
