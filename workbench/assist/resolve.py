"""Resolve speakers across a document: pronouns, short names, "the official".

Wire copy names a speaker in full once ("Kremlin spokesman Dmitry Peskov")
and then shortens ("Peskov said", "he added", "the spokesman"). An
attribution is only useful to a fact-checker if it names the same source
each time, so every raw mention is resolved here to the fullest form the
document gives, looking back first (that is how readers resolve) and, for a
name seen only in short form so far, forward.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache

from rapidfuzz import fuzz

from workbench.assist import lexicon as L
from workbench.assist.attribution import RawAttribution, main_subject, raw_attributions
from workbench.assist.attribution.opening import opening_subject
from workbench.assist.gender import FEMALE, MALE, first_name_gender, name_gender, surname_genders, words_gender
from workbench.assist.model import Attribution
from workbench.assist.names import Mention, singular, split_name
from workbench.assist.subjects import negated_auxiliary
from workbench.assist.text import Doc

_COMPANY_HEADS = frozenset({"company", "firm", "operator", "carrier", "group", "corporation",
                            "giant", "utility", "manufacturer", "producer", "exporter",
                            "supplier", "conglomerate", "consortium", "business"})
_STRIP_QUOTE = " \t\n,;:—–"
# Modal verbs and hedging adverbs that qualify what a speaker is reported as
# saying: "could confirm", "reportedly told". They belong to the statement.
_MODALS = frozenset({"could", "would", "may", "might", "must", "should", "can", "will", "shall"})
_HEDGE_ADVERBS = frozenset({"reportedly", "allegedly", "apparently", "purportedly",
                            "supposedly", "reputedly", "yet", "still", "never"})
# Verbs of finding out: "has not observed any signs of X" says that X was not
# seen, which tells against a claim that X exists.
_OBSERVATION_VERBS = frozenset({"observe", "verify", "find", "see", "detect", "corroborate"})


# The speaker of first-person narration ("I said", "we asked"): the article's own writer.
AUTHOR = "the author"


@dataclass(frozen=True)
class Speaker:
    """A resolved speaker: what the attribution and the source list show."""

    name: str
    role: str | None
    kind: str  # person | organisation | outlet | anonymous


def _latin_share(s: str) -> float:
    letters = [c for c in s if c.isalpha()]
    return sum(c < "\u0250" for c in letters) / len(letters) if letters else 0.0


@lru_cache(maxsize=8192)
def same_person(a: str, b: str) -> bool:
    """Two personal names for the same person: same surname (allowing for
    transliteration) and given names that do not disagree."""
    sa, ga = split_name(a)
    sb, gb = split_name(b)
    if not sa or not sb:
        return False
    if sa != sb and fuzz.ratio(sa, sb) < 86:
        return False
    if ga and gb:
        return ga[0] == gb[0] or fuzz.ratio(ga, gb) >= 80
    return True


# a personal name, with a title that may tell the gender ("Mr. Trump", "Hillary Clinton")
# (a possessive ends it: "Mr. King's Russia Today programming" names Mr. King)
_NAME_WORD = r"[A-Z][a-z][\w-]*(?:[’'](?!s\b)[\w-]+)?"
_NAME_RE = re.compile(r"\b(?:(Mr|Mrs|Ms|Miss)\.?\s+)?"
                      rf"({_NAME_WORD}(?:\s+(?:[A-Z]\.\s+)?{_NAME_WORD}){{0,3}})(?:[’']s)?(?![\w’'])")


def _several(m: Mention) -> bool:
    """"Mr. Xi and Mr. Obama": a list of people, whom neither "he" nor a
    later "Obama" means ("Experts like Andrei Lankov" is one named person)."""
    return m.plural and bool(m.name) and bool(re.search(r"\s(?:and|&)\s|,", m.name or ""))


def _surname(name: str) -> str:
    return re.sub(r"[’']s$", "", name.split()[-1]).lower()


# unnamed groups that "he" or "she" never refers to
_GROUP_HEADS = frozenset({"people", "percent", "half", "third", "quarter", "majority", "family", "share"})


def _one_unnamed_person(sp: Speaker, m: Mention) -> bool:
    """"A reporter for the paper", "the woman": one person without a name,
    whom a following "he" or "she" can mean."""
    return sp.kind in ("person", "anonymous") and not m.plural and not m.name \
        and m.head not in _GROUP_HEADS \
        and (singular(m.head) in L.PERSON_NOUNS or singular(m.head) in L.ANONYMOUS_NOUNS)


def _bucket(name: str) -> str:
    """Surname prefix: names that can be the same person share it."""
    return split_name(name)[0][:4]


class _Resolver:
    def __init__(self, doc: Doc, raws: list[RawAttribution]) -> None:
        self.doc = doc
        self.raws = raws
        # every speaker-like sentence subject, as (position, mention); used
        # for "he" after "Khamenei struck a cautious tone." and to find the
        # full form of "Yoon" in "Yoon called ..."
        self.subjects: list[tuple[int, Mention]] = []
        for s in doc.sentences:
            m = main_subject(doc, s)
            o = opening_subject(doc, s)  # "The day before, at a rally, Mr. Trump was ..."
            if o is not None and (m is None or m.end <= o.start):
                m = o
            if m is not None and m.kind != "pronoun":
                self.subjects.append((m.start, m))
        self.named: list[tuple[int, Mention]] = sorted(
            [(r.mention.start, r.mention) for r in raws if r.mention.name]
            + [(p, m) for p, m in self.subjects if m.name], key=lambda x: x[0])
        self.resolved: list[tuple[int, Speaker, Mention]] = []  # in text order
        self.surnames = surname_genders(doc.text)
        self.subject_pos = [p for p, _ in self.subjects]
        # the quotations, by start: a name inside one is not what a "she said" outside it refers to
        self.quote_spans = sorted((q.start, q.end) for q in doc.quotes)
        self.quote_starts = [a for a, _ in self.quote_spans]
        self.sentence_starts = [s.start for s in doc.sentences]
        # the content of the attribution being resolved: its own subjects are no antecedents
        # ("Crops are withering in the Marshall Islands, he noted")
        self.content: tuple[int, int] = (0, 0)
        # indexes, so that a long document is not compared name by name
        self.persons: dict[str, list[Mention]] = defaultdict(list)  # by surname bucket
        self.strong_kind: dict[str, str] = {}
        for _, o in self.named:
            if o.kind == "person" and o.name and not _several(o):
                self.persons[_bucket(o.name)].append(o)
            if not o.weak_kind and o.name:
                self.strong_kind.setdefault(o.name, o.kind)
                if o.kind != "person":
                    self.strong_kind.setdefault(o.name.split()[-1], o.kind)

    # -- named speakers -------------------------------------------------
    def _kind_of_name(self, m: Mention) -> str:
        if not m.weak_kind or not m.name:
            return m.kind
        return self.strong_kind.get(m.name, m.kind)

    def _full_person(self, m: Mention) -> tuple[str, str | None]:
        """Fullest form of a person's name in the document, and a role."""
        best, role = m.name or m.text, m.role
        candidates = self.persons.get(_bucket(best), [])
        before = [o for o in candidates if o.start < m.start]
        after = [o for o in candidates if o.start >= m.start]
        for o in list(reversed(before)) + after:
            if o.name and same_person(o.name, best):
                longer = len(o.name.split()) > len(best.split())
                if longer or (_latin_share(o.name) > _latin_share(best)):
                    best = o.name
                role = role or o.role
                if longer and o.start < m.start:
                    break
        for alias in m.aliases:
            if _latin_share(best) < 0.5 and _latin_share(alias) > 0.5:
                best = alias
        return best, role

    # -- references -----------------------------------------------------
    def _last(self, pos: int, pred: Callable[[Speaker, Mention], bool]) -> tuple[Speaker, Mention] | None:
        for p, sp, m in reversed(self.resolved):
            if p < pos and pred(sp, m):
                return sp, m
        return None

    def gender(self, sp: Speaker, m: Mention | None = None) -> str | None:
        """"m", "f" or None: what the role, title or first name of a person
        gives away, or what the text says of their surname elsewhere ("Mr.
        Kamin", "Hillary Clinton")."""
        g = words_gender(sp.role) or (words_gender(m.text) if m else None) or name_gender(sp.name)
        if g is None and sp.name:
            g = self.surnames.get(_surname(sp.name))
        return g

    def _fits(self, sp: Speaker, m: Mention | None, want: str | None) -> bool:
        if want is None:
            return True
        g = self.gender(sp, m)
        return g is None or g == want

    def _quoted(self, pos: int) -> bool:
        """``pos`` is inside a quotation."""
        k = bisect.bisect_right(self.quote_starts, pos) - 1
        return k >= 0 and pos < self.quote_spans[k][1]

    def _sentence_of(self, pos: int) -> int:
        return bisect.bisect_right(self.sentence_starts, pos) - 1

    def _last_person(self, pos: int, want: str | None = None) -> Speaker | None:
        """The person "he" or "she" at ``pos`` refers to: the most recent
        single named person (or unnamed one: "the woman") among speakers and
        sentence subjects whose gender does not contradict the pronoun's;
        but a person of the pronoun's gender named anywhere after a
        candidate of unknown gender ("with Hillary Clinton lambasting
        Trump’s plan ... she said") is nearer."""
        found = self._last_subject_person(pos, want)
        if want is None:
            return found[1] if found else None
        if found is not None and self.gender(found[1]) == want:
            return found[1]
        named = self._named_before(pos, want, found[0] if found else max(0, pos - 2000))
        if named is not None and found is not None and self._spoke_just_before(found[0], pos) \
                and self._sentence_of(named[0]) == self._sentence_of(found[0]):
            # "“…,” Obama said after meeting with President Vladimir Putin. He didn't ...": the
            # speaker of the sentence before, not a man named after him in the same sentence
            return found[1]
        if named is not None:
            return named[1]
        return found[1] if found else None

    def _spoke_just_before(self, at: int, pos: int) -> bool:
        """The candidate mentioned at ``at`` is the speaker of an attribution
        in the sentence just before the pronoun at ``pos``, or earlier in its
        own sentence."""
        if not any(p == at for p, _sp, _m in self.resolved):
            return False
        return 0 <= self._sentence_of(pos) - self._sentence_of(at) <= 1

    def _last_subject_person(self, pos: int, want: str | None) -> tuple[int, Speaker] | None:
        best_pos, best = -1, None
        hit = self._last(pos, lambda sp, m: m.kind != "pronoun" and not _several(m) and (
            (sp.kind == "person" and bool(m.name)) or _one_unnamed_person(sp, m)) and self._fits(sp, m, want))
        if hit:
            for p, _sp, m in reversed(self.resolved):
                if m is hit[1]:
                    best_pos, best = p, hit[0]
                    break
        k = bisect.bisect_left(self.subject_pos, pos) - 1
        while k >= 0 and self.subject_pos[k] > best_pos:
            m = self.subjects[k][1]
            if self.content[0] <= self.subject_pos[k] < self.content[1] or self._quoted(self.subject_pos[k]):
                k -= 1
                continue
            if m.kind == "person" and m.name and not _several(m):
                name, role = self._full_person(m)
                sp = Speaker(name, role, "person")
                if self._fits(sp, m, want):
                    return self.subject_pos[k], sp
            k -= 1
        return (best_pos, best) if best is not None else None

    def _named_before(self, pos: int, want: str, lo: int) -> tuple[int, Speaker] | None:
        """The last person of gender ``want`` named between ``lo`` and
        ``pos`` ("Mr. Trump's RT appearance, in which he said"): for a
        pronoun whose referent neither spoke nor was a sentence subject.
        Of several in the nearest sentence that names one, the first: a
        sentence names its subject before its objects ("John Dickey, who
        makes Mr. King's programme, told me ...")."""
        best: re.Match[str] | None = None
        for mt in reversed(list(_NAME_RE.finditer(self.doc.text, lo, pos))):
            if best is not None and self._sentence_of(mt.start()) != self._sentence_of(best.start()):
                break
            if self._quoted(mt.start()):
                continue  # “…, go vote for Hillary,” she said: not Hillary
            g = self._name_gender(mt)[1]
            if g == want:
                best = mt
        if best is None:
            return None
        at, name = self._name_gender(best)[0], best.group(2)
        name = name[at - best.start(2):]
        full, role = self._full_person(Mention(at, best.end(2), name, name, None, "person", _surname(name)))
        return at, Speaker(full, role, "person")

    def _name_gender(self, mt: re.Match[str]) -> tuple[int, str | None]:
        """Where the personal name in a run of capitalised words starts, and
        its gender: "House Speaker Paul Ryan" is Paul Ryan, a man; a title
        before the run tells it too ("Mr. Kamin")."""
        title, run = mt.group(1), mt.group(2)
        if title:
            return mt.start(2), words_gender(title)
        words = list(re.finditer(r"\S+", run))
        for w in words[:-1]:
            g = first_name_gender(w.group())
            if g is not None:
                return mt.start(2) + w.start(), g
        last = words[-1]
        return mt.start(2) + last.start(), self.surnames.get(_surname(last.group()))

    def _last_group(self, pos: int) -> Speaker | None:
        """What "they" at ``pos`` refers to: the most recent plural speaker
        or sentence subject that can speak ("Senate Democrats blocked the bill
        because they said ...", "Analysts ... Its successes, they said"), an
        organisation only when no such group was named in the sentences just
        before ("The campaign began last year" is not "they")."""
        spoke: tuple[int, Speaker, bool] | None = None  # the last plural or organisation speaker
        for p, sp, o in reversed(self.resolved):
            if p < pos and (o.plural or sp.kind == "organisation"):
                spoke = (p, sp, o.plural)
                break
        found: list[tuple[int, Speaker, bool]] = []  # subjects after it, nearest first
        k = bisect.bisect_left(self.subject_pos, pos) - 1
        while k >= 0 and self.subject_pos[k] > (spoke[0] if spoke else -1):
            m = self.subjects[k][1]
            at = self.subject_pos[k]
            k -= 1
            if self._quoted(at) or self.content[0] <= at < self.content[1]:
                continue
            if m.plural or (m.kind == "organisation" and not m.weak_kind):
                kind = "anonymous" if m.kind == "anonymous" else m.kind
                found.append((at, Speaker(m.text if kind == "anonymous" else (m.name or m.text), m.role, kind),
                              m.plural))
                if m.plural:
                    break
        if spoke is not None:
            found.append(spoke)
        if not found:
            return None
        here = self._sentence_of(pos)
        for at, sp, plural in found:
            if plural and here - self._sentence_of(at) <= 3:
                return sp
        return found[0][1]

    def _definite(self, m: Mention, pos: int) -> Speaker | None:
        """"the official", "the company", "the Kremlin spokesman": the most
        recent speaker it can refer to."""
        head = m.head
        hit = self._last(pos, lambda sp, o: o.head == head and o is not m and o.plural == m.plural and (
            o.kind == m.kind or {o.kind, m.kind} <= {"person", "anonymous"}))
        if hit:
            return hit[0]
        if m.kind == "person" and m.role:
            role = m.role.lower()
            hit = self._last(pos, lambda sp, o: sp.kind == "person" and bool(sp.role) and (
                fuzz.token_set_ratio(role, (sp.role or "").lower()) >= 90))
            return hit[0] if hit else None
        if m.kind == "organisation" and head in _COMPANY_HEADS:
            hit = self._last(pos, lambda sp, o: sp.kind == "organisation" and (
                o.head in _COMPANY_HEADS or (o.role is not None and singular(o.role.split()[-1]) in _COMPANY_HEADS)
                or (bool(o.name) and len((o.name or "").split()) == 1)))
            if hit:
                return hit[0]
        return None

    def _generic(self, m: Mention) -> bool:
        """A definite description without a proper name of its own."""
        if not m.definite:
            return False
        if not m.name:
            return True
        words = [w for w in m.name.replace("’s", "").split() if w.lower() not in L.DEMONYMS]
        return all(singular(w.lower()) in L.ORG_NOUNS for w in words)

    def resolve(self, r: RawAttribution) -> Speaker | None:
        m, pos = r.mention, r.mention.start
        self.content = r.content
        if m.kind == "pronoun":
            if m.pronoun in ("i", "we"):
                return Speaker(AUTHOR, None, "person")  # first person outside quotations
            if m.pronoun in ("he", "she"):
                want = MALE if m.pronoun == "he" else FEMALE
                # with no one of the pronoun's gender in sight, the last person
                return self._last_person(pos, want) or self._last_person(pos)
            if m.pronoun == "they":
                return self._last_group(pos)
            hit = self._last(pos, lambda sp, o: sp.kind in ("organisation", "outlet"))
            return hit[0] if hit else None
        if m.pronoun in ("his", "her", "its", "their"):
            owner = self._last_person(pos, MALE if m.pronoun == "his" else FEMALE) \
                if m.pronoun in ("his", "her") else None
            if owner is None:
                return Speaker(m.text, None, m.kind)
            return Speaker(f"{m.head} of {owner.name}", None, "organisation")
        if m.pronoun == "they":  # "one of them"
            hit = self._last(pos, lambda sp, o: sp.kind == "anonymous" and o.plural)
            return hit[0] if hit else Speaker(m.text, None, "anonymous")
        if self._generic(m):
            sp = self._definite(m, pos)
            if sp is not None:
                return sp
        kind = self._kind_of_name(m) if m.name else m.kind
        if r.kind_hint == "organisation" and m.weak_kind:
            kind = "organisation"
        if kind == "person" and m.name:
            name, role = self._full_person(m)
            return Speaker(name, m.role or role, "person")
        if kind == "person":  # a role without a name
            return Speaker(m.text, m.role, "person")
        if m.name and m.role:  # "state news agency KCNA": the name, with its role
            return Speaker(m.name, m.role, kind)
        return Speaker(m.text, m.role, kind)

    def run(self) -> list[Attribution]:
        out: list[Attribution] = []
        prev: Speaker | None = None
        for r in self.raws:
            sp = prev if r.continuation else self.resolve(r)
            if sp is None:
                continue
            self.resolved.append((r.mention.start, sp, r.mention))
            prev = sp
            made = self._make(r, sp)
            if made.quote.strip().casefold() not in L.VERB_FORMS:  # "report says": nothing said but a verb
                out.append(made)
        return _merge_nested(out)

    def _make(self, r: RawAttribution, sp: Speaker) -> Attribution:
        text = self.doc.text
        qs, qe = r.content
        while qs < qe and text[qs] in _STRIP_QUOTE:
            qs += 1
        while qe > qs and text[qe - 1] in _STRIP_QUOTE + ("." if r.direct else ""):
            qe -= 1
        qs, stance = self._qualified(r, qs, qe)
        s, e = r.span
        m = r.mention
        return Attribution(
            start=s, end=e, text=text[s:e], speaker=sp.name, speaker_role=sp.role,
            speaker_kind=sp.kind, verb=r.verb, quote=text[qs:qe], quote_start=qs, quote_end=qe,
            stance_hint=stance, date=r.date, via=r.via,
            speaker_start=-1 if r.continuation else m.start,
            speaker_end=-1 if r.continuation else m.end)


    def _qualified(self, r: RawAttribution, qs: int, qe: int) -> tuple[int, str | None]:
        """Where the quote starts and the stance hint, with the statement's
        negation, modality and hedges kept in it.

        For a paraphrase after its verb, the words between the subject and the
        content that change what is asserted ("has not yet observed", "could
        not confirm", "reportedly", a verb of denial) start the quote, so that
        "the BBC has not yet observed any signs of such a unit" is never
        offered as "BBC: any signs of such a unit". The stance follows the
        whole statement: a denial contradicts, "did not deny" or "could not
        confirm" hints nothing, and a negated verb of finding out ("has not
        observed", "could not verify") contradicts.
        """
        base = L.REPORTING_VERBS.get(r.lemma)
        if r.negated:
            stance = L.CONTRADICTS if r.lemma in _OBSERVATION_VERBS else None
        else:
            stance = base
        if r.direct or r.continuation or qs <= r.verb_start:
            return qs, stance
        toks = self.doc.sentences[r.sent].tokens
        vi = next((k for k, t in enumerate(toks) if t.start == r.verb_start), None)
        if vi is None:
            return qs, stance
        g = vi
        qualified = r.negated or base == L.CONTRADICTS
        while g > 0:
            t = toks[g - 1]
            low = t.low
            if t.quote >= 0 or t.start < r.mention.end:
                break
            if negated_auxiliary(low):  # "doesn’t believe"
                qualified = True
            elif low == "to" and g >= 2 and toks[g - 2].quote < 0 and (
                    toks[g - 2].low in L.NEGATING_CONTROL or toks[g - 2].low in L.NEUTRAL_CONTROL):
                # "declined to say", "refused to confirm", "tried to deny"
                qualified = qualified or toks[g - 2].low in L.NEGATING_CONTROL
                g -= 1
            elif low in L.AUXILIARIES or low in L.NEGATIONS or low in _HEDGE_ADVERBS:
                qualified = qualified or low in _MODALS or low in L.NEGATIONS or low in _HEDGE_ADVERBS
            elif not (low.endswith("ly") and len(low) > 4 and t.text[:1].islower()) and low not in L.SKIP_ADVERBS:
                break
            g -= 1
        if not qualified:
            return qs, stance
        return toks[g].start, stance


def _merge_nested(attrs: list[Attribution]) -> list[Attribution]:
    """Drop an attribution inside another one by the same speaker ("praised
    what it called ..."): it is part of the same statement."""
    keep: list[Attribution] = []
    for a in sorted(attrs, key=lambda x: (x.start, -x.end)):
        # only the last few can contain it: attributions are short and sorted
        outer = next((n for n in range(len(keep) - 1, max(-1, len(keep) - 6), -1)
                      if keep[n].start <= a.start and a.end <= keep[n].end
                      and keep[n].quote_start <= a.quote_start and a.quote_end <= keep[n].quote_end
                      and keep[n].speaker == a.speaker), None)
        if outer is not None:
            if keep[outer].stance_hint is None and a.stance_hint is not None:
                keep[outer] = replace(keep[outer], stance_hint=a.stance_hint)
            continue
        keep.append(a)
    return keep


def resolve_attributions(doc: Doc) -> list[Attribution]:
    return _Resolver(doc, raw_attributions(doc)).run()
