"""``vwb`` as scripts use it: assessments, exit codes, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_vwb


def test_assess_json_shows_the_demo_claim_as_v9(demo_path: Path) -> None:
    res = run_vwb("assess", demo_path, "--json")
    assert res.returncode == 0, res.stderr
    claims = {c["id"]: c for c in json.loads(res.stdout)["claims"]}
    c1 = claims["c1"]
    assert set(c1) >= {"id", "text", "probability", "uncertainty", "likelihood", "confidence", "flags",
                       "corroborating_weight", "contradicting_weight", "evidence"}
    assert c1["probability"] == pytest.approx(0.496671, abs=1e-6)
    assert (c1["likelihood"], c1["confidence"]) == ("roughly even chance", "low")
    roles = {e["id"]: e["role"] for e in c1["evidence"]}
    assert roles["e6"] == "context" and roles["e1"] == "counted"
    assert {e["id"]: e["origin"] for e in c1["evidence"]}["e1"] == "s-ukr-intel"
    assert len(claims) == 6


def test_assess_text_is_readable(demo_path: Path) -> None:
    res = run_vwb("assess", demo_path, "--claim", "c1")
    assert res.returncode == 0
    assert "We assess there is a roughly even chance (45–55%) that Russia is forming a unit" in res.stdout
    assert "We have low confidence in this judgement because" in res.stdout
    assert "ΔP" in res.stdout


def test_unknown_claim_is_one_line_exit_2(demo_path: Path) -> None:
    res = run_vwb("assess", demo_path, "--claim", "nope")
    assert res.returncode == 2 and "no claim with id 'nope'" in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1


def test_missing_project_is_one_line_exit_2(tmp_path: Path) -> None:
    res = run_vwb("dump", tmp_path / "missing.db")
    assert res.returncode == 2 and "missing.db: no such file" in res.stderr


def test_demo_refuses_to_overwrite(demo_path: Path) -> None:
    before = demo_path.read_bytes()
    res = run_vwb("demo", demo_path)
    assert res.returncode == 2 and "already exists" in res.stderr
    assert demo_path.read_bytes() == before


def test_new_project_then_copy_round_trips(tmp_path: Path) -> None:
    p, c = tmp_path / "p.db", tmp_path / "c.db"
    assert run_vwb("new", p, "--title", "Election claims").returncode == 0
    assert run_vwb("copy", p, c).returncode == 0
    assert json.loads(run_vwb("dump", c).stdout)["project"]["title"] == "Election claims"
    assert run_vwb("check", c).returncode == 0
