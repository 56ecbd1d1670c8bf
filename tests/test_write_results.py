"""A write describes what it left (the redo patch, the versions it names next) from the rows it
wrote, without reading them back; these writes check that description against the file."""

from __future__ import annotations

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
