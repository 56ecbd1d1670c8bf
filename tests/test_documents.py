"""Importing documents into a project and replacing them with new versions."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_vwb
from workbench.demo import article_text


def _dump(path: Path) -> dict:
    res = run_vwb("dump", path)
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout)


def test_import_prints_new_document_ids(tmp_path: Path) -> None:
    p = tmp_path / "p.db"
    assert run_vwb("new", p, "--title", "T").returncode == 0
    f = tmp_path / "note.txt"
    f.write_text("Officials said 40 people were evacuated.\n", encoding="latin-1")
    res = run_vwb("import", p, f, "--json")
    assert res.returncode == 0, res.stderr
    doc_id = json.loads(res.stdout)["documents"][0]["id"]
    doc = next(d for d in _dump(p)["documents"] if d["id"] == doc_id)
    assert doc["text"].startswith("Officials said 40 people")
    assert doc["original_name"] == "note.txt" and doc["format"] == "txt"


def test_bad_file_imports_nothing(tmp_path: Path, demo_path: Path) -> None:
    good, bad = tmp_path / "good.txt", tmp_path / "bad.txt"
    good.write_text("Fine text.")
    bad.write_bytes(bytes(range(256)) * 40)
    before = demo_path.read_bytes()
    res = run_vwb("import", demo_path, good, bad)
    assert res.returncode == 2
    assert "bad.txt" in res.stderr and len(res.stderr.strip().splitlines()) == 1
    assert demo_path.read_bytes() == before


def test_replace_reanchors_and_orphans(tmp_path: Path, demo_path: Path) -> None:
    text = article_text()
    # The corrected version: a paragraph inserted at the top, Peskov's denial deleted.
    denial = "Kremlin spokesman Dmitry Peskov refuted claims of North Korean involvement"
    assert denial in text
    corrected = "Correction appended on 12 October.\n\n" + text.replace(denial, "The Kremlin declined to comment")
    f = tmp_path / "v2.txt"
    f.write_text(corrected, encoding="utf-8")
    res = run_vwb("import", demo_path, f, "--replace", "d1", "--json")
    assert res.returncode == 0, res.stderr
    report = json.loads(res.stdout)
    assert report["orphaned"] == 1 and report["orphans"] == ["e3"]
    data = _dump(demo_path)
    new_text = data["documents"][0]["text"]
    assert new_text.startswith("Correction appended")
    for e in data["evidence"]:
        if e["id"] == "e3":
            assert e["anchor"] == "orphaned"
        else:
            assert e["anchor"] in ("ok", "moved")
            assert new_text[e["start"]:e["end"]] == e["quote"]
    c1 = next(c for c in data["claims"] if c["id"] == "c1")
    assert c1["anchor"] == "moved" and "3,000 North Korean soldiers" in new_text[c1["start"]:c1["end"]]
    check = run_vwb("check", demo_path)
    assert check.returncode == 1 and "evidence e3: orphaned" in check.stdout


def test_an_orphaned_claim_comes_back_when_its_words_return(tmp_path: Path, demo_path: Path) -> None:
    text = article_text()
    words = "North Korean leader Kim Jong Un recently sent a congratulatory message"
    assert words in text
    without = tmp_path / "v2.txt"
    without.write_text(text.replace(words, "A message was sent"), encoding="utf-8")
    first = json.loads(run_vwb("import", demo_path, without, "--replace", "d1", "--json").stdout)
    assert "c4" in first["orphans"]
    again = tmp_path / "v3.txt"
    again.write_text(text, encoding="utf-8")
    second = json.loads(run_vwb("import", demo_path, again, "--replace", "d1", "--json").stdout)
    assert "c4" not in second["orphans"]
    c4 = next(c for c in _dump(demo_path)["claims"] if c["id"] == "c4")
    assert c4["anchor"] in ("ok", "moved") and words in text[c4["start"]:c4["end"]]
