"""Evidence across documents: the statements of a new article that bear on
the claims a project already has.

When a second report of the same event arrives, the fact-checker wants to
know which of its sentences confirm, contradict or only partly confirm each
claim, and who says so. A sentence bears on a claim when it is about the
same event: the same actors (names), the same numbers, places and time, and
enough of the same content words. Rules only, offline, over the sentences
and attributions the assistant already finds (``assist.text``,
``assist.resolve``), so the whole costs one analysis of the new document
plus a few set intersections per claim.

The stance hint is read from the statement: a verb of denial or a negated
observation (the attribution's own hint), a negation the claim does not have
("no troops crossed"), or a different figure for the same thing ("about
1,500 soldiers" against "3,000 soldiers") contradicts; otherwise the
statement corroborates. The speaking source is the attribution's speaker,
or none when the article says it in its own voice.

May import: the other ``workbench.assist`` modules only.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from workbench.assist.model import Attribution
from workbench.assist.resolve import resolve_attributions
from workbench.assist.text import Sentence, analyse

__all__ = ["CrossSuggestion", "claim_features", "cross_suggestions"]

#: A statement is offered when its score reaches this (see ``_score``).
THRESHOLD = 3.0
#: Share of the previous sentence's score lent to a sentence that continues it.
CONTEXT = 0.35
#: At most this many statements per claim and document.
PER_CLAIM = 3

_STOP = frozenset("""
a an the and or but if of to in on at by for with from as into onto over under about after before
during since until than then that this these those there here it its it's is are was were be been
being has have had do does did will would could should may might must can shall not no nor never
he she they we i you his her their our my your him them us who whom which what when where why how
said says say told according also more most some any each all both other another such only very
just even still yet so up down out off new one two three last first second week month year day
monday tuesday wednesday thursday friday saturday sunday today yesterday
""".split())
_NEGATIONS = frozenset({"not", "no", "never", "none", "nobody", "nothing", "neither", "nor",
                        "without", "denied", "denies", "deny", "denying", "false", "untrue",
                        "rejected", "rejects", "dismissed", "refuted", "n't", "didn't",
                        "wasn't", "weren't", "hasn't", "haven't", "isn't", "aren't", "doesn't"})
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "dozen": 12,
                 "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100,
                 "thousand": 1000}
_SCALE = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_WORD_RE = re.compile(r"\d+(?:[.,]\d+)*%?|[^\W\d_][\w’'-]*")


@dataclass(frozen=True)
class CrossSuggestion:
    """A statement of ``document`` that bears on ``claim``.

    ``start``/``end`` cover the quote to anchor (the reported words of an
    attribution, else the sentence); ``sentence_start``/``sentence_end`` the
    whole sentence, for display. ``reasons`` names what the statement shares
    with the claim ("actors: Peskov", "numbers: 3000").
    """

    claim: str
    document: str | None
    start: int
    end: int
    quote: str
    sentence_start: int
    sentence_end: int
    speaker: str | None
    speaker_kind: str | None
    stance_hint: str  # "corroborates" | "contradicts"
    score: float
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Features:
    """What a text says an event is made of."""

    names: frozenset[str]   # capitalised words, lower case ("peskov", "kursk")
    numbers: frozenset[float]
    words: frozenset[str]   # content words, crudely stemmed
    negated: bool
    counted: tuple[tuple[float, str], ...]  # (number, the word it counts)


def _stem(w: str) -> str:
    w = w.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    for suf in ("ing", "ed", "es", "s"):
        if w.endswith(suf) and len(w) - len(suf) >= 4:
            w = w[: len(w) - len(suf)]
            break
    if w.endswith("e") and len(w) > 4:
        w = w[:-1]  # "strike" and "striking" alike
    return w[:7]


def _number(tok: str) -> float | None:
    t = tok.lower().rstrip("%")
    if t in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[t])
    if t and t[0].isdigit():
        try:
            return float(t.replace(",", ""))
        except ValueError:
            return None
    return None


def claim_features(text: str) -> Features:
    """The features of a claim or a sentence."""
    toks = _WORD_RE.findall(text)
    names: set[str] = set()
    numbers: set[float] = set()
    words: set[str] = set()
    counted: list[tuple[float, str]] = []
    negated = False
    k = 0
    while k < len(toks):
        t = toks[k]
        low = t.lower()
        if low in _NEGATIONS or low.endswith("n't"):
            negated = True
        n = _number(t)
        if n is not None and not (1900 <= n <= 2100 and "," not in t and t.isdigit()):
            j = k + 1
            while j < len(toks) and toks[j].lower() in _SCALE:
                n *= _SCALE[toks[j].lower()]
                j += 1
            if low in _NUMBER_WORDS and n < 13:  # "two" is a number only before a noun we count
                pass
            numbers.add(n)
            if j < len(toks) and toks[j][:1].isalpha():
                nxt = toks[j].lower()
                if nxt in _STOP and j + 1 < len(toks):
                    nxt = toks[j + 1].lower()
                counted.append((n, _stem(nxt)))
            k = j
            continue
        if low in _STOP or len(low) < 3:
            k += 1
            continue
        if t[0].isupper() and k > 0:  # a capital opening the text may be any word
            names.add(_stem(low))
        words.add(_stem(low))
        k += 1
    return Features(frozenset(names), frozenset(numbers), frozenset(words), negated, tuple(counted))


def _score(c: Features, s: Features) -> tuple[float, tuple[str, ...]]:
    """How strongly a sentence is about the claim's event: shared names count
    2 each, shared numbers 2, a figure for the same counted thing 1.5 (a
    different figure for the same thing is still about the event), shared
    content words 1 each beyond the names; nothing without a shared name or
    number."""
    names = c.names & s.names
    nums = c.numbers & s.numbers
    counted_c = {w for _n, w in c.counted}
    same_thing = {w for _n, w in s.counted if w in counted_c}
    words = (c.words & s.words) - names
    if not (names or nums or same_thing) and len(words) < 3:
        return 0.0, ()  # nothing that pins the same event, and too little of its wording
    if len(words) + len(names) < 2:
        return 0.0, ()
    score = 2.0 * len(names) + 2.0 * len(nums) + 1.5 * len(same_thing - {w for n, w in s.counted if n in nums}) \
        + 1.0 * len(words)
    score /= max(1.0, (len(c.words) / 6.0) ** 0.5)
    reasons = []
    if names:
        reasons.append("actors/places: " + ", ".join(sorted(names)))
    if nums:
        reasons.append("numbers: " + ", ".join(f"{n:g}" for n in sorted(nums)))
    if words:
        reasons.append("words: " + ", ".join(sorted(words)[:6]))
    return score, tuple(reasons)


def _stance(c: Features, s: Features, attr: Attribution | None) -> str:
    if attr is not None and attr.stance_hint == "contradicts":
        return "contradicts"
    if attr is not None and attr.stance_hint == "corroborates" and s.negated == c.negated:
        return "corroborates"
    if s.negated != c.negated:
        return "contradicts"
    for n, w in s.counted:
        for m, v in c.counted:
            if v == w and n != m and abs(n - m) > 0.1 * max(n, m):
                return "contradicts"  # a different figure for the same thing
    return "corroborates"


def cross_suggestions(claims: Mapping[str, str], text: str,
                      document_id: str | None = None) -> list[CrossSuggestion]:
    """For each claim (id -> text), the statements of ``text`` that bear on
    it, best first, at most ``PER_CLAIM`` per claim.

    Sentences are indexed by their words, so a claim is only compared with
    the sentences that share at least two of its words (or one, right after
    a sentence that matched): a project of 2,000 claims costs a few hundred
    milliseconds per imported document, not claims x sentences comparisons.
    """
    doc = analyse(text)
    attrs = resolve_attributions(doc)
    sents: list[tuple[Sentence, Attribution | None, Features]] = []
    postings: dict[str, list[int]] = defaultdict(list)
    ai = 0
    for n, sent in enumerate(doc.sentences):
        while ai < len(attrs) and attrs[ai].quote_start < sent.start:
            ai += 1
        a = attrs[ai] if ai < len(attrs) and attrs[ai].quote_start < sent.end else None
        f = claim_features(sent.text)
        sents.append((sent, a, f))
        for w in f.words | {f"#{x:g}" for x in f.numbers}:
            postings[w].append(n)
    out: list[CrossSuggestion] = []
    for cid, ctext in claims.items():
        cf = _features_cached(ctext)
        counts: Counter[int] = Counter()
        for w in cf.words | {f"#{x:g}" for x in cf.numbers}:
            counts.update(postings.get(w, ()))
        if not counts:
            continue
        scores: dict[int, tuple[float, tuple[str, ...]]] = {}
        for n in sorted(counts):
            sf = sents[n][2]
            score, reasons = _score(cf, sf) if counts[n] >= 2 else (0.0, ())
            prev = scores.get(n - 1, (0.0, ()))[0]
            shared = len((cf.words & sf.words) - cf.names)
            if score < THRESHOLD and shared and prev >= THRESHOLD:
                # "such a unit", "the missiles": a sentence that goes on about
                # the event the previous one matched, in fewer of its words
                score = max(score, shared + CONTEXT * prev)
                reasons = (*reasons, "continues the sentence before")
            scores[n] = (score, reasons)
        best = sorted(((sc, n, r) for n, (sc, r) in scores.items() if sc >= THRESHOLD),
                      key=lambda x: (-x[0], x[1]))[:PER_CLAIM]
        for score, n, reasons in best:
            sent, a, sf = sents[n]
            if a is not None:
                qs, qe, speaker, kind = a.quote_start, a.quote_end, a.speaker, a.speaker_kind
            else:
                qs, qe, speaker, kind = sent.start, sent.end, None, None
            out.append(CrossSuggestion(
                cid, document_id, qs, qe, text[qs:qe], sent.start, sent.end, speaker, kind,
                _stance(cf, sf, a), round(score, 2), reasons))
    return out


@lru_cache(maxsize=8192)
def _features_cached(text: str) -> Features:
    return claim_features(text)
