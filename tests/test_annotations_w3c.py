"""The W3C Web Annotation export: valid against the W3C test suite, and it lands on the page."""

from __future__ import annotations

import copy
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests import memo_fixture as fx
from tests import w3c_annotation_suite as suite
from workbench.documents.importers import htmlpage
from workbench.memo.exports import export_annotations
from workbench.memo.reports import write_export
from workbench.service import ProjectService

OPTIONAL_FEATURES = (  # what we implement beyond the MUSTs, each checked by the suite's own schema
    "annotations/3.3.1-annotationCreatorImplemented.json",
    "annotations/3.3.1-annotationCreatedImplemented.json",
    "annotations/3.3.5-annotationMotivationImplemented.json",
    "annotations/specificResource/4.2.4-textQuoteSelector.json",
    "annotations/specificResource/4.2.5-textPositionSelector.json",
)

PAGE = """<!doctype html><html><head><title>Troops | Example News</title>
<script>var tracking = "North Korean soldiers";</script><style>p{margin:0}</style></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>North Korean troops reach the Far East</h1>
<p>Officials in Seoul said on Friday that a first group of
   soldiers had left Wonsan by sea.</p>
<aside class="ad">Subscribe now for only $1 a week</aside>
<p>According to military sources in Russia&#8217;s Far East, a number of North Koreans
have arrived at a military base near Ussuriysk, north of Vladivostok.</p>
<figure><figcaption>Photo: satellite image of the port</figcaption></figure>
<p>Ukrainian intelligence says about 3,000 soldiers will follow in the coming weeks, and that the unit
is being trained by Russian officers before any deployment.</p>
<p>The Kremlin declined to comment on the reports, calling them speculation.</p>
<p>Analysts in Seoul expect more details from the intelligence service next week.</p>
</article><footer>© Example News</footer></body></html>
"""


class _Visible(HTMLParser):
    """The page's visible words, gathered independently of the importer (stdlib parser)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0
        self.in_body = False

    def handle_starttag(self, tag, attrs):  # noqa: ANN001, ANN201
        self.in_body |= tag == "body"
        self.skip += tag in ("script", "style", "title")

    def handle_endtag(self, tag):  # noqa: ANN001, ANN201
        self.skip -= tag in ("script", "style", "title")

    def handle_data(self, data):  # noqa: ANN001, ANN201
        if self.in_body and not self.skip:
            self.parts.append(data)

    def words(self) -> str:
        return re.sub(r"\s+", " ", "".join(self.parts)).strip()


def _visible(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return parser.words()


def _items(data: dict) -> list[dict]:
    return data["first"]["items"]


def _check_suite(data: dict, lifecycle: bool = True) -> None:
    context = data["@context"]
    assert suite.must_failures("collections/collectionMusts.test", data) == []
    assert suite.must_failures("collections/pages/pageMusts.test", {"@context": context, **data["first"]}) == []
    wanted = [a for a in OPTIONAL_FEATURES if lifecycle or "3.3.1" not in a]
    for item in _items(data):
        doc = {"@context": context, **item}
        assert suite.must_failures("annotations/annotationMusts.test", doc) == [], item["id"]
        assert [a for a in wanted if not suite.passes(a, doc)] == [], item["id"]


@pytest.fixture
def svc(tmp_path: Path):
    service = ProjectService.create(tmp_path / "p.vwb", "", analyst="Ana Analyst")
    service.load_exchange(fx.exchange())
    yield service
    service.close()


def test_the_export_passes_the_w3c_suite_with_creator_and_created(svc, tmp_path):
    svc.update_claim("c2", note="checked again")
    out = tmp_path / "annotations.jsonld"
    summary = write_export(svc, out, "annotations")
    data = json.loads(out.read_text(encoding="utf-8"))
    assert summary == f"{data['total']} annotations written"
    _check_suite(data)
    c2 = next(i for i in _items(data) if i["id"] == "urn:vwb:claim:c2")
    assert c2["creator"] == {"type": "Person", "name": "Ana Analyst"}
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", c2["created"])
    assert c2.get("modified", c2["created"]) >= c2["created"]  # "modified" only when a later second


def test_the_suite_harness_fails_what_it_should():
    incorrect = 0
    for path in sorted((suite.SUITE / "tools" / "samples" / "incorrect").glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            continue  # some samples are not JSON at all
        assert suite.must_failures("annotations/annotationMusts.test", data), path.name
        incorrect += 1
    assert incorrect >= 20
    good = _items(export_annotations(fx.exchange()))[0]
    broken = copy.deepcopy(good) | {"@context": "http://www.w3.org/ns/anno.jsonld", "created": "yesterday"}
    del broken["target"]
    failures = "\n".join(suite.must_failures("annotations/annotationMusts.test", broken))
    assert "3.1-targetKeyFound" in failures and "3.3.1-annotationCreatedValidated" in failures


def test_a_document_with_an_address_is_targeted_on_the_page_and_in_our_copy():
    project = fx.exchange()
    data = export_annotations(project)
    _check_suite(data, lifecycle=False)
    text = project["documents"][0]["text"]
    c1 = next(i for i in _items(data) if i["id"] == "urn:vwb:claim:c1")
    page, ours = c1["target"]
    assert page["source"] == project["documents"][0]["url"]
    assert page["selector"]["type"] == "TextQuoteSelector"
    assert ours["source"] == "urn:vwb:document:d1"
    quote, position = ours["selector"]
    assert text[position["start"]:position["end"]] == quote["exact"]
    assert page["selector"]["exact"] == " ".join(quote["exact"].split())
    project["documents"][0]["url"] = None  # no page: only our copy
    c1 = next(i for i in _items(export_annotations(project)) if i["id"] == "urn:vwb:claim:c1")
    assert c1["target"]["source"] == "urn:vwb:document:d1"


def test_quotes_are_the_words_as_they_stand_on_the_original_page(tmp_path):
    path = tmp_path / "troops.html"
    path.write_text(PAGE, encoding="utf-8")
    doc = htmlpage.load(path, path.read_bytes())
    page_words = _visible(PAGE)
    assert doc.page_text == page_words  # what was kept at import is what a browser shows
    assert "Subscribe now" not in doc.text  # ... while the extraction dropped the page furniture
    svc = ProjectService.create(tmp_path / "p.vwb", "", analyst="Ana Analyst")
    try:
        changes = svc.import_document(doc)
        doc_id = changes.new_id
        text = svc.document(doc_id)["text"]
        svc.load_exchange({"documents": [{"id": doc_id, "url": "https://news.example.org/troops"}]})
        pairs = {"c1": "According to military sources",
                 "c2": "Ukrainian intelligence says about 3,000 soldiers",
                 "c3": "soldiers had left Wonsan by sea"}
        for cid, words in pairs.items():
            start = text.index(words) if words in text else text.index(words.split()[0])
            end = start + len(words)
            if text[start:end] != words:  # the extraction may break lines differently
                m = re.search(r"\s+".join(map(re.escape, words.split())), text)
                start, end = m.start(), m.end()
            svc.add_claim(words, doc_id, start, end, id=cid)
        data = export_annotations(svc.dump(), svc.provenance())
    finally:
        svc.close()
    _check_suite(data)
    for item in _items(data):
        page, ours = item["target"]
        sel = page["selector"]
        assert sel["prefix"] + sel["exact"] + sel["suffix"] in page_words, item["id"]
        assert len(sel["prefix"]) == 32 and len(sel["suffix"]) == 32
    c1 = next(i for i in _items(data) if i["id"] == "urn:vwb:claim:c1")
    page_sel = c1["target"][0]["selector"]
    our_sel = c1["target"][1]["selector"][0]
    # on the page the advert sits before the passage; in our text it does not
    assert page_sel["prefix"].endswith("now for only $1 a week ")
    assert our_sel["prefix"].endswith("left Wonsan by sea.\n\n")
    c2 = next(i for i in _items(data) if i["id"] == "urn:vwb:claim:c2")
    assert c2["target"][0]["selector"]["prefix"].endswith("satellite image of the port ")
    c3 = next(i for i in _items(data) if i["id"] == "urn:vwb:claim:c3")
    assert c3["target"][0]["selector"]["prefix"].endswith("that a first group of ")  # the line break is a space
