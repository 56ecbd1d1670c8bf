"""The evidence matrix as a sparse table model: claims × sources.

Analysts weighing competing hypotheses (Heuer's ACH) lay the evidence out as
a grid: which source says what about which claim.  A large project has
2,000 claims and 1,000 sources but only ~10,000 filled cells, so the model
keeps a sparse dict ``{(claim index, source index): Cell}`` and nothing per
empty cell; display order is a pair of index lists on top of it, so sorting
the columns by weight or filtering the rows never rebuilds the cells.  A
row's cells are built when Qt first asks for them: the order, the columns in
use and the count of filled cells come from the evidence index, so a 20,000-
claim project opens its matrix without building 110,000 cells nobody sees.
After a write only the re-assessed claims' built rows are rebuilt (the store
already holds their fresh assessments); adding or removing claims or sources
resets the model, which Qt handles cheaply with uniform section sizes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from ui.session.evidence_index import Item
from ui.session.store import ProjectStore, StoreDelta
from ui.views.common import (
    ABSORBED_SYMBOL,
    MIXED_SYMBOL,
    ORIGIN_SYMBOL,
    RELIABILITY_WORDS,
    STANCE_SYMBOL,
    elide,
    no_gc,
)
from ui.widgets.rows_model import IdRole

Index = QModelIndex | QPersistentModelIndex

CellRole = Qt.ItemDataRole.UserRole + 40       # the Cell (or None)
ClaimRole = Qt.ItemDataRole.UserRole + 41      # the row's claim id
SourceRole = Qt.ItemDataRole.UserRole + 42     # the column's source id
GradeRole = Qt.ItemDataRole.UserRole + 43      # header: the source's reliability letter
LikelihoodRole = Qt.ItemDataRole.UserRole + 44  # header: the claim's likelihood word
WeightRole = Qt.ItemDataRole.UserRole + 45     # header: the source's weight ÷ the heaviest shown

CLAIM_ORDERS = {"project": "Project order", "likelihood": "Most likely first",
                "unlikely": "Least likely first", "evidence": "Most evidence first",
                "document": "By document"}
SOURCE_ORDERS = {"weight": "Weight carried", "claims": "Claims borne on", "grade": "Reliability grade",
                 "name": "Name", "project": "Project order"}


class Cell(NamedTuple):
    """What one source says about one claim.

    ``kind`` is a stance, "mixed" (the source is cited both for and against)
    or "origin" (no item of its own: it is the named origin another source
    relays).  ``absorbed`` when none of its weighing items was counted (the
    same origin is counted through another item).  ``items`` are evidence ids,
    heaviest first; the first one is what a click opens.
    """

    kind: str
    grade: str
    absorbed: bool
    items: tuple[str, ...]
    weight: float
    details: tuple[tuple[str, str, str, float], ...]  # (stance, grade, role, weight) per item

    @property
    def symbol(self) -> str:
        if self.kind == "origin":
            return ORIGIN_SYMBOL
        if self.kind == "mixed":
            return MIXED_SYMBOL
        return (ABSORBED_SYMBOL if self.absorbed else STANCE_SYMBOL)[self.kind]

    @property
    def text(self) -> str:
        return f"{self.symbol} {self.grade}"


def build_cell(source_grade: str, own: list[Item], relaying: list[Item]) -> Cell:
    """One cell from the source's own items on the claim (or the items relaying it)."""
    if not own:
        ids = tuple(it.id for it in relaying)
        return Cell("origin", source_grade, False, ids, 0.0,
                    tuple((it.stance, source_grade, "origin", 0.0) for it in relaying))
    if len(own) == 1:  # most cells: one item, nothing to order
        it = own[0]
        grade = f"{source_grade}{it.credibility}"
        return Cell(it.stance, grade, it.role == "absorbed", (it.id,), it.weight,
                    ((it.stance, grade, it.role, it.weight),))
    ordered = sorted(own, key=_heaviest_first)
    stances = {it.stance for it in own if it.stance != "context"}
    kind = "mixed" if len(stances) > 1 else (stances.pop() if stances else "context")
    weighing = [it for it in own if it.stance != "context"]
    absorbed = bool(weighing) and all(it.role == "absorbed" for it in weighing)
    return Cell(kind, f"{source_grade}{ordered[0].credibility}", absorbed, tuple(it.id for it in ordered),
                sum(it.weight for it in own),
                tuple((it.stance, f"{source_grade}{it.credibility}", it.role, it.weight) for it in ordered))


def _heaviest_first(it: Item) -> tuple[float, bool, bool]:
    return (-it.weight, it.role != "counted", it.stance == "context")


class MatrixModel(QAbstractTableModel):
    """Claims as rows, sources as columns, a sparse dict of cells (see module docstring)."""

    def __init__(self, store: ProjectStore, parent: Any = None) -> None:
        super().__init__(parent)
        self.store = store
        self.max_weight = 0.0
        self.index_ = store.evidence_index()  # shared with the sources manager, kept fresh by the store
        self.claim_order = "project"
        self.source_order = "weight"
        self.text_filter = ""
        self.hide_empty_sources = True
        self._cells: dict[tuple[int, int], Cell] = {}
        self._claims: list[str] = []
        self._sources: list[str] = []
        self._claim_pos: dict[str, int] = {}
        self._source_pos: dict[str, int] = {}
        self._claim_cols: dict[int, list[int]] = {}  # the rows built so far: their cells' columns
        self._filled: tuple[tuple[int, int, int], int] | None = None
        self._weight_keys: dict[int, tuple[float, int]] = {}  # column order "weight": each source's key
        self._evidence_at: dict[str, tuple[int, int]] = {}
        self._rows: list[int] = []
        self._cols: list[int] = []
        self._row_of: dict[int, int] = {}
        self._col_of: dict[int, int] = {}
        self._build()

    # ------------------------------------------------------------------ building

    def _build(self) -> None:
        with no_gc():
            self._build_all()

    def _build_all(self) -> None:
        self._claims = list(self.store.claims)
        self._sources = list(self.store.sources)
        self._claim_pos = {c: i for i, c in enumerate(self._claims)}
        self._source_pos = {s: i for i, s in enumerate(self._sources)}
        self._cells.clear()
        self._claim_cols.clear()
        self._evidence_at.clear()
        self._filled = None
        self._weight_keys.clear()
        self._rows, self._cols = self._order()
        self._reindex()

    @property
    def cells(self) -> dict[tuple[int, int], Cell]:
        """Every filled cell (builds the rows not built yet; the views ask row by row instead)."""
        for ci in range(len(self._claims)):
            self._ensure_row(ci)
        return self._cells

    def _ensure_row(self, ci: int) -> None:
        if ci not in self._claim_cols:
            self._build_claim(self._claims[ci])

    def _cell(self, ci: int, sj: int) -> Cell | None:
        if ci not in self._claim_cols:
            self._build_claim(self._claims[ci])
        return self._cells.get((ci, sj))

    def _row_cols(self, ci: int) -> set[int]:
        built = self._claim_cols.get(ci)
        if built is not None:
            return set(built)
        pos = self._source_pos
        return {pos[s] for s in self.index_.cell_sources(self._claims[ci]) if s in pos}

    def _build_claim(self, cid: str) -> None:
        ci = self._claim_pos[cid]
        for old_col in self._claim_cols.pop(ci, ()):
            old_cell = self._cells.pop((ci, old_col), None)
            if old_cell is not None:
                for eid in old_cell.items:
                    if self._evidence_at.get(eid) == (ci, old_col):
                        del self._evidence_at[eid]
        own: dict[str, list[Item]] = {}
        relaying: dict[str, list[Item]] = {}
        for it in self.index_.by_claim.get(cid, ()):
            own.setdefault(it.source, []).append(it)
            if it.relays_item is None and it.relays_source and it.relays_source != it.source:
                relaying.setdefault(it.relays_source, []).append(it)
        cols: list[int] = []
        for sid in own.keys() | relaying.keys():
            sj = self._source_pos.get(sid)
            if sj is None:
                continue
            grade = (self.store.sources.get(sid) or {}).get("reliability", "?")
            cell = build_cell(grade, own.get(sid, []), relaying.get(sid, []))
            self._cells[(ci, sj)] = cell
            cols.append(sj)
            if sid in own:
                for eid in cell.items:
                    self._evidence_at[eid] = (ci, sj)
        self._claim_cols[ci] = cols

    def _order(self) -> tuple[list[int], list[int]]:
        store, idx = self.store, self.index_
        rows = list(range(len(self._claims)))
        if self.text_filter:
            needle = self.text_filter
            rows = [i for i in rows if needle in (store.claims[self._claims[i]].get("text") or "").casefold()]
        prob = {cid: (a.probability if a.likelihood != "no assessment" else -1.0)
                for cid, a in store.assessments.items()} if self.claim_order in ("likelihood", "unlikely") else {}
        if self.claim_order == "likelihood":
            rows.sort(key=lambda i: -prob.get(self._claims[i], -1.0))
        elif self.claim_order == "unlikely":
            rows.sort(key=lambda i: (prob.get(self._claims[i], -1.0) < 0, prob.get(self._claims[i], 2.0)))
        elif self.claim_order == "evidence":
            rows.sort(key=lambda i: -len(idx.by_claim.get(self._claims[i], ())))
        elif self.claim_order == "document":
            docs = {d: n for n, d in enumerate(store.documents)}
            rows.sort(key=lambda i: docs.get(store.claims[self._claims[i]].get("document") or "", len(docs)))
        cols = list(range(len(self._sources)))
        if self.hide_empty_sources:
            used: set[int] = set()
            if self.text_filter:
                for i in rows:
                    used |= self._row_cols(i)
            else:  # every row shown: the sources the index knows to bear on some claim
                pos = self._source_pos
                used = {pos[s] for keys in (idx.by_source, idx.origin_of) for s in keys if s in pos}
            cols = [j for j in cols if j in used]
        sources = [self._sources[j] for j in range(len(self._sources))]
        if self.source_order == "weight":  # keys kept between writes; a write drops its sources' (apply)
            keys = self._weight_keys
            for j in cols:
                if j not in keys:
                    keys[j] = (-idx.weight(sources[j]), -idx.item_count(sources[j]))
            cols.sort(key=keys.__getitem__)
        elif self.source_order == "claims":
            cols.sort(key=lambda j: -len(idx.claims_of(sources[j])))
        elif self.source_order == "grade":
            cols.sort(key=lambda j: ((store.sources[sources[j]].get("reliability") or "F"),
                                     -idx.weight(sources[j])))
        elif self.source_order == "name":
            cols.sort(key=lambda j: (store.sources[sources[j]].get("name") or "").casefold())
        return rows, cols

    def _reindex(self) -> None:
        self._row_of = {ci: r for r, ci in enumerate(self._rows)}
        self._col_of = {sj: c for c, sj in enumerate(self._cols)}
        self.max_weight = self._max_weight()

    def _max_weight(self) -> float:
        if not self._cols:
            return 0.0
        if self.source_order == "weight":  # the heaviest comes first
            return self.index_.weight(self._sources[self._cols[0]])
        return max(self.index_.weight(self._sources[j]) for j in self._cols)

    # ------------------------------------------------------------------ options

    def set_orders(self, claims: str | None = None, sources: str | None = None) -> None:
        if claims is not None:
            if claims not in CLAIM_ORDERS:
                raise ValueError(f"unknown claim order {claims!r}")
            self.claim_order = claims
        if sources is not None:
            if sources not in SOURCE_ORDERS:
                raise ValueError(f"unknown source order {sources!r}")
            self.source_order = sources
        self._relayout()

    def set_filter(self, text: str = "", hide_empty_sources: bool | None = None) -> None:
        self._filled = None
        self.text_filter = " ".join(text.split()).casefold()
        if hide_empty_sources is not None:
            self.hide_empty_sources = hide_empty_sources
        self._relayout()

    def _relayout(self, changed_rows: Iterable[int] = ()) -> None:
        """Apply a new order; a layout change when the same rows and columns stay, else a reset."""
        rows, cols = self._order()
        if sorted(rows) != sorted(self._rows) or sorted(cols) != sorted(self._cols):
            self.beginResetModel()
            self._rows, self._cols = rows, cols
            self._reindex()
            self.endResetModel()
            return
        if rows != self._rows or cols != self._cols:
            self.layoutAboutToBeChanged.emit()
            old = [(p, self._rows[p.row()], self._cols[p.column()]) for p in self.persistentIndexList()
                   if p.isValid()]
            self._rows, self._cols = rows, cols
            self._reindex()
            for p, ci, sj in old:
                self.changePersistentIndex(p, self.index(self._row_of[ci], self._col_of[sj]))
            self.layoutChanged.emit()
        for ci in changed_rows:
            r = self._row_of.get(ci)
            if r is not None and self._cols:
                self.dataChanged.emit(self.index(r, 0), self.index(r, len(self._cols) - 1))

    # ------------------------------------------------------------------ following the project

    def apply(self, delta: StoreDelta) -> None:
        structural = any(delta.added.get(k) or delta.removed.get(k) for k in ("claims", "sources"))
        reassessed = set(delta.reassessed) | delta.any("claims")
        # The store has already updated the shared evidence index (ProjectStore.apply).
        for sid in delta.index_sources | delta.any("sources"):
            self._weight_keys.pop(self._source_pos.get(sid, -1), None)
        if structural:
            self.beginResetModel()
            self._build()
            self.endResetModel()
            return
        for cid in reassessed:  # rows never built are built fresh when first shown
            if self._claim_pos.get(cid) in self._claim_cols:
                self._build_claim(cid)
        renamed = delta.updated.get("sources", set())
        if renamed:  # a new grade changes every cell's "B3" in that column
            cols = {self._source_pos[s] for s in renamed if s in self._source_pos}
            again = {self._claims[ci] for ci, row_cols in self._claim_cols.items()
                     if cols.intersection(row_cols)} - reassessed
            for cid in again:
                self._build_claim(cid)
            reassessed |= again
        self._relayout(self._claim_pos[c] for c in reassessed if c in self._claim_pos)
        self.max_weight = self._max_weight()
        if (renamed or delta.index_sources) and self._cols:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._cols) - 1)
        if reassessed and self._rows:
            self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, len(self._rows) - 1)

    # ------------------------------------------------------------------ lookups

    def claim_at(self, row: int) -> str:
        return self._claims[self._rows[row]] if 0 <= row < len(self._rows) else ""

    def source_at(self, column: int) -> str:
        return self._sources[self._cols[column]] if 0 <= column < len(self._cols) else ""

    def cell_at(self, row: int, column: int) -> Cell | None:
        if 0 <= row < len(self._rows) and 0 <= column < len(self._cols):
            return self._cell(self._rows[row], self._cols[column])
        return None

    def index_of_claim(self, cid: str) -> int:
        ci = self._claim_pos.get(cid)
        return self._row_of.get(ci, -1) if ci is not None else -1

    def index_of_source(self, sid: str) -> int:
        sj = self._source_pos.get(sid)
        return self._col_of.get(sj, -1) if sj is not None else -1

    def index_of_evidence(self, eid: str) -> QModelIndex:
        key = self._evidence_at.get(eid)
        if key is None:  # its row may not be built yet
            ci = self._claim_pos.get((self.store.evidence(eid) or {}).get("claim", ""))
            if ci is not None:
                self._ensure_row(ci)
                key = self._evidence_at.get(eid)
        if key is None:
            return QModelIndex()
        r, c = self._row_of.get(key[0]), self._col_of.get(key[1])
        return self.index(r, c) if r is not None and c is not None else QModelIndex()

    def filled(self) -> int:
        """Filled cells among the rows and columns shown."""
        cols = set(self._cols)
        if not self.text_filter:  # every row shown: count by source, from the index (kept until a change)
            key = (len(self._rows), len(self._cols), self.index_.cells_generation)
            if self._filled is None or self._filled[0] != key:
                idx, pos = self.index_, self._source_pos
                claim_pos = self._claim_pos
                self._filled = (key, sum(len([c for c in idx.claims_of(s) if c in claim_pos])
                                         for s in self._sources if pos[s] in cols))
            return self._filled[1]
        return sum(len(self._row_cols(ci) & cols) for ci in self._rows)

    # ------------------------------------------------------------------ Qt API

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._cols)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r, c = index.row(), index.column()
        if r >= len(self._rows) or c >= len(self._cols):
            return None
        if role == ClaimRole:
            return self._claims[self._rows[r]]
        if role == SourceRole:
            return self._sources[self._cols[c]]
        cell = self._cell(self._rows[r], self._cols[c])
        if role == CellRole:
            return cell
        if cell is None:
            return None
        D = Qt.ItemDataRole
        if role == D.DisplayRole:
            return cell.text
        if role == IdRole:
            return cell.items[0] if cell.items else None
        if role in (D.ToolTipRole, D.AccessibleTextRole):
            return self.describe(r, c, cell)
        if role == D.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def describe(self, row: int, column: int, cell: Cell) -> str:
        """The cell in words: who, which claim, each item's stance, grade and role."""
        src = self.store.sources.get(self.source_at(column)) or {}
        claim = self.store.claims.get(self.claim_at(row)) or {}
        head = f"{src.get('name', '?')} on “{elide(claim.get('text', ''), 80)}”"
        if cell.kind == "origin":
            by_id = {it.id: it.source for it in self.index_.by_claim.get(self.claim_at(row), ())}
            relays = sorted({self.store.source_name(by_id.get(eid)) for eid in cell.items})
            return (f"{head}\nNamed as the origin that {', '.join(relays)} relay(s); "
                    f"no item of its own (grade {cell.grade}).")
        lines = [head]
        for stance, grade, role, weight in cell.details:
            what = {"counted": f"counted, weight {weight:.2f}",
                    "absorbed": "absorbed: same origin as a counted item",
                    "context": "context, not weighed"}.get(role, role)
            lines.append(f"{stance} · {grade} · {what}")
        return "\n".join(lines)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        D = Qt.ItemDataRole
        if orientation == Qt.Orientation.Horizontal:
            sid = self.source_at(section)
            src = self.store.sources.get(sid)
            if src is None:
                return None
            grade = src.get("reliability") or "F"
            if role == D.DisplayRole:
                return src.get("name") or sid
            if role in (IdRole, SourceRole):
                return sid
            if role == GradeRole:
                return grade
            if role == WeightRole:
                return self.index_.weight(sid) / self.max_weight if self.max_weight > 0 else 0.0
            if role in (D.ToolTipRole, D.AccessibleTextRole):
                w = self.index_.weight(sid)
                n = len(self.index_.claims_of(sid))
                return (f"{src.get('name')}\n{src.get('kind', '')}, graded {grade} "
                        f"({RELIABILITY_WORDS.get(grade, '')})\nbears on {n} claim{'s' if n != 1 else ''}; "
                        f"weight carried {w:.2f}")
            return None
        cid = self.claim_at(section)
        claim = self.store.claims.get(cid)
        if claim is None:
            return None
        a = self.store.assessments.get(cid)
        if role == D.DisplayRole:
            return claim.get("text") or cid
        if role in (IdRole, ClaimRole):
            return cid
        if role == LikelihoodRole:
            return a.likelihood if a else "no assessment"
        if role in (D.ToolTipRole, D.AccessibleTextRole):
            word = f"\n{a.likelihood}, {a.confidence} confidence" if a else ""
            return f"{claim.get('text')}{word}"
        return None


__all__ = [
    "CLAIM_ORDERS",
    "SOURCE_ORDERS",
    "Cell",
    "CellRole",
    "ClaimRole",
    "GradeRole",
    "LikelihoodRole",
    "MatrixModel",
    "SourceRole",
    "build_cell",
]
