"""The merge dialog: what a colleague's copy brings, and a choice for each conflict.

A conflict is a field both people changed to different values; the merge
never picks one silently. Each conflict is a row with the two values side by
side; the user clicks (or checks, from the keyboard) the value to keep.
Every row starts on "this project", so accepting without looking changes
nothing that was in dispute, the same rule as ``vwb merge``.

The dialog only collects choices: :func:`resolve_conflicts` returns them and
the caller applies the merge (``workbench.merge.apply_merge``) off the GUI
thread, as one undoable step.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.views.common import elide
from workbench.merge import Conflict, ConflictKey, MergeResult, Side
from workbench.store.exchange import KINDS, SINGULAR

Index = QModelIndex | QPersistentModelIndex

COL_OBJECT, COL_FIELD, COL_INTO, COL_FROM = range(4)
SIDE_OF_COLUMN: dict[int, Side] = {COL_INTO: "into", COL_FROM: "from"}
ConflictKeyRole = Qt.ItemDataRole.UserRole + 1

_PLURAL = {"documents": "documents", "sources": "sources", "claims": "claims", "evidence": "evidence items"}
_ONE = {"evidence": "evidence item"}  # "1 evidence" reads as a mass noun; say what was counted
_FIELD_WORDS = {
    "span": "place in the document", "text": "text", "note": "note", "notes": "notes", "status": "status",
    "base_rate": "base rate", "reliability": "reliability grade", "credibility": "credibility grade",
    "stance": "stance", "diagnosticity": "diagnosticity", "interested": "interested party",
    "derives_from": "relays", "date": "date", "claim": "claim", "source": "source", "name": "name",
    "kind": "kind", "confidential": "confidential", "title": "title", "half_life_days": "half-life (days)",
    "as_of": "as-of date",
}


def field_words(conflict: Conflict) -> str:
    """The field as an analyst would name it ("reliability grade", "settings: credibility table")."""
    if conflict.field.startswith("settings."):
        return f"scoring table: {conflict.field.split('.', 1)[1]}"
    return _FIELD_WORDS.get(conflict.field, conflict.field.replace("_", " "))


def format_value(conflict: Conflict, value: Any) -> str:
    """One side's value in words; the full value goes in the tooltip."""
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    if conflict.field == "derives_from" and isinstance(value, dict):
        kind, ref = next(iter(value.items()))
        return f"relays {kind} {ref}"
    if conflict.field == "span" and isinstance(value, dict):
        if not value.get("document"):
            quote = value.get("quote")
            return f"“{quote}” (not in a project document)" if quote else "(not anchored)"
        where = f"characters {value.get('start')}–{value.get('end')} of document {value.get('document')}"
        quote = value.get("quote")
        orphan = " (orphaned)" if value.get("anchor") == "orphaned" else ""
        return (f"“{quote}”, " if quote else "") + where + orphan
    if conflict.kind == "documents" and conflict.field == "text" and isinstance(value, dict):
        return f"a different text (fingerprint {str(value.get('sha256', ''))[:12]}…)"
    if isinstance(value, dict):
        return ", ".join(f"{k} {format_value(conflict, v)}" for k, v in value.items())
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


class ConflictModel(QAbstractTableModel):
    """Conflicts as rows; the two value columns are checkable and exclusive, like radio buttons."""

    def __init__(self, conflicts: list[Conflict], into_name: str, from_name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._conflicts = list(conflicts)
        self._choice: dict[ConflictKey, Side] = {c.key: "into" for c in self._conflicts}
        self._headers = ("Changed", "Field", f"In this project ({into_name})", f"In the copy ({from_name})")

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._conflicts)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < 4:
            return self._headers[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsUserCheckable if index.column() in SIDE_OF_COLUMN else base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._conflicts):
            return None
        c, col = self._conflicts[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            full = role == Qt.ItemDataRole.ToolTipRole
            if col == COL_OBJECT:
                return c.label if full else elide(c.label, 80)
            if col == COL_FIELD:
                return field_words(c)
            text = format_value(c, c.value(SIDE_OF_COLUMN[col]))
            return text if full else elide(text, 300)
        if role == Qt.ItemDataRole.CheckStateRole and col in SIDE_OF_COLUMN:
            chosen = self._choice[c.key] == SIDE_OF_COLUMN[col]
            return Qt.CheckState.Checked if chosen else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.AccessibleTextRole and col in SIDE_OF_COLUMN:
            side = "this project's value" if col == COL_INTO else "the copy's value"
            kept = ", kept" if self._choice[c.key] == SIDE_OF_COLUMN[col] else ""
            return f"{side}: {format_value(c, c.value(SIDE_OF_COLUMN[col]))}{kept}"
        if role == ConflictKeyRole:
            return c.key
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or index.column() not in SIDE_OF_COLUMN:
            return False
        if Qt.CheckState(value) != Qt.CheckState.Checked:
            return False  # a radio choice is changed by picking the other value, not by unchecking
        self.choose(index.row(), SIDE_OF_COLUMN[index.column()])
        return True

    def choose(self, row: int, side: Side) -> None:
        key = self._conflicts[row].key
        if self._choice[key] != side:
            self._choice[key] = side
            self.dataChanged.emit(self.index(row, COL_INTO), self.index(row, COL_FROM),
                                  [Qt.ItemDataRole.CheckStateRole, Qt.ItemDataRole.AccessibleTextRole])

    def choose_all(self, side: Side) -> None:
        for row in range(len(self._conflicts)):
            self.choose(row, side)

    def choices(self) -> dict[ConflictKey, Side]:
        return dict(self._choice)


#: How many objects of one kind a summary names before "and N more".
NAMED_PER_KIND = 3


def object_label(kind: str, row: dict[str, Any]) -> str:
    """What an analyst calls an object: a source's name, a claim's words, a document's title."""
    text = {"sources": row.get("name"), "claims": row.get("text"), "documents": row.get("title"),
            "evidence": row.get("quote") or row.get("note")}.get(kind) or ""
    text = " ".join(str(text).split())
    return text if len(text) <= 48 else text[:47] + "…"


def _named(result: MergeResult, kind: str, ids: list[str]) -> str:
    """" (BBC, Reuters and 2 more)": the objects' names from the copy, so the summary
    says which source changed, not only that one did."""
    rows = result.theirs.get(kind, {})
    names = [label for i in ids if i in rows and (label := object_label(kind, rows[i]))]
    if not names:
        return ""
    shown = [f"“{n}”" for n in names[:NAMED_PER_KIND]]
    more = len(ids) - len(shown)
    return " (" + ", ".join(shown) + (f" and {more} more" if more > 0 else "") + ")"


def summary_text(result: MergeResult, from_name: str) -> str:
    """What the merge brings besides the conflicts, in one short paragraph."""
    def counts(groups: Mapping[str, list[str]], name: bool = False) -> str:
        parts = []
        for kind in KINDS:
            ids = groups.get(kind, [])
            n = len(ids)
            if n:
                parts.append(f"{n} {_ONE.get(kind, SINGULAR[kind]) if n == 1 else _PLURAL[kind]}"
                             + (_named(result, kind, ids) if name else ""))
        return ", ".join(parts)

    lines = []
    for label, groups in (("New", result.added), ("Updated", result.updated), ("Deleted", result.deleted),
                          ("Brought back (deleted here, changed in the copy)", result.restored),
                          ("Kept (deleted in the copy, changed here)", result.kept)):
        if counts(groups):  # what was updated is named: "1 source" alone does not say which
            lines.append(f"{label}: {counts(groups, name=groups is result.updated)}.")
    if result.project:
        lines.append("Project settings: " + ", ".join(sorted(f.replace("settings.", "") for f in result.project)) + ".")
    if not lines:
        lines.append("Nothing new besides the conflicts below." if result.conflicts else "Nothing new to merge.")
    who = ", ".join(result.authors())
    head = f"Changes from {from_name}" + (f" by {who}" if who else "") + ":"
    return "\n".join([head, *lines])


class MergeDialog(QDialog):
    """Shows a prepared merge and collects one choice per conflict."""

    def __init__(self, result: MergeResult, into_name: str, from_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.merge_result = result
        self.setWindowTitle(f"Merge {from_name}")
        self.summary = QLabel(summary_text(result, from_name))
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.model = ConflictModel(result.conflicts, into_name, from_name, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Conflicts")
        self.table.setWordWrap(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_OBJECT, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_FIELD, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_INTO, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_FROM, QHeaderView.ResizeMode.Stretch)
        self.table.clicked.connect(self._clicked)
        self.table.resizeRowsToContents()

        n = len(result.conflicts)
        if n:
            self.prompt = QLabel(f"You and your colleague changed {n} {'value' if n == 1 else 'values'} "
                                 "differently. Click the value to keep for each; "
                                 "unless you choose, this project's value stays.")
        else:
            self.prompt = QLabel("No conflicts: nothing was changed differently on both sides.")
        self.prompt.setWordWrap(True)
        self.keep_mine = QPushButton("Keep All &Mine")
        self.take_theirs = QPushButton("Take All &Theirs")
        self.keep_mine.clicked.connect(self.keep_all_mine)
        self.take_theirs.clicked.connect(self.take_all_theirs)
        bulk = QHBoxLayout()
        bulk.addWidget(self.keep_mine)
        bulk.addWidget(self.take_theirs)
        bulk.addStretch(1)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.merge_button = self.buttons.addButton("&Merge", QDialogButtonBox.ButtonRole.AcceptRole)
        self.merge_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.prompt)
        layout.addWidget(self.table, 1)
        layout.addLayout(bulk)
        layout.addWidget(self.buttons)
        for w in (self.table, self.keep_mine, self.take_theirs):
            w.setVisible(bool(n))
        self.resize(900, 520 if n else 220)

    def keep_all_mine(self) -> None:
        self.model.choose_all("into")

    def take_all_theirs(self) -> None:
        self.model.choose_all("from")

    def _clicked(self, index: QModelIndex) -> None:
        """A click anywhere on a value picks it (not only on its small check box)."""
        side = SIDE_OF_COLUMN.get(index.column())
        if side is not None:
            self.model.choose(index.row(), side)

    def choices(self) -> dict[ConflictKey, Side]:
        return self.model.choices()


def resolve_conflicts(parent: QWidget | None, result: MergeResult, into_name: str,
                      from_name: str) -> dict[ConflictKey, Side] | None:
    """Show the dialog; the choices to pass to ``apply_merge``, or None when cancelled."""
    dialog = MergeDialog(result, into_name, from_name, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.choices()
