"""Highlight spans: plain data first, Qt selections second."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QTextCharFormat, QTextDocument
from PySide6.QtWidgets import QApplication

from ui.document.highlights import build_spans, drawn_once, make_selections, spans_at
from ui.widgets.colors import stance_color
from ui.widgets.textpos import OffsetMap


def test_spans_order_skip_orphans_and_mark_the_current_claim() -> None:
    claims = [{"id": "long", "start": 0, "end": 40}, {"id": "short", "start": 10, "end": 20},
              {"id": "gone", "start": 5, "end": 9, "anchor": "orphaned"}, {"id": "typed", "start": None, "end": None}]
    evidence = [{"id": "e1", "claim": "short", "stance": "contradicts", "start": 12, "end": 30},
                {"id": "e2", "claim": "long", "stance": "corroborates", "start": 0, "end": 5}]
    spans = build_spans(claims, evidence, {}, current_claim="short", current_evidence="e1")
    assert [s.id for s in spans] == ["long", "short", "e2", "e1"]  # current claim and its quote on top
    assert next(s for s in spans if s.id == "e1").current and next(s for s in spans if s.id == "e1").selected
    assert [s.id for s in spans_at(spans, 15)] == ["short", "e1", "long"]  # the most specific first
    assert spans_at(spans, 45) == []


def test_selections_cover_the_right_characters_with_astral_text() -> None:
    text = "😀 Claim here and a quote."
    doc = QTextDocument()
    doc.setPlainText(text)
    start = text.index("Claim")
    spans = build_spans([{"id": "c", "start": start, "end": start + 10}], [], {})
    sels = make_selections(spans, doc, OffsetMap(text))
    assert sels[0].cursor.selectedText() == "Claim here"


def test_going_back_to_a_document_reuses_its_laid_out_text_and_highlights(qtbot) -> None:
    """The view keeps the last few documents laid out (claim switch into another document,
    issue 21); what it shows after going back is exactly that document and its highlights."""
    from ui.document.document_view import DOCUMENT_CACHE, DocumentView
    from ui.document.highlights import Span

    view = DocumentView()
    qtbot.addWidget(view)
    view.resize(900, 600)
    view.show()
    first, second = "Alpha claims here.\n\nMore alpha text.", "Beta text, another article."
    view.set_text(first)
    view.set_spans([Span("claim", "c1", 0, 5, current=True)])
    doc_a = view.document()
    view.set_text(second)
    assert view.document() is not doc_a and view.document().toPlainText() == second
    view.set_text(first)
    assert view.document() is doc_a, "the first document came back, laid out"
    assert view.document().toPlainText() == first and view.spans == []  # highlights are the caller's
    view.set_spans([Span("claim", "c2", 6, 12)])
    (sel,) = view.extraSelections()
    assert (sel.cursor.selectionStart(), sel.cursor.selectionEnd()) == (6, 12)
    for i in range(DOCUMENT_CACHE + 2):  # only the last few are kept
        view.set_text(f"Document {i}")
    view.set_text(first)
    assert view.document() is not doc_a
    view.zoom(+2)  # another size is laid out afresh, not taken from the cache
    doc_big = view.document()
    view.set_text(second)
    view.zoom(-2)
    view.set_text(first)
    assert view.document() is not doc_big
    view.set_text("")  # the project closed: nothing of its documents stays
    assert not view._doc_cache


def _lines(doc) -> list[int]:
    block, out = doc.begin(), []
    while block.isValid():
        out.append(block.layout().lineCount())
        block = block.next()
    return out


def test_a_document_left_is_not_laid_out_while_another_is_shown(qtbot) -> None:
    """Qt lays a document out a step per timer event and went on with a document the view had left,
    in the turns of the event loop that paint the next one; that layout was thrown away when the
    document came back. A kept document waits, and comes back laid out to its end and highlighted."""
    import time

    from ui.document.document_view import DocumentView
    from ui.document.highlights import Span

    view = DocumentView()
    qtbot.addWidget(view)
    view.resize(900, 600)
    view.show()
    first = "\n".join(f"Paragraph {i}: " + "words of a long article to lay out " * 14 for i in range(120))
    view.set_text(first, [Span("claim", "c1", 0, 9, current=True)])
    doc_a = view.document()
    assert _lines(doc_a)[-1] == 0, "the end of a long text is laid out later"
    view.set_text("Another article, short.")

    def spin(seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            QApplication.processEvents()
            time.sleep(0.005)

    spin(0.4)
    assert _lines(doc_a)[-1] == 0, "the document left was laid out in the background"
    assert view.document().toPlainText() == "Another article, short."
    view.set_text(first, [Span("claim", "c1", 0, 9, current=True)])
    assert view.document() is doc_a
    spin(0.4)
    assert all(n > 0 for n in _lines(doc_a)), "back on show, it is laid out to its end"
    (sel,) = view.extraSelections()
    assert (sel.cursor.selectionStart(), sel.cursor.selectionEnd()) == (0, 9)


def _drawn(view) -> list[tuple[int, int, int, int, int]]:
    """What the view draws: each highlight's characters and look (background, underline style and colour)."""
    return sorted((s.cursor.selectionStart(), s.cursor.selectionEnd(), s.format.background().color().rgba(),
                   s.format.underlineStyle().value, s.format.underlineColor().rgba())
                  for s in view.extraSelections())


def test_a_document_shown_again_draws_the_edits_made_while_another_was_shown(window) -> None:
    """Going back to a kept document reuses its highlights where nothing changed (issue 21), and
    draws exactly what a fresh view would for the project as it is now: a claim marked, a quote's
    stance changed and the current claim moved while the document was not on show."""
    from ui.document.document_view import DocumentView

    w, ctx = window, window.ctx
    view = w.document_pane.view
    text = ctx.store.document_text("d1")
    before = _drawn(view)
    assert len(before) == len(drawn_once(view.spans)) > 6
    other = ctx.run("Add document", lambda: ctx.service.add_document("Other", "A second report. It says more.")).new_id
    c_other = ctx.run("Mark", lambda: ctx.service.add_claim("It says more.", other, 17, 30)).new_id
    ctx.select_claim(c_other)
    assert view.text == "A second report. It says more." and len(view.extraSelections()) == 1
    d1 = view._doc_cache[(text, view.point_size)][0]

    # Edits to the hidden document: a new claim, a quote that changes sides.
    words = "North Korean"
    start = text.index(words)
    new_claim = ctx.run("Mark", lambda: ctx.service.add_claim(words, "d1", start, start + len(words))).new_id
    quote = next(e for e in ctx.store.evidence_in("d1") if e.get("start") is not None and e["claim"] == "c2")
    flipped = "contradicts" if quote["stance"] != "contradicts" else "corroborates"
    ctx.run("Stance", lambda: ctx.service.update_evidence(quote["id"], stance=flipped))

    ctx.select_claim("c2")
    assert view.document() is d1, "the kept document came back"
    assert {s.id for s in view.spans if s.kind == "claim"} >= {"c1", "c2", new_claim}
    fresh = DocumentView()
    try:
        fresh.resize(view.size())
        fresh.set_text(text)
        fresh.set_spans(list(view.spans))
        assert _drawn(view) == _drawn(fresh)
    finally:
        fresh.deleteLater()
    assert _drawn(view) != before
    qs, qe = view.offsets.span_to_qt(quote["start"], quote["end"])
    drawn = [s for s in view.extraSelections() if (s.cursor.selectionStart(), s.cursor.selectionEnd()) == (qs, qe)
             and s.format.underlineStyle() == QTextCharFormat.UnderlineStyle.SingleUnderline]
    assert [s.format.underlineColor().rgba() for s in drawn] == [stance_color(flipped, view._dark).rgba()]


def test_a_quote_drawn_over_by_the_same_words_is_left_out_and_quotes_are_anchored_at_their_end() -> None:
    """QTextEdit tells changed highlights by their cursor's anchor: two at one anchor in different looks
    counted as changed at every switch (looked up, laid out and repainted), so a quote of exactly the words
    of a later quote (which draws over all of it) is left out, and a quote's anchor is its end, not the
    start it often shares with the claim it quotes."""
    text = "The minister said the bridge reopens in March. Nobody else did."
    doc = QTextDocument()
    doc.setPlainText(text)
    claims = [{"id": "c1", "start": 0, "end": 46}]
    evidence = [{"id": "e1", "claim": "c2", "stance": "context", "start": 0, "end": 46},
                {"id": "e2", "claim": "c1", "stance": "contradicts", "start": 0, "end": 46},
                {"id": "e3", "claim": "c2", "stance": "context", "start": 47, "end": 63}]
    spans = build_spans(claims, evidence, {}, current_claim="c1")
    assert [s.id for s in drawn_once(spans)] == ["c1", "e3", "e2"]  # e1 lies under e2, the current claim's
    sels = make_selections(spans, doc, OffsetMap(text), dark=False, cache={})
    assert [(s.cursor.anchor(), s.cursor.position()) for s in sels] == [(0, 46), (63, 47), (46, 0)]
    assert sels[-1].format.underlineStyle() == QTextCharFormat.UnderlineStyle.SingleUnderline
    assert sels[-1].cursor.selectedText() == text[:46]


def test_a_document_taken_while_hidden_or_shown_wraps_at_the_views_width(qtbot) -> None:
    """The view takes a document with no page size (its first layout skipped): the text must still be
    laid out at the view's width, whether the view is on show or comes on show later, new or kept."""
    from ui.document.document_view import DocumentView

    view = DocumentView()
    qtbot.addWidget(view)
    view.resize(700, 500)
    text = "\n\n".join(f"Paragraph {i}: " + "words that wrap across several lines " * 12 for i in range(20))
    view.set_text(text)  # hidden
    view.show()
    qtbot.waitExposed(view)

    def wraps() -> None:
        doc = view.document()
        assert doc.pageSize().width() == view.viewport().width()
        block = doc.findBlockByNumber(2)
        rect = doc.documentLayout().blockBoundingRect(block)
        assert 0 < rect.width() <= view.viewport().width() and block.layout().lineCount() > 3
        assert doc.documentLayout().documentSize().height() > view.viewport().height()

    wraps()
    view.set_text("Another article, short.")
    view.set_text(text)  # kept, taken again
    wraps()
    view.set_text(text + "\n\nOne more paragraph.")  # new, while shown
    wraps()


def test_a_document_change_keeps_the_text_column_width_and_a_short_text_drops_the_scroll_bar(qtbot) -> None:
    """Between two long texts the scroll bar stays: it used to go and come back (the empty document the
    view passes through needs none), and each width change laid the new text out again at another
    width. A short text after a long one still shows no scroll bar and gets the whole width."""
    from ui.document.document_view import DocumentView

    view = DocumentView()
    qtbot.addWidget(view)
    view.resize(900, 600)
    view.show()
    qtbot.waitExposed(view)
    long_text = "\n\n".join(f"Paragraph {i}: " + "words that wrap across several lines " * 12 for i in range(60))
    view.set_text(long_text)
    QApplication.processEvents()
    bar = view.verticalScrollBar()
    assert bar.isVisible()
    narrow = view.viewport().width()
    widths: list[int] = []
    view.viewport().installEventFilter(spy := _ResizeSpy(widths))
    view.set_text(long_text.replace("Paragraph", "Section"))
    view.set_text(long_text.replace("Paragraph", "Part"))
    view.viewport().removeEventFilter(spy)
    assert widths == [] and view.viewport().width() == narrow and bar.isVisible()
    assert view.document().pageSize().width() == narrow
    view.set_text("Another article, short.")
    QApplication.processEvents()
    assert not bar.isVisible() and view.viewport().width() > narrow
    assert view.document().pageSize().width() == view.viewport().width()


class _ResizeSpy(QObject):
    """Records the new width of each resize of the object it watches."""

    def __init__(self, widths: list[int]) -> None:
        super().__init__()
        self.widths = widths

    def eventFilter(self, _obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Resize:
            self.widths.append(event.size().width())
        return False
