"""Checks a ClaimReview JSON-LD graph against the checked-in rules and schema.org's vocabulary.

``tests/fixtures/claimreview/rules.json`` lists what search engines require
or recommend for fact-check markup; ``tests/fixtures/schemaorg/
vocabulary-subset.json`` is schema.org's own list of the types a ClaimReview
uses and every property of theirs (from the schemaorg/schemaorg release
files). :func:`problems` returns one line per violation, so a test can
assert an empty list and show what is wrong when it is not.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

FIXTURES = Path(__file__).resolve().parent / "fixtures"
RULES = json.loads((FIXTURES / "claimreview" / "rules.json").read_text(encoding="utf-8"))
VOCAB = json.loads((FIXTURES / "schemaorg" / "vocabulary-subset.json").read_text(encoding="utf-8"))
_DATATYPES = {"Text", "URL", "Date", "DateTime", "Number", "Integer", "Boolean", "Time"}


def _supertypes(t: str) -> set[str]:
    out, todo = set(), [t]
    while todo:
        x = todo.pop()
        if x in out:
            continue
        out.add(x)
        todo.extend(VOCAB["types"].get(x, {}).get("subTypeOf", []))
    return out


def _is_url(v: Any) -> bool:
    return isinstance(v, str) and urlsplit(v).scheme in ("http", "https") and bool(urlsplit(v).netloc)


def _is_date(v: Any) -> bool:
    try:
        dt.date.fromisoformat(v)
    except (TypeError, ValueError):
        return False
    return True


def _fits_range(value: Any, ranges: list[str]) -> bool:
    if isinstance(value, dict):
        t = value.get("@type")
        return isinstance(t, str) and any(r in _supertypes(t) for r in ranges)
    if isinstance(value, bool):
        return "Boolean" in ranges
    if isinstance(value, (int, float)):
        return bool({"Number", "Integer"} & set(ranges)) or "Text" in ranges
    if isinstance(value, str):
        return bool({"Text", "URL", "Date", "DateTime"} & set(ranges)) or (
            _is_url(value) and bool(set(ranges) - _DATATYPES))  # a URL may name any Thing
    return False


def vocabulary_problems(node: Any, where: str = "$") -> list[str]:
    """Every property used must exist on the node's type (or a supertype) and take that kind of value."""
    out: list[str] = []
    if isinstance(node, list):
        for i, item in enumerate(node):
            out += vocabulary_problems(item, f"{where}[{i}]")
        return out
    if not isinstance(node, dict):
        return out
    t = node.get("@type")
    if t is not None:
        if t not in VOCAB["types"]:
            return [f"{where}: @type {t!r} is not a schema.org type in the vocabulary"]
        types = _supertypes(t)
        for key, value in node.items():
            if key.startswith("@"):
                continue
            prop = VOCAB["properties"].get(key)
            if prop is None or not types & set(prop["domainIncludes"]):
                out.append(f"{where}.{key}: not a schema.org property of {t}")
                continue
            if "supersededBy" in prop:
                out.append(f"{where}.{key}: superseded by {prop['supersededBy']}")
            for v in value if isinstance(value, list) else [value]:
                if not _fits_range(v, prop["rangeIncludes"]):
                    out.append(f"{where}.{key}: value {v!r} is not one of {prop['rangeIncludes']}")
    for key, value in node.items():
        if isinstance(value, (dict, list)):
            out += vocabulary_problems(value, f"{where}.{key}")
    return out


def _need(node: dict[str, Any], spec: dict[str, Any], where: str, numeric: bool = True) -> list[str]:
    out = []
    skip = set() if numeric else set(spec.get("numeric_only", []))
    for level in ("required", "recommended"):
        for key in spec.get(level, []):
            if key in skip:
                continue
            if node.get(key) in (None, "", []):
                out.append(f"{where}: {level} property {key!r} missing")
    return out


def review_problems(review: dict[str, Any], scale_numbers: set[str] | None = None,
                    where: str = "$") -> list[str]:
    """The rules of ``rules.json`` for one ClaimReview.

    ``scale_numbers``: the labels that have a number on the publisher's
    scale; a label without one ("Unproven") must carry no numeric rating.
    """
    types = RULES["types"]
    out = _need(review, types["ClaimReview"], where)
    if review.get("@type") != "ClaimReview":
        out.append(f"{where}: @type must be ClaimReview")
    if not _is_url(review.get("url")):
        out.append(f"{where}.url: not an absolute http(s) URL: {review.get('url')!r}")
    text = review.get("claimReviewed")
    limit = RULES["values"]["ClaimReview.claimReviewed"]["max_length"]
    if not isinstance(text, str) or not 0 < len(text) <= limit:
        out.append(f"{where}.claimReviewed: must be 1 to {limit} characters, is {len(text or '')}")
    if "datePublished" in review and not _is_date(review["datePublished"]):
        out.append(f"{where}.datePublished: not an ISO date")
    author = review.get("author") or {}
    if author.get("@type") not in types["ClaimReview.author"]["types"]:
        out.append(f"{where}.author: must be an Organization or Person")
    out += _need(author, types["ClaimReview.author"], f"{where}.author")
    if author.get("url") is not None and not _is_url(author["url"]):
        out.append(f"{where}.author.url: not a URL")
    rating = review.get("reviewRating") or {}
    label = rating.get("alternateName")
    numeric = scale_numbers is None or label in scale_numbers
    out += _need(rating, types["Rating"], f"{where}.reviewRating", numeric)
    if numeric:
        best, worst, value = rating.get("bestRating"), rating.get("worstRating"), rating.get("ratingValue")
        if all(isinstance(x, (int, float)) for x in (best, worst, value)):
            if not worst >= 1 or not best > worst or not worst <= value <= best:
                out.append(f"{where}.reviewRating: need 1 <= worstRating <= ratingValue <= bestRating, "
                           f"worst < best (got {worst}, {value}, {best})")
    elif "ratingValue" in rating:
        out.append(f"{where}.reviewRating: {label!r} has no number on the scale but ratingValue is given")
    item = review.get("itemReviewed") or {}
    if item.get("@type") != "Claim":
        out.append(f"{where}.itemReviewed: must be a Claim")
    out += _need(item, types["Claim"], f"{where}.itemReviewed")
    claim_author = item.get("author") or {}
    if claim_author and claim_author.get("@type") not in types["Claim.author"]["types"]:
        out.append(f"{where}.itemReviewed.author: must be an Organization or Person")
    if claim_author:
        out += _need(claim_author, types["Claim.author"], f"{where}.itemReviewed.author")
    if "datePublished" in item and not _is_date(item["datePublished"]):
        out.append(f"{where}.itemReviewed.datePublished: not an ISO date")
    appearances = item.get("appearance")
    for i, a in enumerate(appearances if isinstance(appearances, list) else [appearances]):
        if a is None:
            continue
        url = a if isinstance(a, str) else a.get("url")
        if not _is_url(url):
            out.append(f"{where}.itemReviewed.appearance[{i}]: needs a URL")
    return out + vocabulary_problems(review, where)


def problems(data: dict[str, Any], scale_numbers: set[str] | None = None) -> list[str]:
    """Every rule violation of a ``{"@context", "@graph": [ClaimReview...]}`` export."""
    out = []
    if data.get("@context") not in ("https://schema.org", "https://schema.org/"):
        out.append("$.@context: must be https://schema.org")
    for i, review in enumerate(data.get("@graph") or []):
        out += review_problems(review, scale_numbers, f"$.@graph[{i}]")
    return out
