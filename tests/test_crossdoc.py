"""Evidence across documents (``workbench.assist.crossdoc``): which sentences
of a new article bear on an existing claim, with which stance and speaker,
and the figures on the written article pairs of ``tests/assist_eval/crossdoc``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workbench.assist.crossdoc import cross_suggestions

PAIRS = json.loads((Path(__file__).parent / "assist_eval" / "crossdoc" / "pairs.json").read_text("utf-8"))["pairs"]

CLAIM = "Russia has formed a new drone unit of 5,000 men near Kursk."
ARTICLE = ("Ukrainian military intelligence said Russia was forming a drone unit near Kursk. "
           "However, the BBC has not yet observed any signs of such a unit. "
           "A Kremlin spokesman declined to comment. Fighting continued along the front line in the east.")


def test_statements_bearing_on_a_claim_with_stance_and_speaker() -> None:
    found = {c.quote: c for c in cross_suggestions({"c1": CLAIM}, ARTICLE, "d2")}
    ukr = found["Russia was forming a drone unit near Kursk"]
    assert (ukr.stance_hint, ukr.speaker) == ("corroborates", "Ukrainian military intelligence")
    assert (ukr.claim, ukr.document) == ("c1", "d2")
    bbc = found["has not yet observed any signs of such a unit"]
    assert (bbc.stance_hint, bbc.speaker) == ("contradicts", "BBC")
    assert ARTICLE[bbc.start:bbc.end] == bbc.quote
    assert len(found) == 2  # not the unrelated sentences


@pytest.mark.parametrize("sentence, stance", [
    ("The ministry said about 1,200 soldiers were sent to the Varna region.", "contradicts"),
    ("The ministry said about 3,000 soldiers were sent to the Varna region.", "corroborates"),
    ("The ministry denied that soldiers were sent to the Varna region.", "contradicts"),
    ("No soldiers were sent to the Varna region, the ministry said.", "contradicts"),
])
def test_a_different_figure_or_a_denial_contradicts(sentence: str, stance: str) -> None:
    [c] = cross_suggestions({"c": "About 3,000 soldiers were moved to the Varna region last week."}, sentence)
    assert c.stance_hint == stance


def test_nothing_for_an_unrelated_article() -> None:
    assert cross_suggestions({"c": CLAIM}, "The central bank left interest rates unchanged on Tuesday.") == []


def _figures(pairs: list[dict]) -> tuple[float, float, float]:
    sugg_ok = n_sugg = gold_n = found = stance_ok = 0
    for p in pairs:
        text = p["article"]
        sugg = cross_suggestions({"c": p["claim"]}, text)
        n_sugg += len(sugg)
        gold = [(text.index(g["span"]), text.index(g["span"]) + len(g["span"]), g["stance"]) for g in p["links"]]
        gold_n += len(gold)

        def hit(s: object, a: int, b: int) -> bool:
            inter = max(0, min(s.end, b) - max(s.start, a))  # type: ignore[attr-defined]
            return inter * 2 >= min(s.end - s.start, b - a)  # type: ignore[attr-defined]
        sugg_ok += sum(1 for s in sugg if any(hit(s, a, b) for a, b, _ in gold))
        for a, b, st in gold:
            hits = [s for s in sugg if hit(s, a, b)]
            found += bool(hits)
            stance_ok += bool(hits) and hits[0].stance_hint == st
    return sugg_ok / max(1, n_sugg), found / gold_n, stance_ok / max(1, found)


def test_figures_on_the_article_pairs() -> None:
    """Targets: link precision >= 0.8 at recall >= 0.7, stance right >= 0.85,
    on the tuned part and on the held-out part (benchmarks/eval_crossdoc.py
    prints them)."""
    assert len(PAIRS) >= 20
    for part in (False, True):
        pairs = [p for p in PAIRS if p["id"].startswith("heldout-") == part]
        precision, recall, stance = _figures(pairs)
        assert precision >= 0.8 and recall >= 0.7 and stance >= 0.85, (part, precision, recall, stance)
