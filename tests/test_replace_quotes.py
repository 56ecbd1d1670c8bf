"""A new version that rewords a quoted passage: reported, and what the source said stays visible."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_vwb

V1 = ("The council met on Tuesday.\n\nThe mayor said: the bridge will reopen in March after repairs costing "
      "14 million euros.\n\nOther business followed.\n")
V2 = ("The council met on Tuesday.\n\nThe mayor said: the bridge will reopen in April after repairs costing "
      "14 million euros.\n\nOther business followed.\n")
QUOTE = "the bridge will reopen in March after repairs costing 14 million euros"


def test_replace_reports_reworded_quotes_and_keeps_the_original_words(tmp_path: Path) -> None:
    project = tmp_path / "p.db"
    run_vwb("new", project)
    v1, v2 = tmp_path / "v1.txt", tmp_path / "v2.txt"
    v1.write_text(V1, encoding="utf-8")
    v2.write_text(V2, encoding="utf-8")
    doc = run_vwb("import", project, v1).stdout.strip()
    start = V1.index(QUOTE)
    exchange = {"format": "verification-workbench/1",
                "sources": [{"id": "s1", "name": "Mayor", "kind": "person", "reliability": "B"}],
                "claims": [{"id": "c1", "text": "The bridge reopens in March"}],
                "evidence": [{"id": "e1", "claim": "c1", "source": "s1", "stance": "corroborates",
                              "credibility": 2, "quote": QUOTE, "document": doc, "start": start,
                              "end": start + len(QUOTE), "note": "from the minutes"},
                             {"id": "e2", "claim": "c1", "source": "s1", "stance": "context",
                              "credibility": 3, "quote": "The council met on Tuesday.", "document": doc,
                              "start": 0, "end": 27}]}
    load = tmp_path / "x.json"
    load.write_text(json.dumps(exchange), encoding="utf-8")
    assert run_vwb("load", project, load).returncode == 0
    res = run_vwb("import", project, v2, "--replace", doc)
    assert res.returncode == 0, res.stderr
    now = QUOTE.replace("March", "April")
    assert (f"  wording changed: e1: quoted “{QUOTE}”, the new version reads “{now}” "
            "(the words as quoted are kept in its note)") in res.stdout
    assert "wording changed: e2" not in res.stdout  # unchanged wording is not reported
    dumped = json.loads(run_vwb("dump", project).stdout)
    e1 = next(e for e in dumped["evidence"] if e["id"] == "e1")
    assert e1["quote"] == now  # the quote follows the document it is anchored in
    assert e1["note"] == f"from the minutes\nQuoted before the new version: “{QUOTE}”"  # what the mayor said
    assert e1["anchor"] in ("ok", "moved")
    res_json = run_vwb("import", project, v1, "--replace", doc, "--json")
    out = json.loads(res_json.stdout)
    assert out["requoted"] == [{"id": "e1", "quoted": now, "now": QUOTE}]
