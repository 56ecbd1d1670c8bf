"""Claims overview: the whole project's judgements in one sortable table.

An editor's first question about a project is "where do we stand?": which
claims are likely, which are contested, which still rest on one origin.  This
view answers it on one screen: a strip with how many claims fall in each
likelihood band (click a band to see only those), filters by status,
confidence, flag and text, and one row per claim.  Selecting a row selects
the claim everywhere (through the project context); double-click, Enter or
"Show in Document" also asks the window to show the claim in its document
(:attr:`OverviewView.jumpRequested`), since only the window knows its pages.
"""

from __future__ import annotations

from collections import Counter
from html import escape

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from ui.session.context import ProjectContext
from ui.session.store import StoreDelta
from ui.views.common import FLAG_SHORT, STATUS_LABEL, ColumnFitter, RowTable, muted
from ui.views.overview_model import (
    COL_AGAINST,
    COL_CHANGED,
    COL_CLAIM,
    COL_CONFIDENCE,
    COL_DOCUMENT,
    COL_FLAGS,
    COL_FOR,
    COL_LIKELIHOOD,
    COL_PROBABILITY,
    COL_STATUS,
    IdRole,
    OverviewModel,
    OverviewProxy,
)
from ui.widgets.colors import BAND_WORDS, band_hex, text_on
from workbench.analysis.confidence import (
    FLAG_TEXT,
    NO_ASSESSMENT,
    judgement_sentences,
    likelihood_label,
)


class BandStrip(QWidget):
    """How many claims fall in each likelihood band, as one proportional bar.

    Clicking a segment filters the table to that band; clicking it again
    clears the filter.  Bands with no claims take no width but keep their
    place in the order, so the bar reads left (unlikely) to right (likely).
    """

    bandClicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.counts: Counter[str] = Counter()
        self.selected = ""
        self._segments: list[tuple[QRectF, str]] = []
        self.setMinimumHeight(26)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMouseTracking(True)
        self.setAccessibleName("Claims by likelihood")

    def sizeHint(self) -> QSize:
        return QSize(400, 26)

    def set_counts(self, counts: Counter[str]) -> None:
        self.counts = counts
        total = sum(counts.values())
        self.setAccessibleDescription(", ".join(f"{n} {w}" for w in (*BAND_WORDS, NO_ASSESSMENT)
                                                if (n := counts.get(w, 0))) or "no claims")
        self.setToolTip("" if total else "No claims yet")
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        total = sum(self.counts.values())
        r = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        self._segments = []
        if not total:
            p.setPen(QColor(muted(self.palette())))
            p.drawRoundedRect(r, 4, 4)
            p.drawText(r, Qt.AlignmentFlag.AlignCenter, "No claims yet")
            return
        x = r.left()
        for word in (NO_ASSESSMENT, *BAND_WORDS):
            n = self.counts.get(word, 0)
            if not n:
                continue
            w = r.width() * n / total
            seg = QRectF(x, r.top(), w, r.height())
            self._segments.append((seg, word))
            color = QColor(band_hex(word))
            dim = bool(self.selected) and word != self.selected
            if dim:
                color.setAlpha(70)
            p.fillRect(seg, color)
            p.setPen(text_on(word) if not dim else self.palette().color(QPalette.ColorRole.Text))
            label = f"{n} {word}" if p.fontMetrics().horizontalAdvance(f"{n} {word}") < w - 8 else \
                (str(n) if p.fontMetrics().horizontalAdvance(str(n)) < w - 4 else "")
            p.drawText(seg, Qt.AlignmentFlag.AlignCenter, label)
            x += w
        p.setPen(self.palette().color(QPalette.ColorRole.Mid))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(r)

    def word_at(self, x: float) -> str:
        for seg, word in self._segments:
            if seg.left() <= x < seg.right():
                return word
        return ""

    def mousePressEvent(self, event: QMouseEvent) -> None:
        word = self.word_at(event.position().x())
        if word:
            self.bandClicked.emit("" if word == self.selected else word)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        word = self.word_at(event.position().x())
        if word:
            band = likelihood_label(word)
            QToolTip.showText(event.globalPosition().toPoint(),
                              f"{self.counts[word]} claim(s): {word}" + (f" ({band})" if band else "")
                              + "\nClick to show only these")


class OverviewView(QWidget):
    """Every claim of the project, filtered and sorted (see module docstring)."""

    #: The user wants to see this claim in its document (the window shows the document view).
    jumpRequested = Signal(str)

    def __init__(self, context: ProjectContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = context
        self.setAccessibleName("Claims overview")
        self._syncing = False
        self.model = OverviewModel(context.store, self)
        self.proxy = OverviewProxy(self)
        self.proxy.setSourceModel(self.model)

        self.strip = BandStrip()
        self.count_label = QLabel()
        self.count_label.setAccessibleName("Claims shown")
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Filter by words in the claim, its note or its document…")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName("Filter claims")
        self.filter_edit.setMinimumWidth(120)
        self.status_combo = self._combo("Status", [("Any status", "")] +
                                        [(label, key) for key, label in STATUS_LABEL.items()])
        self.confidence_combo = self._combo("Confidence", [("Any confidence", ""), ("Low confidence", "low"),
                                                           ("Moderate confidence", "moderate"),
                                                           ("High confidence", "high")])
        self.flag_combo = self._combo("Flag", [("Any flags", ""), ("With a flag", "any"), ("No flags", "none")]
                                      + [(f"Flag: {label}", key) for key, label in FLAG_SHORT.items()])
        self.jump_button = QPushButton("Show in Document")
        self.jump_button.setToolTip("Show the selected claim in its document (Enter or double-click)")
        self.jump_button.setEnabled(False)
        self.jump_button.setAccessibleName("Show the selected claim in its document")
        self.clear_button = QPushButton("Clear Filters")
        self.clear_button.setVisible(False)
        self.clear_button.setAccessibleName("Clear the filters")

        self.table = RowTable()
        t = self.table
        t.setModel(self.proxy)
        t.setAlternatingRowColors(True)
        t.header().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # project order until the user sorts
        t.setSortingEnabled(True)
        t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        t.setAccessibleName("Claims")
        self._size_columns()

        top = QHBoxLayout()
        heading = QLabel("Claims overview")
        heading.setObjectName("viewHeading")
        f = heading.font()
        f.setPointSizeF(f.pointSizeF() * 1.25)
        f.setBold(True)
        heading.setFont(f)
        top.addWidget(heading)
        top.addSpacing(16)
        top.addWidget(self.strip, 1)
        top.addSpacing(12)
        top.addWidget(self.count_label)
        filters = QHBoxLayout()
        filters.addWidget(self.filter_edit, 1)
        for w in (self.status_combo, self.confidence_combo, self.flag_combo, self.clear_button):
            filters.addWidget(w)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(12, 10, 12, 10)
        lay.setSpacing(8)
        lay.addLayout(top)
        lay.addLayout(filters)
        lay.addWidget(self.table, 1)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setAccessibleName("Selected claim's judgement")
        self.detail.setMinimumHeight(self.detail.fontMetrics().height() * 4)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.jump_button.setMinimumWidth(self.jump_button.sizeHint().width())
        bottom = QHBoxLayout()
        bottom.addWidget(self.detail, 1)
        bottom.addSpacing(12)
        bottom.addWidget(self.jump_button, 0, Qt.AlignmentFlag.AlignTop)
        lay.addLayout(bottom)

        self.filter_edit.textChanged.connect(lambda text: self._set_filter(text=text))
        self.status_combo.currentIndexChanged.connect(
            lambda _i: self._set_filter(status=self.status_combo.currentData()))
        self.confidence_combo.currentIndexChanged.connect(
            lambda _i: self._set_filter(confidence=self.confidence_combo.currentData()))
        self.flag_combo.currentIndexChanged.connect(lambda _i: self._set_filter(flag=self.flag_combo.currentData()))
        self.strip.bandClicked.connect(lambda word: self._set_filter(likelihood=word))
        self.clear_button.clicked.connect(self.clear_filters)
        self.jump_button.clicked.connect(self.jump_to_current)
        t.doubleClicked.connect(lambda index: self.jump(index.data(IdRole) or ""))
        t.enterPressed.connect(lambda index: self.jump(index.data(IdRole) or ""))
        t.selectionModel().currentRowChanged.connect(self._row_changed)
        context.changed.connect(self._changed)
        context.claimSelected.connect(self._claim_selected)
        self._update_counts()
        self._claim_selected(context.current_claim)
        self._show_detail(self.current_claim())

    # ------------------------------------------------------------------ building

    def _combo(self, name: str, items: list[tuple[str, str]]) -> QComboBox:
        c = QComboBox()
        c.setAccessibleName(f"{name} filter")
        for label, key in items:
            c.addItem(label, key)
        c.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        c.setMinimumContentsLength(min(len(items[0][0]), 14))
        c.setMinimumWidth(c.minimumSizeHint().width())
        return c

    def _size_columns(self) -> None:
        """Widths from the font, not from the rows: instant on 2,000 claims.  When the
        view is narrow the least telling columns give way, last change first."""
        fm = self.table.fontMetrics()
        em = fm.horizontalAdvance("M")
        h = self.table.header()
        h.setSectionsMovable(True)
        h.setMinimumSectionSize(3 * em)
        widths = {COL_DOCUMENT: 14 * em, COL_LIKELIHOOD: fm.horizontalAdvance("roughly even chance") + 44,
                  COL_PROBABILITY: fm.horizontalAdvance("100%") + 20,
                  COL_CONFIDENCE: fm.horizontalAdvance("moderate") + 24,
                  COL_FOR: fm.horizontalAdvance("For") + 28, COL_AGAINST: fm.horizontalAdvance("Against") + 24,
                  COL_FLAGS: fm.horizontalAdvance("single origin, undated") + 16,
                  COL_STATUS: fm.horizontalAdvance("In review") + 24,
                  COL_CHANGED: fm.horizontalAdvance("10 Oct 2024, 14:05") + 24}
        self.fitter = ColumnFitter(self.table, COL_CLAIM, widths,
                                   [COL_CHANGED, COL_DOCUMENT, COL_STATUS, COL_FLAGS, COL_AGAINST, COL_FOR,
                                    COL_CONFIDENCE, COL_PROBABILITY], min_main=22 * em)
        self._documents_column()

    def _documents_column(self) -> None:
        """A project with one document needs no Document column."""
        one = len(self.ctx.store.documents) <= 1
        if one != (COL_DOCUMENT in self.fitter.forced_hidden):
            self.fitter.forced_hidden.symmetric_difference_update({COL_DOCUMENT})
            self.fitter.fit()

    # ------------------------------------------------------------------ filters

    def _set_filter(self, **values: str) -> None:
        self.proxy.set_filters(**values)
        if "likelihood" in values:
            self.strip.selected = values["likelihood"]
            self.strip.update()
        self._update_counts()

    def clear_filters(self) -> None:
        for combo in (self.status_combo, self.confidence_combo, self.flag_combo):
            combo.setCurrentIndex(0)
        self.filter_edit.clear()
        self._set_filter(likelihood="")

    def _update_counts(self, delta: StoreDelta | None = None) -> None:
        store = self.ctx.store
        claims = None if delta is None else set(delta.reassessed) | delta.any("claims")
        words = getattr(self, "_words", None)
        if words is None or claims is None or len(claims) > 1_000:
            words = self._words = {c: (store.assessments[c].likelihood if c in store.assessments
                                       else NO_ASSESSMENT) for c in store.claims}
            self._counts = Counter(words.values())
        else:  # only the claims a write re-assessed move between bands
            for cid in claims:
                old = words.pop(cid, None)
                if old is not None:
                    self._counts[old] -= 1
                if cid in store.claims:
                    a = store.assessments.get(cid)
                    words[cid] = a.likelihood if a else NO_ASSESSMENT
                    self._counts[words[cid]] += 1
        self.strip.set_counts(+self._counts)
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        filtered = any((self.proxy.status, self.proxy.confidence, self.proxy.flag, self.proxy.likelihood,
                        self.proxy.text))
        self.count_label.setText(f"{shown} of {total} claims" if filtered else
                                 f"{total} claim{'s' if total != 1 else ''}")
        self.clear_button.setVisible(filtered)

    # ------------------------------------------------------------------ selection and jumping

    def current_claim(self) -> str:
        return self.table.currentIndex().data(IdRole) or ""

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        cid = current.data(IdRole) or ""
        row = self.ctx.store.claims.get(cid) or {}
        self.jump_button.setEnabled(bool(row.get("document")))
        self._show_detail(cid)
        if cid and not self._syncing:
            self._syncing = True
            try:
                self.ctx.select_claim(cid)
            finally:
                self._syncing = False

    def _claim_selected(self, claim_id: str) -> None:
        if self._syncing:
            return
        r = self.model.row_of(claim_id) if claim_id else -1
        index = self.proxy.mapFromSource(self.model.index(r, 0)) if r >= 0 else QModelIndex()
        if not index.isValid():
            return
        self._syncing = True
        try:
            self.table.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
            self.table.scrollTo(index)
        finally:
            self._syncing = False

    def jump_to_current(self) -> None:
        self.jump(self.current_claim())

    def jump(self, claim_id: str) -> None:
        """Select the claim (and so its document) and ask the window to show it."""
        if not claim_id or claim_id not in self.ctx.store.claims:
            return
        self.ctx.select_claim(claim_id)
        self.jumpRequested.emit(claim_id)

    # ------------------------------------------------------------------ following the project

    def _show_detail(self, cid: str) -> None:
        """The selected claim's judgement in the memo's own words, and its flags."""
        claim = self.ctx.store.claims.get(cid)
        a = self.ctx.store.assessments.get(cid)
        quiet = muted(self.palette()).name()
        if claim is None or a is None:
            self.detail.setText(f"<span style='color:{quiet}'>Select a claim to read its judgement. "
                                "Double-click it (or press Enter) to see it in its document.</span>")
            return
        likely, confident = judgement_sentences(a, claim.get("text") or "")
        flags = "".join(f"<br><span style='color:{quiet}'>⚑ {escape(FLAG_TEXT.get(f, f))}</span>" for f in a.flags)
        self.detail.setText(f"<b>{escape(likely)}</b> {escape(confident)}{flags}")

    def _changed(self, delta: StoreDelta) -> None:
        self.model.apply(delta)
        current = self.current_claim()
        if current in delta.reassessed or current in delta.any("claims"):
            self._show_detail(current)
        if delta.added.get("documents") or delta.removed.get("documents"):
            self._documents_column()
        self._update_counts(delta)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self.strip.update()
            self._show_detail(self.current_claim())
        super().changeEvent(event)


def create(context: ProjectContext, parent: QWidget | None = None) -> OverviewView:
    """The registry's factory (see :mod:`ui.views`)."""
    return OverviewView(context, parent)
