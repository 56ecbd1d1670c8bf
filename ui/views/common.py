"""Words, symbols and colours shared by the project-wide views.

The overview, the evidence matrix and the sources manager show the same
facts (stances, grades, flags, statuses) side by side, so they must say them
the same way.  Stances are told apart by *shape* first (▲ for, ▼ against,
● context) and by colour second, so nothing depends on colour vision; the
colours are Paul Tol's "muted" scheme, which stays distinct for the common
colour-vision deficiencies, in a darker variant on light backgrounds and a
lighter one on dark backgrounds (both keep at least 4.5:1 against the base).
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QIcon, QKeyEvent, QPainter, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from ui.widgets.colors import band_hex

# Shared with the views, which take their palette helpers from here.
from ui.widgets.colors import is_dark as is_dark
from ui.widgets.colors import muted as muted
from ui.widgets.colors import stance_color as stance_color
from ui.widgets.dates import format_date
from ui.widgets.rows_model import RowsModel, SortRole

STATUS_LABEL: dict[str, str] = {
    "open": "Open", "in_review": "In review", "verified": "Verified",
    "disputed": "Disputed", "closed": "Closed",
}
CONFIDENCE_ORDER: dict[str, int] = {"low": 0, "moderate": 1, "high": 2}

#: Short flag names for a table cell; the full sentence (FLAG_TEXT) goes in the tooltip.
FLAG_SHORT: dict[str, str] = {
    "no_evidence": "no evidence",
    "single_origin": "single origin",
    "circular_reporting": "circular",
    "credibility_1_scored_as_2": "grade 1 as 2",
    "origin_conflict": "origin conflict",
    "undated": "undated",
}

STANCE_SYMBOL: dict[str, str] = {"corroborates": "▲", "contradicts": "▼", "context": "●"}
#: Absorbed items (same origin as a counted item) are drawn hollow: present, not counted.
ABSORBED_SYMBOL: dict[str, str] = {"corroborates": "△", "contradicts": "▽", "context": "○"}
ORIGIN_SYMBOL = "◇"
MIXED_SYMBOL = "◆"
STANCE_WORD: dict[str, str] = {"corroborates": "corroborates", "contradicts": "contradicts",
                               "context": "context"}


RELIABILITY_WORDS: dict[str, str] = {
    "A": "completely reliable", "B": "usually reliable", "C": "fairly reliable",
    "D": "not usually reliable", "E": "unreliable", "F": "reliability cannot be judged",
}
CREDIBILITY_WORDS: dict[int, str] = {
    1: "confirmed by other sources", 2: "probably true", 3: "possibly true",
    4: "doubtful", 5: "improbable", 6: "truth cannot be judged",
}


@contextmanager
def no_gc() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while building many long-lived objects.

    Building the matrix of a large project creates ~50,000 small objects next
    to the ~300,000 the store already holds; every few hundred allocations the
    collector would walk them all, which more than doubles the build time.
    Nothing built here is garbage, so the pause loses nothing (Mercurial does
    the same around its bulk loads)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def stance_tint(stance: str, dark: bool) -> QColor:
    """A faint background for a matrix cell: enough to scan a row, not to shout."""
    c = stance_color(stance, dark)
    c.setAlpha(70 if dark else 38)
    return c


@lru_cache(maxsize=16)
def band_icon(word: str, size: int = 12) -> QIcon:
    """A small rounded swatch of a likelihood band's colour (same scale as the highlights)."""
    pm = QPixmap(size, size)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    color = QColor(band_hex(word))
    p.setPen(color.darker(135))
    p.setBrush(color)
    p.drawRoundedRect(0, 0, size - 1, size - 1, 3, 3)
    p.end()
    return QIcon(pm)


def format_changed(iso: str | None) -> str:
    """An ISO UTC time stamp shown in local time as "10 Oct 2024, 14:05"."""
    if not iso:
        return ""
    try:
        when = dt.datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if when.tzinfo is not None:
        when = when.astimezone()
    return f"{format_date(when.date())}, {when:%H:%M}"


def percent(p: float | None) -> str:
    """A probability as a whole percentage; "<1%" and ">99%" instead of 0 and 100."""
    if p is None:
        return ""
    v = p * 100
    if 0 < v < 1:
        return "<1%"
    if 99 < v < 100:
        return ">99%"
    return f"{v:.0f}%"


def elide(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def refilter(proxy: QSortFilterProxyModel) -> None:
    """Re-run a proxy's row filter (Qt 6.9 brackets the change; older Qt invalidates)."""
    begin = getattr(proxy, "beginFilterChange", None)
    if begin is not None:
        begin()
        proxy.endFilterChange()
    else:  # pragma: no cover - Qt < 6.9
        proxy.invalidateRowsFilter()


class RowTable(QTableView):
    """A table of records (one object per row) for thousands of rows.

    A QTableView rather than a QTreeView: after a re-sort a tree view lays
    out every row again (a call into Python per row), a table view only
    moves its header sections.  Rows have one fixed height, there is no
    grid, and Enter on a row emits :attr:`enterPressed` (the views' "go
    there").  :meth:`header` is the horizontal header, as on a tree view.
    """

    enterPressed = Signal(QModelIndex)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setAlternatingRowColors(True)
        self.setCornerButtonEnabled(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        rows = self.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 10)
        top = self.horizontalHeader()
        top.setHighlightSections(False)
        top.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        top.setSortIndicatorShown(True)

    def header(self) -> QHeaderView:
        return self.horizontalHeader()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid() \
                and self.state() != QAbstractItemView.State.EditingState:
            self.enterPressed.emit(self.currentIndex())
            return
        super().keyPressEvent(event)


class ColumnFitter(QObject):
    """Keeps a table readable at any width: the main column (claim text, source
    name) gets the room left over, and when that would fall below
    ``min_main`` pixels the least important columns are hidden, in
    ``drop_order``, and come back when the view widens.  Widths come from the
    font, not from the rows, so fitting costs nothing on 2,000 rows; a width
    the user sets by dragging is kept.
    """

    def __init__(self, view: RowTable, main: int, widths: dict[int, int], drop_order: list[int],
                 min_main: int = 260) -> None:
        super().__init__(view)
        self.view = view
        self.main = main
        self.widths = dict(widths)
        self.drop_order = list(drop_order)
        self.min_main = min_main
        self.forced_hidden: set[int] = set()
        self._fitting = False
        h = view.header()
        h.setStretchLastSection(False)
        h.setSectionResizeMode(main, QHeaderView.ResizeMode.Stretch)
        for col, w in widths.items():
            h.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            h.resizeSection(col, w)
        h.sectionResized.connect(self._resized)
        view.viewport().installEventFilter(self)

    def _resized(self, col: int, _old: int, new: int) -> None:
        if not self._fitting and col in self.widths and new > 0:
            self.widths[col] = new

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def fit(self) -> None:
        self._fitting = True
        try:
            h = self.view.header()
            room = self.view.viewport().width()
            shown = [c for c in self.widths if c not in self.forced_hidden]
            for col in self.drop_order:
                if room - sum(self.widths[c] for c in shown) >= self.min_main:
                    break
                if col in shown:
                    shown.remove(col)
            for col in self.widths:
                hide = col not in shown
                if h.isSectionHidden(col) != hide:
                    h.setSectionHidden(col, hide)
                    if not hide:
                        h.resizeSection(col, self.widths[col])
        finally:
            self._fitting = False


#: Roles every delegate asks for that the project-wide tables never answer.  Refusing
#: them before any lookup halves the Python work of a repaint (7 roles per cell).
UNUSED_ROLES = frozenset(r.value for r in (
    Qt.ItemDataRole.FontRole, Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.BackgroundRole,
    Qt.ItemDataRole.CheckStateRole, Qt.ItemDataRole.SizeHintRole, Qt.ItemDataRole.StatusTipRole,
    Qt.ItemDataRole.WhatsThisRole))


class SortedRows:
    """Sorting inside a row model, for tables of thousands of rows.

    A QSortFilterProxyModel sorts by asking Qt for two keys per comparison:
    ~45,000 calls from C++ into Python for 2,000 rows, half a second.  Here
    each row's key is computed once, Python sorts the ids, and one layout
    change tells the views (selections and persistent indexes follow).  The
    proxy in front (:class:`ForwardSortProxy`) only filters.

    Needs ``_ids``/``_pos``/``_reindex`` (as :class:`ui.widgets.rows_model.RowsModel`
    has), :meth:`sort_value` and :meth:`natural_order`.
    """

    sort_column: int = -1
    sort_order: Qt.SortOrder = Qt.SortOrder.AscendingOrder
    _ids: list[str]
    _pos: dict[str, int]

    def sort_value(self, oid: str, column: int) -> Any:
        """The cell's SortRole value (None sorts last); one column's values compare with ``<``."""
        raise NotImplementedError

    def natural_order(self) -> list[str]:
        raise NotImplementedError

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sort_column, self.sort_order = column, order
        self.resort()

    def resort(self, changed: Iterable[str] | None = None) -> None:
        """Put the rows in the current sort order (project order when unsorted); stable.

        With ``changed``, only those rows' keys are computed again (the others are
        kept from the last sort): a grade edit re-sorts 5,000 sources by asking
        for the few keys that moved, not all of them.
        """
        ids = [oid for oid in self.natural_order() if oid in self._pos]
        if self.sort_column >= 0:
            cache = getattr(self, "_sort_keys", None)
            if changed is None or cache is None or cache[0] != self.sort_column:
                keys: dict[str, Any] = {}
            else:
                keys = cache[1]
                for oid in changed:
                    keys.pop(oid, None)
            column = self.sort_column
            for oid in ids:
                if oid not in keys:
                    keys[oid] = self.sort_value(oid, column)
            self._sort_keys = (column, keys)
            keyed = [(keys[oid], oid) for oid in ids]
            present = [(k, oid) for k, oid in keyed if k is not None]
            missing = [oid for k, oid in keyed if k is None]
            present.sort(key=lambda pair: pair[0], reverse=self.sort_order == Qt.SortOrder.DescendingOrder)
            ids = [oid for _k, oid in present] + missing
        if ids == self._ids:
            return
        model = self  # a QAbstractItemModel
        model.layoutAboutToBeChanged.emit()  # type: ignore[attr-defined]
        old = [(p, self._ids[p.row()], p.column()) for p in model.persistentIndexList()  # type: ignore[attr-defined]
               if p.isValid() and p.row() < len(self._ids)]
        self._ids = ids
        self._reindex()  # type: ignore[attr-defined]
        for p, oid, col in old:
            model.changePersistentIndex(p, model.index(self._pos[oid], col))  # type: ignore[attr-defined]
        model.layoutChanged.emit()  # type: ignore[attr-defined]


class ForwardSortProxy(QSortFilterProxyModel):
    """A filtering proxy that leaves sorting to its source model (see :class:`SortedRows`)."""

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        source = self.sourceModel()
        if isinstance(source, SortedRows):
            source.sort(column, order)
        else:  # pragma: no cover - any other model sorts the usual way
            super().sort(column, order)


class StoreTableModel(SortedRows, RowsModel):
    """A project-wide table of the store's rows (the claims overview, the sources manager).

    Sorted in the model (:class:`SortedRows`) by each cell's :data:`SortRole`
    value; the roles no delegate needs are refused before any lookup
    (:data:`UNUSED_ROLES`); each column header has its tooltip from
    :attr:`HEADER_TIPS`, and the headers of :attr:`CENTRED` columns (numbers)
    are centred, clear of the sort arrow.  Subclasses give ``COLUMNS``,
    :meth:`cell` and :meth:`natural_order`.
    """

    HEADER_TIPS: Mapping[int, str] = {}
    CENTRED: frozenset[int] = frozenset()

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return self.HEADER_TIPS.get(section)
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.TextAlignmentRole \
                and section in self.CENTRED:
            return int(Qt.AlignmentFlag.AlignCenter)
        return super().headerData(section, orientation, role)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role in UNUSED_ROLES:
            return None
        return super().data(index, role)

    def sort_value(self, oid: str, column: int) -> Any:
        row = self._get_row(oid)
        return None if row is None else self.cell(oid, row, column, SortRole)
