"""A write describes what it left (the redo patch, the versions it names next) from the rows it
wrote, without reading them back; these writes check that description against the file."""

from __future__ import annotations

import json
import sqlite3

import pytest

from workbench.service import ProjectService, transactions


@pytest.fixture(autouse=True)
def _compare_with_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(transactions, "_CHECK_WRITTEN", True)  # _write asserts equality after each write


def test_every_kind_of_write_leaves_what_it_reports(demo_service: ProjectService) -> None:
    svc = demo_service
    steps = [
        svc.link_evidence("c1", "s-lankov", "corroborates", credibility=2, date="2024-03-01"),
        svc.set_reliability("s-bbc", "D"),
        svc.update_claim("c2", note="checked twice", base_rate=0.3),
        svc.add_source_and_evidence({"name": "New agency", "reliability": "B"},
                                    {"claim": "c1", "stance": "contradicts", "credibility": 3}),
        svc.delete_source("s-bbc"),
        svc.delete_claim("c3"),
    ]
    for ch in reversed(steps):
        svc.apply_patch(ch.undo, "undo", "Undo")
    for ch in steps:
        svc.apply_patch(ch.redo, "redo", "Redo")
    data = svc.dump()
    for doc in data["documents"]:
        doc["title"] += " (again)"
    for ev in data["evidence"]:
        ev["note"] = "reloaded"
    svc.load_exchange(data)
    assert all(e["note"] == "reloaded" for e in svc.list_evidence())


def test_a_new_project_loaded_from_an_exchange_file(tmp_path, demo_service: ProjectService) -> None:  # noqa: ANN001
    data = demo_service.dump()
    fresh = ProjectService.create(tmp_path / "fresh.db", "Fresh", analyst="tester")
    try:
        ch = fresh.load_exchange(data)
        assert fresh.dump()["evidence"] == data["evidence"]
        fresh.apply_patch(ch.undo, "undo", "Undo")
        assert fresh.list_claims() == []
        fresh.apply_patch(ch.redo, "redo", "Redo")
        assert fresh.dump()["claims"] == data["claims"]
    finally:
        fresh.close()


def _large_file(claims: int = 520) -> dict:
    """A file of more claims than a write lists by id, with every kind of evidence the engine
    weighs differently: relays of an item and of an unrecorded origin, interested, dated and
    undated items, context, every grade; one claim without evidence."""
    stances = ("corroborates", "contradicts", "context")
    sources = [{"id": f"s{i}", "name": f"Source {i}", "reliability": "ABCDEF"[i % 6]} for i in range(40)]
    out_claims, evidence = [], []
    for c in range(claims):
        out_claims.append({"id": f"c{c:04d}", "text": f"Claim {c}", "base_rate": 0.5 if c % 3 else 0.2})
        for k in range(c % 5):
            item = {"id": f"e{c:04d}-{k}", "claim": f"c{c:04d}", "source": f"s{(c + k) % 40}",
                    "stance": stances[(c + k) % 3], "credibility": 1 + (c * 7 + k) % 6,
                    "diagnosticity": ("high", "medium", "low")[k % 3], "interested": (c + k) % 4 == 0,
                    "date": f"2024-0{1 + k}-1{c % 9}" if k % 2 else None}
            if k == 2:
                item["derives_from"] = {"evidence": f"e{c:04d}-0"}
            elif k == 3:
                item["derives_from"] = {"source": f"s{(c + 11) % 40}"}
            evidence.append(item)
    return {"format": "verification-workbench/1", "sources": sources, "claims": out_claims,
            "evidence": evidence}


@pytest.mark.parametrize("half_life", [None, 365])
def test_a_load_into_a_new_project_assesses_from_the_rows_it_wrote(tmp_path, monkeypatch: pytest.MonkeyPatch,  # noqa: ANN001
                                                                   half_life: int | None) -> None:
    """A load that creates every claim and item takes the audit log's figures from what it wrote;
    ``_CHECK_WRITTEN`` has the write compare them (and their order) with the figures read back."""
    from_memory: list[int] = []
    real = transactions.assess_written

    def spy(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        out = real(*args, **kwargs)
        from_memory.append(-1 if out is None else len(out))
        return out

    monkeypatch.setattr(transactions, "assess_written", spy)
    data = _large_file()
    if half_life:  # ageing, and the file's own order of claims the reverse of its positions
        data["project"] = {"half_life_days": half_life, "as_of": "2025-01-01"}
        for i, claim in enumerate(data["claims"]):
            claim["position"] = 1000 - i
    svc = ProjectService.create(tmp_path / "new.db", "New", analyst="tester")
    try:
        svc.load_exchange(data)
        assert from_memory == [520]
        every = svc.assess_all()
        svc.load_exchange(data)  # the same ids again: updates, so read back
        assert from_memory == [520]
    finally:
        svc.close()
    logged = _logged_assessments(tmp_path / "new.db")[0]
    assert list(logged) == [c["id"] for c in (data["claims"][::-1] if half_life else data["claims"])]
    assert logged == {c: {"probability": a.probability, "likelihood": a.likelihood,
                          "confidence": a.confidence} for c, a in every.items()}
    assert len({f["likelihood"] for f in logged.values()}) > 3  # the file's evidence moves the figures


def _logged_assessments(path) -> list[dict]:  # noqa: ANN001
    """The figures each audit event of ``path`` logged, oldest first."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = con.execute("SELECT details FROM event ORDER BY seq").fetchall()
    finally:
        con.close()
    return [json.loads(d)["assessments"] for (d,) in rows if json.loads(d).get("assessments")]


def test_claims_sharing_a_position_are_assessed_from_the_file(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    """Equal positions leave the stored order to the database: those figures are read back."""
    from_memory: list[bool] = []
    real = transactions.assess_written
    monkeypatch.setattr(transactions, "assess_written",
                        lambda *a, **k: from_memory.append((out := real(*a, **k)) is not None) or out)
    data = _large_file()
    data["claims"][10]["position"] = data["claims"][11]["position"] = 7
    svc = ProjectService.create(tmp_path / "new.db", "New", analyst="tester")
    try:
        svc.load_exchange(data)
        assert from_memory == [False]
    finally:
        svc.close()
    assert len(_logged_assessments(tmp_path / "new.db")[0]) == 520
