"""The exchange JSON: round trips, partial loads as edits, and validation that writes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_vwb
from workbench.demo import demo_exchange
from workbench.service import ProjectService
from workbench.store.exchange import ExchangeError


def test_dump_load_dump_is_identical(tmp_path: Path) -> None:
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    assert run_vwb("demo", a).returncode == 0
    assert run_vwb("check", a).returncode == 0
    first = run_vwb("dump", a, "-o", tmp_path / "a.json")
    assert first.returncode == 0, first.stderr
    assert run_vwb("load", b, tmp_path / "a.json").returncode == 0
    assert run_vwb("dump", b, "-o", tmp_path / "b.json").returncode == 0
    assert (tmp_path / "a.json").read_text() == (tmp_path / "b.json").read_text()
    data = json.loads((tmp_path / "a.json").read_text())
    assert data["format"] == "verification-workbench/1"
    assert {c["id"] for c in data["claims"]} >= {"c1", "c2", "c3", "c4", "c5", "c6"}
    assert all(e["anchor"] == "ok" for e in data["evidence"] if e["document"])


def test_demo_anchors_point_at_their_quotes() -> None:
    data = demo_exchange()
    text = data["documents"][0]["text"]
    for e in data["evidence"]:
        assert text[e["start"]:e["end"]] == e["quote"]
    c1 = next(c for c in data["claims"] if c["id"] == "c1")
    assert "3,000 North Korean soldiers" in text[c1["start"]:c1["end"]]


def test_partial_exchange_file_is_an_edit(tmp_path: Path, demo_path: Path) -> None:
    patch = tmp_path / "patch.json"
    patch.write_text(json.dumps({"sources": [{"id": "s-peskov", "reliability": "E"}],
                                 "claims": [{"id": "c9", "text": "A typed-in claim"}]}))
    res = run_vwb("load", demo_path, patch)
    assert res.returncode == 0, res.stderr
    svc = ProjectService.open(demo_path, read_only=True)
    try:
        assert svc.source("s-peskov")["reliability"] == "E"
        assert svc.source("s-peskov")["name"] == "Kremlin spokesman Dmitry Peskov"  # untouched field kept
        assert svc.claim("c9")["document"] is None
    finally:
        svc.close()


BAD_CASES = [
    ({"sources": [{"id": "x", "name": "X", "reliability": "G"}]}, "source x: reliability"),
    ({"sources": [{"id": "x", "name": "X", "kind": "alien"}]}, "source x: kind"),
    ({"evidence": [{"id": "e99", "claim": "c1", "source": "nope", "stance": "corroborates"}]}, "evidence e99: source"),
    ({"evidence": [{"id": "e99", "claim": "c1", "source": "s-bbc", "stance": "maybe"}]}, "evidence e99: stance"),
    ({"evidence": [{"id": "e99", "claim": "c1", "source": "s-bbc", "stance": "corroborates",
                    "credibility": 7}]}, "evidence e99: credibility"),
    ({"evidence": [{"id": "e99", "claim": "c2", "source": "s-bbc", "stance": "corroborates",
                    "derives_from": {"evidence": "e1"}}]}, "belongs to another claim"),
    ({"evidence": [{"id": "e99", "claim": "c1", "source": "s-bbc", "stance": "corroborates",
                    "derives_from": {"evidence": "ghost"}}]}, "evidence e99: derives_from"),
    ({"claims": [{"id": "c99", "text": "x", "document": "d1", "start": 10, "end": 999999}]}, "outside the document"),
    ({"evidence": [{"id": "e99", "claim": "c1", "source": "s-bbc", "stance": "corroborates",
                    "quote": "words that are not there", "document": "d1", "start": 0, "end": 10}]},
     "does not match"),
    ({"claims": [{"id": "c99", "text": "a"}, {"id": "c99", "text": "b"}]}, "duplicate id"),
    ({"claims": [{"id": "c99", "text": "a", "colour": "red"}]}, "unknown field"),
    ({"project": {"settings": {"reliability": {"A": "high"}}}}, "settings"),
    ({"format": "someone-else/2"}, "format"),
    # A valid object before an invalid one: nothing at all may be written.
    ({"sources": [{"id": "fine", "name": "Fine"}, {"id": "bad", "name": ""}]}, "source bad: name"),
]


@pytest.mark.parametrize("data,message", BAD_CASES)
def test_invalid_exchange_is_refused_and_changes_nothing(tmp_path: Path, demo_path: Path,
                                                         data: dict, message: str) -> None:
    before = demo_path.read_bytes()
    f = tmp_path / "bad.json"
    f.write_text(json.dumps(data))
    res = run_vwb("load", demo_path, f)
    assert res.returncode == 2
    assert message in res.stderr, res.stderr
    assert str(f) in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1 and "Traceback" not in res.stderr
    assert demo_path.read_bytes() == before


def test_invalid_json_names_the_file(tmp_path: Path, demo_path: Path) -> None:
    f = tmp_path / "broken.json"
    f.write_text('{"claims": [')
    res = run_vwb("load", demo_path, f)
    assert res.returncode == 2 and "broken.json: not valid JSON" in res.stderr


def test_failed_load_into_new_file_leaves_no_file(tmp_path: Path) -> None:
    f = tmp_path / "bad.json"
    f.write_text(json.dumps({"sources": [{"id": "x", "name": "X", "reliability": "Z"}]}))
    res = run_vwb("load", tmp_path / "new.db", f)
    assert res.returncode == 2
    assert not (tmp_path / "new.db").exists()


def test_service_refuses_invalid_edit_without_writing(demo_service: ProjectService) -> None:
    before = demo_service.dump()
    with pytest.raises(ExchangeError, match="credibility"):
        demo_service.link_evidence("c1", "s-bbc", "corroborates", credibility=9)
    assert demo_service.dump() == before


def test_loading_many_objects_takes_a_few_statements_not_one_per_object(tmp_path: Path) -> None:
    """A large exchange file loads in batches: statements grow with the kinds, not the objects."""
    import importlib.util

    from sqlalchemy import event

    spec = importlib.util.spec_from_file_location("vwb_synth", Path(__file__).parent.parent / "benchmarks" / "synth.py")
    assert spec is not None and spec.loader is not None
    synth = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(synth)

    def statements_to_load(n_claims: int) -> int:
        data = synth.make_exchange(claims=n_claims, sources=n_claims // 2, evidence=n_claims * 3,
                                   documents=5, doc_chars=4_000)
        svc = ProjectService.create(tmp_path / f"p{n_claims}.db")
        count = 0

        def on_execute(*_args: object) -> None:
            nonlocal count
            count += 1

        event.listen(svc.pf.engine, "before_cursor_execute", on_execute)
        try:
            svc.load_exchange(data)
            after = svc.dump()
        finally:
            svc.close()
        assert len(after["claims"]) == n_claims and len(after["evidence"]) == n_claims * 3
        return count

    small, large = statements_to_load(20), statements_to_load(200)
    assert large < small + 60, (small, large)  # ten times the objects, (almost) no more statements
