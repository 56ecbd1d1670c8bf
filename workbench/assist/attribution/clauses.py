"""Where reported content starts and stops inside a sentence: clause boundaries, "that" clauses,
quotations a verb introduces, opening adverbials."""

from __future__ import annotations

from workbench.assist import lexicon as L
from workbench.assist.subjects import (
    is_participle_form,
    word,
)
from workbench.assist.text import Doc, Token, is_cap, trim_end

_WH_WORDS = frozenset({"how", "whether", "why", "when", "where", "what", "who", "if", "which"})


_SUBJECT_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "there"})


_PARTICIPLE_INTRO_MAX = 4  # words between a participle and the quote it introduces


def _clause_end(toks: list[Token], a: int) -> int:
    """End of the content that starts at ``a``: the sentence end, or before a
    trailing ", according to ..."."""
    e = len(toks)
    for k in range(a, len(toks) - 1):
        if toks[k].low == "according" and toks[k + 1].low == "to" and toks[k].quote < 0:
            e = k - 1 if k > a and toks[k - 1].text == "," else k
            break
        if k > a and toks[k].text == "," and toks[k].quote < 0 and toks[k + 1].quote < 0 \
                and toks[k + 1].low == "adding":
            e = k  # "said the water was bad, adding, “…”": the participle has its own statement
            break
        if _new_clause(toks, k) and k > a:
            e = k  # "said the budget would balance, but economists doubted it": not the speaker's words
            break
    return trim_end(toks, a, e, ".,;:")


_CLAUSE_CONJUNCTIONS = frozenset({"but", "while", "whereas", "although", "though", "yet"})


_NOT_A_SUBJECT = frozenset({"only", "also", "not", "still", "even", "just", "rather", "perhaps", "then"})


def _new_clause(toks: list[Token], k: int) -> bool:
    """``toks[k]`` is the comma or semicolon before a clause of its own
    (", but economists doubted it", "; the army denied it"), where reported
    content stops; not ", but only slightly", which still qualifies it, nor
    ", but said ...", the same speaker going on."""
    if toks[k].quote >= 0 or toks[k].text not in ",;" or k + 2 >= len(toks):
        return False
    j = k + 1
    if toks[k].text == ",":
        if toks[j].low not in _CLAUSE_CONJUNCTIONS:
            return False
        j += 1
    first = toks[j]
    if first.quote >= 0 or first.low in _NOT_A_SUBJECT or first.low in L.PREPOSITIONS \
            or first.low in L.VERB_FORMS \
            or (first.low.endswith("ly") and len(first.low) > 4):
        return False
    return any(t.quote < 0 and (t.low in L.VERB_FORMS or t.low in L.AUXILIARIES
                                or (t.low.endswith("ed") and len(t.low) > 4))
               for t in toks[j : j + 4])


def _content_span(doc: Doc, toks: list[Token], a: int, e: int,
                  after_participle: bool = False) -> tuple[tuple[int, int], bool] | None:
    """Span of the content in tokens [a, e): the quotation it consists of or
    that a participle/colon introduces, else the paraphrase itself."""
    if e <= a:
        return None
    qs = sorted({t.quote for t in toks[a:e] if t.quote >= 0})
    if qs:
        first = next(k for k in range(a, e) if toks[k].quote == qs[0])
        lead = [t for t in toks[a:first] if word(t)]
        intro = not lead or (toks[first - 1].text == ":" if first > a else False)
        intro = intro or (after_participle and len(lead) <= _PARTICIPLE_INTRO_MAX)
        if not intro:
            for n, t in enumerate(lead):
                if t.low in L.AUXILIARIES or (n == 0 and t.low in _SUBJECT_PRONOUNS):
                    break  # a clause before the participle is the content: "he would ..., calling them “…”"
                if is_participle_form(t.low) and t.low in L.VERB_FORMS and len(lead) - n - 1 <= _PARTICIPLE_INTRO_MAX:
                    intro = True
                    break
        if intro:
            q0, q1 = doc.quotes[qs[0]], doc.quotes[qs[-1]]
            if not lead and len(qs) > 1:
                q1 = q0
            return (q0.inner_start, q1.inner_end), True
    return (toks[a].start, toks[e - 1].end), False


def _starts_with_that_clause(toks: list[Token], p: int) -> bool:
    """``toks[p]`` is "that" introducing a clause, not "that claim"."""
    if toks[p].low != "that":
        return False
    if p + 1 >= len(toks):
        return False
    nxt = toks[p + 1]
    after = toks[p + 2] if p + 2 < len(toks) else None
    if nxt.quote >= 0 and nxt.quote != toks[p].quote:
        return True  # "said that “…”"
    if not nxt.text[0].isupper() and nxt.low not in L.DETERMINERS and nxt.low not in (
            "he", "she", "it", "they", "we", "i", "there", "his", "her", "its", "their"):
        if after is None or not word(after) or after.low in L.PREPOSITIONS:
            return False
    return True


def _short_title(doc: Doc, qi: int, at: int) -> bool:
    """The quotation at ``at`` is a short title or phrase ("said on ABC’s
    ''This Week'' that ..."), not the statement: a few words, closed, and
    followed by more of the sentence."""
    q = doc.quotes[qi]
    inner = doc.text[q.inner_start : q.inner_end]
    return len(inner.split()) <= 4 and q.end < len(doc.text) and doc.text[q.end : q.end + 1] == " " \
        and not inner.rstrip().endswith((",", ".", "?", "!"))


def _date_comma(toks: list[Token], k: int) -> bool:
    """The comma of "October 9, 2024"."""
    return 0 < k < len(toks) - 1 and toks[k - 1].text.isdigit() and toks[k + 1].text.isdigit()


_OPENERS = frozenset({"still", "regarding", "indeed", "yet", "however", "meanwhile", "instead", "also",
                      "and", "but", "so", "now", "then", "earlier", "later", "today", "speaking",
                      "asked", "addressing", "responding", "separately", "again", "last",
                      "this", "recently", "afterward", "afterwards", "previously", "initially"})


def _adverbial(toks: list[Token]) -> bool:
    """An opening adverbial before the speaker ("In 2008,", "Still,",
    "Regarding the exchanges,", "On Sunday,"), not a statement: short,
    led by a preposition or a sentence adverb, with no verb of its own.
    Each comma-separated part must be one ("On Monday, in Ohio,"; not "As a
    woman, Ms. Malik raised less suspicion,")."""
    parts: list[list[Token]] = [[]]
    for t in toks:
        if t.text == "," and t.quote < 0:
            parts.append([])
        else:
            parts[-1].append(t)
    parts = [p for p in parts if any(word(t) for t in p)]
    if len(parts) > 1:
        return all(_adverbial(p) for p in parts)
    ws = [t for t in toks if word(t)]
    if any(ws[n].low in _SUBJECT_PRONOUNS and ws[n].quote < 0 and not is_cap(ws[n + 1].text)
           and ws[n + 1].low not in L.PREPOSITIONS for n in range(1, len(ws) - 1)):
        return False  # "But he operates on a different principle,": a clause
    if not ws or len(ws) > 10 or any(t.quote >= 0 for t in toks):
        return False
    first = ws[0].low
    if first not in L.PREPOSITIONS and first not in _OPENERS and not (first.endswith("ly") and len(first) > 4) \
            and not (ws[0].text[0].isdigit() or first in L.TIME_WORDS or first in L.MONTHS):
        return False
    return not any(t.low in L.AUXILIARIES or t.low in L.PAST_IRREGULAR for t in ws[1:])
