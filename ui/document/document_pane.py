"""The centre of the window: the current document with its claims in place.

Shows the document's title and details, the colour key, the text with its
highlights and the find bar; or, for a project without documents, an empty
state saying what to do next.  It follows the project context: a claim
selected anywhere is revealed here, a click on a highlight selects its claim
(or, on the current claim's quotes, the evidence item) everywhere, and only
a ``StoreDelta`` that touches this document redraws the highlights.
"""

from __future__ import annotations

import bisect

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QTextCursor
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from ui.document.document_view import DocumentView
from ui.document.highlights import Span, build_spans
from ui.document.legend import LikelihoodLegend
from ui.document.media_view import MediaPanel, media_lines, uncertain_selections
from ui.session.context import ProjectContext, Wiring, rewire
from ui.session.store import StoreDelta
from ui.widgets.colors import set_tone
from ui.widgets.dates import format_iso
from ui.widgets.find_bar import FindBar


class DocumentPane(QWidget):
    """Document header, colour key, text and find bar (see module docstring)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Document pane")
        # Opaque, filled in the window colour that showed through it (its pages paint their own
        # background over it): Qt repaints a changed widget from its nearest opaque ancestor down,
        # and the title, details and text that change when another document is shown also
        # repainted the main window under the pane.  (The style sheet turns the fill of the page
        # itself off, as it draws that page's background.)
        self.setAutoFillBackground(True)
        self.ctx: ProjectContext | None = None
        self.doc_id = ""
        self._text = ""  # the text on show, to tell a new version from a refresh of the same one
        self._drawn: tuple[object, ...] = ()
        self.stack = QStackedWidget(self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)

        # Page 0: the document.
        page = QWidget()
        page.setObjectName("documentPage")
        col = QVBoxLayout(page)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(0)
        header = QFrame()
        header.setObjectName("docHeader")
        hl = QVBoxLayout(header)
        hl.setContentsMargins(28, 14, 28, 10)
        hl.setSpacing(4)
        self.title_label = QLabel()
        self.title_label.setObjectName("docTitle")
        self.title_label.setWordWrap(True)
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.title_label.setAccessibleName("Document title")
        self.meta_label = QLabel()
        set_tone(self.meta_label, "muted")
        self.meta_label.setAccessibleName("Document details")
        self.legend = LikelihoodLegend()
        # A long text is laid out while the reader starts reading: how far, until it is done.
        self.layout_label = QLabel()
        set_tone(self.layout_label, "muted")
        self.layout_label.setAccessibleName("Laying out the text")
        self.layout_label.hide()
        hl.addWidget(self.title_label)
        hl.addWidget(self.meta_label)
        hl.addWidget(self.layout_label)
        hl.addSpacing(4)
        hl.addWidget(self.legend)
        self.view = DocumentView()
        self.find_bar = FindBar(self.view)
        col.addWidget(header)
        # An image or scan shows its picture beside the recognised text.
        self.media_panel = MediaPanel()
        self.media_panel.hide()
        self.split = QSplitter(Qt.Orientation.Horizontal)
        self.split.setChildrenCollapsible(False)
        self.split.addWidget(self.view)
        self.split.addWidget(self.media_panel)
        self.split.setStretchFactor(0, 3)
        self.split.setStretchFactor(1, 2)
        col.addWidget(self.split, 1)
        col.addWidget(self.find_bar)
        self._uncertain: list[list[int]] = []
        self.view.overlays.append(self._uncertain_words)
        self.view.layoutProgress.connect(self._layout_progress)
        # A scan's picture and its text turn pages together.
        self._page_starts: list[int] = []
        self._turning = False
        self.media_panel.pageChosen.connect(self._text_to_page)
        self.addActions(self.media_panel.page_actions())  # Alt+Page Up/Down from the text too
        self.view.verticalScrollBar().valueChanged.connect(lambda _v: self._page_to_text())
        self.stack.addWidget(page)

        # Page 1: empty states (no project, no documents).
        self.empty = QWidget()
        self.empty.setObjectName("emptyPage")
        el = QVBoxLayout(self.empty)
        el.addStretch(2)
        self.empty_title = QLabel()
        self.empty_title.setObjectName("emptyTitle")
        self.empty_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_text = QLabel()
        self.empty_text.setWordWrap(True)
        self.empty_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        set_tone(self.empty_text, "muted")
        self.empty_text.setAccessibleName("What to do next")
        self.empty_buttons = QHBoxLayout()
        self.empty_buttons.addStretch(1)
        self.empty_buttons_end = 1
        el.addWidget(self.empty_title)
        self.empty_text.setMaximumWidth(500)  # two even lines, not one long line and a stray word
        centred = QHBoxLayout()
        centred.addStretch(1)
        centred.addWidget(self.empty_text, 100)
        centred.addStretch(1)
        el.addLayout(centred)
        el.addSpacing(12)
        el.addLayout(self.empty_buttons)
        el.addStretch(3)
        self.stack.addWidget(self.empty)
        self._doc_buttons: list[QPushButton] = []
        self._project_buttons: list[QPushButton] = []

        self.view.clickedAt.connect(self._clicked)

    # ------------------------------------------------------------------ wiring

    def set_empty_actions(self, no_documents: list[QAction], no_project: list[QAction] | None = None) -> None:
        """Buttons offered on the empty pages: for a project without documents
        (Import Document, Paste Text) and when no project is open (Open Demo…).
        Built once; each follows its action's enabled state."""
        while self.empty_buttons.count():
            item = self.empty_buttons.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.empty_buttons.addStretch(1)
        self._doc_buttons = [self._button(a) for a in no_documents]
        self._project_buttons = [self._button(a) for a in no_project or []]
        self.empty_buttons.addStretch(1)
        self._buttons()

    def _button(self, action: QAction) -> QPushButton:
        b = QPushButton(action.text().replace("&", ""))
        b.setAccessibleName(action.text().replace("&", "").rstrip("…"))
        b.setToolTip(action.toolTip())
        b.setEnabled(action.isEnabled())
        action.changed.connect(lambda: b.setEnabled(action.isEnabled()))  # built once, live as long as the pane
        b.clicked.connect(action.trigger)
        self.empty_buttons.addWidget(b)
        return b

    def _buttons(self) -> None:
        """Show the buttons that fit the current empty page."""
        for b in self._doc_buttons:
            b.setVisible(self.ctx is not None)
        for b in self._project_buttons:
            b.setVisible(self.ctx is None)

    def set_context(self, ctx: ProjectContext | None) -> None:
        rewire(self.ctx, ctx, self._connections)
        self.ctx = ctx
        self.doc_id = ""
        if ctx is None:
            self._show_empty("No project open",
                             "Open the demo project to see how a claim is checked, open a project "
                             "(Ctrl+O), or create a new one (Ctrl+N).")
            return
        self._load(ctx.current_document)

    def _connections(self, ctx: ProjectContext) -> Wiring:
        return [(ctx.documentSelected, self._load), (ctx.claimSelected, self._claim_selected),
                (ctx.evidenceSelected, self._evidence_selected), (ctx.changed, self._changed)]

    # ------------------------------------------------------------------ showing

    def _layout_progress(self, done: int, total: int) -> None:
        if done >= total:
            self.layout_label.hide()
            return
        self.layout_label.setText(f"Laying out this long text: {100 * done // max(total, 1)}% "
                                  "(highlights further down appear when it gets there)")
        self.layout_label.show()

    def _show_empty(self, title: str, text: str) -> None:
        self._buttons()
        self.empty_title.setText(title)
        self.empty_text.setText(text)
        self.stack.setCurrentWidget(self.empty)
        self.view.set_text("")

    def _load(self, doc_id: str) -> None:
        ctx = self.ctx
        if ctx is None:
            return
        if not doc_id or doc_id not in ctx.store.documents:
            if ctx.store.documents:
                ctx.select_document(next(iter(ctx.store.documents)))
                return
            hint = ("This project is read-only: save a copy (File ▸ Save a Copy…) to add documents."
                    if ctx.read_only else
                    "Import a document (Ctrl+I) or paste text (Ctrl+Shift+V) to start. Then select the "
                    "words of a claim and press Ctrl+M to mark it.")
            self._show_empty("This project has no documents yet", hint)
            self.doc_id = ""
            return
        self.doc_id = doc_id
        self._show_header()
        self._show_media()
        ctx.store.read_document(doc_id, ctx.current_claim)  # text and evidence in one read
        self._text = ctx.store.document_text(doc_id)
        self.layout_label.hide()
        # The highlights go in with the text: none has to be looked up in a document just taken.
        self.view.set_text(self._text, self._spans())
        self._drawn = self._state()
        self.stack.setCurrentIndex(0)
        self._reveal_current()

    def _refresh_in_place(self) -> None:
        """The document on show was changed (often by a colleague: a dismissed suggestion, its
        details, recognised text): keep the reader's place and the words they selected.

        Same text: only the header, picture and highlights are redrawn.  A new
        version of the text is shown at the same scroll position (the words
        selected in the old text mean nothing in the new one).
        """
        assert self.ctx is not None
        bar = self.view.verticalScrollBar()
        place = bar.value()
        if self.ctx.store.document_text(self.doc_id) != self._text:
            self._load(self.doc_id)
            bar.setValue(place)
            return
        self._show_header()
        self._show_media(keep_layout=True)
        self._redraw(force=True)

    def _show_header(self) -> None:
        assert self.ctx is not None
        doc = self.ctx.store.documents.get(self.doc_id, {})
        self.title_label.setText(doc.get("title") or "(untitled document)")
        bits = []
        if doc.get("published"):
            bits.append(f"Published {format_iso(doc['published'])}")
        if doc.get("author"):
            bits.append(f"by {doc['author']}")
        if doc.get("original_name"):
            bits.append(doc["original_name"])
        n = len(self.ctx.store.claims_in(self.doc_id))
        bits.append(f"{n} claim{'s' if n != 1 else ''} marked")
        self.meta_label.setText("  ·  ".join(bits))

    def _show_media(self, keep_layout: bool = False) -> None:
        """The picture beside the text for an image or scan; hidden for other documents.

        ``keep_layout``: a refresh of the same document keeps how the user split the pane."""
        assert self.ctx is not None
        doc = self.ctx.store.documents.get(self.doc_id, {})
        ocr = doc.get("ocr") or {}
        self._uncertain[:] = [list(s) for s in (ocr.get("low_confidence") or []) if len(s) == 2]
        starts = doc.get("page_starts") or []
        self._page_starts = [int(p) for p in starts] if isinstance(starts, list) else []
        if not doc.get("media"):
            self.media_panel.hide()
            return
        was_shown = self.media_panel.isVisible()
        shown = self.media_panel.show_document(doc, self.ctx.service.media_data, media_lines(doc))
        if shown and not (keep_layout and was_shown):
            total = max(self.split.width(), 900)
            self.split.setSizes([int(total * 0.58), int(total * 0.42)])

    def _text_to_page(self, page: int) -> None:
        """The user turned the scan's page: scroll the text to where that page's text starts."""
        if not 0 <= page < len(self._page_starts):
            return
        start = self._page_starts[page]
        qt_start, _ = self.view.offsets.span_to_qt(start, start)
        cursor = QTextCursor(self.view.document())
        cursor.setPosition(qt_start)
        bar = self.view.verticalScrollBar()
        self._turning = True
        try:
            bar.setValue(bar.value() + self.view.cursorRect(cursor).top())
        finally:
            self._turning = False

    def _page_to_text(self) -> None:
        """The text scrolled: show the page of the scan whose text is at the top of the view."""
        if self._turning or len(self._page_starts) < 2 or not self.media_panel.isVisible():
            return
        top = self.view.cursorForPosition(QPoint(4, 4)).position()
        offset = self.view.offsets.from_qt(top)
        self.media_panel.show_page(max(bisect.bisect_right(self._page_starts, offset) - 1, 0))

    def _uncertain_words(self) -> list[QTextEdit.ExtraSelection]:
        if not self._uncertain:
            return []
        return uncertain_selections(self.view.document(), self.view.offsets, self._uncertain,
                                    getattr(self.view, "_dark", False))

    def _state(self) -> tuple[object, ...]:
        """What the highlights drawn depend on."""
        ctx = self.ctx
        assert ctx is not None
        return (self.doc_id, ctx.current_claim, ctx.current_evidence, ctx.store.generation)

    def _spans(self) -> list[Span]:
        """The highlights of the document on show, for the current claim and evidence."""
        ctx = self.ctx
        assert ctx is not None
        claims = ctx.store.claims_in(self.doc_id)
        words = ctx.store.assessments_of([c["id"] for c in claims])  # this document's only
        return build_spans(claims, ctx.store.evidence_in(self.doc_id), words, ctx.current_claim,
                           ctx.current_evidence)

    def _redraw(self, force: bool = False) -> None:
        ctx = self.ctx
        if ctx is None or not self.doc_id:
            return
        # Selecting a claim in another document loads it (a redraw) and then
        # announces the claim: draw once for the same state.
        state = self._state()
        if state == self._drawn and not force:
            return
        self._drawn = state
        self.view.set_spans(self._spans())

    def _reveal_current(self) -> None:
        ctx = self.ctx
        if ctx is None:
            return
        target = None
        if ctx.current_evidence:
            target = ctx.store.evidence(ctx.current_evidence)
        if not target or target.get("document") != self.doc_id:
            target = ctx.store.claims.get(ctx.current_claim)
        if target and target.get("document") == self.doc_id and target.get("start") is not None:
            self.view.reveal(target["start"], target["end"])

    # ------------------------------------------------------------------ reacting

    def _claim_selected(self, _claim_id: str) -> None:
        self._redraw()
        self._reveal_current()

    def _evidence_selected(self, _evidence_id: str) -> None:
        self._redraw()
        self._reveal_current()

    def _changed(self, delta: StoreDelta) -> None:
        if not self.ctx:
            return
        if not self.doc_id or self.doc_id in delta.any("documents"):
            doc_id = self.ctx.current_document or self.doc_id
            if doc_id and doc_id == self.doc_id and doc_id in self.ctx.store.documents:
                self._refresh_in_place()
            else:
                self._load(doc_id)
            return
        if self.doc_id in delta.documents_with_spans:
            self._show_header()
            self._redraw(force=True)

    def _clicked(self, cp: int) -> None:
        """A click on the text: pick the claim or evidence the user aimed at."""
        ctx = self.ctx
        if ctx is None:
            return
        claims = self.view.claims_at(cp)
        evidence = self.view.evidence_at(cp)
        claim_ids = [s.id for s in claims]
        if claim_ids and ctx.current_claim not in claim_ids:
            ctx.select_claim(claim_ids[0])
            return
        own = [s for s in evidence if s.claim == ctx.current_claim]
        if own:
            ctx.select_evidence(own[0].id)
            return
        if len(claim_ids) > 1:  # overlapping claims: each click moves to the next
            i = claim_ids.index(ctx.current_claim)
            ctx.select_claim(claim_ids[(i + 1) % len(claim_ids)])
            return
        if evidence and not claim_ids:
            ctx.select_evidence(evidence[0].id)
