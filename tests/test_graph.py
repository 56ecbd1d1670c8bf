"""The provenance graph: its model (nodes, edges, clusters, loops) from real
project files and the confidence engine, its SVG/PNG drawing, and ``vwb graph``."""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import run_vwb
from workbench.graph.model import assessments_json, build_claim_graph, build_project_graph, find_loops
from workbench.graph.render import node_for_dom_id, render
from workbench.service import ProjectService

SVG = "{http://www.w3.org/2000/svg}"


def _src(sid: str, name: str, grade: str = "B", kind: str = "outlet") -> dict[str, Any]:
    return {"id": sid, "name": name, "kind": kind, "reliability": grade, "confidential": False, "notes": ""}


def _ev(eid: str, claim: str, source: str, stance: str = "corroborates", cred: int = 2,
        derives: dict[str, str] | None = None, **more: Any) -> dict[str, Any]:
    return {"id": eid, "claim": claim, "source": source, "stance": stance, "credibility": cred,
            "diagnosticity": "high", "interested": False, "derives_from": derives, **more}


def _project(tmp_path: Path, sources: list[dict], claims: list[dict], evidence: list[dict],
             documents: list[dict] | None = None) -> tuple[dict, dict]:
    """Write the data into a real project file, then read it back as every tool does."""
    svc = ProjectService.create(tmp_path / "p.db", "Graph test")
    try:
        svc.load_exchange({"format": "verification-workbench/1", "project": {"title": "Graph test"},
                           "documents": documents or [], "sources": sources, "claims": claims,
                           "evidence": evidence})
        return svc.dump(), assessments_json(svc.assess_all())
    finally:
        svc.close()


def _claim(cid: str, text: str = "The bridge was destroyed") -> dict[str, Any]:
    return {"id": cid, "text": text, "base_rate": 0.5, "status": "open", "note": ""}


@pytest.fixture
def demo(demo_service: ProjectService) -> tuple[dict, dict, ProjectService]:
    return demo_service.dump(), assessments_json(demo_service.assess_all()), demo_service


# --------------------------------------------------------------------------- the model


def test_demo_claim_has_its_sources_items_and_the_relay_toward_the_unrecorded_origin(demo) -> None:
    data, assessed, svc = demo
    g = build_claim_graph(data, assessed, "c1")
    sources = {n.ref: n for n in g.nodes_of("source")}
    assert set(sources) == {"s-bbc", "s-ukr-intel", "s-peskov", "s-sk-minister", "s-fareast", "s-miller"}
    assert sources["s-bbc"].grade == "B" and sources["s-bbc"].source_kind == "outlet"
    # The Ukrainian source has no item of its own: it is there as the origin BBC relays.
    assert sources["s-ukr-intel"].unrecorded and not sources["s-bbc"].unrecorded
    assert [(e.tail, e.head) for e in g.edges_of("relays")] == [("e:e1", "s:s-ukr-intel")]
    items = {n.ref: n for n in g.nodes_of("evidence")}
    assert len(items) == 6 and len(g.nodes_of("claim")) == 1
    # Roles, trust and weight are the engine's, not recomputed.
    engine = {b.id: b for b in svc.assess_claim("c1").evidence}
    for eid, n in items.items():
        assert n.role == engine[eid].role
        assert n.trust == pytest.approx(engine[eid].trust) and n.weight == pytest.approx(engine[eid].weight)
    assert items["e6"].role == "context" and items["e6"].faded and items["e6"].stance == "context"
    assert not items["e1"].faded
    # Every item is stated by its source and bears on the claim in its stance.
    assert {(e.tail, e.head) for e in g.edges_of("states")} == {(f"s:{svc.evidence(i)['source']}", f"e:{i}")
                                                                 for i in items}
    assert {e.tail: e.stance for e in g.edges_of("bears_on")} == {f"e:{i}": n.stance for i, n in items.items()}
    assert "Trust 0.072" in items["e1"].tooltip and "Reliability B" in sources["s-bbc"].tooltip
    assert g.loops == () and g.clusters == ()


def test_interested_parties_are_the_speakers_with_a_motive(demo) -> None:
    data, assessed, _svc = demo
    g = build_claim_graph(data, assessed, "c1")
    marked = {n.ref for n in g.nodes_of("source") if n.interested}
    # Peskov speaks for the Kremlin; BBC's item is marked interested because the
    # Ukrainian military source it passes on has a motive, not BBC itself.
    assert marked == {"s-peskov", "s-ukr-intel"}


def test_relays_of_one_item_form_one_origin_cluster_with_one_counted_item(tmp_path: Path) -> None:
    sources = [_src("s1", "Defence Ministry", "B"), _src("s2", "Wire A", "A"), _src("s3", "Wire B", "A"),
               _src("s4", "Independent monitor", "C")]
    evidence = [_ev("x", "c1", "s1"), _ev("y", "c1", "s2", derives={"evidence": "x"}),
                _ev("z", "c1", "s3", derives={"evidence": "x"}), _ev("w", "c1", "s4")]
    data, assessed = _project(tmp_path, sources, [_claim("c1")], evidence)
    g = build_claim_graph(data, assessed, "c1")
    assert len(g.clusters) == 1
    (c,) = g.clusters
    assert c.origin == "s1" and set(c.members) == {"e:x", "e:y", "e:z"} and not c.circular
    assert c.counted == ("e:x",) and set(c.absorbed) == {"e:y", "e:z"}
    assert "Defence Ministry" in c.label
    for absorbed in ("y", "z"):
        n = g.node(f"e:{absorbed}")
        assert n.faded and n.role == "absorbed" and n.same_origin_as == "e:x"
    assert g.node("e:w").role == "counted" and not g.node("e:w").faded
    assert {(e.tail, e.head) for e in g.edges_of("relays")} == {("e:y", "e:x"), ("e:z", "e:x")}
    assert "absorbed" in g.describe() and "1 counted, 2 absorbed" in g.describe()


def test_a_reporting_loop_is_found_marked_and_labelled(tmp_path: Path) -> None:
    sources = [_src("sx", "Channel X", "B"), _src("sy", "Portal Y", "C"), _src("sz", "Blog Z", "D")]
    evidence = [_ev("x", "c1", "sx", derives={"evidence": "y"}), _ev("y", "c1", "sy", derives={"evidence": "x"}),
                _ev("z", "c1", "sz", derives={"evidence": "x"})]
    data, assessed = _project(tmp_path, sources, [_claim("c1")], evidence)
    assert "circular_reporting" in assessed["claims"][0]["flags"]
    g = build_claim_graph(data, assessed, "c1")
    (loop,) = g.loops
    assert loop.items == ("x", "y") and loop.sources == ("sx", "sy")
    assert loop.label == "Circular reporting: Channel X → Portal Y → Channel X"
    loop_edges = {(e.tail, e.head) for e in g.edges_of("relays") if e.in_loop}
    assert loop_edges == {("e:x", "e:y"), ("e:y", "e:x")}
    assert not [e for e in g.edges_of("relays") if e.tail == "e:z"][0].in_loop   # z feeds the loop
    assert g.node("e:x").in_loop and not g.node("e:z").in_loop
    assert g.node("s:sx").in_loop and not g.node("s:sz").in_loop
    (cluster,) = g.clusters
    assert cluster.circular and cluster.origin == "cycle:sx" and cluster.label == loop.label
    assert set(cluster.members) == {"e:x", "e:y", "e:z"} and len(cluster.counted) == 1
    assert loop.label in g.describe()


def test_find_loops_finds_each_cycle_once() -> None:
    items = [{"id": i, "derives_from": {"evidence": d}} for i, d in
             (("a", "b"), ("b", "c"), ("c", "a"), ("d", "a"), ("e", "f"), ("f", "e"))]
    items.append({"id": "g", "derives_from": None})
    assert find_loops(items) == [["a", "b", "c"], ["e", "f"]]


def test_near_duplicate_images_link_the_items_that_cite_them(tmp_path: Path) -> None:
    docs = [{"id": d, "title": d, "text": f"Photo {d}.", "media": {
        "type": "image/png", "sha256": d * 4, "width": 10, "height": 10, "taken": None, "gps": None,
        "camera": None, "near_duplicates": dup}} for d, dup in (("d1", ["d2"]), ("d2", ["d1"]), ("d3", []))]
    sources = [_src("s1", "Agency photo"), _src("s2", "Social post", "E"), _src("s3", "Other photo")]
    evidence = [_ev("a", "c1", "s1", document="d1"), _ev("b", "c1", "s2", document="d2"),
                _ev("c", "c1", "s3", document="d3")]
    data, assessed = _project(tmp_path, sources, [_claim("c1")], evidence, docs)
    g = build_claim_graph(data, assessed, "c1")
    assert [(e.tail, e.head, e.label) for e in g.edges_of("near_duplicate")] == [
        ("e:a", "e:b", "near-duplicate image")]


def test_whole_project_marks_single_points_of_failure_relay_only_sources_and_loops(tmp_path: Path) -> None:
    sources = [_src("m", "Ministry", "C"), _src("w1", "Wire one", "B"), _src("w2", "Wire two", "B"),
               _src("i", "Independent", "B"), _src("lx", "Loop X", "C"), _src("ly", "Loop Y", "C")]
    claims = [_claim(f"c{i}", f"Claim {i}") for i in range(1, 5)]
    evidence = [
        _ev("a1", "c1", "m"), _ev("a2", "c1", "w1", derives={"evidence": "a1"}),
        _ev("b1", "c2", "m"), _ev("b2", "c2", "w1", derives={"evidence": "b1"}),
        _ev("b3", "c2", "w2", derives={"source": "m"}),
        _ev("d1", "c3", "i"), _ev("d2", "c3", "w2", derives={"evidence": "d1"}),
        _ev("d3", "c3", "m", stance="contradicts"),
        _ev("l1", "c4", "lx", derives={"evidence": "l2"}), _ev("l2", "c4", "ly", derives={"evidence": "l1"}),
    ]
    data, assessed = _project(tmp_path, sources, claims, evidence)
    g = build_project_graph(data, assessed)
    assert g.scope == "project" and {n.ref for n in g.nodes} == {s["id"] for s in sources}
    m = g.node("s:m")
    assert m.origin_of == 3 and m.sole_origin_of == 2 and m.single_point
    assert not g.node("s:i").single_point and g.node("s:i").origin_of == 1
    assert g.node("s:w1").relay_only and g.node("s:w2").relay_only and not m.relay_only
    relays = {(e.tail, e.head): e for e in g.edges_of("relays")}
    assert relays[("s:w1", "s:m")].count == 2 and relays[("s:w1", "s:m")].label == "relays ×2"
    assert relays[("s:w2", "s:m")].count == 1 and ("s:w2", "s:i") in relays
    assert relays[("s:lx", "s:ly")].in_loop and relays[("s:ly", "s:lx")].in_loop
    assert [loop.label for loop in g.loops] == ["Circular reporting: Loop X → Loop Y → Loop X"]
    text = g.describe()
    assert "Ministry (only origin of 2 claims)" in text and "Circular reporting" in text


# --------------------------------------------------------------------------- drawing


def _svg_texts(svg: bytes) -> str:
    root = ET.fromstring(svg)
    return " ".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))


def test_the_svg_names_every_source_and_labels_the_loop_and_is_stable(tmp_path: Path) -> None:
    sources = [_src("sx", "Channel X", "B"), _src("sy", "Portal Y", "C"), _src("sz", "Blog Z", "D")]
    evidence = [_ev("x", "c1", "sx", derives={"evidence": "y"}), _ev("y", "c1", "sy", derives={"evidence": "x"}),
                _ev("z", "c1", "sz", stance="contradicts")]
    data, assessed = _project(tmp_path, sources, [_claim("c1")], evidence)
    g = build_claim_graph(data, assessed, "c1")
    svg = render(g, "svg")
    texts = _svg_texts(svg)
    for name in ("Channel X", "Portal Y", "Blog Z"):
        assert name in texts
    assert "Circular reporting: Channel X → Portal Y → Channel X" in texts
    # Every node is an element with an id the app maps back to the model.
    root = ET.fromstring(svg)
    ids = {el.get("id") for el in root.iter(f"{SVG}g") if el.get("class") == "node"}
    assert {node_for_dom_id(g, i).id for i in ids} == {n.id for n in g.nodes}
    # Same project, same picture; the dark scheme is another picture.
    again = build_claim_graph(data, assessed, "c1")
    assert render(again, "svg") == svg
    dark = render(g, "svg", "dark")
    assert dark != svg and b"#1e1f22" in dark


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_the_png_is_a_real_image(demo) -> None:
    from PySide6.QtGui import QImage

    data, assessed, _svc = demo
    png = render(build_claim_graph(data, assessed, "c1"), "png")
    w, h = _png_size(png)
    img = QImage()
    assert img.loadFromData(png, "PNG") and (img.width(), img.height()) == (w, h)
    assert w > 300 and h > 200


# --------------------------------------------------------------------------- vwb graph


def test_vwb_graph_writes_svg_and_png_for_a_claim_and_for_the_project(demo_path: Path, tmp_path: Path) -> None:
    from PySide6.QtGui import QImage

    svc = ProjectService.open(demo_path, read_only=True)
    names = [s["name"] for s in svc.list_sources()]
    c1_sources = {svc.source(e["source"])["name"] for e in svc.evidence_for_claim("c1")}
    svc.close()
    res = run_vwb("graph", demo_path, "-o", tmp_path / "all.svg")
    assert res.returncode == 0, res.stderr
    texts = _svg_texts((tmp_path / "all.svg").read_bytes())
    for name in names:
        assert " ".join(name.split()) in texts, name
    res = run_vwb("graph", demo_path, "--claim", "c1", "-o", tmp_path / "c1.svg")
    assert res.returncode == 0, res.stderr
    texts = _svg_texts((tmp_path / "c1.svg").read_bytes())
    for name in c1_sources | {"Ukrainian military intelligence source"}:
        assert " ".join(name.split()[:2]) in texts
    for target, extra in (("c1.png", ["--claim", "c1"]), ("all.png", []), ("dark.png", ["--scheme", "dark"])):
        res = run_vwb("graph", demo_path, *extra, "-o", tmp_path / target)
        assert res.returncode == 0, res.stderr
        img = QImage(str(tmp_path / target))
        assert not img.isNull() and img.width() > 100


def test_vwb_graph_labels_a_circular_reporting_loop(tmp_path: Path) -> None:
    sources = [_src("sx", "Channel X", "B"), _src("sy", "Portal Y", "C")]
    evidence = [_ev("x", "c1", "sx", derives={"evidence": "y"}), _ev("y", "c1", "sy", derives={"evidence": "x"})]
    _project(tmp_path, sources, [_claim("c1")], evidence)
    for extra in (["--claim", "c1"], []):
        out = tmp_path / "g.svg"
        res = run_vwb("graph", tmp_path / "p.db", *extra, "-o", out)
        assert res.returncode == 0, res.stderr
        texts = _svg_texts(out.read_bytes())
        assert "Channel X" in texts and "Portal Y" in texts
        assert "circular" in texts


@pytest.mark.parametrize(("args", "message"), [
    (["--claim", "nope", "-o", "{tmp}/g.svg"], "no claim with id 'nope'"),
    (["-o", "{tmp}/g.pdf"], "g.pdf: the output must end in .svg or .png"),
    (["-o", "{tmp}/missing/g.svg"], "g.svg: cannot be written"),
])
def test_vwb_graph_bad_input_is_one_line_exit_2(demo_path: Path, tmp_path: Path, args: list[str],
                                                message: str) -> None:
    res = run_vwb("graph", demo_path, *[a.format(tmp=tmp_path) for a in args])
    assert res.returncode == 2 and message in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1
    assert not list(tmp_path.glob("*.svg")) and not list(tmp_path.glob("*.pdf"))


# --------------------------------------------------------------------------- the memo's figures


def test_the_html_memo_carries_each_claims_graph_with_a_text_alternative(demo_service, tmp_path: Path) -> None:
    import base64
    import re

    from workbench.memo.reports import build, write_memo

    memo = build(demo_service, graphs=True)
    with_items = {c["id"] for c in demo_service.list_claims() if demo_service.evidence_for_claim(c["id"])}
    assert {c.claim_id for c in memo.claims if c.figure is not None} == with_items
    c1 = next(c for c in memo.claims if c.claim_id == "c1")
    texts = _svg_texts(c1.figure.svg.encode())
    assert "BBC" in texts and "E1 corroborates" in texts          # numbered as in the evidence tables
    assert "E1: BBC (B3) corroborates, relays Ukrainian military intelligence source; counted." in c1.figure.alt
    out = write_memo(demo_service, tmp_path / "memo.html", "html")
    html = out.read_text(encoding="utf-8")
    figures = re.findall(r'<figure class="provenance"><img src="data:image/svg\+xml;base64,([^"]+)" alt="([^"]+)"',
                         html)
    assert len(figures) == len(with_items)
    svg = base64.b64decode(figures[0][0])
    assert ET.fromstring(svg).tag == f"{SVG}svg"
    # The external edition never names a confidential source, in the picture or its words.
    external = write_memo(demo_service, tmp_path / "external.html", "html", external=True).read_text("utf-8")
    assert "Ukrainian military intelligence" not in external
    for data, _alt in re.findall(r'base64,([^"]+)" alt="([^"]+)"', external):
        assert "Ukrainian military intelligence" not in base64.b64decode(data).decode("utf-8")
    assert "relays Source 1 (graded C)" in external


def test_names_with_quotes_backslashes_and_markup_are_drawn_as_written(tmp_path: Path) -> None:
    odd = 'Radio "Free" \\ <b>Voice</b> & Co'
    sources = [_src("s1", odd), _src("s2", "Plain")]
    claims = [_claim("c1", 'He said "no" \\n <i>twice</i>')]
    data, assessed = _project(tmp_path, sources, claims, [_ev("a", "c1", "s1"), _ev("b", "c1", "s2",
                                                                                   derives={"evidence": "a"})])
    for g in (build_claim_graph(data, assessed, "c1"), build_project_graph(data, assessed)):
        svg = render(g, "svg")
        texts = _svg_texts(svg)
        assert 'Radio "Free" \\ <b>Voice</b> & Co' in " ".join(texts.split())
        tips = [a.get("{http://www.w3.org/1999/xlink}title") for a in ET.fromstring(svg).iter(f"{SVG}a")]
        assert any(t and t.startswith(odd) for t in tips)
    texts = _svg_texts(render(build_claim_graph(data, assessed, "c1"), "svg"))
    assert '\\n' in texts and "<i>twice</i>" in texts


def test_the_whole_project_picture_is_the_same_every_time(demo) -> None:
    data, assessed, _svc = demo
    first = render(build_project_graph(data, assessed), "svg")
    assert render(build_project_graph(data, assessed), "svg") == first
    assert b"sfdp" not in first and ET.fromstring(first).tag == f"{SVG}svg"


def test_two_imported_copies_of_one_picture_are_linked_in_the_graph(tmp_path: Path) -> None:
    """End to end: real PNG files imported by ``vwb import`` (which marks the
    second as a near-duplicate of the first), quoted by two sources."""
    from PySide6.QtGui import QColor, QFont, QImage, QPainter

    files = []
    for name, shift in (("agency.png", 0), ("repost.png", 3)):
        img = QImage(400, 300, QImage.Format.Format_RGB32)
        img.fill(QColor("white"))
        p = QPainter(img)
        p.setFont(QFont("DejaVu Sans", 28))
        p.fillRect(20 + shift, 150, 200, 100, QColor("#225599"))
        p.drawText(30, 80, "Convoy at the border")
        p.end()
        assert img.save(str(tmp_path / name))
        files.append(tmp_path / name)
    project = tmp_path / "p.db"
    assert run_vwb("new", project).returncode == 0
    res = run_vwb("import", project, *files, "--json")
    assert res.returncode == 0, res.stderr
    svc = ProjectService.open(project)
    try:
        first, second = (d["id"] for d in sorted(svc.list_documents(), key=lambda d: d["title"] or ""))
        svc.add_source("Photo agency", "outlet", "B", id="agency")
        svc.add_source("Reposting account", "person", "E", id="repost")
        svc.add_claim("A convoy crossed the border", id="c1")
        svc.link_evidence("c1", "agency", "corroborates", 2, id="a", document=first)
        svc.link_evidence("c1", "repost", "corroborates", 3, id="b", document=second)
        svc.link_evidence("c1", "agency", "context", 6, id="c")
        data, assessed = svc.dump(), assessments_json(svc.assess_all())
    finally:
        svc.close()
    g = build_claim_graph(data, assessed, "c1")
    assert [(e.tail, e.head) for e in g.edges_of("near_duplicate")] == [("e:a", "e:b")]
    assert "near-duplicate image" in _svg_texts(render(g, "svg"))
    assert "1 pair of items cite near-duplicate images." in g.describe()


def test_vwb_graph_without_graphviz_is_one_line_exit_2(demo_path: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    res = run_vwb("graph", demo_path, "-o", tmp_path / "g.svg")
    assert res.returncode == 2 and "Graphviz is not installed" in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1 and not (tmp_path / "g.svg").exists()


def test_the_longest_claim_a_project_accepts_is_drawn_without_a_word_on_stderr(demo_path: Path,
                                                                                 tmp_path: Path) -> None:
    """Graphviz refuses quoted strings over 16 KB and printed its complaint on stderr: a 20,000-character
    claim (the limit) failed the memo in three lines. Long texts are cut in the graph, the memo keeps them."""
    from tests.conftest import run_sql, run_vwb

    run_sql(demo_path, "UPDATE claim SET text = printf('%.*c', 19998, 'x') || '\\\"' WHERE id = 'c1'")
    for args in (["graph", demo_path, "--claim", "c1", "-o", tmp_path / "g.svg"],
                 ["memo", demo_path, "-o", tmp_path / "m.html", "--format", "html"],
                 # the old Qt renderer printed "QPainter::begin(): Returned false" for a long claim
                 ["memo", demo_path, "-o", tmp_path / "m.pdf", "--format", "pdf"]):
        res = run_vwb(*args)
        assert res.returncode == 0 and res.stderr == "", (args[0], res.stderr)
    assert "x" * 19998 in (tmp_path / "m.html").read_text()
