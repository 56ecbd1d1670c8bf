"""Highlight spans: plain data first, Qt selections second."""

from __future__ import annotations

from PySide6.QtGui import QTextDocument

from ui.document.highlights import build_spans, make_selections, spans_at
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
