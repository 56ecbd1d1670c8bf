"""Find who is reported as saying what: the raw attributions of a text.

The rules follow the few shapes that news copy uses for reported speech:

- subject, reporting verb, content: "Peskov refuted claims ..., stating, “…”";
  an apposition may sit between subject and verb ("Matthew Miller, a
  spokesperson for the US State Department, expressed concern");
- content, then the speaker: "“…,” he explained", "“…,” said Lankov, director
  of …", "…, the ministry said in a statement";
- "according to X" before or after the content;
- a participle after the main clause: "Zakharova went further, accusing …";
- a quotation standing alone right after an attribution continues it.

A reporting verb only counts when a speaker-like subject stands before it
(a person, an organisation, an outlet, a pronoun or a noun such as "source"
or "analysts"), so "refuted *claims*", "reports circulating" and "a missile
… indicate" are not taken as speech. Pronouns, short names and "the
official" are resolved afterwards, in ``assist_resolve``.
"""

from __future__ import annotations

from dataclasses import dataclass

from workbench.assist import lexicon as L
from workbench.assist.cues import fallback_subject, infinitive_subject
from workbench.assist.names import Mention, parse_speaker, singular
from workbench.assist.subjects import (
    PP_ADJUNCT,
    Subject,
    is_participle_form,
    left_subject,
    main_subject,
    main_verb,
    parse,
    right_subject,
    word,
)
from workbench.assist.text import Doc, Sentence, Token, find_dates, is_cap

__all__ = ["RawAttribution", "main_subject", "raw_attributions"]
_WH_WORDS = frozenset({"how", "whether", "why", "when", "where", "what", "who", "if", "which"})
_SUBJECT_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "there"})
_PARTICIPLE_INTRO_MAX = 4  # words between a participle and the quote it introduces
# verbs whose past is their base form ("the agency forecast storms")
_SAME_PAST = frozenset({"forecast", "broadcast", "cast"})
# "data from X", "figures published by X": the words after which a noun phrase names its source
_DATA_WORDS = L.DOCUMENT_NOUNS | {"published", "released", "compiled"}
# Verbs that are nothing but verbs of speech: any noun phrase before them speaks.
_LENIENT_VERBS = frozenset({"say", "tell"})


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
    while e > a and toks[e - 1].text in ".,;:" and toks[e - 1].quote < 0:
        e -= 1
    return e


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


# "a third say", "half agree": a share of people takes a plural verb
_SHARE_HEADS = frozenset({"half", "third", "quarter", "majority", "plurality", "minority", "percent",
                          "share", "fifth", "tenth"})


def _looks_plural(word_: str) -> bool:
    """"Associates", "Republicans": a lone capitalised plural at the start of a
    sentence is a group, not a person's name."""
    low = word_.lower()
    return " " not in low and low.endswith("s") and not low.endswith(("ss", "us", "is")) and len(low) > 4


def _date_comma(toks: list[Token], k: int) -> bool:
    """The comma of "October 9, 2024"."""
    return 0 < k < len(toks) - 1 and toks[k - 1].text.isdigit() and toks[k + 1].text.isdigit()


# Things that carry a statement: "a statement saying", "a tweet claiming"
_MESSAGE_NOUNS = frozenset({
    "statement", "email", "e-mail", "letter", "response", "note", "tweet", "post", "message", "release",
    "memo", "video", "ad", "advertisement", "op-ed", "editorial", "filing", "speech", "interview", "column",
    "essay", "article", "petition", "complaint", "lawsuit", "order", "ruling", "opinion", "text", "mailer",
    "flyer", "banner", "sign", "cover", "headline", "report", "notice", "appeal", "motion", "brief"})


def _after_time(toks: list[Token], p: int) -> int:
    """Past a bare time phrase at ``p`` when content without "that" follows
    it ("said Wednesday he agrees", "told reporters on Thursday the talks
    ..."); else ``p``."""
    n = len(toks)
    t0 = p
    while t0 < n and (toks[t0].low in L.TIME_WORDS or toks[t0].low in ("last", "this", "on", "late", "early")
                      and t0 + 1 < n and toks[t0 + 1].low in L.TIME_WORDS):
        t0 += 1
    if t0 > p and t0 < n and toks[t0].low != "that" and toks[t0].quote < 0 and word(toks[t0]) \
            and toks[t0].low not in L.PREPOSITIONS and toks[t0].low not in PP_ADJUNCT \
            and toks[t0].low not in _ADJUNCT_LEAD and not toks[t0].low.endswith("ly"):
        return t0
    return p


def _content_right(doc: Doc, sent: Sentence, i: int, lemma: str
                   ) -> tuple[tuple[int, int] | None, bool, str | None, bool]:
    """Content after the verb at ``i``: (span, direct, via outlet, starts with
    a wh-word)."""
    toks = sent.tokens
    n = len(toks)
    p = i + 1
    via = None
    if lemma == "point" and p < n and toks[p].low == "out":
        p += 1
    if p < n and toks[p].text in "—–" and toks[p].quote < 0:
        # "said — on Twitter, as it happens — that ...": an aside between dashes
        close = next((k for k in range(p + 1, min(n, p + 16)) if toks[k].text in "—–"), None)
        if close is not None:
            p = close + 1
    # "said Wednesday he agrees", "said last week the talks ...": a bare time
    # phrase, then the content without "that"
    p = _after_time(toks, p)
    if lemma in L.INFINITIVE_VERBS:
        p = _time_then_to(toks, p)  # "vowed last month to take his campaign to the convention"
    end = _clause_end(toks, p)
    that_at = None
    if p < end and (toks[p].low == "that" or toks[p].low in PP_ADJUNCT or toks[p].low in L.TIME_WORDS
                    or lemma in L.LISTENER_VERBS or toks[p].low in ("for", "again", "repeatedly", "as", "of")
                    or (toks[p].low.endswith("ly") and len(toks[p].low) > 4)):
        # "said on Sunday that", "said in a statement that", "told the BBC that"
        that_at = next((k for k in range(p, min(end, p + 14))
                        if _starts_with_that_clause(toks, k) and toks[k].quote < 0
                        and not (k > p and k + 1 < n and toks[k + 1].low in L.AUXILIARIES)), None)
        # ("told reporters after the meeting that was held ...": a relative clause)
    stop = next((k for k in range(p, end) if (toks[k].text in ",;" and not _date_comma(toks, k))
                 or (toks[k].quote >= 0 and not _short_title(doc, toks[k].quote, toks[k].start))), end)
    if lemma in L.LISTENER_VERBS and p < end and toks[p].quote >= 0 and _short_title(doc, toks[p].quote, toks[p].start):
        # "told ''Good Morning America'' that ...": the programme is the listener
        qe = doc.quotes[toks[p].quote].end
        while p < end and toks[p].start < qe:
            p += 1
    if lemma in L.LISTENER_VERBS and p < end and toks[p].quote < 0 and toks[p].low != "that":
        q = p
        if toks[q].low in ("the", "a", "an"):
            q += 1
        if q < end and is_cap(toks[q].text):
            while q < end and (is_cap(toks[q].text) or toks[q].low in ("of", "news")):
                q += 1
            obj = parse_speaker(doc.text, toks[p:q])
            if obj is not None and obj.kind in ("outlet", "organisation") and obj.name:
                via = obj.name
        elif q < end and word(toks[q]):
            while q < end and word(toks[q]) and toks[q].low not in L.PREPOSITIONS and toks[q].low != "that" \
                    and toks[q].low not in _WH_WORDS \
                    and not (q > p and (toks[q].low in L.DETERMINERS or is_cap(toks[q].text))):
                q += 1
        p = _after_time(toks, q)  # "told reporters on Thursday he ..."
    q = p
    while q < end - 1 and toks[q].low.endswith("ly") and len(toks[q].low) > 4 and toks[q].quote < 0:
        q += 1  # "spoke favorably of"
    if that_at is None and q < end and toks[q].quote < 0 and toks[q].low != "out" \
            and toks[q].low in _COMPLEMENT_PREPOSITIONS.get(lemma, ()):
        p = q + 1  # "pointed to the polls", "agreed with the plan", "responded to the criticism"
        if p < end and toks[p].low == "that":
            p += 1
        return _direct_or_span(doc, toks, p, end, via)
    if that_at is None and p < end:
        that_at, lead = _past_aside(doc, toks, p, end)
        if lead is not None:
            p = lead  # "said in a statement: “…”"
        elif that_at is not None:
            stop = end  # "said, among other things, that ..."
    if that_at is not None and that_at < stop and that_at >= p:
        a = that_at + 1
    elif p >= end:
        return None, False, via, False
    elif toks[p].text == ":":
        a = p + 1
    elif toks[p].text == ",":
        if p + 1 < n and toks[p + 1].quote >= 0:
            a = p + 1
        else:
            return None, False, via, False
    elif toks[p].quote >= 0:
        a = p
    elif toks[p].low == "to" and lemma in L.INFINITIVE_VERBS:
        a = p
    elif (toks[p].low in PP_ADJUNCT and not (p + 1 < end and toks[p + 1].low in ("least", "most", "all")))\
            or toks[p].low in L.TIME_WORDS or toks[p].text in ".!?":
        return None, False, via, False
    else:
        a = p
    if a < end and toks[a].low == "of" and lemma not in _OF_VERBS:
        # "said of the senator, “She takes it seriously”": the quotation after the topic
        for k in range(a + 1, min(end, a + 12)):
            if toks[k].text in ",:" and toks[k].quote < 0 and k + 1 < n and toks[k + 1].quote >= 0:
                said = doc.quotes[toks[k + 1].quote]
                return (said.inner_start, said.inner_end), True, via, False
            if toks[k].quote >= 0:
                break
    if a >= end or (toks[a].quote < 0 and toks[a - 1].text != ":" and toks[a - 1].low != "that"
                    and _adjunct_only(toks, a, end, lemma)):
        # (after "that" an adjunct opens the content: "said that once the
        # complaint was filed, police had no choice")
        return None, False, via, False
    wh = toks[a].low in _WH_WORDS
    span = _content_span(doc, toks, a, end)
    if span is None:
        return None, False, via, wh
    return span[0], span[1], via, wh


def _time_then_to(toks: list[Token], p: int) -> int:
    """Index of "to" after a bare time phrase at ``p`` ("last month to",
    "Tuesday to"), else ``p``."""
    k = p
    while k < len(toks) and k - p < 4 and toks[k].quote < 0 and (
            toks[k].low in L.TIME_WORDS or toks[k].low in ("last", "this", "next", "on", "early", "late")):
        k += 1
    if k > p and k + 1 < len(toks) and toks[k].low == "to" and any(t.low in L.TIME_WORDS for t in toks[p:k]):
        return k
    return p


def _past_aside(doc: Doc, toks: list[Token], p: int, end: int) -> tuple[int | None, int | None]:
    """After a verb of speech, an adjunct or an aside that a colon, a comma
    before a quotation, or "that" ends: "said in a statement: “…”", "wrote
    on Facebook, “…”", "said, among other things, that ...". Returns (index
    of that "that", None) or (None, index where the content starts), or
    (None, None) when there is no such aside."""
    first = toks[p]
    if first.quote >= 0 or not (first.text == "," or first.low in PP_ADJUNCT or first.low in L.TIME_WORDS):
        return None, None
    for k in range(p + 1, min(end, p + 12)):
        t = toks[k]
        if t.quote >= 0:
            if _short_title(doc, t.quote, t.start):
                continue
            return None, None
        if t.text == ":" and k > p + 1:
            return None, k + 1
        if t.text == "," and k > p + 1 and k + 1 < end:
            nxt = toks[k + 1]
            if nxt.quote >= 0:
                return None, k + 1
            if first.text == "," and _starts_with_that_clause(toks, k + 1):
                return k + 1, None
            return None, None
        if t.text in ";.!?" or t.low == "that" or t.low in L.VERB_FORMS:
            return None, None
    return None, None


_TIME_LEAD = frozenset({"last", "this", "next", "on", "late", "early", "earlier", "later", "that",
                        "the", "same", "previous", "past", "in", "at", "around"})
# Words after a verb of speech that start an adjunct, not what was said:
# "said of the plan", "said as he left", "said when asked"
_ADJUNCT_LEAD = frozenset({"of", "as", "when", "while", "after", "before", "again", "then", "too",
                           "afterward", "afterwards", "later", "since", "until", "because",
                           "recently", "repeatedly", "once", "twice", "often"})


_OF_VERBS = frozenset({"warn", "speak", "complain", "boast", "write", "caution", "hint", "accuse"})
_AS_VERBS = frozenset({"describe", "characterise", "characterize", "label", "brand", "refer", "dismiss",
                       "cite", "praise", "condemn", "criticise", "criticize", "call"})


def _adjunct_only(toks: list[Token], a: int, end: int, lemma: str) -> bool:
    """Tokens [a, end) after a verb of speech are an adjunct, not content:
    a time ("last week", "this month on CNBC"), a manner adverb
    ("sarcastically"), "of the plan", "after the meeting"."""
    ws = [t for t in toks[a:end] if word(t)]
    if not ws:
        return True
    if ws[0].low == "too" and len(ws) > 1:
        return False  # "says too many women are torn"
    if ws[0].low in _ADJUNCT_LEAD:
        # but "warned of more rain", "described as the largest attack"
        return not ((ws[0].low == "of" and lemma in _OF_VERBS) or (ws[0].low == "as" and lemma in _AS_VERBS))
    if ws[0].low.endswith("ly") and len(ws[0].low) > 4 and not is_cap(ws[0].text) and (
            len(ws) == 1 or ws[1].low in PP_ADJUNCT or ws[1].low in _ADJUNCT_LEAD):
        return True
    k = 0
    while k < len(ws) and (ws[k].low in L.TIME_WORDS or ws[k].low in L.MONTHS or ws[k].low in _TIME_LEAD
                           or ws[k].text[0].isdigit()):
        k += 1
    if k > 0 and (k == len(ws) or ws[k].low in PP_ADJUNCT or ws[k].low in _ADJUNCT_LEAD):
        return any(t.low in L.TIME_WORDS or t.low in L.MONTHS for t in ws[:k])
    return False


def _content_left(doc: Doc, sent: Sentence, first: int, pre_split: tuple[int, int] | None
                  ) -> tuple[tuple[int, int] | None, bool]:
    """Content before the speaker ("“…,” he said"; "…, the JCS said")."""
    toks = sent.tokens
    if pre_split is not None:
        at = next((n for n, t in enumerate(toks) if t.start == pre_split[0]), 0)
        if not (at > 0 and (toks[at - 1].quote >= 0 or (
                toks[at - 1].text == "," and at > 1 and toks[at - 2].quote >= 0))):
            return pre_split, False
        first = at  # "“…,” panel chairman Jane Roe said": the quotation, not "panel"
    k = first - 1
    if k < 0:
        return None, False
    t = toks[k]
    if t.quote >= 0:
        q = doc.quotes[t.quote]
        if q.start <= toks[0].start or (q.start > sent.start and doc.text[q.start - 2 : q.start].strip() in (":",)):
            return (q.inner_start, q.inner_end), True
        return (toks[0].start, q.end), False
    if t.text == ",":
        e = k
        while e > 0 and toks[e - 1].text in ",;:":
            e -= 1
        if e <= 0 or _adverbial(toks[:e]):
            return None, False
        span = _content_span(doc, toks, 0, e)
        return (span[0], span[1]) if span else (None, False)
    return None, False


def _parenthetical(toks: list[Token], first: int, i: int) -> tuple[tuple[int, int], bool] | None:
    """"To understand the ruling, the judge said, one should read it": the
    statement is the sentence around the parenthetical speaker and verb;
    "As the paper noted, it is surprising": the clause after the comma.
    A listener or a time may sit between the verb and its comma ("Trump told
    CNN,")."""
    c = i + 1
    while c < len(toks) and c <= i + 5 and toks[c].text != "," and toks[c].quote < 0 and word(toks[c]) \
            and toks[c].low != "that":
        c += 1
    if c >= len(toks) - 1 or toks[c].text != "," or toks[c + 1].quote >= 0:
        return None
    end = _clause_end(toks, c + 1)
    if end <= c + 1 or not any(word(t) for t in toks[c + 1 : end]):
        return None
    if first >= 1 and toks[first - 1].low == "as" and toks[first - 1].quote < 0:
        return (toks[c + 1].start, toks[end - 1].end), False  # "As Comey noted, people ..."
    if first < 2 or toks[first - 1].text != "," or toks[first - 1].quote >= 0:
        return None
    return (toks[0].start, toks[end - 1].end), False


_OPENERS = frozenset({"still", "regarding", "indeed", "yet", "however", "meanwhile", "instead", "also",
                      "and", "but", "so", "now", "then", "earlier", "later", "today", "speaking",
                      "asked", "addressing", "responding", "separately", "again", "last",
                      "this", "recently", "afterward", "afterwards", "previously", "initially"})


def _adverbial(toks: list[Token]) -> bool:
    """An opening adverbial before the speaker ("In 2008,", "Still,",
    "Regarding the exchanges,", "On Sunday,"), not a statement: short,
    led by a preposition or a sentence adverb, with no verb of its own."""
    ws = [t for t in toks if word(t)]
    if not ws or len(ws) > 10 or any(t.quote >= 0 for t in toks):
        return False
    first = ws[0].low
    if first not in L.PREPOSITIONS and first not in _OPENERS and not (first.endswith("ly") and len(first) > 4) \
            and not (ws[0].text[0].isdigit() or first in L.TIME_WORDS or first in L.MONTHS):
        return False
    return not any(t.low in L.AUXILIARIES or t.low in L.PAST_IRREGULAR for t in ws[1:])


_OBJECT_PRONOUNS = frozenset({"him", "her", "them", "it", "himself", "herself", "themselves", "itself",
                              "me", "us", "you", "this", "that"})
_PHONE_PARTICLES = frozenset({"back", "up", "out", "off", "in", "over", "again", "and", "but", "or", "yesterday",
                              "today", "last", "later", "earlier", "immediately", "twice", "repeatedly"})
_OBJECT_DETERMINERS = frozenset({"a", "an", "another", "the", "some", "this", "these", "those", "more"})


def _verb_ok(sent: Sentence, i: int, lemma: str) -> bool:
    """Constraints for verbs that are only sometimes verbs of speech."""
    toks = sent.tokens
    nxt = [t for t in toks[i + 1 : i + 8]]
    clause = []
    for t in toks[i + 1 :]:
        if t.text in ".;" and t.quote < 0:
            break
        clause.append(t)
    if lemma == "call":
        if len(nxt) > 1 and nxt[0].low in _OBJECT_PRONOUNS and nxt[1].quote < 0 and word(nxt[1]) \
                and nxt[1].low not in L.PREPOSITIONS and nxt[1].low not in _PHONE_PARTICLES:
            return True  # "called them rapists", "calling him a liar"
        return bool(nxt) and (nxt[0].low in ("for", "on") or any(t.quote >= 0 for t in clause))
    if lemma == "refer":
        return any(t.low == "as" for t in clause)
    starts_object = bool(nxt) and nxt[0].quote < 0 and (
        nxt[0].low in _OBJECT_DETERMINERS or nxt[0].low in L.POSSESSIVE_PRONOUNS)
    if toks[i].low == "states" or lemma == "add":
        # "Republican states like Arizona", "could add another job title":
        # only with what is said after them
        if (starts_object and not any(t.quote >= 0 for t in clause)) or (toks[i].low == "states" and not (
                nxt and (nxt[0].low == "that" or nxt[0].text == ":" or nxt[0].quote >= 0))):
            return False
    if lemma == "concede" and len(nxt) > 1 and nxt[0].low in ("the", "defeat") and nxt[1].low in (
            "race", "election", "nomination", "primary", "defeat", "seat", "state", "contest"):
        return False  # "conceded the race"
    if lemma in L.NEEDS_COMPLEMENT:
        if nxt and nxt[0].text in ".!?" and nxt[0].quote < 0 and any(
                t.text == "," and t.quote < 0 for t in toks[max(0, i - 6) : i]):
            return True  # last in the sentence after its content: "…, Blackwell maintains."
        if lemma == "ask":
            # "asked reporters whether ...", "asked the council to vote"
            for n, t in enumerate(nxt[:7]):
                if t.text in ",;:" or t.quote >= 0:
                    break
                if t.low in ("whether", "if", "why", "how", "what", "when", "where", "who", "which") \
                        or (t.low == "to" and n > 0 and nxt[0].low not in L.NEGATIONS):
                    return True
        if _complement_ok(nxt, lemma):
            return True
        # a quotation just before counts too: "“Any questions?” Sanders asked"
        quoted_before = any(t.quote >= 0 for t in toks[max(0, i - 5) : i])
        return quoted_before or (bool(nxt) and (nxt[0].low == "that" or nxt[0].text == ":" or nxt[0].quote >= 0
                                                or (len(nxt) > 1 and nxt[1].quote >= 0)))
    return True


# Prepositions after which these verbs state what was said: "pointed out
# that", "pointed to the polls", "agreed with the plan", "asked about the
# merger", "responded to the criticism", "called for a ban"
_COMPLEMENT_PREPOSITIONS = {"point": ("out", "to"), "agree": ("with", "to", "on"), "ask": ("about", "for"),
                            "respond": ("to",), "answer": ("to",), "echo": (), "call": ("for", "on", "upon"),
                            "speak": ("about", "of"), "disagree": ("on", "with", "about"), "insist": ("on",),
                            "complain": ("about", "of"), "comment": ("on",), "boast": ("about", "of"),
                            "brag": ("about", "of"), "hint": ("at",), "warn": ("about", "against", "of")}
# Verbs whose content may be a clause without "that" ("declared Clinton had won")
_BARE_CLAUSE_VERBS = frozenset({"declare", "maintain", "hope", "agree", "respond", "counter", "echo"})


def _direct_or_span(doc: Doc, toks: list[Token], a: int, end: int, via: str | None
                    ) -> tuple[tuple[int, int] | None, bool, str | None, bool]:
    """``_content_right``'s answer for content that starts at ``a``."""
    span = _content_span(doc, toks, a, end) if a < end else None
    if span is None:
        return None, False, via, False
    return span[0], span[1], via, False


def _complement_ok(nxt: list[Token], lemma: str) -> bool:
    """What follows a verb that needs a complement makes it a report:
    one of its prepositions, or a clause with its own finite verb."""
    words = [t for t in nxt if t.quote < 0]
    if not words or words[0].text in ".,;!?":
        return False
    if words[0].low in _COMPLEMENT_PREPOSITIONS.get(lemma, ()):
        return True
    if words[0].low in PP_ADJUNCT or words[0].low in L.TIME_WORDS:
        # "declared in an interview with Reuters that ...", "answered on Sunday: “…”"
        for t in nxt[1:]:
            if t.quote >= 0 or t.text in ".;!?":
                break
            if t.low == "that" or t.text == ":":
                return True
    if lemma in _BARE_CLAUSE_VERBS and words[0].low not in L.PREPOSITIONS:
        for n, t in enumerate(words[:6]):
            if t.text in ",;:.":
                break
            if n > 0 and (t.low in L.AUXILIARIES or t.low in L.PAST_IRREGULAR):
                return True  # "declared Clinton had enough delegates"
    return False


# Verbs whose statement is a clause or a quotation, never one or two words
_CLAUSE_VERBS = frozenset({"say", "tell", "write", "add", "note", "state", "explain", "recall", "argue", "insist",
                           "believe", "think"})
# Verbs of speech that also name deeds ("Russia attacked Kyiv with drones",
# "Tehran would respond to the strikes"): speech only with a person as subject
_DEED_VERBS = frozenset({"attack", "blast", "defend", "respond", "charge", "signal"})


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
    if not direct and lemma in _CLAUSE_VERBS and _too_short(doc.text[content[0] : content[1]]):
        return None  # "wrote my friend", "said pleasantly", "told Inside Edition": no statement
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


def _quoted_as(toks: list[Token], i: int) -> tuple[int, int] | None:
    """For "saying" at ``i`` in "was quoted [by NP] as saying", the token
    range of NP (empty when there is no "by"); None for other shapes."""
    if i < 2 or toks[i - 1].low != "as":
        return None
    for q in range(i - 2, max(-1, i - 12), -1):
        if toks[q].low in ("quoted", "cited"):
            if q + 1 < i - 1 and toks[q + 1].low == "by":
                return q + 2, i - 1
            return (q + 1, q + 1) if q + 1 == i - 1 else None
        if toks[q].quote >= 0 or toks[q].text in ",;":
            return None
    return None


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


def _candidates(sent: Sentence) -> list[tuple[int, str]]:
    words = [t for t in sent.tokens if word(t) and t.quote < 0]
    caps = sum(1 for t in words if t.text[0].isupper())
    # a headline in title case, with or without a final stop ("Trump Says He Will Win.")
    title_case = (sent.headline and caps * 2 > len(sent.tokens)) or (len(words) >= 4 and caps >= 0.8 * len(words))
    out = []
    for k, t in enumerate(sent.tokens):
        if t.quote >= 0 or not word(t):
            continue
        if t.text[0].isupper() and not (title_case and k > 0):
            continue
        lemma = L.VERB_FORMS.get(t.low)
        if lemma is not None:
            out.append((k, lemma))
    return out


# "after saying", "before telling", "while insisting": the main clause's subject speaks
_PARTICIPLE_PREPOSITIONS = frozenset({"by", "in", "after", "before", "upon", "while", "when", "without"})


def _object_ok(toks: list[Token], i: int, lemma: str) -> bool:
    """What follows a verb that reports speech only with some objects: "spoke
    about the economy", "spoke highly of", "spoke out against", not "spoke for
    77 minutes" or "speaking to reporters"; "attacks Clinton", not "the Paris
    attacks test"; "pledged to", not "pledged delegates"."""
    nxt = toks[i + 1 : i + 4]
    if lemma in L.NOUN_VERBS and toks[i].low.endswith("s") and i >= 2 and toks[i - 2].low in L.POSSESSIVE_PRONOUNS:
        return False  # "his Islamophobic remarks", "her harsh attacks"
    if lemma == "speak":
        k = next((n for n, t in enumerate(nxt) if not (t.low.endswith("ly") and len(t.low) > 4)), None)
        return k is not None and nxt[k].low in ("about", "of", "out")
    if lemma == "pledge":
        return not (nxt and nxt[0].low.startswith("delegate"))
    if lemma == "attack" and toks[i].low == "attacks":
        return bool(nxt) and nxt[0].quote < 0 and (
            is_cap(nxt[0].text) or nxt[0].low in L.DETERMINERS or nxt[0].low in L.POSSESSIVE_PRONOUNS
            or nxt[0].low in _OBJECT_PRONOUNS)
    return True


_ARMS = frozenset({"drone", "drones", "missile", "missiles", "strike", "strikes", "airstrike", "airstrikes",
                   "troops", "weapons", "rockets", "rocket", "shelling", "artillery", "bombs", "tanks",
                   "forces", "offensive", "positions", "base", "bases", "convoy", "fire"})


def _deed(toks: list[Token], i: int, m: Mention) -> bool:
    """The verb at ``i`` names a deed, not words: a country does it, or arms
    are in its clause ("Russia attacked Kyiv with dozens of drones",
    "Tehran would respond to Israel's strikes")."""
    if m.name is not None and m.name.lower() in L.COUNTRIES:
        return True
    for t in toks[i + 1 : i + 14]:
        if t.quote >= 0 or t.text in ".;":
            break
        if t.low in _ARMS:
            return True
    return False


def _second_chance(toks: list[Token], i: int, lemma: str) -> bool:
    """May the second-chance subject rules (``cues``) try the verb at ``i``?
    Not a plural noun ("the Paris attacks test", "his remarks", "early
    voting states")."""
    low = toks[i].low
    return not (lemma == "state" or (lemma in L.NOUN_VERBS and low.endswith("s")))


def _progressive(toks: list[Token], i: int) -> bool:
    """The participle at ``i`` follows a form of "be", adverbs and negations
    between them ("is also asking", "was not saying")."""
    k = i - 1
    while k > 0 and toks[k].quote < 0 and (toks[k].low in L.SKIP_ADVERBS or toks[k].low in L.NEGATIONS or (
            toks[k].low.endswith("ly") and len(toks[k].low) > 4 and not is_cap(toks[k].text))):
        k -= 1
    return k >= 0 and toks[k].low in L.BE_FORMS and toks[k].quote < 0


def sentence_attributions(doc: Doc, si: int) -> list[RawAttribution]:
    """Attributions whose reporting verb is in sentence ``si``."""
    sent = doc.sentences[si]
    toks = sent.tokens
    found: list[RawAttribution] = []
    for k in range(len(toks) - 1):
        if toks[k].low == "according" and toks[k + 1].low == "to" and toks[k].quote < 0:
            r = _according_to(doc, sent, si, k)
            if r is not None:
                found.append(r)
    for i, lemma in _candidates(sent):
        verb = toks[i]
        low = verb.low
        if i > 0 and toks[i - 1].low.endswith(("’s", "'s")) and toks[i - 1].quote < 0 \
                and toks[i - 1].low[:-2] not in ("he", "she", "it", "that", "who", "there"):
            continue  # "the editor’s note", "the agency’s report": a noun
        participle = is_participle_form(low) and low != lemma
        after_comma = i > 0 and toks[i - 1].text == ","
        quoted_by = None
        # "sent an email Wednesday saying", "responded by saying": the main
        # clause's subject speaks, as after a comma
        k0 = i - 1
        while k0 > 0 and toks[k0].quote < 0 and (
                toks[k0].low in L.TIME_WORDS or toks[k0].low in ("on", "last", "this")
                or (participle and (toks[k0].low in L.SKIP_ADVERBS or toks[k0].low in L.NEGATIONS
                                    or (toks[k0].low.endswith("ly") and len(toks[k0].low) > 4)))):
            k0 -= 1  # ", also calling on", "by essentially telling", ", not even suggesting"
        after_comma = after_comma or (participle and k0 >= 0 and toks[k0].quote < 0 and (
            singular(toks[k0].low) in _MESSAGE_NOUNS or toks[k0].low in _PARTICIPLE_PREPOSITIONS
            or (toks[k0].text == "," and k0 < i - 1)))
        if participle and not after_comma:
            q = _quoted_as(toks, i)
            if q is not None:
                quoted_by = q  # "was quoted (by IRNA) as saying": the subject is the main one
            elif not _progressive(toks, i):
                continue
        if lemma in L.PARTICIPLE_ONLY and not participle:
            continue
        if not _object_ok(toks, i, lemma):
            continue
        if not participle and not _verb_ok(sent, i, lemma):
            continue
        if participle and after_comma or (participle and toks[i - 1].low == "as"):
            earlier = [r for r in found if r.verb_start < verb.start]
            v = main_verb(sent)
            subj = left_subject(doc, sent, v) if v is not None and v < i else None
            if subj is None and v is not None and v < i:
                subj = fallback_subject(doc, sent, v, False)
            elif v is None or v > i:
                # "Mr. Biden, recalling weekly breakfasts, said": the subject before the comma
                subj = fallback_subject(doc, sent, i, False)
            if not isinstance(subj, Subject):
                continue
            a = i + 1
            if a < len(toks) and (toks[a].text == ":" or _starts_with_that_clause(toks, a)):
                a += 1  # "saying that ...", "saying: ..."
            elif a < len(toks) and toks[a].quote < 0 and (toks[a].low in PP_ADJUNCT or toks[a].text == ","):
                # "saying in a recent debate that ...", "saying in a statement: “…”"
                that_at, lead = _past_aside(doc, toks, a, len(toks))
                that_at = that_at if that_at is not None else next(
                    (k for k in range(a, min(len(toks), a + 14))
                     if toks[k].quote < 0 and _starts_with_that_clause(toks, k)), None)
                a = that_at + 1 if that_at is not None else lead if lead is not None else a
            span, direct = _content_span(doc, toks, a, _clause_end(toks, a), True) or (None, False)
            if earlier and (span is None or any(r.content[0] < span[1] and span[0] < r.content[1]
                                                for r in earlier)):
                continue  # "..., stating, “…”" belongs to the clause before it
            # (but "she said, adding, “…”" is a statement of its own)
            via = None
            if quoted_by is not None and quoted_by[0] < quoted_by[1]:
                by = parse(doc, toks[quoted_by[0] : quoted_by[1]])
                via = by.name if by is not None and by.kind in ("outlet", "organisation") else None
            r = _accept(doc, sent, si, subj.mention, verb, lemma, span, direct, subj.negated, via)
            if r is not None:
                found.append(r)
            continue
        subj = left_subject(doc, sent, i, lenient=lemma in _LENIENT_VERBS)
        if subj == "passive":
            r = _passive_by(doc, sent, si, i, lemma)
            if r is not None:
                found.append(r)
            continue
        if subj == "coord":
            # "declared “…” and said that ...": the second verb has its own content
            v = main_verb(sent)
            subj = left_subject(doc, sent, v) if v is not None and v < i else None
        if subj is None and _second_chance(toks, i, lemma) and not (lemma in L.INVERSION_VERBS and i > 0 and (
                toks[i - 1].quote >= 0 or toks[i - 1].text == ",") and right_subject(doc, sent, i) is not None):
            subj = fallback_subject(doc, sent, i, lemma in _LENIENT_VERBS) \
                or infinitive_subject(doc, sent, i, lemma in _LENIENT_VERBS)
        if isinstance(subj, Subject) and low == lemma and lemma in L.NOUN_VERBS and lemma not in _SAME_PAST \
                and not subj.aux \
                and not subj.mention.plural \
                and not (subj.mention.weak_kind and _looks_plural(subj.mention.text)) \
                and subj.mention.head not in _SHARE_HEADS \
                and subj.mention.pronoun not in ("they",) and not sent.headline:
            continue  # no agreement: "the ... Advisory think tank" is not "X think"
        if isinstance(subj, Subject) and lemma in _DEED_VERBS and _deed(toks, i, subj.mention):
            continue
        if isinstance(subj, Subject):
            span, direct, via, wh = _content_right(doc, sent, i, lemma)
            if subj.relative and span is not None and not direct:
                # the relative clause ends at its comma: "who said he votes Democratic, said ..."
                comma = next((t.start for t in toks[i + 1 :] if t.text == "," and t.quote < 0
                              and span[0] < t.start < span[1]), None)
                if comma is not None:
                    span = (span[0], comma)
            if subj.negated and (wh or lemma in ("comment", "say", "elaborate", "respond")) and not direct:
                continue  # "did not say how many", "declined to comment", "did not respond to"
            if span is None:
                span, direct = _parenthetical(toks, subj.first, i) or _content_left(
                    doc, sent, subj.first, subj.pre_split)
            r = _accept(doc, sent, si, subj.mention, verb, lemma, span, direct, subj.negated,
                        via, subj.kind_hint)
            if r is not None:
                found.append(r)
            continue
        if subj is None and lemma in L.INVERSION_VERBS and i > 0 and (
                toks[i - 1].quote >= 0 or toks[i - 1].text == ","):
            right = right_subject(doc, sent, i)
            if right is None:
                continue
            m, _end = right
            first = i
            span, direct = _content_left(doc, sent, first, None)
            r = _accept(doc, sent, si, m, verb, lemma, span, direct, False)
            if r is not None:
                found.append(r)
    found.sort(key=lambda r: r.span)
    return found


def _standalone_quote(doc: Doc, sent: Sentence) -> tuple[int, int] | None:
    """Inner span when the whole sentence is one quotation."""
    toks = sent.tokens
    if not toks or toks[0].quote < 0:
        return None
    q = doc.quotes[toks[0].quote]
    if q.start != sent.start or any(t.quote != toks[0].quote and word(t) for t in toks):
        return None
    return q.inner_start, q.inner_end


def raw_attributions(doc: Doc) -> list[RawAttribution]:
    """All raw attributions of the document, in text order, including
    quotations that continue the attribution just before them."""
    out: list[RawAttribution] = []
    for si in range(len(doc.sentences)):
        found = sentence_attributions(doc, si)
        if not found and out:
            inner = _standalone_quote(doc, doc.sentences[si])
            prev = out[-1]
            psent = doc.sentences[prev.sent]
            if inner and si - prev.sent <= 2 and doc.sentences[si].paragraph - psent.paragraph <= 1:
                sent = doc.sentences[si]
                found = [RawAttribution(si, prev.mention, prev.verb, prev.lemma, prev.verb_start,
                                        inner, True, prev.negated, (sent.start, sent.end),
                                        continuation=True, kind_hint=prev.kind_hint)]
        out.extend(found)
    return out
