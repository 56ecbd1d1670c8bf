"""Tests of the offline claim assistant (``workbench.assist.suggest``).

The evaluation set in ``tests/assist_eval`` (the demo article and eleven
invented wire-style articles, annotated by hand) is scored here: precision
and recall are printed per article and overall (run ``pytest -s`` to see
them), and the attribution figures must stay above 0.8 recall and 0.7
precision. The other tests pin down behaviour the rest of the workbench
relies on: the demo article's attributions and claims, the JSON contract,
offsets and the sentence split. The shapes of reported speech are in
tests/test_assist_shapes.py, source merging in tests/test_assist_sources.py
and the marking of opinions and predictions in tests/test_assist_claims.py.
"""

from __future__ import annotations

import ast
import json
import re
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from workbench.assist.suggest import find_attributions, find_claims, suggest

EVAL_DIR = Path(__file__).parent / "assist_eval"
ARTICLES = sorted(p.stem for p in EVAL_DIR.glob("*.json"))
DEMO = "demo-seed-article"


# ------------------------------------------------------------ evaluation set

def _span(text: str, item: dict) -> tuple[int, int]:
    """Offsets of an annotation's quoted substring (never typed numbers)."""
    sub = item["span"]
    occurrence = item.get("occurrence")
    starts = [m.start() for m in re.finditer(re.escape(sub), text)]
    assert starts, f"annotation span not in article: {sub[:60]!r}"
    if occurrence is None:
        assert len(starts) == 1, f"ambiguous annotation span: {sub[:60]!r}"
        occurrence = 1
    s = starts[occurrence - 1]
    return s, s + len(sub)


@cache
def _article(name: str) -> tuple[str, dict]:
    ann = json.loads((EVAL_DIR / f"{name}.json").read_text(encoding="utf-8"))
    text = (EVAL_DIR / ann["article"]).read_text(encoding="utf-8")
    return text, ann


@cache
def _suggested(name: str) -> dict:
    text, _ = _article(name)
    return suggest(text, document_id=name)


_DROP = {"a", "an", "the", "some", "one", "two", "three", "several", "many"}


def _name_tokens(name: str) -> list[str]:
    """Tokens of a speaker name for matching: no parentheses, articles,
    possessive endings or "al-"; a phrase is cut before " of/for/at/in "."""
    s = re.sub(r"\([^)]*\)", " ", name.lower()).replace("’", "'")
    s = re.split(r"\s(?:of|for|at|in|close to)\s", s)[0]
    toks = [re.sub(r"'s$", "", t) for t in re.findall(r"[\w'.-]+", s)]
    toks = [re.sub(r"^(al|el)-", "", t) for t in toks if t not in _DROP]
    return [t for t in toks if t]


def same_speaker(gold: str, predicted: str) -> bool:
    """Same surname: one name's tokens are a prefix or a suffix of the
    other's ("Peskov" ~ "Dmitry Peskov", "Yoon" ~ "Yoon Suk Yeol"), token by
    token with fuzzy spelling ("Zelensky" ~ "Zelenskyy")."""
    a, b = _name_tokens(gold), _name_tokens(predicted)
    if not a or not b:
        return False
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    eq = lambda x, y: x == y or fuzz.ratio(x, y) >= 85  # noqa: E731
    n = len(short)
    return all(map(eq, short, long_[:n])) or all(map(eq, short, long_[-n:]))


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _match(gold: list[dict], pred: list[dict], ok) -> list[tuple[dict, dict]]:
    """One-to-one matching of gold and predicted items, largest overlap first."""
    pairs = []
    for g in gold:
        for p in pred:
            if _overlap(g["_span"], (p["start"], p["end"])) and ok(g, p):
                ov = min(g["_span"][1], p["end"]) - max(g["_span"][0], p["start"])
                pairs.append((ov, id(g), id(p), g, p))
    pairs.sort(key=lambda x: -x[0])
    used_g, used_p, out = set(), set(), []
    for _, ig, ip, g, p in pairs:
        if ig not in used_g and ip not in used_p:
            used_g.add(ig)
            used_p.add(ip)
            out.append((g, p))
    return out


def _speaker_ok(g: dict, p: dict) -> bool:
    names = [g["speaker"], *g.get("aliases", [])]
    return any(same_speaker(n, p["speaker"]) for n in names)


def evaluate(kind: str) -> dict:
    """Counts per article for ``kind`` ("attribution" or "claim")."""
    rows = {}
    for name in ARTICLES:
        text, ann = _article(name)
        gold = [dict(x, _span=_span(text, x)) for x in ann[kind + "s"]]
        pred = [s for s in _suggested(name)["suggestions"] if s["kind"] == kind]
        ok = _speaker_ok if kind == "attribution" else (lambda g, p: True)
        pairs = _match(gold, pred, ok)
        rows[name] = {"gold": len(gold), "pred": len(pred), "tp": len(pairs), "pairs": pairs,
                      "missed": [g for g in gold if all(g is not x for x, _ in pairs)],
                      "extra": [p for p in pred if all(p is not y for _, y in pairs)]}
    return rows


def _report(title: str, rows: dict) -> tuple[float, float]:
    tp = sum(r["tp"] for r in rows.values())
    gold = sum(r["gold"] for r in rows.values())
    pred = sum(r["pred"] for r in rows.values())
    print(f"\n{title}: {'article':22} {'gold':>5} {'pred':>5} {'tp':>4} {'prec':>6} {'recall':>6}")
    for name, r in rows.items():
        p = r["tp"] / r["pred"] if r["pred"] else 1.0
        rc = r["tp"] / r["gold"] if r["gold"] else 1.0
        print(f"{'':{len(title) + 2}}{name:22} {r['gold']:5d} {r['pred']:5d} {r['tp']:4d} {p:6.3f} {rc:6.3f}")
    precision = tp / pred if pred else 1.0
    recall = tp / gold if gold else 1.0
    print(f"{'':{len(title) + 2}}{'ALL':22} {gold:5d} {pred:5d} {tp:4d} {precision:6.3f} {recall:6.3f}")
    return precision, recall


def test_attribution_precision_and_recall_on_eval_set():
    rows = evaluate("attribution")
    precision, recall = _report("attributions", rows)
    pairs = [pair for r in rows.values() for pair in r["pairs"]]
    stance = sum(g.get("stance") == p["stance_hint"] for g, p in pairs) / len(pairs)
    kind = sum(g["speaker_kind"] == p["speaker_kind"] for g, p in pairs) / len(pairs)
    dated = [(g, p) for g, p in pairs if g.get("date")]
    print(f"  on matched attributions: stance {stance:.3f}, speaker kind {kind:.3f}, "
          f"dates {sum(g['date'] == p['date'] for g, p in dated)}/{len(dated)}")
    for name, r in rows.items():
        for g in r["missed"]:
            print(f"  missed [{name}] {g['speaker']}: {g['span'][:70]!r}")
        for p in r["extra"]:
            print(f"  extra  [{name}] {p['speaker']}: {p['text'][:70]!r}")
    assert recall >= 0.8, f"attribution recall {recall:.3f} < 0.8"
    assert precision >= 0.7, f"attribution precision {precision:.3f} < 0.7"
    assert stance >= 0.9 and kind >= 0.8


def test_claim_precision_and_recall_on_eval_set():
    rows = evaluate("claim")
    precision, recall = _report("claims", rows)
    pairs = [pair for r in rows.values() for pair in r["pairs"]]
    agree = sum(g["statement"] == p["statement"] for g, p in pairs) / len(pairs)
    print(f"  statement kind (fact/opinion/prediction) agrees on {agree:.3f} of matched claims")
    for name, r in rows.items():
        for g in r["missed"]:
            print(f"  missed [{name}] {g['statement']}: {g['span'][:70]!r}")
        for p in r["extra"]:
            print(f"  extra  [{name}] {p['statement']}: {p['text'][:70]!r}")
    # floors well below what the rules reach now (recall 0.996, precision
    # 0.958, kinds 0.816): a guard against regressions, not a target
    assert recall >= 0.85 and precision >= 0.8 and agree >= 0.7


# ------------------------------------------------------- the demo article

@pytest.fixture(scope="module")
def demo_attributions():
    text, _ = _article(DEMO)
    return text, find_attributions(text)


def _one(attrs, pred, what):
    hits = [a for a in attrs if pred(a)]
    assert hits, f"not found: {what}"
    return hits[0]


def test_demo_peskov_denial(demo_attributions):
    _, attrs = demo_attributions
    a = _one(attrs, lambda a: a.speaker == "Dmitry Peskov", "Peskov")
    assert a.speaker_role == "Kremlin spokesman" and a.speaker_kind == "person"
    assert a.verb == "refuted" and a.stance_hint == "contradicts"
    assert a.quote.startswith("This is not only British intelligence")
    assert a.quote.endswith("they don’t provide any evidence")


def test_demo_south_korean_defence_minister(demo_attributions):
    _, attrs = demo_attributions
    a = _one(attrs, lambda a: "defense minister" in a.speaker, "defence minister")
    assert a.speaker_kind == "person" and a.verb == "suggested" and a.stance_hint is None
    assert a.speaker_role == "South Korea’s defense minister"
    assert "high likelihood of North Korean deployment" in a.quote


def test_demo_miller_concern(demo_attributions):
    _, attrs = demo_attributions
    a = _one(attrs, lambda a: a.speaker == "Matthew Miller", "Miller")
    assert a.verb == "expressed" and "State Department" in (a.speaker_role or "")
    assert "a significant increase in their relationship" in a.quote


def test_demo_ryabykh_comment_and_doubt(demo_attributions):
    _, attrs = demo_attributions
    ryabykh = [a for a in attrs if a.speaker == "Valeriy Ryabykh"]
    assert [a.verb for a in ryabykh] == ["commented", "doubts"]
    assert ryabykh[0].speaker_role == "editor at Defence Express"
    assert ryabykh[1].text.startswith("he doubts")


def test_demo_lankov_he_explained(demo_attributions):
    _, attrs = demo_attributions
    a = _one(attrs, lambda a: a.verb == "explained", "he explained")
    assert a.speaker == "Andrei Lankov" and a.speaker_role == "director of the Korea Risk Group"
    assert a.quote == "Pyongyang would be paid well and maybe get access to Russian military technology"


def test_demo_bbc_observation(demo_attributions):
    text, attrs = demo_attributions
    a = _one(attrs, lambda a: a.speaker == "BBC", "BBC")
    assert a.speaker_kind == "outlet" and a.verb == "observed"
    assert "has not yet observed any signs" in a.text
    assert text[a.start:a.end] == a.text
    # the negation is part of what the BBC said, and it tells against the claim
    assert a.quote.startswith("has not yet observed any signs of such a unit")
    assert text[a.quote_start:a.quote_end] == a.quote
    assert a.stance_hint == "contradicts"


def test_demo_intelligence_source_via_bbc(demo_attributions):
    _, attrs = demo_attributions
    a = _one(attrs, lambda a: a.verb == "informed", "source informed the BBC")
    assert a.speaker_kind == "anonymous" and "intelligence source" in a.speaker
    assert a.via == "BBC" and "3,000 North Korean soldiers" in a.quote


def test_demo_non_speakers_are_not_attributions(demo_attributions):
    _, attrs = demo_attributions
    texts = " | ".join(a.text for a in attrs)
    assert "A missile found" not in texts  # "a missile ... indicate"
    assert "numbers are said to be" not in texts  # agentless passive
    assert "Evidence suggesting" not in texts


def test_demo_claims():
    text, _ = _article(DEMO)
    claims = find_claims(text)
    unit = next(c for c in claims if "3,000 North Korean soldiers" in c.text)
    assert unit.kind_of_statement == "fact"
    assert {"number", "hedged: reportedly", "named actor", "attributed"} <= set(unit.reasons)
    pivot = next(c for c in claims if "if confirmed" in c.text)
    assert pivot.kind_of_statement == "prediction" and pivot.score < unit.score
    assert not any(c.text.startswith(("Connect with us", "Published", "North Korean Soldiers In"))
                   for c in claims)
    best = max(claims, key=lambda c: c.score)
    assert best.kind_of_statement == "fact"


# ------------------------------------------------------- JSON contract

def test_suggest_json_contract():
    text, _ = _article(DEMO)
    out = suggest(text, document_id="d1", existing_sources={"s1": "BBC"})
    assert set(out) == {"document", "suggestions", "sources"} and out["document"] == "d1"
    starts = [s["start"] for s in out["suggestions"]]
    assert starts == sorted(starts)
    a_keys = {"kind", "start", "end", "text", "speaker", "speaker_role", "speaker_kind", "verb",
              "quote", "stance_hint", "date"}
    c_keys = {"kind", "start", "end", "text", "reasons", "score"}
    for s in out["suggestions"]:
        assert text[s["start"]:s["end"]] == s["text"]
        if s["kind"] == "attribution":
            assert a_keys <= set(s)
            assert s["speaker_kind"] in ("person", "organisation", "outlet", "anonymous")
            assert s["stance_hint"] in ("corroborates", "contradicts", None)
            assert text[s["quote_start"]:s["quote_end"]] == s["quote"]
        else:
            assert s["kind"] == "claim" and c_keys <= set(s)
            assert 0.0 <= s["score"] <= 1.0 and s["statement"] in ("fact", "opinion", "prediction")
            assert all(isinstance(r, str) for r in s["reasons"])
    bbc = [s for s in out["sources"] if s["name"] == "BBC"]
    assert len(bbc) == 1 and bbc[0]["existing_source_id"] == "s1"
    assert json.loads(json.dumps(out)) == out
    assert suggest(text, document_id="d1", existing_sources={"s1": "BBC"}) == out  # deterministic


def test_offsets_are_code_points_with_astral_characters():
    text = "🙂🙂 Kremlin spokesman Dmitry Peskov said: “The 3,000 troops are not there.”"
    [a] = find_attributions(text)
    assert text[a.start:a.end] == a.text and a.text.startswith("Kremlin spokesman Dmitry Peskov")
    assert text[a.speaker_start:a.speaker_end] == "Kremlin spokesman Dmitry Peskov"
    assert a.quote == "The 3,000 troops are not there"


# ------------------------------------------------------- robustness

_SENTENCES = [
    "Kremlin spokesman Dmitry Peskov denied the report.",
    "“It is false,” he said.",
    'The ministry said "no troops" had moved.',
    "According to Reuters, 3,000 soldiers arrived.",
    "Analysts said the move could backfire.",
    "他说 “这是假的”。",
    "",
    "(",
    "“unclosed quote",
    "Peskov, a, said, b.",
    "He said",
]


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_SENTENCES) | st.text(max_size=40), max_size=8),
       st.sampled_from([" ", "\n", "\n\n"]))
def test_any_text_gives_consistent_offsets(parts, sep):
    text = sep.join(parts)
    out = suggest(text)
    for s in out["suggestions"]:
        assert 0 <= s["start"] < s["end"] <= len(text)
        assert text[s["start"]:s["end"]] == s["text"]
    for src in out["sources"]:
        for a, b in src["mentions"]:
            assert 0 <= a < b <= len(text)


@pytest.mark.parametrize("name", ARTICLES)
def test_fast_sentence_split_agrees_with_pysbd(name):
    """Paragraphs without an ambiguous stop skip pysbd; they must get the
    sentences pysbd would give. Ambiguous ones still go to pysbd."""
    from workbench.assist import text as T

    text, _ = _article(name)
    for lo, hi in T._paragraphs(text):
        fast = T._fast_spans(text, lo, hi, T.find_quotes(text, lo, hi))
        if fast is not None:
            assert fast == T._pysbd_spans(text, lo, hi), text[lo:hi]
    tricky = ("Rear Adm. Daniel Hagari spoke. The U.S. said no. He met Mr. Kim at 9 a.m. on Monday. "
              "“Why?” he asked. Prices rose 2.5% in Jan. last year... Then they fell.")
    assert T._fast_spans(tricky, 0, len(tricky), T.find_quotes(tricky, 0, len(tricky))) is None
    assert [s.text for s in T.segment("“Why now?” he asked. “Because.”")[0]] == \
        ["“Why now?” he asked.", "“Because.”"]


def test_assist_modules_import_no_qt():
    root = Path(__file__).parent.parent / "workbench"
    for path in root.glob("assist*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            assert not any(n.startswith(("PySide6", "ui")) for n in names), path.name
