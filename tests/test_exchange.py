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


def _varied_exchange() -> dict:
    """An exchange file using every field a new row can be given, in its awkward forms: text with
    CR/LF and decomposed accents, quotes to canonicalise or to fill in, orphaned anchors with and
    without their context, both kinds of relay, compact ISO dates, media/OCR/review objects."""
    text = "Cafe\u0301 talks.\r\nThe minister said 3,000 troops left on Monday.\r\nOthers disagree."
    canon = "Caf\u00e9 talks.\nThe minister said 3,000 troops left on Monday.\nOthers disagree."
    said = canon.index("3,000 troops")
    span = (said, said + len("3,000 troops left"))
    cafe = (0, len("Caf\u00e9 talks."))
    return {
        "format": "verification-workbench/1",
        "documents": [
            {"id": "d1", "title": "Minister on troops", "text": text, "url": "https://news.example/1",
             "author": "A. Writer", "published": "20240301", "original_name": "troops.txt", "format": "txt",
             "page_starts": [0, 20], "media": {"type": "image", "sha256": "ab" * 32, "width": 10, "height": 5},
             "ocr": {"engine": "tesseract", "languages": ["eng"], "mean_confidence": 91.5},
             "captured": "2024-03-02T10:00:00+00:00", "page_text": "Caf\u00e9 talks."},
            {"id": "d2", "title": None, "text": "Short.", "position": 7},
        ],
        "sources": [
            {"id": "s1", "name": "Ministry", "kind": "organisation", "reliability": "B", "confidential": True,
             "notes": "press office", "url": "https://ministry.example"},
            {"id": "s2", "name": "Bystander"},
        ],
        "claims": [
            {"id": "c1", "text": "3,000 troops left", "document": "d1", "start": span[0], "end": span[1],
             "base_rate": 0.3, "status": "in_review", "note": "n", "claimant": "s1",
             "review": {"url": "https://check.example/1", "published": "2024-03-05", "verdict": "Mostly false"}},
            {"id": "c2", "text": "Nothing anchored"},
            {"id": "c3", "text": "Moved away", "document": "d1", "start": 500, "end": 510, "anchor": "orphaned",
             "exact": "old words", "prefix": "before ", "suffix": " after"},
            {"id": "c4", "text": "Cafe", "document": "d1", "start": cafe[0], "end": cafe[1], "anchor": "orphaned"},
            {"id": "c5", "text": "Empty review", "review": None, "claimant": None, "document": None},
        ],
        "evidence": [
            {"id": "e1", "claim": "c1", "source": "s1", "stance": "corroborates", "credibility": 2,
             "diagnosticity": "medium", "interested": True, "date": "2024-W10-1",
             "quote": "3,000 troops\r\nleft"[:12] + " left", "document": "d1", "start": span[0], "end": span[1],
             "note": "quoted", "url": "https://a.example", "archived_url": "https://archive.example/a"},
            {"id": "e2", "claim": "c1", "source": "s2", "stance": "contradicts", "derives_from": {"evidence": "e1"},
             "quote": "", "document": "d1", "start": cafe[0], "end": cafe[1]},
            {"id": "e3", "claim": "c1", "source": "s2", "stance": "context", "derives_from": {"source": "s1"},
             "quote": "Cafe\u0301 off the page\r\n", "date": None},
            {"id": "e4", "claim": "c2", "source": "s1", "stance": "corroborates", "document": "d1",
             "start": 900, "end": 950, "anchor": "orphaned", "prefix": "p", "suffix": "s", "quote": "gone"},
            {"id": "e5", "claim": "c2", "source": "s2", "stance": "contradicts", "document": "d2"},
            {"id": "e6", "claim": "c4", "source": "s1", "stance": "corroborates", "credibility": 1,
             "derives_from": None, "position": 3},
        ],
    }


def _table_rows(path: Path, *skipped: str) -> dict[str, list[dict]]:
    """Every stored column of the four exchanged tables except when and how often a row was written."""
    import sqlite3

    skip = {"changed_at", "imported_at", "version", *skipped}
    con = sqlite3.connect(path)
    try:
        out = {}
        for table in ("document", "source", "claim", "evidence"):
            cols = [r[1] for r in con.execute(f"PRAGMA table_info({table})") if r[1] not in skip]
            names = ", ".join(f'"{c}"' for c in cols)
            query = f"SELECT {names} FROM {table} ORDER BY id"
            out[table] = [dict(zip(cols, r, strict=True)) for r in con.execute(query)]
        return out
    finally:
        con.close()


def test_new_rows_are_stored_exactly_as_the_update_path_stores_them(tmp_path: Path) -> None:
    """Loading into an empty project builds each new row in one step; loading the same file over
    bare placeholders of the same ids goes through the field-by-field update path. Both files must
    hold the same values in every column, and the load must dump back to the same objects."""
    data = _varied_exchange()
    fresh = ProjectService.create(tmp_path / "fresh.db", "P")
    updated = ProjectService.create(tmp_path / "updated.db", "P")
    bare = {"documents": [{"id": d["id"], "text": "placeholder"} for d in data["documents"]],
            "sources": [{"id": s["id"], "name": "placeholder"} for s in data["sources"]],
            "claims": [{"id": c["id"], "text": "placeholder"} for c in data["claims"]],
            "evidence": [{"id": e["id"], "claim": e["claim"], "source": e["source"], "stance": "context"}
                         for e in data["evidence"]]}
    try:
        changes = fresh.load_exchange(data)
        assert changes.created["evidence"] == {e["id"] for e in data["evidence"]}
        updated.load_exchange(bare)
        updated.load_exchange(data)
        assert fresh.dump() == updated.dump()
        dumped = fresh.dump()
        # The dump is the canonical form of the file: loading it again gives the same project.
        again = ProjectService.create(tmp_path / "again.db", "P")
        try:
            again.load_exchange(dumped)
            assert again.dump() == dumped
        finally:
            again.close()
    finally:
        fresh.close()
        updated.close()
    stored = _table_rows(tmp_path / "fresh.db")
    assert stored == _table_rows(tmp_path / "updated.db")
    # A dump lists objects in order without their positions: a reload numbers them afresh.
    assert _table_rows(tmp_path / "fresh.db", "position") == _table_rows(tmp_path / "again.db", "position")
    doc = next(r for r in stored["document"] if r["id"] == "d1")
    assert doc["published"] == "2024-03-01" and doc["text"].startswith("Caf\u00e9 talks.\nThe")
    ev = {r["id"]: r for r in stored["evidence"]}
    assert ev["e1"]["date"] == "2024-03-04" and ev["e1"]["quote"] == "3,000 troops left"
    assert ev["e2"]["quote"] == "Caf\u00e9 talks."  # an empty quote is filled from its span
    assert ev["e3"]["quote"] == "Caf\u00e9 off the page\n"
    assert (ev["e4"]["prefix"], ev["e4"]["anchor"]) == ("p", "orphaned")


_ONE_PASS_TEXT = "Cafe\u0301 talks.\nThe minister said 3,000 troops left on Monday.\nOthers \ufeffdisagree."


def _one_pass_variants() -> list[dict]:
    """New evidence items in forms the one-pass check must accept exactly as the full validation
    does, or hand over to it: ordinary ones, odd but valid ones, and invalid ones."""
    canon = "Caf\u00e9 talks.\nThe minister said 3,000 troops left on Monday.\nOthers \ufeffdisagree."
    s = canon.index("3,000")
    e = s + len("3,000 troops")
    bom = canon.index("\ufeff")
    base = {"id": "e9", "claim": "c1", "source": "s1", "stance": "corroborates", "credibility": 2,
            "diagnosticity": "medium", "interested": False, "derives_from": None, "date": "2024-03-04",
            "quote": canon[s:e], "document": "d1", "start": s, "end": e, "note": ""}
    changes: list[dict] = [
        {}, {"quote": ""}, {"quote": "3,000  troops"}, {"quote": "Cafe\u0301", "start": 0, "end": 4},
        {"quote": "Caf\u00e9", "start": 0, "end": 4}, {"start": 0, "end": 3, "quote": ""},
        {"start": bom, "end": bom + 4, "quote": ""}, {"start": bom, "end": bom + 4, "quote": "\ufeffdis"},
        {"document": None, "start": None, "end": None, "quote": "Cafe\u0301 said\r\nso"},
        {"document": None, "start": None, "end": None}, {"document": None, "start": 1, "end": 2},
        {"start": None, "end": None}, {"start": 5, "end": None}, {"start": 5, "end": 5}, {"start": 5, "end": 9999},
        {"start": True, "end": 9}, {"start": -1, "end": 3}, {"document": "nowhere"}, {"document": 7},
        {"credibility": 6.0}, {"credibility": True}, {"credibility": 7}, {"credibility": "2"},
        {"stance": ["corroborates"]}, {"stance": None}, {"diagnosticity": "huge"}, {"interested": 1},
        {"date": ""}, {"date": None}, {"date": "20240304"}, {"date": "2024-02-30"}, {"date": 20240304},
        {"derives_from": {}}, {"derives_from": {"evidence": "e0"}}, {"derives_from": {"evidence": "e9"}},
        {"derives_from": {"evidence": "e2"}}, {"derives_from": {"evidence": None}},
        {"derives_from": {"source": "s2"}}, {"derives_from": {"source": "ghost"}}, {"derives_from": {"x": 1}},
        {"derives_from": {"evidence": "e0", "source": "s2"}}, {"derives_from": "e0"},
        {"claim": "c404"}, {"source": 3}, {"quote": None}, {"note": None}, {"note": 5}, {"url": None},
        {"url": "https://a.example"}, {"url": 5}, {"archived_url": "x" * 8193}, {"quote": "q" * 100_001},
        {"anchor": "moved"}, {"anchor": "ok", "prefix": "p" * 1001}, {"anchor": "bogus"}, {"anchor": ""},
        {"anchor": "orphaned", "prefix": "old", "suffix": "text"}, {"anchor": "orphaned"},
        {"prefix": "ignored", "suffix": "too"}, {"position": 0}, {"position": 12}, {"position": "3"},
        {"position": -1}, {"colour": "red"}]
    out = [{**base, **change} for change in changes]
    out.append({k: v for k, v in base.items() if k not in ("credibility", "diagnosticity", "interested",
                                                            "date", "note", "quote", "derives_from")})
    return out


def _one_pass_claim_variants() -> list[dict]:
    """New claims in the forms of :func:`_one_pass_variants`."""
    canon = "Caf\u00e9 talks.\nThe minister said 3,000 troops left on Monday.\nOthers \ufeffdisagree."
    s = canon.index("3,000")
    e = s + len("3,000 troops")
    bom = canon.index("\ufeff")
    base = {"id": "c9", "text": "3,000 troops", "document": "d1", "start": s, "end": e, "base_rate": 0.3,
            "status": "verified", "note": "", "claimant": None}
    changes: list[dict] = [
        {}, {"claimant": "s1"}, {"claimant": "ghost"}, {"claimant": 5}, {"review": None},
        {"review": {"verdict": "False"}}, {"review": {"colour": 1}}, {"text": ""}, {"text": "   "}, {"text": 5},
        {"text": "x" * 20_001}, {"note": 5}, {"note": None}, {"status": "bogus"}, {"status": None},
        {"status": "closed"}, {"base_rate": 0}, {"base_rate": 1}, {"base_rate": True}, {"base_rate": "0.5"},
        {"base_rate": 0.999}, {"base_rate": float("nan")}, {"anchor": "moved"}, {"anchor": "bogus"},
        {"anchor": "orphaned", "exact": "x", "prefix": "a", "suffix": "b"}, {"anchor": "orphaned"},
        {"exact": "other words"}, {"exact": "x" * 100_001}, {"prefix": "p" * 1001}, {"suffix": 3},
        {"document": None, "start": None, "end": None}, {"document": None, "start": 3, "end": 4},
        {"start": None, "end": None}, {"start": 5, "end": 5}, {"start": 0, "end": 9999}, {"start": 5.0},
        {"start": bom, "end": bom + 4}, {"document": "nowhere"}, {"position": 0}, {"position": 12},
        {"position": "3"}, {"colour": "red"}]
    return [{**base, **change} for change in changes] + [{"id": "c9", "text": "Bare"}]


def _load_both_ways(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data: dict, checker: str
                    ) -> tuple[list[tuple], list[bool]]:
    """``data`` loaded into new projects with and without the one-pass ``newrows.<checker>``: the
    outcomes (refusal message, or dump, redo patch, new ids and stored rows) and its answers."""
    from workbench.store import newrows

    one_pass = getattr(newrows, checker)
    used: list[bool] = []

    def counting(*args: object) -> object:
        built = one_pass(*args)
        used.append(built is not None)
        return built

    outcomes: list[tuple] = []
    for name, replacement in (("one", counting), ("full", lambda *args: None)):
        monkeypatch.setattr(newrows, checker, replacement)
        svc = ProjectService.create(tmp_path / f"{name}.db", "P")
        try:
            try:
                changes = svc.load_exchange(json.loads(json.dumps(data)))
            except ExchangeError as exc:
                outcomes.append(("refused", str(exc)))
                continue
            except Exception as exc:  # the database's own refusal (a NOT NULL column given null)
                outcomes.append(("refused", type(exc).__name__, str(getattr(exc, "orig", exc))))
                continue
            redo = {k: v for k, v in changes.redo.items() if k != "expect_state"}
            outcomes.append(("loaded", svc.dump(), redo, changes.created))
        finally:
            svc.close()
        outcomes[-1] += (_table_rows(tmp_path / f"{name}.db"),)
    return outcomes, used


@pytest.mark.parametrize("item", _one_pass_claim_variants(), ids=lambda item: json.dumps(item)[-60:])
def test_claims_checked_and_built_in_one_pass_agree_with_the_full_check(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, item: dict) -> None:
    """As for evidence below: every claim variant loads the same, or is refused with the same message."""
    data = {"documents": [{"id": "d1", "text": _ONE_PASS_TEXT}],
            "sources": [{"id": "s1", "name": "Ministry"}],
            "claims": [{"id": "c1", "text": "Troops left"}, item],
            "evidence": [{"id": "e0", "claim": "c1", "source": "s1", "stance": "context"}]}
    outcomes, used = _load_both_ways(tmp_path, monkeypatch, data, "checked_claim")
    assert outcomes[0] == outcomes[1]
    assert len(used) == (1 if item.get("position") == "3" else 2)  # a position of the wrong type: full check
    if item == _one_pass_claim_variants()[0]:
        assert all(used), "an ordinary claim goes through the one pass"


@pytest.mark.parametrize("item", _one_pass_variants(), ids=lambda item: json.dumps(item)[-60:])
def test_evidence_checked_and_built_in_one_pass_agrees_with_the_full_check(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, item: dict) -> None:
    """A load checks and builds an ordinary new evidence item in one pass (``newrows.checked_evidence``),
    leaving anything else to the full validation. Loaded both ways, every variant gives the same
    refusal message or the same stored rows, dump and redo patch."""
    data = {"documents": [{"id": "d1", "text": _ONE_PASS_TEXT}],
            "sources": [{"id": "s1", "name": "Ministry"}, {"id": "s2", "name": "Bystander"}],
            "claims": [{"id": "c1", "text": "Troops left"}, {"id": "c2", "text": "Talks"}],
            "evidence": [{"id": "e0", "claim": "c1", "source": "s2", "stance": "context"},
                         {"id": "e2", "claim": "c2", "source": "s2", "stance": "context"}, item]}
    outcomes, used = _load_both_ways(tmp_path, monkeypatch, data, "checked_evidence")
    assert outcomes[0] == outcomes[1]
    assert len(used) == (2 if item.get("position") == "3" else 3)  # a position of the wrong type: full check
    if item == _one_pass_variants()[0]:
        assert all(used), "an ordinary item goes through the one pass"
