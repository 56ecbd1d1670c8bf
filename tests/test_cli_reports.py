"""``vwb memo`` and ``vwb export`` on the demo project."""

from __future__ import annotations

import csv
import json
import unicodedata
from pathlib import Path

import pytest

from tests.conftest import run_vwb

CONFIDENTIAL = "Ukrainian military intelligence source"


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    return unicodedata.normalize("NFKC", "\n".join(p.extract_text() or "" for p in reader.pages))


def test_internal_memo_names_every_claim_and_the_confidential_source(tmp_path: Path, demo_path: Path) -> None:
    out = tmp_path / "memo.pdf"
    res = run_vwb("memo", demo_path, "-o", out)
    assert res.returncode == 0, res.stderr
    text = " ".join(_pdf_text(out).split())
    assert "roughly even chance" in text
    assert "Russia is forming a unit of about 3,000 North Korean soldiers" in text
    assert CONFIDENTIAL in text


@pytest.mark.parametrize("fmt", ["pdf", "html", "md"])
def test_external_memo_hides_confidential_sources(tmp_path: Path, demo_path: Path, fmt: str) -> None:
    out = tmp_path / f"memo.{fmt}"
    res = run_vwb("memo", demo_path, "-o", out, "--format", fmt, "--external")
    assert res.returncode == 0, res.stderr
    body = " ".join((_pdf_text(out) if fmt == "pdf" else out.read_text(encoding="utf-8")).split())
    assert CONFIDENTIAL not in body
    assert CONFIDENTIAL.encode() not in out.read_bytes()
    assert "graded C" in body


def test_exports_parse_and_match_the_document(tmp_path: Path, demo_path: Path) -> None:
    from workbench.service import ProjectService

    svc = ProjectService.open(demo_path)
    svc.set_publisher("Example Fact Desk", "https://factdesk.example.org")
    svc.set_claim_review("c1", url="https://factdesk.example.org/c1", published="2024-10-16")
    svc.update_claim("c1", status="verified")
    svc.close()
    for fmt, name in (("claimreview", "cr.json"), ("annotations", "ann.json"), ("csv", "claims.csv")):
        res = run_vwb("export", demo_path, "--format", fmt, "-o", tmp_path / name)
        assert res.returncode == 0, res.stderr
    cr = json.loads((tmp_path / "cr.json").read_text(encoding="utf-8"))
    assert [r["identifier"] for r in cr["@graph"]] == ["c1"]
    assert "roughly even chance" in json.dumps(cr, ensure_ascii=False)
    ann = json.loads((tmp_path / "ann.json").read_text(encoding="utf-8"))
    assert "Annotation" in json.dumps(ann)
    rows = list(csv.reader((tmp_path / "claims.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert len(rows) > 6
