"""Orphaned highlights of the current document, and re-attaching them by hand.

When a new version of a document no longer contains the words of a claim or
an evidence quote, re-anchoring refuses to guess (a look-alike sentence is
worse than none) and marks the item orphaned: it keeps its claim, source and
assessment but has no place in the text.  This panel lists those items with
the words they last quoted (evidence) or the text around their old place
(claims), so the analyst can find the passage in the new version, select it
and press "Re-attach to selection": one ``reattach`` write, one undo step.

The panel holds plain dicts from the store, never rows or a session.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.document.document_view import DocumentView
from ui.session.context import ProjectContext, Wiring, rewire
from ui.session.store import StoreDelta
from ui.widgets.colors import set_tone
from ui.widgets.rich_delegate import Index, RichTextDelegate

_ROLE = Qt.ItemDataRole.UserRole
EMPTY_TEXT = ("No orphaned highlights in this document.\n\nWhen a new version of a document no longer "
              "contains the words of a claim or a quote, the item is listed here so that you can "
              "re-attach it to the right words.")


def _short(text: str, n: int = 90) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"


def orphan_rows(claims: list[dict[str, Any]], evidence: list[dict[str, Any]],
                claim_texts: dict[str, str], source_names: dict[str, str]) -> list[dict[str, Any]]:
    """Plain rows for the list: kind ("claims"/"evidence"), id, title and the last words."""
    rows: list[dict[str, Any]] = []
    for c in claims:
        if c.get("anchor") != "orphaned":
            continue
        before = " ".join((c.get("prefix") or "").split())
        after = " ".join((c.get("suffix") or "").split())
        rows.append({"kind": "claims", "id": c["id"], "title": f"Claim: {_short(c.get('text', ''))}",
                     "words": f"Was between “…{before}” and “{after}…”"})
    for e in evidence:
        if e.get("anchor") != "orphaned":
            continue
        who = source_names.get(e.get("source") or "", "")
        claim = _short(claim_texts.get(e.get("claim") or "", ""), 60)
        rows.append({"kind": "evidence", "id": e["id"],
                     "title": f"Quote from {who}" + (f" (for “{claim}”)" if claim else ""),
                     "words": f"Last quoted: “{_short(e.get('quote') or '', 160)}”"})
    return rows


class _RowDelegate(RichTextDelegate):
    """Each orphan as a bold line (what it is) over a muted line (its last words)."""

    def row_html(self, index: Index, ink: str, muted: str, selected: bool) -> str:
        row = index.data(_ROLE)
        return (f"<div style='color:{ink}'><b>{html.escape(row['title'])}</b></div>"
                f"<div style='color:{muted}'>{html.escape(row['words'])}</div>")


class OrphansPanel(QWidget):
    """Orphans of the current document; select one, select text, re-attach."""

    #: The current document has orphans now and had none before (raise the dock).
    orphansAppeared = Signal(int)

    def __init__(self, context: ProjectContext | None, view: DocumentView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Orphaned highlights")
        self.ctx: ProjectContext | None = None
        self.view = view
        self._count = 0
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 8, 8, 8)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setAccessibleName("Orphans summary")
        self.list = QListWidget()
        self.list.setAccessibleName("Orphaned claims and quotes")
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setItemDelegate(_RowDelegate(self.list))
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.empty = QLabel(EMPTY_TEXT)
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop)
        set_tone(self.empty, "muted")
        self.hint = QLabel("Select an item, then select its words in the document.")
        self.hint.setWordWrap(True)
        set_tone(self.hint, "muted")
        self.hint.setAccessibleName("What to do next")
        self.reattach_button = QPushButton("Re-attach to Selection")
        self.reattach_button.setAccessibleName("Re-attach to selection")
        self.reattach_button.setToolTip("Anchor the chosen claim or quote to the words selected in the document")
        lay.addWidget(self.heading)
        lay.addWidget(self.list, 1)
        lay.addWidget(self.empty, 1)
        lay.addWidget(self.hint)
        lay.addWidget(self.reattach_button)
        self.list.currentItemChanged.connect(lambda *_: self._update_button())
        self.list.itemActivated.connect(lambda _i: self.reattach())
        self.view.selectionSpanChanged.connect(lambda *_: self._update_button())
        self.reattach_button.clicked.connect(self.reattach)
        self.set_context(context)

    # ------------------------------------------------------------------ wiring

    def set_context(self, ctx: ProjectContext | None) -> None:
        rewire(self.ctx, ctx, self._connections)
        self.ctx = ctx
        self._count = 0
        self.refresh()

    def _connections(self, ctx: ProjectContext) -> Wiring:
        return [(ctx.documentSelected, self._document_selected), (ctx.changed, self._changed)]

    def _document_selected(self, _doc_id: str) -> None:
        self._count = 0
        self.refresh()

    def _changed(self, delta: StoreDelta) -> None:
        ctx = self.ctx
        if ctx is None:
            return
        doc = ctx.current_document
        # A source change (a grade, a name) cannot orphan anything: it matters only to rows shown.
        if doc in delta.documents_with_spans or doc in delta.any("documents") or delta.any("claims") \
                or delta.any("evidence") or (delta.any("sources") and self.list.count()):
            self.refresh()

    # ------------------------------------------------------------------ content

    def rows(self) -> list[dict[str, Any]]:
        ctx = self.ctx
        if ctx is None or not ctx.current_document:
            return []
        doc = ctx.current_document
        store = ctx.store
        evidence = store.evidence_in(doc)
        # Names and claim texts of the orphaned quotes only: this runs for every document shown,
        # and a map of every claim and source took 15 ms on the XL project (20,000 claims).
        lost = [e for e in evidence if e.get("anchor") == "orphaned"]
        claims = {str(e.get("claim") or "") for e in lost} & store.claims.keys()
        sources = {str(e.get("source") or "") for e in lost} & store.sources.keys()
        return orphan_rows(store.claims_in(doc), evidence,
                           {cid: store.claims[cid].get("text", "") for cid in claims},
                           {sid: store.sources[sid]["name"] for sid in sources})

    def refresh(self) -> None:
        previous = self.current()
        rows = self.rows()
        self.list.clear()
        for row in rows:
            item = QListWidgetItem(f"{row['title']}\n{row['words']}")
            item.setData(_ROLE, row)
            item.setToolTip(row["words"])
            self.list.addItem(item)
            if previous and (row["kind"], row["id"]) == (previous["kind"], previous["id"]):
                self.list.setCurrentItem(item)
        if rows and self.list.currentRow() < 0:
            self.list.setCurrentRow(0)
        n = len(rows)
        self.heading.setText(f"{n} highlight{'s' if n != 1 else ''} lost {'their' if n != 1 else 'its'} words "
                             "in this version" if n else "Orphaned highlights")
        self.list.setVisible(bool(n))
        self.hint.setVisible(bool(n))
        self.empty.setVisible(not n)
        if n and not self._count:
            self.orphansAppeared.emit(n)
        self._count = n
        self._update_button()

    def current(self) -> dict[str, Any] | None:
        item = self.list.currentItem()
        row: dict[str, Any] | None = item.data(_ROLE) if item is not None else None
        return row

    def select(self, kind: str, item_id: str) -> bool:
        for i in range(self.list.count()):
            row = self.list.item(i).data(_ROLE)
            if (row["kind"], row["id"]) == (kind, item_id):
                self.list.setCurrentRow(i)
                return True
        return False

    def _update_button(self) -> None:
        ctx = self.ctx
        ok = (ctx is not None and not ctx.read_only and self.current() is not None
              and self.view.selected_span() is not None)
        self.reattach_button.setEnabled(ok)

    # ------------------------------------------------------------------ action

    def reattach(self) -> bool:
        """Anchor the chosen orphan to the selected words (one undo step)."""
        ctx, row, span = self.ctx, self.current(), self.view.selected_span()
        if ctx is None or row is None:
            return False
        if span is None:
            self.hint.setText("Select the words in the document first, then press Re-attach.")
            return False
        start, end, _text = span
        doc = ctx.current_document
        changes = ctx.run("Re-attach highlight", lambda: ctx.service.reattach(row["kind"], row["id"], start, end))
        if changes is None:
            return False
        self.hint.setText("Re-attached. Undo (Ctrl+Z) puts it back in this list.")
        if row["kind"] == "claims":
            ctx.select_claim(row["id"])
        elif doc == ctx.current_document:
            ctx.select_evidence(row["id"])
        return True


def install_orphans_panel(window: QMainWindow, context: ProjectContext | None, view: DocumentView,
                          area: Qt.DockWidgetArea = Qt.DockWidgetArea.RightDockWidgetArea
                          ) -> tuple[OrphansPanel, QDockWidget]:
    """An "Orphaned Highlights" dock, hidden until a document has orphans."""
    panel = OrphansPanel(context, view)
    dock = QDockWidget("Orphaned Highlights", window)
    dock.setObjectName("orphansDock")
    dock.setAccessibleName("Orphaned highlights panel")
    dock.setWidget(panel)
    window.addDockWidget(area, dock)
    dock.hide()

    def appeared(_n: int) -> None:
        dock.show()
        dock.raise_()

    panel.orphansAppeared.connect(appeared)
    return panel, dock
