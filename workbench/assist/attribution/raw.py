"""An attribution as found in one sentence, and the checks that make one from a speaker, a verb and content."""

from __future__ import annotations

from dataclasses import dataclass

from workbench.assist import lexicon as L
from workbench.assist.attribution.opening import repaired_speaker
from workbench.assist.names import Mention
from workbench.assist.text import Doc, Sentence, Token, find_dates


@dataclass
class RawAttribution:
    """An attribution as found in one sentence, speaker not yet resolved."""

    sent: int
    mention: Mention
    verb: str
    lemma: str
    verb_start: int
    content: tuple[int, int]
    direct: bool  # the content is the inside of a quotation
    negated: bool
    span: tuple[int, int]
    via: str | None = None
    date: str | None = None
    continuation: bool = False
    kind_hint: str | None = None


# Verbs whose statement is a clause or a quotation, never one or two words
_CLAUSE_VERBS = frozenset({"say", "tell", "write", "add", "note", "state", "explain", "recall", "argue", "insist",
                           "believe", "think"})


def _too_short(content: str) -> bool:
    """One or two words that are no clause ("my friend", "Inside Edition";
    but "talks resumed", "prices rose"): not what a verb of this kind said."""
    words = content.lower().split()
    if len(words) >= 3:
        return False
    last = words[-1].strip(".,;:!?")
    return not (len(words) == 2 and (last.endswith(("ed", "s")) or last in L.PAST_IRREGULAR
                                     or last in L.AUXILIARIES))


def _date(doc: Doc, sent: Sentence, content: tuple[int, int]) -> str | None:
    for s, e, iso in find_dates(doc.text, sent.start, sent.end):
        if e <= content[0] or s >= content[1]:
            return iso
    return None


def _accept(doc: Doc, sent: Sentence, si: int, m: Mention, verb: Token, lemma: str,
            content: tuple[int, int] | None, direct: bool, negated: bool,
            via: str | None = None, kind_hint: str | None = None) -> RawAttribution | None:
    if content is None or content[1] <= content[0]:
        return None
    words = m.text.split()
    if (words[-1].lower() in L.PREPOSITIONS and words[-1].lower() != "to") or (
            words[0].lower() in L.PREPOSITIONS and words[0][0].islower()):
        return None  # "the mayor about" (in "asked the mayor about remarks"), "at a rally in Derry"
    if not direct and lemma in _CLAUSE_VERBS and _too_short(doc.text[content[0] : content[1]]):
        return None  # "wrote my friend", "said pleasantly", "told Inside Edition": no statement
    m = repaired_speaker(doc, sent, m, verb)  # not "Instead" in "Instead, Will called"
    start = m.start
    toks = sent.tokens
    k = next((n for n, t in enumerate(toks) if t.start == start), None)
    while k is not None and k > 0 and toks[k - 1].low in L.DETERMINERS and toks[k - 1].quote < 0:
        k -= 1  # the clause reads "A Ukrainian ... source has informed", article included
        start = toks[k].start
    lo = min(start, verb.start, content[0])
    hi = max(m.end, verb.end, content[1])
    # a direct quotation's span includes its quotation marks
    for qi in {t.quote for t in toks if t.quote >= 0}:
        q = doc.quotes[qi]
        if q.inner_start == content[0] or q.inner_end == content[1]:
            lo, hi = min(lo, q.start), max(hi, min(q.end, sent.end))
    return RawAttribution(si, m, verb.text, lemma, verb.start, content, direct, negated, (lo, hi),
                          via=via, date=_date(doc, sent, content), kind_hint=kind_hint)
