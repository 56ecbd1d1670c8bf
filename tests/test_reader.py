"""The sqlite3 reader the app paints from before the service is loaded (workbench.reader, issue 21).

Its reads must be exactly the service's (the views cannot tell which one
answered), it must refuse every file the service refuses before reading
anything, and handing the file over to the service must keep the writer lock
and let writes name the versions that were read.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, run_sql
from workbench.reader import ProjectFileError, ProjectInUseError, open_reader
from workbench.service import ProjectService


def _synthetic(tmp_path: Path) -> Path:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import synth
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    data = synth.make_exchange(claims=60, sources=20, evidence=300, documents=4, doc_chars=3000)
    data["project"]["half_life_days"] = 200
    data["project"]["publisher"] = {"name": "Example News", "url": "https://news.example"}
    svc = ProjectService.create(tmp_path / "synthetic.db", "Synthetic", analyst="tester")
    svc.load_exchange(data)
    svc.close()
    return tmp_path / "synthetic.db"


def _every_read(r: Any) -> dict[str, Any]:
    docs = r.list_documents()
    claims = r.list_claims()
    evidence = r.list_evidence()
    out: dict[str, Any] = {
        "title": r.title(), "settings": r.settings().to_json(), "publishing": r.publishing(),
        "documents": docs, "claims": claims,
        "sources": r.list_sources(), "evidence": evidence, "assess_all": r.assess_all(),
        "document": [r.document(d["id"]) for d in docs] + [r.document("missing")],
        "claims_in": [r.list_claims(d["id"]) for d in docs],
        "evidence_in": [r.list_evidence(d["id"]) for d in docs],
        "claim": [r.claim(c["id"]) for c in claims] + [r.claim("missing")],
        "source": [r.source(s["id"]) for s in r.list_sources()],
        "evidence_for": [r.evidence_for_claim(c["id"]) for c in claims],
        "evidence_for_claims": r.evidence_for_claims([c["id"] for c in claims[::2]] + ["missing"]),
        "evidence_one": [r.evidence(e["id"]) for e in evidence[:50]],
        "document_reading": [r.document_reading(d["id"], [c["id"] for c in claims[i::3]][:20] + ["missing"])
                             for i, d in enumerate(docs)] + [r.document_reading("missing", ["x"])],
        "assess_some": r.assess_claims([c["id"] for c in claims[::3]]),
        "assess_one": [r.assess_claim(c["id"]) for c in claims[:5]],
        "dismissed": [r.dismissed_suggestions(d["id"]) for d in docs],
    }
    out["versions"] = {(k, o["id"]): r.version_of(k, o["id"])
                       for k, objs in (("claims", claims), ("evidence", evidence)) for o in objs}
    return out


@pytest.mark.parametrize("project", ["demo", "synthetic"])
def test_every_read_is_exactly_the_services(project: str, demo_path: Path, tmp_path: Path) -> None:
    path = demo_path if project == "demo" else _synthetic(tmp_path)
    svc = ProjectService.open(path, read_only=True, analyst="tester")
    try:
        expected = _every_read(svc)
    finally:
        svc.close()
    reader = open_reader(path, read_only=True)
    try:
        got = _every_read(reader)
    finally:
        reader.close()
    assert got["claims"] and got["evidence"] and any(e["date"] for e in got["evidence"])
    for key in expected:
        assert got[key] == expected[key], key


def test_a_document_reading_gives_each_evidence_item_as_reading_it_alone_does(tmp_path: Path) -> None:
    """A document reading builds its records its own way (rows.evidence_record): in the service and
    the reader, the same items, the same keys in the same order and the same types as the
    service's one-item read through the ORM, whatever the item's anchor, origin and date."""
    path = _synthetic(tmp_path)
    svc = ProjectService.open(path, read_only=True, analyst="tester")
    reader = open_reader(path, read_only=True)
    try:
        shapes = set()
        for d in svc.list_documents():
            claims = [c["id"] for c in svc.list_claims(d["id"])]
            for r in (svc, reader):
                reading = r.document_reading(d["id"], claims)
                assert reading is not None and reading["evidence"]
                for e in reading["evidence"] + [e for c in claims for e in reading["by_claim"][c]]:
                    alone = svc.evidence(e["id"])
                    assert [(k, v, type(v)) for k, v in e.items()] == [(k, v, type(v)) for k, v in alone.items()]
                    shapes.add((bool(e.get("anchor")), str(e["derives_from"])[:5], bool(e["date"])))
        assert len(shapes) >= 4  # anchored or not, derived or not, dated or not
    finally:
        reader.close()
        svc.close()


def test_a_hostile_file_is_refused_before_anything_is_read(demo_path: Path) -> None:
    run_sql(demo_path, "CREATE TRIGGER t AFTER INSERT ON claim BEGIN SELECT 1; END")
    with pytest.raises(ProjectFileError, match="unexpected trigger 't'"):
        open_reader(demo_path)
    with pytest.raises(ProjectFileError, match="unexpected trigger 't'"):
        ProjectService.open(demo_path)


def test_a_bad_value_is_refused_as_the_service_refuses_it(demo_path: Path) -> None:
    run_sql(demo_path, "UPDATE evidence SET stance = 'maybe'")
    with pytest.raises(ProjectFileError) as by_reader:
        open_reader(demo_path)
    with pytest.raises(ProjectFileError) as by_service:
        ProjectService.open(demo_path)
    assert str(by_reader.value) == str(by_service.value)
    assert "unknown stance" in str(by_reader.value)


def test_checking_and_reading_a_file_does_not_import_sqlalchemy(demo_path: Path) -> None:
    code = ("import sys; from workbench.reader import open_reader; r = open_reader(sys.argv[1]); "
            "r.list_claims(); r.assess_all(); r.document(r.list_documents()[0]['id']); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'sqlalchemy' "
            "or m in ('workbench.service', 'workbench.store.model', 'workbench.store.exchange')))")
    out = subprocess.run([sys.executable, "-c", code, str(demo_path)], capture_output=True, text=True,
                         cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_the_service_takes_over_the_lock_and_the_versions_read(demo_path: Path) -> None:
    reader = open_reader(demo_path, analyst="tester")
    with pytest.raises(ProjectInUseError):
        open_reader(demo_path)  # the writer lock is held from the first look
    claim = reader.list_claims()[0]
    version = reader.version_of("claims", claim["id"])
    svc = reader.open_service()
    reader.close()
    try:
        with pytest.raises(ProjectInUseError):
            ProjectService.open(demo_path)  # the lock went over to the service, it was not dropped
        assert svc.version_of("claims", claim["id"]) == version
        svc.update_claim(claim["id"], note="checked")
        assert svc.claim(claim["id"])["note"] == "checked"
        assert svc.analyst == "tester"
    finally:
        svc.close()
    ProjectService.open(demo_path).close()  # released on close


def test_closing_the_reader_without_a_service_releases_the_file(demo_path: Path) -> None:
    open_reader(demo_path).close()
    ProjectService.open(demo_path).close()


def test_listed_rows_and_assessments_keep_one_copy_of_repeated_values(tmp_path: Path) -> None:
    """The window keeps every listed row and assessment while the project is open (20,000 claims and
    100,000 items on XL): a value repeated across rows is one string object, not one per row."""
    reader = open_reader(_synthetic(tmp_path), read_only=True)
    try:
        claims, sources, assessed = reader.list_claims(), reader.list_sources(), reader.assess_all()
    finally:
        reader.close()
    for rows, field in ((claims, "document"), (claims, "status"), (claims, "anchor"), (claims, "changed_at"),
                        (sources, "kind"), (sources, "reliability")):
        values = [r[field] for r in rows if isinstance(r[field], str)]
        assert len(values) > len(set(values)) > 0, field
        assert len({id(v) for v in values}) == len(set(values)), field
    assert all(c["exact"] is c["text"] for c in claims if c["exact"] == c["text"]) and claims
    items = [b for a in assessed.values() for b in a.evidence]
    for field in ("source", "stance", "diagnosticity"):
        values = [getattr(b, field) for b in items]
        assert len({id(v) for v in values}) == len(set(values)) < len(values), field
    for field in ("reliability_path", "trust", "weight"):  # equal figures: one float object
        values = [getattr(b, field) for b in items if getattr(b, field)]
        assert len({id(v) for v in values}) == len(set(values)) < len(values), field


@pytest.mark.parametrize("reads", ["reader", "service"])
def test_listed_rows_are_compact_records_that_read_as_plain_dicts(reads: str, tmp_path: Path) -> None:
    """Every listed row stays in the window while the project is open; the reader's and the
    service's (a team project's only reads) are compact: a dict sharing its keys table with the
    other rows of its kind and its repeated values with theirs, yet an ordinary ``dict`` to read,
    copy, change and encode."""
    import json

    path = _synthetic(tmp_path)
    r: Any = open_reader(path, read_only=True) if reads == "reader" else ProjectService.open(path, read_only=True)
    try:
        kinds = {"documents": r.list_documents(), "claims": r.list_claims(), "sources": r.list_sources(),
                 "evidence": r.list_evidence()}
    finally:
        r.close()
    for kind, rows in kinds.items():
        assert rows, kind
        for row in rows:
            plain = dict(list(row.items()))
            assert type(row) is dict and row == plain and list(row) == list(plain), kind
            assert json.dumps(row) == json.dumps(plain) and row.copy() == plain and row | {} == plain, kind
            assert sys.getsizeof(row) < sys.getsizeof(plain), kind
    claims = kinds["claims"]
    for field in ("document", "status", "changed_at", "base_rate"):
        values = [c[field] for c in claims]
        assert len({id(v) for v in values}) == len(set(values)) < len(values), field
    changed = claims[0]
    changed["note"], changed["added"] = "edited", 1  # still a dict like any other
    assert changed["note"] == "edited" and changed["added"] == 1 and claims[1]["note"] != "edited"
