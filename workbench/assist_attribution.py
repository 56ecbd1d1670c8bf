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

from workbench import assist_lexicon as L
from workbench.assist_names import Mention, parse_speaker, singular
from workbench.assist_text import Doc, Sentence, Token, find_dates, is_cap

_PUNCT_BOUNDARY = frozenset(",;:—–")
_PP_ADJUNCT = frozenset({"on", "in", "at", "during", "via", "through", "after", "before",
                         "from", "to", "by", "with", "while", "under", "ahead", "late",
                         "earlier", "later", "shortly", "outside", "inside", "over"})
_WH_WORDS = frozenset({"how", "whether", "why", "when", "where", "what", "who", "if", "which"})
_PARTICIPLE_INTRO_MAX = 4  # words between a participle and the quote it introduces


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


def _word(t: Token) -> bool:
    return t.text[0].isalnum()


def _verbish(t: Token) -> bool:
    """A token that ends a subject phrase when walking left from a verb."""
    if t.text[:1].isupper():
        return False
    low = t.low
    if low in L.AUXILIARIES or low in L.PAST_IRREGULAR:
        return True
    # "state", "reports", "claims" are nouns as often as verbs: only an
    # unambiguous past form of a reporting verb ends a subject phrase
    return low in L.VERB_FORMS and low.endswith("ed")


def _is_participle_form(low: str) -> bool:
    return low.endswith("ing")


def _is_past_participle(low: str) -> bool:
    return low.endswith(("ed", "en")) or low in ("said", "told", "thought", "held", "written")


def _temporal_left(toks: list[Token], j: int) -> int:
    """Skip a time phrase ending at ``j`` ("on Wednesday", "on 27 November 2024",
    "last week"); return the index before it, or ``j`` if there is none."""
    k = j
    while k >= 0 and j - k < 6 and (
        toks[k].low in L.TIME_WORDS or toks[k].low in L.MONTHS or toks[k].text[0].isdigit()
        or (toks[k].text == "," and k < j)
    ):
        k -= 1
    if k < j and k >= 0 and toks[k].low in ("on", "last", "this", "late", "early", "earlier",
                                            "in", "at", "overnight", "later"):
        k -= 1
        if k >= 0 and toks[k].low in ("earlier", "later"):
            k -= 1
        return k
    return j


def _skip_left(toks: list[Token], i: int) -> tuple[int, bool, bool, bool]:
    """Walk left from verb ``i`` over auxiliaries, negations, adverbs and time
    phrases. Returns (index of the subject's last token, negated, passive,
    modal)."""
    j = i - 1
    negated = passive = modal = False
    adjacent = True
    verb_low = toks[i].low
    while j >= 0:
        t = toks[j]
        low = t.low
        if t.quote >= 0:
            break
        if low in L.AUXILIARIES and not t.text[0].isupper() or (j == 0 and low in L.AUXILIARIES):
            if adjacent and low in L.BE_FORMS and _is_past_participle(verb_low):
                passive = True
            if low in ("would", "could", "may", "might", "will", "should", "must", "can"):
                modal = True
            adjacent = False
            j -= 1
            continue
        if low in L.NEGATIONS:
            negated = True
            j -= 1
            continue
        if (low.endswith("ly") and len(low) > 4 and not is_cap(t.text)) or low in L.SKIP_ADVERBS:
            j -= 1
            continue
        if low == "to" and j >= 1 and toks[j - 1].low in (L.NEGATING_CONTROL | L.NEUTRAL_CONTROL):
            negated = negated or toks[j - 1].low in L.NEGATING_CONTROL
            adjacent = False
            j -= 2
            continue
        k = _temporal_left(toks, j)
        if k != j:
            j = k
            continue
        break
    return j, negated, passive, modal


def _chunk_left(toks: list[Token], j: int) -> int:
    """Start index of the phrase that ends at ``j`` (walking left to a clause
    boundary; a parenthesis is taken whole)."""
    k = j
    while k >= 0:
        t = toks[k]
        if t.text == ")":
            m = k - 1
            while m >= 0 and toks[m].text != "(":
                m -= 1
            if m < 0:
                return k + 1
            k = m - 1
            continue
        if t.quote >= 0 or t.text == "(" or not (t.text[0].isalnum() or t.text in "&"):
            return k + 1
        if not t.text[0].isupper() and (t.low in L.CLAUSE_BOUNDARY_WORDS or _verbish(t)):
            return k + 1
        k -= 1
    return 0


def _split_new_phrase(chunk: list[Token]) -> int:
    """Where a second noun phrase starts inside ``chunk`` ("a charge | the
    Kremlin has denied"): a determiner or a capitalised word right after a
    common noun. Role nouns ("spokesman Dmitry Peskov") do not split."""
    for m in range(len(chunk) - 1, 0, -1):
        t, prev = chunk[m], chunk[m - 1]
        if not (t.low in ("the", "a", "an") or is_cap(t.text)):
            continue
        p = prev.low
        if not _word(prev) or is_cap(prev.text) or p in L.PREPOSITIONS or p in L.DETERMINERS:
            continue
        s = singular(p)
        if (s in L.PERSON_NOUNS or s in L.ORG_NOUNS or p in L.OUTLET_NOUNS or p in L.TITLES
                or p in L.DEMONYMS or p.endswith("’s") or p.endswith("'s") or "-" in p):
            continue
        return m
    return 0


def _appositive(seg: list[Token], text: str) -> tuple[bool, str | None, str | None]:
    """Is ``seg`` (between two commas) an apposition to a speaker? Returns
    (is_apposition, role, kind hint)."""
    words = [t for t in seg if _word(t)]
    if not words:
        return False, None, None
    first = words[0].low
    if first in ("who", "whose"):
        return True, None, "person"
    if first == "which":
        return True, None, "organisation"
    if first in ("along", "together", "as", "like", "including", "alongside"):
        return True, None, None
    if not is_cap(words[0].text) and first.endswith(("ing", "ed")) and first not in L.PERSON_NOUNS:
        return True, None, None
    body = words[1:] if first in ("a", "an", "the") else words
    if not body:
        return False, None, None
    head = None
    for t in body:
        if t.low in L.PREPOSITIONS or t.low in ("who", "which", "that") or (
                not is_cap(t.text) and t.low.endswith(("ed", "ing")) and t is not body[0]):
            break
        head = singular(t.low.rstrip("’s").rstrip("'s"))
    starts_like_role = first in ("a", "an", "the") or singular(first) in L.PERSON_NOUNS \
        or first in L.TITLES or singular(first) in L.ORG_NOUNS \
        or (head is not None and (head in L.PERSON_NOUNS or head in L.ORG_NOUNS))
    if not starts_like_role or head is None:
        return False, None, None
    kind = None
    if head in L.ORG_NOUNS and head not in L.PERSON_NOUNS:
        kind = "organisation"
    elif head in L.PERSON_NOUNS:
        kind = "person"
    role = text[body[0].start : seg[-1].end].strip()
    return True, role, kind


@dataclass
class _Subject:
    mention: Mention
    first: int  # token index where the subject phrase starts
    negated: bool = False
    modal: bool = False
    role_hint: str | None = None
    kind_hint: str | None = None
    pre_split: tuple[int, int] | None = None  # "a charge" in "a charge the Kremlin denied"


def _parse(doc: Doc, toks: list[Token]) -> Mention | None:
    return parse_speaker(doc.text, toks, doc.common_words) if toks else None


def _left_subject(doc: Doc, sent: Sentence, i: int) -> _Subject | None | str:
    """The subject of the verb at ``i``, or None; "coord" for "... and said"
    (a verb sharing the subject before it), "passive" for "are said to"."""
    toks = sent.tokens
    j, negated, passive, modal = _skip_left(toks, i)
    if passive:
        return "passive"
    if j < 0:
        return None
    t = toks[j]
    if t.text == ",":
        # "NAME, apposition, VERB"
        k = j - 1
        while k >= 0 and toks[k].text != "," and toks[k].quote < 0:
            k -= 1
        if k <= 0 or toks[k].text != ",":
            return None
        is_app, role, hint = _appositive(toks[k + 1 : j], doc.text)
        if not is_app:
            return None
        b = _chunk_left(toks, k - 1)
        m = _parse(doc, toks[b:k])
        if m is None:
            return None
        if role and m.kind == "person" and not m.role and m.name:
            m.role = role
        if hint == "organisation" and m.kind == "person" and m.weak_kind:
            m.kind = "organisation"
        elif role and hint == "organisation" and m.weak_kind:
            m.kind = "organisation"
            m.role = role
        return _Subject(m, b, negated, modal, role, hint)
    if t.low in ("and", "but") and not t.text[0].isupper():
        return "coord"
    b = _chunk_left(toks, j)
    chunk = toks[b : j + 1]
    if not chunk:
        return None
    s = _split_new_phrase(chunk)
    pre_split = None
    if s:
        pre_split = (chunk[0].start, chunk[s - 1].end)
        chunk = chunk[s:]
        b += s
    if chunk and chunk[0].low in L.PREPOSITIONS and chunk[0].low not in ("like",):
        return None
    m = _parse(doc, chunk)
    if m is None:
        return None
    return _Subject(m, b, negated, modal, pre_split=pre_split)


def _right_subject(doc: Doc, sent: Sentence, i: int) -> tuple[Mention, int] | None:
    """Speaker after an inverted verb ("…,” said Yang Moo-jin, president of …")."""
    toks = sent.tokens
    k = i + 1
    depth = 0
    while k < len(toks):
        t = toks[k]
        if t.text == "(":
            depth += 1
        elif t.text == ")":
            depth -= 1
        elif depth == 0 and (t.quote >= 0 or t.text in ",.;:!?" or (
                not t.text[0].isupper() and (t.low in _PP_ADJUNCT or t.low in L.CLAUSE_BOUNDARY_WORDS
                                             or _verbish(t)))):
            break
        k += 1
    m = _parse(doc, toks[i + 1 : k])
    if m is None or m.kind == "pronoun":
        return None
    end = k
    if k < len(toks) and toks[k].text == ",":
        e = k + 1
        while e < len(toks) and toks[e].text not in ",.;" and toks[e].quote < 0:
            e += 1
        is_app, role, hint = _appositive(toks[k + 1 : e], doc.text)
        if is_app and role:
            if m.kind == "person" and m.name and not m.role:
                m.role = role
            if hint == "organisation" and m.weak_kind:
                m.kind = "organisation"
            end = e
    return m, end


def _clause_end(toks: list[Token], a: int) -> int:
    """End of the content that starts at ``a``: the sentence end, or before a
    trailing ", according to ..."."""
    e = len(toks)
    for k in range(a, len(toks) - 1):
        if toks[k].low == "according" and toks[k + 1].low == "to" and toks[k].quote < 0:
            e = k - 1 if k > a and toks[k - 1].text == "," else k
            break
    while e > a and toks[e - 1].text in ".,;:" and toks[e - 1].quote < 0:
        e -= 1
    return e


def _content_span(doc: Doc, toks: list[Token], a: int, e: int,
                  after_participle: bool = False) -> tuple[tuple[int, int], bool] | None:
    """Span of the content in tokens [a, e): the quotation it consists of or
    that a participle/colon introduces, else the paraphrase itself."""
    if e <= a:
        return None
    qs = sorted({t.quote for t in toks[a:e] if t.quote >= 0})
    if qs:
        first = next(k for k in range(a, e) if toks[k].quote == qs[0])
        lead = [t for t in toks[a:first] if _word(t)]
        intro = not lead or (toks[first - 1].text == ":" if first > a else False)
        intro = intro or (after_participle and len(lead) <= _PARTICIPLE_INTRO_MAX)
        if not intro:
            for n, t in enumerate(lead):
                if _is_participle_form(t.low) and t.low in L.VERB_FORMS and len(lead) - n - 1 <= _PARTICIPLE_INTRO_MAX:
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
    if not nxt.text[0].isupper() and nxt.low not in L.DETERMINERS and nxt.low not in (
            "he", "she", "it", "they", "we", "i", "there", "his", "her", "its", "their"):
        if after is None or not _word(after) or after.low in L.PREPOSITIONS:
            return False
    return True


def _date_comma(toks: list[Token], k: int) -> bool:
    """The comma of "October 9, 2024"."""
    return 0 < k < len(toks) - 1 and toks[k - 1].text.isdigit() and toks[k + 1].text.isdigit()


def _content_right(doc: Doc, sent: Sentence, i: int, lemma: str) -> tuple[tuple[int, int] | None, bool, str | None, bool]:
    """Content after the verb at ``i``: (span, direct, via outlet, starts with
    a wh-word)."""
    toks = sent.tokens
    n = len(toks)
    p = i + 1
    via = None
    if lemma == "point" and p < n and toks[p].low == "out":
        p += 1
    end = _clause_end(toks, p)
    that_at = None
    if p < end and (toks[p].low == "that" or toks[p].low in _PP_ADJUNCT or toks[p].low in L.TIME_WORDS
                    or lemma in L.LISTENER_VERBS):
        # "said on Sunday that", "said in a statement that", "told the BBC that"
        that_at = next((k for k in range(p, min(end, p + 14))
                        if _starts_with_that_clause(toks, k) and toks[k].quote < 0), None)
    stop = next((k for k in range(p, end) if (toks[k].text in ",;" and not _date_comma(toks, k))
                 or toks[k].quote >= 0), end)
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
        elif q < end and _word(toks[q]):
            while q < end and _word(toks[q]) and toks[q].low not in L.PREPOSITIONS and toks[q].low != "that" \
                    and not (q > p and (toks[q].low in L.DETERMINERS or is_cap(toks[q].text))):
                q += 1
        p = q
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
    elif (toks[p].low in _PP_ADJUNCT and not (p + 1 < end and toks[p + 1].low in ("least", "most", "all")))\
            or toks[p].low in L.TIME_WORDS or toks[p].text in ".!?":
        return None, False, via, False
    else:
        a = p
    if a >= end:
        return None, False, via, False
    wh = toks[a].low in _WH_WORDS
    span = _content_span(doc, toks, a, end)
    if span is None:
        return None, False, via, wh
    return span[0], span[1], via, wh


def _content_left(doc: Doc, sent: Sentence, first: int, pre_split: tuple[int, int] | None) -> tuple[tuple[int, int] | None, bool]:
    """Content before the speaker ("“…,” he said"; "…, the JCS said")."""
    toks = sent.tokens
    if pre_split is not None:
        return pre_split, False
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
        if e <= 0:
            return None, False
        span = _content_span(doc, toks, 0, e)
        return (span[0], span[1]) if span else (None, False)
    return None, False


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
        return bool(nxt) and (nxt[0].low in ("for", "on") or any(t.quote >= 0 for t in clause))
    if lemma == "refer":
        return any(t.low == "as" for t in clause)
    if lemma in L.NEEDS_COMPLEMENT:
        return bool(nxt) and (nxt[0].low == "that" or nxt[0].text == ":" or nxt[0].quote >= 0
                              or (len(nxt) > 1 and nxt[1].quote >= 0))
    return True


def _main_verb(sent: Sentence) -> int | None:
    """Index of the first token that looks like the main verb (for "X went
    further, accusing ..." and for the sentence subject)."""
    for k, t in enumerate(sent.tokens):
        if k == 0 or t.quote >= 0 or t.text[0].isupper() or not _word(t):
            continue
        low = t.low
        if low in L.AUXILIARIES or low in L.PAST_IRREGULAR or low in L.VERB_FORMS or (
                low.endswith("ed") and len(low) > 4) or (low.endswith("ly") and len(low) > 4):
            return k
    return None


def main_subject(doc: Doc, sent: Sentence) -> Mention | None:
    """The speaker-like subject of a sentence's main clause, if any."""
    v = _main_verb(sent)
    if v is None:
        return None
    subj = _left_subject(doc, sent, v)
    return subj.mention if isinstance(subj, _Subject) else None


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
    lo = min(m.start, verb.start, content[0])
    hi = max(m.end, verb.end, content[1])
    # a direct quotation's span includes its quotation marks
    for q in doc.quotes:
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
        if t.low in ("from", "by", "of") and n > 0 and np[n - 1].low in L.DOCUMENT_NOUNS | {"published", "released", "compiled"}:
            np = np[n + 1 :]
            break
    if len(np) > 1 and np[-1].low in L.DOCUMENT_NOUNS:
        np = np[:-1]
    m = _parse(doc, np)
    if m is None or m.kind == "pronoun" and m.pronoun != "he" and m.pronoun != "she":
        return None
    before = [t for t in toks[:k] if _word(t) and t.low not in ("but", "and", "however", "yet", "also")]
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


def _candidates(sent: Sentence) -> list[tuple[int, str]]:
    title_case = sent.headline and sum(1 for t in sent.tokens if _word(t) and t.text[0].isupper()) * 2 > len(sent.tokens)
    out = []
    for k, t in enumerate(sent.tokens):
        if t.quote >= 0 or not _word(t):
            continue
        if t.text[0].isupper() and not (title_case and k > 0):
            continue
        lemma = L.VERB_FORMS.get(t.low)
        if lemma is not None:
            out.append((k, lemma))
    return out


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
        participle = _is_participle_form(low) and low != lemma
        after_comma = i > 0 and toks[i - 1].text == ","
        if participle and not after_comma:
            if i > 1 and toks[i - 1].low == "as" and toks[i - 2].low == "quoted":
                pass  # "was quoted as saying": the subject is before "was quoted"
            elif not (i > 0 and toks[i - 1].low in L.BE_FORMS):
                continue
        if lemma in L.PARTICIPLE_ONLY and not participle and lemma not in ("call", "refer"):
            continue
        if not participle and not _verb_ok(sent, i, lemma):
            continue
        if participle and after_comma or (participle and toks[i - 1].low == "as"):
            if any(r.verb_start < verb.start for r in found):
                continue  # "..., stating, “…”" belongs to the clause before it
            v = _main_verb(sent)
            subj = _left_subject(doc, sent, v) if v is not None and v < i else None
            if not isinstance(subj, _Subject):
                continue
            span, direct = _content_span(doc, toks, i + 1, _clause_end(toks, i + 1), True) or (None, False)
            r = _accept(doc, sent, si, subj.mention, verb, lemma, span, direct, subj.negated)
            if r is not None:
                found.append(r)
            continue
        subj = _left_subject(doc, sent, i)
        if subj == "passive":
            continue
        if subj == "coord":
            if any(r.verb_start < verb.start for r in found):
                continue
            v = _main_verb(sent)
            subj = _left_subject(doc, sent, v) if v is not None and v < i else None
        if isinstance(subj, _Subject):
            span, direct, via, wh = _content_right(doc, sent, i, lemma)
            if subj.negated and (wh or lemma in ("comment", "say", "elaborate")) and not direct:
                continue  # "did not say how many", "declined to comment"
            if span is None:
                span, direct = _content_left(doc, sent, subj.first, subj.pre_split)
            r = _accept(doc, sent, si, subj.mention, verb, lemma, span, direct, subj.negated,
                        via, subj.kind_hint)
            if r is not None:
                found.append(r)
            continue
        if subj is None and lemma in L.INVERSION_VERBS and i > 0 and (
                toks[i - 1].quote >= 0 or toks[i - 1].text == ","):
            right = _right_subject(doc, sent, i)
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
    if q.start != sent.start or any(t.quote != toks[0].quote and _word(t) for t in toks):
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
