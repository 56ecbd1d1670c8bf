"""The content of a reporting verb: what follows it ("said Wednesday that ...", "told CNN: “…”")
or what precedes the speaker ("“…,” he said"), past asides, times and listeners."""

from __future__ import annotations

from workbench.assist import lexicon as L
from workbench.assist.attribution.clauses import (
    _WH_WORDS,
    _adverbial,
    _clause_end,
    _content_span,
    _date_comma,
    _short_title,
    _starts_with_that_clause,
)
from workbench.assist.attribution.verbs import _COMPLEMENT_PREPOSITIONS
from workbench.assist.cues import clause_after_adjunct, place_comma
from workbench.assist.names import parse_speaker
from workbench.assist.subjects import (
    PP_ADJUNCT,
    word,
)
from workbench.assist.text import Doc, Sentence, Token, is_cap


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
        # not past a clause of its own: "told MSNBC Monday when asked about concerns that ..."
        sub = next((k for k in range(p, min(end - 1, p + 14)) if toks[k].quote < 0 and toks[k].low in _SUBORDINATORS
                    and toks[k + 1].low in ("asked", "questioned", "pressed")), p + 14)
        that_at = next((k for k in range(p, min(end, sub))
                        if (_starts_with_that_clause(toks, k) or _that_after_adjunct(toks, p, k)) and toks[k].quote < 0
                        and not (k > p and k + 1 < n and toks[k + 1].low in L.AUXILIARIES)), None)
        # ("told reporters after the meeting that was held ...": a relative clause)
    stop = next((k for k in range(p, end) if (toks[k].text in ",;" and not _date_comma(toks, k)
                                              and not place_comma(toks, k))
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
                    and not (q > p and (toks[q].low in L.DETERMINERS or is_cap(toks[q].text))) \
                    and not (q > p and (toks[q].low in _CLAUSE_OPENERS or toks[q].low in L.AUXILIARIES)):
                q += 1  # (a subject pronoun or an auxiliary opens the statement: "told him he had never ...")

        p = _after_time(toks, q)  # "told reporters on Thursday he ..."
    if lemma == "ask" and p < end and toks[p].quote < 0:
        p = _question_start(toks, p, end)
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
        elif lemma != "say" and _capital_clause(toks, p + 1, end):
            a = p + 1  # "Leahy previously reported, The foundation refused to release the names"
        else:
            return None, False, via, False
    elif toks[p].quote >= 0:
        a = p
    elif toks[p].low == "to" and (lemma in L.INFINITIVE_VERBS or (
            lemma in L.LISTENER_VERBS and p > i + 1 and p + 1 < end and toks[p + 1].quote < 0
            and not is_cap(toks[p + 1].text) and toks[p + 1].low not in L.DETERMINERS)):
        a = p  # "vowed to", "told his advisers to figure out a plan"
    elif (after := clause_after_adjunct(toks, p, end)) is not None:
        a = after  # "said after the convention he would not ..."
    elif (toks[p].low in PP_ADJUNCT and not (p + 1 < end and toks[p + 1].low in ("least", "most", "all")))\
            or toks[p].low in L.TIME_WORDS or toks[p].text in ".!?":
        return None, False, via, False
    else:
        a = p
    if a + 2 < end and toks[a].low == "that" and toks[a + 1].text == "," and toks[a].quote < 0:
        a += 2  # "reported that, in the end, she met donors": the aside opens the statement
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


# subject pronouns: after a listener they open the statement
_CLAUSE_OPENERS = frozenset({"he", "she", "they", "it", "we", "i", "there"})


# Words that open a question put to the speaker after a verb's adjuncts ("when asked about ...")
_SUBORDINATORS = frozenset({"when", "while", "after", "before", "once", "if"})


def _capital_clause(toks: list[Token], a: int, end: int) -> bool:
    """A clause of its own opens at ``a`` after a verb's comma: a capitalised
    word, then at least four words up to the clause's end with an auxiliary
    or a past form among them ("reported, The foundation refused
    to release the names")."""
    if a >= end or toks[a].quote >= 0 or not is_cap(toks[a].text) or toks[a].low in _WH_WORDS:
        return False
    ws = [t for t in toks[a:end] if word(t) and t.quote < 0]
    return len(ws) >= 4 and any(
        t.low in L.AUXILIARIES or t.low in L.PAST_IRREGULAR or (t.low.endswith("ed") and len(t.low) > 4)
        for t in ws[1:])


def _question_start(toks: list[Token], p: int, end: int) -> int:
    """Where the question of "asked" starts past an adjunct or a named
    question: "asked the governor during a chat if she would ...", "asked the
    candidates a simple question: who will win?"; ``p`` when neither."""
    for k in range(p, min(end, p + 12)):
        t = toks[k]
        if t.quote >= 0 or t.text in ",;" or (k > p and t.low in L.AUXILIARIES):
            break
        if k > p and (toks[p].low in PP_ADJUNCT or toks[p].low in L.PREPOSITIONS) \
                and toks[p].low not in ("about", "for") and (
                t.low in ("if", "whether") or (t.low == "to" and k + 1 < end and word(toks[k + 1])
                                               and not is_cap(toks[k + 1].text)
                                               and toks[k + 1].low not in L.DETERMINERS)):
            return k  # "asked the members of the council of Dover whether ...", "... of Bernie Sanders to correct"
        if t.low in ("question", "questions") and k + 1 < end and toks[k + 1].text == ":":
            return k + 1
    return p


def _that_after_adjunct(toks: list[Token], p: int, k: int) -> bool:
    """"that" at ``k`` after an adjunct that starts at ``p`` ("said in an oral
    history that women in the South ..."): the clause's "that", unless it
    follows a preposition ("said in that interview")."""
    return toks[k].low == "that" and k > p + 1 and toks[k - 1].low not in L.PREPOSITIONS \
        and k + 2 < len(toks) and word(toks[k + 1]) and toks[k + 1].quote < 0 \
        and toks[k + 1].low not in L.PREPOSITIONS and toks[k + 1].low not in L.AUXILIARIES


def _time_then_to(toks: list[Token], p: int) -> int:
    """Index of "to" after a bare time phrase at ``p`` ("last month to",
    "Tuesday to"), else ``p``."""
    k = p
    while k < len(toks) and k - p < 4 and toks[k].quote < 0 and (
            toks[k].low in L.TIME_WORDS or toks[k].low in ("last", "this", "next", "on", "early", "late")):
        k += 1
    if k > p and k + 1 < len(toks) and toks[k].low == "to" and any(t.low in L.TIME_WORDS for t in toks[p:k]):
        return k
    if k < len(toks) and toks[k].low in ("at", "in", "during", "on") and toks[k].quote < 0:
        # "promised Sunday at a Las Vegas rally to end the program"
        for j in range(k + 1, min(len(toks) - 1, k + 9)):
            t = toks[j]
            if t.quote >= 0 or not word(t) or t.low in L.CLAUSE_BOUNDARY_WORDS:
                break
            if t.low == "to" and j > k + 1:
                n = toks[j + 1]
                if n.quote < 0 and word(n) and not is_cap(n.text) and n.low not in L.DETERMINERS \
                        and n.low not in L.POSSESSIVE_PRONOUNS and n.low not in L.TIME_WORDS:
                    return j
                break
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


def _direct_or_span(doc: Doc, toks: list[Token], a: int, end: int, via: str | None
                    ) -> tuple[tuple[int, int] | None, bool, str | None, bool]:
    """``_content_right``'s answer for content that starts at ``a``."""
    span = _content_span(doc, toks, a, end) if a < end else None
    if span is None:
        return None, False, via, False
    return span[0], span[1], via, False
