"""Check-worthy claims: which sentences state something that can be checked.

A sentence is worth checking when it commits to something verifiable: a
number, a date, a named actor doing something, a cause, a comparison, or a
statement hedged as second-hand ("reportedly", "allegedly", "said to"),
which is exactly what a fact-checker must trace to its origin. Each such
feature is a reason shown to the user; the score combines them as
independent pieces of evidence (noisy-OR), so that one weak feature gives a
low score and several give a high one.

Opinions (evaluative words, verbs of belief) and predictions (modals, "is
expected to", "if confirmed") are kept but marked, and their score is cut:
they can be recorded, but are never offered as the facts to check first.
When a sentence reports speech, its kind is that of the reported content
("Miller expressed concern ..." is an opinion, even though that Miller said
it is a fact).
"""

from __future__ import annotations

import itertools
import re

from workbench.assist import lexicon as L
from workbench.assist.model import Attribution, ClaimSuggestion
from workbench.assist.text import Doc, Sentence, Token, find_dates, is_cap

# noisy-OR weights of the reasons
_WEIGHTS = {
    "number": 0.4, "date": 0.15, "named actor": 0.25, "event": 0.25, "causal": 0.2,
    "comparison": 0.2, "attributed": 0.15, "hedged": 0.35,
}
_STATEMENT_FACTOR = {"fact": 1.0, "prediction": 0.55, "opinion": 0.45}
# reporting verbs whose content is a judgement or a forecast by nature
_OPINION_VERBS = frozenset({"doubt", "question", "believe", "think", "fear", "worry", "hope",
                            "urge", "praise", "condemn", "criticise", "criticize", "highlight",
                            "express", "blame", "welcome", "slam", "accuse", "brand", "label",
                            "dismiss", "describe", "characterise", "characterize"})
_PREDICTION_VERBS = frozenset({"predict", "forecast", "expect", "warn", "promise", "pledge",
                               "vow", "threaten"})
_MODALS = frozenset({"will", "would", "could", "may", "might", "shall", "'ll"})
_HEDGE_RE = re.compile(r"\b(" + "|".join(sorted((re.escape(h) for h in L.HEDGES), key=len, reverse=True))
                       + r")\b", re.IGNORECASE)
_YEAR_RE = re.compile(r"^(1[89]\d\d|20\d\d)s?$")


def _has_verb(s: Sentence) -> bool:
    for t in s.tokens:
        low = t.low
        if not t.text[0].isalpha():
            continue
        if low in L.AUXILIARIES or low in L.VERB_FORMS or low in L.PAST_IRREGULAR:
            return True
        if len(low) > 4 and low.endswith(("ed", "ing")):
            return True
        if s.headline and t.text[0].islower() and low not in L.PREPOSITIONS \
                and low not in L.DETERMINERS and low not in L.CLAUSE_BOUNDARY_WORDS:
            return True  # a sentence-case headline has lower-case content words
    return False


def _features(doc: Doc, s: Sentence, toks: list[Token]) -> tuple[list[str], bool]:
    """Reasons found in ``toks`` and whether a weekday/month-like date is there."""
    reasons: list[str] = []
    words = [t for t in toks if t.text[0].isalnum()]
    number = date = named = event = causal = comparison = False
    for n, t in enumerate(words):
        low = t.low
        if t.text[0].isdigit():
            if _YEAR_RE.match(t.text):
                date = True
            else:
                number = True
        elif low in L.NUMBER_WORDS and not t.text[0].isupper():
            number = True
        if low in L.TIME_WORDS and low not in ("earlier", "later", "now") or (low in L.MONTHS and t.text[0].isupper()):
            date = True
        if is_cap(t.text) and low not in L.MONTHS and low not in L.TIME_WORDS \
                and low not in doc.common_words and (n > 0 or _proper_at_start(words)):
            named = True
        if not t.text[0].isupper() and (
                (len(low) > 4 and low.endswith("ed")) or low in L.PAST_IRREGULAR or low in L.EVENT_NOUNS):
            event = True
        if low in L.CAUSAL_WORDS:
            causal = True
        if low in L.COMPARISON_WORDS and n + 1 < len(words) and (
                words[n + 1].low == "than" or words[n + 1].text[0].isdigit()) or low in (
                "largest", "biggest", "highest", "lowest", "first", "record"):
            comparison = True
    if n_did_not(words):
        event = True
    if find_dates(doc.text, s.start, s.end):
        date = True
    for flag, name in ((number, "number"), (date, "date"), (named, "named actor"), (event, "event"),
                       (causal, "causal"), (comparison, "comparison")):
        if flag:
            reasons.append(name)
    return reasons, date


def _proper_at_start(words: list[Token]) -> bool:
    """Is the capitalised first word a name ("Hamas did not ...") rather than
    a capitalised common word ("Despite these reports")?"""
    first = _bare_low(words[0].text)
    if first in L.ORGANISATIONS or first in L.COUNTRIES or first in L.OUTLETS:
        return True
    if len(words[0].text) > 1 and words[0].text.isupper():
        return True
    return len(words) > 1 and is_cap(words[1].text) and words[1].low not in L.MONTHS


def _bare_low(w: str) -> str:
    return re.sub(r"[’']s$", "", w).lower()


def n_did_not(words: list[Token]) -> bool:
    """ "did not send": a checkable non-event."""
    return any(a.low in ("did", "has", "have", "had") and b.low in ("not", "never")
               for a, b in itertools.pairwise(words))


def _hedges(text: str) -> list[str]:
    seen: list[str] = []
    for m in _HEDGE_RE.finditer(text):
        label = L.HEDGES[m.group(1).lower()]
        if label not in seen:
            seen.append(label)
    return seen


def _statement(toks: list[Token], lemmas: set[str]) -> str:
    words = [t for t in toks if t.text[0].isalpha()]
    pred = op = 0
    for n, t in enumerate(words):
        low = t.low
        nxt = words[n + 1].low if n + 1 < len(words) else ""
        if t.text[0].isupper() and n > 0:
            continue  # "May", "Will" as names
        if low in _MODALS or low in ("likely", "unlikely", "potentially", "likelihood", "expected"):
            pred += 1
        elif low in ("set", "going", "poised", "due") and nxt == "to":
            pred += 1
        elif low == "if" and nxt in ("confirmed", "true"):
            pred += 1
        elif low in L.OPINION_WORDS:
            op += 1
    if lemmas & _PREDICTION_VERBS:
        pred += 1
    if lemmas & _OPINION_VERBS:
        op += 1
    if pred:
        return "prediction"
    if op:
        return "opinion"
    return "fact"


def _content_tokens(s: Sentence, attrs: list[Attribution]) -> list[Token]:
    """The tokens a claim is about: the reported content where the sentence
    reports speech, else the whole sentence."""
    spans = [(a.quote_start, a.quote_end) for a in attrs if a.quote_end > a.quote_start]
    if not spans:
        return s.tokens
    return [t for t in s.tokens if any(a <= t.start < b for a, b in spans)] or s.tokens


def claims_in(doc: Doc, attributions: list[Attribution]) -> list[ClaimSuggestion]:
    """Check-worthy sentences of ``doc``; ``attributions`` are those already
    found in it (a sentence that reports speech gets the reason "attributed")."""
    out: list[ClaimSuggestion] = []
    ai = 0
    attrs_sorted = sorted(attributions, key=lambda a: a.start)
    for s in doc.sentences:
        words = [t for t in s.tokens if t.text[0].isalnum()]
        if len(words) < 4 or not _has_verb(s):
            continue
        while ai < len(attrs_sorted) and attrs_sorted[ai].end <= s.start:
            ai += 1
        attrs = []
        for a in attrs_sorted[ai:]:
            if a.start >= s.end:
                break
            if a.end > s.start:
                attrs.append(a)
        content = _content_tokens(s, attrs)
        reasons, _ = _features(doc, s, s.tokens)
        hedges = _hedges(s.text)
        reasons += [f"hedged: {h}" for h in hedges]
        if attrs:
            reasons.append("attributed")
        lemmas = {L.VERB_FORMS.get(a.verb.lower(), a.verb.lower()) for a in attrs}
        statement = _statement(content, lemmas)
        substance = [r for r in reasons if r != "date" or len(reasons) > 1]
        anchored = any(r in ("named actor", "attributed", "number") for r in reasons)
        if len(substance) < 2 and not (statement != "fact" and anchored):
            continue  # one weak feature; an opinion or prediction needs an anchor
        miss = 1.0
        for r in reasons:
            miss *= 1.0 - _WEIGHTS["hedged" if r.startswith("hedged") else r]
        score = round((1.0 - miss) * _STATEMENT_FACTOR[statement], 3)
        out.append(ClaimSuggestion(s.start, s.end, s.text, tuple(reasons), score, statement))
    return out
