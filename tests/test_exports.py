"""W3C Web Annotations and CSV exports (ClaimReview: tests/test_publishing.py)."""

from __future__ import annotations

import csv
import io
import json

from tests import memo_fixture as fx
from workbench.memo.exports import (
    CSV_COLUMNS,
    export_annotations,
    export_csv,
    safe_cell,
)


def _project_and_assessments():
    project = fx.exchange()
    return project, fx.assess(project)


def test_external_csv_does_not_name_the_confidential_source(tmp_path):
    project, assessments = _project_and_assessments()
    out = tmp_path / "claims.csv"
    export_csv(project, assessments, out, external=True)
    raw = out.read_bytes()
    assert fx.CONFIDENTIAL_NAME.encode() not in raw and b"Hnatiuk" not in raw
    assert b"Source 2 (graded C)" in raw
    export_csv(project, assessments, out)
    assert fx.CONFIDENTIAL_NAME.encode() in out.read_bytes()  # the internal export names it


def test_every_annotation_quote_matches_the_document_at_its_position():
    project, _ = _project_and_assessments()
    data = json.loads(json.dumps(export_annotations(project), ensure_ascii=False))
    assert data["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert data["type"] == "AnnotationCollection"
    items = data["first"]["items"]
    anchored = [o for o in project["claims"] + project["evidence"] if o.get("document")]
    assert data["total"] == len(items) == len(anchored)
    docs = {f"urn:vwb:document:{d['id']}": d["text"] for d in project["documents"]}
    for item in items:
        assert item["type"] == "Annotation"
        target = item["target"][-1] if isinstance(item["target"], list) else item["target"]
        text = docs[target["source"]]
        quote = next(s for s in target["selector"] if s["type"] == "TextQuoteSelector")
        position = next(s for s in target["selector"] if s["type"] == "TextPositionSelector")
        assert quote["exact"] == text[position["start"]:position["end"]]
        assert text[:position["start"]].endswith(quote["prefix"])
        assert text[position["end"]:].startswith(quote["suffix"])
        assert len(quote["prefix"]) <= 32 and len(quote["suffix"]) <= 32
    kinds = {i["id"].split(":")[2] for i in items}
    assert kinds == {"claim", "evidence"}
    assert fx.CONFIDENTIAL_NAME not in json.dumps(items, ensure_ascii=False)


def test_orphaned_anchors_are_left_out_of_annotations():
    project, _ = _project_and_assessments()
    project["claims"][0]["anchor"] = "orphaned"
    ids = {i["id"] for i in export_annotations(project)["first"]["items"]}
    assert "urn:vwb:claim:c1" not in ids and "urn:vwb:claim:c2" in ids


def _read_csv(path):
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads it as UTF-8
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_csv_holds_claims_and_evidence(tmp_path):
    project, assessments = _project_and_assessments()
    out = tmp_path / "claims.csv"
    export_csv(project, assessments, out)
    rows = _read_csv(out)
    assert list(rows[0]) == list(CSV_COLUMNS)
    claims = [r for r in rows if r["record"] == "claim"]
    evidence = [r for r in rows if r["record"] == "evidence"]
    assert len(claims) == len(project["claims"]) and len(evidence) == len(project["evidence"])
    c1 = claims[0]
    assert c1["likelihood"] == "roughly even chance" and abs(float(c1["probability"]) - 0.496671) < 1e-6
    e2 = next(r for r in evidence if r["evidence_id"] == "e2")
    assert float(e2["delta_p"]) < 0  # numbers stay numbers, even negative ones
    assert any(fx.HANGUL_NAME in r["claim"] for r in claims)
    assert any(r["source"] == fx.CYRILLIC_NAME for r in evidence)


def test_csv_neutralises_formula_injection(tmp_path):
    project, assessments = _project_and_assessments()
    project["claims"][0]["text"] = '=HYPERLINK("http://evil.example","click")'
    project["evidence"][0]["quote"] = "+1 more troops"
    project["evidence"][1]["quote"] = "-2 said so"
    project["sources"][0]["name"] = "@BBC"
    out = tmp_path / "claims.csv"
    export_csv(project, assessments, out)
    rows = _read_csv(out)
    for row in rows:
        for column, value in row.items():
            if column in ("probability", "uncertainty", "delta_p", "weight", "page"):
                continue
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), (column, value)
    assert rows[1]["claim"] == "'" + project["claims"][0]["text"]
    assert safe_cell(-0.25) == -0.25 and safe_cell("-0.25") == "'-0.25" and safe_cell("\tx") == "'\tx"
