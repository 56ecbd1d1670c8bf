"""Publishing fact-checks: publisher settings, the verdict scale, claim reviews and ClaimReview."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from tests import claimreview_rules
from tests import memo_fixture as fx
from tests.conftest import run_vwb
from workbench.analysis.verdicts import VerdictError, default_verdicts, parse_verdicts
from workbench.demo import demo_exchange
from workbench.memo.exports import PublishingError, claimreview_summary, export_claimreview, short_claim
from workbench.service import ProjectService
from workbench.store.exchange import ExchangeError

PUBLISHER = {"name": "Example Fact Desk", "url": "https://factdesk.example.org/",
             "logo": "https://factdesk.example.org/logo.png"}


def published(project: dict) -> dict:
    """The fixture project with a publisher, three claims ready to publish and one not."""
    project = copy.deepcopy(project)
    project["project"]["publisher"] = dict(PUBLISHER)
    for cid, status, verdict in (("c1", "verified", None), ("c2", "disputed", None), ("c3", "closed", None),
                                 ("c4", "verified", "Mostly false")):
        claim = next(c for c in project["claims"] if c["id"] == cid)
        claim["status"] = status
        claim["review"] = {"url": f"https://factdesk.example.org/checks/{cid}", "published": "2024-10-21",
                           "verdict": verdict}
    project["claims"][0]["claimant"] = "s4"
    project["claims"][1]["claimant"] = "s5"
    project["claims"][2]["claimant"] = "s2"  # confidential: never named in ClaimReview
    project["claims"][3]["claimant"] = "s7"
    project["claims"][4]["status"] = "verified"  # c5: no review address -> left out
    return project


def _numbered(project: dict) -> set[str]:
    scale = parse_verdicts(project["project"].get("verdicts") or default_verdicts())
    return {v.label for v in scale.labels if v.rating is not None}


# ----------------------------------------------------------------- verdict scale


def test_default_scale_maps_likelihood_and_confidence():
    scale = parse_verdicts(default_verdicts())
    assert [v.label for v in scale.labels] == ["True", "Mostly true", "Unproven", "Mostly false", "False"]
    assert scale.verdict("almost certain", "high").label == "True"
    assert scale.verdict("unlikely", "moderate").label == "Mostly false"
    assert scale.verdict("very likely", "low").label == "Unproven"  # low confidence never gets a verdict
    unproven = scale.verdict("roughly even chance", "high")
    assert unproven.label == "Unproven" and unproven.rating is None  # never read as "half true"
    assert scale.verdict("no assessment", "low").label == "Unproven"
    assert (scale.worst, scale.best) == (1, 5)


@pytest.mark.parametrize(("change", "message"), [
    (lambda v: v["scale"].append({"label": "true", "rating": 3}), "appears twice"),
    (lambda v: v["map"]["likely"].update(moderate="Pants on fire"), "verdicts.map.likely.moderate"),
    (lambda v: v["map"].update(maybe={}), "verdicts.map.maybe: not a likelihood word"),
    (lambda v: v["scale"][0].update(rating="5"), "verdicts.scale[0].rating"),
    (lambda v: v.update(scale=[]), "verdicts.scale"),
])
def test_a_bad_scale_is_refused_naming_the_field(change, message):
    verdicts = default_verdicts()
    change(verdicts)
    with pytest.raises(VerdictError, match=message.replace(".", r"\.").replace("[", r"\[")):
        parse_verdicts(verdicts)


def test_a_renamed_scale_needs_a_mapping_for_every_cell():
    with pytest.raises(VerdictError, match="missing"):
        parse_verdicts({"scale": [{"label": "Correct", "rating": 2}, {"label": "Wrong", "rating": 1}]})
    mapping = {row: {"low": "Wrong", "moderate": "Wrong", "high": "Correct"}
               for row in default_verdicts()["map"]}
    scale = parse_verdicts({"scale": [{"label": "Correct", "rating": 2}, {"label": "Wrong", "rating": 1}],
                            "map": mapping})
    assert scale.verdict("likely", "high").label == "Correct"


# ----------------------------------------------------------------- service and exchange


@pytest.fixture
def svc(tmp_path: Path):
    service = ProjectService.create(tmp_path / "p.vwb", "Publishing", analyst="Ana Analyst")
    service.load_exchange(fx.exchange())
    yield service
    service.close()


def test_publisher_and_verdicts_are_settings_written_by_dump_and_undone_in_one_step(svc):
    assert svc.dump()["project"]["publisher"] == {"name": "", "url": None, "logo": None}
    assert svc.dump()["project"]["verdicts"] == default_verdicts()
    verdicts = default_verdicts()
    verdicts["scale"][2]["label"] = "Unsupported"
    for row in verdicts["map"].values():
        for level, label in row.items():
            if label == "Unproven":
                row[level] = "Unsupported"
    changes = svc.set_publishing(PUBLISHER, verdicts)
    project = svc.dump()["project"]
    assert project["publisher"] == PUBLISHER
    assert project["verdicts"]["scale"][2] == {"label": "Unsupported", "rating": None}
    svc.apply_patch(changes.undo, "undo", "Undo")
    project = svc.dump()["project"]
    assert project["publisher"]["name"] == "" and project["verdicts"] == default_verdicts()
    svc.apply_patch(changes.redo, "redo", "Redo")
    assert svc.dump()["project"]["publisher"] == PUBLISHER


def test_bad_publisher_values_are_refused_and_change_nothing(svc):
    with pytest.raises(ExchangeError, match=r"publisher\.url: not a web address"):
        svc.set_publisher("Desk", "factdesk.example.org")
    with pytest.raises(ExchangeError, match=r"publisher\.logo"):
        svc.set_publisher("Desk", "https://factdesk.example.org", "javascript:alert(1)")
    with pytest.raises(ExchangeError, match=r"verdicts\.map\.likely\.high"):
        bad = default_verdicts()
        bad["map"]["likely"]["high"] = "Nope"
        svc.set_verdicts(bad)
    assert svc.dump()["project"]["publisher"]["name"] == ""


def test_exchange_round_trip_and_older_files_without_the_additions(svc, tmp_path):
    svc.set_publisher(**PUBLISHER)
    dumped = svc.dump()
    other = ProjectService.create(tmp_path / "q.vwb", "")
    try:
        other.load_exchange(dumped)
        assert other.dump()["project"]["publisher"] == PUBLISHER
        older = fx.exchange()  # no publisher, no verdicts: defaults
        assert "publisher" not in older["project"]
        third = ProjectService.create(tmp_path / "r.vwb", "")
        third.load_exchange(older)
        assert third.dump()["project"]["verdicts"] == default_verdicts()
        third.close()
    finally:
        other.close()


def test_claim_review_fields_through_the_service(svc):
    svc.set_claim_review("c1", claimant="s4", url="https://factdesk.example.org/c1", published="2024-10-21",
                         verdict="False")
    claim = svc.claim("c1")
    assert claim["claimant"] == "s4"
    assert claim["review"] == {"url": "https://factdesk.example.org/c1", "published": "2024-10-21",
                               "verdict": "False"}
    with pytest.raises(ExchangeError, match=r"claim c1: review\.url"):
        svc.set_claim_review("c1", url="not a link")
    with pytest.raises(ExchangeError, match="claimant: no source"):
        svc.set_claim_review("c1", claimant="nobody")
    svc.set_claim_review("c1")
    assert svc.claim("c1")["review"] is None and svc.claim("c1")["claimant"] is None


def test_deleting_a_source_clears_the_claims_it_made_in_one_undo_step(svc):
    svc.set_claim_review("c1", claimant="s10")
    svc.set_claim_review("c2", claimant="s10")
    changes = svc.delete_source("s10")
    assert svc.claim("c1")["claimant"] is None and svc.claim("c2")["claimant"] is None
    assert svc.source("s10") is None
    svc.apply_patch(changes.undo, "undo", "Undo")
    assert svc.source("s10") is not None
    assert svc.claim("c1")["claimant"] == "s10" and svc.claim("c2")["claimant"] == "s10"


# ----------------------------------------------------------------- ClaimReview


def test_claimreview_passes_the_search_engine_rules_and_schema_org():
    project = published(fx.exchange())
    data = json.loads(json.dumps(export_claimreview(project, fx.assess(project)), ensure_ascii=False))
    assert claimreview_rules.problems(data, _numbered(project)) == []
    reviews = {r["identifier"]: r for r in data["@graph"]}
    assert sorted(reviews) == ["c1", "c2", "c3", "c4"]  # c5 has no review address; c6 is open
    c1 = reviews["c1"]
    assert c1["url"] == "https://factdesk.example.org/checks/c1"
    assert c1["datePublished"] == "2024-10-21"
    assert c1["author"] == {"@type": "Organization", "name": "Example Fact Desk",
                            "url": "https://factdesk.example.org/",
                            "logo": {"@type": "ImageObject", "url": "https://factdesk.example.org/logo.png"}}
    assert c1["itemReviewed"]["author"] == {"@type": "Person", "name": fx.exchange()["sources"][3]["name"]}
    assert c1["itemReviewed"]["appearance"][0]["url"] == "https://news.example.org/2024/10/north-korean-troops"
    assert c1["itemReviewed"]["datePublished"] == "2024-10-10"


def test_the_rating_is_the_publishers_label_with_the_confidence_explained():
    project = published(fx.exchange())
    assessments = fx.assess(project)
    words = {a["id"]: (a["likelihood"], a["confidence"]) for a in assessments["claims"]}
    reviews = {r["identifier"]: r for r in export_claimreview(project, assessments)["@graph"]}
    scale = parse_verdicts(default_verdicts())
    for cid in ("c1", "c2", "c3"):
        rating = reviews[cid]["reviewRating"]
        likelihood, confidence = words[cid]
        assert rating["alternateName"] == scale.verdict(likelihood, confidence).label
        assert f"{likelihood} (" in rating["ratingExplanation"]
        assert f"with {confidence} confidence" in rating["ratingExplanation"]
    # c1 is "roughly even chance": Unproven, with no number an aggregator could read as "half true"
    assert words["c1"][0] == "roughly even chance"
    assert reviews["c1"]["reviewRating"]["alternateName"] == "Unproven"
    assert "ratingValue" not in reviews["c1"]["reviewRating"]
    # c4's verdict is overridden by the analyst
    assert reviews["c4"]["reviewRating"]["alternateName"] == "Mostly false"
    assert reviews["c4"]["reviewRating"]["ratingValue"] == 2
    assert (reviews["c4"]["reviewRating"]["worstRating"], reviews["c4"]["reviewRating"]["bestRating"]) == (1, 5)


def test_claimreview_is_always_the_external_edition():
    project = published(fx.exchange())
    text = json.dumps(export_claimreview(project, fx.assess(project)), ensure_ascii=False)
    assert fx.CONFIDENTIAL_NAME not in text and "Hnatiuk" not in text
    reviews = {r["identifier"]: r for r in json.loads(text)["@graph"]}
    assert reviews["c3"]["itemReviewed"]["author"]["name"] == "Source 2 (graded C)"


def test_claim_reviewed_is_short_with_the_full_text_in_the_claim():
    project = published(fx.exchange())
    long_text = ("North Korean soldiers, numbering in the thousands according to several intelligence "
                 "services, have arrived at a military base near Ussuriysk.")
    project["claims"][1]["text"] = long_text
    reviews = {r["identifier"]: r for r in export_claimreview(project, fx.assess(project))["@graph"]}
    short = reviews["c2"]["claimReviewed"]
    assert len(short) <= 75 and short.endswith("…") and long_text.startswith(short[:-1])
    assert reviews["c2"]["itemReviewed"]["text"] == long_text
    assert short_claim("a " * 10) == "a a a a a a a a a a"


@pytest.mark.parametrize(("publisher", "missing"), [
    ({"name": "", "url": None, "logo": None}, "name and web address"),
    ({"name": "Desk", "url": None, "logo": None}, "web address"),
    ({"name": " ", "url": "https://factdesk.example.org", "logo": None}, "name"),
])
def test_without_a_publisher_claimreview_is_refused_saying_what_is_missing(publisher, missing):
    project = published(fx.exchange())
    project["project"]["publisher"] = publisher
    with pytest.raises(PublishingError, match=f"needs the publisher's {missing};"):
        export_claimreview(project, fx.assess(project))


def test_the_summary_says_what_was_left_out():
    project = published(fx.exchange())
    project["claims"][1]["review"]["published"] = None
    project["claims"][1]["claimant"] = None
    data = export_claimreview(project, fx.assess(project))
    assert claimreview_summary(project, data) == (
        "4 fact-checks written; left out: 1 not yet verified, disputed or closed, 1 no review web address; "
        "1 without a review date; 1 without a claimant")


def test_the_demo_with_a_publisher_passes_the_rules():
    project = demo_exchange()
    project["project"]["publisher"] = dict(PUBLISHER)
    project["documents"][0]["url"] = "https://news.example.org/2024/10/north-korean-troops"
    for claim in project["claims"]:
        claim["status"] = "verified"
        claim["review"] = {"url": f"https://factdesk.example.org/{claim['id']}", "published": "2024-10-16",
                           "verdict": None}
        claim["claimant"] = "s-article"
    data = export_claimreview(project, fx.assess(project))
    assert len(data["@graph"]) == len(project["claims"])
    assert claimreview_rules.problems(data, _numbered(project)) == []
    assert "Ukrainian military intelligence source" not in json.dumps(data)


def test_the_rule_checker_catches_what_it_is_for():
    project = published(fx.exchange())
    good = export_claimreview(project, fx.assess(project))
    bad = copy.deepcopy(good)
    review = bad["@graph"][1]
    del review["url"]
    review["claimReviewed"] = "x" * 80
    review["reviewRating"]["ratingValue"] = 9
    review["itemReviewed"]["appearance"] = [{"@type": "CreativeWork", "headline": "no link"}]
    review["author"]["color"] = "blue"
    found = "\n".join(claimreview_rules.problems(bad, _numbered(project)))
    for expected in ("required property 'url' missing", "claimReviewed: must be 1 to 75", "ratingValue <= bestRating",
                     "appearance[0]: needs a URL", "author.color: not a schema.org property"):
        assert expected in found


# ----------------------------------------------------------------- command line


def test_vwb_export_claimreview_refuses_without_a_publisher_and_writes_with_one(tmp_path):
    project = published(fx.exchange())
    publisher = project["project"].pop("publisher")
    path = tmp_path / "p.vwb"
    svc = ProjectService.create(path, "")
    svc.load_exchange(project)
    svc.close()
    out = tmp_path / "reviews.jsonld"
    result = run_vwb("export", path, "--format", "claimreview", "-o", out)
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip().splitlines() == [
        f"vwb export: {path}: ClaimReview needs the publisher's name and web address; set them in File > Publishing"]
    assert not out.exists()
    svc = ProjectService.open(path)
    svc.set_publisher(**publisher)
    svc.close()
    result = run_vwb("export", path, "--format", "claimreview", "-o", out)
    assert result.returncode == 0, result.stderr
    assert "4 fact-checks written" in result.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert claimreview_rules.problems(data, _numbered(project)) == []
