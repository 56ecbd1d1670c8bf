"""Merge properties over random edits on two real copies of a project (hypothesis).

Each example copies a small base project file, lets "alice" (INTO) and
"bob" (FROM) make random edits through the service, and merges. The test
keeps its own record of what each side did, so the merge's inference from
the audit logs is checked against an independent oracle.
"""

from __future__ import annotations

import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.merge import apply_merge, merge_projects
from workbench.service import ProjectService

EXAMPLES = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])

WORDS = ("alpha", "bravo", "charlie")
GRADES = ("A", "B", "C")

op = st.one_of(
    st.tuples(st.just("add_claim"), st.sampled_from(WORDS)),
    st.tuples(st.just("edit_claim"), st.integers(0, 9), st.sampled_from(("text", "note", "status")),
              st.sampled_from(WORDS)),
    st.tuples(st.just("delete_claim"), st.integers(0, 9)),
    st.tuples(st.just("add_source"), st.sampled_from(WORDS)),
    st.tuples(st.just("grade_source"), st.integers(0, 9), st.sampled_from(GRADES)),
    st.tuples(st.just("delete_source"), st.integers(0, 9)),
    st.tuples(st.just("link"), st.integers(0, 9), st.integers(0, 9), st.integers(1, 6)),
    st.tuples(st.just("edit_evidence"), st.integers(0, 9), st.integers(1, 6)),
    st.tuples(st.just("delete_evidence"), st.integers(0, 9)),
    st.tuples(st.just("title"), st.sampled_from(WORDS)),
)
ops = st.lists(op, max_size=6)
choice = st.sampled_from(("into", "from"))


@dataclass
class Record:
    """What one side did, as the test saw it."""

    created: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    edited: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))


def _pick(items: list[dict[str, Any]], i: int) -> str | None:
    return items[i % len(items)]["id"] if items else None


def play(svc: ProjectService, steps: list[tuple], rec: Record) -> None:
    """Run edits; indexes pick among the objects that exist at that moment."""
    for step in steps:
        name, args = step[0], step[1:]
        claims, sources, evidence = svc.list_claims(), svc.list_sources(), svc.list_evidence()
        if name == "add_claim":
            rec.created["claims"].add(svc.add_claim(f"{args[0]} by {svc.analyst}").new_id)
        elif name == "edit_claim" and (cid := _pick(claims, args[0])):
            value = "open" if args[1] == "status" and args[2] == "alpha" else (
                "verified" if args[1] == "status" else args[2])
            svc.update_claim(cid, **{args[1]: value})
            rec.edited["claims"].add(cid)
        elif name == "delete_claim" and (cid := _pick(claims, args[0])):
            svc.delete_claim(cid)
        elif name == "add_source":
            rec.created["sources"].add(svc.add_source(args[0], "outlet", "C").new_id)
        elif name == "grade_source" and (sid := _pick(sources, args[0])):
            svc.set_reliability(sid, args[1])
            rec.edited["sources"].add(sid)
        elif name == "delete_source" and (sid := _pick(sources, args[0])):
            svc.delete_source(sid)
        elif name == "link" and (cid := _pick(claims, args[0])) and (sid := _pick(sources, args[1])):
            rec.created["evidence"].add(svc.link_evidence(cid, sid, "corroborates", args[2]).new_id)
        elif name == "edit_evidence" and (eid := _pick(evidence, args[0])):
            svc.update_evidence(eid, credibility=args[1])
            rec.edited["evidence"].add(eid)
        elif name == "delete_evidence" and (eid := _pick(evidence, args[0])):
            svc.delete_evidence(eid)
        elif name == "title":
            svc.set_title(args[0])
            rec.edited["project"].add("title")


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = tmp_path_factory.mktemp("base") / "base.db"
    svc = ProjectService.create(path, "Base", analyst="setup")
    svc.load_exchange({
        "sources": [{"id": f"s{i}", "name": f"Source {i}", "reliability": "B"} for i in range(3)],
        "claims": [{"id": f"c{i}", "text": f"Claim {i}"} for i in range(4)],
        "evidence": [{"id": f"e{i}", "claim": f"c{i}", "source": f"s{i % 3}", "stance": "corroborates",
                      "credibility": 3} for i in range(4)],
    })
    svc.close()
    return path.read_bytes()


class Pair:
    """Alice's project and Bob's copy of it, in a fresh temporary folder."""

    def __init__(self, base: bytes) -> None:
        self.dir = tempfile.TemporaryDirectory()
        root = Path(self.dir.name)
        (root / "alice.db").write_bytes(base)
        (root / "bob.db").write_bytes(base)
        self.alice = ProjectService.open(root / "alice.db", analyst="alice")
        self.bob = ProjectService.open(root / "bob.db", analyst="bob")
        self.rec_alice, self.rec_bob = Record(), Record()

    def play(self, alice_steps: list[tuple], bob_steps: list[tuple]) -> None:
        play(self.alice, alice_steps, self.rec_alice)
        play(self.bob, bob_steps, self.rec_bob)

    def __enter__(self) -> Pair:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.alice.close()
        self.bob.close()
        self.dir.cleanup()


def _picked(conflicts: list, choices: list[str]) -> dict:
    """Hypothesis' choices spread over the conflicts ("into" when it drew none)."""
    return {c.key: choices[i % len(choices)] for i, c in enumerate(conflicts)} if choices else {}


def _objects(svc: ProjectService) -> dict[str, dict[str, dict[str, Any]]]:
    data = svc.dump()
    out = {kind: {o["id"]: o for o in data[kind]} for kind in ("documents", "sources", "claims", "evidence")}
    out["project"] = {"": data["project"]}
    return out


@EXAMPLES
@given(alice_steps=ops, bob_steps=ops, choices=st.lists(choice, max_size=20))
def test_merging_twice_changes_nothing_the_second_time(base: bytes, alice_steps, bob_steps, choices) -> None:  # noqa: ANN001
    with Pair(base) as pair:
        pair.play(alice_steps, bob_steps)
        first = merge_projects(pair.alice, pair.bob.path)
        apply_merge(pair.alice, first, _picked(first.conflicts, choices))
        after_first = pair.alice.dump(), pair.alice.history(limit=10_000)

        second = merge_projects(pair.alice, pair.bob.path)
        assert second.nothing_to_do, second
        apply_merge(pair.alice, second, {})
        assert (pair.alice.dump(), pair.alice.history(limit=10_000)) == after_first


@EXAMPLES
@given(alice_steps=ops, bob_steps=ops)
def test_both_sides_independent_additions_are_kept(base: bytes, alice_steps, bob_steps) -> None:  # noqa: ANN001
    with Pair(base) as pair:
        pair.play(alice_steps, bob_steps)
        expected = {(kind, oid) for svc, rec in ((pair.alice, pair.rec_alice), (pair.bob, pair.rec_bob))
                    for kind, ids in rec.created.items() for oid in ids if oid in _objects(svc)[kind]}
        result = merge_projects(pair.alice, pair.bob.path)
        apply_merge(pair.alice, result, {c.key: "from" for c in result.conflicts})
        merged = _objects(pair.alice)
        assert {(kind, oid) for kind, oid in expected if oid not in merged[kind]} == set()


@EXAMPLES
@given(alice_steps=ops, bob_steps=ops)
def test_no_conflict_is_ever_resolved_silently(base: bytes, alice_steps, bob_steps) -> None:  # noqa: ANN001
    with Pair(base) as pair:
        pair.play(alice_steps, bob_steps)
        mine, theirs = _objects(pair.alice), _objects(pair.bob)
        both_changed = {
            (kind, oid) for kind in mine
            for oid in pair.rec_alice.edited.get(kind, set()) & pair.rec_bob.edited.get(kind, set())
            if oid in mine[kind] and oid in theirs[kind] and mine[kind][oid] != theirs[kind][oid]
        }
        if "title" in pair.rec_alice.edited["project"] & pair.rec_bob.edited["project"]:
            if mine["project"][""]["title"] != theirs["project"][""]["title"]:
                both_changed.add(("project", ""))
        result = merge_projects(pair.alice, pair.bob.path)
        reported = {(c.kind, c.id) for c in result.conflicts}
        assert both_changed <= reported

        # Each side's value, as chosen, is what ends up in the project.
        apply_merge(pair.alice, result, {c.key: "from" for c in result.conflicts})
        merged = _objects(pair.alice)
        for c in result.conflicts:
            if c.kind != "project" and c.field != "span":
                assert merged[c.kind][c.id].get(c.field) == c.from_value


@EXAMPLES
@given(alice_steps=ops, bob_steps=ops, choices=st.lists(choice, max_size=20))
def test_merging_back_makes_both_copies_equal(base: bytes, alice_steps, bob_steps, choices) -> None:  # noqa: ANN001
    with Pair(base) as pair:
        pair.play(alice_steps, bob_steps)
        there = merge_projects(pair.alice, pair.bob.path)
        apply_merge(pair.alice, there, _picked(there.conflicts, choices))
        back = merge_projects(pair.bob, pair.alice.path)
        assert back.conflicts == []
        apply_merge(pair.bob, back, {})
        assert _objects(pair.bob) == _objects(pair.alice)
