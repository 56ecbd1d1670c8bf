"""Evidence matrix: every claim against every source, Analysis-of-Competing-Hypotheses style.

Rows are claims (with their likelihood colour), columns are sources (names
written upwards so a thousand of them fit), and each filled cell shows the
stance as a shape — ▲ corroborates, ▼ contradicts, ● context, hollow when
absorbed by a same-origin item, ◆ when the source is cited both ways, ◇ when
it is only the named origin of someone else's report — with the grade
("B3").  Shapes carry the meaning and colour repeats it, so the grid reads
for colour-blind users and in greyscale print.

It must stay smooth on 2,000 × 1,000: one QTableView with fixed section
sizes over the sparse :class:`~ui.views.matrix_model.MatrixModel`, one
delegate painting only the visible cells, no widget per cell.  Clicking a
cell selects its evidence (and claim) everywhere; double-click or Enter also
asks the window to show it in the document (:attr:`MatrixView.jumpRequested`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionHeader,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.session.context import ProjectContext
from ui.session.store import StoreDelta
from ui.views.common import (
    ABSORBED_SYMBOL,
    MIXED_SYMBOL,
    ORIGIN_SYMBOL,
    STANCE_SYMBOL,
    is_dark,
    muted,
    stance_color,
    stance_tint,
)
from ui.views.matrix_model import (
    CLAIM_ORDERS,
    SOURCE_ORDERS,
    Cell,
    CellRole,
    GradeRole,
    LikelihoodRole,
    MatrixModel,
    WeightRole,
)
from ui.widgets.colors import band_hex
from ui.widgets.flow_layout import FlowLayout

Index = QModelIndex | QPersistentModelIndex

CELL_W = 44
CELL_H = 24
HEADER_H = 168
ROW_HEADER_W = 360


class CellDelegate(QStyledItemDelegate):
    """Paints a cell: faint stance tint, the shape in the stance colour, the grade in text colour."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        cell: Cell | None = index.data(CellRole)
        pal = option.palette
        r = option.rect
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        dark = is_dark(pal)
        painter.save()
        if selected:
            painter.fillRect(r, pal.color(QPalette.ColorRole.Highlight))
        elif cell is not None and cell.kind not in ("origin",):
            painter.fillRect(r, stance_tint(cell.kind, dark))
        if cell is not None:
            fm = option.fontMetrics
            sym_w = fm.horizontalAdvance(cell.symbol)
            grade_w = fm.horizontalAdvance(cell.grade)
            x = r.left() + (r.width() - sym_w - 2 - grade_w) // 2
            ink = pal.color(QPalette.ColorRole.HighlightedText) if selected else stance_color(cell.kind, dark)
            painter.setPen(ink)
            painter.drawText(QRect(x, r.top(), sym_w + 1, r.height()), Qt.AlignmentFlag.AlignVCenter, cell.symbol)
            text = pal.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
            if cell.absorbed or cell.kind == "origin":
                text = ink if selected else muted(pal)
            painter.setPen(text)
            painter.drawText(QRect(x + sym_w + 2, r.top(), grade_w + 1, r.height()),
                             Qt.AlignmentFlag.AlignVCenter, cell.grade)
        if option.state & QStyle.StateFlag.State_HasFocus:
            painter.setPen(pal.color(QPalette.ColorRole.Highlight).darker(140) if not dark
                           else pal.color(QPalette.ColorRole.Highlight).lighter(140))
            painter.drawRect(r.adjusted(0, 0, -1, -1))
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return QSize(CELL_W, CELL_H)


class MatrixHeader(QHeaderView):
    """Source names written upwards (with the grade letter beneath), or claim
    texts elided beside a likelihood colour bar.  Fixed section sizes: Qt
    never measures a thousand labels."""

    def __init__(self, orientation: Qt.Orientation, parent: QWidget | None = None) -> None:
        super().__init__(orientation, parent)
        self.extent = HEADER_H if orientation == Qt.Orientation.Horizontal else ROW_HEADER_W
        self.setSectionsClickable(True)
        self.setHighlightSections(True)
        self.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setDefaultSectionSize(CELL_W if orientation == Qt.Orientation.Horizontal else CELL_H)
        self.setMinimumSectionSize(8)

    def sizeHint(self) -> QSize:
        """The fixed extent, without QHeaderView measuring every section's label."""
        if self.orientation() == Qt.Orientation.Horizontal:
            return QSize(self.length(), self.extent)
        return QSize(self.extent, self.length())

    def paintSection(self, painter: QPainter, rect: QRect, logical: int) -> None:
        if not rect.isValid():
            return
        model = self.model()
        opt = QStyleOptionHeader()
        self.initStyleOption(opt)
        opt.rect = rect
        opt.section = logical
        opt.text = ""
        selection = self.selectionModel()
        at = selection.currentIndex() if selection is not None else None
        current = at is not None and (
            (self.orientation() == Qt.Orientation.Horizontal and at.column() == logical)
            or (self.orientation() == Qt.Orientation.Vertical and at.row() == logical))
        painter.save()
        try:
            self.style().drawControl(QStyle.ControlElement.CE_Header, opt, painter, self)
            pal = self.palette()
            font = QFont(self.font())
            font.setBold(current)
            painter.setFont(font)
            fm = painter.fontMetrics()
            text = str(model.headerData(logical, self.orientation(), Qt.ItemDataRole.DisplayRole) or "")
            painter.setPen(pal.color(QPalette.ColorRole.ButtonText))
            if self.orientation() == Qt.Orientation.Horizontal:
                grade = str(model.headerData(logical, self.orientation(), GradeRole) or "")
                share = float(model.headerData(logical, self.orientation(), WeightRole) or 0.0)
                grade_h = fm.height() + 8
                painter.setPen(muted(pal))
                painter.drawText(QRect(rect.left(), rect.bottom() - grade_h, rect.width(), grade_h - 4),
                                 Qt.AlignmentFlag.AlignCenter, grade)
                if share > 0:  # the weight the source carries, relative to the heaviest column shown
                    bar = max(2, round((rect.width() - 10) * share))
                    painter.fillRect(QRect(rect.left() + 5, rect.bottom() - 4, bar, 3),
                                     pal.color(QPalette.ColorRole.Link))
                painter.setPen(pal.color(QPalette.ColorRole.ButtonText))
                room = rect.height() - grade_h - 8
                label = fm.elidedText(text, Qt.TextElideMode.ElideRight, room)
                painter.translate(rect.left() + (rect.width() + fm.ascent() - fm.descent()) / 2,
                                  rect.bottom() - grade_h - 2)
                painter.rotate(-90)
                painter.drawText(0, 0, label)
            else:
                word = str(model.headerData(logical, self.orientation(), LikelihoodRole) or "")
                painter.fillRect(QRect(rect.left() + 3, rect.top() + 4, 5, rect.height() - 8), QColor(band_hex(word)))
                label = fm.elidedText(" ".join(text.split()), Qt.TextElideMode.ElideRight, rect.width() - 20)
                painter.drawText(rect.adjusted(14, 0, -4, 0),
                                 Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, label)
        finally:
            painter.restore()


class _Corner(QWidget):
    """The blank corner above the claims and left of the sources, labelled so
    a first-time reader knows which way the grid reads."""

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        pal = self.palette()
        p.fillRect(self.rect(), pal.color(QPalette.ColorRole.Window))
        p.setPen(pal.color(QPalette.ColorRole.Mid))
        p.drawLine(self.rect().bottomLeft(), self.rect().bottomRight())
        p.drawLine(self.rect().topRight(), self.rect().bottomRight())
        p.setPen(muted(pal))
        r = self.rect().adjusted(14, 8, -10, -6)
        p.drawText(r, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, "Sources →")
        p.drawText(r, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom, "Claims ↓")


class _Grid(QTableView):
    """The table; Enter on a cell asks to jump to it."""

    enterPressed = Signal(QModelIndex)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.enterPressed.emit(self.currentIndex())
            return
        super().keyPressEvent(event)


def _legend_html(dark: bool, ink: str) -> str:
    def sym(stance: str, s: str) -> str:
        return f"<span style='color:{stance_color(stance, dark).name()}'>{s}</span>"
    parts = [f"{sym('corroborates', STANCE_SYMBOL['corroborates'])} corroborates",
             f"{sym('contradicts', STANCE_SYMBOL['contradicts'])} contradicts",
             f"{sym('context', STANCE_SYMBOL['context'])} context",
             (f"{sym('corroborates', ABSORBED_SYMBOL['corroborates'])}"
              f"{sym('contradicts', ABSORBED_SYMBOL['contradicts'])} absorbed (same origin)"),
             f"{sym('mixed', MIXED_SYMBOL)} both ways",
             f"{sym('origin', ORIGIN_SYMBOL)} named origin",
             "B3 = source reliability A–F, credibility 1–6"]
    # Non-breaking spaces inside an entry: a narrow view wraps between entries only.
    parts = [part.replace(" ", "&nbsp;").replace("<span&nbsp;", "<span ") for part in parts]
    return f"<span style='color:{ink}'>" + " &nbsp; ".join(parts) + "</span>"


def _widest(fm: QFontMetrics, texts: Iterable[str], cap: int) -> int:
    """The widest text's width, measuring only until one reaches ``cap``
    (2,000 claims are rarely all short: this usually stops at the first)."""
    widest = 80
    for text in texts:
        widest = max(widest, fm.horizontalAdvance(" ".join(text[:90].split())))
        if widest >= cap:
            break
    return widest


def _labelled(text: str, field: QWidget) -> QWidget:
    """A label and its field kept together when the controls wrap."""
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    label = QLabel(text)
    label.setBuddy(field)
    row.addWidget(label)
    row.addWidget(field)
    return box


class MatrixView(QWidget):
    """Claims × sources grid (see module docstring)."""

    #: The user wants to see this claim (with the clicked evidence) in its document.
    jumpRequested = Signal(str)

    def __init__(self, context: ProjectContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = context
        self.setAccessibleName("Evidence matrix")
        self._syncing = False
        self.model = MatrixModel(context.store, self)
        self._claims_width = 360

        heading = QLabel("Evidence matrix")
        f = heading.font()
        f.setPointSizeF(f.pointSizeF() * 1.25)
        f.setBold(True)
        heading.setFont(f)
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Show claims containing…")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName("Filter claims")
        self.claim_order = QComboBox()
        self.claim_order.setAccessibleName("Order claims")
        for key, label in CLAIM_ORDERS.items():
            self.claim_order.addItem(label, key)
        self.source_order = QComboBox()
        self.source_order.setAccessibleName("Order sources")
        for key, label in SOURCE_ORDERS.items():
            self.source_order.addItem(label, key)
        self.hide_empty = QCheckBox("Only sources on these claims")
        self.hide_empty.setChecked(True)
        self.hide_empty.setAccessibleName("Only sources on the claims shown")
        self.hide_empty.setToolTip("Hide the columns of sources with nothing to say about the claims shown")
        self.count_label = QLabel()
        self.count_label.setAccessibleName("Matrix size")
        self.legend = QLabel()
        self.legend.setAccessibleName("Matrix key")
        self.detail = QLabel()
        self.detail.setAccessibleName("Selected cell")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setMinimumHeight(self.detail.fontMetrics().height() * 2 + 6)

        self.grid = _Grid()
        g = self.grid
        self.top_header = MatrixHeader(Qt.Orientation.Horizontal, g)  # the sources
        self.side_header = MatrixHeader(Qt.Orientation.Vertical, g)  # the claims
        g.setHorizontalHeader(self.top_header)
        g.setVerticalHeader(self.side_header)
        g.setModel(self.model)
        g.setItemDelegate(CellDelegate(g))
        g.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        g.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        g.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        g.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        g.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        g.setWordWrap(False)
        g.setShowGrid(True)
        g.setCornerButtonEnabled(False)
        g.setAccessibleName("Claims against sources")
        self.corner = _Corner(g)

        # Title and size on one line; the controls and the key wrap like words, so the
        # matrix stays usable in the window's centre, which may be narrow.
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(self.count_label)
        controls = QWidget()
        flow = FlowLayout(controls, spacing=10)
        self.filter_edit.setMinimumWidth(self.filter_edit.fontMetrics().horizontalAdvance("M") * 24)
        flow.addWidget(self.filter_edit)
        flow.addWidget(_labelled("Claims:", self.claim_order))
        flow.addWidget(_labelled("Sources by:", self.source_order))
        flow.addWidget(self.hide_empty)
        self.legend.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(12, 10, 12, 10)
        lay.setSpacing(8)
        lay.addLayout(top)
        lay.addWidget(controls)
        lay.addWidget(self.legend)
        lay.addWidget(g, 1)
        lay.addWidget(self.detail)

        self.filter_edit.textChanged.connect(self._filter)
        self.hide_empty.toggled.connect(lambda _on: self._filter(self.filter_edit.text()))
        self.claim_order.currentIndexChanged.connect(
            lambda _i: self._keep_place(lambda: self.model.set_orders(claims=self.claim_order.currentData())))
        self.source_order.currentIndexChanged.connect(
            lambda _i: self._keep_place(lambda: self.model.set_orders(sources=self.source_order.currentData())))
        g.clicked.connect(self.open_cell)
        g.doubleClicked.connect(self.jump_to_cell)
        g.enterPressed.connect(self.jump_to_cell)
        g.selectionModel().currentChanged.connect(self._current_changed)
        g.horizontalHeader().sectionClicked.connect(self._source_clicked)
        g.verticalHeader().sectionClicked.connect(self._claim_clicked)
        self.model.modelReset.connect(self._update_counts)
        self.model.modelReset.connect(self._fit_headers)
        context.changed.connect(self._changed)
        context.claimSelected.connect(self._claim_selected)
        context.evidenceSelected.connect(self._evidence_selected)
        self._restyle()
        self._fit_headers()
        self._update_counts()
        self._describe(QModelIndex())
        if context.current_evidence:
            self._evidence_selected(context.current_evidence)
        else:
            self._claim_selected(context.current_claim)

    # ------------------------------------------------------------------ options

    def _filter(self, text: str) -> None:
        self._keep_place(lambda: self.model.set_filter(text, self.hide_empty.isChecked()))
        self._update_counts()

    def _keep_place(self, change: Callable[[], object]) -> None:
        """Run a change that may reset the model, keeping the current cell and scroll position."""
        cur = self.grid.currentIndex()
        claim = self.model.claim_at(cur.row()) if cur.isValid() else ""
        source = self.model.source_at(cur.column()) if cur.isValid() else ""
        h, v = self.grid.horizontalScrollBar().value(), self.grid.verticalScrollBar().value()
        change()
        r, c = self.model.index_of_claim(claim), self.model.index_of_source(source)
        if r >= 0 and c >= 0:
            self._syncing = True
            try:
                self.grid.selectionModel().setCurrentIndex(self.model.index(r, c),
                                                           QItemSelectionModel.SelectionFlag.ClearAndSelect)
            finally:
                self._syncing = False
        self.grid.horizontalScrollBar().setValue(h)
        self.grid.verticalScrollBar().setValue(v)

    def _fit_headers(self) -> None:
        """Room for the longest source name (up to a limit) and for the claims' text."""
        m = self.model
        fm = self.grid.fontMetrics()
        bold = QFont(self.grid.font())
        bold.setBold(True)
        bfm = QFontMetrics(bold)
        top = self.top_header
        top.extent = max(110, min(_widest(bfm, (m.headerData(c, Qt.Orientation.Horizontal) or ""
                                                for c in range(m.columnCount())), 252) + fm.height() + 28, 280))
        top.setFixedHeight(top.extent)
        texts = (m.headerData(r, Qt.Orientation.Vertical) or "" for r in range(m.rowCount()))
        self._claims_width = _widest(bfm, texts, 460) + 34
        self._fit_claims_column()

    def _fit_claims_column(self) -> None:
        """Claims get the room their text needs, up to 460 px and to 45 % of the grid,
        so a narrow window still shows a useful number of sources."""
        side = self.side_header
        room = max(180, int(self.grid.width() * 0.45)) if self.grid.width() > 0 else 460
        side.extent = max(180, min(self._claims_width, 460, room))
        side.setFixedWidth(side.extent)
        self._place_corner()

    def _place_corner(self) -> None:
        f = self.grid.frameWidth()
        self.corner.setGeometry(f, f, self.grid.verticalHeader().width(), self.grid.horizontalHeader().height())
        self.corner.raise_()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_claims_column()

    def _update_counts(self) -> None:
        m = self.model
        self.count_label.setText(f"{m.rowCount()} claims × {m.columnCount()} sources · {m.filled()} filled cells")

    # ------------------------------------------------------------------ acting on cells

    def open_cell(self, index: QModelIndex) -> None:
        """Select the cell's evidence (heaviest item first) — or its claim when empty."""
        if not index.isValid():
            return
        cell = self.model.cell_at(index.row(), index.column())
        claim = self.model.claim_at(index.row())
        self._syncing = True
        try:
            if cell is not None and cell.items:  # an origin's cell opens the item relaying it
                self.ctx.select_evidence(cell.items[0])
            else:
                self.ctx.select_claim(claim)
        finally:
            self._syncing = False

    def jump_to_cell(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        self.open_cell(index)
        claim = self.model.claim_at(index.row())
        if claim:
            self.jumpRequested.emit(claim)

    def _source_clicked(self, column: int) -> None:
        sid = self.model.source_at(column)
        if sid:
            self.ctx.show_source(sid)

    def _claim_clicked(self, row: int) -> None:
        cid = self.model.claim_at(row)
        if cid:
            self.ctx.select_claim(cid)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._describe(current)
        for header in (self.grid.horizontalHeader(), self.grid.verticalHeader()):
            header.viewport().update()

    def _describe(self, index: QModelIndex) -> None:
        cell = self.model.cell_at(index.row(), index.column()) if index.isValid() else None
        if cell is None:
            self.detail.setText("Click a cell to open that evidence; double-click or Enter shows it in the "
                                "document. Click a source's name to find it in the sources list.")
            return
        self.detail.setText(self.model.describe(index.row(), index.column(), cell).replace("\n", "  ·  ", 1)
                            .replace("\n", ";  "))

    # ------------------------------------------------------------------ following the project

    def _claim_selected(self, claim_id: str) -> None:
        if self._syncing or not claim_id:
            return
        r = self.model.index_of_claim(claim_id)
        if r < 0:
            return
        cur = self.grid.currentIndex()
        if cur.isValid() and cur.row() == r:
            return
        self.grid.scrollTo(self.model.index(r, max(cur.column(), 0)))
        self.grid.verticalHeader().viewport().update()

    def _evidence_selected(self, evidence_id: str) -> None:
        if self._syncing or not evidence_id:
            return
        index = self.model.index_of_evidence(evidence_id)
        if index.isValid():
            self._syncing = True
            try:
                self.grid.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
                self.grid.scrollTo(index)
            finally:
                self._syncing = False

    def _changed(self, delta: StoreDelta) -> None:
        self._keep_place(lambda: self.model.apply(delta))
        self._describe(self.grid.currentIndex())
        self._update_counts()

    def _restyle(self) -> None:
        dark = is_dark(self.palette())
        self.legend.setText(_legend_html(dark, muted(self.palette()).name()))
        self.detail.setStyleSheet(f"color: {muted(self.palette()).name()};")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._restyle()
        super().changeEvent(event)


def create(context: ProjectContext, parent: QWidget | None = None) -> MatrixView:
    """The registry's factory (see :mod:`ui.views`)."""
    return MatrixView(context, parent)
