"""Text plumbing for the claim assistant: sentences, tokens, quotes, dates.

Everything here keeps exact code-point offsets into the original text, because
suggestions become anchored claims and evidence: an offset that is off by one
character would anchor a claim to the wrong words.

Sentence boundaries come from pysbd (rule based, offline, handles "U.S." and
"Adm.") for every paragraph where a full stop might not end a sentence (an
abbreviation, an initial, an ellipsis). Other paragraphs, most of wire copy,
are split by the one rule pysbd would apply there (a stop, question or
exclamation mark, closing quotes, a space, a capital), because pysbd costs
30-50 ms per 1,000 words on its own, the whole time budget of the assistant;
``tests/test_assist.py`` checks that both give the same sentences. Two
repairs follow, because a quotation is the unit an attribution is about: a
sentence split inside a quotation is joined again, and a piece that starts
in lower case ("he said" after a quoted question) is joined to the sentence
before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pysbd

# Opening mark -> closing mark. Straight quotes toggle.
_PAIRS = {"“": "”", "«": "»", "„": "“", "‹": "›"}
_ABBREV = (
    "Adm|Gen|Lt|Col|Dr|Mr|Mrs|Ms|Sgt|Rep|Sen|Gov|Maj|Capt|Prof|St|Jr|Sr|Cmdr|Brig|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec|No|Mt|Ft|Rev|Gens|Sens|Reps"
)
_TOKEN_RE = re.compile(
    r"(?:[A-Z]\.){2,}"  # U.S., U.K.
    rf"|(?:{_ABBREV})\.(?=\s)"  # title and month abbreviations keep their dot
    r"|(?<![\w.])[A-Z]\.(?=\s[A-Z][a-z])"  # a middle initial: Mark S. Kirk
    r"|\d+(?:[.,:]\d+)*(?:%|st|nd|rd|th)?"  # 3,000  1.9  75%  9th
    r"|[^\W\d_](?:\w|[’'](?=[^\W\d_])|[-‐‑](?=\w))*"  # words, Russia’s, al-Ansari
    r"|\S"  # any other single character (punctuation, quote marks)
)
QUOTE_CHARS = frozenset("“”\"«»„‹›‘’")


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation: ``start`` is the opening mark, ``end`` is just after the
    closing mark (or the paragraph end if the quote runs on, as wire copy
    does when a quote continues into the next paragraph)."""

    start: int
    end: int
    inner_start: int
    inner_end: int


@dataclass(slots=True)
class Token:
    text: str
    start: int
    end: int
    low: str
    quote: int  # index into the document's quote list, or -1 outside quotes

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum()


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    text: str
    paragraph: int
    tokens: list[Token]
    headline: bool  # a line without final punctuation (title, caption)


def trim_end(toks: list[Token], a: int, e: int, marks: str) -> int:
    """``e`` moved back over the unquoted punctuation in ``marks`` that ends ``toks[a:e]``: a
    statement's span stops before its sentence's closing stop or the comma before its speaker, but
    keeps a stop inside its own quotation."""
    while e > a and toks[e - 1].quote < 0 and toks[e - 1].text in marks:
        e -= 1
    return e


def is_caseless_script(ch: str) -> bool:
    """Hangul, CJK, Arabic, Hebrew: scripts where a name has no capital."""
    o = ord(ch)
    return (
        0xAC00 <= o <= 0xD7A3
        or 0x1100 <= o <= 0x11FF
        or 0x3130 <= o <= 0x318F
        or 0x4E00 <= o <= 0x9FFF
        or 0x0590 <= o <= 0x06FF
    )


def is_cap(word: str) -> bool:
    """True for a word that can start a proper name (capital or caseless)."""
    ch = word[0]
    return ch.isupper() or is_caseless_script(ch)


# the word after a closing mark that shows it closes a statement: "…," she said
_TAG_WORDS = [[w] for w in ("he", "she", "they", "said", "says", "added", "adds", "wrote", "told")]


def find_quotes(text: str, lo: int, hi: int) -> list[Quote]:
    """Quotations in ``text[lo:hi]`` (one paragraph), curly or straight.

    Single quotes are taken only in the British ‘…’ form and only where the
    opening mark follows a space, so apostrophes ("Russia’s") never open one.
    """
    quotes: list[Quote] = []
    i = lo
    while i < hi:
        ch = text[i]
        close: str | None = None
        if ch == "'" and text.startswith("''", i) and (i == lo or not text[i - 1].isalnum()):
            # two apostrophes as a double quotation mark (typewritten copy and
            # newspaper archives): ''We will not,'' she said.
            j = text.find("''", i + 2, hi)
            if j < 0:
                quotes.append(Quote(i, hi, i + 2, hi))
                break
            quotes.append(Quote(i, j + 2, i + 2, j))
            i = j + 2
            continue
        if ch in _PAIRS:
            close = _PAIRS[ch]
        elif ch == '"':
            close = '"'
        elif ch == "‘" and (i == lo or not text[i - 1].isalnum()):
            close = "’"
        if close is None:
            i += 1
            continue
        j = i + 1
        while j < hi:
            c = text[j]
            if c == close and (close != "’" or j + 1 >= hi or not text[j + 1].isalpha()):
                break
            if (close == '"' and c == "”") or (close == "”" and c == "“" and text[j - 1] in ",.?!" and (
                    j + 1 >= hi or text[j + 1].isspace())) or (
                    close == "”" and c == '"' and text[j - 1] in ",?!"
                    and text[j + 1 : j + 12].split(" ", 2)[1:2] in _TAG_WORDS):
                # mixed marks in wire copy: "We will not,” she said; “We will not,“ she said;
                # “We will not," she said
                break
            if close != "’" and c in "\n":
                break
            j += 1
        if close == "’" and j >= hi:
            i += 1  # an unmatched ‘ is a stray mark, not a quotation
            continue
        if j < hi and (text[j] == close or text[j] in '”“"' and close in '"”'):
            quotes.append(Quote(i, j + 1, i + 1, j))
            i = j + 1
        else:
            quotes.append(Quote(i, hi, i + 1, hi))
            i = hi
    return quotes


def tokenize(text: str, lo: int, hi: int, quotes: list[Quote], qbase: int = 0) -> list[Token]:
    """Tokens of ``text[lo:hi]``; ``quote`` is the index of the enclosing
    quotation (counting from ``qbase``) or -1. Quote marks belong to their
    quotation."""
    out: list[Token] = []
    qi = 0
    for m in _TOKEN_RE.finditer(text, lo, hi):
        s, e = m.start(), m.end()
        while qi < len(quotes) and quotes[qi].end <= s:
            qi += 1
        q = -1
        if qi < len(quotes) and quotes[qi].start <= s < quotes[qi].end:
            q = qbase + qi
        w = m.group()
        out.append(Token(w, s, e, w.lower(), q))
    return out


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False)


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in re.finditer(r"[^\n]+", text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            spans.append((s, e))
    return spans


_ABBREV_WORDS = _ABBREV + (
    "|Inc|Ltd|Co|Corp|vs|etc|approx|Ave|Blvd|Dept|Univ|Est|Fig|Pres|Op|Art|Sec|Vol|pp|p|"
    "e\\.g|i\\.e|al|cf|ca|Lt\\.Col|Rt|Hon|Messrs|Mme|Mlle|Gen|Col")
# a paragraph where a stop may belong to an abbreviation, an initial or an ellipsis
_AMBIGUOUS_RE = re.compile(
    rf"(?<![\w.])(?:{_ABBREV_WORDS})\.|(?<![\w.])[A-Z]\.|\b(?:[A-Za-z]\.){{2,}}|\.\.|…|\.[a-z]")
_BOUNDARY_RE = re.compile(r"[.!?]+(?:''|[\"”’»)\]])*(?=\s+(?:''|[\"“‘«(\[])?[^\W\d_a-z]|\s+\d)")


def _fast_spans(text: str, lo: int, hi: int, quotes: list[Quote]) -> list[tuple[int, int]] | None:
    """Sentences of a paragraph without ambiguous stops; None if it has any.
    Like pysbd, it does not split inside a quotation."""
    if _AMBIGUOUS_RE.search(text, lo, hi):
        return None
    spans = []
    s = lo
    for m in _BOUNDARY_RE.finditer(text, lo, hi):
        e = m.end()
        if any(q.start < e < q.end for q in quotes):
            continue
        spans.append((s, e))
        s = e
        while s < hi and text[s].isspace():
            s += 1
    if s < hi:
        spans.append((s, hi))
    return spans


def _pysbd_spans(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    chunk = text[lo:hi]
    spans: list[tuple[int, int]] = []
    cursor = 0
    for piece in _segmenter().segment(chunk):
        piece = piece.strip()
        if not piece:
            continue
        at = chunk.find(piece, cursor)
        if at < 0:  # pysbd altered the text: keep the rest as one sentence
            spans.append((lo + cursor, hi))
            return spans
        spans.append((lo + at, lo + at + len(piece)))
        cursor = at + len(piece)
    return spans


def segment(text: str) -> tuple[list[Sentence], list[Quote]]:
    """Sentences (with their tokens) and all quotations of ``text``."""
    sentences: list[Sentence] = []
    all_quotes: list[Quote] = []
    for pno, (plo, phi) in enumerate(_paragraphs(text)):
        quotes = find_quotes(text, plo, phi)
        spans = (_fast_spans(text, plo, phi, quotes) or _pysbd_spans(text, plo, phi)) if phi - plo > 1 else [(plo, phi)]
        merged: list[list[int]] = []
        for s, e in spans:
            if merged and (_inside_quote(quotes, s) or text[s].islower() or text[s] in ",;"
                           or _tag_after_question(text, merged[-1][1], s, e)):
                merged[-1][1] = e
            else:
                merged.append([s, e])
        base = len(all_quotes)
        all_quotes.extend(quotes)
        for s, e in merged:
            toks = tokenize(text, s, e, quotes, base)
            last = text[e - 1]
            headline = last not in ".!?”\"’:;»)" and len(merged) == 1
            sentences.append(Sentence(s, e, text[s:e], pno, toks, headline))
    return sentences, all_quotes


_QUESTION_END_RE = re.compile(r"[?!](?:''|[\"”’])$")
_SPEECH_TAG_RE = re.compile(
    r"(?:[A-Z][\w.'’-]*\s+){1,4}(?:asked|asks|said|says|added|adds|wondered|replied|shouted|yelled|"
    r"told|wrote|tweeted|responded|continued|exclaimed|demanded|cried|joked|quipped)\b")


def _tag_after_question(text: str, prev_end: int, s: int, e: int) -> bool:
    """A quoted question or exclamation followed by its speaker ("“Any
    questions?” Sanders asked."): one sentence, though the mark ends one."""
    return bool(_QUESTION_END_RE.search(text, max(0, prev_end - 3), prev_end)) \
        and _SPEECH_TAG_RE.match(text, s, e) is not None


def _inside_quote(quotes: list[Quote], pos: int) -> bool:
    for q in quotes:
        if q.start < pos < q.end:
            return True
        if q.start >= pos:
            break
    return False


_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
    "april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
    "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9, "october": 10,
    "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_M = (r"(January|February|March|April|May|June|July|August|September|October|November|December"
      r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?")
_DATE_RE = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_M},?\s+(\d{{4}})\b"  # 9 October 2024
    rf"|\b{_M}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b"  # October 9, 2024
    r"|\b(\d{4})-(\d{2})-(\d{2})\b"  # 2024-10-09
)


def find_dates(text: str, lo: int, hi: int) -> list[tuple[int, int, str]]:
    """Full calendar dates (day, month and year) in ``text[lo:hi]`` as ISO.

    A bare weekday or a month without a year is not turned into a date: the
    assistant does not know the publication date and would have to guess.
    """
    out = []
    for m in _DATE_RE.finditer(text, lo, hi):
        g = m.groups()
        try:
            if g[0]:
                d, mo, y = int(g[0]), _MONTHS[g[1].lower()], int(g[2])
            elif g[3]:
                mo, d, y = _MONTHS[g[3].lower()], int(g[4]), int(g[5])
            else:
                y, mo, d = int(g[6]), int(g[7]), int(g[8])
        except (KeyError, TypeError):
            continue
        if 1 <= mo <= 12 and 1 <= d <= 31 and 1000 <= y <= 2999:
            out.append((m.start(), m.end(), f"{y:04d}-{mo:02d}-{d:02d}"))
    return out


@dataclass(slots=True)
class Doc:
    """A text analysed once and shared by the attribution and claim rules."""

    text: str
    sentences: list[Sentence]
    quotes: list[Quote]
    common_words: frozenset[str]  # words the text also writes in lower case


def analyse(text: str) -> Doc:
    sentences, quotes = segment(text)
    common = frozenset(t.text for s in sentences for t in s.tokens if t.text[:1].islower())
    return Doc(text, sentences, quotes, common)
