"""``vwb remove-document``: one document out of a real project file (or a server project), saying what
goes with it; claims and quotes stay, a picture's bytes leave the file, bad input changes nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests import fixtures_images as I
from tests.conftest import ROOT, run_vwb

STATEMENT = ["The minister said the bridge will reopen in March.", "Officials confirmed the figures on Tuesday."]


def _dump(project: Path | str) -> dict:
    res = run_vwb("dump", project)
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout)


def test_removing_the_article_keeps_its_claims_and_quotes_unanchored(demo_path: Path) -> None:
    before = _dump(demo_path)
    anchored = sorted(c["id"] for c in before["claims"] if c.get("document") == "d1")
    quoting = sorted(e["id"] for e in before["evidence"] if e.get("document") == "d1")
    res = run_vwb("remove-document", demo_path, "d1", "--json")
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout)
    assert out["document"] == "d1" and out["deleted"] is True and out["event"]
    assert sorted(out["claims"]) == anchored and len(anchored) == 6
    assert sorted(out["evidence"]) == quoting and quoting
    after = _dump(demo_path)
    assert [d["id"] for d in after["documents"]] == []
    assert {c["id"] for c in after["claims"]} == {c["id"] for c in before["claims"]}  # no claim lost
    assert {e["id"] for e in after["evidence"]} == {e["id"] for e in before["evidence"]}
    quotes = {e["id"]: e["quote"] for e in before["evidence"]}
    for e in after["evidence"]:
        assert e["document"] is None and e["quote"] == quotes[e["id"]]
    assert run_vwb("check", demo_path).returncode == 0


def test_the_text_output_says_what_stays_and_a_dry_run_changes_nothing(demo_path: Path) -> None:
    before = demo_path.read_bytes()
    dry = run_vwb("remove-document", demo_path, "d1", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.startswith("Would delete document 'North Korean Troops")
    assert "keeps 6 claims and 16 evidence items anchored in it" in dry.stdout
    assert demo_path.read_bytes() == before
    res = run_vwb("remove-document", demo_path, "d1")
    assert res.returncode == 0 and res.stderr == ""
    assert res.stdout.startswith("Deleted document 'North Korean Troops") and "(d1)" in res.stdout
    assert "kept 6 claims and 16 evidence items" in res.stdout
    history = subprocess.run([sys.executable, "-c",
                              "import sys; from workbench.service import ProjectService; "
                              "s = ProjectService.open(sys.argv[1], read_only=True); "
                              "print(s.history()[0]['action']); s.close()", str(demo_path)],
                             capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert history.stdout.strip() == "delete_document"  # the history records it


def test_an_unknown_id_is_one_line_exit_2_and_changes_nothing(demo_path: Path) -> None:
    before = demo_path.read_bytes()
    res = run_vwb("remove-document", demo_path, "nope")
    assert res.returncode == 2 and res.stdout == ""
    assert res.stderr.strip() == f"vwb remove-document: {demo_path}: no document with id 'nope'"
    assert demo_path.read_bytes() == before


def test_a_picture_leaves_the_file_with_its_document(tmp_path: Path) -> None:
    project = tmp_path / "p.db"
    assert run_vwb("new", project).returncode == 0
    path = I.save(I.photo(21, (480, 360)), tmp_path / "leak.jpg", quality=95)
    doc_id = run_vwb("import", project, path).stdout.strip()
    picture = path.read_bytes()
    assert picture[1000:1400] in project.read_bytes()
    res = run_vwb("remove-document", project, doc_id)
    assert res.returncode == 0, res.stderr
    assert "its picture was removed from the file" in res.stdout
    assert picture[1000:1400] not in project.read_bytes()  # not merely unlinked: gone from the file


def test_a_read_only_file_is_refused_in_one_line(demo_path: Path) -> None:
    """As in CI, the tests run as root, who may write anything: the command runs in a new user
    namespace (``unshare -U``), the same owner without the power to override permissions."""
    before = demo_path.read_bytes()
    os.chmod(demo_path, 0o444)
    os.chmod(demo_path.parent, 0o555)
    try:
        cmd = [sys.executable, "-m", "workbench.cli.main", "remove-document", str(demo_path), "d1"]
        if os.geteuid() == 0:
            cmd = ["unshare", "-U", *cmd]
        res = subprocess.run(cmd, capture_output=True, text=True, timeout=120, cwd=ROOT)
    finally:
        os.chmod(demo_path.parent, 0o755)
        os.chmod(demo_path, 0o644)
    assert res.returncode == 2, res.stderr
    assert res.stderr.strip() == (f"vwb remove-document: {demo_path}: read-only (the file or its folder may not "
                                  "be written); nothing deleted")
    assert demo_path.read_bytes() == before


def test_on_a_server_an_editor_is_refused_and_a_lead_may(team_server, team_project) -> None:
    before = _dump(team_server.url("lena", team_project))
    refused = run_vwb("remove-document", team_server.url("bob", team_project), "d1")
    assert refused.returncode == 2
    line = refused.stderr.strip()
    assert len(line.splitlines()) == 1 and "bob" in line and "vwb_editor" in line and "delete documents" in line
    assert "bob-pw" not in line
    assert _dump(team_server.url("lena", team_project)) == before
    done = run_vwb("remove-document", team_server.url("lena", team_project), "d1", "--json")
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)["claims"]) == 6
    after = _dump(team_server.url("rita", team_project))
    assert after["documents"] == [] and len(after["claims"]) == 6
