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
from workbench.assist.subjects import Subject, generic_mention, left_subject, parse, word
from workbench.assist.text import Doc, Sentence, Token, is_cap, trim_end

__all__ = ["bare_participle", "clause_after_adjunct", "clause_subject", "fallback_subject", "infinitive_subject",
           "listener_only", "noun_cue", "object_complement", "place_comma", "relative_aside_subject",
           "subject_head", "unnamed_question"]

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


def subject_head(doc: Doc, sent: Sentence, phrase: list[Token]) -> Mention | None:
    """The speaker a plain subject phrase names, any noun phrase allowed
    ("conservative outside groups"), a post-modifier cut off."""
    return _head(doc, sent, phrase, True)


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
        # "used his acceptance speech to call for", "went off script to
        # comment on", "took to Twitter to attack": the user speaks
        for u in range(g, max(-1, i - 8), -1):
            if toks[u].quote >= 0 or toks[u].text in ",;:":
                return None
            if toks[u].low in _PURPOSE_VERBS and u < i - 2:
                return fallback_subject(doc, sent, u, lenient)
        return None
    return fallback_subject(doc, sent, g, lenient)


# verbs whose object or adjunct a purpose infinitive follows: "used the
# occasion to", "went off script to", "took to Twitter to"
_PURPOSE_VERBS = frozenset({"used", "uses", "using", "went", "goes", "took", "takes", "seized", "seizes",
                            "leveraged"})


# words that may open a sentence before "Asked": "When asked whether ...", "But asked if ..."
_ASK_LEADS = frozenset({"when", "but", "and", "also", "later", "then", "once", "again", "repeatedly",
                        "directly", "specifically", "if", "after", "while", "even", "yet", "so"})
# the words that open the question itself
_QUESTION_OPENERS = frozenset({"whether", "if", "why", "how", "what", "who", "whom", "which", "when",
                               "where", "about", "question", "questions"})
_UNNAMED = "an unnamed questioner"


def unnamed_question(doc: Doc, sent: Sentence, i: int) -> tuple[Mention, int, int] | None:
    """A question whose asker the text does not name: "Asked whether the
    plan would pass, Ms. Lee said ..." and "Mr. Ruiz was asked about the
    ruling". The question is a statement of its own (what was asked is
    itself a claim about the matter); its speaker is an unnamed questioner,
    or the agent of "asked by a reporter whether". Returns the speaker and
    the token range of the question, or None."""
    toks = sent.tokens
    if toks[i].low != "asked" or toks[i].quote >= 0:
        return None
    k = i - 1
    while k >= 0 and toks[k].quote < 0 and (toks[k].low in _ASK_LEADS or toks[k].low in L.SKIP_ADVERBS
                                            or toks[k].low in L.NEGATIONS
                                            or (toks[k].low.endswith("ly") and len(toks[k].low) > 4)):
        k -= 1
    # "Asked whether ...," opening the sentence, or set off by commas after
    # the one asked ("Ms. Le Pen, asked which candidate she would back,
    # said ..."): the question ends at the next comma
    opening = k < 0 or (toks[k].text == "," and toks[k].quote < 0 and k > 0)
    # "“You bet I would,” Christie said when asked whether ...": a clause of its own
    opening = opening or any(toks[j].low in ("when", "after", "once", "while", "if") for j in range(k + 1, i))
    passive = not opening and toks[k].quote < 0 and toks[k].low in L.BE_FORMS | {"get", "got", "gets"}
    if not opening and not passive:
        return None
    if not opening and k > 0 and toks[k - 1].low in ("who", "which"):
        opening = True  # "Mr. Cuban, who was asked about the race, said nothing"
    a = i + 1
    asker = Mention(toks[i].start, toks[i].end, _UNNAMED, None, None, "anonymous", "questioner")
    if a < len(toks) and toks[a].low == "by":
        e = a + 1
        while e < len(toks) and toks[e].quote < 0 and toks[e].low not in _QUESTION_OPENERS \
                and toks[e].text not in ",;:" and e - a < 10:
            e += 1
        m = parse(doc, toks[a + 1 : e]) or generic_mention(doc, sent, toks[a + 1 : e])
        if m is None:
            return None
        asker, a = m, e
    # time, place or medium before the question: "Asked on Fox News who leads the party"
    q = next((n for n in range(a, min(len(toks), a + 9))
              if toks[n].quote >= 0 or toks[n].text in ",;:" or toks[n].low in _QUESTION_OPENERS), None)
    if q is None or toks[q].text in ";":
        return None
    if toks[q].text in ",:":
        if q + 1 < len(toks) and toks[q + 1].quote >= 0:
            q += 1  # "was asked, “If you had known ...?”"
        else:
            return None
    if toks[q].low in ("question", "questions") and not any(t.low == "about" for t in toks[q : q + 8]):
        return None
    e = q
    while e < len(toks) and not (toks[e].quote < 0 and (toks[e].text in ";" or (
            opening and toks[e].text == ","))):
        e += 1
    e = trim_end(toks, q, e, ".,;:?")
    if e - q < 2:
        return None
    return asker, q, e


# nouns of speech after a possessive, and the words that may open what they say
_NOUN_CUES: dict[str, frozenset[str]] = {
    "claim": frozenset({"that"}), "claims": frozenset({"that"}),
    "call": frozenset({"for", "to"}), "calls": frozenset({"for", "to"}),
    "promise": frozenset({"to", "that"}), "promises": frozenset({"to", "that"}),
    "pledge": frozenset({"to", "that"}), "vow": frozenset({"to", "that"}),
    "assertion": frozenset({"that"}), "insistence": frozenset({"that"}),
    "suggestion": frozenset({"that"}), "warning": frozenset({"that"}), "warnings": frozenset({"that"}),
    "accusation": frozenset({"that"}), "accusations": frozenset({"that"}),
    "argument": frozenset({"that"}), "statement": frozenset({"that"}), "declaration": frozenset({"that"}),
    "denial": frozenset({"that"}), "demand": frozenset({"for", "that"}), "demands": frozenset({"for", "that"}),
    "attack": frozenset({"on"}), "attacks": frozenset({"on"}), "criticism": frozenset({"of"}),
    "comments": frozenset({"about", "on"}), "remarks": frozenset({"about", "on"}),
    "complaint": frozenset({"that", "about"}), "complaints": frozenset({"that", "about"}),
    "estimate": frozenset({"of", "that"}), "prediction": frozenset({"that"}),
}
_POSSESSIVE_SUBJECT = {"his": "he", "her": "she", "their": "they", "its": "it"}


def noun_cue(doc: Doc, sent: Sentence, i: int) -> tuple[Mention, int, int] | None:
    """A noun of speech after its speaker's possessive: "his claim that the
    race was rigged", "Mr. Lee's calls for an inquiry", "her attacks on the
    governor". Returns the speaker and the token range of what was said
    (a clause after "that" up to its comma; a phrase after "for"/"on"/"to"
    up to its first verb or comma), or None."""
    toks = sent.tokens
    noun = toks[i]
    opens = _NOUN_CUES.get(noun.low)
    if opens is None or i < 1 or noun.quote >= 0 or i + 2 >= len(toks):
        return None
    c = i + 1
    if toks[c].low in L.TIME_WORDS:
        c += 1  # "his comments Tuesday on"
    if c >= len(toks) - 1 or toks[c].low not in opens or toks[c].quote >= 0:
        return None
    p = toks[i - 1]
    if p.quote >= 0:
        return None
    if p.low in _POSSESSIVE_SUBJECT:
        pro = _POSSESSIVE_SUBJECT[p.low]
        m = parse(doc, [Token(pro, p.start, p.end, pro, -1)])
    elif p.low.endswith(("’s", "'s")) and is_cap(p.text):
        b = i - 1
        while b > 0 and toks[b - 1].quote < 0 and is_cap(toks[b - 1].text) and i - b < 5:
            b -= 1
        owner = toks[b : i - 1] + [Token(p.text[:-2], p.start, p.end - 2, p.low[:-2], -1)]
        m = parse(doc, owner)
        if m is not None and m.kind not in ("person", "organisation", "outlet"):
            m = None
    else:
        return None
    if m is None:
        return None
    a = c + 1
    clause = toks[c].low == "that"
    e = a
    while e < len(toks):
        t = toks[e]
        if t.quote < 0 and (t.text in ",;:()" or t.text in _DASHES or (
                not clause and e > a and (_verbish(t) or t.low in ("and", "but", "as", "while")))):
            break
        e += 1
    e = trim_end(toks, a, e, ".?!")
    if e - a < 2:
        return None
    return m, a, e


# verbs of speech whose participle right after a noun phrase reports what it
# said ("62 percent of voters saying", "Mr. Lee calling it a sham")
# ("claiming victory", "promising upheaval", "describing the scene": not these)
_BARE_PARTICIPLES = frozenset({"say", "tell", "call", "ask", "suggest", "argue", "insist", "urge",
                               "warn", "accuse", "declare", "predict", "vow", "deny", "complain"})


def bare_participle(toks: list[Token], i: int, lemma: str) -> bool:
    """May the participle at ``i`` report speech with the noun phrase right
    before it as its speaker, no comma or "be" between ("with Mr. Lee
    calling it a sham", "30 percent of voters saying they approve")? Not
    after a verb, a preposition or a determiner ("began saying", "for
    saying", "the calling")."""
    if lemma not in _BARE_PARTICIPLES or not toks[i].low.endswith("ing") or i < 1:
        return False
    p = toks[i - 1]
    if p.quote >= 0 or not word(p) or _verbish(p):
        return False
    low = p.low
    if low in L.PREPOSITIONS or low in L.DETERMINERS or low in L.POSSESSIVE_PRONOUNS or low.endswith("ing"):
        return False
    return is_cap(p.text) or low in ("percent", "voters", "people", "others", "some", "many", "most",
                                     "both", "each") or (low.endswith("s") and not low.endswith("ss"))


def place_comma(toks: list[Token], k: int) -> bool:
    """The comma inside or after a "City, State" pair ("at a stop in Toledo,
    Ohio, that ..."), which ends no adjunct."""
    n = len(toks)
    if toks[k].text != "," or toks[k].quote >= 0 or k < 1 or k + 1 >= n:
        return False
    if is_cap(toks[k - 1].text) and is_cap(toks[k + 1].text) and k + 2 < n and toks[k + 2].text in ",.":
        return True  # "Toledo, | Ohio,"
    return k >= 3 and is_cap(toks[k - 1].text) and toks[k - 2].text == "," and is_cap(toks[k - 3].text) \
        and toks[k + 1].low == "that"  # "Toledo, Ohio, | that"


_CLAUSE_SUBJECTS = frozenset({"he", "she", "they", "it", "we", "i", "there"})


def clause_after_adjunct(toks: list[Token], p: int, end: int) -> int | None:
    """Where the statement starts after an adjunct with no "that": "said
    after the convention he would not accept", "told reporters during the
    visit they were ready". The adjunct (a preposition and a few words, no
    comma or verb) ends at a subject pronoun that a verb follows."""
    if toks[p].low not in ("after", "during", "at", "in", "on", "before", "via", "from", "outside"):
        return None
    for k in range(p + 1, min(end - 1, p + 8)):
        t = toks[k]
        if t.quote >= 0 or t.text in ",;:" or _verbish(t):
            return None
        if t.low in _CLAUSE_SUBJECTS and not is_cap(t.text) and k > p + 1:
            nxt = toks[k + 1]
            if nxt.quote < 0 and (nxt.low in L.AUXILIARIES or nxt.low in L.PAST_IRREGULAR
                                  or (nxt.low.endswith(("ed", "s")) and len(nxt.low) > 3)):
                return k
            return None
    return None


def listener_only(sent: Sentence, span: tuple[int, int]) -> bool:
    """The words after "told" are only its listener and when or where it was
    told ("told Good Morning America", "told host Sean Hannity earlier this
    month", "told television station BFMTV"): a few words with no verb and
    no clause word, so the statement must be elsewhere (a quotation before
    the speaker)."""
    ws = [t for t in sent.tokens if span[0] <= t.start < span[1] and word(t)]
    if not ws or len(ws) > 8:
        return False
    return not any(_verbish(t) or t.low in _CLAUSE_SUBJECTS or t.low in ("that", "to") or (
        t.low.endswith("ed") and len(t.low) > 4 and not is_cap(t.text)) for t in ws)


_ADJECTIVE_ENDINGS = ("ous", "ful", "able", "ible", "ent", "ant", "ic", "ical", "ive", "ist", "ish", "less",
                      "ated", "ised", "ized", "fied", "ual")
_NOT_A_COMPLEMENT = frozenset({"dozen", "few", "couple", "lot", "number", "second", "third", "time", "day",
                               "week", "month", "year", "hour", "minute", "moment", "while", "bit", "little"})


_OBJECT_PREPOSITIONS = frozenset({"of", "with", "over", "about"})


def object_complement(toks: list[Token], i: int) -> bool:
    """"called the charges unsubstantiated", "has called climate change a
    hoax", "called Mr. Lee's plan unusual": "call" with an object and a
    judgment on it is speech; not "called the police at noon", "called a
    press conference", "called her mother" (no judgment after the object),
    "called the police a dozen times"."""
    j = i + 1
    n = len(toks)
    if j >= n or toks[j].quote >= 0 or toks[j].low in ("a", "an") or toks[j].low in L.PREPOSITIONS \
            or not word(toks[j]) or _verbish(toks[j]):
        return False
    for k in range(j + 1, min(n, j + 12)):
        t = toks[k]
        if t.quote >= 0 or not word(t) or (t.low in L.PREPOSITIONS and t.low not in _OBJECT_PREPOSITIONS) \
                or t.low in L.AUXILIARIES or t.low in L.NEGATIONS \
                or (t.low in L.CLAUSE_BOUNDARY_WORDS and not is_cap(t.text)):
            return False
        if t.low in ("a", "an") and k + 1 < n and word(toks[k + 1]) and toks[k + 1].low not in _NOT_A_COMPLEMENT \
                and not toks[k + 1].text[0].isdigit():
            return True
        if not is_cap(t.text) and t.low.endswith(_ADJECTIVE_ENDINGS) and len(t.low) > 5 \
                and (k + 1 >= n or not word(toks[k + 1]) or toks[k + 1].low in ("and", "or", "but", "to", "for")):
            return True  # the adjective ends the phrase: "called the plan unusual."
    return False


# past forms that the lexicon's lists do not hold and that often open a
# main clause before ", saying ..." ("sought to calm", "drew a contrast")
_MORE_PAST = frozenset({"sought", "drew", "stood", "took", "struck", "tied", "sued", "vied", "lied", "eyed",
                        "shrugged", "stuck", "won", "hit", "led", "ran", "put", "let", "set", "cut", "read",
                        "heard", "felt", "kept", "dug", "shook", "rode", "wore", "swore"})


def _finite_form(t: Token) -> bool:
    """``t`` may be the finite verb of a main clause: a past form, an
    auxiliary, or a present form in -s ("keeps", "runs")."""
    low = t.low
    if t.quote >= 0 or not word(t) or is_cap(t.text) or low in L.PREPOSITIONS or low in L.DETERMINERS:
        return False
    return (low in L.AUXILIARIES or low in L.PAST_IRREGULAR or low in _MORE_PAST
            or (low.endswith("ed") and len(low) >= 4)
            or (low.endswith("s") and not low.endswith(("ss", "us", "is", "’s", "'s")) and len(low) > 3))


def clause_subject(doc: Doc, sent: Sentence, i: int, lenient: bool) -> Subject | None:
    """The subject of the clause that a second verb at ``i`` shares ("Roe
    thanked the crowd and said ...", "The firm keeps its finances secret but
    says ...", "Roe, a former chairman, became a delegate and said ..."; for a
    participle, "Roe sought to calm them, and took a heckler in stride,
    saying ..."): the subject of the first finite verb before it whose
    subject opens the sentence."""
    toks = sent.tokens
    for k in range(1, i):
        t = toks[k]
        if not _finite_form(t) or toks[k - 1].quote >= 0:
            continue
        subj = left_subject(doc, sent, k, lenient)
        if isinstance(subj, Subject):
            b = 0
            while b < subj.first and (toks[b].low in _OPENING or toks[b].text in ","):
                b += 1
            if subj.first == b and not any(x.quote >= 0 for x in toks[subj.first : k]):
                return subj
            return None
        if subj is not None:  # "coord" or "passive": no plain subject before
            return None
    return None


def relative_aside_subject(doc: Doc, sent: Sentence, i: int, lenient: bool) -> Subject | None:
    """The subject before a relative clause set off by commas or dashes
    ("Roy Roe, who managed the 1992 campaign, said"; "Paul Roe, a driver
    from Ava, Mo., who is a union member, said"; "The justice -- who has
    been in a scuffle -- said"): the phrase before ", who"."""
    toks = sent.tokens
    j, negated, aux = _skip_left(toks, i)
    if j < 2 or toks[j].quote >= 0 or not (toks[j].text == "," or toks[j].text in _DASHES):
        return None
    for w in range(j - 1, max(0, j - 30), -1):
        t = toks[w]
        if t.quote >= 0 or t.text in ";:.!?":
            return None
        if t.low in ("who", "whose") and not is_cap(t.text) and w >= 2 and toks[w - 1].quote < 0 and (
                toks[w - 1].text == "," or toks[w - 1].text in _DASHES):
            subj = left_subject(doc, sent, w, lenient)
            if not isinstance(subj, Subject):
                subj = fallback_subject(doc, sent, w, lenient)
            if subj is None or subj.mention.kind == "pronoun":
                return None
            return Subject(subj.mention, subj.first, negated, aux, subj.role_hint, subj.kind_hint)
    return None
