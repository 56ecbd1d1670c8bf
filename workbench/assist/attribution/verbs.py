"""Which words are reporting verbs here: the candidates of a sentence and the checks on what follows
them (objects, complements) that tell speech from deeds, nouns and other senses."""

from __future__ import annotations

from workbench.assist import lexicon as L
from workbench.assist.cues import object_complement
from workbench.assist.names import Mention
from workbench.assist.subjects import (
    PP_ADJUNCT,
    word,
)
from workbench.assist.text import Sentence, Token, is_cap

# verbs whose past is their base form ("the agency forecast storms")
_SAME_PAST = frozenset({"forecast", "broadcast", "cast"})


# Verbs that are nothing but verbs of speech: any noun phrase before them speaks.
_LENIENT_VERBS = frozenset({"say", "tell"})


# "a third say", "half agree": a share of people takes a plural verb
_SHARE_HEADS = frozenset({"half", "third", "quarter", "majority", "plurality", "minority", "percent",
                          "share", "fifth", "tenth"})


def _looks_plural(word_: str) -> bool:
    """"Associates", "Republicans": a lone capitalised plural at the start of a
    sentence is a group, not a person's name."""
    low = word_.lower()
    return " " not in low and low.endswith("s") and not low.endswith(("ss", "us", "is")) and len(low) > 4


# Things that carry a statement: "a statement saying", "a tweet claiming"
_MESSAGE_NOUNS = frozenset({
    "statement", "email", "e-mail", "letter", "response", "note", "tweet", "post", "message", "release",
    "memo", "video", "ad", "advertisement", "op-ed", "editorial", "filing", "speech", "interview", "column",
    "essay", "article", "petition", "complaint", "lawsuit", "order", "ruling", "opinion", "text", "mailer",
    "flyer", "banner", "sign", "cover", "headline", "report", "notice", "appeal", "motion", "brief"})


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
        if object_complement(toks, i):
            return True  # "called the charges unsubstantiated", "called climate change a hoax"
        if _what_before(toks, i) and nxt and nxt[0].quote < 0 and word(nxt[0]) and nxt[0].low not in L.PREPOSITIONS:
            return True  # "what officials called a hate crime"
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
            # "asked reporters whether ...", "asked the council to vote", "asked the
            # campaign of Democratic presidential candidate Bernie Sanders to correct the ad"
            for n, t in enumerate(toks[i + 1 : i + 13]):
                if t.text in ",;:" or t.quote >= 0:
                    break
                if t.low in ("whether", "if", "why", "how", "what", "when", "where", "who", "which") \
                        or (t.low == "to" and n > 0 and nxt[0].low not in L.NEGATIONS) \
                        or (t.low == "about" and 0 < n < 4):
                    return True  # "asked Mr. Lee about the merger"
                if t.low in ("question", "questions") and n + 1 < len(nxt) and nxt[n + 1].text == ":":
                    return True  # "asked the candidates a simple question: who ..."

        if _complement_ok(nxt, lemma):
            return True
        # a quotation just before counts too: "“Any questions?” Sanders asked"
        quoted_before = any(t.quote >= 0 for t in toks[max(0, i - 5) : i])
        return quoted_before or (bool(nxt) and (nxt[0].low == "that" or nxt[0].text == ":" or nxt[0].quote >= 0
                                                or (len(nxt) > 1 and nxt[1].quote >= 0)))
    return True


def _what_before(toks: list[Token], i: int) -> bool:
    """"what officials called", "what Ms. Lee has called": "what" opens the
    clause of the verb at ``i``, a few words before it with no comma between."""
    for k in range(i - 1, max(-1, i - 7), -1):
        t = toks[k]
        if t.quote >= 0 or t.text in ",;:()":
            return False
        if t.low == "what":
            return k < i - 1
    return False


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
            if t.text == "," and t is not nxt[-1] and nxt[nxt.index(t) + 1].quote >= 0:
                return True  # "asked at a town hall, “Any questions?”"
    if lemma in _BARE_CLAUSE_VERBS and words[0].low not in L.PREPOSITIONS:
        for n, t in enumerate(words[:6]):
            if t.text in ",;:.":
                break
            if n > 0 and (t.low in L.AUXILIARIES or t.low in L.PAST_IRREGULAR):
                return True  # "declared Clinton had enough delegates"
    return False


# Verbs of speech that also name deeds ("Russia attacked Kyiv with drones",
# "Tehran would respond to the strikes"): speech only with a person as subject
_DEED_VERBS = frozenset({"attack", "blast", "defend", "respond", "charge", "signal"})


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


def title_case(sent: Sentence) -> bool:
    """A headline in title case, with or without a final stop ("Trump Says He Will Win.")."""
    words = [t for t in sent.tokens if word(t) and t.quote < 0]
    caps = sum(1 for t in words if t.text[0].isupper())
    return (sent.headline and caps * 2 > len(sent.tokens)) or (len(words) >= 4 and caps >= 0.8 * len(words))


def _candidates(sent: Sentence) -> list[tuple[int, str]]:
    title = title_case(sent)
    out = []
    for k, t in enumerate(sent.tokens):
        if t.quote >= 0 or not word(t):
            continue
        # "Asked whether ..." opens a sentence with the verb
        if t.text[0].isupper() and not (title and k > 0) and not (t.low == "asked" and k < 2):
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
    if lemma == "add" and nxt and nxt[0].low == "to":
        return False  # "adding to her run of victories"
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
