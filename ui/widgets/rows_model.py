"""A table model over an ordered list of ids, with rows read from a getter.

The project's item models (claims, sources, documents) are thin adapters:
they keep only the order of ids, ask the store for each row when Qt asks
for data, and update single rows from a ``StoreDelta`` (insert, remove,
``dataChanged``) instead of resetting, so selections and scroll positions
survive an edit.  Subclasses define ``COLUMNS`` and :meth:`cell`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

Index = QModelIndex | QPersistentModelIndex

#: Every model in the app answers this role with the object's id.
IdRole = Qt.ItemDataRole.UserRole + 1
#: A value to sort by when the display text would sort wrongly.
SortRole = Qt.ItemDataRole.UserRole + 2


# ItemNeverHasChildren: a tree view laying out 20,000 rows then asks no per-row hasChildren (a rowCount
# and a columnCount call into Python each).
_ROW_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


class RowsModel(QAbstractTableModel):
    """Ids in display order plus a row getter (see module docstring)."""

    COLUMNS: tuple[str, ...] = ()

    def __init__(self, get_row: Callable[[str], dict[str, Any] | None], parent: Any = None) -> None:
        super().__init__(parent)
        self._get_row = get_row
        self._ids: list[str] = []
        self._pos: dict[str, int] = {}

    # ------------------------------------------------------------------ Qt API

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.COLUMNS):
            return self.COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._ids) or index.column() >= len(self.COLUMNS):
            return None
        oid = self._ids[index.row()]
        if role == IdRole:
            return oid
        row = self._get_row(oid)
        if row is None:
            return None
        return self.cell(oid, row, index.column(), role)

    def flags(self, index: Index) -> Qt.ItemFlag:
        # Asked for every row when a view lays out a long list: a constant, not an enum "or" each time.
        return _ROW_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    # ------------------------------------------------------------------ subclass hook

    def cell(self, oid: str, row: dict[str, Any], column: int, role: int) -> Any:
        raise NotImplementedError

    # ------------------------------------------------------------------ ids

    def ids(self) -> list[str]:
        return list(self._ids)

    def row_of(self, oid: str) -> int:
        return self._pos.get(oid, -1)

    def id_at(self, row: int) -> str | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def reset(self, ids: Iterable[str]) -> None:
        self.beginResetModel()
        self._ids = list(ids)
        self._reindex()
        self.endResetModel()

    def sync(self, ordered_ids: list[str], updated: Iterable[str] = ()) -> None:
        """Bring the rows in line with ``ordered_ids`` by single inserts and
        removals (no reset), then announce ``updated`` rows as changed."""
        wanted = set(ordered_ids)
        for oid in [o for o in self._ids if o not in wanted]:
            r = self._pos[oid]
            self.beginRemoveRows(QModelIndex(), r, r)
            del self._ids[r]
            self._reindex()
            self.endRemoveRows()
        have = set(self._ids)
        for target, oid in enumerate(ordered_ids):
            if oid in have:
                continue
            r = min(target, len(self._ids))
            self.beginInsertRows(QModelIndex(), r, r)
            self._ids.insert(r, oid)
            self._reindex()
            self.endInsertRows()
        self.refresh(updated)

    def refresh(self, ids: Iterable[str]) -> None:
        last = len(self.COLUMNS) - 1
        for oid in ids:
            r = self._pos.get(oid)
            if r is not None and last >= 0:
                self.dataChanged.emit(self.index(r, 0), self.index(r, last))

    def _reindex(self) -> None:
        self._pos = {oid: i for i, oid in enumerate(self._ids)}


class SortProxy(QSortFilterProxyModel):
    """Sorts by :data:`SortRole` (true numbers, not their text) and filters
    case-insensitively on one column."""

    def __init__(self, filter_column: int = 0, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SortRole)
        self.setFilterKeyColumn(filter_column)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setDynamicSortFilter(True)
