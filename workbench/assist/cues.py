"""Second-chance rules for reported speech the main subject rules miss.

``attribution`` finds the speaker of a reporting verb with the careful walk
of ``subjects.left_subject``, which refuses anything it cannot parse. On
hand-annotated news (PolNeAR) most missed attributions were of one plain
shape the walk gave up on: a subject phrase that carries a long
post-modifier, an apposition with its own commas or dashes, or a list of
people before the verb ("Darran Whiting of Liberty Baptist Church in Marion,
said"; "Michael Demastus, pastor of ... and a Cruz supporter, said:";
"Democratic leaders — and, in particular, Harry Reid — insisted"). This
module reads such a clause from its start: asides between dashes or
parentheses are set aside, the phrase before the first comma is the
subject, and the phrases after it must read as appositions. The subject's
head (the phrase cut before its first preposition) must still pass the
speaker parser, so "evidence suggests" stays refused.

It may import ``lexicon``, ``names``, ``subjects`` and ``text``.
"""

from __future__ import annotations

from workbench.assist import lexicon as L
from workbench.assist.names import Mention
from workbench.assist.subjects import Subject, generic_mention, parse, word
from workbench.assist.text import Doc, Sentence, Token, is_cap

__all__ = ["fallback_subject", "infinitive_subject"]

_DASHES = frozenset({"—", "–", "―", "-", "--"})
_RELATIVES = frozenset({"who", "that"})
# words that end a subject phrase's head before its post-modifier
_POST_MODIFIER = frozenset({"of", "in", "at", "from", "with", "for", "on", "including", "like", "here",
                            "there", "across", "around", "inside", "outside", "among"})
# a comma-separated phrase after the subject that is an apposition
_APPOSITION_LEAD = L.DETERMINERS | L.POSSESSIVE_PRONOUNS.keys() | frozenset({
    "who", "whose", "whom", "which", "himself", "herself", "themselves", "itself", "now", "then",
    "once", "also", "both", "each", "like", "including", "among", "especially", "particularly",
    "chairman", "chairwoman", "director", "president", "founder", "author", "pastor", "executive",
    "host", "co-author", "co-founder", "spokesman", "spokeswoman", "senior", "former", "longtime",
    "age", "aged", "and", "or", "in", "of", "from", "with", "for", "at", "on", "as", "by"})
_TRAILING_ADVERBS = frozenset({"soon", "now", "then", "too", "both", "all", "each", "themselves", "himself",
                               "herself", "alone", "together", "here", "there"})
_SHARES = frozenset({"some", "many", "most", "all", "several", "few", "none", "one", "two", "three", "half",
                     "both", "each", "any", "much", "dozens", "hundreds", "thousands", "millions"})
_TIME_LEADS = frozenset({"last", "this", "on", "early", "late", "next", "that", "earlier", "later"})
_OPENING = frozenset({"but", "and", "so", "yet", "still", "now", "then", "also", "however", "meanwhile"})


def _skip_left(toks: list[Token], i: int) -> tuple[int, bool, bool]:
    """Index of the word before the verb's auxiliaries, negations and adverbs;
    (index, negated, auxiliary seen)."""
    j = i - 1
    negated = aux = False
    while j >= 0 and toks[j].quote < 0:
        low = toks[j].low
        if low in L.AUXILIARIES:
            aux = True
        elif low in L.NEGATIONS:
            negated = True
        elif low in L.TIME_WORDS and j > 0 and toks[j - 1].low in _TIME_LEADS:
            j -= 1  # "last week said", "on Monday urged"
        elif not (low in L.SKIP_ADVERBS or low in L.TIME_WORDS
                  or (low.endswith("ly") and len(low) > 4 and not is_cap(toks[j].text))):
            break
        j -= 1
    return j, negated, aux


def _clause_start(toks: list[Token], j: int) -> int:
    """First token of the clause that ends at ``j``: after a quotation, a
    semicolon, a colon or a lower-case clause word outside any aside."""
    depth = 0
    dash_open = False
    k = j
    while k >= 0:
        t = toks[k]
        if t.quote >= 0:
            return k + 1
        if t.text == ")":
            depth += 1
        elif t.text == "(":
            if depth == 0:
                return k + 1
            depth -= 1
        elif t.text in _DASHES:
            dash_open = not dash_open
        elif depth == 0 and not dash_open:
            if t.text in ";:":
                return k + 1
            if not t.text[0].isupper() and t.low in L.CLAUSE_BOUNDARY_WORDS and t.low not in ("and", "or"):
                return k + 1
        k -= 1
    return 0


def _phrases(toks: list[Token]) -> list[list[Token]]:
    """``toks`` split at its top-level commas, asides between dashes or in
    parentheses left out."""
    out: list[list[Token]] = [[]]
    depth = 0
    dash_open = False
    for t in toks:
        if t.text == "(":
            depth += 1
        elif t.text == ")":
            depth = max(0, depth - 1)
        elif t.text in _DASHES:
            dash_open = not dash_open
        elif depth or dash_open:
            continue
        elif t.text == ",":
            out.append([])
        else:
            out[-1].append(t)
    return [p for p in out if p]


def _verbish(t: Token) -> bool:
    low = t.low
    if is_cap(t.text):
        return False
    return low in L.AUXILIARIES or low in L.PAST_IRREGULAR or low in L.VERB_FORMS \
        or (low in L.CLAUSE_BOUNDARY_WORDS and low not in ("and", "or")) or low in L.NEGATIONS


def _head(doc: Doc, sent: Sentence, phrase: list[Token], lenient: bool) -> Mention | None:
    """The speaker named by a subject phrase: the phrase itself, or its part
    before a post-modifier ("Darran Whiting | of Liberty Baptist Church")."""
    if any(_verbish(t) for t in phrase) or len(phrase) > 14 or not all(word(t) or t.text in "&%'’." for t in phrase):
        return None
    while len(phrase) > 1 and phrase[-1].low in _TRAILING_ADVERBS:
        phrase = phrase[:-1]  # "Fact-checkers soon noted"
    if len(phrase) > 2 and phrase[1].low == "of" and phrase[0].low in _SHARES:
        phrase = phrase[2:]  # "Some of Clinton's allies": the allies
    cut = next((n for n, t in enumerate(phrase) if n > 0 and t.low in _POST_MODIFIER and not is_cap(t.text)),
               len(phrase))
    for part in (phrase, phrase[:cut]) if cut < len(phrase) else (phrase,):
        m = parse(doc, part)
        if m is None:
            m = generic_mention(doc, sent, part)
            if m is not None and len(part) == 1 and not m.plural and part[0].low in doc.common_words:
                return None  # "Evidence suggests": a capitalised common noun, not a name
        if m is not None:
            return m
    return None


def _apposition(phrase: list[Token]) -> bool:
    """A phrase after the subject's comma that describes it: "pastor of the
    church and a Cruz supporter", "who has advised ...", "54", "R-Ky.",
    "long a vocal advocate of reform"; not a clause of its own."""
    first = phrase[0]
    if first.low in _APPOSITION_LEAD or first.text[0].isdigit() or is_cap(first.text):
        return True
    return not (_verbish(first) or (first.low.endswith("ed") and len(first.low) > 4))


def _antecedent(doc: Doc, sent: Sentence, j: int, negated: bool, aux: bool) -> Subject | None:
    """The speaker of "NP, who said" / "NP who said" / "the paper, which
    argued": the phrase before the relative word, whose clause ends at its
    comma."""
    toks = sent.tokens
    e = j - 1
    if e >= 0 and toks[e].text == ",":
        e -= 1
    if e < 0 or not word(toks[e]):
        return None
    b = e
    while b > 0 and toks[b - 1].quote < 0 and (word(toks[b - 1]) or toks[b - 1].text in "&.'’") \
            and not _verbish(toks[b - 1]) and e - b < 10:
        prev = toks[b - 1]
        if not is_cap(prev.text) and ((prev.low.endswith("ed") and len(prev.low) > 4) or (
                prev.low in L.PREPOSITIONS and not (prev.low == "of" and b > 1 and is_cap(toks[b - 2].text)))):
            break  # "hosted by | Gretchen Carlson, who"; but "Secretary of State John Kerry"
        b -= 1
    phrase = toks[b : e + 1]
    if phrase and phrase[0].low in L.PREPOSITIONS:
        phrase = phrase[1:]
    m = _head(doc, sent, phrase, True) if phrase else None
    if m is None or m.kind == "pronoun":
        return None
    start = next(n for n, t in enumerate(toks) if t is phrase[0])
    return Subject(m, start, negated, aux, relative=True)


def fallback_subject(doc: Doc, sent: Sentence, i: int, lenient: bool) -> Subject | None:
    """The subject of the reporting verb at ``i`` when the main rules found
    none: the first phrase of its clause, asides and appositions set apart.
    ``lenient`` (for "say" and "tell") lets any plain noun phrase speak."""
    toks = sent.tokens
    j, negated, aux = _skip_left(toks, i)
    if j < 0 or toks[j].quote >= 0 or (toks[j].text not in ",)" and toks[j].text not in _DASHES
                                                   and not word(toks[j])):
        return None
    if toks[j].low in L.PREPOSITIONS or toks[j].low in L.DETERMINERS or toks[j].low in L.POSSESSIVE_PRONOUNS \
            or toks[j].low.endswith(("’s", "'s")):
        return None  # "in charge of", "the report", "his claim", "Trump’s claims": a noun
    if toks[j].low in _RELATIVES | {"which"} and not is_cap(toks[j].text):
        # "proponents of the ban who say", "Gretchen Carlson, who reported":
        # the speaker is the phrase before "who"
        return _antecedent(doc, sent, j, negated, aux)
    b = _clause_start(toks, j)
    while b <= j and (toks[b].low in _OPENING or toks[b].text in ",—–-"):
        b += 1
    if b > j:
        return None
    phrases = _phrases(toks[b : j + 1])
    if not phrases:
        return None
    first = 0
    if len(phrases) > 1 and (phrases[0][0].low in L.PREPOSITIONS or phrases[0][0].low in L.TIME_WORDS
                             or phrases[0][0].text[0].isdigit()):
        first = 1  # "On Monday, ...": an opening adverbial
    head = phrases[first]
    if not all(_apposition(p) for p in phrases[first + 1 :]):
        return None
    m = _head(doc, sent, head, lenient)
    if m is None:
        return None
    start = next(n for n, t in enumerate(toks) if t is head[0])
    return Subject(m, start, negated, aux)


# words between a verb and the "to" of its infinitive that keep the verb's
# subject as the infinitive's ("went on to say", "were more likely to say",
# "was quick to point out", "took the stage to acknowledge")
_TO_BRIDGE = frozenset({"on", "more", "less", "most", "likely", "unlikely", "quick", "quicker", "able",
                        "unable", "willing", "eager", "ready", "careful", "first", "back", "out", "up",
                        "the", "stage", "podium", "floor", "time", "opportunity", "occasion", "chance",
                        "moment", "also", "even", "again", "further", "slightly", "much", "far"})


def infinitive_subject(doc: Doc, sent: Sentence, i: int, lenient: bool) -> Subject | None:
    """The subject of "to VERB" at ``i``: the subject of the verb the
    infinitive depends on, when nothing but a particle, an adjective of
    readiness or "the stage" stands between ("He went on to say",
    "Insiders were more likely to say"); not "asked him to say"."""
    toks = sent.tokens
    if i < 2 or toks[i - 1].low != "to" or toks[i - 1].quote >= 0:
        return None
    g = i - 2
    while g >= 0 and i - g < 7 and toks[g].quote < 0 and (toks[g].low in _TO_BRIDGE or (
            toks[g].low.endswith("ly") and len(toks[g].low) > 4)):
        g -= 1
    if g < 0 or toks[g].quote >= 0 or is_cap(toks[g].text):
        return None
    low = toks[g].low
    if not (low in L.AUXILIARIES or low in L.PAST_IRREGULAR or low in L.NEUTRAL_CONTROL
            or (low.endswith("ed") and len(low) > 4)):
        return None
    return fallback_subject(doc, sent, g, lenient)
