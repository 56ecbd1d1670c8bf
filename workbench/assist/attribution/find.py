"""The attributions of a sentence and of a whole document, from the reporting verbs and their subjects."""

from __future__ import annotations

from workbench.assist import lexicon as L
from workbench.assist.attribution.clauses import _clause_end, _content_span, _starts_with_that_clause
from workbench.assist.attribution.content import _content_left, _content_right, _parenthetical, _past_aside
from workbench.assist.attribution.raw import RawAttribution, _accept
from workbench.assist.attribution.shapes import _according_to, _passive_by
from workbench.assist.attribution.verbs import (
    _DEED_VERBS,
    _LENIENT_VERBS,
    _MESSAGE_NOUNS,
    _PARTICIPLE_PREPOSITIONS,
    _SAME_PAST,
    _SHARE_HEADS,
    _candidates,
    _deed,
    _looks_plural,
    _object_ok,
    _progressive,
    _quoted_as,
    _second_chance,
    _verb_ok,
    title_case,
)
from workbench.assist.cues import (
    bare_participle,
    clause_subject,
    fallback_subject,
    infinitive_subject,
    listener_only,
    noun_cue,
    relative_aside_subject,
    unnamed_question,
)
from workbench.assist.names import Mention, singular
from workbench.assist.subjects import (
    PP_ADJUNCT,
    Subject,
    generic_mention,
    is_participle_form,
    left_subject,
    main_verb,
    parse,
    right_subject,
    word,
)
from workbench.assist.text import Doc, Sentence, Token, is_cap, trim_end


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
        if lemma == "ask":
            asked = unnamed_question(doc, sent, i)
            if asked is not None:
                span, direct = _content_span(doc, toks, asked[1], asked[2], True) or (None, False)
                r = _accept(doc, sent, si, asked[0], verb, lemma, span, direct, False)
                if r is not None:
                    found.append(r)
                continue
        if i > 0 and toks[i - 1].low.endswith(("’s", "'s")) and toks[i - 1].quote < 0 \
                and toks[i - 1].low[:-2] not in ("he", "she", "it", "that", "who", "there"):
            continue  # "the editor’s note", "the agency’s report": a noun
        participle = is_participle_form(low) and low != lemma
        after_comma = i > 0 and toks[i - 1].quote < 0 and toks[i - 1].text in _PARTICIPLE_MARKS \
            or (participle and _after_quoted_comma(doc, toks, i))
        if participle and not after_comma and i > 1 and toks[i - 1].low == "and":
            after_comma = _second_participle(toks, i)  # "crediting him for ... and urging him to ..."
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
        if participle and not after_comma and lemma == "say":
            share = _share_with(doc, sent, i)
            if share is not None:
                a = i + 2 if i + 1 < len(toks) and _starts_with_that_clause(toks, i + 1) else i + 1
                span, direct = _content_span(doc, toks, a, _clause_end(toks, a), True) or (None, False)
                r = _accept(doc, sent, si, share, verb, lemma, span, direct, False)
                if r is not None:
                    found.append(r)
                continue
        if participle and not after_comma:
            q = _quoted_as(toks, i)
            if q is not None:
                quoted_by = q  # "was quoted (by IRNA) as saying": the subject is the main one
            elif not _progressive(toks, i) and not (bare_participle(toks, i, lemma) and not title_case(sent)):
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
            if not isinstance(subj, Subject) and (v is None or v >= i or subj == "coord"):
                # "Roe, president of the institute, tied the scores to wages,
                # saying": a main verb the word lists do not know
                subj = clause_subject(doc, sent, i, False)
            if not isinstance(subj, Subject) and (v is None or v >= i) and toks[i - 1].text == ",":
                # "The nurse later sued, claiming ...": a main verb the lists do not know
                subj = _opening_subject(doc, sent, i, coordinated=False)
            if not isinstance(subj, Subject):
                continue
            a = i + 1
            if lemma in L.LISTENER_VERBS:
                a = _past_listener(toks, a)  # "telling reporters that ...", "telling her, “…”"
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
        if subj is None and participle:
            subj = _with_subject(doc, sent, i)  # "with Mr. Trump calling for a ban"
        if subj == "passive":
            r = _passive_by(doc, sent, si, i, lemma)
            if r is not None:
                found.append(r)
            continue
        if subj == "coord":
            # "declared “…” and said that ...": the second verb has its own content
            v = main_verb(sent)
            subj = left_subject(doc, sent, v) if v is not None and v < i else None
            if not isinstance(subj, Subject):
                # "The firm keeps its finances secret but says ...": a first
                # verb the word lists do not know
                subj = clause_subject(doc, sent, i, lemma in _LENIENT_VERBS)
            if not isinstance(subj, Subject):
                subj = _opening_subject(doc, sent, i)
        if subj is None and lemma not in _LENIENT_VERBS:
            subj = _message_subject(doc, sent, i)
        if subj is None and _second_chance(toks, i, lemma) and not (lemma in L.INVERSION_VERBS and i > 0 and (
                toks[i - 1].quote >= 0 or toks[i - 1].text == ",") and right_subject(doc, sent, i) is not None):
            subj = fallback_subject(doc, sent, i, lemma in _LENIENT_VERBS) \
                or infinitive_subject(doc, sent, i, lemma in _LENIENT_VERBS) \
                or relative_aside_subject(doc, sent, i, lemma in _LENIENT_VERBS)
        elif subj is None and i > 0 and toks[i - 1].text == "," and lemma in L.INVERSION_VERBS:
            # "Rep. Chris Collins, R-NY, says meeting participants ...": a name
            # and its apposition open the sentence, so it is no inversion
            named = fallback_subject(doc, sent, i, lemma in _LENIENT_VERBS)
            if named is not None and named.first == 0 and named.mention.name is not None \
                    and named.mention.kind in ("person", "organisation"):
                subj = named
        if isinstance(subj, Subject) and low == lemma and lemma in L.NOUN_VERBS and lemma not in _SAME_PAST \
                and not subj.aux \
                and not subj.mention.plural \
                and not (subj.mention.weak_kind and _looks_plural(subj.mention.text)) \
                and subj.mention.head not in _SHARE_HEADS \
                and subj.mention.pronoun not in ("they",) and not sent.headline \
                and not (i > 0 and toks[i - 1].low == "to"):
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
            if subj.negated and (wh or lemma in ("comment", "elaborate", "respond")) and not direct:
                continue  # "did not say how many", "declined to comment", "did not respond to"
            # ("did not say that ..." is kept: its quote starts at "did not say")
            if span is not None and lemma == "tell" and not direct and not _after_that(toks, span) \
                    and listener_only(sent, span):
                span = None  # "“…,” Kelly told Good Morning America": the listener, not the statement
            if span is not None and not direct and lemma == "say" and subj.pre_split is None \
                    and _closed_quote_before(doc, toks, subj.first) and not _after_that(toks, span):
                # "“…,” Roe said 30 minutes into the debate", "“…,” she said about
                # the money": the quotation before the speaker is what was said
                span = None
            if span is None and lemma != "say":
                span, direct = _next_paragraph(doc, si, i) or (None, False)
            if span is None:
                span, direct = _parenthetical(toks, subj.first, i) or _content_left(
                    doc, sent, subj.first, subj.pre_split)
            if span is None and si > 0 and subj.first == 0 and all(not word(t) for t in toks[i + 1 :]):
                # “… that are missing.” Trump said. — the speaker and verb
                # stand alone after the quotation they close
                prev = doc.sentences[si - 1]
                inner = _standalone_quote(doc, prev) if prev.paragraph == sent.paragraph else None
                if inner is not None:
                    span, direct = inner, True
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
    found.extend(_noun_cues(doc, sent, si, found))
    found.extend(_light_verb_cues(doc, sent, si, found))
    found.sort(key=lambda r: r.span)
    return found


def _closed_quote_before(doc: Doc, toks: list[Token], first: int) -> bool:
    """A quotation that opens the sentence closes right before the speaker at
    ``first`` ("“…,” Roe said")."""
    if first < 1 or toks[first - 1].quote < 0 or toks[0].quote != toks[first - 1].quote:
        return False  # (the quotation opens the sentence: not "In an interview on “Face the Nation,” Ryan said")
    return doc.quotes[toks[first - 1].quote].end == toks[first - 1].end


_SHARE_WORDS = frozenset({"percent", "%", "half", "third", "quarter", "majority", "minority", "most", "many",
                          "some", "few", "two-thirds", "in"})


def _share_with(doc: Doc, sent: Sentence, i: int) -> Mention | None:
    """The share of people before "saying" in a poll's "with 50 percent
    saying ...", "with three in 10 voters saying ...": they speak."""
    toks = sent.tokens
    w = i - 1
    while w >= 0 and i - w <= 8 and toks[w].quote < 0 and (word(toks[w]) or toks[w].text == "%") \
            and toks[w].low != "with":
        w -= 1
    if w < 0 or toks[w].low != "with" or w + 1 >= i:
        return None
    phrase = toks[w + 1 : i]
    if not (phrase[0].text[0].isdigit() or phrase[0].low in _SHARE_WORDS or phrase[0].low in L.NUMBER_WORDS) \
            or not any(t.text[0].isdigit() or t.low in _SHARE_WORDS for t in phrase):
        return None
    return generic_mention(doc, sent, phrase)


# what may stand between a main clause and its participle: ", saying", "– saying"
_PARTICIPLE_MARKS = frozenset({",", "—", "–", "--"})


def _after_quoted_comma(doc: Doc, toks: list[Token], i: int) -> bool:
    """The participle at ``i`` follows a quotation that ends in a comma
    ("defended “New York values,” saying ...")."""
    if i < 2 or toks[i - 1].quote < 0:
        return False
    q = doc.quotes[toks[i - 1].quote]
    return q.end == toks[i - 1].end and doc.text[q.start : q.inner_end].rstrip().endswith(",")


# nouns for people that may head a sentence's subject after "The" and capitalised words
_PEOPLE = L.PERSON_NOUNS | {"nominee", "incumbent", "challenger", "front-runner", "frontrunner", "hopeful"}


def _opening_subject(doc: Doc, sent: Sentence, i: int, coordinated: bool = True) -> Subject | None:
    """The name that opens a sentence of coordinated verbs ("Ms. Lee shook
    hands and posed for photos and asked workers if ..."), or of a main
    clause before a participle ("The nurse later sued, claiming ..."): the
    subject of them all, when the words up to the first lower-case word name
    a person or an organisation (or are "the" and a noun for a person) and an
    "and" (a comma) stands right before the verb at ``i``."""
    toks = sent.tokens
    if i < 3 or toks[i - 1].low != ("and" if coordinated else ",") or toks[0].quote >= 0:
        return None
    j = 0
    while j < i and toks[j].quote < 0 and (is_cap(toks[j].text) or toks[j].text in ".&"):
        j += 1
    if j == 1 and toks[0].low in ("the", "a", "an") and singular(toks[1].low) in L.PERSON_NOUNS:
        j = 2  # "The nurse later sued"
    elif 1 < j < i and toks[0].low == "the" and toks[j].quote < 0 and singular(toks[j].low) in _PEOPLE:
        j += 1  # "The Republican nominee also outlined his plan and vowed to ..."
    if j == 0 or j >= i - 1 or toks[j].quote >= 0 or not word(toks[j]) or toks[j].low in L.PREPOSITIONS:
        return None
    if any(t.quote >= 0 or t.text in ",;:" for t in toks[j : i - 1]):
        return None
    m = parse(doc, toks[:j])
    if m is None and singular(toks[j - 1].low) in _PEOPLE:
        m = generic_mention(doc, sent, toks[:j])  # "The Republican nominee"
        return Subject(m, 0) if m is not None and m.kind != "pronoun" else None
    if m is None or m.kind not in ("person", "organisation"):
        return None
    return Subject(m, 0)


def _with_subject(doc: Doc, sent: Sentence, i: int) -> Subject | None:
    """"..., with Mr. Trump calling for a ban", "with Ms. Ruiz, Mr. Lee and
    Mr. Cole all calling for ...": the names between "with" and the
    participle at ``i`` speak."""
    toks = sent.tokens
    k = i - 1
    while k > 0 and i - k <= 12 and toks[k].quote < 0 and toks[k].low != "with" and (
            word(toks[k]) or toks[k].text in ",.&"):
        k -= 1
    if k <= 0 or toks[k].low != "with" or toks[k].quote >= 0 or k + 1 >= i:
        return None
    e = i
    while e > k + 1 and toks[e - 1].low in ("all", "both", "each", "also", "now", "even"):
        e -= 1
    m = parse(doc, toks[k + 1 : e])
    if m is None or m.kind not in ("person", "organisation"):
        return None
    return Subject(m, k + 1)


def _message_subject(doc: Doc, sent: Sentence, i: int) -> Subject | None:
    """A message as the subject of a verb with a statement right after it:
    "The lawsuit claims that ...", "The ad claims “…”", "A letter from the
    union urges ...": the message speaks (as with "says", which takes any
    subject); only when "that", a colon or a quotation follows the verb, or
    a comma in "As a 2011 study noted, ..."."""
    toks = sent.tokens
    if i + 1 >= len(toks) or not (toks[i + 1].low == "that" or toks[i + 1].text in ":," or toks[i + 1].quote >= 0):
        return None
    subj = left_subject(doc, sent, i, lenient=True)
    if not isinstance(subj, Subject) or subj.mention.kind == "pronoun":
        return None
    if toks[i + 1].text == "," and not (subj.first > 0 and toks[subj.first - 1].low == "as"):
        return None  # only "As a 2011 study noted, ..." takes a comma
    head = singular(subj.mention.head or "")
    return subj if head in _MESSAGE_NOUNS or head in L.DOCUMENT_NOUNS else None


def _next_paragraph(doc: Doc, si: int, i: int) -> tuple[tuple[int, int], bool] | None:
    """"Mr. Potts echoed:" closing its paragraph, the statement set off in
    the next one: the quotation that opens it (all of it), or its first
    sentence."""
    toks = doc.sentences[si].tokens
    if i + 2 != len(toks) or toks[i + 1].text != ":" or toks[i + 1].quote >= 0 or si + 1 >= len(doc.sentences):
        return None
    nxt = doc.sentences[si + 1]
    if nxt.paragraph != doc.sentences[si].paragraph + 1 or not nxt.tokens:
        return None
    first = nxt.tokens[0]
    if first.text.startswith("<"):
        return None  # markup (an embedded post), not text
    if first.quote >= 0:
        q = doc.quotes[first.quote]
        if q.start == first.start and q.inner_end > q.inner_start:
            return (q.inner_start, q.inner_end), True
    if sum(1 for t in nxt.tokens if word(t)) < 4:
        return None
    e = trim_end(nxt.tokens, 0, len(nxt.tokens), ".;:")
    return (nxt.start, nxt.tokens[e - 1].end), False


def _second_participle(toks: list[Token], i: int) -> bool:
    """"began by crediting Trump for his instincts and urging him to ...",
    "offers calm, urging voters to ... and promising to ...": a participle
    after "and" whose clause opens with another participle after a comma or
    a preposition shares its subject with the main clause."""
    for k in range(i - 2, max(0, i - 16), -1):
        t = toks[k]
        if t.text in ";:" or (t.quote >= 0 and t.text != ","):
            return False
        if is_participle_form(t.low) and t.quote < 0 and (
                toks[k - 1].text == "," or toks[k - 1].low in _PARTICIPLE_PREPOSITIONS):
            return True
    return False


def _past_listener(toks: list[Token], a: int) -> int:
    """Where the statement of "telling reporters that ...", "telling her,
    “…”" starts: after its listener (a few words, then "that" or a colon or a
    comma before a quotation); ``a`` itself when there is no such listener."""
    for k in range(a, min(len(toks), a + 8)):
        t = toks[k]
        if t.quote >= 0:
            return a
        if k > a and t.low == "that":
            return k
        if k > a and t.text in ",:" and k + 1 < len(toks) and toks[k + 1].quote >= 0:
            return k + 1
        if not word(t) or t.low in L.CLAUSE_BOUNDARY_WORDS:
            return a
    return a


def _after_that(toks: list[Token], span: tuple[int, int]) -> bool:
    """The content opens after "that" or a colon ("told reporters that the
    position remains firm"): a clause, never only the listener."""
    k = next((n for n, t in enumerate(toks) if t.start >= span[0]), None)
    return k is not None and k > 0 and toks[k - 1].quote < 0 and (toks[k - 1].low == "that" or toks[k - 1].text == ":")


def _noun_cues(doc: Doc, sent: Sentence, si: int, found: list[RawAttribution]) -> list[RawAttribution]:
    """Statements named by a noun after their speaker's possessive ("his
    claim that ...", "Mr. Lee's calls for ..."), where no verb's attribution
    already covers them."""
    out = []
    toks = sent.tokens
    for i, t in enumerate(toks):
        hit = noun_cue(doc, sent, i)
        if hit is None:
            continue
        m, a, e = hit
        span, direct = _content_span(doc, toks, a, e, True) or (None, False)
        if span is None or any(r.content[0] < span[1] and span[0] < r.content[1] for r in found):
            continue
        lemma = "remark" if t.low == "remarks" else t.low.rstrip("s")
        r = _accept(doc, sent, si, m, t, lemma, span, direct, False)
        if r is not None:
            out.append(r)
    return out


# Nouns of speech after a light verb ("made a call for", "raised questions
# about", "stepped up his attacks on"): noun -> (its lemma, the preposition
# that opens what was said)
_LIGHT_NOUNS = {"call": ("call", "for"), "calls": ("call", "for"), "attack": ("attack", "on"),
                "attacks": ("attack", "on"), "questions": ("question", "about"), "criticism": ("criticize", "of")}
_LIGHT_VERBS = frozenset({
    "made", "make", "makes", "making", "issued", "issue", "issues", "issuing", "renewed", "renew", "renews",
    "renewing", "raised", "raise", "raises", "raising", "launched", "launch", "launches", "launching",
    "mounted", "mounting", "unleashed", "unleashing", "repeated", "repeating", "intensified", "escalated",
    "with", "on", "up"})
# a light verb's words before "with", "on", "up": "opened with", "doubled down on", "stepped up"
_LIGHT_PARTICLE_VERBS = frozenset({"opened", "opens", "opening", "down", "stepped", "steps", "stepping",
                                   "ratcheted", "ramped", "ramping", "ratcheting", "kept", "continued"})


# "a phone call for", "a roll call for", "terror attacks on": no statement
_NOT_SPEECH_CALLS = frozenset({"phone", "telephone", "conference", "roll", "close", "curtain", "terror",
                               "terrorist", "air", "missile", "drone", "military", "cyber", "heart", "panic"})


def _light_verb_cues(doc: Doc, sent: Sentence, si: int, found: list[RawAttribution]) -> list[RawAttribution]:
    """"Cruz made an unprompted call for an end to sugar subsidies", "Trump
    has raised questions about Obama's birthplace", "his aide stepped up
    his attacks on Clinton's record": the noun names a statement, the light
    verb's subject made it, and what follows the noun's preposition is what
    was said (where no verb's attribution already covers it)."""
    toks = sent.tokens
    out = []
    for i in range(1, len(toks) - 2):
        t = toks[i]
        light = _LIGHT_NOUNS.get(t.low)
        if light is None or t.quote >= 0 or toks[i + 1].low != light[1] or toks[i - 1].low in _NOT_SPEECH_CALLS:
            continue
        v = i - 1  # back over determiners, possessives and adjectives: "an unprompted", "new", "his harsh"
        while v > 0 and i - v <= 5 and toks[v].quote < 0 and word(toks[v]) and not is_cap(toks[v].text) \
                and toks[v].low not in _LIGHT_VERBS and toks[v].low not in L.AUXILIARIES \
                and toks[v].low not in L.PREPOSITIONS:
            v -= 1
        if toks[v].low not in _LIGHT_VERBS or toks[v].quote >= 0:
            continue
        if toks[v].low in ("with", "on", "up"):
            if v == 0 or toks[v - 1].low not in _LIGHT_PARTICLE_VERBS:
                continue
            v -= 1
            if toks[v].low == "down" and v > 0:
                v -= 1  # "doubled down on"
        subj = left_subject(doc, sent, v)
        if not isinstance(subj, Subject) and is_participle_form(toks[v].low) and toks[v - 1].text == ",":
            mv = main_verb(sent)
            subj = left_subject(doc, sent, mv) if mv is not None and mv < v else None
        if not isinstance(subj, Subject) or subj.negated:
            continue
        m = subj.mention
        if light[0] == "attack" and (_deed(toks, i, m) or not (
                m.kind in ("person", "pronoun") or singular(m.head or "") in _PEOPLE)):
            continue  # "Rebels launched attacks on the city": a deed
        a = i + 2
        span, direct = _content_span(doc, toks, a, _clause_end(toks, a), True) or (None, False)
        if span is None or any(r.content[0] < span[1] and span[0] < r.content[1] for r in found):
            continue
        r = _accept(doc, sent, si, subj.mention, t, light[0], span, direct, False)
        if r is not None:
            out.append(r)
    return out


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
            if inner and si - prev.sent <= 2 and doc.sentences[si].paragraph - psent.paragraph <= 1 \
                    and not (prev.content[0] <= inner[0] and inner[1] <= prev.content[1]):
                sent = doc.sentences[si]
                found = [RawAttribution(si, prev.mention, prev.verb, prev.lemma, prev.verb_start,
                                        inner, True, prev.negated, (sent.start, sent.end),
                                        continuation=True, kind_hint=prev.kind_hint)]
        out.extend(found)
    return out
