"""The project navigator: documents, claims and sources, with one filter box.

Three lists in a splitter, each a view on a thin item model through a
sorting proxy.  Selecting a claim selects it everywhere (through the
project context); selecting a document opens it.  Row menus offer the
edits that belong to the row (edit or delete a claim or a source, delete a
document); the window's claim actions carry them out.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ui.document.documents_model import COL_CLAIMS, COL_TITLE, DocumentsModel
from ui.session.context import ProjectContext
from ui.session.store import StoreDelta
from ui.views.claims_model import COL_CLAIM, COL_CONFIDENCE, COL_EVIDENCE, COL_LIKELIHOOD, ClaimsModel, ClaimsProxy
from ui.views.sources_model import COL_GRADE, COL_KIND, COL_NAME, SourcesModel, SourcesProxy
from ui.widgets.rows_model import IdRole, SortProxy


class _ListView(QTreeView):
    """A list whose rows move by copying when it scrolls, instead of all being painted again.

    The app's style sheet gives the lists a background and a rounded border,
    and Qt then paints a list's background under its viewport, which draws
    none of its own; such a viewport cannot be scrolled by copying its
    pixels, so every row was painted again at each scroll (the claims list
    scrolls by a row or two at most claim switches, and its rows' painting
    was a tenth of a switch's instructions).  The viewport here fills its own
    background, in the same colour: Qt copies the rows and paints only those
    scrolled into view.  (Where the border's rounded corners meet the
    viewport, five faint pixels of their antialiasing are now the list's
    colour; the other lists, which do not scroll at a claim switch, keep
    Qt's plain viewport.)
    """

    def __init__(self) -> None:
        super().__init__()
        self.viewport().setAutoFillBackground(True)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() == QEvent.Type.StyleChange and not self.viewport().autoFillBackground():
            self.viewport().setAutoFillBackground(True)  # a style sheet applied again turns it off


def _list_view(name: str, scrolls_at_switches: bool = False) -> QTreeView:
    v = _ListView() if scrolls_at_switches else QTreeView()
    v.setRootIsDecorated(False)
    v.setUniformRowHeights(True)
    v.setAlternatingRowColors(False)
    v.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    v.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    v.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    v.setSortingEnabled(True)
    v.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    v.setAccessibleName(name)
    v.header().setStretchLastSection(False)
    v.header().setSortIndicatorShown(True)
    v.header().setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    v.header().customContextMenuRequested.connect(lambda pos, view=v: _column_menu(view, pos))
    return v


def _column_menu(view: QTreeView, pos: QPoint) -> None:
    """Right-click on a list's header: show or hide its columns."""
    model = view.model()
    if model is None:
        return
    menu = QMenu(view)
    for col in range(1, model.columnCount()):
        act = menu.addAction(str(model.headerData(col, Qt.Orientation.Horizontal)))
        act.setCheckable(True)
        act.setChecked(not view.isColumnHidden(col))
        act.toggled.connect(lambda on, c=col: view.setColumnHidden(c, not on))
    menu.exec(view.header().mapToGlobal(pos))
    menu.deleteLater()


def _section(title: str, view: QWidget) -> tuple[QWidget, QLabel]:
    w = QWidget()
    lay = QVBoxLayout(w)
    lay.setContentsMargins(0, 6, 0, 0)
    lay.setSpacing(4)
    label = QLabel(title)
    label.setObjectName("sectionHeading")
    label.setBuddy(view)
    lay.addWidget(label)
    lay.addWidget(view, 1)
    return w, label


class Navigator(QWidget):
    """Documents, claims and sources of the open project (see module docstring)."""

    editClaimRequested = Signal(str)
    deleteClaimRequested = Signal(str)
    editSourceRequested = Signal(str)
    deleteSourceRequested = Signal(str)
    deleteDocumentRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Project navigator")
        # Opaque in the window colour that showed through it: the claims list's scroll bar moves at
        # claim switches, and Qt repaints from the nearest opaque ancestor (here the dock's title
        # bar and the main window).
        self.setAutoFillBackground(True)
        self.ctx: ProjectContext | None = None
        self.documents_model: DocumentsModel | None = None
        self.claims_model: ClaimsModel | None = None
        self.sources_model: SourcesModel | None = None
        self.documents_proxy = SortProxy(COL_TITLE, self)
        self.claims_proxy = ClaimsProxy(self)
        self.sources_proxy = SourcesProxy(self)
        self._syncing = False
        # Rows to reveal once the lists are on screen: scrolling a list that is not shown lays
        # out every row first (20,000 claims: a third of a second), shown it costs nothing.
        self._pending_scroll: dict[QTreeView, QPersistentModelIndex] = {}

        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 8, 8, 8)
        lay.setSpacing(4)
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Filter claims and sources…")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName("Filter claims and sources")
        self.filter_edit.textChanged.connect(self._filter)
        lay.addWidget(self.filter_edit)

        self.documents_view = _list_view("Documents")
        self.claims_view = _list_view("Claims", scrolls_at_switches=True)
        self.sources_view = _list_view("Sources")
        self.documents_view.setModel(self.documents_proxy)
        self.claims_view.setModel(self.claims_proxy)
        self.sources_view.setModel(self.sources_proxy)
        # The header shares the list's selection by default, and repaints the sections a selection
        # spans whenever it changes: a row's selection spans every column, so the whole header was
        # painted again at every claim switch (the documents list's at every switch into another
        # document).  They highlight no sections, so they need none.
        for view, proxy in ((self.claims_view, self.claims_proxy), (self.documents_view, self.documents_proxy)):
            header = view.header()
            header.setSelectionModel(QItemSelectionModel(proxy, header))
        self.claims_view.setToolTip("Claims in this project. The swatch is the likelihood colour.")
        split = QSplitter(Qt.Orientation.Vertical)
        split.setChildrenCollapsible(False)
        split.setObjectName("navigatorSplitter")
        docs, self.documents_heading = _section("&Documents", self.documents_view)
        claims, self.claims_heading = _section("C&laims", self.claims_view)
        sources, self.sources_heading = _section("&Sources", self.sources_view)
        for w in (docs, claims, sources):
            split.addWidget(w)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 4)
        split.setStretchFactor(2, 3)
        # The documents list shows at least three rows (a project usually has several
        # versions and sources), whatever the screen height.
        rows = 3
        row_h = self.documents_view.fontMetrics().height() + 8
        header_h = self.documents_view.header().sizeHint().height()
        self.documents_view.setMinimumHeight(header_h + rows * row_h + 2 * self.documents_view.frameWidth() + 4)
        split.setSizes([150, 430, 280])
        self.splitter = split
        lay.addWidget(split, 1)

        self.documents_view.selectionModel().currentRowChanged.connect(self._document_row)
        self.claims_view.selectionModel().currentRowChanged.connect(self._claim_row)
        self.claims_view.customContextMenuRequested.connect(self._claim_menu)
        self.sources_view.customContextMenuRequested.connect(self._source_menu)
        self.documents_view.customContextMenuRequested.connect(self._document_menu)
        self.sources_view.doubleClicked.connect(
            lambda ix: self.editSourceRequested.emit(ix.data(IdRole)))
        self.claims_view.doubleClicked.connect(
            lambda ix: self.editClaimRequested.emit(ix.data(IdRole)))

    def sizeHint(self) -> QSize:  # noqa: N802 - the dock's first width
        return QSize(260, 700)

    # ------------------------------------------------------------------ wiring

    def set_context(self, ctx: ProjectContext | None) -> None:
        if self.ctx is not None:
            self.ctx.changed.disconnect(self._changed)
            self.ctx.claimSelected.disconnect(self._select_claim_row)
            self.ctx.documentSelected.disconnect(self._select_document_row)
            self.ctx.sourceShown.disconnect(self.show_source)
        self.ctx = ctx
        old = (self.documents_model, self.claims_model, self.sources_model)
        if ctx is None:
            self.documents_model = self.claims_model = self.sources_model = None
            for proxy in (self.documents_proxy, self.claims_proxy, self.sources_proxy):
                proxy.setSourceModel(None)  # type: ignore[arg-type]
        else:
            self.documents_model = DocumentsModel(ctx.store, self)
            self.claims_model = ClaimsModel(ctx.store, self)
            self.sources_model = SourcesModel(ctx.store, self)
            self.documents_proxy.setSourceModel(self.documents_model)
            self.claims_proxy.setSourceModel(self.claims_model)
            self.sources_proxy.setSourceModel(self.sources_model)
            ctx.changed.connect(self._changed)
            ctx.claimSelected.connect(self._select_claim_row)
            ctx.documentSelected.connect(self._select_document_row)
            ctx.sourceShown.connect(self.show_source)
        for m in old:
            if m is not None:
                m.deleteLater()
        self._setup_columns()
        self._update_headings()
        if ctx is not None:
            self._select_document_row(ctx.current_document)
            self._select_claim_row(ctx.current_claim)

    def _setup_columns(self) -> None:
        self.documents_view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.claims_view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.sources_view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        if self.ctx is None:
            return
        # Fixed widths for the short columns: sizing them to contents would read
        # every row (2,000 claims, 1,000 sources) before the first paint.
        digits = self.fontMetrics().horizontalAdvance("Claims") + 16
        dh = self.documents_view.header()
        dh.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        dh.setSectionResizeMode(COL_CLAIMS, QHeaderView.ResizeMode.Fixed)
        dh.resizeSection(COL_CLAIMS, digits)
        ch = self.claims_view.header()
        ch.setSectionResizeMode(COL_CLAIM, QHeaderView.ResizeMode.Stretch)
        ch.resizeSection(COL_LIKELIHOOD, self.fontMetrics().horizontalAdvance("roughly even chance") + 16)
        # The swatch tells the likelihood at a glance; more columns on request (header menu).
        for col in (COL_LIKELIHOOD, COL_CONFIDENCE, COL_EVIDENCE):
            self.claims_view.setColumnHidden(col, True)
        sh = self.sources_view.header()
        sh.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        sh.setSectionResizeMode(COL_GRADE, QHeaderView.ResizeMode.Fixed)
        sh.resizeSection(COL_GRADE, self.fontMetrics().horizontalAdvance("Grade") + 16)
        sh.resizeSection(COL_KIND, self.fontMetrics().horizontalAdvance("organisation") + 16)
        self.sources_view.setColumnHidden(COL_KIND, True)

    def _update_headings(self) -> None:
        s = self.ctx.store if self.ctx else None
        self.documents_heading.setText(f"&Documents ({len(s.documents)})" if s else "&Documents")
        self.claims_heading.setText(f"C&laims ({len(s.claims)})" if s else "C&laims")
        self.sources_heading.setText(f"&Sources ({len(s.sources)})" if s else "&Sources")

    # ------------------------------------------------------------------ model updates

    def _changed(self, delta: StoreDelta) -> None:
        self._syncing = True
        try:
            for m in (self.documents_model, self.claims_model, self.sources_model):
                if m is not None:
                    m.apply(delta)
        finally:
            self._syncing = False
        self._update_headings()
        if self.ctx is not None:
            self._select_claim_row(self.ctx.current_claim)

    def _filter(self, text: str) -> None:
        self.claims_proxy.setFilterFixedString(text)
        self.sources_proxy.setFilterFixedString(text)

    # ------------------------------------------------------------------ selection

    def _document_row(self, current: QModelIndex, _prev: QModelIndex) -> None:
        if self.ctx is not None and current.isValid() and not self._syncing:
            self.ctx.select_document(current.data(IdRole))

    def _claim_row(self, current: QModelIndex, _prev: QModelIndex) -> None:
        if self.ctx is not None and current.isValid() and not self._syncing:
            self.ctx.select_claim(current.data(IdRole))

    def _select_row(self, view: QTreeView, proxy: SortProxy, model: object, oid: str) -> None:
        if model is None or not oid:
            view.selectionModel().clearCurrentIndex()
            view.clearSelection()
            return
        row = model.row_of(oid)  # type: ignore[attr-defined]
        if row < 0:
            return
        index = proxy.mapFromSource(model.index(row, 0))  # type: ignore[attr-defined]
        if not index.isValid():
            return
        if view.currentIndex() == index and view.selectionModel().isSelected(index):
            return
        self._syncing = True
        try:
            view.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        finally:
            self._syncing = False
        if view.isVisible():
            self._pending_scroll.pop(view, None)
            view.scrollTo(index)
        else:
            self._pending_scroll[view] = QPersistentModelIndex(index)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        pending, self._pending_scroll = self._pending_scroll, {}
        for view, index in pending.items():
            if index.isValid() and view.isVisible():
                view.scrollTo(view.model().index(index.row(), index.column()))

    def _select_claim_row(self, claim_id: str) -> None:
        self._select_row(self.claims_view, self.claims_proxy, self.claims_model, claim_id)

    def _select_document_row(self, doc_id: str) -> None:
        self._select_row(self.documents_view, self.documents_proxy, self.documents_model, doc_id)

    def show_source(self, source_id: str) -> None:
        """Reveal a source (e.g. from a card's "relays" link) and focus it."""
        self.filter_edit.clear()
        self._select_row(self.sources_view, self.sources_proxy, self.sources_model, source_id)
        self.sources_view.setFocus(Qt.FocusReason.OtherFocusReason)

    def current_document(self) -> str:
        ix = self.documents_view.currentIndex()
        return ix.data(IdRole) if ix.isValid() else ""

    def current_source(self) -> str:
        ix = self.sources_view.currentIndex()
        return ix.data(IdRole) if ix.isValid() else ""

    # ------------------------------------------------------------------ menus

    def _claim_menu(self, pos: QPoint) -> None:
        ix = self.claims_view.indexAt(pos)
        if not ix.isValid():
            return
        cid = ix.data(IdRole)
        ro = bool(self.ctx and self.ctx.read_only)
        menu = QMenu(self)
        menu.addAction("Edit Claim…", lambda: self.editClaimRequested.emit(cid)).setEnabled(not ro)
        menu.addAction("Delete Claim", lambda: self.deleteClaimRequested.emit(cid)).setEnabled(not ro)
        menu.exec(self.claims_view.viewport().mapToGlobal(pos))
        menu.deleteLater()

    def _source_menu(self, pos: QPoint) -> None:
        ix = self.sources_view.indexAt(pos)
        if not ix.isValid():
            return
        sid = ix.data(IdRole)
        ro = bool(self.ctx and self.ctx.read_only)
        menu = QMenu(self)
        menu.addAction("Edit Source…", lambda: self.editSourceRequested.emit(sid)).setEnabled(not ro)
        menu.addAction("Delete Source…", lambda: self.deleteSourceRequested.emit(sid)).setEnabled(not ro)
        menu.exec(self.sources_view.viewport().mapToGlobal(pos))
        menu.deleteLater()

    def _document_menu(self, pos: QPoint) -> None:
        ix = self.documents_view.indexAt(pos)
        if not ix.isValid():
            return
        did = ix.data(IdRole)
        refusal = self.ctx.why_not_delete_documents() if self.ctx is not None else ""
        menu = QMenu(self)
        menu.setToolTipsVisible(True)
        act = menu.addAction("Delete Document…", lambda: self.deleteDocumentRequested.emit(did))
        act.setEnabled(not refusal)  # read-only, or a server login that is not a lead
        act.setToolTip(refusal or "Its claims and the evidence quoting it stay, no longer highlighted")
        menu.exec(self.documents_view.viewport().mapToGlobal(pos))
        menu.deleteLater()
