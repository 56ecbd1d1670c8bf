"""Which text encoding a file is in, decided by whether the result can be right.

A fact-checker's quote search is only as good as the decoding of the document:
"Lefèvre" stored as "Lefčvre" is a quote nobody will ever find again, and the
error is silent. Statistical guessers (charset-normalizer and friends) pick
*some* code page for a short text and happily return Central European for a
French name. So the rule here is different: **never store a guess that cannot
be right**.

Order of evidence, strongest first:

1. A byte-order mark names the encoding; the bytes must then decode strictly.
2. An encoding the file declares (HTML ``<meta charset>``); labels that browsers
   treat as Windows-1252 (``iso-8859-1``, ``ascii``) are read as Windows-1252,
   as the WHATWG Encoding Standard requires.
3. UTF-16 without a mark (Windows tools write it): tried first when the file
   has NUL bytes (only UTF-16/32 text has them), and for NUL-free files that
   are not UTF-8 and have almost no space or newline bytes (pure CJK text in
   UTF-16 has no ASCII at all). The decoding must be *plausible text*: no NUL
   characters, unassigned, private-use or surrogate code points, and its
   letters from a few scripts (wrong-endian or binary data scatters over
   dozens).
4. Strict UTF-8. Valid multi-byte UTF-8 practically never happens by accident.
5. UTF-8 with a few stray Windows-1252 bytes (text pasted from a Windows
   program into a UTF-8 file): when valid multi-byte sequences are at least as
   many as the invalid bytes, each invalid byte is read as Windows-1252 and the
   result is accepted if those characters fit where they stand (curly quotes,
   dashes, accented letters in words). We decode rather than refuse because the
   UTF-8 part is certain, the stray bytes are nearly always punctuation, and
   refusing would leave the user with no way to import a file every editor
   opens; ``Decoded.repaired`` says how many bytes were read that way.
6. A single-byte code page: Windows-1252 (Western), Windows-1250 and
   ISO-8859-2 (Central European), Windows-1251, KOI8-R and KOI8-U (Cyrillic).
   Each reading is scored by letter plausibility: a non-ASCII character is
   *implausible* when it is a control or unassigned character, a symbol
   standing inside a word ("Za¿ó³æ"), a capital after a small letter in the
   same word ("LefĶvre"), a letter of another script than its word, or a
   letter that the best-fitting language of its script does not use ("ń" and
   "ú" together fit no language: "Seńor Núńez" is Spanish misread). The
   reading with the fewest implausible characters wins. On a tie, Cyrillic
   readings are compared by letter frequencies (KOI8 and Windows-1251 are
   permutations of the same letters) and Latin readings prefer Windows-1252:
   "Lefèvre" and "Lefčvre" are both possible words, and Western text is what
   the users mostly receive, so Central European is chosen only when the text
   really needs it (ő, ř, ą, ş …). If even the best reading has more than a
   fifth of its non-ASCII characters implausible, we refuse instead of
   guessing.
"""

from __future__ import annotations

import codecs
import functools
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

#: Single-byte code pages tried, in order of preference on a tie.
CODE_PAGES: tuple[str, ...] = ("cp1252", "cp1250", "iso8859_2", "cp1251", "koi8_r", "koi8_u")

#: Above this share of implausible non-ASCII characters no reading is accepted.
MAX_IMPLAUSIBLE = 0.2

_WEB_LATIN1_LABELS = {"iso8859-1", "ascii"}  # codecs.lookup names

#: Non-ASCII letters (lower case) each Latin-script language uses.
_LATIN_LANGUAGES: dict[str, str] = {
    "French": "àâæçéèêëîïôœùûüÿ",
    "German": "äöüß",
    "Spanish": "áéíñóúü",
    "Portuguese": "áâãàçéêíóôõú",
    "Italian": "àèéìíîòóùú",
    "Catalan": "àçèéíïòóúü",
    "Dutch": "áàéèëïóöü",
    "Danish/Norwegian": "æøåéó",
    "Swedish/Finnish": "åäöéšž",
    "Icelandic": "áðéíóúýþæö",
    "Polish": "ąćęłńóśźż",
    "Czech": "áčďéěíňóřšťúůýž",
    "Slovak": "áäčďéíĺľňóôŕšťúýž",
    "Hungarian": "áéíóöőúüű",
    "Romanian": "ăâîșşțţ",
    "Croatian/Slovene": "čćđšž",
    "Albanian": "çë",
}

#: Cyrillic alphabets, most frequent letter first (frequency ranks, approximate).
_CYRILLIC_LANGUAGES: dict[str, str] = {
    "Russian": "оеаинтсрвлкмдпуяызьбгчйхжюшцщэфъё",
    "Ukrainian": "оаніивтерсклудмпязьгбчхцжїйшюєщфґ",
    "Bulgarian": "аоеинтрсвлкдпмзъуябгчжйхцшщфюь",
    "Belarusian": "аоенірстлвкдмуйпыяўзбьгчшхжцэюфё",
    "Serbian": "аиоенртсјвдклупмзгбчшцћжхњђљфџ",
    "Macedonian": "аеоинтрсвдклпумзјгбчшцњжхѓќљџфѕ",
}
#: Log-probability drop per frequency rank; Russian's о (11%) to ё (0.04%) is about 0.17.
_RANK_DECAY = 0.17
_UNUSED_LETTER = -8.0

#: Non-letters that ordinary text contains outside words.
_COMMON_SYMBOLS = set(
    "\u00a0\u00ad“”‘’„‚‹›«»–—‐‑…•·°€£¥¢§¶©®™¡¿×÷±¼½¾¹²³µ†‡‰′″№"
)
#: Non-letters that may stand inside a word.
_INSIDE_WORD = set("’'·\u00ad‐‑-")
#: Symbols that touch words only in mojibake ("£ód¼"), except the few listed after.
_SYMBOL_CATEGORIES = {"Sc", "Sm", "So", "Sk", "No"}
_BESIDE_WORDS = set("°™®©№")
#: Letters Unicode calls letters but text uses as symbols (ordinal indicators).
_NOT_LETTERS = set("ªº")


@dataclass(frozen=True)
class Decoded:
    """Text and the encoding it was read in (``utf-8+cp1252`` for repaired UTF-8)."""

    text: str
    encoding: str
    #: Bytes of a UTF-8 file that were invalid and read as Windows-1252.
    repaired: int = 0


class UndecodableText(ValueError):
    """No reading of the bytes can be right; ``reason`` says why, for the user."""

    def __init__(self, reason: str, binary: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.binary = binary


BINARY = "binary content"
UNKNOWN_ENCODING = (
    "unknown text encoding (not UTF-8 or UTF-16, and no Western, Central European or "
    "Cyrillic code page reads it as text); save it as UTF-8 and import it again"
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def bom_encoding(data: bytes) -> tuple[str, int] | None:
    """Encoding named by a byte-order mark, and the mark's length.

    UTF-32 LE is tested before UTF-16 LE because its mark starts with the
    UTF-16 LE mark.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, len(bom)
    return None


def _codec(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except (LookupError, TypeError):
        return None


@functools.lru_cache(maxsize=4096)
def _script(char: str) -> str:
    """The script of a letter, from its Unicode name ("LATIN", "CYRILLIC", "CJK" …)."""
    name = unicodedata.name(char, "")
    if not name:
        return "?"
    first = name.split(" ", 1)[0]
    if first in {"HIRAGANA", "KATAKANA", "KATAKANA-HIRAGANA", "CJK", "HALFWIDTH", "FULLWIDTH", "IDEOGRAPHIC"}:
        return "CJK"
    return first


_BAD_CATEGORIES = {"Cc", "Cn", "Co", "Cs"}


def plausible_utf16(text: str) -> bool:
    """Whether a UTF-16 decoding reads as text, not as wrong-endian or binary noise."""
    if not text or "\x00" in text:
        return False
    sample = text[:20000]
    bad = 0
    scripts: Counter[str] = Counter()
    for char in sample:
        category = unicodedata.category(char)
        if category in _BAD_CATEGORIES and char not in "\n\r\t\f":
            bad += 1
        elif category.startswith("L"):
            scripts[_script(char)] += 1
    if bad > 0.01 * len(sample):
        return False
    letters = sum(scripts.values())
    if letters == 0:
        return False
    top = sum(count for _, count in scripts.most_common(3))
    return top >= 0.95 * letters


def _utf16_reading(data: bytes) -> Decoded | None:
    if len(data) % 2:
        return None
    readings: list[Decoded] = []
    for name in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        if plausible_utf16(text):
            readings.append(Decoded(text, name))
    return readings[0] if len(readings) == 1 else None


@dataclass
class _Score:
    implausible: float
    scored: int
    cyrillic_loglik: float
    cyrillic_letters: int


def _is_letter(char: str) -> bool:
    return char.isalpha() and char not in _NOT_LETTERS


def _word_at(text: str, index: int) -> tuple[int, int]:
    """The run of letters around ``text[index]``."""
    start = index
    while start > 0 and _is_letter(text[start - 1]):
        start -= 1
    end = index + 1
    while end < len(text) and _is_letter(text[end]):
        end += 1
    return start, end


def score_reading(text: str, positions: list[int] | None = None) -> _Score:
    """How implausible the non-ASCII characters of a reading are (see module docstring).

    ``positions`` limits the judgement to some characters (the repaired bytes of
    a UTF-8 file); by default every non-ASCII character is judged.
    """
    if positions is None:
        positions = [i for i, char in enumerate(text) if char > "\x7f"]
    implausible = 0.0
    letters: dict[str, list[str]] = {"LATIN": [], "CYRILLIC": []}
    for i in positions:
        char = text[i]
        category = unicodedata.category(char)
        if category in _BAD_CATEGORIES:
            implausible += 1
            continue
        before = text[i - 1] if i > 0 else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if not _is_letter(char):
            if _is_letter(before) and _is_letter(after) and char not in _INSIDE_WORD:
                implausible += 1  # a symbol inside a word: "Za¿ó³æ"
            elif category in _SYMBOL_CATEGORIES and char not in _BESIDE_WORDS and (
                _is_letter(before) or _is_letter(after)
            ):
                implausible += 1  # a currency, maths or fraction sign touching a word: "£ód¼"
            elif char not in _COMMON_SYMBOLS and not category.startswith("Z") and category != "Mn":
                implausible += 1  # box drawing, ¤, ¦, ¬ …: not in running text
            continue
        script = _script(char)
        start, end = _word_at(text, i)
        if any(_script(c) != script for c in text[start:end]):
            implausible += 1  # "Prаvda" with a Cyrillic а
            continue
        if char.isupper() and _is_letter(before) and before.islower():
            implausible += 1  # "LefĶvre"
            continue
        others = [c for j, c in enumerate(text[start:end], start) if j != i and (c.isupper() or c.islower())]
        if char.islower() and len(others) >= 2 and all(c.isupper() for c in others):
            implausible += 1  # "CAFé"
            continue
        if script in letters:
            letters[script].append(char.lower())
    # letters a language of their script does not use
    latin = Counter(letters["LATIN"])
    if latin:
        covered = max(sum(n for c, n in latin.items() if c in alphabet) for alphabet in _LATIN_LANGUAGES.values())
        implausible += 0.5 * (sum(latin.values()) - covered)
    cyrillic = Counter(letters["CYRILLIC"])
    loglik = 0.0
    if cyrillic:
        best_cover, best_loglik = -1, -math.inf
        for alphabet in _CYRILLIC_LANGUAGES.values():
            cover = sum(n for c, n in cyrillic.items() if c in alphabet)
            lik = sum(
                n * (-_RANK_DECAY * alphabet.index(c) if c in alphabet else _UNUSED_LETTER)
                for c, n in cyrillic.items()
            )
            if (cover, lik) > (best_cover, best_loglik):
                best_cover, best_loglik = cover, lik
        implausible += 0.5 * (sum(cyrillic.values()) - best_cover)
        loglik = best_loglik
    return _Score(implausible, len(positions), loglik, sum(cyrillic.values()))


#: More stray bytes than this and the file is not "UTF-8 with a few stray bytes".
_MAX_REPAIRED = 1000
_HIGH_RUN = re.compile(rb"[\x80-\xff]+")


def _repaired_utf8(data: bytes) -> Decoded | None:
    """UTF-8 with a few stray Windows-1252 bytes, if the UTF-8 part dominates.

    Works run by run of non-ASCII bytes, so a file that is not UTF-8 at all is
    given up after its first :data:`_MAX_REPAIRED` invalid bytes.
    """
    pieces: list[str] = []
    positions: list[int] = []
    valid_multibyte = 0
    out = 0
    last = 0
    for run in _HIGH_RUN.finditer(data):
        head = data[last : run.start()].decode("ascii")
        pieces.append(head)
        out += len(head)
        last = run.end()
        raw = run.group()
        try:
            chars = raw.decode("utf-8")
            valid_multibyte += len(chars)
            pieces.append(chars)
            out += len(chars)
            continue
        except UnicodeDecodeError:
            pass
        while raw:
            try:
                chars = raw.decode("utf-8")
                raw = b""
            except UnicodeDecodeError as error:
                good = raw[: error.start].decode("utf-8")
                valid_multibyte += len(good)
                try:
                    stray = raw[error.start : error.end].decode("cp1252")
                except UnicodeDecodeError:
                    return None  # a byte Windows-1252 leaves undefined
                chars = good + stray
                positions.extend(range(out + len(good), out + len(chars)))
                raw = raw[error.end :]
            else:
                valid_multibyte += len(chars)
            pieces.append(chars)
            out += len(chars)
        if len(positions) > _MAX_REPAIRED:
            return None
    pieces.append(data[last:].decode("ascii"))
    if not positions or valid_multibyte < len(positions):
        return None
    text = "".join(pieces)
    score = score_reading(text, positions)
    if score.implausible > MAX_IMPLAUSIBLE * len(positions):
        return None
    return Decoded(text, "utf-8+cp1252", repaired=len(positions))


#: Bytes of a large file judged when choosing a code page: its start, middle and end.
_SAMPLE_BYTES = 8 * 1024


def _sample(data: bytes) -> bytes:
    if len(data) <= 3 * _SAMPLE_BYTES:
        return data
    middle = len(data) // 2
    return b"\n".join(
        (data[:_SAMPLE_BYTES], data[middle : middle + _SAMPLE_BYTES], data[-_SAMPLE_BYTES:])
    )


def _code_page_reading(data: bytes) -> tuple[Decoded, float]:
    """The most plausible single-byte reading and its implausible count, judged on a sample."""
    sample = _sample(data)
    ranked: list[tuple[tuple[float, float, int], str]] = []
    for rank, name in enumerate(CODE_PAGES):
        try:
            text = sample.decode(name)
        except UnicodeDecodeError:
            continue
        score = score_reading(text)
        if score.scored and score.implausible > MAX_IMPLAUSIBLE * score.scored:
            continue
        # Cyrillic readings with equal plausibility: more likely letters win.
        tie_break = -score.cyrillic_loglik / score.cyrillic_letters if score.cyrillic_letters else 0.0
        ranked.append(((round(score.implausible, 3), tie_break, rank), name))
    for key, name in sorted(ranked):
        try:
            return Decoded(data.decode(name), name), key[0]
        except UnicodeDecodeError:
            continue  # a byte outside the sample that this code page lacks
    raise UndecodableText(UNKNOWN_ENCODING)


def decode(data: bytes, declared: str | None = None) -> Decoded:
    """Decode bytes whose encoding we must discover, or raise :class:`UndecodableText`."""
    bom = bom_encoding(data)
    if bom is not None:
        name, skip = bom
        try:
            return Decoded(data[skip:].decode(name), name)
        except UnicodeDecodeError:
            raise UndecodableText(f"starts with a {name.upper()} byte-order mark but is not {name.upper()}") from None
    if declared:
        codec = _codec(declared)
        if codec in _WEB_LATIN1_LABELS:
            codec = "cp1252"
        if codec is not None:
            try:
                return Decoded(data.decode(codec), codec)
            except (UnicodeDecodeError, LookupError):
                pass
    if b"\x00" in data:
        utf16 = _utf16_reading(data)
        if utf16 is None:
            raise UndecodableText(BINARY, binary=True)
        return utf16
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    repaired = _repaired_utf8(data)
    if repaired is not None:
        return repaired
    try:
        code_page: Decoded | None
        code_page, implausible = _code_page_reading(data)
    except UndecodableText:
        code_page, implausible = None, 1.0
    if code_page is not None and implausible == 0:
        return code_page
    # UTF-16 without NUL bytes has no ASCII at all: no spaces, no line ends.
    ascii_spacing = data[:65536].count(b" ") + data[:65536].count(b"\n")
    if ascii_spacing < 0.01 * min(len(data), 65536):
        utf16 = _utf16_reading(data)
        if utf16 is not None:
            return utf16
    if code_page is None:
        raise UndecodableText(UNKNOWN_ENCODING)
    return code_page
