"""Evidence links, archived copies and a photo's EXIF reach the memo; a withheld source's links do not."""

from __future__ import annotations

from datetime import datetime

from tests import memo_fixture as fx
from workbench.memo.html import memo_to_html
from workbench.memo.markdown import memo_to_markdown
from workbench.memo.model import build_memo


def _memo(project: dict, external: bool = False):
    return build_memo(project, fx.assess(project), external=external, analyst="Jane Analyst",
                      file_sha256="ab" * 32, generated=datetime(2024, 10, 20, 14, 30), history=fx.history())


def _with_links() -> tuple[dict, str, str]:
    project = fx.exchange()
    open_ev = next(e for e in project["evidence"] if e["source"] == "s1")
    secret_ev = next(e for e in project["evidence"] if e["source"] == "s2")
    open_ev["url"] = "https://www.bbc.example/news/123"
    open_ev["archived_url"] = "https://web.archive.org/web/2024/https://www.bbc.example/news/123"
    secret_ev["url"] = "https://t.me/secret_channel/77"
    doc = next(d for d in project["documents"] if d["id"] == open_ev.get("document")) if open_ev.get("document") \
        else project["documents"][0]
    doc["media"] = {"type": "photo", "sha256": "0" * 64, "width": 10, "height": 10,
                    "taken": "2024-10-09T14:03:27+03:00", "camera": "Canon EOS 5D", "gps": [50.4501, 30.5234],
                    "near_duplicates": []}
    return project, open_ev["id"], secret_ev["id"]


def test_links_and_exif_are_in_both_renderings() -> None:
    project, _open_id, _secret = _with_links()
    memo = _memo(project)
    for text in (memo_to_html(memo), memo_to_markdown(memo)):
        assert "Link: https://www.bbc.example/news/123" in text
        assert "Archived copy: https://web.archive.org/web/2024/https://www.bbc.example/news/123" in text
        assert "Picture taken 2024-10-09 14:03:27+03:00, camera Canon EOS 5D, GPS 50.45010, 30.52340" in text


def test_the_external_edition_leaves_out_a_withheld_sources_link() -> None:
    project, _open_id, _secret = _with_links()
    internal, external = _memo(project), _memo(project, external=True)
    assert "t.me/secret" in memo_to_markdown(internal)
    for text in (memo_to_html(external), memo_to_markdown(external)):
        assert "t.me/secret" not in text
        assert "https://www.bbc.example/news/123" in text


def test_the_csv_export_has_the_links(tmp_path) -> None:
    import csv

    from workbench.memo.exports import export_csv

    project, open_id, secret_id = _with_links()
    out = tmp_path / "x.csv"
    export_csv(project, fx.assess(project), out, external=True)
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = {r["evidence_id"]: r for r in csv.DictReader(handle) if r["record"] == "evidence"}
    assert rows[open_id]["url"] == "https://www.bbc.example/news/123"
    assert rows[open_id]["archived_url"].startswith("https://web.archive.org/")
    assert rows[secret_id]["url"] == ""  # a withheld source's link would name it
