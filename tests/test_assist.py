"""Tests of the offline claim assistant (``workbench.assist.suggest``).

The evaluation set in ``tests/assist_eval`` (the demo article and eleven
invented wire-style articles, annotated by hand) is scored here: precision
and recall are printed per article and overall (run ``pytest -s`` to see
them), and the attribution figures must stay above 0.8 recall and 0.7
precision. The other tests pin down behaviour the rest of the workbench
relies on: the JSON contract, offsets, source merging, and the marking of
opinions and predictions.
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

from workbench.assist.suggest import find_attributions, find_claims, suggest, suggest_sources

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


# ------------------------------------------------------- attribution shapes

@pytest.mark.parametrize("text", [
    "Kremlin spokesman Dmitry Peskov denied the report, saying: “There are no such troops.”",
    'Kremlin spokesman Dmitry Peskov denied the report, saying: "There are no such troops."',
])
def test_curly_and_straight_quotes_alike(text):
    [a] = find_attributions(text)
    assert (a.speaker, a.verb, a.stance_hint) == ("Dmitry Peskov", "denied", "contradicts")
    assert a.quote == "There are no such troops"


def test_quote_before_and_after_speaker():
    text = ("“We have seen no evidence,” said Andrei Lankov, director of the Korea Risk Group. "
            "“The report is wrong,” the ministry said. Lankov added: “It is speculation.”")
    got = [(a.speaker, a.verb, a.quote) for a in find_attributions(text)]
    assert got == [("Andrei Lankov", "said", "We have seen no evidence"),
                   ("ministry", "said", "The report is wrong"),
                   ("Andrei Lankov", "added", "It is speculation")]


def test_according_to_before_and_after():
    text = ("According to Ukraine’s General Staff, 1,200 soldiers were killed. "
            "The unit was moved in May, according to a source familiar with the matter.")
    a, b = find_attributions(text)
    assert a.verb == b.verb == "according to"
    assert a.quote == "1,200 soldiers were killed" and a.speaker_kind == "organisation"
    assert b.quote == "The unit was moved in May" and b.speaker_kind == "anonymous"


def test_anonymous_source_told_outlet_and_pronoun_in_next_sentence():
    text = ("A source told the BBC that the convoy had left. "
            "Interior Minister Anna Kovalenko said the convoy was delayed. "
            "She added that it would arrive on 9 October 2024.")
    a, b, c = find_attributions(text)
    assert a.speaker_kind == "anonymous" and a.via == "BBC" and a.quote == "the convoy had left"
    assert (b.speaker, b.speaker_role) == ("Anna Kovalenko", "Interior Minister")
    assert c.speaker == "Anna Kovalenko" and c.date is None  # the date is in the content
    d = find_attributions("Kovalenko said on 9 October 2024 that the convoy was delayed.")[0]
    assert d.date == "2024-10-09"
    e = find_attributions("Kovalenko told reporters on October 9, 2024 that it was late.")[0]
    assert e.date == "2024-10-09"


def test_confirmations_and_negated_verbs():
    text = ("The ministry confirmed that two soldiers died. "
            "The army did not confirm the figure. "
            "It did not say how many were wounded.")
    attrs = find_attributions(text)
    assert [(a.verb, a.stance_hint) for a in attrs] == [("confirmed", "corroborates"), ("confirm", None)]


@pytest.mark.parametrize("text, quote, stance", [
    ("However, the BBC has not yet observed any signs of such a unit.",
     "has not yet observed any signs of such a unit", "contradicts"),
    ("The ministry denied that troops had crossed the border.",
     "denied that troops had crossed the border", "contradicts"),
    ("The ministry did not deny that troops had crossed the border.",
     "did not deny that troops had crossed the border", None),
    ("The army could not confirm that the bridge was destroyed.",
     "could not confirm that the bridge was destroyed", None),
    ("Monitors could not verify that the convoy had arrived.",
     "could not verify that the convoy had arrived", "contradicts"),
    ("The governor reportedly told aides that the plan could fail.",
     "reportedly told aides that the plan could fail", None),
    ("The governor told aides that the plan could fail.", "the plan could fail", None),
    ("The minister confirmed that two soldiers died.", "two soldiers died", "corroborates"),
])
def test_negation_modality_and_hedges_stay_in_the_quote(text, quote, stance):
    """What the speaker is reported as saying keeps the words that change its
    meaning, and the stance hint follows the whole statement."""
    [a] = find_attributions(text)
    assert (a.quote, a.stance_hint) == (quote, stance)
    assert text[a.quote_start:a.quote_end] == a.quote


@pytest.mark.parametrize("text, speaker, quote", [
    ("Charles Barkley, who said he typically votes Democratic, met the governor.",
     "Charles Barkley", "he typically votes Democratic"),
    ("“Any questions I can answer?” asked Sanders.", "Sanders", "Any questions I can answer?"),
    ("“It’s a never ending line,” Jane Doe joked.", "Jane Doe", "It’s a never ending line"),
    ("His campaign chairman Paul Manafort said — on Twitter, as it happens — that Trump raised $4 million.",
     "Paul Manafort", "Trump raised $4 million"),
    ("Senator Bernie Sanders said Wednesday he agrees with the remarks.", "Bernie Sanders",
     "he agrees with the remarks"),
])
def test_more_shapes_of_news_copy(text, speaker, quote):
    """Shapes found missing on PolNeAR's training split."""
    a = next(a for a in find_attributions(text) if a.quote == quote)
    assert speaker in a.speaker


@pytest.mark.parametrize("text, quote", [
    ("The finance minister told parliament the budget would be balanced by 2026, but economists doubted it.",
     "the budget would be balanced by 2026"),
    ("The ministry said prices rose; the army denied it.", "prices rose"),
    ("The ministry said prices rose, but only slightly.", "prices rose, but only slightly"),
    ("The minister said the budget, which was approved in May, would be cut.",
     "the budget, which was approved in May, would be cut"),
])
def test_quotes_end_on_clause_boundaries(text, quote):
    """A paraphrase stops where another clause with its own subject begins,
    but keeps what still qualifies it."""
    a = find_attributions(text)[0]
    assert a.quote == quote
    assert text[a.quote_start:a.quote_end] == quote


@pytest.mark.parametrize("text, speaker, verb, quote", [
    ("Russia, however, claimed it had hit only military targets.",
     "Russia", "claimed", "it had hit only military targets"),
    ("The ministry's statement said the talks were productive.",
     "ministry", "said", "the talks were productive"),
    ("“We will not give up,” said the protesters' leader, Maria Kolesnikova.",
     "Maria Kolesnikova", "said", "We will not give up"),
    ("Foreign Minister Abbas Araghchi was quoted by IRNA as saying that the programme was peaceful.",
     "Abbas Araghchi", "saying", "the programme was peaceful"),
    ("The figures were confirmed by two diplomats who spoke on condition of anonymity.",
     "diplomats", "confirmed", "The figures"),
    ("A Western diplomat, 54, who has followed the talks, said the board would meet.",
     "Western diplomat", "said", "the board would meet"),
    ("Sergei Markov, a political analyst, suggested the damage was accidental.",
     "Sergei Markov", "suggested", "the damage was accidental"),
])
def test_other_reporting_shapes(text, speaker, verb, quote):
    [a] = find_attributions(text)
    assert (a.speaker, a.verb, a.quote) == (speaker, verb, quote)
    assert text[a.start:a.end] == a.text


@pytest.mark.parametrize("text, speaker, quote", [
    ("''We will rebuild the pier by spring,'' said Mayor Lucy Ferraro. ''Nobody will lose a season.''",
     "Lucy Ferraro", "We will rebuild the pier by spring"),
    ("The council met on Friday. ''The vote is final,'' Ferraro said.", "Ferraro", "The vote is final"),
    ("''I have not decided,'' said Senator Paul R. Adeyemi of Ohio.", "Paul R. Adeyemi", "I have not decided"),
])
def test_two_apostrophes_quote_like_double_quotation_marks(text, speaker, quote):
    """Typewritten copy and newspaper archives write a double quotation mark
    as two apostrophes; a middle initial stays in the speaker's name."""
    a = next(a for a in find_attributions(text) if a.quote == quote)
    assert a.speaker == speaker
    assert text[a.quote_start:a.quote_end] == quote


@pytest.mark.parametrize("text, speaker, quote", [
    ("Local farmers say the river has never been this low.", "Local farmers",
     "the river has never been this low"),
    ("In the poll, 62% of retirees said the pension reform went too far.", "62% of retirees",
     "the pension reform went too far"),
    ("Two in three said they would vote for the bridge again.", "Two in three",
     "they would vote for the bridge again"),
    ("Most said they had not been warned.", "Most", "they had not been warned"),
    ("Organisers said the march would go ahead.", "Organisers", "the march would go ahead"),
])
def test_any_plain_noun_phrase_can_say_something(text, speaker, quote):
    """Before "said" or "told", a noun phrase the word lists do not know is
    still the speaker: "said" is nothing but a verb of speech."""
    [a] = find_attributions(text)
    assert (a.speaker, a.quote) == (speaker, quote)
    assert a.speaker_kind == "anonymous"


@pytest.mark.parametrize("text, quote", [
    ("“We will appeal,” the mayor said last week.", "We will appeal"),
    ("“It is a fair ruling,” Ana Ruiz said of the verdict.", "It is a fair ruling"),
    ("“What a surprise,” Ana Ruiz said sarcastically.", "What a surprise"),
    ("“The hearing is over,” committee chairwoman Ana Ruiz said after the vote.", "The hearing is over"),
    ("“Nothing has changed,” Ana Ruiz told reporters this week.", "Nothing has changed"),
])
def test_a_time_or_manner_after_the_verb_is_not_what_was_said(text, quote):
    """"said last week", "said of the verdict", "said sarcastically": the
    quotation before the speaker is the statement."""
    [a] = find_attributions(text)
    assert a.quote == quote
    assert a.speaker in ("mayor", "Ana Ruiz")


def test_nouns_that_look_like_verbs_of_speech():
    text = ("Editor’s note: the mayor has since resigned. Ana Ruiz told reporters after the meeting "
            "that was held in the town hall that the budget would pass.")
    attrs = find_attributions(text)
    assert [(a.speaker, a.quote) for a in attrs] == [("Ana Ruiz", "the budget would pass")]


@pytest.mark.parametrize("text, speaker, quote", [
    ("Rosa Quintero, 71, said the clinic had closed.", "Rosa Quintero", "the clinic had closed"),
    ("“It was a fair count,” said former Gov. Hal Brandt of New Hampshire, a Democrat.", "Hal Brandt",
     "It was a fair count"),
    ("The Treasury less than three weeks ago said for the first time that reserves had fallen.",
     "Treasury", "reserves had fallen"),
    ("Then Rosa Quintero said the clinic had closed.", "Rosa Quintero", "the clinic had closed"),
    ("A nurse at the clinic called it “a disaster.” Then the mayor arrived. “Nobody warned us,” she said.",
     "nurse at the clinic", "Nobody warned us"),
])
def test_speakers_with_ages_places_times_and_unnamed_people(text, speaker, quote):
    """An age or a time between speaker and verb, a place after a name, a
    sentence adverb before it; "she" after an unnamed person."""
    a = next(a for a in find_attributions(text) if a.quote == quote)
    assert a.speaker == speaker


def test_contracted_pronoun_is_resolved():
    text = "Rosa Quintero said the clinic was short of staff. She’s said for years that it needs a new roof."
    _, a = find_attributions(text)
    assert (a.speaker, a.quote) == ("Rosa Quintero", "it needs a new roof")
    assert text[a.speaker_start:a.speaker_end] == "She"


@pytest.mark.parametrize("text, speaker, quote", [
    ("“Is anyone listening?” Rosa Quintero asked.", "Rosa Quintero", "Is anyone listening?"),
    ("''Why wait?'' Senator Hal Brandt asked the hall.", "Hal Brandt", "Why wait?"),
    ("Hal Brandt asked whether the clinic would reopen.", "Hal Brandt", "whether the clinic would reopen"),
    ("Hal Brandt asked the governor how long the repairs would take.", "Hal Brandt",
     "how long the repairs would take"),
    ("The clinic will reopen in May, Rosa Quintero maintains.", "Rosa Quintero", "The clinic will reopen in May"),
    ("Supporters of the clinic, on the other hand, argued that it saved lives.", "Supporters of the clinic",
     "it saved lives"),
    ("Professors Ito and Brandt suggest the figures were revised.", "Professors Ito and Brandt",
     "the figures were revised"),
    ("Associates say the governor will run again.", "Associates", "the governor will run again"),
    ("About 4 in 10 say the clinic should stay open.", "4 in 10", "the clinic should stay open"),
    ("Local nurses staged a walkout because they said the wards were unsafe.", "Local nurses",
     "the wards were unsafe"),
])
def test_questions_and_other_shapes_of_reported_speech(text, speaker, quote):
    """A quoted question before its speaker, "asked whether", a verb last in
    its sentence, coordinated speakers, shares of people, "they" after a
    group that was the subject of an earlier clause."""
    a = next(a for a in find_attributions(text) if a.quote == quote)
    assert a.speaker == speaker


@pytest.mark.parametrize("text, speaker, quote", [
    ("Senator Jane Roe, Republican of Ohio, said on Sunday that the bill was dead.", "Jane Roe",
     "the bill was dead"),
    ("Jane Roe said on NBC’s ''Meet the Press'' on Sunday that the bill was dead.", "Jane Roe",
     "the bill was dead"),
    ("The governor said Tuesday his budget would pass.", "governor", "his budget would pass"),
    ("A county clerk, who spoke on condition of anonymity, said of the governor, “He never reads the memos.”",
     "county clerk", "He never reads the memos"),
    ("Another said the strike would go on.", "Another", "the strike would go on"),
    ("Over the year, 26% say they moved house.", "26%", "they moved house"),
    ("''The odds are good,'' said another veteran lobbyist, Carla Mendes of Mendes Partners.",
     "Carla Mendes", "The odds are good"),
    ("“We lost,” said a tearful volunteer.", "tearful volunteer", "We lost"),
])
def test_appositions_titles_and_unlisted_speakers(text, speaker, quote):
    """"Republican of Ohio" as an apposition, a quoted programme title before
    "that", a time then the content, "said of X, “…”", and speakers whose
    head noun no word list holds."""
    a = next(a for a in find_attributions(text) if a.quote == quote)
    assert a.speaker == speaker


@pytest.mark.parametrize("text", [
    "In 2019, Rosa Quintero said.",
    "Still, Rosa Quintero said.",
    "Republican states like Ohio and Georgia could be in play.",
    "The mayor could add another job title to her resume.",
    "Rosa Quintero conceded the race on Tuesday night.",
    "That is easier said than done.",
])
def test_not_statements(text):
    """An opening adverbial is not what was said; "states" and "add" with
    an object, "conceded the race" and "easier said than done" report no
    statement."""
    assert find_attributions(text) == []


@pytest.mark.parametrize("text, speaker, quote", [
    ("To understand the strike, Rosa Quintero said, one has to visit the docks.", "Rosa Quintero",
     "To understand the strike, Rosa Quintero said, one has to visit the docks"),
    ("Rosa Quintero told ''Morning Edition'' that the docks would reopen.", "Rosa Quintero",
     "the docks would reopen"),
    ("The union said in a statement that ''nobody will be fired.''", "union", "nobody will be fired"),
    ("She added the words ''with regret.''", None, "with regret"),
])
def test_parentheticals_and_programme_titles(text, speaker, quote):
    """A speaker between commas inside the statement; a programme title
    after "told" is the listener; "said that ''…''"."""
    attrs = find_attributions(text) if speaker else find_attributions("Rosa Quintero spoke. " + text)
    a = next(a for a in attrs if quote in a.quote)
    assert a.speaker == (speaker or "Rosa Quintero")


@pytest.mark.parametrize("text, speaker, quote", [
    ("I met the mayor on Monday. I said the docks had to reopen.", "the author", "the docks had to reopen"),
    ("We asked the port authority why the cranes had stopped.", "the author", "why the cranes had stopped"),
    ("Rosa Quintero, in a short interview on Friday, said the strike was over.", "Rosa Quintero",
     "the strike was over"),
    ("Hal Brandt, another unaligned Ohio strategist, said the count was fair.", "Hal Brandt", "the count was fair"),
    ("Nearly a third say they will move.", "Nearly a third", "they will move"),
    ("In a statement, Hal Brandt said: \"As I said in May, the count was fair.\"", "Hal Brandt",
     "As I said in May, the count was fair"),
])
def test_first_person_asides_and_shares(text, speaker, quote):
    """First-person narration outside quotation marks is the writer's; an
    aside between commas; a share of people; a quotation after a colon that
    starts with "As"."""
    a = next(a for a in find_attributions(text) if a.quote == quote)
    assert a.speaker == speaker


def test_first_person_inside_a_quotation_is_the_quoted_speaker():
    [a] = find_attributions("“I said no,” Rosa Quintero told reporters.")
    assert (a.speaker, a.quote) == ("Rosa Quintero", "I said no")


@pytest.mark.parametrize("text, speaker, quote", [
    ("As the paper noted, the docks had been idle for a month.", "paper", "the docks had been idle for a month"),
    ("Costs rose, and as Rosa Quintero noted, nobody was paid.", "Rosa Quintero", "nobody was paid"),
    ("Instead, Rosa Quintero told CNN, the strike would end soon.", "Rosa Quintero",
     "Instead, Rosa Quintero told CNN, the strike would end soon"),
    ("Rosa Quintero told reporters on Thursday the strike would end soon.", "Rosa Quintero",
     "the strike would end soon"),
])
def test_as_x_noted_and_listeners_before_the_statement(text, speaker, quote):
    """"As X noted, …": the clause after the comma; a listener or a time
    between the verb and what was said."""
    a = next(a for a in find_attributions(text) if a.quote == quote)
    assert a.speaker == speaker


@pytest.mark.parametrize("text, speaker, quote", [
    ("The union sent an email Friday saying that the strike would go on.", "union", "the strike would go on"),
    ("Rosa Quintero responded by saying the docks were safe.", "Rosa Quintero", "the docks were safe"),
    ("Hal Brandt opened the debate, calling them cowards.", "Hal Brandt", "them cowards"),
    ("Hal Brandt called him a liar.", "Hal Brandt", "him a liar"),
])
def test_messages_that_say_and_calling_names(text, speaker, quote):
    """"an email saying", "by saying": the main clause's subject speaks;
    "called him a liar" is a statement, "called him back" is not."""
    a = next(a for a in find_attributions(text) if a.quote == quote)
    assert a.speaker == speaker
    assert find_attributions("Hal Brandt called him back on Monday.") == []


@pytest.mark.parametrize("text, speaker, quote", [
    ("Ann Lowe, a nurse from Dayton, Ohio, said the ward was full.", "Ann Lowe", "the ward was full"),
    ("One union official who saw the letter said the port would close.", "union official",
     "the port would close"),
    ("Port workers said the cranes were unsafe. “It is a scandal,” the worker said.", "worker", "It is a scandal"),
])
def test_places_relative_clauses_and_number_agreement(text, speaker, quote):
    """A state after a town stays in the apposition; the object of a relative
    clause is not the speaker; "the worker" does not mean "port workers"."""
    a = next(a for a in find_attributions(text) if a.quote == quote)
    assert a.speaker == speaker


def test_title_case_headline_with_a_final_stop():
    """A headline in title case reports speech with a capitalised verb,
    whether or not it ends with a stop."""
    for text in ("Mayor Says Docks Will Reopen In May.", "Mayor Says Docks Will Reopen In May"):
        [a] = find_attributions(text)
        assert (a.speaker, a.verb, a.quote) == ("Mayor", "Says", "Docks Will Reopen In May")


def test_asked_not_to_be_named_is_not_a_question():
    [a] = find_attributions("A nurse, who asked not to be named, said the wards were unsafe.")
    assert (a.verb, a.quote) == ("said", "the wards were unsafe")


def test_non_latin_names():
    text = ("North Korean leader Kim Jong Un (김정은) said the test was a success. "
            "Ukrainian air force spokesman Yuriy Ihnat (Юрій Ігнат) said 40 drones were downed. "
            "Majed al-Ansari (ماجد الأنصاري), a spokesman for Qatar’s foreign ministry, said talks resumed.")
    attrs = find_attributions(text)
    assert [a.speaker for a in attrs] == ["Kim Jong Un", "Yuriy Ihnat", "Majed al-Ansari"]
    assert attrs[2].speaker_role == "spokesman for Qatar’s foreign ministry"


# ------------------------------------------------------- sources

PESKOV = {"s1": "Kremlin spokesman Dmitry Peskov", "s2": "Maria Zakharova", "s3": "Reuters"}


@pytest.mark.parametrize("text", [
    "Peskov said the report was false.",
    "Dmitry Peskov said the report was false.",
    "The Kremlin spokesman said the report was false.",
    "Kremlin spokesman Dmitri Peskov (Дмитрий Песков) said the report was false.",
    "Дмитрий Песков said the report was false.",
])
def test_speaker_merged_with_existing_source(text):
    [src] = suggest(text, existing_sources=PESKOV)["sources"]
    assert src["existing_source_id"] == "s1", src


@pytest.mark.parametrize("text", [
    "Dmitry Medvedev said the report was false.",
    "Foreign ministry spokeswoman Maria Zakharova said the report was false.",
    "A Kremlin source said the report was false.",
])
def test_other_speakers_not_merged_with_peskov(text):
    [src] = suggest(text, existing_sources=PESKOV)["sources"]
    assert src["existing_source_id"] != "s1"


def test_each_speaker_once_within_a_document():
    text = ("Kremlin spokesman Dmitry Peskov said the claims were false. "
            "Peskov added that no troops had moved. "
            "“It is absurd,” he said. "
            "South Korea’s Joint Chiefs of Staff (JCS) said troops had moved. "
            "The JCS said it was watching closely. "
            "A military source told Reuters that 3,000 troops had arrived.")
    sources = suggest_sources(find_attributions(text), {"r": "Reuters"})
    by_name = {s.name: s for s in sources}
    assert set(by_name) == {"Dmitry Peskov", "South Korea’s Joint Chiefs of Staff",
                            "military source", "Reuters"}
    assert len(by_name["Dmitry Peskov"].mentions) == 3
    assert by_name["Dmitry Peskov"].role == "Kremlin spokesman"
    assert by_name["military source"].confidential and by_name["military source"].kind == "person"
    assert by_name["Reuters"].kind == "outlet" and by_name["Reuters"].existing_source_id == "r"
    for s in sources:
        for a, b in s.mentions:
            assert text[a:b]


def test_korean_names_across_scripts():
    out = suggest("North Korean leader 김정은 said the launch was a success.",
                  existing_sources={"k": "Kim Jong Un", "y": "Kim Yo Jong"})
    [src] = out["sources"]
    assert src["existing_source_id"] == "k"
    out = suggest("Kim Yo Jong said the launch was a success.",
                  existing_sources={"k": "Kim Jong Un", "y": "Kim Yo Jong"})
    assert out["sources"][0]["existing_source_id"] == "y"


# ------------------------------------------------------- claims

def _claim(text: str, needle: str):
    hits = [c for c in find_claims(text) if needle in c.text]
    assert hits, f"no claim for {needle!r}"
    return hits[0]


def test_fact_with_number_date_and_hedge():
    c = _claim("Russia has reportedly sent 3,000 soldiers to the base near Ussuriysk on 9 October 2024.",
               "3,000")
    assert c.kind_of_statement == "fact"
    assert {"number", "date", "named actor", "hedged: reportedly"} <= set(c.reasons)
    assert c.score > 0.8


def test_predictions_and_opinions_are_marked_and_rank_below_facts():
    text = ("North Korea sent 3,000 troops to Russia in October, officials said. "
            "The deployment could change the course of the war, analysts said. "
            "If confirmed, the move would mark a strategic shift for Pyongyang. "
            "Seoul called the move a dangerous and reckless provocation. "
            "Kyiv believes Moscow is desperate.")
    claims = {c.text.split()[0]: c for c in find_claims(text)}
    assert claims["North"].kind_of_statement == "fact"
    assert claims["The"].kind_of_statement == "prediction"
    assert claims["If"].kind_of_statement == "prediction"
    assert claims["Seoul"].kind_of_statement == "opinion"
    assert claims["Kyiv"].kind_of_statement == "opinion"
    fact = claims["North"].score
    assert all(c.score < fact for k, c in claims.items() if k != "North")


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
