"""How the claim assistant's suggestions are shown: list rows and document marks.

The rows (for :mod:`ui.document.suggestions_panel`): facts and attributions in text
order, opinions and predictions after them; each suggestion ticked when it
is already recorded (a claim on the same words, or an attribution that is
already evidence for the selected claim), so nothing is recorded twice by
accident.  Plain functions over plain dicts, plus the list model and the
delegate that draws a row as three short lines of rich text.

The marks: dotted violet underlines in the document, one more set of
``QTextEdit.ExtraSelection`` objects on top of the claim and evidence
highlights (:mod:`ui.document.highlights`), never a change to the text.  Violet is
used because the other colours already mean something (likelihood
orange–blue, stance teal/wine, grey dots for other claims' quotes); the
suggestion chosen in the panel also gets a faint violet wash.  The marks come
*after* the highlights, so they are painted last and stay visible over a
claim's background.  Two ways to reach the view:

* the hook: if the view has an ``overlays`` list (callables returning
  ExtraSelections, appended after the highlights by ``set_spans``), the marks
  register :meth:`SuggestionMarks.selections` there and redraw through
  ``set_spans`` — no flicker, no extra work;
* the fallback, for a view without the hook: the marks re-apply themselves
  (highlights rebuilt from ``view.spans`` plus the marks) right after the
  document pane redraws, which it does on the context's signals.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QColor, QTextCharFormat
from PySide6.QtWidgets import QTextEdit

from ui.document.document_view import DocumentView
from ui.document.highlights import make_selections, span_selection
from ui.widgets.colors import STANCE_HEX
from ui.widgets.rich_delegate import Index, RichTextDelegate

MARK_HEX = "#8250df"
Item = dict[str, Any]
ITEM_ROLE = Qt.ItemDataRole.UserRole
LATER = ("opinion", "prediction")   # statements listed after the facts


# ---------------------------------------------------------------------- rows

def key_of(s: Item) -> str:
    return f"{s['kind']}:{s['start']}:{s['end']}"


def _overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


def _half_covered(a0: int, a1: int, b0: int, b1: int) -> bool:
    return _overlap(a0, a1, b0, b1) * 2 >= max(1, min(a1 - a0, b1 - b0))


def quote_span(s: Item) -> tuple[int, int]:
    """Where an attribution's reported words are (the whole clause if not given)."""
    qs, qe = s.get("quote_start"), s.get("quote_end")
    return (qs, qe) if isinstance(qs, int) and isinstance(qe, int) and qe > qs else (s["start"], s["end"])


def source_for(s: Item, sources: list[Item]) -> Item | None:
    """The assistant's source entry for an attribution's speaker."""
    for src in sources:
        if src.get("name") == s.get("speaker"):
            return src
    return None


def recorded(s: Item, claims: list[Item], evidence: list[Item], current_claim: str,
             source_id: str | None) -> str:
    """Why ``s`` needs no action ("" when it does)."""
    if s["kind"] == "claim":
        for c in claims:
            if c.get("start") is not None and c.get("anchor") != "orphaned" and \
                    _half_covered(s["start"], s["end"], c["start"], c["end"]):
                return "Already a claim"
        return ""
    qs, qe = quote_span(s)
    for e in evidence:
        if e.get("claim") != current_claim or e.get("start") is None or e.get("anchor") == "orphaned":
            continue
        same_source = source_id is not None and e.get("source") == source_id
        if _half_covered(qs, qe, e["start"], e["end"]) or \
                (same_source and _overlap(s["start"], s["end"], e["start"], e["end"])):
            return "Already evidence for the selected claim"
    return ""


def ordered(suggestions: list[Item], dismissed: set[str], show_later: bool) -> list[Item]:
    """Facts and attributions in text order, then opinions and predictions (if shown)."""
    items = [dict(s, key=key_of(s)) for s in suggestions if key_of(s) not in dismissed]
    if not show_later:
        items = [s for s in items if s.get("statement") not in LATER]
    return sorted(items, key=lambda s: (s.get("statement") in LATER, s["start"],
                                        s["kind"] != "attribution", s["end"]))


def short(text: str, n: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"


def item_text(s: Item) -> str:
    """One plain line per suggestion (accessibility, tooltips, tests)."""
    if s["kind"] == "attribution":
        role = f" ({s['speaker_role']})" if s.get("speaker_role") and s["speaker_role"] != s["speaker"] else ""
        hint = f" [{s['stance_hint']}]" if s.get("stance_hint") else ""
        return f"{s['speaker']}{role} {s['verb']}: “{short(s['quote'], 200)}”{hint}"
    label = "Claim" if s.get("statement") not in LATER else s["statement"].capitalize()
    return f"{label} ({s['score']:.2f}): {short(s['text'], 200)} — {', '.join(s.get('reasons', []))}"


def item_html(s: Item, ink: str, muted: str, selected: bool = False) -> str:
    e = html.escape
    done = s.get("recorded", "")
    tick = f"<span style='color:{muted}'>✓ {e(done)}</span><br>" if done else ""
    if s["kind"] == "attribution":
        role = s.get("speaker_role") if s.get("speaker_role") != s["speaker"] else None
        hint = s.get("stance_hint")
        colour = ink if selected else STANCE_HEX.get(hint or "", muted)  # legible on the selection
        stance = (f"<span style='color:{colour}; font-weight:600'>{hint.capitalize()}</span>"
                  if hint in STANCE_HEX else f"<span style='color:{muted}'>No stance hint</span>")
        bits = [stance] + ([e(s["date"])] if s.get("date") else []) + [e(s.get("source_note", ""))]
        return (f"{tick}<b>{e(s['speaker'])}</b>"
                + (f" <span style='color:{muted}'>{e(role)}</span>" if role else "")
                + f" · <i>{e(s['verb'])}</i><br><span style='color:{ink}'>“{e(short(s['quote'], 240))}”</span>"
                + f"<br><small>{' · '.join(b for b in bits if b)}</small>")
    later = s.get("statement") in LATER
    label = s["statement"].capitalize() if later else "Claim"
    colour = muted if later else ink
    return (f"{tick}<b style='color:{muted}'>{label.upper()}</b> <small style='color:{muted}'>"
            f"score {s['score']:.2f}</small><br><span style='color:{colour}'>{e(short(s['text'], 280))}</span>"
            f"<br><small style='color:{muted}'>{e(', '.join(s.get('reasons', [])))}</small>")


class SuggestionModel(QAbstractListModel):
    """Plain suggestion dicts, in display order."""

    def __init__(self) -> None:
        super().__init__()
        self.items: list[Item] = []

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.items):
            return None
        s = self.items[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):
            return (f"{s['recorded']}: " if s.get("recorded") else "") + item_text(s)
        if role == ITEM_ROLE:
            return s
        return None

    def set_items(self, items: list[Item]) -> None:
        self.beginResetModel()
        self.items = items
        self.endResetModel()

    def restatus(self, statuses: list[tuple[str, str]]) -> None:
        for s, (status, note) in zip(self.items, statuses, strict=True):
            s["recorded"], s["source_note"] = status, note
        if self.items:
            self.dataChanged.emit(self.index(0), self.index(len(self.items) - 1))

    def row_of(self, key: str) -> int:
        return next((i for i, s in enumerate(self.items) if s["key"] == key), -1)


class SuggestionDelegate(RichTextDelegate):
    """Three short lines of rich text per suggestion, wrapped to the list's width;
    a suggestion already recorded is faded (unless selected)."""

    def row_html(self, index: Index, ink: str, muted: str, selected: bool) -> str:
        return f"<body style='color:{ink}'>{item_html(index.data(ITEM_ROLE), ink, muted, selected)}</body>"

    def faded(self, index: Index, selected: bool) -> bool:
        return bool(index.data(ITEM_ROLE).get("recorded")) and not selected


# ---------------------------------------------------------------------- marks


@dataclass(frozen=True)
class Mark:
    """One suggestion's span in code points; ``key`` is ``kind:start:end``."""

    key: str
    start: int
    end: int


def mark_format(current: bool) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
    fmt.setUnderlineColor(QColor(MARK_HEX))
    if current:
        wash = QColor(MARK_HEX)
        wash.setAlpha(38)
        fmt.setBackground(wash)
    return fmt


class SuggestionMarks(QObject):
    """Dotted underlines for the listed suggestions of the document in ``view``."""

    def __init__(self, view: DocumentView) -> None:
        super().__init__(view)
        self.view = view
        self.marks: list[Mark] = []
        self.current = ""
        self._text_length = -1        # the text the marks were computed for
        overlays = getattr(view, "overlays", None)
        self.hooked = isinstance(overlays, list)
        if isinstance(overlays, list):
            overlays.append(self.selections)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.apply)

    # ------------------------------------------------------------------ data

    def set_marks(self, marks: list[Mark], current: str = "", text_length: int | None = None) -> None:
        """Show ``marks`` (code points of the document now in the view)."""
        self.marks = list(marks)
        self.current = current
        self._text_length = self.view.offsets.length if text_length is None else text_length
        self.apply()

    def set_current(self, key: str) -> None:
        if key != self.current:
            self.current = key
            self.apply()

    def clear(self) -> None:
        if self.marks:
            self.marks = []
            self.current = ""
            self.apply()

    def selections(self) -> list[QTextEdit.ExtraSelection]:
        """The marks as ExtraSelections for the view's current text ([] if it changed)."""
        view = self.view
        if not self.marks or view.offsets.length != self._text_length:
            return []
        doc, offsets = view.document(), view.offsets
        plain, strong = mark_format(False), mark_format(True)
        out: list[QTextEdit.ExtraSelection] = []
        ordered = sorted(self.marks, key=lambda m: m.key == self.current)  # the current one on top
        for m in ordered:
            out.append(span_selection(doc, offsets, m.start, m.end, strong if m.key == self.current else plain))
        return out

    # ------------------------------------------------------------------ drawing

    def apply(self) -> None:
        """Redraw highlights plus marks now."""
        view = self.view
        if self.hooked:
            view.set_spans(view.spans)
            return
        base = make_selections(view.spans, view.document(), view.offsets)
        view.setExtraSelections(base + self.selections())

    def schedule(self) -> None:
        """Re-apply after the current event (the pane redraws first, then the marks)."""
        if not self.hooked:
            self._timer.start()

    def detach(self) -> None:
        self.marks = []
        if self.hooked:
            overlays = getattr(self.view, "overlays", [])
            if self.selections in overlays:
                overlays.remove(self.selections)
        self.apply()
