"""The sources manager's table: every source with what it weighs in the project.

Kind and grade come from the store's source rows; the claims a source bears
on, its item count, the weight it carries and who it relays (or is relayed
by) come from the store's shared :class:`~ui.session.evidence_index.EvidenceIndex` over the
assessments, updated for exactly the claims a ``StoreDelta`` re-assessed.
The grade column is editable: the model does not write, it hands the new
grade to a callback (the view sends it through ``ProjectContext.run``, one
undo step) and shows the stored value until the write comes back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from ui.session.store import ProjectStore, StoreDelta
from ui.views.common import (
    RELIABILITY_WORDS,
    ForwardSortProxy,
    StoreTableModel,
    refilter,
)
from ui.widgets.rows_model import IdRole, SortRole
from workbench.analysis.confidence import RELIABILITY_GRADES

Index = QModelIndex | QPersistentModelIndex

COL_NAME, COL_KIND, COL_GRADE, COL_CLAIMS, COL_ITEMS, COL_WEIGHT, COL_RELAYS, COL_RELAYED_BY = range(8)

_TIPS = {
    COL_GRADE: "Source reliability, A (completely reliable) to F (cannot be judged)",
    COL_CLAIMS: "Claims the source bears on, with an item of its own or as a relayed origin",
    COL_ITEMS: "Evidence items from this source",
    COL_WEIGHT: "Weight carried across the project (sum of its counted items' weights)",
    COL_RELAYS: "Sources whose reports this one passes on",
    COL_RELAYED_BY: "Sources that pass on this one's reports",
}


class SourcesTableModel(StoreTableModel):
    """Sources in project order with project-wide figures (see module docstring)."""

    COLUMNS = ("Source", "Kind", "Grade", "Claims", "Items", "Weight", "Relays", "Relayed by")
    HEADER_TIPS = _TIPS
    CENTRED = frozenset((COL_GRADE, COL_CLAIMS, COL_ITEMS, COL_WEIGHT))

    def __init__(self, store: ProjectStore, set_grade: Callable[[str, str], bool] | None = None,
                 parent: Any = None) -> None:
        super().__init__(lambda oid: store.sources.get(oid), parent)
        self.store = store
        self.index_ = store.evidence_index()  # shared with the matrix, kept fresh by the store
        self.set_grade = set_grade
        self.reset(store.sources)

    def names(self, counter: Any) -> str:
        return ", ".join(self.store.source_name(s) for s, _n in counter.most_common())

    def natural_order(self) -> list[str]:
        return list(self.store.sources)

    def cell(self, oid: str, row: dict[str, Any], column: int, role: int) -> Any:
        D = Qt.ItemDataRole
        idx = self.index_
        right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if column == COL_NAME:
            if role == D.DisplayRole:
                return row["name"] + ("  (confidential)" if row.get("confidential") else "")
            if role == SortRole:
                return row["name"].casefold()
            if role == D.ToolTipRole:
                return row["name"] + (f"\n{row['notes']}" if row.get("notes") else "")
            if role == D.AccessibleTextRole:
                return row["name"]
        elif column == COL_KIND:
            if role in (D.DisplayRole, SortRole, D.AccessibleTextRole):
                return row.get("kind", "")
        elif column == COL_GRADE:
            grade = row.get("reliability") or "F"
            if role in (D.DisplayRole, D.EditRole, SortRole):
                return grade
            if role in (D.ToolTipRole, D.AccessibleTextRole):
                return f"{grade}: {RELIABILITY_WORDS.get(grade, '')} (double-click to change)"
            if role == D.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignCenter)
        elif column == COL_CLAIMS:
            n = len(idx.claims_of(oid))
            if role in (D.DisplayRole, SortRole):
                return n
            if role == D.TextAlignmentRole:
                return right
            if role == D.ToolTipRole:
                origin_only = len(idx.origin_of.get(oid, {}).keys() - idx.claims_with_items(oid))
                return (f"Bears on {n} claim(s)" + (f", {origin_only} only as the origin others relay"
                                                    if origin_only else ""))
        elif column == COL_ITEMS:
            n = idx.item_count(oid)
            if role in (D.DisplayRole, SortRole):
                return n
            if role == D.TextAlignmentRole:
                return right
        elif column == COL_WEIGHT:
            w = idx.weight(oid)
            if role == D.DisplayRole:
                return f"{w:.2f}"
            if role == SortRole:
                return w
            if role == D.TextAlignmentRole:
                return right
            if role == D.ToolTipRole:
                return "Sum of the weights its counted items carry across the project"
        elif column in (COL_RELAYS, COL_RELAYED_BY):
            counter = (idx.relays if column == COL_RELAYS else idx.relayed_by).get(oid)
            text = self.names(counter) if counter else ""
            if role in (D.DisplayRole, D.ToolTipRole, D.AccessibleTextRole):
                return text
            if role == SortRole:
                return text.casefold()
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        f = super().flags(index)
        if index.isValid() and index.column() == COL_GRADE and self.set_grade is not None:
            f |= Qt.ItemFlag.ItemIsEditable
        return f

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() != COL_GRADE:
            return False
        sid = self.id_at(index.row())
        grade = str(value or "").strip().upper()
        if not sid or self.set_grade is None or grade not in RELIABILITY_GRADES:
            return False
        if (self.store.sources.get(sid) or {}).get("reliability") == grade:
            return True
        return self.set_grade(sid, grade)

    def apply(self, delta: StoreDelta) -> None:
        """Follow a StoreDelta: figures of the sources whose claims were re-assessed."""
        touched = delta.index_sources | delta.any("sources")  # the store updated the shared index
        if delta.added.get("sources") or delta.removed.get("sources"):
            self.sync(list(self.store.sources), touched)
        else:
            self.refresh(touched)
        if self.sort_column >= 0 or delta.added.get("sources"):
            structural = delta.added.get("sources") or delta.removed.get("sources")
            self.resort(None if structural else touched)


class SourcesTableProxy(ForwardSortProxy):
    """Sort by SortRole; filter on name, kind and notes (case-insensitive)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SortRole)
        self.setDynamicSortFilter(True)
        self.text = ""

    def set_text(self, text: str) -> None:
        self.text = " ".join(text.split()).casefold()
        refilter(self)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        if not self.text or not isinstance(model, SourcesTableModel):
            return True
        row = model.store.sources.get(model.id_at(source_row) or "") or {}
        hay = " ".join((row.get("name") or "", row.get("kind") or "", row.get("notes") or "")).casefold()
        return self.text in hay


class GradeDelegate(QStyledItemDelegate):
    """Edits a reliability grade with a list A–F, each with its meaning."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = QComboBox(parent)
        combo.setAccessibleName("Reliability grade")
        for g in RELIABILITY_GRADES:
            combo.addItem(f"{g} — {RELIABILITY_WORDS[g]}", g)
        combo.activated.connect(lambda _i, c=combo: self._commit(c))
        return combo

    def _commit(self, combo: QComboBox) -> None:
        self.commitData.emit(combo)
        self.closeEditor.emit(combo)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, QComboBox):
            i = editor.findData(index.data(Qt.ItemDataRole.EditRole))
            editor.setCurrentIndex(max(i, 0))

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem, index: Index) -> None:
        r = option.rect
        editor.setGeometry(r.left(), r.top(), max(r.width(), editor.sizeHint().width()), r.height())


__all__ = [
    "COL_CLAIMS",
    "COL_GRADE",
    "COL_ITEMS",
    "COL_KIND",
    "COL_NAME",
    "COL_RELAYED_BY",
    "COL_RELAYS",
    "COL_WEIGHT",
    "GradeDelegate",
    "IdRole",
    "SortRole",
    "SourcesTableModel",
    "SourcesTableProxy",
]
