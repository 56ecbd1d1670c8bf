"""Sources to suggest: each distinct speaker once, linked to the project's
existing sources when it is already there under another form of its name.

Creating "Peskov" next to an existing "Kremlin spokesman Dmitry Peskov"
would split one source's evidence in two and double-count it in the
confidence model, so matching leans on every clue a name offers: the same
person's surname (with transliteration and family-name-first order), a role
("the Kremlin spokesman"), an acronym ("JCS" for "Joint Chiefs of Staff"),
and fuzzy token matching (rapidfuzz) for spelling variants.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz

from workbench.assist import lexicon as L
from workbench.assist.model import Attribution, SourceSuggestion
from workbench.assist.names import Mention, acronym, name_tokens, parse_speaker, singular
from workbench.assist.resolve import same_person
from workbench.assist.text import find_quotes, tokenize


@dataclass
class _Group:
    name: str
    kind: str
    role: str | None
    mentions: list[tuple[int, int]] = field(default_factory=list)


@lru_cache(maxsize=4096)
def _norm(s: str) -> str:
    return " ".join(t for t in name_tokens(s) if t not in ("the", "a", "an"))


@lru_cache(maxsize=4096)
def _parse_name(s: str) -> Mention | None:
    """Parsed form of a name (cached: names repeat; do not mutate the result)."""
    toks = tokenize(s, 0, len(s), find_quotes(s, 0, len(s)))
    return parse_speaker(s, toks)


def _is_plural_phrase(name: str) -> bool:
    words = name.split()
    for n, w in enumerate(words):
        if n and w.lower() in L.PREPOSITIONS:
            words = words[:n]
            break
    last = words[-1].lower() if words else ""
    return singular(last) != last and last not in ("news", "times", "forces")


def _org_match(a: str, b: str) -> float:
    """Similarity of two organisation names, 0..100."""
    na, nb = _norm(a), _norm(b)
    if not na or not nb:
        return 0.0
    if na == nb:
        return 100.0
    if a.replace(".", "").isupper() and acronym(b) == a.replace(".", "") and len(a) >= 2:
        return 95.0
    if b.replace(".", "").isupper() and acronym(a) == b.replace(".", "") and len(b) >= 2:
        return 95.0
    ta, tb = na.split(), nb.split()
    short, long_ = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    if long_[-len(short):] == short and any(len(t) > 3 for t in short) and len(short) >= 1:
        # "Commission" ~ "European Commission"; but not a bare generic noun
        if len(short) > 1 or singular(short[0]) not in L.ORG_NOUNS:
            return 92.0
    score = fuzz.token_sort_ratio(na, nb)
    return float(score) if score >= 90 else 0.0


def _match_score(g: _Group, other_name: str, other: Mention | None) -> float:
    """How well group ``g`` matches a name (another group or an existing
    source); 0 when they are different sources."""
    if _norm(g.name) == _norm(other_name):
        return 100.0
    o_kind = other.kind if other else None
    o_name = (other.name if other and other.name else other_name)
    if g.kind == "person" and g.name and (o_kind in (None, "person") or (other and other.weak_kind)):
        if _parse_name(g.name) is not None and (_looks_named(g.name)) and _looks_named(o_name):
            if same_person(g.name, o_name):
                return 90.0 + min(len(name_tokens(o_name)), 5)
        # a role without a name: "the Kremlin spokesman" ~ "Kremlin spokesman Dmitry Peskov"
        if not _looks_named(g.name) and other is not None and other.role:
            r = fuzz.token_set_ratio(_norm(g.name), _norm(other.role))
            if r >= 90 and fuzz.token_sort_ratio(_norm(g.name), _norm(other.role)) >= 70:
                return 85.0
        if _looks_named(g.name) and g.role and other is not None and not other.name and other.role:
            if fuzz.token_sort_ratio(_norm(g.role), _norm(other.role)) >= 90:
                return 85.0
        return 0.0
    if g.kind in ("organisation", "outlet") and o_kind in (None, "organisation", "outlet"):
        return _org_match(g.name, o_name)
    if g.kind == "anonymous" and o_kind in (None, "anonymous"):
        return 100.0 if _norm(g.name) == _norm(o_name) else 0.0
    return 0.0


@lru_cache(maxsize=4096)
def _looks_named(name: str) -> bool:
    m = _parse_name(name)
    return bool(m and m.name and m.kind == "person")


def _source_kind(g: _Group) -> str:
    if g.kind == "anonymous":
        return "other" if _is_plural_phrase(g.name) else "person"
    return g.kind


def suggest_sources(attrs: list[Attribution], existing_sources: Mapping[str, str]) -> list[SourceSuggestion]:
    """Each distinct speaker of ``attrs`` once (plus outlets that relayed a
    statement: "told the BBC"), with ``existing_source_id`` set when one of
    ``existing_sources`` (id -> name) is the same source."""
    groups: list[_Group] = []
    by_name: dict[tuple[str, str], _Group] = {}

    def add(name: str, kind: str, role: str | None, span: tuple[int, int] | None) -> None:
        g_new = _Group(name, kind, role)
        best, best_score = by_name.get((name, kind)), 100.0
        if best is not None:
            if span is not None and span not in best.mentions:
                best.mentions.append(span)
            best.role = best.role or role
            return
        best_score = 0.0
        for g in groups:
            if g.kind != kind and not {g.kind, kind} <= {"organisation", "outlet"}:
                continue
            score = max(_match_score(g_new, g.name, _parse_name(g.name)),
                        _match_score(g, name, _parse_name(name)))
            if score > best_score:
                best, best_score = g, score
        if best is None or best_score < 85:
            best = g_new
            groups.append(best)
        elif len(name) > len(best.name) and kind != "anonymous" and _looks_named(name) >= _looks_named(best.name):
            best.name = name
        best.role = best.role or role
        by_name[(name, kind)] = best
        if span is not None and span not in best.mentions:
            best.mentions.append(span)

    for a in attrs:
        span = (a.speaker_start, a.speaker_end) if a.speaker_start >= 0 else None
        add(a.speaker, a.speaker_kind, a.speaker_role, span)
        if a.via:
            at = a.text.find(a.via)
            vspan = (a.start + at, a.start + at + len(a.via)) if at >= 0 else None
            add(a.via, "outlet", None, vspan)

    parsed_existing = [(sid, name, _parse_name(name)) for sid, name in existing_sources.items()]
    out: list[SourceSuggestion] = []
    for g in groups:
        best_id, best_score = None, 0.0
        for sid, name, m in parsed_existing:
            score = _match_score(g, name, m)
            if score > best_score:
                best_id, best_score = sid, score
        out.append(SourceSuggestion(
            name=g.name, kind=_source_kind(g), role=g.role,
            mentions=tuple(sorted(g.mentions)),
            existing_source_id=best_id if best_score >= 85 else None,
            confidential=g.kind == "anonymous"))
    return out
