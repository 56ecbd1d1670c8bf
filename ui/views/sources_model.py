"""The sources list: name, kind and reliability grade, searchable and sortable.

Grades are shown as analysts write them (a single letter A–F) with the
Admiralty meaning in the tooltip, so nobody needs the table at hand.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from ui.session.store import ProjectStore
from ui.widgets.rows_model import IdRole, RowsModel, SortProxy, SortRole

COL_NAME, COL_KIND, COL_GRADE = range(3)
ConfidentialRole = Qt.ItemDataRole.UserRole + 20

RELIABILITY_WORDS: dict[str, str] = {
    "A": "completely reliable", "B": "usually reliable", "C": "fairly reliable",
    "D": "not usually reliable", "E": "unreliable", "F": "reliability cannot be judged",
}


class SourcesModel(RowsModel):
    """Sources in project order (see module docstring)."""

    COLUMNS = ("Source", "Kind", "Grade")

    def __init__(self, store: ProjectStore, parent: Any = None) -> None:
        super().__init__(lambda oid: store.sources.get(oid), parent)
        self.store = store
        self.reset(store.sources)

    def cell(self, oid: str, row: dict[str, Any], column: int, role: int) -> Any:
        D = Qt.ItemDataRole
        if role == ConfidentialRole:
            return bool(row.get("confidential"))
        grade = row.get("reliability", "F")
        if column == COL_NAME:
            if role == D.DisplayRole:
                return row["name"] + ("  (confidential)" if row.get("confidential") else "")
            if role == SortRole:
                return row["name"].casefold()
            if role == D.ToolTipRole:
                notes = f"\n{row['notes']}" if row.get("notes") else ""
                return f"{row['name']} — {row['kind']}, graded {grade} ({RELIABILITY_WORDS.get(grade, '')}){notes}"
            if role == D.AccessibleTextRole:
                return f"{row['name']}, {row['kind']}, reliability {grade}"
        elif column == COL_KIND:
            if role in (D.DisplayRole, SortRole, D.AccessibleTextRole):
                return row.get("kind", "")
        elif column == COL_GRADE:
            if role in (D.DisplayRole, SortRole):
                return grade
            if role in (D.ToolTipRole, D.AccessibleTextRole):
                return f"{grade}: {RELIABILITY_WORDS.get(grade, '')}"
            if role == D.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def apply(self, delta: Any) -> None:
        touched = delta.any("sources")
        if delta.added.get("sources") or delta.removed.get("sources"):
            self.sync(list(self.store.sources), touched)
        else:
            self.refresh(touched)


class SourcesProxy(SortProxy):
    """Sorts by SortRole and filters on the source name."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(COL_NAME, parent)


__all__ = ["SourcesModel", "SourcesProxy", "COL_NAME", "COL_KIND", "COL_GRADE", "IdRole",
           "ConfidentialRole", "RELIABILITY_WORDS"]
