"""The item models are thin adapters: checked with pytest-qt's model tester,
including while rows are inserted, removed and changed by real writes."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from ui.board.breakdown_model import COL_DELTA, COL_ROLE, BreakdownModel
from ui.document.documents_model import COL_CLAIMS, DocumentsModel
from ui.session.store import ProjectStore
from ui.views.claims_model import COL_CLAIM, COL_LIKELIHOOD, ClaimsModel, ClaimsProxy, ProbabilityRole
from ui.views.sources_model import COL_GRADE, SourcesModel, SourcesProxy
from ui.widgets.rows_model import IdRole, SortProxy


@pytest.fixture
def tester(request: pytest.FixtureRequest) -> Any:
    """A fresh pytest-qt ModelTester per model: one tester keeps watching the
    model it checked, so two models must not share one."""
    def check(model: Any) -> Any:
        t = ModelTester(request.config)
        t.check(model, force_py=True)
        return t
    return check


def test_claims_model(qtmodeltester: Any, tester: Any, demo_service: Any) -> None:
    store = ProjectStore(demo_service)
    model = ClaimsModel(store)
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 6
    assert model.index(0, COL_CLAIM).data(IdRole) == "c1"
    assert model.index(0, COL_LIKELIHOOD).data() == "roughly even chance"
    assert abs(model.index(0, COL_CLAIM).data(ProbabilityRole) - 0.496671) < 1e-5
    proxy = ClaimsProxy()
    proxy.setSourceModel(model)
    tester(proxy)
    proxy.sort(COL_LIKELIHOOD, Qt.SortOrder.AscendingOrder)
    assert proxy.index(0, 0).data(IdRole) == "c1"  # the lowest probability first
    proxy.setFilterFixedString("troop")
    assert [proxy.index(r, 0).data(IdRole) for r in range(proxy.rowCount())] == ["c6"]


def test_claims_model_follows_inserts_and_deletes(qtmodeltester: Any, tester: Any, demo_service: Any) -> None:
    store = ProjectStore(demo_service)
    model = ClaimsModel(store)
    qtmodeltester.check(model, force_py=True)  # stays attached: checks every later signal
    changes = demo_service.add_claim("A new claim", "d1", 0, 10)
    model.apply(store.apply(changes))
    assert model.rowCount() == 7 and model.index(6, 0).data(IdRole) == changes.new_id
    undo = demo_service.apply_patch(changes.undo, "undo", "undo")
    model.apply(store.apply(undo))
    assert model.rowCount() == 6
    deleted = demo_service.delete_claim("c3")
    model.apply(store.apply(deleted))
    assert "c3" not in model.ids()
    model.apply(store.apply(demo_service.apply_patch(deleted.undo, "undo", "undo")))
    assert model.ids() == ["c1", "c2", "c3", "c4", "c5", "c6"]  # back in its old place


def test_sources_model(qtmodeltester: Any, tester: Any, demo_service: Any) -> None:
    store = ProjectStore(demo_service)
    model = SourcesModel(store)
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 12
    proxy = SourcesProxy()
    proxy.setSourceModel(model)
    tester(proxy)
    proxy.sort(COL_GRADE, Qt.SortOrder.AscendingOrder)
    assert proxy.index(0, COL_GRADE).data() == "B"
    model.apply(store.apply(demo_service.set_reliability("s-bbc", "A")))
    assert proxy.index(0, COL_GRADE).data() == "A"
    model.apply(store.apply(demo_service.delete_source("s-bbc")))
    assert model.rowCount() == 11


def test_documents_model(qtmodeltester: Any, tester: Any, demo_service: Any) -> None:
    store = ProjectStore(demo_service)
    model = DocumentsModel(store)
    qtmodeltester.check(model, force_py=True)
    assert model.index(0, COL_CLAIMS).data() == 6
    model.apply(store.apply(demo_service.add_document("Second", "Some text.")))
    assert model.rowCount() == 2


def test_breakdown_model(qtmodeltester: Any, tester: Any, demo_service: Any) -> None:
    store = ProjectStore(demo_service)
    model = BreakdownModel()
    qtmodeltester.check(model, force_py=True)
    model.set_assessment(store.assessment("c1"), store.source_names())
    assert model.rowCount() == 6
    roles = [model.index(r, COL_ROLE).data() for r in range(6)]
    assert roles.count("counted") == 5 and roles.count("context") == 1
    assert model.index(5, COL_DELTA).data() == "—"  # context never moves P
    proxy = SortProxy()
    proxy.setSourceModel(model)
    tester(proxy)
    proxy.sort(COL_DELTA, Qt.SortOrder.DescendingOrder)
    assert proxy.index(0, 0).data(IdRole) == "e4"  # the South Korean minister moves P most
    model.set_assessment(None, {})
    assert model.rowCount() == 0


def test_the_store_keeps_the_evidence_of_the_documents_and_claims_visited_lately(
        demo_service: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A long session visits hundreds of documents: only the latest ones' evidence rows stay, and a
    row read again after it was let go is the same as before."""
    import ui.session.store as store_module

    monkeypatch.setattr(store_module, "_EVIDENCE_CLAIMS", 3)
    monkeypatch.setattr(store_module, "_EVIDENCE_AHEAD", 0)  # claim by claim, as a claim without a document
    store = ProjectStore(demo_service)
    claims = list(store.claims)
    first = [dict(e) for e in store.evidence_for(claims[0])]
    for cid in claims[1:]:
        store.evidence_for(cid)
    store.evidence_for(claims[-3])  # used again: kept ahead of the others
    store.evidence_for(claims[1])
    assert list(store._evidence_by_claim) == [claims[-2], claims[-1], claims[-3], claims[1]][-3:]
    assert store.evidence_for(claims[0]) == first
    assert len(store._evidence_by_claim) == 3
    docs = list(store.documents)
    assert store.evidence_in(docs[0]) == demo_service.list_evidence(docs[0])


def test_a_first_visit_reads_the_evidence_of_the_documents_other_claims_with_it(
        demo_service: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Going through an article's claims one after another asks the project once: the first claim's
    evidence comes with its document's other claims' in one read, each as read alone; after a write
    a claim's evidence is read again and shows the change."""
    store = ProjectStore(demo_service)
    asked: list[list[str]] = []
    batch = demo_service.evidence_for_claims
    monkeypatch.setattr(demo_service, "evidence_for_claims", lambda ids: asked.append(list(ids)) or batch(ids))
    monkeypatch.setattr(demo_service, "evidence_for_claim", lambda cid: pytest.fail(f"{cid} read alone"))
    d1 = [c["id"] for c in store.claims_in("d1")]
    assert len(d1) == 6
    monkeypatch.undo()  # the rows to compare with, read claim by claim
    alone = {cid: demo_service.evidence_for_claim(cid) for cid in d1}
    monkeypatch.setattr(demo_service, "evidence_for_claims", lambda ids: asked.append(list(ids)) or batch(ids))
    monkeypatch.setattr(demo_service, "evidence_for_claim", lambda cid: pytest.fail(f"{cid} read alone"))
    for cid in d1:
        assert store.evidence_for(cid) == alone[cid]
    assert len(asked) == 1 and set(asked[0]) == set(d1) and asked[0][0] == d1[0]
    assert list(store._evidence_by_claim)[-1] == d1[-1]
    e = alone[d1[1]][0]
    store.apply(demo_service.update_evidence(e["id"], note="read again after the write"))
    assert next(x for x in store.evidence_for(d1[1]) if x["id"] == e["id"])["note"] == "read again after the write"
    assert len(asked) == 2 and asked[1][0] == d1[1] and set(asked[1]) == {d1[1]}


def test_showing_a_document_reads_its_text_and_evidence_in_one_read(
        demo_service: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A switch into another document asks the project once: its text, the evidence anchored in it
    and its claims' evidence (the selected claim's first) come in one read, each exactly as the
    separate reads give it; a document shown lately is not read again, and after a write its
    evidence is read again and shows the change."""
    texts = {d: demo_service.document(d)["text"] for d in ("d1",)}
    anchored = demo_service.list_evidence("d1")
    store = ProjectStore(demo_service)
    d1 = [c["id"] for c in store.claims_in("d1")]
    alone = {cid: demo_service.evidence_for_claim(cid) for cid in d1}
    asked: list[tuple[str, list[str]]] = []
    reading = demo_service.document_reading
    monkeypatch.setattr(demo_service, "document_reading",
                        lambda d, ids: asked.append((d, list(ids))) or reading(d, ids))
    for name in ("document", "list_evidence", "evidence_for_claims", "evidence_for_claim"):
        monkeypatch.setattr(demo_service, name, lambda *a, name=name: pytest.fail(f"{name}{a} read on its own"))
    store.read_document("d1", d1[2])
    assert asked == [("d1", [d1[2], *[c for c in d1 if c != d1[2]]])]
    assert store.document_text("d1") == texts["d1"] and store.evidence_in("d1") == anchored
    assert all(store.evidence_for(cid) == alone[cid] for cid in d1)
    store.read_document("d1", d1[0])
    assert len(asked) == 1  # kept: nothing read
    monkeypatch.undo()
    e = anchored[0]
    store.apply(demo_service.update_evidence(e["id"], note="changed after the first read"))
    store.read_document("d1", d1[0])
    assert next(x for x in store.evidence_in("d1") if x["id"] == e["id"])["note"] == "changed after the first read"
    assert store.evidence_in("d1") == demo_service.list_evidence("d1")
    assert store.evidence_for(e["claim"]) == demo_service.evidence_for_claim(e["claim"])
    store.read_document("missing", "")  # an unknown document reads nothing into the store
    assert "missing" not in store._texts


def test_the_claims_of_a_document_follow_every_write(demo_service: Any) -> None:
    """``claims_in`` answers from an index by document: it must follow every mark and delete."""
    store = ProjectStore(demo_service)
    first = [c["id"] for c in store.claims_in("d1")]
    assert first == [cid for cid, c in store.claims.items() if c.get("document") == "d1"] and len(first) == 6
    other = store.apply(demo_service.add_document("Second", "Some text here.")).added["documents"].pop()
    changes = demo_service.add_claim("Some text", other, 0, 9)
    store.apply(changes)
    new = changes.new_id
    assert [c["id"] for c in store.claims_in(other)] == [new] and [c["id"] for c in store.claims_in("d1")] == first
    store.claims_in("d1").clear()  # a caller's list is its own
    assert [c["id"] for c in store.claims_in("d1")] == first
    store.apply(demo_service.delete_claim("c2"))
    assert [c["id"] for c in store.claims_in("d1")] == [c for c in first if c != "c2"]
    # Source names likewise: one dict per write.
    sid = next(iter(store.sources))
    assert store.source_names() is store.source_names() and store.source_names()[sid] == store.sources[sid]["name"]
    store.apply(demo_service.update_source(sid, name="Renamed source"))
    assert store.source_names()[sid] == "Renamed source"
