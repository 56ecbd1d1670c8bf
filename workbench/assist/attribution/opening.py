"""A speaker phrase that is no speaker: an opening adverbial or a time word.

The subject rules walk left from a reporting verb and, in a sentence that
opens with an adverbial, can stop inside it: "Reached by phone on Tuesday,
Joyce told ..." gave "Reached", "Instead, Will called ..." gave "Instead"
(the name "Will" read as an auxiliary), "Gowdy earlier Thursday said" gave
"Thursday". A fact-checker's source list should name Joyce, Will and Gowdy.
This module checks the phrase the rules found and, when it lies inside a
sentence-opening adverbial (a preposition, a participle, a subordinate
clause, a sentence adverb or a dateline before the first comma) or is only a
time word, reads the subject where a reader finds it: the noun phrase after
the adverbial's comma, or the name before the time word.

It may import ``lexicon``, ``names``, ``subjects``, ``cues`` and ``text``.
"""

from __future__ import annotations

from workbench.assist import lexicon as L
from workbench.assist.cues import subject_head
from workbench.assist.names import Mention
from workbench.assist.subjects import parse
from workbench.assist.text import Doc, Sentence, Token, is_cap

_DASHES = frozenset({"—", "–", "―", "-", "--"})
# words that open an adverbial before the subject ("Instead, ...", "While ...,")
_OPENERS = frozenset({
    "instead", "indeed", "overall", "offstage", "onstage", "meanwhile", "still", "perhaps", "early", "later",
    "earlier", "now", "then", "also", "however", "publicly", "privately", "separately", "afterward",
    "afterwards", "previously", "finally", "first", "last", "yesterday", "today", "tonight", "recently",
    "while", "when", "if", "before", "after", "as", "although", "though", "because", "since", "once",
    "until", "unless", "whereas", "asked", "reached", "speaking", "writing", "addressing", "discussing",
    "reacting", "responding", "appearing", "campaigning", "testifying", "interviewed", "contacted",
    "pressed", "questioned"})
# auxiliaries that are also given names: after a comma or first in a
# sentence, capitalised, they name a person ("Instead, Will called")
_NAME_AUXILIARIES = frozenset({"will", "may", "can", "june", "april"})
_TIME_LEADS = frozenset({"earlier", "later", "late", "early", "last", "this", "on", "next", "that"})


def _index(toks: list[Token], start: int) -> int | None:
    return next((n for n, t in enumerate(toks) if t.start == start), None)


def _opening_end(toks: list[Token], verb: int) -> int | None:
    """Index of the comma that closes a sentence-opening adverbial before the
    verb at ``verb``; None when the sentence opens with no adverbial."""
    if not toks or toks[0].quote >= 0:
        return None
    first = toks[0]
    low = first.low
    dateline = first.text.isupper() and len(first.text) > 2 and first.text.isalpha()
    # a participle opens an adverbial ("Speaking in Harlem,"), not a name ("Playing Field Promotions")
    participle = low.endswith(("ing", "ed")) and len(low) > 5 and len(toks) > 1 and not is_cap(toks[1].text)
    opener = low in _OPENERS or low in L.PREPOSITIONS or dateline or participle or (
        low.endswith("ly") and len(low) > 4)
    if not opener:
        return None
    depth = 0
    for k in range(1, verb):
        t = toks[k]
        if t.quote >= 0:
            return None
        if t.text == "(":
            depth += 1
        elif t.text == ")":
            depth = max(0, depth - 1)
        elif dateline and t.text in _DASHES and depth == 0:
            return k  # "RANGOON, Burma - ...": the dateline ends at its dash
        elif t.text == "," and depth == 0 and not dateline:
            return k
    return None


def _subject_after(doc: Doc, sent: Sentence, a: int, verb: int) -> Mention | None:
    """The subject phrase from ``a`` to the verb: asides between dashes or
    parentheses set apart, auxiliaries, negations and adverbs before the verb
    left out ("Joyce — who ... — told", "the Florida Republican would only
    say")."""
    toks = sent.tokens
    j = verb - 1
    while j >= a and toks[j].quote < 0 and (
            (toks[j].low in L.AUXILIARIES and not (j == a and is_cap(toks[j].text)
                                                   and toks[j].low in _NAME_AUXILIARIES))
            or toks[j].low in L.NEGATIONS or toks[j].low in L.SKIP_ADVERBS or toks[j].low == "only"
            or toks[j].low in L.TIME_WORDS
            or (toks[j].low.endswith("ly") and len(toks[j].low) > 4 and not is_cap(toks[j].text))):
        j -= 1
    phrase: list[Token] = []
    depth = 0
    dash_open = False
    for t in toks[a : j + 1]:
        if t.quote >= 0:
            return None
        if t.text == "(":
            depth += 1
        elif t.text == ")":
            depth = max(0, depth - 1)
        elif t.text in _DASHES:
            dash_open = not dash_open
        elif depth or dash_open:
            continue
        elif t.text == ",":
            break  # "Clinton, without naming him, also accused": the phrase before the aside
        elif phrase and not is_cap(t.text) and (t.low in L.PAST_IRREGULAR or (
                t.low.endswith("ed") and len(t.low) > 4)):
            break  # "Rep. Jeffries reacted to the news, saying": the main verb ends the subject
        else:
            phrase.append(t)
    if not phrase or len(phrase) > 10:
        return None
    if any(not is_cap(t.text) and (t.low in L.AUXILIARIES or (
            t.low in L.CLAUSE_BOUNDARY_WORDS and t.low not in ("and", "or"))) for t in phrase):
        return None  # a clause, not a noun phrase
    if len(phrase) == 1 and is_cap(phrase[0].text) and phrase[0].low in _NAME_AUXILIARIES:
        t = phrase[0]
        return Mention(t.start, t.end, t.text, t.text, None, "person", t.low, weak_kind=True)
    return subject_head(doc, sent, phrase)


def _name_before_time(doc: Doc, toks: list[Token], k: int) -> Mention | None:
    """"Gowdy earlier Thursday said": the name before the time phrase."""
    j = k - 1
    while j >= 0 and toks[j].quote < 0 and (toks[j].low in _TIME_LEADS or toks[j].low in L.TIME_WORDS):
        j -= 1
    if j < 0 or not is_cap(toks[j].text) or toks[j].quote >= 0:
        return None
    b = j
    while b > 0 and toks[b - 1].quote < 0 and (is_cap(toks[b - 1].text) or toks[b - 1].text == ".") \
            and j - b < 5:
        b -= 1
    m = parse(doc, toks[b : j + 1])
    return m if m is not None and m.kind in ("person", "organisation", "outlet") and m.name else None


_SUBJECT_PRONOUNS = frozenset({"he", "she", "they"})


def _pronoun_before(toks: list[Token], v: int) -> int | None:
    """Index of a subject pronoun standing right before the verb at ``v``
    (auxiliaries, negations and adverbs between), outside quotations."""
    j = v - 1
    while j >= 0 and toks[j].quote < 0 and (
            toks[j].low in L.AUXILIARIES or toks[j].low in L.NEGATIONS or toks[j].low in L.SKIP_ADVERBS
            or (toks[j].low.endswith("ly") and len(toks[j].low) > 4)):
        j -= 1
    if j < 1 or toks[j].quote >= 0 or toks[j].low not in _SUBJECT_PRONOUNS:
        return None
    if toks[j - 1].low in L.CLAUSE_BOUNDARY_WORDS or toks[j - 1].text in ",;:" or toks[j - 1].quote >= 0:
        return None  # "what he said", "Trump, who he said ...": a clause of its own
    return j


def repaired_speaker(doc: Doc, sent: Sentence, m: Mention, verb: Token) -> Mention:
    """``m``, or the subject a reader finds when ``m`` lies inside the
    sentence's opening adverbial or is only a time word."""
    toks = sent.tokens
    k = _index(toks, m.start)
    v = _index(toks, verb.start)
    if k is None or v is None or k > v:
        return m
    words = m.text.split()
    if len(words) == 1 and (m.text.lower() in L.TIME_WORDS or m.text.lower() in L.MONTHS) and not m.pronoun:
        named = _name_before_time(doc, toks, k)
        if named is not None:
            return named
    pronoun = _pronoun_before(toks, v)
    if pronoun is not None and m.end <= toks[pronoun].start and not m.pronoun:
        # "A few days ago in an interview with RT he blasted ...": the pronoun
        # right before the verb is its subject, not a phrase before it
        found = parse(doc, [toks[pronoun]])
        if found is not None:
            return found
    c = _opening_end(toks, v)
    if c is None or c + 1 >= v:
        return m
    # the phrase found lies inside the opening adverbial
    if not (m.end <= toks[c].start):
        return m
    better = _subject_after(doc, sent, c + 1, v)
    return better if better is not None else m


_REFLEXIVES = frozenset({"himself", "herself", "itself", "themselves"})


def _opening_phrases_end(toks: list[Token], c: int, verb: int) -> int:
    """Past the commas of further adverbial phrases after the first ("The day
    before, at a rally in Beaumont, Tex., Mr. Trump was"): the index where
    the subject starts."""
    a = c + 1
    while a < verb and toks[a].quote < 0 and not is_cap(toks[a].text) and (
            toks[a].low in L.PREPOSITIONS or toks[a].low in _OPENERS):
        nxt = next((k for k in range(a, verb) if toks[k].text == ","), None)
        if nxt is None:
            break
        a = nxt + 1
        # a state or country after a town ("in Beaumont, Tex.,") belongs to the phrase
        while a < verb and is_cap(toks[a].text) and len([t for t in toks[a:verb] if t.text == ","]) > 0:
            nxt2 = next(k for k in range(a, verb) if toks[k].text == ",")
            if nxt2 - a > 3:
                break
            a = nxt2 + 1
    return a


def opening_subject(doc: Doc, sent: Sentence) -> Mention | None:
    """The person a sentence's main clause is about, when the subject rules
    cannot see it: after a sentence-opening adverbial ("The day before, at
    a rally in Beaumont, Tex., Mr. Trump was just as blunt") or before a
    reflexive ("Obama himself seemed to recognize it"); what "he" in the
    next sentence may refer to."""
    toks = sent.tokens
    n = len(toks)
    if n < 4:
        return None
    for k in range(1, min(n - 1, 8)):
        if toks[k].low in _REFLEXIVES and is_cap(toks[k - 1].text) and toks[k].quote < 0:
            b = k - 1
            while b > 0 and (is_cap(toks[b - 1].text) or toks[b - 1].text == ".") and k - b < 5:
                b -= 1
            if b == 0:
                m = parse(doc, toks[b:k])
                return m if m is not None and m.kind == "person" and m.name else None
    c = _opening_end(toks, n)
    if c is None:
        comma = next((k for k in range(min(n, 6)) if toks[k].text == ","), None)
        if comma is None or not any(
                t.low in L.TIME_WORDS or t.low in L.MONTHS or t.low in ("day", "ago", "before", "after")
                for t in toks[:comma]):
            return None
        c = comma  # "The day before, ..."
    a = _opening_phrases_end(toks, c, n)
    v = next((k for k in range(a + 1, n) if toks[k].quote < 0 and not is_cap(toks[k].text) and (
        toks[k].low in L.AUXILIARIES or toks[k].low in L.PAST_IRREGULAR or toks[k].low in L.VERB_FORMS
        or (toks[k].low.endswith("ed") and len(toks[k].low) > 4))), None)
    if v is None or v - a > 8:
        return None
    m = _subject_after(doc, sent, a, v)
    return m if m is not None and m.kind == "person" and m.name else None
