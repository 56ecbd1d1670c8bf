"""The offline claim assistant: suggested claims, attributions and sources.

``suggest(text)`` returns the JSON object of ``vwb suggest --json`` (see
``interfaces.md``). Everything is rule based and runs offline: sentence
boundaries from pysbd, fuzzy name matching from rapidfuzz, and word lists and
rules in the ``assist_*`` modules. No model is downloaded or loaded, results
are deterministic, and a 1,000-word article takes a few tens of
milliseconds (``benchmarks/bench_assist.py``).

The modules, in the order the work is done:

- ``assist_text``: sentences, tokens, quotations and dates, with offsets;
- ``assist_attribution``: reported speech in each sentence;
- ``assist_resolve``: pronouns, short names and "the official" resolved to
  the fullest name the document gives;
- ``assist_claims``: check-worthy sentences, marked fact/opinion/prediction;
- ``assist_sources``: distinct speakers, matched to existing sources;
- ``assist_names`` and ``assist_lexicon``: name parsing and word lists.

Offsets are Unicode code points into ``text`` as given, end exclusive; pass
a document's stored (canonical) text so that they agree with its anchors.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from workbench.assist.claims import claims_in
from workbench.assist.model import Attribution, ClaimSuggestion, SourceSuggestion
from workbench.assist.resolve import resolve_attributions
from workbench.assist.sources import suggest_sources
from workbench.assist.text import analyse

__all__ = [
    "Attribution",
    "ClaimSuggestion",
    "SourceSuggestion",
    "find_attributions",
    "find_claims",
    "suggest",
    "suggest_sources",
]

_NO_SOURCES: Mapping[str, str] = MappingProxyType({})


def find_attributions(text: str) -> list[Attribution]:
    """Who is reported as saying what, in text order."""
    return resolve_attributions(analyse(text))


def find_claims(text: str) -> list[ClaimSuggestion]:
    """Check-worthy sentences, in text order, each with its reasons."""
    doc = analyse(text)
    return claims_in(doc, resolve_attributions(doc))


def attribution_json(a: Attribution) -> dict[str, Any]:
    return {
        "kind": "attribution", "start": a.start, "end": a.end, "text": a.text,
        "speaker": a.speaker, "speaker_role": a.speaker_role, "speaker_kind": a.speaker_kind,
        "verb": a.verb, "quote": a.quote, "stance_hint": a.stance_hint, "date": a.date,
        "quote_start": a.quote_start, "quote_end": a.quote_end, "via": a.via,
    }


def claim_json(c: ClaimSuggestion) -> dict[str, Any]:
    return {
        "kind": "claim", "start": c.start, "end": c.end, "text": c.text,
        "reasons": list(c.reasons), "score": c.score, "statement": c.kind_of_statement,
    }


def source_json(s: SourceSuggestion) -> dict[str, Any]:
    return {
        "name": s.name, "kind": s.kind, "role": s.role,
        "mentions": [list(m) for m in s.mentions],
        "existing_source_id": s.existing_source_id, "confidential": s.confidential,
    }


def suggest(text: str, document_id: str | None = None,
            existing_sources: Mapping[str, str] = _NO_SOURCES) -> dict[str, Any]:
    """Suggestions for one document as the ``vwb suggest --json`` object.

    ``existing_sources`` maps the project's source ids to their names, so
    that a speaker already in the project is linked, not created again. The
    result has ``document``, ``suggestions`` (attributions and claims ordered
    by start; an attribution before a claim at the same start) and the extra
    key ``sources`` (speakers to create or link).
    """
    doc = analyse(text)
    attrs = resolve_attributions(doc)
    claims = claims_in(doc, attrs)
    items = [(a.start, 0, a.end, attribution_json(a)) for a in attrs]
    items += [(c.start, 1, c.end, claim_json(c)) for c in claims]
    items.sort(key=lambda x: x[:3])
    return {
        "document": document_id,
        "suggestions": [x[3] for x in items],
        "sources": [source_json(s) for s in suggest_sources(attrs, existing_sources)],
    }
