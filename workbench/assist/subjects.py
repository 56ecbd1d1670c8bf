"""Subjects of reporting verbs: who is the speaker of "... said"?

Walking left from a reporting verb over auxiliaries, negations, adverbs and
time phrases ("has not yet", "on Wednesday") leads to the subject phrase,
which ends at a clause boundary. Between commas there may be an apposition
("Matthew Miller, a spokesperson for ..., expressed"), and after a quotation
the speaker may follow the verb ("…,” said Lankov"). The phrase found is
handed to ``assist_names.parse_speaker``, which refuses anything that cannot
speak ("a missile found in ...", "evidence").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from workbench.assist import lexicon as L
from workbench.assist.names import Mention, parse_speaker, singular
from workbench.assist.text import Doc, Sentence, Token, is_cap

PP_ADJUNCT = frozenset({"on", "in", "at", "during", "via", "through", "after", "before",
                        "from", "to", "by", "with", "while", "under", "ahead", "late",
                        "earlier", "later", "shortly", "outside", "inside", "over"})


# sentence adverbs that sit between commas after a subject
_DISCOURSE = frozenset({
    "however", "meanwhile", "though", "too", "also", "instead", "nevertheless",
    "moreover", "in turn", "in response", "for its part", "for his part", "for her part",
    "for their part", "in contrast", "by contrast", "separately", "in a statement",
    "on the other hand", "in addition", "for instance", "of course", "in fact", "at the time",
    "for now", "so far", "in particular", "in an interview", "in interviews",
    "on monday", "on tuesday", "on wednesday", "on thursday", "on friday", "on saturday",
    "on sunday", "later", "earlier", "in return", "for example"})


_ASIDE_LEADS = frozenset({"in", "on", "at", "during", "after", "before", "speaking", "writing", "appearing",
                          "through", "via", "over", "while", "when", "asked"})


def _place_name(seg: list[Token]) -> bool:
    """"New York", "Fla.", "N.C.": a short run of capitalised words with no
    role noun, as a state or country after a town."""
    ws = [t for t in seg if t.text != "."]
    return 0 < len(ws) <= 3 and all(t.text[0].isupper() for t in ws) and not any(
        singular(t.low) in L.PERSON_NOUNS for t in ws)


def _adverbial_aside(seg: list[Token]) -> bool:
    """"Mr. Trump, in a brief interview on Saturday, said": an aside between
    commas led by a preposition, with no verb of its own."""
    ws = [t for t in seg if t.text[0].isalnum()]
    return bool(ws) and ws[0].low in _ASIDE_LEADS and len(ws) <= 12 and not any(
        t.low in L.AUXILIARIES or t.low in ("who", "which", "that") or t.quote >= 0 for t in seg)


def word(t: Token) -> bool:
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


def is_participle_form(low: str) -> bool:
    return low.endswith("ing")


def _is_past_participle(low: str) -> bool:
    return low.endswith(("ed", "en")) or low in ("said", "told", "thought", "held", "written")


_AGO_WORDS = frozenset({"less", "more", "than", "about", "nearly", "almost", "just", "only", "over",
                        "some", "a", "an", "few", "couple", "of", "days", "hours", "minutes", "years",
                        "months", "weeks", "decades", "decade", "day", "hour", "minute"})


def _temporal_left(toks: list[Token], j: int) -> int:
    """Skip a time phrase ending at ``j`` ("on Wednesday", "on 27 November 2024",
    "last week"); return the index before it, or ``j`` if there is none."""
    if toks[j].low == "ago":  # "less than two weeks ago", "a month ago"
        k = j - 1
        while k >= 0 and j - k < 6 and (toks[k].low in L.TIME_WORDS or toks[k].low.rstrip("s") in L.TIME_WORDS
                                        or toks[k].text[0].isdigit() or toks[k].low in L.DETERMINERS
                                        or toks[k].low in _AGO_WORDS):
            k -= 1
        return k if k < j - 1 else j
    k = j
    while k >= 0 and j - k < 6 and (
        toks[k].low in L.TIME_WORDS or toks[k].low in L.MONTHS or toks[k].text[0].isdigit()
        or (toks[k].text == "," and k < j)
    ):
        k -= 1
    if k < j and not any(t.low in L.TIME_WORDS or t.low in L.MONTHS or (t.text.isdigit() and len(t.text) == 4)
                         for t in toks[k + 1 : j + 1]):
        return j  # "4 in 10" is a share, not a time
    if k < j and k >= 0 and toks[k].low in ("on", "last", "this", "late", "early", "earlier",
                                            "in", "at", "overnight", "later"):
        k -= 1
        if k >= 0 and toks[k].low in ("earlier", "later"):
            k -= 1
        return k
    return j


def negated_auxiliary(low: str) -> bool:
    """"didn't", "won’t", "can't": an auxiliary and its negation in one token."""
    if not low.endswith(("n't", "n’t")):
        return False
    stem = low[:-3]
    return stem in L.AUXILIARIES or stem in ("wo", "ca", "sha", "ai")


def _skip_left(toks: list[Token], i: int) -> tuple[int, bool, bool, bool]:
    """Walk left from verb ``i`` over auxiliaries, negations, adverbs and time
    phrases. Returns (index of the subject's last token, negated, passive,
    auxiliary seen)."""
    j = i - 1
    negated = passive = aux = False
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
            aux = True
            adjacent = False
            j -= 1
            continue
        if low in L.NEGATIONS:
            negated = True
            j -= 1
            continue
        if negated_auxiliary(low):  # "he didn't say", "she won’t confirm"
            negated = aux = True
            adjacent = False
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
    return j, negated, passive, aux


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
        if k == 0 and t.low in L.CLAUSE_BOUNDARY_WORDS:  # "While Zelensky said ..."
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
        if not word(prev) or is_cap(prev.text) or p in L.PREPOSITIONS or p in L.DETERMINERS:
            continue
        s = singular(p)
        if (s in L.PERSON_NOUNS or s in L.ORG_NOUNS or p in L.OUTLET_NOUNS or p in L.TITLES
                or p in L.DEMONYMS or p.endswith("’s") or p.endswith("'s") or "-" in p):
            continue
        return m
    return 0


# a US legislator's party and state: "R-Ky.", "D-N.Y.", "I-Vt."
_PARTY_TAG = re.compile(r"^[RDI]-[A-Z][A-Za-z.]*$")


def _appositive(seg: list[Token], text: str) -> tuple[bool, str | None, str | None]:
    """Is ``seg`` (between two commas) an apposition to a speaker? Returns
    (is_apposition, role, kind hint)."""
    words = [t for t in seg if word(t)]
    if not words:
        return False, None, None
    if len(words) == 1 and words[0].text.isdigit() and len(words[0].text) <= 3:
        return True, None, "person"  # an age: "Aung San Suu Kyi, 70, said"
    if _PARTY_TAG.match(text[seg[0].start : seg[-1].end].strip()):
        return True, None, "person"  # "Mitch McConnell, R-Ky., said"
    first = words[0].low
    if first in ("who", "whose"):
        return True, None, "person"
    if first == "which":
        return True, None, "organisation"
    if first in ("along", "together", "as", "like", "including", "alongside"):
        return True, None, None
    if first in ("republican", "democrat", "independent") and len(words) >= 3 and words[1].low == "of":
        # "Senator Jane Roe, Republican of Ohio, said"
        return True, text[words[0].start : seg[-1].end].strip(), "person"
    if not is_cap(words[0].text) and (first.endswith(("ing", "ed", "en", "wn")) or first in (
            "also", "formerly", "once", "widely", "better")) and first not in L.PERSON_NOUNS:
        return True, None, None  # "speaking on condition of anonymity", "known as Hemedti"
    body = words[1:] if first in ("a", "an", "the") else words
    if not body:
        return False, None, None
    head = None
    for n, t in enumerate(body):
        after = body[n + 1] if n + 1 < len(body) else None
        if t.low in L.PREPOSITIONS or t.low in ("who", "which", "that") or (
                not is_cap(t.text) and t.low.endswith(("ed", "ing")) and t is not body[0]
                and (after is None or after.low in L.PREPOSITIONS or after.low in L.DETERMINERS)):
            break  # "a lawyer based in Ohio"; but "an unaligned Iowa strategist"
        head = singular(t.low.rstrip("’s").rstrip("'s"))
    starts_like_role = first in ("a", "an", "the", "another") or singular(first) in L.PERSON_NOUNS \
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
class Subject:
    mention: Mention
    first: int  # token index where the subject phrase starts
    negated: bool = False
    aux: bool = False  # an auxiliary stands before the verb ("did not confirm")
    role_hint: str | None = None
    kind_hint: str | None = None
    pre_split: tuple[int, int] | None = None  # "a charge" in "a charge the Kremlin denied"
    relative: bool = False  # "Barkley, who said ..., said": the content ends at the clause's comma


def parse(doc: Doc, toks: list[Token]) -> Mention | None:
    return parse_speaker(doc.text, toks, doc.common_words) if toks else None


def left_subject(doc: Doc, sent: Sentence, i: int, lenient: bool = False) -> Subject | None | str:
    """The subject of the verb at ``i``, or None; "coord" for "... and said"
    (a verb sharing the subject before it), "passive" for "are said to".

    ``lenient`` (for verbs that are nothing but verbs of speech, "said",
    "told") takes any plain noun phrase as the speaker when the word lists
    do not know its head ("Social conservatives say", "85% of Democrats
    said", "One in five said")."""
    toks = sent.tokens
    j, negated, passive, aux = _skip_left(toks, i)
    if passive:
        return "passive"
    if j < 0:
        return None
    t = toks[j]
    if t.low == "who" and j >= 2 and toks[j - 1].text == "," and toks[j - 2].quote < 0:
        # "Charles Barkley, who said he votes Democratic, ...": the noun before the comma
        b = _chunk_left(toks, j - 2)
        m = parse(doc, toks[b : j - 1])
        if m is None or m.kind == "pronoun":
            return None
        return Subject(m, b, negated, aux, relative=True)
    if t.text == ",":
        # "NAME, apposition, VERB"
        k = j - 1
        while k >= 0 and toks[k].text != "," and toks[k].quote < 0:
            k -= 1
        if k <= 0 or toks[k].text != ",":
            return None
        while _place_name(toks[k + 1 : j]) and k > 1 and toks[k - 1].text[0].isupper() \
                and any(t.low in ("from", "of", "in") for t in toks[max(0, k - 4) : k]):
            # "Rachel Roe, a doctor from Monsey, New York, said": a state or
            # country after a town belongs to the apposition before it
            k2 = k - 1
            while k2 >= 0 and toks[k2].text != "," and toks[k2].quote < 0:
                k2 -= 1
            if k2 <= 0 or toks[k2].text != ",":
                break
            k = k2
        if " ".join(x.low for x in toks[k + 1 : j]) in _DISCOURSE or _adverbial_aside(toks[k + 1 : j]):
            # "Russia, however, claimed ...": a sentence adverb, not an apposition
            b = _chunk_left(toks, k - 1)
            m = parse(doc, toks[b:k])
            return Subject(m, b, negated, aux) if m is not None else None
        is_app, role, hint = _appositive(toks[k + 1 : j], doc.text)
        # "A Western diplomat, 54, who has followed the talks, said": an age
        # is one more apposition
        while k > 1 and toks[k - 1].text.isdigit() and toks[k - 2].text == ",":
            k -= 2
        b = _chunk_left(toks, k - 1)
        m = parse(doc, toks[b:k])
        if b < k and (m is None or (not m.name and m.kind in ("person", "anonymous"))):
            # "Its spokesman, Senior Colonel Li Xi, said": the name is in the apposition
            named = parse(doc, toks[k + 1 : j])
            if named is not None and named.kind == "person" and named.name and not named.weak_kind:
                lead = [t for t in toks[b:k] if t.low not in L.DETERMINERS
                        and t.low not in L.POSSESSIVE_PRONOUNS]
                if lead and not named.role:
                    named.role = doc.text[lead[0].start : lead[-1].end]
                return Subject(named, b, negated, aux)
        if is_app and m is not None and not m.name and m.kind in ("person", "anonymous"):
            # "Angelique Brunner, a developer and spokeswoman for the coalition, which ..., said":
            # the role is a second apposition, the name stands before it
            c = b - 1
            while c > 0 and toks[c].text != "," and toks[c].quote < 0:
                c -= 1
            if c > 0 and toks[c].text == "," and toks[c].quote < 0:
                app2, role2, _hint2 = _appositive(toks[c + 1 : k], doc.text)
                if app2 and role2:
                    b2 = _chunk_left(toks, c - 1)
                    named = parse(doc, toks[b2:c])
                    if named is not None and named.kind == "person" and named.name and not named.weak_kind:
                        named.role = named.role or role2
                        return Subject(named, b2, negated, aux, role2, "person")
        if m is None and is_app and lenient and b < k:
            m = generic_mention(doc, sent, toks[b:k])  # "A county clerk, who ..., said"
        if m is None or not is_app:
            return None
        if role and m.kind == "person" and not m.role and m.name:
            m.role = role
        if hint == "organisation" and m.kind == "person" and m.weak_kind:
            m.kind = "organisation"
        elif role and hint == "organisation" and m.weak_kind:
            m.kind = "organisation"
            m.role = role
        return Subject(m, b, negated, aux, role, hint)
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
        g = generic_mention(doc, sent, chunk) if lenient and chunk[0].low in _APPROX else None
        return Subject(g, b, negated, aux) if g is not None else None
    w = b - 1
    while w > 0 and b - w < 12 and toks[w].quote < 0 and toks[w].text not in ",;:()—–" \
            and not _verbish(toks[w]):
        if toks[w].low == "who" and not toks[w].text[0].isupper():
            # "One official who relayed the exchange said": the speaker is
            # before the relative clause, not its object
            b2 = _chunk_left(toks, w - 1)
            head = parse(doc, toks[b2:w])
            if head is not None and head.kind != "pronoun":
                return Subject(head, b2, negated, aux)
            break
        w -= 1
    if len(chunk) == 1 and chunk[0].low in ("i", "we") and chunk[0].quote < 0:
        # the writer of a first-person piece: "I said", "We asked the campaigns"
        t = chunk[0]
        return Subject(Mention(t.start, t.end, t.text, None, None, "pronoun", t.low, pronoun=t.low,
                               plural=t.low == "we"), b, negated, aux)
    m = parse(doc, chunk)
    if m is not None and m.kind == "person" and m.name and b >= 2 and toks[b - 1].low in ("and", "&") \
            and is_cap(toks[b - 2].text):
        # "Professors Foner and Alba suggest": two people, one statement
        b2 = _chunk_left(toks, b - 2)
        other = parse(doc, toks[b2 : b - 1])
        if other is not None and other.kind == "person" and other.name:
            both = doc.text[other.start : m.end]
            m = Mention(other.start, m.end, both, both, other.role, "person", m.head, plural=True)
            b = b2
    if m is None:
        # "a senior officer who asked not to be named said": the speaker is
        # before the relative clause
        w = b - 1
        while w >= 0 and toks[w].quote < 0 and toks[w].text not in ",;:" and b - w < 16:
            if toks[w].low in ("who", "which") and not toks[w].text[0].isupper():
                b2 = _chunk_left(toks, w - 1)
                m = parse(doc, toks[b2:w])
                if m is not None and m.kind != "pronoun":
                    return Subject(m, b2, negated, aux)
                break
            w -= 1
        g = generic_mention(doc, sent, chunk) if lenient else None
        return Subject(g, b, negated, aux, pre_split=pre_split) if g is not None else None
    return Subject(m, b, negated, aux, pre_split=pre_split)


# quantity words that make a speaker of a share of people ("most said",
# "61 percent say", "one in five said")
_QUANTITY = frozenset({"some", "many", "most", "others", "both", "all", "few", "half",
                       "percent", "majority", "minority", "everyone", "everybody"})
_APPROX = frozenset({"about", "nearly", "almost", "roughly", "around", "just", "only", "over", "under",
                     "some", "more", "fewer", "less", "than", "barely", "fully"})
_NEVER_GENERIC = frozenset({
    "little", "much", "more", "less", "easier", "harder", "better", "worse", "enough", "else", "too",
    "appear", "appears", "seem", "seems", "what", "whatever", "i", "we", "you", "me", "us", "this", "that",
    "there", "which", "it", "these", "those", "who", "nobody", "none", "one", "no", "here", "now", "then",
    "also", "so", "thus"})


def generic_mention(doc: Doc, sent: Sentence, chunk: list[Token]) -> Mention | None:
    """A speaker named by a noun phrase the word lists do not know: "Social
    conservatives", "Organizers of the push", "85% of Democrats", "Wealth-X".

    Only a plain phrase qualifies: words, numbers and "%" with no verb-like
    word, ending in a noun-like word (not a pronoun, preposition, adverb or
    determiner other than a quantity: "Some say")."""
    toks = [t for t in chunk if t.text not in "()"]
    if not toks or len(toks) > 10 or any(t.quote >= 0 for t in toks):
        return None
    if any(not (word(t) or t.text in "%&") for t in toks):
        return None
    if len(toks) == 1 and toks[0].low in ("another", "one", "others", "many", "several"):
        t = toks[0]  # "Another said ...", "One said ..."
        return Mention(t.start, t.end, t.text, None, None, "anonymous", t.low,
                       plural=t.low not in ("another", "one"))
    last = toks[-1]
    low = last.low
    while len(toks) > 1 and toks[0].low in _APPROX and toks[1].low not in ("than",):
        toks = toks[1:]  # "about 4 in 10", "more than half"
    share = len(toks) == 3 and toks[1].low == "in" and (toks[0].low in L.DETERMINERS or toks[0].text.isdigit())
    if share:  # "one in five", "six in 10"
        return Mention(toks[0].start, last.end, doc.text[toks[0].start : last.end], None, None,
                       "anonymous", "share", plural=True)
    if low in _NEVER_GENERIC or low in L.PRONOUNS or low in L.POSSESSIVE_PRONOUNS \
            or low in L.PREPOSITIONS or low in L.CLAUSE_BOUNDARY_WORDS or low in L.AUXILIARIES \
            or low in L.TIME_WORDS or low in L.SKIP_ADVERBS \
            or (low in L.DETERMINERS and low not in _QUANTITY) \
            or (low.endswith("ly") and not is_cap(last.text)):
        return None
    if any(t.low in L.AUXILIARIES or t.low in L.NEGATIONS for t in toks):
        return None
    first_in_sentence = toks[0] is sent.tokens[0]
    core = [t for t in toks if t.low not in L.DETERMINERS]
    if not core:
        core = toks
    head_cap = is_cap(last.text) and not (last is toks[0] and first_in_sentence and last.low in doc.common_words) \
        and low not in _QUANTITY and low not in L.DETERMINERS \
        and not (core[0].text[0].isdigit() or core[0].low in _QUANTITY or core[0].low in L.DETERMINERS)
    text = doc.text[core[0].start : last.end]
    plural = (singular(low) != low and not low.endswith("ss")) or low in _QUANTITY or any(
        t.low == "percent" or t.low.endswith("%") for t in toks)
    head = singular(low)
    if head_cap:
        kind = "person" if len(core) == 1 else "organisation"
        return Mention(core[0].start, last.end, text, text, None, kind, head, plural=False,
                       weak_kind=True)
    definite = toks[0].low in ("the", "this", "these", "those")
    return Mention(core[0].start, last.end, text, None, None, "anonymous", head, plural=plural,
                   definite=definite)


def _finite_after_subject(toks: list[Token], n: int) -> bool:
    """``toks[n]`` reads as the finite verb of a clause whose subject stands
    before it: an auxiliary or a past form, not "the retired general"."""
    t, prev = toks[n], toks[n - 1]
    if t.quote >= 0 or t.text[:1].isupper() or prev.quote >= 0:
        return False
    low = t.low
    if not (low in L.AUXILIARIES or low in L.PAST_IRREGULAR or (low.endswith("ed") and len(low) > 4)):
        return False
    return prev.low not in L.DETERMINERS and prev.low not in L.POSSESSIVE_PRONOUNS \
        and not prev.low.endswith(("’s", "'s")) and prev.low not in ("most", "more", "less", "least", "very")


def right_subject(doc: Doc, sent: Sentence, i: int) -> tuple[Mention, int] | None:
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
                not t.text[0].isupper() and (t.low in PP_ADJUNCT or t.low in L.CLAUSE_BOUNDARY_WORDS
                                             or _verbish(t)))):
            break
        k += 1
    if i + 1 < len(toks) and toks[i + 1].low in L.PREPOSITIONS:
        return None  # "said of the governor": a topic, not a speaker
    if any(_finite_after_subject(toks, n) for n in range(i + 2, min(k + 1, len(toks)))) or (
            i + 2 < len(toks) and toks[i + 1].low in ("he", "she", "they", "we", "it", "i")
            and toks[i + 1].quote < 0 and word(toks[i + 2])):
        # "Ms. Roe, a delegate from Ohio, said Trump will win", "said he
        # already received": the phrase after the verb has a verb of its
        # own, so it opens what was said
        return None
    m = parse(doc, toks[i + 1 : k])
    if m is None and k < len(toks) and toks[k].text == "," and k > i + 1:
        # "…,” said another leading advocate, Jane Roe of ...": the name after the comma
        e = k + 1
        while e < len(toks) and toks[e].text not in ",.;" and toks[e].quote < 0:
            e += 1
        named = parse(doc, toks[k + 1 : e])
        if named is not None and named.kind == "person" and named.name and not named.weak_kind:
            named.role = named.role or doc.text[toks[i + 1].start : toks[k - 1].end]
            return named, e
    if m is None and k > i + 1:
        m = generic_mention(doc, sent, toks[i + 1 : k])  # "…,” said his best friend at college"
    if m is None or m.kind == "pronoun":
        return None
    end = k
    if k < len(toks) and toks[k].text == ",":
        e = k + 1
        while e < len(toks) and toks[e].text not in ",.;" and toks[e].quote < 0:
            e += 1
        if not m.name and m.kind in ("person", "anonymous"):
            # "said the protesters’ leader, Maria Kolesnikova": the name follows
            named = parse(doc, toks[k + 1 : e])
            if named is not None and named.kind == "person" and named.name and not named.weak_kind:
                named.role = named.role or m.text
                return named, e
        is_app, role, hint = _appositive(toks[k + 1 : e], doc.text)
        if is_app and role:
            if m.kind == "person" and m.name and not m.role:
                m.role = role
            if hint == "organisation" and m.weak_kind:
                m.kind = "organisation"
            end = e
    return m, end


def main_verb(sent: Sentence) -> int | None:
    """Index of the first token that looks like the main verb (for "X went
    further, accusing ..." and for the sentence subject)."""
    for k, t in enumerate(sent.tokens):
        if k == 0 or t.quote >= 0 or t.text[0].isupper() or not word(t):
            continue
        low = t.low
        if low in L.AUXILIARIES or low in L.PAST_IRREGULAR or low in L.VERB_FORMS or (
                low.endswith("ed") and len(low) > 4) or (low.endswith("ly") and len(low) > 4) \
                or negated_auxiliary(low):  # "Weaver didn’t seem impressed, telling ..."
            return k
    return None


def main_subject(doc: Doc, sent: Sentence) -> Mention | None:
    """The speaker-like subject of a sentence's main clause, if any."""
    v = main_verb(sent)
    if v is None:
        return None
    subj = left_subject(doc, sent, v)
    return subj.mention if isinstance(subj, Subject) else None
