"""Merging a colleague's copy: what each side keeps, what conflicts, and that it is safe."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import run_vwb
from workbench.demo import write_demo
from workbench.merge import MergeError, apply_merge, merge_projects
from workbench.service import ProjectService
from workbench.store.projectfile import ProjectFileError


@pytest.fixture
def copies(tmp_path: Path) -> Iterator[tuple[ProjectService, ProjectService]]:
    """Alice's project and the copy she sent Bob, both open for writing."""
    mine = write_demo(tmp_path / "alice.db", analyst="alice")
    svc = ProjectService.open(mine, analyst="alice")
    svc.save_copy(tmp_path / "bob.db")
    bob = ProjectService.open(tmp_path / "bob.db", analyst="bob")
    yield svc, bob
    svc.close()
    bob.close()


def _state(svc: ProjectService) -> tuple[dict, list[str]]:
    with svc.pf.session() as s:
        from sqlalchemy import select

        from workbench.store.model import Event

        events = sorted(s.scalars(select(Event.id)))
    return svc.dump(), events


def _merge(into: ProjectService, other: ProjectService, choices: dict | None = None):
    result = merge_projects(into, other.path)
    return result, apply_merge(into, result, choices or {})


def test_both_sides_additions_and_one_sided_changes_are_kept(copies) -> None:  # noqa: ANN001
    alice, bob = copies
    mine = alice.add_claim("Alice's new claim").new_id
    theirs = bob.add_claim("Bob's new claim").new_id
    source = bob.add_source("Bob's new source", "outlet", "B").new_id
    ev = bob.link_evidence(theirs, source, "corroborates", 2).new_id
    bob.set_reliability("s-bbc", "A")
    alice.update_claim("c2", note="checked by Alice")

    result, changes = _merge(alice, bob)

    assert not result.conflicts
    assert alice.claim(mine)["text"] == "Alice's new claim"
    assert alice.claim(theirs)["text"] == "Bob's new claim"
    assert alice.evidence(ev)["source"] == source
    assert alice.source("s-bbc")["reliability"] == "A"
    assert alice.claim("c2")["note"] == "checked by Alice"
    assert set(result.added["claims"]) == {theirs} and result.updated["sources"] == ["s-bbc"]
    assert changes.action == "merge"


def test_same_field_changed_differently_is_a_conflict_with_both_values(copies) -> None:  # noqa: ANN001
    alice, bob = copies
    alice.update_claim("c1", text="Alice's wording")
    bob.update_claim("c1", text="Bob's wording", status="verified")

    result = merge_projects(alice, bob.path)

    by_field = {c.field: c for c in result.conflicts if c.id == "c1"}
    assert set(by_field) == {"text", "status"}
    assert (by_field["text"].into_value, by_field["text"].from_value) == ("Alice's wording", "Bob's wording")
    assert (by_field["status"].into_value, by_field["status"].from_value) == ("open", "verified")
    assert "Alice's wording" in by_field["text"].label

    apply_merge(alice, result, {("claims", "c1", "status"): "from"})
    claim = alice.claim("c1")
    assert claim["text"] == "Alice's wording", "an unchosen conflict keeps this project's value"
    assert claim["status"] == "verified", "a field chosen 'from' takes the copy's value"


def test_the_same_change_on_both_sides_is_not_a_conflict(copies) -> None:  # noqa: ANN001
    alice, bob = copies
    alice.set_reliability("s-peskov", "E")
    bob.set_reliability("s-peskov", "E")
    result, _ = _merge(alice, bob)
    assert result.conflicts == []
    assert alice.source("s-peskov")["reliability"] == "E"


def test_deletion_is_honoured_only_when_the_other_side_did_not_change_it(copies) -> None:  # noqa: ANN001
    alice, bob = copies
    bob.delete_source("s-milblogs")          # Alice did nothing to it: goes
    bob.delete_claim("c2")                    # Alice edited it: stays, with her edit
    alice.update_claim("c2", note="still relevant")
    alice.delete_claim("c3")                  # Bob edited it: comes back with his edit
    bob.update_claim("c3", note="new evidence soon")

    result, _ = _merge(alice, bob)

    assert alice.source("s-milblogs") is None
    assert alice.claim("c2")["note"] == "still relevant"
    assert alice.claim("c3")["note"] == "new evidence soon"
    assert "c2" in result.kept["claims"] and "c3" in result.restored["claims"]
    assert "s-milblogs" in result.deleted["sources"]


def test_evidence_added_to_a_claim_the_colleague_deleted_is_not_lost(copies) -> None:  # noqa: ANN001
    alice, bob = copies
    ev = alice.link_evidence("c5", "s-bbc", "corroborates", 3).new_id
    bob.delete_claim("c5")
    _merge(alice, bob)
    assert alice.claim("c5") is not None
    assert [e["id"] for e in alice.evidence_for_claim("c5")] == [ev], "only Alice's new evidence remains"


def test_evidence_the_colleague_added_to_a_claim_i_deleted_brings_it_back(copies) -> None:  # noqa: ANN001
    alice, bob = copies
    alice.delete_claim("c6")
    ev = bob.link_evidence("c6", "s-bbc", "contradicts", 2).new_id
    result, _ = _merge(alice, bob)
    assert alice.evidence(ev) is not None and alice.claim("c6") is not None
    assert "c6" in result.restored["claims"]


def test_title_and_settings_follow_the_same_rules(copies) -> None:  # noqa: ANN001
    alice, bob = copies
    bob.set_title("Bob's title")
    bob.set_settings({"half_life_days": 30})
    result, _ = _merge(alice, bob)
    assert alice.title() == "Bob's title"
    assert alice.settings_json()["half_life_days"] == 30
    assert not result.conflicts

    alice.set_title("Alice's title")
    bob.set_title("Bob's second title")
    result = merge_projects(alice, bob.path)
    assert [(c.kind, c.field, c.into_value, c.from_value) for c in result.conflicts] == [
        ("project", "title", "Alice's title", "Bob's second title")]


def test_publisher_and_verdict_scale_merge_like_the_title(copies) -> None:  # noqa: ANN001
    alice, bob = copies
    bob.set_publisher("Example Fact Desk", "https://factdesk.example.org")
    result, _ = _merge(alice, bob)
    assert alice.publishing()["publisher"]["name"] == "Example Fact Desk"
    assert not result.conflicts
    alice.set_publisher("Alice's Desk", "https://alice.example.org")
    bob.set_publisher("Bob's Desk", "https://bob.example.org")
    result = merge_projects(alice, bob.path)
    assert [(c.kind, c.field) for c in result.conflicts] == [("project", "publisher")]


def test_merging_the_same_copy_twice_changes_nothing_the_second_time(copies) -> None:  # noqa: ANN001
    alice, bob = copies
    alice.update_claim("c1", text="Alice's wording")
    bob.update_claim("c1", text="Bob's wording")
    bob.add_claim("Bob's claim")
    _merge(alice, bob)
    before = _state(alice)
    raw = alice.path.read_bytes()

    again = merge_projects(alice, bob.path)
    assert again.nothing_to_do and again.conflicts == []
    changes = apply_merge(alice, again, {})
    assert changes.event_id == ""
    assert _state(alice) == before
    assert alice.path.read_bytes() == raw


def test_merge_is_one_undo_step_and_one_history_entry_with_the_colleagues_events(copies) -> None:  # noqa: ANN001
    alice, bob = copies
    before = alice.dump()
    bob.update_claim("c1", note="Bob looked")
    bob.add_claim("Bob's claim")
    bob.delete_claim("c4")

    _, changes = _merge(alice, bob)
    history = alice.history()
    merges = [h for h in history if h["action"] == "merge"]
    assert len(merges) == 1 and "bob" in merges[0]["summary"]
    bobs = [h for h in history if h["who"] == "bob"]
    assert [h["action"] for h in bobs] == ["delete_claim", "add_claim", "update_claim"]
    assert [h["who"] for h in alice.history("c1") if h["action"] == "update_claim"] == ["bob"]

    alice.apply_patch(changes.undo, "undo", "Undid the merge")
    assert alice.dump() == before
    assert not [h for h in alice.history() if h["who"] == "bob"], "undo forgets the history the merge brought"

    # Redo brings the merge back, and after another undo the same copy can be merged again.
    alice.apply_patch(changes.redo, "redo", "Redid the merge")
    assert alice.claim("c4") is None and [h for h in alice.history() if h["who"] == "bob"]
    alice.apply_patch(changes.undo, "undo", "Undid the merge again")
    again = merge_projects(alice, bob.path)
    assert not again.nothing_to_do
    apply_merge(alice, again, {})
    assert alice.claim("c4") is None and alice.claim("c1")["note"] == "Bob looked"


def test_merging_back_converges_without_new_conflicts(copies) -> None:  # noqa: ANN001
    alice, bob = copies
    alice.update_claim("c1", text="Alice's wording")
    bob.update_claim("c1", text="Bob's wording")
    alice.add_claim("Alice's claim")
    bob.add_claim("Bob's claim")
    result = merge_projects(alice, bob.path)
    apply_merge(alice, result, {c.key: "from" for c in result.conflicts})

    back = merge_projects(bob, alice.path)
    assert back.conflicts == [], "Alice settled the conflict; Bob takes her result"
    apply_merge(bob, back, {})
    def claims(svc: ProjectService) -> dict[str, dict]:
        return {c["id"]: c for c in svc.dump()["claims"]}

    assert claims(bob) == claims(alice)


def test_copies_without_shared_history_never_resolve_differences_silently(tmp_path: Path) -> None:
    one = write_demo(tmp_path / "one.db", analyst="a")
    two = write_demo(tmp_path / "two.db", analyst="b")  # same ids, separate logs
    conn = sqlite3.connect(two)
    conn.execute("UPDATE claim SET note = 'edited outside the app' WHERE id = 'c1'")
    conn.commit()
    conn.close()
    svc = ProjectService.open(one)
    try:
        result = merge_projects(svc, two)
        assert [(c.id, c.field) for c in result.conflicts] == [("c1", "note")]
    finally:
        svc.close()


def test_a_merge_that_fails_midway_leaves_the_project_unchanged(copies) -> None:  # noqa: ANN001
    alice, bob = copies
    bob.add_claim("Bob's claim")
    bob.delete_claim("c2")
    result = merge_projects(alice, bob.path)
    before = _state(alice)
    # An event id that already exists here: the insert fails after the objects were written.
    taken = before[1][0]
    result.events.append(type(result.events[0])(taken, 0, "", "bob", "x", "", "{}"))
    with pytest.raises(MergeError, match="nothing was changed"):
        apply_merge(alice, result, {})
    assert _state(alice) == before


def test_a_project_changed_since_the_merge_was_prepared_is_not_merged_blindly(copies) -> None:  # noqa: ANN001
    alice, bob = copies
    bob.add_claim("Bob's claim")
    result = merge_projects(alice, bob.path)
    alice.add_claim("typed while the dialog was open")
    with pytest.raises(MergeError, match="prepare the merge again"):
        apply_merge(alice, result, {})


def test_unknown_conflict_choices_are_rejected(copies) -> None:  # noqa: ANN001
    alice, bob = copies
    alice.update_claim("c1", text="A")
    bob.update_claim("c1", text="B")
    result = merge_projects(alice, bob.path)
    with pytest.raises(ValueError):
        apply_merge(alice, result, {("claims", "c1", "text"): "both"})
    with pytest.raises(ValueError):
        apply_merge(alice, result, {("claims", "nope", "text"): "from"})


def test_merging_a_project_into_itself_is_refused(copies) -> None:  # noqa: ANN001
    alice, _ = copies
    with pytest.raises(ProjectFileError, match="this project itself"):
        merge_projects(alice, alice.path)


# ----------------------------------------------------------------- vwb merge


def _two_files(tmp_path: Path) -> tuple[Path, Path]:
    alice = ProjectService.open(write_demo(tmp_path / "alice.db", analyst="alice"), analyst="alice")
    alice.save_copy(tmp_path / "bob.db")
    bob = ProjectService.open(tmp_path / "bob.db", analyst="bob")
    alice.update_claim("c1", text="Alice's wording")
    bob.update_claim("c1", text="Bob's wording")
    bob.add_claim("Bob's claim")
    alice.close()
    bob.close()
    return tmp_path / "alice.db", tmp_path / "bob.db"


def test_cli_keeps_my_values_reports_conflicts_and_exits_1(tmp_path: Path) -> None:
    into, src = _two_files(tmp_path)
    src_bytes = src.read_bytes()
    res = run_vwb("merge", into, src)
    assert res.returncode == 1, res.stderr
    assert "1 claim" in res.stdout and "1 conflict" in res.stdout
    assert "Alice's wording" in res.stdout and "Bob's wording" in res.stdout
    assert src.read_bytes() == src_bytes, "the colleague's copy is only read"
    svc = ProjectService.open(into, read_only=True)
    try:
        assert svc.claim("c1")["text"] == "Alice's wording"
        assert any(c["text"] == "Bob's claim" for c in svc.list_claims())
    finally:
        svc.close()
    again = run_vwb("merge", into, src)
    assert again.returncode == 0 and "nothing new" in again.stdout


def test_cli_json_report(tmp_path: Path) -> None:
    into, src = _two_files(tmp_path)
    res = run_vwb("merge", into, src, "--json")
    assert res.returncode == 1
    report = json.loads(res.stdout)
    assert len(report["added"]["claims"]) == 1
    assert report["conflicts"] == [{"kind": "claims", "id": "c1", "field": "text",
                                    "label": "claim “Alice's wording”", "into": "Alice's wording",
                                    "from": "Bob's wording", "kept": "into"}]


def test_cli_refuses_a_hostile_copy_in_one_line_and_changes_nothing(tmp_path: Path) -> None:
    into, src = _two_files(tmp_path)
    conn = sqlite3.connect(src)
    conn.execute("CREATE TRIGGER t AFTER INSERT ON claim BEGIN DELETE FROM evidence; END")
    conn.commit()
    conn.close()
    before = into.read_bytes(), src.read_bytes()
    res = run_vwb("merge", into, src)
    assert res.returncode == 2
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and "unexpected trigger" in lines[0] and str(src) in lines[0]
    assert (into.read_bytes(), src.read_bytes()) == before


def test_cli_names_a_missing_copy(tmp_path: Path) -> None:
    into, _ = _two_files(tmp_path)
    res = run_vwb("merge", into, tmp_path / "missing.db")
    assert res.returncode == 2 and "missing.db: no such file" in res.stderr
