"""The service API: one transaction per action, audit events, undo/redo patches, re-assessment."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.service import ProjectService, ReadOnlyError


def test_demo_first_claim_is_v9(demo_service: ProjectService) -> None:
    a = demo_service.assess_claim("c1")
    assert a.probability == pytest.approx(0.496671, abs=1e-6)
    assert a.uncertainty == pytest.approx(0.555949, abs=1e-6)
    assert a.corroborating_weight == pytest.approx(0.786751, abs=1e-6)
    assert a.contradicting_weight == pytest.approx(0.810703, abs=1e-6)
    assert (a.likelihood, a.confidence) == ("roughly even chance", "low")


def test_adding_evidence_moves_the_claim_and_undo_restores_it(demo_service: ProjectService) -> None:
    before = demo_service.dump()
    p0 = demo_service.assess_claim("c1").probability
    ch = demo_service.link_evidence("c1", "s-lankov", "corroborates", credibility=2)
    assert ch.reassessed == {"c1"}
    assert ch.new_id and demo_service.evidence(ch.new_id)["stance"] == "corroborates"
    p1 = demo_service.assess_claim("c1").probability
    assert p1 > p0
    demo_service.apply_patch(ch.undo, "undo", "Undo")
    assert demo_service.assess_claim("c1").probability == pytest.approx(p0)
    assert demo_service.dump() == before
    demo_service.apply_patch(ch.redo, "redo", "Redo")
    assert demo_service.assess_claim("c1").probability == pytest.approx(p1)


def test_deleting_a_source_cascades_and_undo_restores_everything(demo_service: ProjectService) -> None:
    before = demo_service.dump()
    ch = demo_service.delete_source("s-bbc")
    assert demo_service.source("s-bbc") is None
    assert {"e1", "e2", "e8"} <= ch.touched("evidence")
    assert all(e["source"] != "s-bbc" for e in demo_service.list_evidence())
    assert ch.reassessed >= {"c1", "c2"}
    demo_service.apply_patch(ch.undo, "undo", "Undo")
    assert demo_service.dump() == before


def test_deleting_relayed_evidence_unlinks_its_relays(demo_service: ProjectService) -> None:
    relay = demo_service.link_evidence("c1", "s-lankov", "corroborates", credibility=3,
                                       derives_from={"evidence": "e4"}).new_id
    before = demo_service.dump()
    ch = demo_service.delete_evidence("e4")
    assert demo_service.evidence(relay)["derives_from"] is None
    demo_service.apply_patch(ch.undo, "undo", "Undo")
    assert demo_service.dump() == before


def test_deleting_a_document_keeps_claims_unanchored(demo_service: ProjectService) -> None:
    ch = demo_service.delete_document("d1")
    c1 = demo_service.claim("c1")
    assert c1 is not None and c1["document"] is None and c1["start"] is None
    demo_service.apply_patch(ch.undo, "undo", "Undo")
    assert demo_service.claim("c1")["document"] == "d1"


def test_what_goes_with_a_document_is_known_before_deleting_it(demo_service: ProjectService) -> None:
    usage = demo_service.document_usage("d1")
    anchored_claims = [c["id"] for c in demo_service.list_claims("d1")]
    quoting = [e["id"] for e in demo_service.list_evidence("d1")]
    assert usage["claims"] == anchored_claims and len(anchored_claims) == 6
    assert usage["evidence"] == quoting and quoting
    assert usage["picture"] is None and usage["near_duplicates"] == []
    assert demo_service.document_usage("nope") is None


def test_deleting_a_document_keeps_every_claim_and_quote_and_one_undo_restores_all(
    demo_service: ProjectService,
) -> None:
    before = demo_service.dump()
    usage = demo_service.document_usage("d1")
    ch = demo_service.delete_document("d1")
    assert demo_service.document("d1") is None
    assert {c["id"] for c in demo_service.list_claims()} >= set(usage["claims"])  # nothing lost
    for eid in usage["evidence"]:
        e = demo_service.evidence(eid)
        assert e is not None and e["document"] is None and e["quote"]  # the words quoted stay
    assert ch.summary.startswith("Deleted document")
    demo_service.apply_patch(ch.undo, "undo", "Undo")
    assert demo_service.dump() == before


def test_deleting_an_unknown_document_says_so_and_writes_nothing(demo_service: ProjectService) -> None:
    events = len(demo_service.history())
    with pytest.raises(LookupError, match="no document with id 'nope'"):
        demo_service.delete_document("nope")
    assert len(demo_service.history()) == events


def test_grade_change_reassesses_every_claim_using_the_source(demo_service: ProjectService) -> None:
    ch = demo_service.set_reliability("s-fareast", "A")
    assert ch.reassessed == {"c1", "c2"}
    assert demo_service.assess_claim("c1").probability < 0.4966


def test_settings_change_reassesses_all_and_round_trips(demo_service: ProjectService) -> None:
    ch = demo_service.set_settings({"settings": {"reliability": {"B": 0.9}}})
    assert ch.settings and ch.reassessed == {f"c{i}" for i in range(1, 7)}
    assert demo_service.settings_json()["settings"]["reliability"]["B"] == 0.9
    assert demo_service.settings_json()["settings"]["reliability"]["C"] == 0.6
    demo_service.apply_patch(ch.undo, "undo", "Undo")
    assert demo_service.settings_json()["settings"]["reliability"]["B"] == 0.8


def test_every_write_is_recorded_with_the_analyst_and_the_new_likelihood(demo_service: ProjectService) -> None:
    demo_service.update_evidence("e3", credibility=6)
    events = demo_service.history("c1")
    assert events[0]["who"] == "tester"
    assert events[0]["action"] == "update_evidence"
    assert events[0]["assessment"]["likelihood"]
    assert len(events) >= 2  # the demo load itself is in the history


def test_read_only_project_refuses_writes(demo_path: Path) -> None:
    svc = ProjectService.open(demo_path, read_only=True)
    try:
        with pytest.raises(ReadOnlyError, match="read-only"):
            svc.add_claim("x")
    finally:
        svc.close()


def test_merge_sources_is_one_undoable_step(demo_service: ProjectService) -> None:
    before = demo_service.dump()
    dup = demo_service.add_source("Peskov", "person", "D").new_id
    demo_service.link_evidence("c2", dup, "contradicts", credibility=4)
    mid = demo_service.dump()
    ch = demo_service.merge_sources("s-peskov", dup)
    assert demo_service.source(dup) is None
    assert any(e["source"] == "s-peskov" and e["claim"] == "c2" for e in demo_service.list_evidence())
    demo_service.apply_patch(ch.undo, "undo", "Undo")
    assert demo_service.dump() == mid
    assert before != mid


def test_edits_are_on_disk_when_the_call_returns(demo_path: Path) -> None:
    svc = ProjectService.open(demo_path)
    cid = svc.add_claim("Written at once").new_id
    # A second, independent read-only connection sees the edit without any "save".
    other = ProjectService.open(demo_path, read_only=True)
    try:
        assert other.claim(cid)["text"] == "Written at once"
    finally:
        other.close()
        svc.close()
