"""The claims an accepted attribution can become evidence for, as a list model for a combo box.

"No claim" first, then the claims of the document on show, then every other
claim with its document's title.  A project may hold 20,000 claims: the
suggestions panel filled its box item by item each time another document
was shown (a third of a second of a claim switch into another document on
the XL project) and compared every claim's text at every claim switch to
see whether to.  This model holds claim ids only, made into labels when Qt
shows a row.  Showing another document lists its own claims only: the other
rows are the store's claims in order with this document's left out, found by
position (the positions of all claims are made once per write, and only when
a claim of another document is looked up), so a switch into another document
costs the few claims of that document, not the 20,000 of the project.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from ui.document.suggestion_marks import short
from ui.session.store import ProjectStore

NO_CLAIM = "No claim: choose the claim evidence goes to"


class ClaimChoices(QAbstractListModel):
    """Rows: "" (no claim), this document's claims, the other claims; UserRole is the claim's id."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._here_ids: list[str] = []  # this document's claims, in the store's order for it
        self._here_rows: dict[str, int] = {}
        self._here_places: list[int] = []  # where they stand among all claims, ascending
        self._doc_id = ""
        self._store: ProjectStore | None = None
        self._all: list[str] = []  # every claim id, in the store's order (made per write)
        self._places: dict[str, int] | None = None  # claim id -> place in _all, made when first needed
        self._all_key: tuple[int, int, int] | None = None

    def _everything(self) -> list[str]:
        """Every claim id in the store's order, made again after a write."""
        store = self._store
        if store is None:
            return []
        key = (store.generation, id(store.claims), len(store.claims))
        if key != self._all_key:
            self._all, self._places, self._all_key = list(store.claims), None, key
        return self._all

    def _place(self, claim_id: str) -> int:
        """``claim_id``'s place among all claims (-1: not a claim)."""
        everything = self._everything()
        if self._places is None:
            self._places = {cid: i for i, cid in enumerate(everything)}
        return self._places.get(claim_id, -1)

    def reset(self, store: ProjectStore | None, doc_id: str) -> None:
        """List the claims of ``store`` for the document ``doc_id`` on show."""
        self.beginResetModel()
        self._store, self._doc_id = store, doc_id
        self._here_ids = [c["id"] for c in store.claims_in(doc_id)] if store is not None else []
        self._here_rows = {cid: 1 + i for i, cid in enumerate(self._here_ids)}
        self._everything()
        self._here_places = sorted(p for p in map(self._place, self._here_ids) if p >= 0) \
            if self._here_ids else []
        self.endResetModel()

    def claim_at(self, row: int) -> str:
        """The claim id of ``row`` ("" for the first, "no claim", and for a row past the end)."""
        here = len(self._here_ids)
        if row <= 0:
            return ""
        if row <= here:
            return self._here_ids[row - 1]
        # The k-th claim of the others: skip this document's claims standing at or before it.
        place = row - 1 - here
        for p in self._here_places:
            if p <= place:
                place += 1
            else:
                break
        everything = self._everything()
        return everything[place] if place < len(everything) else ""

    def row_of(self, claim_id: str) -> int:
        """The row of ``claim_id`` (0, "no claim", when it is not listed)."""
        if not claim_id:
            return 0
        row = self._here_rows.get(claim_id)
        if row is not None:
            return row
        place = self._place(claim_id)
        if place < 0:
            return 0
        return 1 + len(self._here_ids) + place - bisect_right(self._here_places, place)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        if parent.isValid():
            return 0
        return 1 + len(self._everything()) if self._store is not None else 1

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self.rowCount():
            return None
        cid = self.claim_at(index.row())
        if role == Qt.ItemDataRole.UserRole:
            return cid
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        if not cid or self._store is None:
            return NO_CLAIM
        claim = self._store.claims.get(cid, {})
        if index.row() <= len(self._here_ids):
            return short(claim.get("text", ""), 70)
        title = self._store.documents.get(claim.get("document") or "", {}).get("title", "")
        return f"{short(claim.get('text', ''), 50)} (other document: {short(title, 30)})"
