"""Claim and evidence highlights, drawn as an overlay over the stored text.

Highlights are ``QTextEdit.ExtraSelection`` objects: the document itself is
never rewritten, so positions, copying and find stay exact.  Claims get a
translucent background in their likelihood colour (two overlapping claims
both show, the overlap darker); evidence quotes get an underline in their
stance colour, so a quote inside a claim shows both.  The current claim is
stronger and outlined by weight; evidence of other claims is a faint dotted
underline so it does not compete with the claim being checked.

:func:`build_spans` is plain data (tested without painting); the Qt objects
are made only by :func:`make_selections`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtGui import QColor, QGuiApplication, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QTextEdit

from ui.widgets.colors import FAINT_HEX, highlight_color, is_dark, stance_color
from ui.widgets.textpos import OffsetMap
from workbench.analysis.confidence import NO_ASSESSMENT, Assessment


@dataclass(frozen=True)
class Span:
    """One highlight in code points: a claim or an evidence quote."""

    kind: str           # "claim" | "evidence"
    id: str
    start: int
    end: int
    word: str = NO_ASSESSMENT   # claims: likelihood word
    stance: str = ""            # evidence: corroborates | contradicts | context
    claim: str = ""             # evidence: the claim it belongs to
    current: bool = False       # the current claim, or evidence of the current claim
    selected: bool = False      # the selected evidence item


def build_spans(claims: Iterable[Mapping[str, Any]], evidence: Iterable[Mapping[str, Any]],
                assessments: Mapping[str, Assessment | None], current_claim: str = "",
                current_evidence: str = "") -> list[Span]:
    """Spans for one document's anchored claims and evidence quotes.

    Claims come first and longer spans before shorter ones, so a short claim
    inside a long one is painted on top; evidence comes after all claims.
    Orphaned anchors (their words are no longer in the text) are skipped.
    """
    spans: list[Span] = []
    for c in claims:
        if c.get("start") is None or c.get("end") is None or c.get("anchor") == "orphaned":
            continue
        a = assessments.get(c["id"])  # may map to None: not assessed
        spans.append(Span("claim", c["id"], c["start"], c["end"],
                          a.likelihood if a else NO_ASSESSMENT, current=c["id"] == current_claim))
    spans.sort(key=lambda s: (s.current, -(s.end - s.start), s.start))
    ev = []
    for e in evidence:
        if e.get("start") is None or e.get("end") is None or e.get("anchor") == "orphaned":
            continue
        ev.append(Span("evidence", e["id"], e["start"], e["end"], stance=e.get("stance", "context"),
                       claim=e.get("claim", ""), current=e.get("claim") == current_claim,
                       selected=e["id"] == current_evidence))
    ev.sort(key=lambda s: (s.current, s.selected, s.start))
    return spans + ev


def spans_at(spans: Iterable[Span], cp: int, kind: str | None = None) -> list[Span]:
    """Spans covering code point ``cp`` (a click at either edge counts), the
    shortest first: the most specific highlight is what the user aimed at."""
    hits = [s for s in spans if s.start <= cp <= s.end and (kind is None or s.kind == kind)]
    hits.sort(key=lambda s: (s.end - s.start, s.start))
    return hits


def _claim_format(span: Span, dark: bool) -> QTextCharFormat:
    fmt = QTextCharFormat()
    # No bold for the current claim: a heavier weight would reflow the text.
    fmt.setBackground(highlight_color(span.word, span.current, dark))
    return fmt


def _evidence_format(span: Span, dark: bool) -> QTextCharFormat:
    fmt = QTextCharFormat()
    if span.current:
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
        fmt.setUnderlineColor(stance_color(span.stance, dark))
        fmt.setFontUnderline(True)
        if span.selected:
            sel = QColor(stance_color(span.stance, dark))
            sel.setAlpha(56 if dark else 40)
            fmt.setBackground(sel)
    else:
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
        fmt.setUnderlineColor(QColor(FAINT_HEX[dark]))
    return fmt


SelectionCache = dict[tuple[Any, ...], QTextEdit.ExtraSelection]


def make_selections(spans: Iterable[Span], doc: QTextDocument, offsets: OffsetMap,
                    dark: bool | None = None, cache: SelectionCache | None = None
                    ) -> list[QTextEdit.ExtraSelection]:
    """ExtraSelections for ``spans`` (code points converted to Qt positions),
    in the colours of the light or the dark scheme (default: the app's).

    With a ``cache`` (kept by the view for one document text and one scheme),
    a span drawn before in the same place and look reuses its selection, so
    a claim switch only builds the few highlights whose look changed.
    """
    if dark is None:
        dark = is_dark(QGuiApplication.palette())
    out: list[QTextEdit.ExtraSelection] = []
    formats: dict[tuple[Any, ...], QTextCharFormat] = {}
    spans = drawn_once(spans)
    if cache is not None:
        fresh: SelectionCache = {}
        todo: list[tuple[tuple[Any, ...], Span]] = []
        for span in spans:
            key = (span.start, span.end, span.kind, span.word, span.stance, span.current, span.selected)
            sel = cache.get(key)
            if sel is None:
                todo.append((key, span))  # built below
            else:
                fresh[key] = sel
        if todo:
            built = make_selections([sp for _k, sp in todo], doc, offsets, dark)
            for (key, _sp), sel in zip(todo, built, strict=True):
                fresh[key] = sel
        cache.clear()
        cache.update(fresh)
        return [cache[(sp.start, sp.end, sp.kind, sp.word, sp.stance, sp.current, sp.selected)]
                for sp in spans]
    # Inside an edit block QTextCursor.setPosition skips computing the cursor's
    # x position, which would lay out every block a highlight touches (the
    # document itself is not changed: the block ends with nothing to undo).
    batch = QTextCursor(doc)
    batch.beginEditBlock()
    for span in spans:
        look = (span.kind, span.word, span.stance, span.current, span.selected)
        fmt = formats.get(look)
        if fmt is None:
            fmt = _claim_format(span, dark) if span.kind == "claim" else _evidence_format(span, dark)
            formats[look] = fmt
        out.append(span_selection(doc, offsets, span.start, span.end, fmt, from_end=span.kind == "evidence"))
    batch.endEditBlock()
    return out


def drawn_once(spans: Iterable[Span]) -> list[Span]:
    """``spans`` without the evidence quotes drawn over by a later quote of exactly the same words.

    A quote's look is its underline (and a background when selected), and a
    later selection over the same characters sets all of it: the earlier one
    adds no pixel.  Leaving it out matters to Qt's repaint: QTextEdit finds
    the highlights that changed by their cursor's anchor, and two at one
    anchor in different looks count as changed at every call, so they were
    looked up (and their place laid out) and repainted at every switch.
    """
    spans = list(spans)
    last = {(s.start, s.end): i for i, s in enumerate(spans) if s.kind == "evidence"}
    return [s for i, s in enumerate(spans) if s.kind != "evidence" or last[(s.start, s.end)] == i]


def span_selection(doc: QTextDocument, offsets: OffsetMap, start: int, end: int,
                   fmt: QTextCharFormat, from_end: bool = False) -> QTextEdit.ExtraSelection:
    """One ExtraSelection in ``fmt`` over the code points ``start``–``end`` of ``doc``.

    ``from_end``: the cursor's anchor at the end (evidence quotes), so that a
    quote of a claim's own words does not share its anchor with the claim
    (see :func:`drawn_once` for why anchors matter).
    """
    qt_start, qt_end = offsets.span_to_qt(start, end)
    if from_end:
        qt_start, qt_end = qt_end, qt_start
    cur = QTextCursor(doc)
    cur.setPosition(qt_start)
    cur.setPosition(qt_end, QTextCursor.MoveMode.KeepAnchor)
    sel = QTextEdit.ExtraSelection()
    sel.cursor = cur
    sel.format = fmt
    return sel
