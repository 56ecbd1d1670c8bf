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
