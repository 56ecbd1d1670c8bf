"""``vwb suggest`` on a project and on a loose file, and remembered dismissals."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_vwb
from workbench.service import ProjectService


def test_suggest_on_the_demo_finds_the_denial(demo_path: Path) -> None:
    res = run_vwb("suggest", demo_path, "--json")
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    assert data["document"] == "d1"
    peskov = [s for s in data["suggestions"] if s["kind"] == "attribution" and "Peskov" in s["speaker"]]
    assert peskov and peskov[0]["stance_hint"] == "contradicts"
    assert {"kind", "start", "end", "text", "speaker", "speaker_role", "speaker_kind", "verb", "quote",
            "stance_hint", "date"} <= set(peskov[0])
    # Peskov is already a source of the demo project: linked, not created again.
    linked = [s for s in data["sources"] if s.get("existing_source_id") == "s-peskov"]
    assert linked


def test_dismissed_suggestions_stay_dismissed(demo_path: Path) -> None:
    first = json.loads(run_vwb("suggest", demo_path, "--json").stdout)["suggestions"][0]
    key = f"{first['kind']}:{first['start']}:{first['end']}"
    svc = ProjectService.open(demo_path)
    try:
        svc.dismiss_suggestion("d1", key)
    finally:
        svc.close()
    again = json.loads(run_vwb("suggest", demo_path, "--json").stdout)["suggestions"]
    assert all(f"{s['kind']}:{s['start']}:{s['end']}" != key for s in again)


def test_suggest_on_a_loose_file(tmp_path: Path) -> None:
    f = tmp_path / "wire.txt"
    f.write_text("The ministry denied the report. \"No troops were sent,\" spokesman Ivan Petrov said on Monday.\n")
    res = run_vwb("suggest", f)
    assert res.returncode == 0, res.stderr
    assert "Ivan Petrov" in res.stdout


def test_suggest_on_a_binary_file_is_one_line(tmp_path: Path) -> None:
    f = tmp_path / "photo.txt"
    f.write_bytes(bytes(range(256)) * 64)
    res = run_vwb("suggest", f)
    assert res.returncode == 2 and "photo.txt" in res.stderr


def test_across_lists_statements_bearing_on_other_documents_claims(demo_path: Path, tmp_path: Path) -> None:
    svc = ProjectService.open(demo_path)
    try:
        doc = svc.add_document("Second report", (
            "Officials in Seoul said North Korean soldiers had arrived at a military base near Ussuriysk "
            "last week. The Kremlin denied that any North Korean soldiers were at the Ussuriysk base. "
            "The weather in Moscow was mild.")).new_id
    finally:
        svc.close()
    plain = run_vwb("suggest", demo_path, "--document", doc, "--json")
    assert "across" not in json.loads(plain.stdout)  # the contract's object is unchanged without the flag
    res = run_vwb("suggest", demo_path, "--document", doc, "--json", "--across")
    assert res.returncode == 0, res.stderr
    across = [c for c in json.loads(res.stdout)["across"] if c["claim"] == "c2"]
    stances = {c["speaker"]: c["stance_hint"] for c in across}
    assert stances == {"Officials in Seoul": "corroborates", "Kremlin": "contradicts"}
    loose = tmp_path / "a.txt"
    loose.write_text("The Kremlin denied it.\n")
    bad = run_vwb("suggest", loose, "--across")
    assert bad.returncode == 2 and "--across needs a project" in bad.stderr and "Traceback" not in bad.stderr
