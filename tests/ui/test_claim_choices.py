"""The suggestions panel's claim box model on a project whose documents' claims are interleaved:
every row and every claim's row must be what listing the claims out in full gives."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from ui.document.claim_choices import NO_CLAIM, ClaimChoices


class _Store:
    """The parts of ``ProjectStore`` the model reads: claims in order, by document, and titles."""

    def __init__(self, claims: list[tuple[str, str | None]]) -> None:
        self.generation = 0
        self.claims: dict[str, dict[str, Any]] = {cid: {"id": cid, "text": f"text of {cid}", "document": doc}
                                                  for cid, doc in claims}
        self.documents = {"d1": {"title": "One"}, "d2": {"title": "Two"}, "d3": {"title": "Three"}}

    def claims_in(self, doc_id: str) -> list[dict[str, Any]]:
        return [c for c in self.claims.values() if c["document"] == doc_id]


def _listed_in_full(store: _Store, doc_id: str) -> list[str]:
    here = [c["id"] for c in store.claims_in(doc_id)]
    return ["", *here, *(cid for cid, c in store.claims.items() if c["document"] != doc_id)]


def _rows(model: ClaimChoices) -> list[str]:
    return [model.data(model.index(r), Qt.ItemDataRole.UserRole) for r in range(model.rowCount())]


def test_rows_and_row_of_match_listing_every_claim(qapp: Any) -> None:
    docs = ["d1", "d2", None, "d3", "d1", "d1", "d2", None, "d3", "d1", "d2", "d2"]
    store = _Store([(f"c{i}", d) for i, d in enumerate(docs)])
    model = ClaimChoices()
    for doc in ("d1", "d2", "d3", "nothing here"):
        model.reset(store, doc)  # type: ignore[arg-type]
        expected = _listed_in_full(store, doc)
        assert _rows(model) == expected, doc
        assert [model.row_of(cid) for cid in expected] == list(range(len(expected)))
        assert model.row_of("no such claim") == 0
        assert model.data(model.index(0)) == NO_CLAIM
    model.reset(store, "d1")  # type: ignore[arg-type]
    last = model.index(model.rowCount() - 1)
    assert model.data(last) == "text of c11 (other document: Two)"
    assert model.data(model.index(1)) == "text of c0"


def test_a_write_lists_the_claims_as_they_are_now(qapp: Any) -> None:
    store = _Store([("a", "d1"), ("b", "d2"), ("c", "d1")])
    model = ClaimChoices()
    model.reset(store, "d2")  # type: ignore[arg-type]
    assert model.row_of("c") == 3
    store.claims["z"] = {"id": "z", "text": "new", "document": "d3"}
    store.claims.pop("a")
    store.generation += 1
    model.reset(store, "d2")  # type: ignore[arg-type]
    assert _rows(model) == ["", "b", "c", "z"]
    assert model.row_of("z") == 3 and model.row_of("a") == 0
