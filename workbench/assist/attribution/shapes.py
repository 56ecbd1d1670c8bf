"""Two shapes with the speaker outside the subject: "according to X" and the passive "confirmed by X"."""

from __future__ import annotations

from workbench.assist import lexicon as L
from workbench.assist.attribution.clauses import _clause_end, _content_span
from workbench.assist.attribution.raw import RawAttribution, _accept
from workbench.assist.names import Mention
from workbench.assist.subjects import (
    parse,
    word,
)
from workbench.assist.text import Doc, Sentence, Token

# "data from X", "figures published by X": the words after which a noun phrase names its source
_DATA_WORDS = L.DOCUMENT_NOUNS | {"published", "released", "compiled"}


def _according_to(doc: Doc, sent: Sentence, si: int, k: int) -> RawAttribution | None:
    toks = sent.tokens
    a = k + 2
    e = a
    depth = 0
    while e < len(toks):
        t = toks[e]
        if t.text == "(":
            depth += 1
        elif t.text == ")":
            depth -= 1
        elif depth == 0 and (t.quote >= 0 or t.text in ",.;:" or (
                not t.text[0].isupper() and t.low in ("that", "which", "who", "and", "but", "as"))):
            break
        e += 1
    np = toks[a:e]
    # "data from the Intercontinental Exchange", "LSEG data": the speaker is the source
    for n, t in enumerate(np):
        if t.low in ("from", "by", "of") and n > 0 and np[n - 1].low in _DATA_WORDS:
            np = np[n + 1 :]
            break
    m = None
    if len(np) == 2 and np[0].low in ("the", "this", "that") and np[1].low in L.DOCUMENT_NOUNS:
        # "according to the report": the report of the source just named
        m = Mention(np[0].start, np[1].end, doc.text[np[0].start : np[1].end], None, None,
                    "pronoun", np[1].low, pronoun="it")
    elif len(np) > 1 and np[-1].low in L.DOCUMENT_NOUNS:
        np = np[:-1]
    m = m or parse(doc, np)
    if m is None or m.kind == "pronoun" and m.pronoun not in ("he", "she", "it"):
        return None
    before = [t for t in toks[:k] if word(t) and t.low not in ("but", "and", "however", "yet", "also")]
    if not before:
        c = e + 1 if e < len(toks) and toks[e].text == "," else e
        span = _content_span(doc, toks, c, _clause_end(toks, c))
    else:
        end = k - 1 if toks[k - 1].text == "," else k
        span = _content_span(doc, toks, 0, end)
    if span is None:
        return None
    verb = Token("according to", toks[k].start, toks[k + 1].end, "according to", -1)
    return _accept(doc, sent, si, m, verb, "according to", span[0], span[1], False)


def _passive_by(doc: Doc, sent: Sentence, si: int, i: int, lemma: str) -> RawAttribution | None:
    """"The figures were confirmed by two diplomats ...": the agent after
    "by" is the speaker and the passive subject is what they said."""
    toks = sent.tokens
    if i + 2 >= len(toks) or toks[i + 1].low != "by":
        return None
    e = i + 2
    while e < len(toks) and toks[e].quote < 0 and toks[e].text not in ",.;:" and not (
            not toks[e].text[0].isupper() and toks[e].low in L.CLAUSE_BOUNDARY_WORDS):
        e += 1
    m = parse(doc, toks[i + 2 : e])
    if m is None or m.kind == "pronoun":
        return None
    k = i - 1
    while k >= 0 and (toks[k].low in L.AUXILIARIES or toks[k].low in L.NEGATIONS
                      or toks[k].low.endswith("ly") or toks[k].low in L.SKIP_ADVERBS):
        k -= 1
    if k < 0:
        return None
    b = k
    while b > 0 and toks[b - 1].quote < 0 and toks[b - 1].text not in ",;:":
        b -= 1
    span = _content_span(doc, toks, b, k + 1)
    if span is None:
        return None
    return _accept(doc, sent, si, m, toks[i], lemma, span[0], span[1], False)
