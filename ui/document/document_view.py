"""The document text: read-only, comfortable to read, with claims highlighted.

The stored canonical text is shown exactly (plain text, never rewritten);
highlights are an overlay (:mod:`ui.document.highlights`).  For reading comfort the
text column is kept near 75 characters wide and centred by the root frame's
margins, with generous line spacing; the font size is adjustable and
remembered.  Clicking a highlight reports the code point clicked; selecting
words reports their span in code points (Qt counts UTF-16 units, converted
here by :class:`ui.widgets.textpos.OffsetMap`).
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable

from PySide6.QtCore import QEvent, QMimeData, QObject, QPoint, QSettings, QSizeF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QContextMenuEvent,
    QMouseEvent,
    QResizeEvent,
    QShowEvent,
    QTextBlock,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
    QTextOption,
)
from PySide6.QtWidgets import QFrame, QTextEdit, QWidget

from ui.document.highlights import SelectionCache, Span, make_selections, spans_at
from ui.widgets.colors import is_dark
from ui.widgets.textpos import OffsetMap
from ui.widgets.theme import reading_font

#: Reading column, in average character widths (typographers' 45–75 rule).
MEASURE_CHARS = 75
#: A document longer than this is laid out ahead, a slice per turn of the event loop.
LAYOUT_AHEAD_CHARS = 100_000
#: GUI-thread CPU seconds one slice of that layout may take.
LAYOUT_SLICE_S = 0.03
#: A paragraph longer than this is shown in pieces of PIECE_CHARS to LONG_PARAGRAPH characters.
#: Short pieces because Qt's first layout of a text covers more of it the longer its blocks are:
#: for an 11 MB paragraph, 0.59 s of CPU with 20,000-character pieces, 0.19 s with 6,000.
LONG_PARAGRAPH = 6_000
PIECE_CHARS = 3_000
_SENTENCE_ENDS = (". ", "! ", "? ", "… ", '." ', "!\" ", '?" ', ".” ", ".’ ", ".) ")


def _piece_break(text: str, lo: int, hi: int) -> int:
    """Where to break ``text[lo:hi]``: the space after its last sentence, else its last space, else -1."""
    best = -1
    for end in _SENTENCE_ENDS:
        at = text.rfind(end, lo, hi)
        if at >= 0:
            best = max(best, at + len(end) - 1)
    return best if best >= 0 else text.rfind(" ", lo, hi)


def display_text(text: str) -> str:
    """``text`` as the view lays it out: overlong paragraphs broken into pieces.

    Qt lays a paragraph (a text block) out in one go, and a block of 11 MB
    (one paragraph, as a scraped page or a transcript may be) froze the
    window for 18 s; many blocks are laid out a few at a time while the
    event loop runs.  So in a paragraph longer than :data:`LONG_PARAGRAPH`
    characters the space after a sentence (failing that, any space) every
    :data:`PIECE_CHARS` to :data:`LONG_PARAGRAPH` characters becomes a line
    break.  One character for one character: every offset, highlight and
    anchor stays exactly where it was, and the stored text is never changed
    (selections and copies are taken from it).  A paragraph with no space at
    all in such a stretch is left whole.
    """
    if len(text) <= LONG_PARAGRAPH:
        return text
    breaks: list[int] = []
    start, n = 0, len(text)
    while start < n:
        newline = text.find("\n", start)
        end = n if newline < 0 else newline
        pos = start
        while end - pos > LONG_PARAGRAPH:
            cut = _piece_break(text, pos + PIECE_CHARS, pos + LONG_PARAGRAPH)
            if cut < 0:
                pos += LONG_PARAGRAPH
                continue
            breaks.append(cut)
            pos = cut + 1
        start = end + 1
    if not breaks:
        return text
    parts, prev = [], 0
    for cut in breaks:
        parts += [text[prev:cut], "\n"]
        prev = cut + 1
    parts.append(text[prev:])
    return "".join(parts)
#: Documents kept laid out (with their built highlights) after the view shows another: going back
#: to an article just read is a claim switch away, and laying 30,000 characters out again cost a
#: third of it. Each one kept holds about 3 MiB of layout, so two (the XL memory budget of issue 21).
DOCUMENT_CACHE = 2
MIN_PT, MAX_PT, DEFAULT_PT = 9, 28, 12
_SETTINGS_KEY = "document/fontPointSize"
_ALL = 1 << 62  # "laid out to the end"


class _Parked(QObject):
    """Event filter on the layout of a document kept for going back to it: its timer does nothing.

    Qt lays a document out lazily, a step per timer event (10 ms apart, each twice as long as the
    last), and goes on doing so after the view has taken another document: every document left
    was laid out to its end in the background, in the turns of the event loop that paint the next
    one (a switch into another document paid for the one left), and all of it is thrown away when
    the view takes the document again (``QTextEdit.setDocument`` lays it out anew).
    """

    def eventFilter(self, _obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        return event.type() == QEvent.Type.Timer


class DocumentView(QTextEdit):
    """A read-only reading view of one document (see module docstring)."""

    #: A click (no drag) landed on text: code point offset.
    clickedAt = Signal(int)
    #: The selection changed: (start, end) in code points; equal when empty.
    selectionSpanChanged = Signal(int, int)
    zoomChanged = Signal(int)
    #: A long document's layout ahead: (Qt positions laid out, of all); equal when done.
    layoutProgress = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.setAcceptRichText(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setAccessibleName("Document text")
        self.setAccessibleDescription("The document being checked. Claims are highlighted in their "
                                      "likelihood colour; evidence quotes are underlined.")
        self.setObjectName("documentText")
        self.offsets = OffsetMap("")
        #: The document's stored text (the view may show overlong paragraphs in pieces: :func:`display_text`).
        self.text = ""
        self.spans: list[Span] = []
        # Highlights already built for this text and scheme, and extra layers
        # (the assistant's suggestion marks) drawn on top of them.
        self._selections: SelectionCache = {}
        self._selections_dark: bool | None = None
        self.overlays: list[Callable[[], list[QTextEdit.ExtraSelection]]] = []
        self._own_doc: QTextDocument | None = None
        #: (stored text, point size) → a laid-out document, its highlights' cache and the highlights it
        #: showed when it was left, least recent first.
        self._doc_cache: OrderedDict[tuple[str, int], tuple[QTextDocument, SelectionCache, bool | None,
                                                            list[QTextEdit.ExtraSelection], int]] = OrderedDict()
        #: The highlights last handed to Qt (set_spans), kept with the document when another is shown,
        #: and how many of them are the spans' (the rest are the overlays').
        self._shown: list[QTextEdit.ExtraSelection] = []
        self._n_spans = 0
        #: An empty document the view passes through when it changes documents (see :meth:`set_text`).
        self._blank = QTextDocument(self)
        self._parked = _Parked(self)
        self._pending_reveal: tuple[int, int] | None = None
        self._pending_select: tuple[int, int] | None = None
        self._laid_out_to = _ALL  # Qt position up to which the text is laid out
        self._layout_block = QTextBlock()
        self._layout_timer = QTimer(self)
        self._layout_timer.setInterval(0)
        self._layout_timer.timeout.connect(self._layout_slice)
        self._context_actions: list[QAction | None] = []
        self._press_pos: QPoint | None = None
        self._dark = is_dark(self.palette())
        size = QSettings().value(_SETTINGS_KEY, DEFAULT_PT)
        self._point_size = _clamp(int(str(size)) if str(size).isdigit() else DEFAULT_PT)
        self.setFont(reading_font(self._point_size))
        self.document().setDocumentMargin(28)
        self.selectionChanged.connect(self._emit_selection)

    # ------------------------------------------------------------------ content

    def set_text(self, text: str, spans: list[Span] | None = None) -> None:
        """Show a document's stored text (plain, exact) with ``spans`` highlighted (None: the caller's
        :meth:`set_spans` follows).

        The text and its reading formats go into a detached QTextDocument in
        one edit block, then the view takes it: laid out once, not once per
        formatting step (a 30,000-character document opens ~3x faster).  The
        last :data:`DOCUMENT_CACHE` documents shown stay, with their
        highlights, so going back to one builds nothing.

        Qt repaints a highlight that changes by asking the document's layout
        where it lies, and ``QTextEdit.setDocument`` throws that layout away
        (``QTextDocument.setPageSize`` always does): handing a document's 200
        highlights over after it was taken laid all of it out again, 13 ms of a
        switch into another document.  So the view changes documents through
        an empty one: the old highlights are dropped and the new document's
        last highlights put in place while the empty document is shown (no
        layout to ask), and :meth:`set_spans` then only touches those whose
        look changed (the old current claim's and the new one's).  Given the
        ``spans``, the highlights are built for them before the document is
        taken, so none is looked up at all: only the text shown and the text
        up to a claim scrolled to are laid out.  Until :meth:`set_spans` runs,
        a document shows the highlights it had when it was left.
        """
        self.spans = []
        old, old_text = self._own_doc, self.text
        # The scroll bar stays through the swap (see :meth:`_keep_scroll_bar`).
        keep = self._keep_scroll_bar()
        self.setDocument(self._blank)  # nothing laid out to ask where highlights lie
        if old is not None and old_text and self.laid_out:  # kept, laid out, for going back to it
            self._doc_cache[(old_text, self._point_size)] = (old, self._selections, self._selections_dark,
                                                             self._shown, self._n_spans)
            old.documentLayout().installEventFilter(self._parked)  # no layout ahead while it is not shown
            while len(self._doc_cache) > DOCUMENT_CACHE:
                self._doc_cache.popitem(last=False)[1][0].deleteLater()
        elif old is not None:
            old.deleteLater()
        if not text:  # no document (the project was closed): nothing of it stays in memory
            while self._doc_cache:
                self._doc_cache.popitem()[1][0].deleteLater()
        self._layout_timer.stop()
        self._pending_reveal = self._pending_select = None  # the previous text's
        self.text = text
        self.offsets = OffsetMap(text)
        cached = self._doc_cache.pop((text, self._point_size), None) if text else None
        if cached is not None:
            doc, self._selections, self._selections_dark, self._shown, self._n_spans = cached
            doc.documentLayout().removeEventFilter(self._parked)
        else:
            self._selections, self._shown, self._n_spans = {}, [], 0
            doc = QTextDocument(self)
            doc.setUndoRedoEnabled(False)
            doc.setDefaultFont(self.font())
            doc.setDocumentMargin(28)
            self._fill(doc, text)
        if spans is not None and len(text) <= LAYOUT_AHEAD_CHARS:  # a long text's wait for their place
            self._match_scheme()
            overlays = self._shown[self._n_spans:]  # as they were: the overlays look at the view's document
            self._shown = make_selections(spans, doc, self.offsets, self._dark, self._selections) + overlays
        self.setExtraSelections(self._shown)
        # The reading column's margins before the view takes the document: set after, they made Qt
        # lay the part on show out a second time.
        self._apply_measure(doc)
        # Taking a document lays it out at its own page size, and then again at the view's width
        # (QTextEdit sets it, which always lays out anew). A null page size makes the first
        # layout nothing: half the CPU of taking a document (instruction counts, callgrind).
        doc.setPageSize(QSizeF(0, 0))
        self.setDocument(doc)  # Qt deletes the view's built-in first document itself
        if keep:
            self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)  # hides it if not needed
        self._own_doc = doc
        self.moveCursor(QTextCursor.MoveOperation.Start)
        if len(text) > LAYOUT_AHEAD_CHARS:
            self._laid_out_to = 0
            self._layout_block = doc.begin()
            self._layout_timer.start()
        else:
            self._laid_out_to = _ALL
        if spans is not None:
            self.set_spans(spans)

    def _keep_scroll_bar(self) -> bool:
        """Keep a shown vertical scroll bar on while the view changes documents; True if it was shown.

        The empty document the view passes through needs no scroll bar: Qt hid
        it, which widened the viewport, and the next document then made Qt show
        it again and narrow the viewport; each width change made Qt lay the text
        on show out again and moved the reading column's margins (another layout
        of it), so the first screen of the new document was laid out three
        times. A document that needs no scroll bar hides it when the swap is
        over, as before.
        """
        if not self.verticalScrollBar().isVisible():
            return False
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        return True

    @property
    def laid_out(self) -> bool:
        """True once the whole text is laid out (at once for most documents; see :meth:`_layout_slice`)."""
        return self._laid_out_to == _ALL

    def _layout_slice(self) -> None:
        """Lay out the next blocks of a long document, for at most :data:`LAYOUT_SLICE_S` of CPU.

        Qt lays out only what is shown; anything that needs a place further
        down (a highlight, scrolling to a claim near the end) would lay out
        everything up to it at once, seconds for an 11 MB text.  So a long
        document is laid out ahead a slice per turn of the event loop, and
        highlights and scrolling that lie beyond the laid-out part wait for
        it; :attr:`layoutProgress` reports how far it is.
        """
        layout = self.document().documentLayout()
        block = self._layout_block
        deadline = time.thread_time() + LAYOUT_SLICE_S
        while block.isValid() and time.thread_time() < deadline:
            layout.blockBoundingRect(block)
            self._laid_out_to = block.position() + block.length()
            block = block.next()
        self._layout_block = block
        total = self.offsets.length_u16
        if block.isValid():
            self.layoutProgress.emit(self._laid_out_to, total)
            return
        self._layout_timer.stop()
        self._laid_out_to = _ALL
        self.layoutProgress.emit(total, total)
        if self.spans or self.overlays:
            self.set_spans(self.spans)  # the highlights that lay beyond
        if self._pending_select is not None:
            self.select_span(*self._pending_select)
        elif self._pending_reveal is not None:
            self.reveal(*self._pending_reveal)

    def set_spans(self, spans: list[Span]) -> None:
        """Replace the highlights (cheap: nothing is laid out again, and only
        the highlights whose place or look changed are built anew).  In a long
        document still being laid out, highlights beyond the laid-out part are
        drawn once it gets there."""
        self.spans = spans
        self._match_scheme()
        selections = make_selections(spans, self.document(), self.offsets, self._dark, self._selections)
        self._n_spans = len(selections)
        for overlay in self.overlays:
            selections += overlay()
        if not self.laid_out:
            selections = [sel for sel in selections if sel.cursor.selectionEnd() <= self._laid_out_to]
        self._shown = selections
        self.setExtraSelections(selections)

    def _match_scheme(self) -> None:
        """Follow the light or dark scheme: highlights built for the other one are built anew."""
        self._dark = is_dark(self.palette())
        if self._selections_dark != self._dark:
            self._selections.clear()
            self._selections_dark = self._dark

    def set_context_actions(self, actions: list[QAction | None]) -> None:
        """Actions added on top of the standard context menu (None = separator)."""
        self._context_actions = actions

    # ------------------------------------------------------------------ positions

    def selected_span(self) -> tuple[int, int, str] | None:
        """The selected words as (start, end, text) in code points, trimmed of
        surrounding white space; None when nothing is selected."""
        cur = self.textCursor()
        if not cur.hasSelection():
            return None
        start, end = self.offsets.span_from_qt(cur.selectionStart(), cur.selectionEnd())
        text = self.text  # the stored text, not the pieces shown: a piece break is a space there
        chunk = text[start:end]
        lead = len(chunk) - len(chunk.lstrip())
        trail = len(chunk) - len(chunk.rstrip())
        start, end = start + lead, end - trail
        if end <= start:
            return None
        return start, end, text[start:end]

    def select_span(self, start: int, end: int) -> None:
        """Select code points [start, end) and scroll them into view (once laid out that far)."""
        qs, qe = self.offsets.span_to_qt(start, end)
        if qe > self._laid_out_to:
            self._pending_select = (start, end)
            return
        self._pending_select = None
        cur = self.textCursor()
        cur.setPosition(qs)
        cur.setPosition(qe, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cur)
        self.ensureCursorVisible()

    def clear_selection(self) -> None:
        """Drop the selection, keeping the caret at its end: after the words were
        used (marked as a claim), the next drag selects afresh instead of moving
        them and the next Ctrl+E cannot quote them again by mistake."""
        cur = self.textCursor()
        if cur.hasSelection():
            cur.clearSelection()
            self.setTextCursor(cur)

    def reveal(self, start: int, end: int) -> None:
        """Scroll so that code points [start, end) are visible, without selecting."""
        if self.textCursor().hasSelection():
            return  # never throw away the user's selection
        qs, qe = self.offsets.span_to_qt(start, end)
        # No real viewport yet, or not laid out that far: scroll once the view is shown and laid out.
        if not self.isVisible() or qe > self._laid_out_to:
            self._pending_reveal = (start, end)
            return
        self._pending_reveal = None
        cur = QTextCursor(self.document())
        cur.setPosition(qe)
        rect_end = self.cursorRect(cur)
        cur.setPosition(qs)
        rect = self.cursorRect(cur)
        vp = self.viewport().rect()
        if vp.contains(rect.topLeft()) and vp.contains(rect_end.bottomLeft()):
            return
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + rect.top() - vp.height() // 4)

    # ------------------------------------------------------------------ zoom

    @property
    def point_size(self) -> int:
        return self._point_size

    def zoom(self, step: int) -> None:
        self.set_point_size(self._point_size + step)

    def set_point_size(self, size: int) -> None:
        size = _clamp(size)
        if size == self._point_size:
            return
        self._point_size = size
        self.setFont(reading_font(size))
        self._apply_measure()
        QSettings().setValue(_SETTINGS_KEY, size)
        self.zoomChanged.emit(size)

    # ------------------------------------------------------------------ layout

    def _fill(self, doc: QTextDocument, text: str) -> None:
        """The exact text with reading formats (line spacing, short blank
        lines): formats only, the characters are never changed, so offsets
        stay exact (each \\n is one block separator, one position, as in Qt)."""
        cur = QTextCursor(doc)
        cur.beginEditBlock()
        fmt = QTextBlockFormat()
        fmt.setLineHeight(140, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        cur.setBlockFormat(fmt)
        cur.insertText(display_text(text))  # new blocks inherit the format
        blank = QTextBlockFormat()
        blank.setLineHeight(max(4, self.fontMetrics().height() // 3),
                            QTextBlockFormat.LineHeightTypes.FixedHeight.value)
        block = doc.begin()
        while block.isValid():
            if block.length() <= 1:  # only the block separator: an empty line
                QTextCursor(block).setBlockFormat(blank)
            block = block.next()
        cur.endEditBlock()

    def _apply_measure(self, doc: QTextDocument | None = None) -> None:
        """Centre a column of about MEASURE_CHARS characters in the viewport (of ``doc``, by default
        the document on show)."""
        width = self.viewport().width()
        column = self.fontMetrics().averageCharWidth() * MEASURE_CHARS
        side = max(28, (width - column) // 2)
        root = (doc or self.document()).rootFrame()
        fmt = root.frameFormat()
        if int(fmt.leftMargin()) != side:
            fmt.setLeftMargin(side)
            fmt.setRightMargin(side)
            root.setFrameFormat(fmt)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._apply_measure()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        """Highlights are redrawn in the other scheme's tints when dark mode is switched."""
        if (event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange)
                and is_dark(self.palette()) != getattr(self, "_dark", None) and getattr(self, "spans", None)):
            self.set_spans(self.spans)
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if self._pending_reveal is not None:
            self.reveal(*self._pending_reveal)

    # ------------------------------------------------------------------ mouse and menu

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self._press_pos = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton or self.textCursor().hasSelection():
            return
        pos = event.position().toPoint()
        if self._press_pos is not None and (pos - self._press_pos).manhattanLength() > 4:
            return
        hit = self.document().documentLayout().hitTest(
            pos + QPoint(self.horizontalScrollBar().value(), self.verticalScrollBar().value()),
            Qt.HitTestAccuracy.ExactHit)
        if hit >= 0:
            self.clickedAt.emit(self.offsets.from_qt(hit))

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802
        menu = self.createStandardContextMenu(event.pos())
        if self._context_actions:
            first = menu.actions()[0] if menu.actions() else None
            for action in self._context_actions:
                if action is None:
                    menu.insertSeparator(first) if first else menu.addSeparator()
                elif first:
                    menu.insertAction(first, action)
                else:
                    menu.addAction(action)
            if first:
                menu.insertSeparator(first)
        menu.exec(event.globalPos())
        menu.deleteLater()

    def createMimeDataFromSelection(self) -> QMimeData:  # noqa: N802 - Qt override
        """Copy the stored characters: a piece break of a long paragraph is a space in the document."""
        data = QMimeData()
        cur = self.textCursor()
        start, end = self.offsets.span_from_qt(cur.selectionStart(), cur.selectionEnd())
        data.setText(self.text[start:end])
        return data

    def claims_at(self, cp: int) -> list[Span]:
        return spans_at(self.spans, cp, "claim")

    def evidence_at(self, cp: int) -> list[Span]:
        return spans_at(self.spans, cp, "evidence")

    def _emit_selection(self) -> None:
        cur = self.textCursor()
        start, end = self.offsets.span_from_qt(cur.selectionStart(), cur.selectionEnd())
        self.selectionSpanChanged.emit(start, end)


def _clamp(size: int) -> int:
    return max(MIN_PT, min(MAX_PT, size))
