"""Find in Project (Ctrl+Shift+F): documents' text, claims, quotes, notes and sources.

A fact-checker remembers a phrase ("closest comrade"), not where it was.
This panel searches every place a phrase can live and lists each hit with a
snippet of its context; activating a hit goes there: a claim or an evidence
item is selected everywhere (and the window is asked to show it in its
document), a passage of a document is revealed at its offset, a source is
shown in the sources list.

Matching forgives what copying text from the web changes: case, runs of
white space, straight versus curly quotes and apostrophes, and the kind of
dash.  The search itself is a pure function (:func:`search_project`) over
plain dicts and texts; the panel keeps the document texts it has read,
keyed by their SHA-256, so typing does not re-read 200 documents.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QKeyEvent, QKeySequence, QPainter, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from ui.session.context import ProjectContext
from ui.session.store import StoreDelta
from ui.views.common import is_dark, muted

Index = QModelIndex | QPersistentModelIndex

#: The shortcut the window should give its "Find in Project…" action.
FIND_IN_PROJECT = QKeySequence("Ctrl+Shift+F")
LIMIT = 1000
_BEFORE, _AFTER = 60, 100

KIND_LABEL = {"claim": "Claim", "claim_note": "Claim note", "quote": "Quote", "evidence_note": "Evidence note",
              "document": "Document", "source": "Source"}
_IN = {"claim": "claims", "claim_note": "claim notes", "quote": "quotes", "evidence_note": "evidence notes",
       "document": "document text", "source": "sources"}
SCOPES = {"all": "Everywhere", "documents": "Documents", "claims": "Claims", "evidence": "Quotes and notes",
          "sources": "Sources"}

_EQUIVALENT = {
    "'": "['‘’ʼ′]", "‘": "['‘’ʼ′]", "’": "['‘’ʼ′]", "ʼ": "['‘’ʼ′]",
    '"': "[\"“”„″]", "“": "[\"“”„″]", "”": "[\"“”„″]", "„": "[\"“”„″]",
    "-": "[-‐‑‒–—]", "–": "[-‐‑‒–—]", "—": "[-‐‑‒–—]",
}


@dataclass(frozen=True, slots=True)
class Hit:
    """One place the phrase occurs.  ``start``/``end`` are code-point offsets
    into the searched field (for a document hit: into the document text)."""

    kind: str
    target: str
    document: str
    start: int
    end: int
    where: str
    before: str
    match: str
    after: str


def compile_query(query: str) -> re.Pattern[str] | None:
    """A case-insensitive pattern for the phrase; None for an empty query."""
    words = query.split()
    if not words:
        return None
    parts = []
    for word in words:
        parts.append("".join(_EQUIVALENT.get(ch, re.escape(ch)) for ch in word))
    return re.compile(r"\s+".join(parts), re.IGNORECASE)


def _snippet(text: str, start: int, end: int) -> tuple[str, str, str]:
    a = max(0, start - _BEFORE)
    b = min(len(text), end + _AFTER)
    before = " ".join(text[a:start].split())
    if a > 0:
        cut = before.find(" ")
        before = "…" + (before[cut + 1:] if 0 <= cut < 20 else before)
    if text[a:start][-1:].isspace():
        before += " "
    after = " ".join(text[end:b].split())
    if text[end:end + 1].isspace():
        after = " " + after
    if b < len(text):
        after += "…"
    return before, " ".join(text[start:end].split()), after


def _find(pattern: re.Pattern[str], text: str, limit: int) -> Iterable[re.Match[str]]:
    for n, m in enumerate(pattern.finditer(text)):
        if n >= limit or m.end() == m.start():
            return
        yield m


def search_project(pattern: re.Pattern[str], *, documents: Iterable[tuple[str, str, str]] = (),
                   claims: Mapping[str, Mapping[str, Any]] | None = None,
                   evidence: Iterable[Mapping[str, Any]] = (),
                   sources: Mapping[str, Mapping[str, Any]] | None = None,
                   limit: int = LIMIT) -> tuple[list[Hit], bool]:
    """Every hit, claims first, then quotes and notes, documents and sources.

    ``documents`` yields (id, title, text).  Returns the hits (at most
    ``limit``) and whether more were left out.
    """
    hits: list[Hit] = []

    def add(kind: str, target: str, doc: str, text: str, where: str, base: int = 0) -> bool:
        for m in _find(pattern, text, limit - len(hits) + 1):
            if len(hits) >= limit:
                return False
            hits.append(Hit(kind, target, doc, base + m.start(), base + m.end(), where,
                            *_snippet(text, m.start(), m.end())))
        return len(hits) < limit

    claims = claims or {}
    for cid, c in claims.items():
        doc = c.get("document") or ""
        if not add("claim", cid, doc, c.get("text") or "", "") or \
                not add("claim_note", cid, doc, c.get("note") or "", c.get("text") or ""):
            return hits, True
    for e in evidence:
        claim_text = (claims.get(e.get("claim") or "") or {}).get("text") or ""
        doc = e.get("document") or ""
        if not add("quote", e["id"], doc, e.get("quote") or "", claim_text) or \
                not add("evidence_note", e["id"], doc, e.get("note") or "", claim_text):
            return hits, True
    for doc_id, title, text in documents:
        if not add("document", doc_id, doc_id, text, title or "(untitled document)"):
            return hits, True
    for sid, s in (sources or {}).items():
        if not add("source", sid, "", s.get("name") or "", "") or \
                not add("source", sid, "", s.get("notes") or "", s.get("name") or ""):
            return hits, True
    return hits, False


class HitsModel(QAbstractListModel):
    """The results list."""

    HitRole = Qt.ItemDataRole.UserRole + 50

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.hits: list[Hit] = []

    def set_hits(self, hits: list[Hit]) -> None:
        self.beginResetModel()
        self.hits = hits
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.hits)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.hits):
            return None
        h = self.hits[index.row()]
        if role == self.HitRole:
            return h
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            where = f" in {h.where}" if h.where else ""
            return f"{KIND_LABEL[h.kind]}{where}: {h.before}{h.match}{h.after}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{KIND_LABEL[h.kind]}" + (f" — {h.where}" if h.where else "")
        return None


class HitDelegate(QStyledItemDelegate):
    """Two lines per hit: where it is, then the snippet with the match marked."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        h = option.fontMetrics.height()
        return QSize(200, 2 * h + 14)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        hit: Hit | None = index.data(HitsModel.HitRole)
        if hit is None:
            return
        pal = option.palette
        r = option.rect.adjusted(10, 5, -10, -5)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.save()
        if selected:
            painter.fillRect(option.rect, pal.color(QPalette.ColorRole.Highlight))
        ink = pal.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        quiet = ink if selected else muted(pal)
        fm = option.fontMetrics
        line = fm.height()
        small = QFont(option.font)
        small.setBold(True)
        painter.setFont(small)
        painter.setPen(quiet)
        label = KIND_LABEL[hit.kind].upper()
        lw = painter.fontMetrics().horizontalAdvance(label) + 10
        painter.drawText(QRect(r.left(), r.top(), lw, line), Qt.AlignmentFlag.AlignVCenter, label)
        painter.setFont(option.font)
        if hit.where:
            painter.drawText(QRect(r.left() + lw, r.top(), r.width() - lw, line), Qt.AlignmentFlag.AlignVCenter,
                             fm.elidedText(" ".join(hit.where.split()), Qt.TextElideMode.ElideRight, r.width() - lw))
        y = r.top() + line + 2
        bold = QFont(option.font)
        bold.setBold(True)
        painter.setFont(bold)
        match_fm = painter.fontMetrics()
        match = match_fm.elidedText(hit.match, Qt.TextElideMode.ElideRight, r.width() // 2)
        mw = match_fm.horizontalAdvance(match)
        room = max(r.width() - mw, 0)
        painter.setFont(option.font)
        before = fm.elidedText(hit.before, Qt.TextElideMode.ElideLeft, room // 3)
        bw = fm.horizontalAdvance(before)
        after = fm.elidedText(hit.after, Qt.TextElideMode.ElideRight, room - bw)
        painter.setPen(ink)
        painter.drawText(QRect(r.left(), y, bw + 1, line), Qt.AlignmentFlag.AlignVCenter, before)
        mark = QRect(r.left() + bw, y, mw + 2, line)
        if not selected:
            painter.fillRect(mark.adjusted(-1, 0, 1, 0), QColor("#6b5a00") if is_dark(pal) else QColor("#fff0a8"))
        painter.setFont(bold)
        painter.drawText(mark, Qt.AlignmentFlag.AlignVCenter, match)
        painter.setFont(option.font)
        painter.drawText(QRect(r.left() + bw + mw + 2, y, max(r.right() - (r.left() + bw + mw + 2), 0), line),
                         Qt.AlignmentFlag.AlignVCenter, after)
        painter.restore()


class _Results(QListView):
    enterPressed = Signal(QModelIndex)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.enterPressed.emit(self.currentIndex())
            return
        super().keyPressEvent(event)


class ProjectSearch(QWidget):
    """The Find in Project panel (see module docstring)."""

    #: Show this claim in its document (already selected in the context).
    jumpRequested = Signal(str)
    #: Show this document with this passage (code points) revealed and selected.
    revealRequested = Signal(str, int, int)

    def __init__(self, context: ProjectContext | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx: ProjectContext | None = None
        self.setAccessibleName("Find in project")
        self._texts: dict[str, tuple[str, str]] = {}
        self._evidence: list[dict[str, Any]] | None = None
        self.model = HitsModel(self)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("Find in documents, claims, quotes and notes…")
        self.edit.setClearButtonEnabled(True)
        self.edit.setAccessibleName("Text to find in the project")
        self.scope = QComboBox()
        self.scope.setAccessibleName("Where to look")
        for key, label in SCOPES.items():
            self.scope.addItem(label, key)
        self.status = QLabel()
        self.status.setAccessibleName("Search results")
        self.status.setWordWrap(True)
        self.results = _Results()
        self.results.setModel(self.model)
        self.results.setItemDelegate(HitDelegate(self.results))
        self.results.setUniformItemSizes(True)
        self.results.setAccessibleName("Places found")
        self.results.setAlternatingRowColors(True)
        row = QHBoxLayout()
        row.addWidget(self.edit, 1)
        row.addWidget(self.scope)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 8, 8, 8)
        lay.addLayout(row)
        lay.addWidget(self.status)
        lay.addWidget(self.results, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.run_query)
        self.edit.textChanged.connect(lambda _t: self._timer.start())
        self.edit.returnPressed.connect(self.run_query)
        self.scope.currentIndexChanged.connect(lambda _i: self.run_query())
        self.results.clicked.connect(self.open_index)
        self.results.enterPressed.connect(self.open_index)
        self.set_context(context)

    def set_context(self, context: ProjectContext | None) -> None:
        """Search this project (None: no project open); the window calls it on open and close."""
        if self.ctx is not None:
            self.ctx.changed.disconnect(self._changed)
        self.ctx = context
        self._texts.clear()
        self._evidence = None
        self.model.set_hits([])
        self.setEnabled(context is not None)
        if context is not None:
            context.changed.connect(self._changed)
        self.status.setText("Type a phrase: case, white space, quote marks and dashes need not match exactly."
                            if context is not None else "Open a project to search it.")
        if context is not None and self.edit.text().strip():
            self.run_query()

    # ------------------------------------------------------------------ searching

    def focus_query(self) -> None:
        """Put the cursor in the query field with its text selected (Ctrl+Shift+F)."""
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()

    def _documents(self) -> Iterable[tuple[str, str, str]]:
        assert self.ctx is not None
        for doc_id, d in self.ctx.store.documents.items():
            cached = self._texts.get(doc_id)
            sha = d.get("sha256") or ""
            if cached is None or cached[0] != sha or not sha:
                full = self.ctx.service.document(doc_id)
                cached = (sha, (full or {}).get("text") or "")
                self._texts[doc_id] = cached
            yield doc_id, d.get("title") or "", cached[1]

    def _all_evidence(self) -> list[dict[str, Any]]:
        if self._evidence is None and self.ctx is not None:
            self._evidence = self.ctx.service.list_evidence()
        return self._evidence or []

    def run_query(self, query: str | None = None) -> list[Hit]:
        """Search now (the field's text unless ``query`` is given) and show the results."""
        self._timer.stop()
        if query is not None and query != self.edit.text():
            self.edit.blockSignals(True)
            self.edit.setText(query)
            self.edit.blockSignals(False)
        pattern = compile_query(self.edit.text())
        if pattern is None or self.ctx is None:
            self.model.set_hits([])
            self.status.setText("")
            return []
        scope = self.scope.currentData() or "all"
        store = self.ctx.store
        hits, more = search_project(
            pattern,
            documents=self._documents() if scope in ("all", "documents") else (),
            claims=store.claims if scope in ("all", "claims", "evidence") else None,
            evidence=self._all_evidence() if scope in ("all", "evidence") else (),
            sources=store.sources if scope in ("all", "sources") else None)
        if scope == "evidence":  # claims were passed only to name the quotes' claims
            hits = [h for h in hits if h.kind not in ("claim", "claim_note")]
        self.model.set_hits(hits)
        self.status.setText(self._summary(hits, more))
        if hits:
            self.results.setCurrentIndex(self.model.index(0, 0))
        return hits

    @staticmethod
    def _summary(hits: list[Hit], more: bool) -> str:
        if not hits:
            return "Not found."
        kinds = Counter(_IN[h.kind] for h in hits)
        parts = ", ".join(f"{n} in {k}" for k, n in kinds.items())
        lead = f"The first {len(hits)} places" if more else f"{len(hits)} place{'s' if len(hits) != 1 else ''}"
        return f"{lead}: {parts}."

    # ------------------------------------------------------------------ going there

    def open_index(self, index: QModelIndex) -> None:
        hit = index.data(HitsModel.HitRole)
        if hit is not None:
            self.open_hit(hit)

    def open_hit(self, hit: Hit) -> None:
        """Go to the hit: select it in the context and ask the window to show it."""
        ctx = self.ctx
        if ctx is None:
            return
        if hit.kind in ("claim", "claim_note"):
            if hit.target in ctx.store.claims:
                ctx.select_claim(hit.target)
                self.jumpRequested.emit(hit.target)
        elif hit.kind in ("quote", "evidence_note"):
            ev = ctx.store.evidence(hit.target)
            if ev is not None:
                ctx.select_evidence(hit.target)
                self.jumpRequested.emit(ev["claim"])
        elif hit.kind == "document":
            if hit.document in ctx.store.documents:
                ctx.select_document(hit.document)
                self.revealRequested.emit(hit.document, hit.start, hit.end)
        elif hit.kind == "source":
            ctx.show_source(hit.target)

    # ------------------------------------------------------------------ following the project

    def _changed(self, delta: StoreDelta) -> None:
        if delta.any("evidence") or delta.removed.get("claims") or delta.any("documents"):
            self._evidence = None
        for doc_id in delta.removed.get("documents", set()):
            self._texts.pop(doc_id, None)
        if self.edit.text().strip() and (delta.any("evidence") or delta.any("claims") or delta.any("documents")
                                         or delta.any("sources")):
            self._timer.start()
